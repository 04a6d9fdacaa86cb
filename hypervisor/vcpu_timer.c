// SPDX-License-Identifier: MIT
/* Guest timers. With Sstc the guest's deadline lives in vstimecmp and the
 * hardware raises VSTIP; without it the hypervisor keeps the deadline, arms
 * the host timer and raises VSTIP through hvip when it passes. Each hart
 * arms its host timer for its own vCPU, its time slice, and the vCPUs no
 * hart holds. */
#include "guest.h"
#include "hart.h"
#include "host_fdt.h"
#include "sbi_call.h"
#include "sched.h"
#include "vcpu.h"

static uint64_t now(void)
{
	return csr_read(CSR_TIME);
}

/* When the vCPU's timer interrupt becomes pending, if this hart has to
 * notice it (UINT64_MAX: never, or the hardware does it). */
uint64_t vcpu_timer_next(const struct vcpu *v)
{
	if (v->hsm_state == SBI_HSM_STATE_STOPPED)
		return UINT64_MAX;
	if (!hyp_has_sstc())
		return v->timer_deadline;
	/* a deadline already passed is pending: the vCPU is runnable and
	 * needs no host timer (arming one would fire on every entry) */
	if (v->loaded || v->csr.vstimecmp <= now())
		return UINT64_MAX;
	return v->csr.vstimecmp;
}

/* bumped whenever a deadline, a vCPU's placement or the set of runnable
 * vCPUs may have changed: a hart recomputes its host timer only then */
static unsigned long timer_gen = 1;

void vcpu_timer_changed(void)
{
	__atomic_add_fetch(&timer_gen, 1, __ATOMIC_RELAXED);
}

void vcpu_timer_host_irq_rearm(void)
{
	struct hart *h = this_hart();
	unsigned long gen = __atomic_load_n(&timer_gen, __ATOMIC_RELAXED);
	uint64_t next;

	if (gen == h->timer_gen)
		return;
	h->timer_gen = gen;
	next = sched_slice_deadline();

	for (unsigned int g = 0; g < nr_guests; g++) {
		if (guests[g].state != GUEST_RUNNING)
			continue;
		for (unsigned int i = 0; i < guests[g].nr_vcpus; i++) {
			struct vcpu *v = &guests[g].vcpus[i];
			uint64_t t;

			if (v->hart >= 0 && v->hart != (int)h->index)
				continue;
			t = vcpu_timer_next(v);
			if (t < next)
				next = t;
		}
	}
	if (next != h->timer_armed) {
		h->timer_armed = next;
		sbi_set_timer(next);
	}
}

/* Writing vstimecmp with a future value clears its interrupt (Sstc), and
 * set_timer must clear it. QEMU 7.2 can leave it pending when the previous
 * deadline has just passed: its expiry callback, on another host thread,
 * may set the pending state again in the middle of the CSR write. That
 * callback has run by the time the write returns, so a second write
 * clears it (seen on loaded hosts; bounded in case the hardware differs). */
void vcpu_timer_write_vstimecmp(uint64_t when)
{
	for (int i = 0; i < 3; i++) {
		csr_write(CSR_VSTIMECMP, when);
		if (!(csr_read(CSR_HIP) & MIP_VSTIP) ||
		    (csr_read(CSR_HVIP) & MIP_VSTIP) || now() >= when)
			return;
	}
}

void vcpu_timer_set(struct vcpu *v, uint64_t when)
{
	if (hyp_has_sstc()) {
		vcpu_timer_write_vstimecmp(when);
		return;
	}
	v->timer_deadline = when;
	vcpu_timer_changed();
	if (now() >= when) {
		v->timer_deadline = UINT64_MAX;
		vcpu_irq_raise(v, MIP_VSTIP);
	} else {
		vcpu_irq_lower(v, MIP_VSTIP);
	}
	vcpu_timer_host_irq_rearm();
}

/* QEMU 7.2 keeps the Sstc timer's VSTIP beside mip and recomputes the
 * hart's "interrupt pending" flag from a copy of it read before taking its
 * global lock. A CSR write that recomputes it (sip, hvip, stimecmp through
 * the firmware, vstimecmp) while the timer's expiry callback runs on
 * QEMU's main thread can clear the flag after the callback set it: VSTIP
 * reads as pending, WFI does not sleep, yet the guest never takes the
 * interrupt and spins on WFI exits. Any later recompute repairs it, so
 * before entering a guest whose timer interrupt is pending and enabled,
 * one is made: clearing hvip.VSTIP, which is always 0 with Sstc. */
void vcpu_timer_resync(void)
{
	if (hyp_has_sstc() &&
	    (csr_read(CSR_HIP) & csr_read(CSR_HIE) & MIP_VSTIP))
		csr_clear(CSR_HVIP, MIP_VSTIP);
}

/* Host timer interrupt: deliver every deadline that has passed. */
void vcpu_timer_host_irq(void)
{
	struct hart *h = this_hart();
	uint64_t t = now();
	bool due = false;

	h->timer_armed = 0; /* it fired: the next arm must reach the firmware */
	vcpu_timer_changed();
	for (unsigned int g = 0; g < nr_guests; g++) {
		if (guests[g].state != GUEST_RUNNING)
			continue;
		for (unsigned int i = 0; i < guests[g].nr_vcpus; i++) {
			struct vcpu *v = &guests[g].vcpus[i];

			if (v->hart >= 0 && v->hart != (int)h->index)
				continue;
			if (hyp_has_sstc()) {
				/* a vCPU no hart holds is due: an idle hart
				 * may take it before this one's slice ends */
				due |= v->hart < 0 && vcpu_runnable(v);
				continue;
			}
			if (t >= v->timer_deadline) {
				v->timer_deadline = UINT64_MAX;
				vcpu_irq_raise(v, MIP_VSTIP);
			}
		}
	}
	if (due)
		hart_kick_idle();
	vcpu_timer_host_irq_rearm();
}
