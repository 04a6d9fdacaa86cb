// SPDX-License-Identifier: MIT
#include "sbi_call.h"
#include "version.h"
#include "vcpu_sbi.h"

static unsigned long host_ids[3]; /* mvendorid, marchid, mimpid */

void vcpu_sbi_base_init(void)
{
	for (int i = 0; i < 3; i++) {
		struct sbiret r =
			SBI_CALL0(SBI_EXT_BASE, SBI_BASE_GET_MVENDORID + i);

		host_ids[i] = r.error ? 0 : (unsigned long)r.value;
	}
}

static void base_handler(struct vcpu *v, unsigned long fid,
			 struct vcpu_sbi_ret *ret)
{
	ret->error = SBI_SUCCESS;
	switch (fid) {
	case SBI_BASE_GET_SPEC_VERSION:
		ret->value = SBI_SPEC_VERSION;
		break;
	case SBI_BASE_GET_IMPL_ID:
		ret->value = SBI_IMPL_ID_RVH;
		break;
	case SBI_BASE_GET_IMPL_VERSION:
		ret->value = RVH_VERSION_CODE;
		break;
	case SBI_BASE_PROBE_EXT:
		ret->value = vcpu_sbi_find_ext(vcpu_sbi_arg(v, 0)) != NULL;
		break;
	case SBI_BASE_GET_MVENDORID:
	case SBI_BASE_GET_MARCHID:
	case SBI_BASE_GET_MIMPID:
		ret->value = host_ids[fid - SBI_BASE_GET_MVENDORID];
		break;
	default:
		ret->error = SBI_ERR_NOT_SUPPORTED;
	}
}

const struct vcpu_sbi_ext vcpu_sbi_ext_base = {
	.ext_lo = SBI_EXT_BASE,
	.ext_hi = SBI_EXT_BASE,
	.name = "base",
	.handler = base_handler,
};
