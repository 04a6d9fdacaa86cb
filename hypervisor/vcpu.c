// SPDX-License-Identifier: MIT
#include <stdio.h>
#include <string.h>

#include "console.h"
#include "guest.h"
#include "riscv_cause.h"
#include "hart.h"
#include "host_fdt.h"
#include "power.h"
#include "sbi_abi.h"
#include "spinlock.h"
#include "tlb.h"
#include "trace/trace_vcpu.h"
#include "vcpu.h"
#include "vcpu_stats.h"

/* exceptions the guest handles itself, without an exit */
#define VCPU_HEDELEG                                                \
	(BIT(CAUSE_MISALIGNED_FETCH) | BIT(CAUSE_ILLEGAL_INSN) |    \
	 BIT(CAUSE_BREAKPOINT) | BIT(CAUSE_MISALIGNED_LOAD) |       \
	 BIT(CAUSE_MISALIGNED_STORE) | BIT(CAUSE_USER_ECALL) |      \
	 BIT(CAUSE_FETCH_PAGE_FAULT) | BIT(CAUSE_LOAD_PAGE_FAULT) | \
	 BIT(CAUSE_STORE_PAGE_FAULT))

void vcpu_fp_save(struct vcpu_fp *fp);
void vcpu_fp_restore(const struct vcpu_fp *fp);
void vcpu_switch_to(struct vcpu *v);

/* pending VS interrupts posted by other harts -> hvip (vCPU loaded here) */
static void vcpu_irq_sync(struct vcpu *v)
{
	unsigned long m =
		__atomic_exchange_n(&v->irq_mask, 0, __ATOMIC_ACQUIRE);

	if (m) {
		unsigned long p =
			__atomic_load_n(&v->irq_pending, __ATOMIC_RELAXED);

		csr_write(CSR_HVIP, (csr_read(CSR_HVIP) & ~m) | (p & m));
	}
}

void vcpu_init(struct vcpu *v, struct guest *vm, unsigned int id)
{
	memset(v, 0, sizeof(*v));
	v->vm = vm;
	v->id = id;
	v->hsm_state = SBI_HSM_STATE_STOPPED;
	v->hart = -1;
	v->last_hart = -1;
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
	v->regs.hstatus =
		HSTATUS_VSXL_64 | HSTATUS_SPV | HSTATUS_SPVP | HSTATUS_VTW;
	v->csr.vsstatus = SR_UXL_64;
	v->csr.vstimecmp = UINT64_MAX;
	v->csr.henvcfg = hyp_has_sstc() ? ENVCFG_STCE : 0;
	/* what OpenSBI leaves for S-mode: U may read cycle, time, instret */
	v->csr.scounteren = 0x7;
	v->timer_deadline = UINT64_MAX;
	v->wfi = false;
	v->storm = 0;
	trace_guest_forget(v);
	vcpu_timer_changed();
	__atomic_store_n(&v->irq_pending, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&v->irq_mask, 0, __ATOMIC_RELAXED);
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

	if (v->hart >= 0 || h->loaded)
		hyp_panic("hart %u: vCPU %u of '%s' is loaded on hart %d, hart "
			  "holds %p",
			  h->index, v->id, v->vm->name, v->hart,
			  (void *)h->loaded);

	csr_write(CSR_HEDELEG, VCPU_HEDELEG);
	csr_write(CSR_HIDELEG, VS_IRQ_MASK);
	csr_write(CSR_HCOUNTEREN, vcpu_counter_hcounteren(v));
	csr_write(CSR_SCOUNTEREN, v->csr.scounteren);
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
		vcpu_timer_write_vstimecmp(v->csr.vstimecmp);
	gstage_activate(&v->vm->gs);
	vcpu_irq_sync(v);
	/* VS-stage TLB entries carry only the VMID: another vCPU of the same
	 * guest, or this one after running elsewhere, may have left stale ones */
	if (h->last != v || v->last_hart != (int)h->index) {
		hfence_vvma_all();
		__asm__ volatile("fence.i" ::: "memory");
	}
	h->last = v;
	v->last_hart = (int)h->index;
	v->hart = (int)h->index;
	/* FP: the hypervisor itself runs with FS off */
	csr_set(CSR_SSTATUS, SR_FS_INITIAL);
	vcpu_fp_restore(&v->fp);
	csr_clear(CSR_SSTATUS, SR_FS);
	if ((v->regs.sstatus & SR_FS) == SR_FS_DIRTY)
		v->regs.sstatus = (v->regs.sstatus & ~SR_FS) | SR_FS_CLEAN;
	v->loaded = true;
	h->loaded = v;
	vcpu_timer_changed();
	trace_vcpu_load(v);
}

void vcpu_put(struct vcpu *v)
{
	trace_vcpu_put(v);
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
	v->csr.scounteren = csr_read(CSR_SCOUNTEREN);
	if (hyp_has_sstc())
		v->csr.vstimecmp = csr_read(CSR_VSTIMECMP);
	if ((v->regs.sstatus & SR_FS) == SR_FS_DIRTY) {
		csr_set(CSR_SSTATUS, SR_FS_INITIAL);
		vcpu_fp_save(&v->fp);
		csr_clear(CSR_SSTATUS, SR_FS);
		v->regs.sstatus = (v->regs.sstatus & ~SR_FS) | SR_FS_CLEAN;
	}
	v->loaded = false;
	v->hart = -1;
	this_hart()->loaded = NULL;
	vcpu_timer_changed();
}

