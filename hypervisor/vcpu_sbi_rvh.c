// SPDX-License-Identifier: MIT
/* SBI_EXT_RVH: the hypervisor's own services to its guests. */
#include <string.h>

#include "guest.h"
#include "sbi_rvh.h"
#include "vcpu_sbi.h"

static void rvh_counters_sum(const struct guest *g, struct rvh_counters *c)
{
	memset(c, 0, sizeof(*c));
	for (unsigned int i = 0; i < g->nr_vcpus; i++) {
		const struct vcpu *v = &g->vcpus[i];

		for (unsigned int k = 0; k < CAUSE_NR_EXCEPTIONS + 16; k++)
			c->exits += v->exits[k];
		for (unsigned int k = 0; k < 16; k++)
			c->exits_irq += v->exits[VCPU_EXIT_IRQ_BASE + k];
		c->exits_ecall += v->exits[CAUSE_VS_ECALL];
		c->exits_load += v->exits[CAUSE_LOAD_GUEST_PAGE_FAULT];
		c->exits_store += v->exits[CAUSE_STORE_GUEST_PAGE_FAULT];
		c->exits_vinsn += v->exits[CAUSE_VIRTUAL_INSN];
		c->guest_instret += v->guest_instret;
		c->hyp_instret += v->stats.hyp_instret;
	}
}

static void rvh_handler(struct vcpu *v, unsigned long fid,
			struct vcpu_sbi_ret *ret)
{
	struct rvh_counters c;
	unsigned long gpa = vcpu_sbi_arg(v, 0), len = vcpu_sbi_arg(v, 1);

	if (fid != SBI_RVH_COUNTERS) {
		ret->error = SBI_ERR_NOT_SUPPORTED;
		return;
	}
	if (len > sizeof(c))
		len = sizeof(c);
	void *dst = len ? guest_gpa_to_hva(v->vm, gpa, len) : NULL;
	if (len && !dst) {
		ret->error = SBI_ERR_INVALID_ADDRESS;
		return;
	}
	rvh_counters_sum(v->vm, &c);
	memcpy(dst, &c, len);
	ret->error = SBI_SUCCESS;
	ret->value = sizeof(c);
}

const struct vcpu_sbi_ext vcpu_sbi_ext_rvh = {
	.ext_lo = SBI_EXT_RVH,
	.ext_hi = SBI_EXT_RVH,
	.name = "rvh",
	.handler = rvh_handler,
};
