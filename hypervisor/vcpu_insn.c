// SPDX-License-Identifier: MIT
/* Virtual-instruction exits and reading guest instructions. */
#include "guest.h"
#include "hart.h"
#include "power.h"
#include "vcpu.h"

#define INSN_WFI 0x10500073u
#define COUNTEREN_CY BIT(0)
#define COUNTEREN_TM BIT(1)
#define COUNTEREN_IR BIT(2)

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

/* hcounteren while v runs: the counters its guest reads without an exit */
unsigned long vcpu_counter_hcounteren(const struct vcpu *v)
{
	unsigned long en = COUNTEREN_CY | COUNTEREN_TM | COUNTEREN_IR;

	/* instret reads trap (virtual instruction) to vcpu_counter_insn */
	if (v->vm->cfg->counters == GUEST_COUNTERS_VIRTUAL)
		en &= ~COUNTEREN_IR;
	return en;
}

/* A trapped read of instret by a guest with counters = "virtual": the
 * vCPU's own count of guest instructions. Returns false if insn is not
 * one, and the caller makes it an illegal instruction: another CSR, a
 * write (instret is read-only), or a read from VU-mode that the guest
 * kernel's scounteren forbids (the hart traps those to HS whatever
 * hcounteren says; to the guest it is the illegal instruction a hart
 * without H would raise). */
static bool vcpu_counter_insn(struct vcpu *v, uint32_t insn)
{
	unsigned int f3 = (insn >> 12) & 7, rs1 = (insn >> 15) & 31;

	if (v->vm->cfg->counters != GUEST_COUNTERS_VIRTUAL ||
	    (insn & 0x7f) != 0x73 || (insn >> 20) != CSR_INSTRET)
		return false;
	/* csrrs/csrrc rd, instret, x0 and csrrsi/csrrci with uimm 0 only read */
	if ((f3 != 2 && f3 != 3 && f3 != 6 && f3 != 7) || rs1)
		return false;
	if (!(v->regs.sstatus & SR_SPP) &&
	    !(csr_read(CSR_SCOUNTEREN) & COUNTEREN_IR))
		return false;
	/* vcpu_enter has already added this stint, up to the trap; then the
	 * read retires, as on a hart (two reads in a row differ by one) */
	vcpu_set_reg(v, (insn >> 7) & 31, v->guest_instret++);
	v->regs.sepc += 4;
	v->storm = 0;
	return true;
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
	if (insn == INSN_WFI && !(v->regs.sstatus & SR_SPP)) {
		/* VU-mode: the guest kernel cannot let its user mode wait (its
		 * interrupts may be off for good). Priv spec: U-mode WFI is
		 * illegal unless it ends in bounded time; as on a hart
		 * without H, it is an illegal instruction. */
		vcpu_inject_exception(v, CAUSE_ILLEGAL_INSN, insn);
		return;
	}
	if (insn == INSN_WFI) {
		v->regs.sepc += 4;
		v->storm = 0;
		if (!vcpu_irq_pending(v))
			v->wfi = true;
		return;
	}
	if (vcpu_counter_insn(v, insn))
		return;
	/* H-extension instructions and CSRs do not exist for the guest */
	vcpu_inject_exception(v, CAUSE_ILLEGAL_INSN, insn);
}
