/* SPDX-License-Identifier: MIT */
/* Test-guest entry and trap vector. Boot protocol: a0 = hart (vCPU) id,
 * a1 = DTB address, S-mode (VS under the hypervisor), satp = 0. */
#include "tg_frame.h"

	.section .text.entry, "ax"
	.globl _start
_start:
	/* Record the entry state before touching anything: the boot
	 * protocol test checks it (all GPRs but a0/a1 zero, satp 0, ...). */
	csrw	sscratch, t0
	lla	t0, tg_boot_state
	.irp	n, 1,2,3,4,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	sd	x\n, (\n * 8)(t0)
	.endr
	csrr	t1, sscratch
	sd	t1, (5 * 8)(t0)
	csrr	t1, satp
	sd	t1, (TG_BOOT_SATP * 8)(t0)
	csrr	t1, sstatus
	sd	t1, (TG_BOOT_SSTATUS * 8)(t0)
	csrr	t1, sie
	sd	t1, (TG_BOOT_SIE * 8)(t0)
	csrr	t1, sip
	sd	t1, (TG_BOOT_SIP * 8)(t0)
	lla	t1, _start
	sd	t1, (TG_BOOT_PC * 8)(t0)
	csrw	sscratch, zero

	/* Interrupts off until a test asks for them. */
	csrci	sstatus, 2
	csrw	sie, zero
	lla	sp, tg_stack_top
	lla	tp, tg_tls_base
	lla	t0, tg_bss_start
	lla	t1, tg_bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:	lla	t0, tg_trap_entry
	csrw	stvec, t0
	/* a0/a1 are untouched so far */
	call	tg_start
3:	wfi
	j	3b

	/* Saves every GPR in a struct tg_frame on the current stack, calls
	 * tg_trap(frame), then restores sepc/sstatus and the GPRs from the
	 * frame, so a handler can skip an instruction or change registers. */
	.text
	.balign 4
	.globl tg_trap_entry
tg_trap_entry:
	addi	sp, sp, -TG_FRAME_SIZE
	sd	x1, (1 * 8)(sp)
	.irp	n, 3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	sd	x\n, (\n * 8)(sp)
	.endr
	addi	t0, sp, TG_FRAME_SIZE
	sd	t0, (2 * 8)(sp)
	csrr	t0, sepc
	sd	t0, TG_FRAME_SEPC(sp)
	csrr	t0, sstatus
	sd	t0, TG_FRAME_SSTATUS(sp)
	csrr	t0, scause
	sd	t0, TG_FRAME_SCAUSE(sp)
	csrr	t0, stval
	sd	t0, TG_FRAME_STVAL(sp)
	mv	a0, sp
	call	tg_trap
	ld	t0, TG_FRAME_SEPC(sp)
	csrw	sepc, t0
	ld	t0, TG_FRAME_SSTATUS(sp)
	csrw	sstatus, t0
	ld	x1, (1 * 8)(sp)
	.irp	n, 3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	ld	x\n, (\n * 8)(sp)
	.endr
	addi	sp, sp, TG_FRAME_SIZE
	sret

	.data
	.balign 8
	.globl tg_boot_state
tg_boot_state:
	.zero	(TG_BOOT_NR * 8)
