// SPDX-License-Identifier: MIT
/* IPIs between a guest's vCPUs: a VS software interrupt on each target. */
#include "guest.h"
#include "sched.h"
#include "vcpu_sbi.h"

static void ipi_handler(struct vcpu *v, unsigned long fid,
			struct vcpu_sbi_ret *ret)
{
	struct guest *g = v->vm;
	uint64_t set;

	if (fid != SBI_IPI_SEND_IPI)
		return;
	ret->error = vcpu_sbi_targets(v, &set);
	if (ret->error)
		return;
	for (unsigned int i = 0; i < g->nr_vcpus; i++) {
		struct vcpu *t = &g->vcpus[i];

		if (!(set & (1ULL << i)))
			continue;
		vcpu_irq_raise(t, MIP_VSSIP);
		/* the sender will likely wait for it: give it the hart */
		if (t != v && t->hart < 0)
			sched_yield();
	}
}

const struct vcpu_sbi_ext vcpu_sbi_ext_ipi = {
	.ext_lo = SBI_EXT_IPI,
	.ext_hi = SBI_EXT_IPI,
	.name = "ipi",
	.handler = ipi_handler,
};
