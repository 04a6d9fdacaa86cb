// SPDX-License-Identifier: MIT
/* Hart state management: vCPUs started, stopped and suspended by the guest. */
#include "guest.h"
#include "power.h"
#include "vcpu_sbi.h"
#include "vcpu_sbi_args.h"

static bool guest_has_live_vcpu(const struct guest *g)
{
	for (unsigned int i = 0; i < g->nr_vcpus; i++)
		if (g->vcpus[i].hsm_state != SBI_HSM_STATE_STOPPED)
			return true;
	return false;
}

static void hsm_start(struct vcpu *v, struct vcpu_sbi_ret *ret)
{
	struct guest *g = v->vm;
	unsigned long hartid = vcpu_sbi_arg(v, 0);
	unsigned long addr = vcpu_sbi_arg(v, 1);
	struct vcpu *t;

	if (hartid >= g->nr_vcpus) {
		ret->error = SBI_ERR_INVALID_PARAM;
		return;
	}
	t = &g->vcpus[hartid];
	if (t->hsm_state != SBI_HSM_STATE_STOPPED) {
		ret->error = SBI_ERR_ALREADY_AVAILABLE;
		return;
	}
	ret->error = sbi_start_addr_check(g->ram_gpa, g->ram_size, addr);
	if (ret->error)
		return;
	vcpu_reset(t, addr, hartid, vcpu_sbi_arg(v, 2));
	t->hsm_state = SBI_HSM_STATE_STARTED;
	vcpu_kick(t); /* wake an idle hart for it */
}

static void hsm_stop(struct vcpu *v, struct vcpu_sbi_ret *ret)
{
	v->hsm_state = SBI_HSM_STATE_STOPPED;
	ret->no_return = true;
	if (!guest_has_live_vcpu(v->vm))
		vcpu_stop(v, POWER_GUEST_STOPPED, "all vCPUs stopped (HSM)");
}

static void hsm_suspend(struct vcpu *v, struct vcpu_sbi_ret *ret)
{
	uint32_t type = (uint32_t)vcpu_sbi_arg(v, 0);
	unsigned long resume = vcpu_sbi_arg(v, 1);

	ret->error = sbi_hsm_suspend_check(type);
	if (ret->error)
		return;
	if (type == SBI_HSM_SUSPEND_RET_DEFAULT) {
		/* like WFI: returns SBI_SUCCESS once an interrupt is pending */
		v->hsm_state = SBI_HSM_STATE_SUSPENDED;
		return;
	}
	ret->error =
		sbi_start_addr_check(v->vm->ram_gpa, v->vm->ram_size, resume);
	if (ret->error)
		return;
	/* non-retentive: resume at resume_addr, satp = 0, SIE = 0 */
	v->regs.sepc = resume;
	v->regs.x[REG_A0] = v->id;
	v->regs.x[REG_A0 + 1] = vcpu_sbi_arg(v, 2);
	v->regs.sstatus |= SR_SPP;
	csr_write(CSR_VSATP, 0);
	csr_clear(CSR_VSSTATUS, SR_SIE);
	v->hsm_state = SBI_HSM_STATE_SUSPENDED;
	ret->no_return = true;
}

static void hsm_handler(struct vcpu *v, unsigned long fid,
			struct vcpu_sbi_ret *ret)
{
	unsigned long hartid = vcpu_sbi_arg(v, 0);

	ret->error = SBI_SUCCESS;
	switch (fid) {
	case SBI_HSM_HART_START:
		hsm_start(v, ret);
		break;
	case SBI_HSM_HART_STOP:
		hsm_stop(v, ret);
		break;
	case SBI_HSM_HART_GET_STATUS:
		if (hartid >= v->vm->nr_vcpus)
			ret->error = SBI_ERR_INVALID_PARAM;
		else
			ret->value =
				(unsigned long)v->vm->vcpus[hartid].hsm_state;
		break;
	case SBI_HSM_HART_SUSPEND:
		hsm_suspend(v, ret);
		break;
	default:
		ret->error = SBI_ERR_NOT_SUPPORTED;
	}
}

const struct vcpu_sbi_ext vcpu_sbi_ext_hsm = {
	.ext_lo = SBI_EXT_HSM,
	.ext_hi = SBI_EXT_HSM,
	.name = "hsm",
	.handler = hsm_handler,
};
