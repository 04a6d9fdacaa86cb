/* SPDX-License-Identifier: MIT */
/*
 * One QEMU semihosting call (RISC-V semihosting: the ARM calls behind a
 * marked ebreak): a0 operation, a1 argument block; result in a0. The three
 * instructions must be uncompressed and in one page, hence the alignment.
 * Without semihosting the ebreak traps to the hypervisor (trace_export.c
 * expects that fault and skips the ebreak).
 */
	.section .text.semihost_call, "ax"
	.balign 16
	.globl semihost_call
semihost_call:
	.option push
	.option norvc
	slli x0, x0, 0x1f
	ebreak
	srai x0, x0, 7
	ret
	.option pop
