// SPDX-License-Identifier: MIT
/* Remote fences: each target vCPU's hart executes the fence before that
 * vCPU runs guest code again; the call returns when that holds.
 * sfence.vma requests flush the whole VS-stage of the guest's VMID (the
 * spec allows flushing more than asked). The hfence functions are for
 * guests with the H extension; ours have none, so they are
 * SBI_ERR_NOT_SUPPORTED as the spec requires. */
#include "guest.h"
#include "vcpu_sbi.h"

static void rfence_handler(struct vcpu *v, unsigned long fid,
			   struct vcpu_sbi_ret *ret)
{
	struct guest *g = v->vm;
	unsigned long req;
	uint64_t set;

	switch (fid) {
	case SBI_RFENCE_REMOTE_FENCE_I:
		req = VCPU_REQ_FENCE_I;
		break;
	case SBI_RFENCE_REMOTE_SFENCE_VMA:
	case SBI_RFENCE_REMOTE_SFENCE_VMA_ASID:
		req = VCPU_REQ_HFENCE_VVMA;
		break;
	default:
		return; /* SBI_ERR_NOT_SUPPORTED */
	}
	ret->error = vcpu_sbi_targets(v, &set);
	if (ret->error)
		return;
	for (unsigned int i = 0; i < g->nr_vcpus; i++)
		if (set & (1ULL << i))
			vcpu_request(&g->vcpus[i], req);
}

const struct vcpu_sbi_ext vcpu_sbi_ext_rfence = {
	.ext_lo = SBI_EXT_RFENCE,
	.ext_hi = SBI_EXT_RFENCE,
	.name = "rfence",
	.handler = rfence_handler,
};
