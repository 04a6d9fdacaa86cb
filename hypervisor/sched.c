// SPDX-License-Identifier: MIT
#include "guest.h"
#include "hart.h"
#include "power.h"
#include "sched.h"

/* The loaded vCPU keeps the hart while it can run (no CSR reload); others
 * are taken round-robin. */
static struct vcpu *sched_pick(void)
{
	struct hart *h = this_hart();
	static unsigned int next;
	unsigned int total = 0;

	if (h->loaded && h->loaded->vm->state == GUEST_RUNNING &&
	    vcpu_runnable(h->loaded))
		return h->loaded;
	for (unsigned int g = 0; g < nr_guests; g++)
		total += guests[g].nr_vcpus;
	for (unsigned int n = 0; n < total; n++) {
		unsigned int k = (next + n) % total, g = 0;

		while (k >= guests[g].nr_vcpus)
			k -= guests[g++].nr_vcpus;
		if (guests[g].state == GUEST_RUNNING &&
		    vcpu_runnable(&guests[g].vcpus[k])) {
			next = (next + n + 1) % total;
			return &guests[g].vcpus[k];
		}
	}
	return NULL;
}

/* Nothing to run: sleep until an interrupt (timer deadline of a vCPU). */
static void sched_idle(void)
{
	vcpu_timer_host_irq_rearm();
	__asm__ volatile("wfi");
	if (csr_read(CSR_SIP) & MIP_STIP)
		vcpu_timer_host_irq();
}

void sched_loop(void)
{
	struct hart *h = this_hart();

	for (;;) {
		struct vcpu *v = sched_pick();

		if (!v) {
			if (!guest_any_running())
				power_off(guest_final_status());
			sched_idle();
			continue;
		}
		if (h->loaded != v) {
			if (h->loaded)
				vcpu_put(h->loaded);
			vcpu_load(v);
		}
		vcpu_run(v);
	}
}
