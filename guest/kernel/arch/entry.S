/* SPDX-License-Identifier: MIT */
/* Boot entry (docs/guest-kernel.md, "Boot"): a0 = hart id, a1 = DTB,
 * satp = 0, S-mode (VS under the hypervisor). */
#include "arch/cpu_offsets.h"
#define GK_MAX_CPUS 8 /* bootinfo.h */

	.section .text.entry, "ax"
	.globl _start
_start:
	csrw	sie, zero
	csrw	sscratch, zero
	csrw	satp, zero
	/* the first hart here boots; another one arriving at the image start
	 * (OpenSBI under heavy host load has been seen to do that instead of
	 * using the hart_start address) joins as a secondary */
	la	t0, boot_claim
	li	t1, 1
	amoswap.w.aqrl t1, t1, (t0)
	bnez	t1, late_hart
	la	sp, boot_stack_top
	mv	tp, zero
	/* clear .bss; the loader may not have */
	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:	call	kmain
3:	wfi
	j	3b

/* a0 = hart id: wait for the boot hart to list this hart in
 * smp_hart_table (16-byte entries: hart id, struct cpu *), then run as the
 * secondary it was meant to be */
late_hart:
	la	t0, smp_hart_table
	li	t2, GK_MAX_CPUS
	mv	t3, zero
1:	slli	t4, t3, 4
	add	t4, t4, t0
	ld	t5, 8(t4)
	beqz	t5, 2f
	ld	t6, 0(t4)
	bne	t6, a0, 2f
	fence	r, rw
	mv	a1, t5
	j	secondary_entry
2:	addi	t3, t3, 1
	blt	t3, t2, 1b
	mv	t3, zero
	j	1b

	.section .data
	.balign 4
boot_claim:
	.word	0

	.section .bss
	.balign 16
boot_stack:
	.space	16384
	.globl boot_stack_top
boot_stack_top:

/* Secondary vCPUs (SBI HSM hart_start): a0 = hart id, a1 = struct cpu *. */
	.section .text
	.globl secondary_entry
secondary_entry:
	csrw	sie, zero
	csrw	sscratch, zero
	mv	tp, a1
	ld	sp, CPU_STACK_TOP(tp)
	mv	a0, tp
	call	secondary_main
1:	wfi
	j	1b
