/* SPDX-License-Identifier: MIT */
/* Entry from OpenSBI fw_dynamic: a0 = hartid, a1 = host DTB, S-mode, satp = 0. */
#include "hart.h"

	.section .text.entry, "ax"
	.globl _start
_start:
	csrw	sie, zero
	csrw	sscratch, zero
	/* OpenSBI 1.1 can let a hart we start reach its previous next-address
	 * (this entry) before our start address: once booted, such a hart
	 * finds its slot by hartid and takes the secondary path. */
	la	t0, hyp_booted
	ld	t0, 0(t0)
	beqz	t0, 5f
	la	t1, hyp_harts
	li	t2, HYP_MAX_HARTS
	li	a1, 0
6:	ld	t3, 0(t1)		/* struct hart.hartid */
	beq	t3, a0, _secondary_start
	addi	t1, t1, HART_STRUCT_SIZE
	addi	a1, a1, 1
	blt	a1, t2, 6b
7:	wfi				/* not a hart we know: park it */
	j	7b
5:
	/* boot hart takes hart slot 0 */
	la	tp, hyp_harts
	la	sp, hyp_stacks + HYP_STACK_SIZE
	/* clear bss (preserving a0/a1) */
	la	t0, _bss_start
	la	t1, _bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:	la	tp, hyp_harts
	la	t0, hyp_trap_entry
	csrw	stvec, t0
	call	hyp_main
3:	wfi
	j	3b

	/* secondary harts, started by hart_start: a0 = hartid, a1 = index */
	.globl _secondary_start
_secondary_start:
	csrw	sie, zero
	csrw	sscratch, zero
	la	tp, hyp_harts
	li	t0, HART_STRUCT_SIZE
	mul	t0, t0, a1
	add	tp, tp, t0
	la	sp, hyp_stacks
	addi	t0, a1, 1
	li	t1, HYP_STACK_SIZE
	mul	t0, t0, t1
	add	sp, sp, t0
	la	t0, hyp_trap_entry
	csrw	stvec, t0
	call	hyp_secondary_main
4:	wfi
	j	4b

	.data
	.balign 8
	.globl hyp_booted
hyp_booted:
	.dword 0

	.bss
	.balign 16
	.globl hyp_stacks
hyp_stacks:
	.space HYP_STACK_SIZE * HYP_MAX_HARTS
