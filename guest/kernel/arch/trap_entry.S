/* SPDX-License-Identifier: MIT */
/* Trap entry. sscratch is 0 while the vCPU runs kernel code and holds the
 * per-vCPU pointer (kernel tp) while it runs user code, so one csrrw tells
 * the two apart (as Linux does). */
#include "arch/trapframe.h"
#include "arch/cpu_offsets.h"

.macro SAVE_GPRS base
	sd	x1, TF_REG(1)(\base)
	sd	x3, TF_REG(3)(\base)
	sd	x6, TF_REG(6)(\base)
	sd	x7, TF_REG(7)(\base)
	sd	x8, TF_REG(8)(\base)
	sd	x9, TF_REG(9)(\base)
	sd	x10, TF_REG(10)(\base)
	sd	x11, TF_REG(11)(\base)
	sd	x12, TF_REG(12)(\base)
	sd	x13, TF_REG(13)(\base)
	sd	x14, TF_REG(14)(\base)
	sd	x15, TF_REG(15)(\base)
	sd	x16, TF_REG(16)(\base)
	sd	x17, TF_REG(17)(\base)
	sd	x18, TF_REG(18)(\base)
	sd	x19, TF_REG(19)(\base)
	sd	x20, TF_REG(20)(\base)
	sd	x21, TF_REG(21)(\base)
	sd	x22, TF_REG(22)(\base)
	sd	x23, TF_REG(23)(\base)
	sd	x24, TF_REG(24)(\base)
	sd	x25, TF_REG(25)(\base)
	sd	x26, TF_REG(26)(\base)
	sd	x27, TF_REG(27)(\base)
	sd	x28, TF_REG(28)(\base)
	sd	x29, TF_REG(29)(\base)
	sd	x30, TF_REG(30)(\base)
	sd	x31, TF_REG(31)(\base)
.endm

/* restores every GPR except sp (x2) and the base register */
.macro LOAD_GPRS base
	ld	x1, TF_REG(1)(\base)
	ld	x3, TF_REG(3)(\base)
	ld	x4, TF_REG(4)(\base)
	ld	x5, TF_REG(5)(\base)
	ld	x6, TF_REG(6)(\base)
	ld	x7, TF_REG(7)(\base)
	ld	x8, TF_REG(8)(\base)
	ld	x9, TF_REG(9)(\base)
	ld	x11, TF_REG(11)(\base)
	ld	x12, TF_REG(12)(\base)
	ld	x13, TF_REG(13)(\base)
	ld	x14, TF_REG(14)(\base)
	ld	x15, TF_REG(15)(\base)
	ld	x16, TF_REG(16)(\base)
	ld	x17, TF_REG(17)(\base)
	ld	x18, TF_REG(18)(\base)
	ld	x19, TF_REG(19)(\base)
	ld	x20, TF_REG(20)(\base)
	ld	x21, TF_REG(21)(\base)
	ld	x22, TF_REG(22)(\base)
	ld	x23, TF_REG(23)(\base)
	ld	x24, TF_REG(24)(\base)
	ld	x25, TF_REG(25)(\base)
	ld	x26, TF_REG(26)(\base)
	ld	x27, TF_REG(27)(\base)
	ld	x28, TF_REG(28)(\base)
	ld	x29, TF_REG(29)(\base)
	ld	x30, TF_REG(30)(\base)
	ld	x31, TF_REG(31)(\base)
.endm

	.section .text
	.balign 4
	.globl trap_entry
