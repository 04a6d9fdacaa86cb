// SPDX-License-Identifier: MIT
#include "vcpu_sbi.h"

static void time_handler(struct vcpu *v, unsigned long fid,
			 struct vcpu_sbi_ret *ret)
{
	if (fid != SBI_TIME_SET_TIMER)
		return; /* SBI_ERR_NOT_SUPPORTED */
	vcpu_timer_set(v, vcpu_sbi_arg(v, 0));
	ret->error = SBI_SUCCESS;
}

const struct vcpu_sbi_ext vcpu_sbi_ext_time = {
	.ext_lo = SBI_EXT_TIME,
	.ext_hi = SBI_EXT_TIME,
	.name = "time",
	.handler = time_handler,
};
