// SPDX-License-Identifier: MIT
#include "guest.h"
#include "power.h"
#include "vcpu_sbi.h"
#include "vcpu_sbi_args.h"

static void srst_handler(struct vcpu *v, unsigned long fid,
			 struct vcpu_sbi_ret *ret)
{
	uint32_t type = (uint32_t)vcpu_sbi_arg(v, 0);
	uint32_t reason = (uint32_t)vcpu_sbi_arg(v, 1);

	if (fid != SBI_SRST_RESET)
		return;
	ret->error = sbi_srst_check(type, reason);
	if (ret->error)
		return;
	ret->no_return = true;
	if (type != SBI_SRST_TYPE_SHUTDOWN) {
		guest_reboot(v->vm);
		return;
	}
	guest_stop(v->vm, reason == SBI_SRST_REASON_NONE ? POWER_OK
			  : reason == SBI_SRST_REASON_SYSFAIL
				  ? POWER_GUEST_SYSFAIL
				  : POWER_GUEST_OTHER_REASON);
}

const struct vcpu_sbi_ext vcpu_sbi_ext_srst = {
	.ext_lo = SBI_EXT_SRST,
	.ext_hi = SBI_EXT_SRST,
	.name = "srst",
	.handler = srst_handler,
};