/* An interrupt pending and enabled in vsie: what ends WFI. */
bool vcpu_irq_pending(struct vcpu *v)
{
	unsigned long pend, en;

	if (v->loaded) {
		vcpu_irq_sync(v);
		pend = csr_read(CSR_HIP) & VS_IRQ_MASK;
		en = csr_read(CSR_HIE) & VS_IRQ_MASK;
	} else {
		unsigned long m =
			__atomic_load_n(&v->irq_mask, __ATOMIC_ACQUIRE);

		pend = (v->csr.hvip & ~m) |
		       (__atomic_load_n(&v->irq_pending, __ATOMIC_RELAXED) & m);
		pend &= VS_IRQ_MASK;
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

static void vcpu_do_requests(struct vcpu *v)
{
	unsigned long req =
		__atomic_exchange_n(&v->requests, 0, __ATOMIC_ACQ_REL);

	if (req & VCPU_REQ_FENCE_I)
		__asm__ volatile("fence.i" ::: "memory");
	if (req & VCPU_REQ_HFENCE_VVMA)
		hfence_vvma_all();
	if (req & VCPU_REQ_HFENCE_GVMA)
		hfence_gvma_all();
}

/* Raise/lower VS interrupts from any hart; the vCPU's hart applies them. */
void vcpu_irq_raise(struct vcpu *v, unsigned long bits)
{
	trace_irq_inject(v, bits);
	__atomic_or_fetch(&v->irq_pending, bits, __ATOMIC_RELAXED);
	__atomic_or_fetch(&v->irq_mask, bits, __ATOMIC_RELEASE);
	vcpu_timer_changed();
	vcpu_kick(v);
}

void vcpu_irq_lower(struct vcpu *v, unsigned long bits)
{
	__atomic_and_fetch(&v->irq_pending, ~bits, __ATOMIC_RELAXED);
	__atomic_or_fetch(&v->irq_mask, bits, __ATOMIC_RELEASE);
	vcpu_kick(v);
}

/* Make the vCPU's hart look at it: exit the guest, or leave idle. */
void vcpu_kick(struct vcpu *v)
{
	int h = v->hart;

	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (h < 0)
		hart_kick_idle();
	else if (h != (int)this_hart()->index)
		hart_kick((unsigned int)h);
}

/* Ask v's hart to fence before v runs guest code again; returns when no
 * guest instruction of v can use what the fence removes. */
void vcpu_request(struct vcpu *v, unsigned long req)
{
	if (v->hart == (int)this_hart()->index && !v->in_guest) {
		__atomic_or_fetch(&v->requests, req, __ATOMIC_RELAXED);
		vcpu_do_requests(v);
		return;
	}
	__atomic_or_fetch(&v->requests, req, __ATOMIC_SEQ_CST);
	if (!v->in_guest || v->hart < 0)
		return; /* done before its next entry */
	hart_kick((unsigned int)v->hart);
	for (unsigned int n = 1;
	     (__atomic_load_n(&v->requests, __ATOMIC_ACQUIRE) & req) &&
	     v->in_guest;
	     n++)
		if (n % SPIN_YIELD_AFTER == 0)
			hart_yield();
}

/* Hypervisor instructions in vcpu_enter's instret window: the first csrr
 * and the jalr, vcpu_switch_to up to its sret, and vcpu_exit_entry up to
 * its ret: straight-line 4-byte code (vcpu_switch.S), so the label
 * distances count them. */
extern const char vcpu_switch_in_end[], vcpu_exit_entry[], vcpu_exit_end[];

static unsigned long vcpu_switch_cost(void)
{
	uintptr_t in =
		(uintptr_t)vcpu_switch_in_end - (uintptr_t)vcpu_switch_to;
	uintptr_t out = (uintptr_t)vcpu_exit_end - (uintptr_t)vcpu_exit_entry;

	return 2 + in / 4 + out / 4;
}

/* Guest instructions of one stint: the instret delta less the switch. */
static uint64_t vcpu_stint_instret(unsigned long before, unsigned long after)
{
	unsigned long cost = vcpu_switch_cost(), delta = after - before;

	/* clamped: without -icount QEMU's instret is not an instruction count */
	return delta > cost ? delta - cost : 0;
}

/* One guest entry and exit, without the scheduler lock held. */
void vcpu_enter(struct vcpu *v)
{
	register struct vcpu *a0 __asm__("a0") = v;
	unsigned long before, after;

	trace_vcpu_entering(v);
	v->in_guest = true;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	vcpu_irq_sync(v);
	vcpu_do_requests(v);
	/* one asm block, so that the hypervisor instructions between the two
	 * reads are exactly those vcpu_switch_cost counts */
	__asm__ volatile("csrr %[b], instret\n\t"
			 "jalr ra, 0(%[fn])\n\t"
			 "csrr %[a], instret"
			 : [b] "=&r"(before), [a] "=r"(after), "+r"(a0)
			 : [fn] "r"(vcpu_switch_to)
			 : "ra", "t0", "t1", "t2", "t3", "t4", "t5", "t6", "a1",
			   "a2", "a3", "a4", "a5", "a6", "a7", "memory");
	v->guest_instret += vcpu_stint_instret(before, after);
	vcpu_stats_stint(v, before, after, vcpu_switch_cost());
	v->in_guest = false;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	vcpu_do_requests(v);
	v->trap.scause = csr_read(CSR_SCAUSE);
	v->trap.stval = csr_read(CSR_STVAL);
	v->trap.htval = csr_read(CSR_HTVAL);
	v->trap.htinst = csr_read(CSR_HTINST);
	trace_vcpu_exited(v);
}

const char *vcpu_cause_name(unsigned long cause)
{
	return riscv_cause_name(cause);
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
