/* SPDX-License-Identifier: MIT */
/* Boot entry (docs/guest-kernel.md, "Boot"): a0 = hart id, a1 = DTB,
 * satp = 0, S-mode (VS under the hypervisor). */
#include "cpu_offsets.h"

	.section .text.entry, "ax"
	.globl _start
_start:
	csrw	sie, zero
	csrw	sscratch, zero
	csrw	satp, zero
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
