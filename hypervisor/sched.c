// SPDX-License-Identifier: MIT
#include "console.h"
#include "guest.h"
#include "hart.h"
#include "host_irq.h"
#include "power.h"
#include "sched.h"
#include "sbi_abi.h"
#include "spinlock.h"

static struct spinlock sched_lock;
static unsigned int sched_next;

void sched_relax(void)
{
	spin_unlock(&sched_lock);
	for (int i = 0; i < 64; i++)
		__asm__ volatile("nop");
	hart_yield(); /* the harts waited on may not run otherwise (icount) */
	spin_lock(&sched_lock);
}

void sched_yield(void)
{
	this_hart()->slice_end = 0;
}

/* A vCPU this hart may run now: not held by another hart, guest alive. */
static bool sched_can_run(struct vcpu *v, const struct hart *h)
{
	if (v->vm->state != GUEST_RUNNING)
		return false;
	if (v->hart >= 0 && v->hart != (int)h->index)
		return false;
	return vcpu_runnable(v);
}

/* the next vCPU this hart may run, round-robin; `take` advances the turn */
static struct vcpu *sched_find(const struct hart *h, const struct vcpu *skip,
			       bool take)
{
	unsigned int total = 0;

	for (unsigned int g = 0; g < nr_guests; g++)
		total += guests[g].nr_vcpus;
	for (unsigned int n = 0; n < total; n++) {
		unsigned int k = (sched_next + n) % total, g = 0;
		struct vcpu *v;

		while (k >= guests[g].nr_vcpus)
			k -= guests[g++].nr_vcpus;
		v = &guests[g].vcpus[k];
		if (v != skip && sched_can_run(v, h)) {
			if (take)
				sched_next = (sched_next + n + 1) % total;
			return v;
		}
	}
	return NULL;
}

uint64_t sched_slice_deadline(void)
{
	struct hart *h = this_hart();

	return h->loaded && sched_find(h, h->loaded, false) ? h->slice_end
							    : UINT64_MAX;
}

/* The loaded vCPU keeps the hart (no CSR reload) until it blocks or its
 * slice ends while another vCPU waits. */
static struct vcpu *sched_pick(struct hart *h)
{
	struct vcpu *cur = h->loaded, *next;

	if (cur && (cur->vm->state != GUEST_RUNNING ||
		    cur->hsm_state == SBI_HSM_STATE_STOPPED)) {
		vcpu_put(cur);
		cur = NULL;
	}
	if (cur && vcpu_runnable(cur) && csr_read(CSR_TIME) < h->slice_end)
		return cur;
	next = sched_find(h, cur, true);
	if (!next) {
		if (cur && vcpu_runnable(cur)) {
			h->slice_end = csr_read(CSR_TIME) + SCHED_SLICE_TICKS;
			vcpu_timer_changed();
			return cur;
		}
		return NULL;
	}
	if (cur)
		vcpu_put(cur);
	vcpu_load(next);
	h->slice_end = csr_read(CSR_TIME) + SCHED_SLICE_TICKS;
	vcpu_timer_changed();
	return next;
}

/* Nothing to run: sleep until an interrupt (a deadline or a kick). */
static void sched_idle(struct hart *h)
{
	vcpu_timer_host_irq_rearm();
	h->idle = true;
	spin_unlock(&sched_lock);
	__asm__ volatile("wfi");
	/* host devices take their own locks: see sched_loop */
	if (csr_read(CSR_SIP) & MIP_SEIP)
		host_irq_handle();
	spin_lock(&sched_lock);
	h->idle = false;
	hart_ipi_clear();
	if (csr_read(CSR_SIP) & MIP_STIP)
		vcpu_timer_host_irq();
}

void sched_loop(void)
{
	struct hart *h = this_hart();

	spin_lock(&sched_lock);
	/* under the lock: guest console output is written under it too */
	if (h->index)
		hyp_info("hart %lu online (slot %u)", h->hartid, h->index);
	for (;;) {
		struct vcpu *v = sched_pick(h);

		if (!v) {
			if (!guest_any_running())
				power_off(guest_final_status());
			sched_idle(h);
			continue;
		}
		vcpu_timer_host_irq_rearm();
		spin_unlock(&sched_lock);
		vcpu_enter(v);
		/* A host device's completion runs under that device's lock
		 * and the guest device's, not the scheduler's: one guest's
		 * disk traffic does not stall the other harts' exits. */
		if (v->trap.scause == (CAUSE_IRQ_FLAG | IRQ_S_EXT))
			host_irq_handle();
		spin_lock(&sched_lock);
		vcpu_handle_exit(v);
	}
}
