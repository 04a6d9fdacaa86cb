// SPDX-License-Identifier: MIT
#include <stdio.h>
#include <string.h>

#include "console.h"
#include "guest.h"
#include "hart.h"
#include "power.h"
#include "sbi_abi.h"
#include "vcpu.h"

/* exceptions the guest handles itself, without an exit */
#define VCPU_HEDELEG                                                        \
	(BIT(CAUSE_MISALIGNED_FETCH) | BIT(CAUSE_ILLEGAL_INSN) |            \
	 BIT(CAUSE_BREAKPOINT) | BIT(CAUSE_MISALIGNED_LOAD) |               \
	 BIT(CAUSE_MISALIGNED_STORE) | BIT(CAUSE_USER_ECALL) |              \
	 BIT(CAUSE_FETCH_PAGE_FAULT) | BIT(CAUSE_LOAD_PAGE_FAULT) |         \
	 BIT(CAUSE_STORE_PAGE_FAULT))

void vcpu_fp_save(struct vcpu_fp *fp);
void vcpu_fp_restore(const struct vcpu_fp *fp);
void vcpu_switch_to(struct vcpu *v);
bool hyp_has_sstc(void);

void vcpu_init(struct vcpu *v, struct guest *vm, unsigned int id)
{
	memset(v, 0, sizeof(*v));
	v->vm = vm;
	v->id = id;
	v->hsm_state = SBI_HSM_STATE_STOPPED;
}

/* Architectural reset state, then start at pc with a0/a1 (boot protocol). */
void vcpu_reset(struct vcpu *v, unsigned long pc, unsigned long a0,
		unsigned long a1)
{
	memset(&v->regs, 0, sizeof(v->regs));
	memset(&v->csr, 0, sizeof(v->csr));
	memset(&v->fp, 0, sizeof(v->fp));
	v->regs.sepc = pc;
	v->regs.x[REG_A0] = a0;
	v->regs.x[REG_A0 + 1] = a1;
	/* enter VS-mode (SPV, SPP); HS-level FS on so vsstatus.FS decides */
	v->regs.sstatus = SR_SPP | SR_FS_CLEAN;
	v->regs.hstatus = HSTATUS_VSXL_64 | HSTATUS_SPV | HSTATUS_SPVP |
			  HSTATUS_VTW;
	v->csr.vsstatus = SR_UXL_64;
	v->csr.vstimecmp = UINT64_MAX;
	v->csr.henvcfg = hyp_has_sstc() ? ENVCFG_STCE : 0;
	v->timer_deadline = UINT64_MAX;
	v->wfi = false;
	v->storm = 0;
	if (v->loaded) {
		/* live CSRs must follow the reset too */
		v->loaded = false;
		this_hart()->loaded = NULL;
		vcpu_load(v);
	}
}

void vcpu_load(struct vcpu *v)
{
	struct hart *h = this_hart();

	csr_write(CSR_HEDELEG, VCPU_HEDELEG);
	csr_write(CSR_HIDELEG, VS_IRQ_MASK);
	csr_write(CSR_HCOUNTEREN, 0x7); /* cycle, time, instret */
	csr_write(CSR_VSSTATUS, v->csr.vsstatus);
	csr_write(CSR_VSIE, v->csr.vsie);
	csr_write(CSR_VSTVEC, v->csr.vstvec);
	csr_write(CSR_VSSCRATCH, v->csr.vsscratch);
	csr_write(CSR_VSEPC, v->csr.vsepc);
	csr_write(CSR_VSCAUSE, v->csr.vscause);
	csr_write(CSR_VSTVAL, v->csr.vstval);
	csr_write(CSR_VSATP, v->csr.vsatp);
	csr_write(CSR_HVIP, v->csr.hvip);
	csr_write(CSR_HENVCFG, v->csr.henvcfg);
	if (hyp_has_sstc())
		csr_write(CSR_VSTIMECMP, v->csr.vstimecmp);
	gstage_activate(&v->vm->gs);
	/* FP: the hypervisor itself runs with FS off */
	csr_set(CSR_SSTATUS, SR_FS_INITIAL);
	vcpu_fp_restore(&v->fp);
	csr_clear(CSR_SSTATUS, SR_FS);
	if ((v->regs.sstatus & SR_FS) == SR_FS_DIRTY)
		v->regs.sstatus = (v->regs.sstatus & ~SR_FS) | SR_FS_CLEAN;
	v->loaded = true;
	h->loaded = v;
}

