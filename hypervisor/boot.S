/* SPDX-License-Identifier: MIT */
/* Entry from OpenSBI fw_dynamic: a0 = hartid, a1 = host DTB, S-mode, satp = 0. */
#include "hart.h"

	.section .text.entry, "ax"
	.globl _start
_start:
	csrw	sie, zero
	csrw	sscratch, zero
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

	.bss
	.balign 16
	.globl hyp_stacks
hyp_stacks:
	.space HYP_STACK_SIZE * HYP_MAX_HARTS
