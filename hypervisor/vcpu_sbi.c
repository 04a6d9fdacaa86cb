// SPDX-License-Identifier: MIT
#include "guest.h"
#include "trace/trace_vcpu.h"
#include "vcpu_sbi.h"
#include "vcpu_sbi_args.h"

static const struct vcpu_sbi_ext *const vcpu_sbi_exts[] = {
	&vcpu_sbi_ext_legacy_set_timer,
	&vcpu_sbi_ext_legacy_putchar,
	&vcpu_sbi_ext_legacy_getchar,
	&vcpu_sbi_ext_legacy_shutdown,
	&vcpu_sbi_ext_base,
	&vcpu_sbi_ext_time,
	&vcpu_sbi_ext_hsm,
	&vcpu_sbi_ext_srst,
	&vcpu_sbi_ext_dbcn,
	&vcpu_sbi_ext_ipi,
	&vcpu_sbi_ext_rfence,
	&vcpu_sbi_ext_trace,
	&vcpu_sbi_ext_rvh,
};

const struct vcpu_sbi_ext *vcpu_sbi_find_ext(unsigned long ext)
{
	for (unsigned int i = 0;
	     i < sizeof(vcpu_sbi_exts) / sizeof(vcpu_sbi_exts[0]); i++) {
		const struct vcpu_sbi_ext *e = vcpu_sbi_exts[i];

		if (ext >= e->ext_lo && ext <= e->ext_hi)
			return e;
	}
	return NULL;
}

long vcpu_sbi_targets(const struct vcpu *v, uint64_t *set)
{
	return sbi_hart_mask_check(vcpu_sbi_arg(v, 0), vcpu_sbi_arg(v, 1),
				   v->vm->nr_vcpus, set);
}

void vcpu_sbi_ecall(struct vcpu *v)
{
	unsigned long ext = v->regs.x[REG_A0 + 7];
	unsigned long fid = v->regs.x[REG_A0 + 6];
	const struct vcpu_sbi_ext *e = vcpu_sbi_find_ext(ext);
	struct vcpu_sbi_ret ret = {.error = SBI_ERR_NOT_SUPPORTED};

	if (e)
		e->handler(v, fid, &ret);
	trace_sbi(v, ext, fid, ret.no_return ? 0 : ret.error);
	if (ret.no_return)
		return;
	v->regs.x[REG_A0] = (unsigned long)ret.error;
	if (!ret.legacy)
		v->regs.x[REG_A0 + 1] = ret.value;
	v->regs.sepc += 4;
}
