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

	.bss
	.balign 16
	.globl hyp_stacks
hyp_stacks:
	.space HYP_STACK_SIZE * HYP_MAX_HARTS