trap_entry:
	csrrw	tp, sscratch, tp
	bnez	tp, trap_from_user

	/* from S: tp is 0 now, the kernel tp sits in sscratch */
	csrr	tp, sscratch
	csrw	sscratch, zero
	addi	sp, sp, -TF_SIZE
	SAVE_GPRS sp
	sd	x4, TF_REG(4)(sp)
	sd	x5, TF_REG(5)(sp)
	addi	t0, sp, TF_SIZE
	sd	t0, TF_REG(2)(sp)
	csrr	t0, sepc
	sd	t0, TF_EPC(sp)
	csrr	t0, sstatus
	sd	t0, TF_SSTATUS(sp)
	csrr	t0, scause
	sd	t0, TF_SCAUSE(sp)
	csrr	t0, stval
	sd	t0, TF_STVAL(sp)
	mv	a0, sp
	call	trap_kernel
	ld	t0, TF_EPC(sp)
	csrw	sepc, t0
	ld	t0, TF_SSTATUS(sp)
	csrw	sstatus, t0
	mv	x10, sp
	LOAD_GPRS x10
	ld	x10, TF_REG(10)(x10)
	addi	sp, sp, TF_SIZE
	sret

trap_from_user:
	/* tp = per-vCPU area, sscratch = user tp; save into the task's frame */
	sd	t0, CPU_SCRATCH(tp)
	ld	t0, CPU_UFRAME(tp)
	sd	sp, TF_REG(2)(t0)
	SAVE_GPRS t0
	ld	t1, CPU_SCRATCH(tp)
	sd	t1, TF_REG(5)(t0)
	csrr	t1, sscratch
	sd	t1, TF_REG(4)(t0)
	csrw	sscratch, zero
	csrr	t1, sepc
	sd	t1, TF_EPC(t0)
	csrr	t1, sstatus
	sd	t1, TF_SSTATUS(t0)
	csrr	t1, scause
	sd	t1, TF_SCAUSE(t0)
	csrr	t1, stval
	sd	t1, TF_STVAL(t0)
	/* resume the kernel where uswitch() left it: uswitch returns */
	ld	ra, CPU_KCTX+0(tp)
	ld	sp, CPU_KCTX+8(tp)
	ld	s0, CPU_KCTX+16(tp)
	ld	s1, CPU_KCTX+24(tp)
	ld	s2, CPU_KCTX+32(tp)
	ld	s3, CPU_KCTX+40(tp)
	ld	s4, CPU_KCTX+48(tp)
	ld	s5, CPU_KCTX+56(tp)
	ld	s6, CPU_KCTX+64(tp)
	ld	s7, CPU_KCTX+72(tp)
	ld	s8, CPU_KCTX+80(tp)
	ld	s9, CPU_KCTX+88(tp)
	ld	s10, CPU_KCTX+96(tp)
	ld	s11, CPU_KCTX+104(tp)
	ld	gp, CPU_KCTX+112(tp)
	ret

/* void uswitch(struct trapframe *tf): runs the user context in tf until the
 * next trap from U, then returns. Called with sstatus.SIE = 0. */
	.globl uswitch
uswitch:
	sd	ra, CPU_KCTX+0(tp)
	sd	sp, CPU_KCTX+8(tp)
	sd	s0, CPU_KCTX+16(tp)
	sd	s1, CPU_KCTX+24(tp)
	sd	s2, CPU_KCTX+32(tp)
	sd	s3, CPU_KCTX+40(tp)
	sd	s4, CPU_KCTX+48(tp)
	sd	s5, CPU_KCTX+56(tp)
	sd	s6, CPU_KCTX+64(tp)
	sd	s7, CPU_KCTX+72(tp)
	sd	s8, CPU_KCTX+80(tp)
	sd	s9, CPU_KCTX+88(tp)
	sd	s10, CPU_KCTX+96(tp)
	sd	s11, CPU_KCTX+104(tp)
	sd	gp, CPU_KCTX+112(tp)
	sd	a0, CPU_UFRAME(tp)
	ld	t0, TF_EPC(a0)
	csrw	sepc, t0
	ld	t0, TF_SSTATUS(a0)
	csrw	sstatus, t0
	csrw	sscratch, tp
	ld	sp, TF_REG(2)(a0)
	LOAD_GPRS a0
	ld	a0, TF_REG(10)(a0)
	sret