void vcpu_put(struct vcpu *v)
{
	v->csr.vsstatus = csr_read(CSR_VSSTATUS);
	v->csr.vsie = csr_read(CSR_VSIE);
	v->csr.vstvec = csr_read(CSR_VSTVEC);
	v->csr.vsscratch = csr_read(CSR_VSSCRATCH);
	v->csr.vsepc = csr_read(CSR_VSEPC);
	v->csr.vscause = csr_read(CSR_VSCAUSE);
	v->csr.vstval = csr_read(CSR_VSTVAL);
	v->csr.vsatp = csr_read(CSR_VSATP);
	v->csr.hvip = csr_read(CSR_HVIP);
	v->csr.henvcfg = csr_read(CSR_HENVCFG);
	if (hyp_has_sstc())
		v->csr.vstimecmp = csr_read(CSR_VSTIMECMP);
	if ((v->regs.sstatus & SR_FS) == SR_FS_DIRTY) {
		csr_set(CSR_SSTATUS, SR_FS_INITIAL);
		vcpu_fp_save(&v->fp);
		csr_clear(CSR_SSTATUS, SR_FS);
		v->regs.sstatus = (v->regs.sstatus & ~SR_FS) | SR_FS_CLEAN;
	}
	v->loaded = false;
	this_hart()->loaded = NULL;
}

/* An interrupt pending and enabled in vsie: what ends WFI. */
bool vcpu_irq_pending(struct vcpu *v)
{
	unsigned long pend, en;

	if (v->loaded) {
		pend = csr_read(CSR_HIP) & VS_IRQ_MASK;
		en = csr_read(CSR_HIE) & VS_IRQ_MASK;
	} else {
		pend = v->csr.hvip & VS_IRQ_MASK;
		if (hyp_has_sstc() && csr_read(CSR_TIME) >= v->csr.vstimecmp)
			pend |= MIP_VSTIP;
		/* vsie holds S-level bit numbers: shift to VS positions */
		en = (v->csr.vsie << 1) & VS_IRQ_MASK;
	}
	return (pend & en) != 0;
}

bool vcpu_runnable(struct vcpu *v)
{
	if (v->hsm_state != SBI_HSM_STATE_STARTED &&
	    v->hsm_state != SBI_HSM_STATE_SUSPENDED)
		return false;
	if (v->wfi || v->hsm_state == SBI_HSM_STATE_SUSPENDED) {
		if (!vcpu_irq_pending(v))
			return false;
		v->wfi = false;
		if (v->hsm_state == SBI_HSM_STATE_SUSPENDED)
			v->hsm_state = SBI_HSM_STATE_STARTED;
	}
	return true;
}

void vcpu_run(struct vcpu *v)
{
	vcpu_switch_to(v);
	v->trap.scause = csr_read(CSR_SCAUSE);
	v->trap.stval = csr_read(CSR_STVAL);
	v->trap.htval = csr_read(CSR_HTVAL);
	v->trap.htinst = csr_read(CSR_HTINST);
	vcpu_handle_exit(v);
}

static const char *const cause_names[CAUSE_NR_EXCEPTIONS] = {
	[CAUSE_MISALIGNED_FETCH] = "misaligned fetch",
	[CAUSE_FETCH_ACCESS] = "fetch access fault",
	[CAUSE_ILLEGAL_INSN] = "illegal instruction",
	[CAUSE_BREAKPOINT] = "breakpoint",
	[CAUSE_MISALIGNED_LOAD] = "misaligned load",
	[CAUSE_LOAD_ACCESS] = "load access fault",
	[CAUSE_MISALIGNED_STORE] = "misaligned store",
	[CAUSE_STORE_ACCESS] = "store access fault",
	[CAUSE_USER_ECALL] = "ecall from U",
	[CAUSE_SUPERVISOR_ECALL] = "ecall from HS",
	[CAUSE_VS_ECALL] = "ecall from VS",
	[CAUSE_MACHINE_ECALL] = "ecall from M",
	[CAUSE_FETCH_PAGE_FAULT] = "fetch page fault",
	[CAUSE_LOAD_PAGE_FAULT] = "load page fault",
	[CAUSE_STORE_PAGE_FAULT] = "store page fault",
	[CAUSE_FETCH_GUEST_PAGE_FAULT] = "fetch guest-page fault",
	[CAUSE_LOAD_GUEST_PAGE_FAULT] = "load guest-page fault",
	[CAUSE_VIRTUAL_INSN] = "virtual instruction",
	[CAUSE_STORE_GUEST_PAGE_FAULT] = "store guest-page fault",
};

const char *vcpu_cause_name(unsigned long cause)
{
	if (cause & CAUSE_IRQ_FLAG)
		return "interrupt";
	if (cause < CAUSE_NR_EXCEPTIONS && cause_names[cause])
		return cause_names[cause];
	return "reserved";
}

/* "where": guest, vCPU, pc, cause, tval, as every report gives them */
void vcpu_report(struct vcpu *v, const char *what)
{
	hyp_info("guest '%s' vCPU %u %s: pc=0x%lx cause=%lu (%s) tval=0x%lx",
		 v->vm->name, v->id, what, v->regs.sepc,
		 v->trap.scause & ~CAUSE_IRQ_FLAG,
		 vcpu_cause_name(v->trap.scause), v->trap.stval);
}

void vcpu_stop(struct vcpu *v, int status, const char *why)
{
	char what[96];

	snprintf(what, sizeof(what), "stopped: %s", why);
	vcpu_report(v, what);
	guest_stop(v->vm, status);
}
