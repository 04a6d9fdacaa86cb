/* SPDX-License-Identifier: MIT */
/* Secondary-hart entry points for hart_start (and a restarted hart 0).
 * Only a0 (hart id) and a1 (opaque) are defined on entry: record them and
 * the CSRs the HSM spec fixes (satp = 0, sstatus.SIE = 0) before touching
 * anything, then give the hart its own stack, trap vector and id. Two
 * entry points so a test can tell which start address was used. */
#include "smp_rt.h"

	.macro SMP_ENTRY n
	li	t0, SMP_MAX_CPUS
	bgeu	a0, t0, 9f
	lla	t1, smp_entry_rec
	slli	t2, a0, SMP_REC_SHIFT
	add	t1, t1, t2
	sd	a0, SMP_REC_A0(t1)
	sd	a1, SMP_REC_A1(t1)
	csrr	t2, satp
	sd	t2, SMP_REC_SATP(t1)
	csrr	t2, sstatus
	sd	t2, SMP_REC_SSTATUS(t1)
	csrr	t2, sie
	sd	t2, SMP_REC_SIE(t1)
	li	t2, \n
	sd	t2, SMP_REC_ENTRY(t1)
	csrw	sscratch, a0
	lla	sp, smp_stacks
	addi	t2, a0, 1
	li	t3, SMP_STACK_SIZE
	mul	t2, t2, t3
	add	sp, sp, t2
	lla	tp, tg_tls_base
	lla	t2, tg_trap_entry
	csrw	stvec, t2
	/* picolibc's formatting code may touch FP registers */
	li	t2, 0x2000
	csrs	sstatus, t2
	fence	rw, rw
	ld	t2, SMP_REC_COUNT(t1)
	addi	t2, t2, 1
	sd	t2, SMP_REC_COUNT(t1)
	fence	rw, rw
	call	smp_secondary_main
9:	wfi
	j	9b
	.endm

	.text
	.balign 4
	.globl smp_start1
smp_start1:
	SMP_ENTRY 1

	.balign 4
	.globl smp_start2
smp_start2:
	SMP_ENTRY 2

	.bss
	.balign 16
smp_stacks:
	.zero	SMP_MAX_CPUS * SMP_STACK_SIZE
