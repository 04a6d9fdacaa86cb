// SPDX-License-Identifier: MIT
/* SBI_EXT_RVH_TRACE: a guest's vCPU registers its own trace buffer, which
 * the hypervisor drains into the trace (docs/tracing.md). */
#include "trace/trace_vcpu.h"
#include "vcpu_sbi.h"

static void trace_handler(struct vcpu *v, unsigned long fid,
			  struct vcpu_sbi_ret *ret)
{
	switch (fid) {
	case SBI_RVH_TRACE_SET_BUFFER:
		ret->error = trace_guest_set_buffer(
			v, vcpu_sbi_arg(v, 0), vcpu_sbi_arg(v, 1), &ret->value);
		break;
	case SBI_RVH_TRACE_FLUSH:
		ret->error = trace_guest_flush(v, &ret->value);
		break;
	default:
		ret->error = SBI_ERR_NOT_SUPPORTED;
	}
}

const struct vcpu_sbi_ext vcpu_sbi_ext_trace = {
	.ext_lo = SBI_EXT_RVH_TRACE,
	.ext_hi = SBI_EXT_RVH_TRACE,
	.name = "rvh-trace",
	.handler = trace_handler,
};
