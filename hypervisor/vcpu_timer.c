// SPDX-License-Identifier: MIT
/* Guest timers. With Sstc the guest's deadline lives in vstimecmp and the
 * hardware raises VSTIP; without it the hypervisor keeps the deadline, arms
 * the host timer and sets hvip.VSTIP when it passes. */
#include "guest.h"
#include "hart.h"
#include "sbi_call.h"
#include "vcpu.h"

bool hyp_has_sstc(void);

static uint64_t host_timer_armed = UINT64_MAX;

static uint64_t now(void)
{
	return csr_read(CSR_TIME);
}

static void host_timer_arm(uint64_t when)
{
	if (when == host_timer_armed)
		return;
	host_timer_armed = when;
	sbi_set_timer(when);
}

/* When the vCPU's timer interrupt becomes pending, if the hypervisor has
 * to notice it (UINT64_MAX: never, or the hardware does it). */
uint64_t vcpu_timer_next(const struct vcpu *v)
{
	if (!hyp_has_sstc())
		return v->timer_deadline;
	return v->loaded ? UINT64_MAX : v->csr.vstimecmp;
}

void vcpu_timer_host_irq_rearm(void)
{
	uint64_t next = UINT64_MAX;

	for (unsigned int g = 0; g < nr_guests; g++) {
		if (guests[g].state != GUEST_RUNNING)
			continue;
		for (unsigned int i = 0; i < guests[g].nr_vcpus; i++) {
			uint64_t t = vcpu_timer_next(&guests[g].vcpus[i]);

			if (t < next)
				next = t;
		}
	}
	host_timer_arm(next);
}

static void vcpu_set_vstip(struct vcpu *v, bool on)
{
	if (v->loaded) {
		if (on)
			csr_set(CSR_HVIP, MIP_VSTIP);
		else
			csr_clear(CSR_HVIP, MIP_VSTIP);
	} else if (on) {
		v->csr.hvip |= MIP_VSTIP;
	} else {
		v->csr.hvip &= ~MIP_VSTIP;
	}
}

void vcpu_timer_set(struct vcpu *v, uint64_t when)
{
	if (hyp_has_sstc()) {
		csr_write(CSR_VSTIMECMP, when);
		return;
	}
	v->timer_deadline = when;
	vcpu_set_vstip(v, false);
	if (now() >= when) {
		vcpu_set_vstip(v, true);
		v->timer_deadline = UINT64_MAX;
	}
	vcpu_timer_host_irq_rearm();
}

/* Host timer interrupt: deliver every deadline that has passed. */
void vcpu_timer_host_irq(void)
{
	uint64_t t = now();

	host_timer_armed = 0; /* it fired: force the next arm */
	for (unsigned int g = 0; g < nr_guests; g++) {
		if (guests[g].state != GUEST_RUNNING)
			continue;
		for (unsigned int i = 0; i < guests[g].nr_vcpus; i++) {
			struct vcpu *v = &guests[g].vcpus[i];

			if (!hyp_has_sstc() && t >= v->timer_deadline) {
				v->timer_deadline = UINT64_MAX;
				vcpu_set_vstip(v, true);
			}
		}
	}
	vcpu_timer_host_irq_rearm();
}
