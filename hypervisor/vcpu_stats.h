/* SPDX-License-Identifier: MIT */
/* Hypervisor instructions per exit: from a vCPU's exit to its next entry
 * on the same hart, less the time that hart spent idle in WFI (under
 * -icount an idle hart's instret jumps by the skipped time). Two instret
 * reads per exit, no locks: the counters are the vCPU's own. */
#ifndef VCPU_STATS_H
#define VCPU_STATS_H

#include <stdint.h>

#include "hart.h"
#include "vcpu.h"

/* One stint ended: before/after are vcpu_enter's instret reads, cost the
 * hypervisor instructions inside that window. */
static inline void vcpu_stats_stint(struct vcpu *v, unsigned long before,
				    unsigned long after, unsigned long cost)
{
	struct hart *h = this_hart();

	if (v->stats.hart == h) {
		uint64_t gap = before - v->stats.exit_at;
		uint64_t idle = h->idle_instret - v->stats.idle_at;

		if (gap >= idle)
			v->stats.hyp_instret += gap - idle;
	}
	v->stats.hyp_instret += cost;
	v->stats.exit_at = after;
	v->stats.idle_at = h->idle_instret;
	v->stats.hart = h;
}

/* The hart waits for an interrupt with nothing to run. */
static inline void vcpu_stats_idle_wfi(void)
{
	unsigned long t0 = csr_read(CSR_INSTRET);

	__asm__ volatile("wfi");
	this_hart()->idle_instret += csr_read(CSR_INSTRET) - t0;
}

#endif
