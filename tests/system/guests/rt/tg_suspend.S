/* SPDX-License-Identifier: MIT */
/* HSM non-retentive suspend: the hart resumes at tg_resume_entry with only
 * a0 (hart id) and a1 (opaque) defined, so the caller's callee-saved state
 * is parked in memory and restored here. */
#include "sbi_abi.h"

	.text
	/* long tg_hsm_suspend_nonret(unsigned long type, unsigned long opaque)
	 * returns the SBI error if hart_suspend returned, or 1 after a resume
	 * (tg_resume_info holds what the resumed hart saw). */
	.globl tg_hsm_suspend_nonret
tg_hsm_suspend_nonret:
	lla	t0, tg_resume_ctx
	sd	ra, 0(t0)
	sd	sp, 8(t0)
	sd	gp, 16(t0)
	sd	tp, 24(t0)
	sd	s0, 32(t0)
	sd	s1, 40(t0)
	sd	s2, 48(t0)
	sd	s3, 56(t0)
	sd	s4, 64(t0)
	sd	s5, 72(t0)
	sd	s6, 80(t0)
	sd	s7, 88(t0)
	sd	s8, 96(t0)
	sd	s9, 104(t0)
	sd	s10, 112(t0)
	sd	s11, 120(t0)
	mv	a2, a1
	lla	a1, tg_resume_entry
	li	a6, SBI_HSM_HART_SUSPEND
	li	a7, SBI_EXT_HSM
	ecall
	ret

	.balign 4
	.globl tg_resume_entry
tg_resume_entry:
	lla	t0, tg_resume_info
	sd	a0, 0(t0)
	sd	a1, 8(t0)
	csrr	t1, satp
	sd	t1, 16(t0)
	csrr	t1, sstatus
	sd	t1, 24(t0)
	csrr	t1, sie
	sd	t1, 32(t0)
	sd	sp, 40(t0)
	li	t1, 1
	sd	t1, 48(t0)
	lla	t1, tg_trap_entry
	csrw	stvec, t1
	lla	t0, tg_resume_ctx
	ld	ra, 0(t0)
	ld	sp, 8(t0)
	ld	gp, 16(t0)
	ld	tp, 24(t0)
	ld	s0, 32(t0)
	ld	s1, 40(t0)
	ld	s2, 48(t0)
	ld	s3, 56(t0)
	ld	s4, 64(t0)
	ld	s5, 72(t0)
	ld	s6, 80(t0)
	ld	s7, 88(t0)
	ld	s8, 96(t0)
	ld	s9, 104(t0)
	ld	s10, 112(t0)
	ld	s11, 120(t0)
	li	a0, 1
	ret

	.bss
	.balign 8
tg_resume_ctx:
	.zero	128
	.globl tg_resume_info
tg_resume_info:
	.zero	56
