// SPDX-License-Identifier: MIT
/* Virtual-instruction exits and reading guest instructions. */
#include "hart.h"
#include "power.h"
#include "vcpu.h"

#define INSN_WFI 0x10500073u

static inline unsigned long hlvx_hu(unsigned long addr)
{
	unsigned long val;

	/* hlvx.hu val, (addr) */
	__asm__ volatile(".insn r 0x73, 4, 0x32, %0, %1, x3"
			 : "=r"(val)
			 : "r"(addr)
			 : "memory");
	return val;
}

/* Read the instruction at guest virtual pc through the guest's own
 * translation. Returns 0, or the exception cause the read raised. */
int vcpu_read_insn(struct vcpu *v, unsigned long pc, uint32_t *insn)
{
	struct hart *h = this_hart();
	unsigned long old = csr_swap(CSR_HSTATUS, v->regs.hstatus);
	uint32_t lo, hi = 0;

	h->fault_cause = 0;
	h->fault_expected = 1;
	lo = (uint32_t)hlvx_hu(pc);
	if (!h->fault_cause && (lo & 3) == 3)
		hi = (uint32_t)hlvx_hu(pc + 2);
	h->fault_expected = 0;
	csr_write(CSR_HSTATUS, old);
	if (h->fault_cause)
		return (int)h->fault_cause;
	*insn = (lo & 0xffff) | (hi << 16);
	return 0;
}

void vcpu_virtual_insn(struct vcpu *v)
{
	uint32_t insn;

	/* QEMU 7.2 can leave stval stale here: read the instruction itself */
	if (vcpu_read_insn(v, v->regs.sepc, &insn)) {
		vcpu_stop(v, POWER_GUEST_STOPPED,
			  "cannot read the instruction it trapped on");
		return;
	}
	if (insn == INSN_WFI) {
		v->regs.sepc += 4;
		v->storm = 0;
		if (!vcpu_irq_pending(v))
			v->wfi = true;
		return;
	}
	/* H-extension instructions and CSRs do not exist for the guest */
	vcpu_inject_exception(v, CAUSE_ILLEGAL_INSN, insn);
}
