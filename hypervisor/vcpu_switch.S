/* SPDX-License-Identifier: MIT */
/* World switch between the hypervisor and a guest vCPU.
 * vcpu_switch_to(v) saves the hypervisor's callee-saved state in v, enters
 * the guest, and returns when the guest traps to HS (vcpu_exit_entry).
 * Both halves are straight-line code in 4-byte instructions (norvc), so
 * the hypervisor instructions around a guest stint can be counted from the
 * labels (vcpu_switch_cost in vcpu.c): keep them so. */
#include "vcpu_regs.h"

#define GX(n) VCPU_GUEST_X(n)

	.option push
	.option norvc
	.text
	.globl vcpu_switch_to
	.balign 4
vcpu_switch_to:
	sd	ra, VCPU_HOST_RA(a0)
	sd	sp, VCPU_HOST_SP(a0)
	sd	gp, VCPU_HOST_GP(a0)
	sd	tp, VCPU_HOST_TP(a0)
	sd	s0, VCPU_HOST_S(0)(a0)
	sd	s1, VCPU_HOST_S(1)(a0)
	sd	s2, VCPU_HOST_S(2)(a0)
	sd	s3, VCPU_HOST_S(3)(a0)
	sd	s4, VCPU_HOST_S(4)(a0)
	sd	s5, VCPU_HOST_S(5)(a0)
	sd	s6, VCPU_HOST_S(6)(a0)
	sd	s7, VCPU_HOST_S(7)(a0)
	sd	s8, VCPU_HOST_S(8)(a0)
	sd	s9, VCPU_HOST_S(9)(a0)
	sd	s10, VCPU_HOST_S(10)(a0)
	sd	s11, VCPU_HOST_S(11)(a0)

	ld	t0, VCPU_GUEST_SSTATUS(a0)
	ld	t1, VCPU_GUEST_HSTATUS(a0)
	ld	t2, VCPU_GUEST_SEPC(a0)
	la	t3, vcpu_exit_entry
	csrrw	t0, sstatus, t0
	sd	t0, VCPU_HOST_SSTATUS(a0)
	csrrw	t1, hstatus, t1
	sd	t1, VCPU_HOST_HSTATUS(a0)
	csrrw	t3, stvec, t3
	sd	t3, VCPU_HOST_STVEC(a0)
	csrrw	t4, sscratch, a0
	sd	t4, VCPU_HOST_SSCRATCH(a0)
	csrw	sepc, t2

	ld	ra, GX(1)(a0)
	ld	sp, GX(2)(a0)
	ld	gp, GX(3)(a0)
	ld	tp, GX(4)(a0)
	ld	t0, GX(5)(a0)
	ld	t1, GX(6)(a0)
	ld	t2, GX(7)(a0)
	ld	s0, GX(8)(a0)
	ld	s1, GX(9)(a0)
	ld	a1, GX(11)(a0)
	ld	a2, GX(12)(a0)
	ld	a3, GX(13)(a0)
	ld	a4, GX(14)(a0)
	ld	a5, GX(15)(a0)
	ld	a6, GX(16)(a0)
	ld	a7, GX(17)(a0)
	ld	s2, GX(18)(a0)
	ld	s3, GX(19)(a0)
	ld	s4, GX(20)(a0)
	ld	s5, GX(21)(a0)
	ld	s6, GX(22)(a0)
	ld	s7, GX(23)(a0)
	ld	s8, GX(24)(a0)
	ld	s9, GX(25)(a0)
	ld	s10, GX(26)(a0)
	ld	s11, GX(27)(a0)
	ld	t3, GX(28)(a0)
	ld	t4, GX(29)(a0)
	ld	t5, GX(30)(a0)
	ld	t6, GX(31)(a0)
	ld	a0, GX(10)(a0)
	sret
	.globl vcpu_switch_in_end
vcpu_switch_in_end:

	/* stvec while a guest runs: every guest trap to HS lands here */
	.globl vcpu_exit_entry
	.balign 4
vcpu_exit_entry:
	csrrw	a0, sscratch, a0
	sd	ra, GX(1)(a0)
	sd	sp, GX(2)(a0)
	sd	gp, GX(3)(a0)
	sd	tp, GX(4)(a0)
	sd	t0, GX(5)(a0)
	sd	t1, GX(6)(a0)
	sd	t2, GX(7)(a0)
	sd	s0, GX(8)(a0)
	sd	s1, GX(9)(a0)
	sd	a1, GX(11)(a0)
	sd	a2, GX(12)(a0)
	sd	a3, GX(13)(a0)
	sd	a4, GX(14)(a0)
	sd	a5, GX(15)(a0)
	sd	a6, GX(16)(a0)
	sd	a7, GX(17)(a0)
	sd	s2, GX(18)(a0)
	sd	s3, GX(19)(a0)
	sd	s4, GX(20)(a0)
	sd	s5, GX(21)(a0)
	sd	s6, GX(22)(a0)
	sd	s7, GX(23)(a0)
	sd	s8, GX(24)(a0)
	sd	s9, GX(25)(a0)
	sd	s10, GX(26)(a0)
	sd	s11, GX(27)(a0)
	sd	t3, GX(28)(a0)
	sd	t4, GX(29)(a0)
	sd	t5, GX(30)(a0)
	sd	t6, GX(31)(a0)
	csrr	t0, sscratch
	sd	t0, GX(10)(a0)
	csrr	t0, sepc
	sd	t0, VCPU_GUEST_SEPC(a0)

	ld	t1, VCPU_HOST_SSTATUS(a0)
	ld	t2, VCPU_HOST_HSTATUS(a0)
	ld	t3, VCPU_HOST_STVEC(a0)
	ld	t4, VCPU_HOST_SSCRATCH(a0)
	csrrw	t1, sstatus, t1
	sd	t1, VCPU_GUEST_SSTATUS(a0)
	csrrw	t2, hstatus, t2
	sd	t2, VCPU_GUEST_HSTATUS(a0)
	csrw	stvec, t3
	csrw	sscratch, t4

	ld	ra, VCPU_HOST_RA(a0)
	ld	sp, VCPU_HOST_SP(a0)
	ld	gp, VCPU_HOST_GP(a0)
	ld	tp, VCPU_HOST_TP(a0)
	ld	s0, VCPU_HOST_S(0)(a0)
	ld	s1, VCPU_HOST_S(1)(a0)
	ld	s2, VCPU_HOST_S(2)(a0)
	ld	s3, VCPU_HOST_S(3)(a0)
	ld	s4, VCPU_HOST_S(4)(a0)
	ld	s5, VCPU_HOST_S(5)(a0)
	ld	s6, VCPU_HOST_S(6)(a0)
	ld	s7, VCPU_HOST_S(7)(a0)
	ld	s8, VCPU_HOST_S(8)(a0)
	ld	s9, VCPU_HOST_S(9)(a0)
	ld	s10, VCPU_HOST_S(10)(a0)
	ld	s11, VCPU_HOST_S(11)(a0)
	ret
	.globl vcpu_exit_end
vcpu_exit_end:
	.option pop
