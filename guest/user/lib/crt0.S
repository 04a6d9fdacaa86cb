/* SPDX-License-Identifier: MIT */
/* User entry: a0 = argc, a1 = argv, sp 16-aligned (set by the kernel). */
	.section .text.entry, "ax"
	.globl _start
_start:
	mv	fp, zero
	call	main
	call	exit
1:	j	1b
