// SPDX-License-Identifier: MIT
/* Guest-page faults: accesses outside guest RAM. Emulated devices claim
 * their windows; anything else becomes an access fault in the guest. */
#include "guest.h"
#include "mmio.h"
#include "mmio_decode.h"
#include "vcpu.h"

static unsigned long fault_gpa(const struct vcpu *v)
{
	return (v->trap.htval << 2) | (v->trap.stval & 3);
}

/* AMOs and SC fault as stores, though QEMU reports some as load faults */
static bool insn_is_amo_store(struct vcpu *v)
{
	uint32_t insn;

	if (v->trap.htinst & 3)
		insn = (uint32_t)v->trap.htinst;
	else if (vcpu_read_insn(v, v->regs.sepc, &insn))
		return false;
	return (insn & 0x7f) == 0x2f && (insn >> 27) != 0x02; /* not LR */
}

static void inject_access_fault(struct vcpu *v)
{
	if (v->trap.scause == CAUSE_LOAD_GUEST_PAGE_FAULT &&
	    insn_is_amo_store(v)) {
		vcpu_inject_exception(v, CAUSE_STORE_ACCESS, v->trap.stval);
		return;
	}
	static const unsigned long access_cause[] = {
		[CAUSE_FETCH_GUEST_PAGE_FAULT - 20] = CAUSE_FETCH_ACCESS,
		[CAUSE_LOAD_GUEST_PAGE_FAULT - 20] = CAUSE_LOAD_ACCESS,
		[CAUSE_STORE_GUEST_PAGE_FAULT - 20] = CAUSE_STORE_ACCESS,
	};

	vcpu_inject_exception(v, access_cause[v->trap.scause - 20],
			      v->trap.stval);
}

static int decode(struct vcpu *v, struct mmio_access *acc)
{
	uint32_t insn;

	if (mmio_decode_htinst(v->trap.htinst, acc) == MMIO_DECODE_OK)
		return 0;
	if (vcpu_read_insn(v, v->regs.sepc, &insn))
		return -1;
	return mmio_decode_insn(insn, acc) == MMIO_DECODE_OK ? 0 : -1;
}

void vcpu_guest_page_fault(struct vcpu *v)
{
	unsigned long gpa = fault_gpa(v);
	struct mmio_region *r;
	struct mmio_access acc;
	uint64_t val;

	if (v->trap.scause == CAUSE_FETCH_GUEST_PAGE_FAULT)
		goto fault;
	r = mmio_find(v->vm, gpa);
	if (!r || decode(v, &acc))
		goto fault;
	if (acc.is_store != (v->trap.scause == CAUSE_STORE_GUEST_PAGE_FAULT))
		goto fault;
	if (acc.addr_offset) /* a misaligned access split by the hart */
		goto fault;
	if (acc.is_store) {
		val = vcpu_get_reg(v, acc.reg);
		if (r->ops->write(r, v, gpa - r->base, acc.width, val))
			goto fault;
	} else {
		if (r->ops->read(r, v, gpa - r->base, acc.width, &val))
			goto fault;
		if (acc.sign_extend && acc.width < 8) {
			unsigned int sh = 64 - 8 * acc.width;

			val = (uint64_t)((int64_t)(val << sh) >> sh);
		}
		vcpu_set_reg(v, acc.reg, val);
	}
	v->regs.sepc += acc.insn_len;
	return;
fault:
	inject_access_fault(v);
}
