// SPDX-License-Identifier: MIT
/* Guest-page faults: accesses outside guest RAM. Emulated devices claim
 * their windows; anything else becomes an access fault in the guest.
 * Only the instruction's own access is emulated. When the hart's walk of
 * the guest's page table is what faulted (a table entry outside RAM), the
 * guest gets an access fault of the instruction's access type, as a hart
 * without H would raise: the walk never reads a device. */
#include "guest.h"
#include "mmio.h"
#include "mmio_decode.h"
#include "trace/trace_vcpu.h"
#include "vcpu.h"

/* vsatp: MODE 8, 9, 10 = Sv39, Sv48, Sv57 (3, 4, 5 levels) */
#define VSATP_MODE_SHIFT 60
#define VSATP_PPN_MASK ((1ULL << 44) - 1)
#define VSATP_LEVELS(mode) ((int)(mode)-5)
#define PTE_N BIT(63) /* Svnapot: a 64 KiB page */
#define PTE_PPN(pte) (((pte) >> PTE_PPN_SHIFT) & VSATP_PPN_MASK)

static unsigned long fault_gpa(const struct vcpu *v)
{
	return (v->trap.htval << 2) | (v->trap.stval & 3);
}

/* The instruction bits: the transformed instruction when the hart gave
 * one (it keeps the opcode), else read at sepc. */
static int trapped_insn(struct vcpu *v, uint32_t *insn)
{
	if (v->trap.htinst & 3) {
		*insn = (uint32_t)v->trap.htinst | 2;
		return 0;
	}
	return vcpu_read_insn(v, v->regs.sepc, insn);
}

/* An access fault of the type of the access that faulted. QEMU 7.2
 * reports a store or AMO whose access or page-table walk faults, and a
 * fetch whose walk faults, as a load guest-page fault. */
static void inject_access_fault(struct vcpu *v)
{
	unsigned long cause = CAUSE_LOAD_ACCESS, pc = v->regs.sepc;
	uint32_t insn;

	if (v->trap.scause == CAUSE_FETCH_GUEST_PAGE_FAULT)
		cause = CAUSE_FETCH_ACCESS;
	else if (v->trap.scause == CAUSE_STORE_GUEST_PAGE_FAULT)
		cause = CAUSE_STORE_ACCESS;
	else if (trapped_insn(v, &insn)) {
		/* no instruction there: its fetch is what faulted */
		if (v->trap.stval - pc < 4)
			cause = CAUSE_FETCH_ACCESS;
	} else if (mmio_insn_is_store(insn))
		cause = CAUSE_STORE_ACCESS;
	vcpu_inject_exception(v, cause, v->trap.stval);
}

/* The guest-physical address the guest's VS stage gives va, read from its
 * page table in its RAM. -1 if a table entry lies outside RAM (the hart's
 * walk faults there) or the walk ends without a leaf (the table changed
 * since the trap). Permissions were checked by the hart before the
 * access faulted. */
static int walk_vs(struct vcpu *v, uint64_t va, uint64_t *gpa)
{
	unsigned long satp = csr_read(CSR_VSATP);
	unsigned long mode = satp >> VSATP_MODE_SHIFT;
	uint64_t table = (satp & VSATP_PPN_MASK) << PAGE_SHIFT;

	if (!mode) {
		*gpa = va;
		return 0;
	}
	if (mode < 8 || mode > 10)
		return -1;
	for (int i = VSATP_LEVELS(mode) - 1; i >= 0; i--) {
		unsigned int sh = PAGE_SHIFT + 9 * (unsigned int)i;
		const uint64_t *p = guest_gpa_to_hva(
			v->vm, table + ((va >> sh) & 0x1ff) * 8, 8);
		uint64_t pte, ppn, low;

		if (!p)
			return -1;
		pte = __atomic_load_n(p, __ATOMIC_RELAXED);
		if (!(pte & PTE_V))
			return -1;
		ppn = PTE_PPN(pte);
		if (!(pte & (PTE_R | PTE_X))) {
			table = ppn << PAGE_SHIFT;
			continue;
		}
		/* a superpage or napot page takes the low PPN bits from va */
		low = (1ULL << (9 * i)) - 1;
		if (!i && (pte & PTE_N))
			low = 0xf;
		ppn = (ppn & ~low) | ((va >> PAGE_SHIFT) & low);
		*gpa = ppn << PAGE_SHIFT | (va & (PAGE_SIZE - 1));
		return 0;
	}
	return -1;
}

/* The access of the instruction that trapped, if the fault was that
 * access; -1 if not (the page-table walk faulted, or no load/store). */
static int decode(struct vcpu *v, struct mmio_access *acc)
{
	uint32_t insn;
	uint64_t va, gpa;

	switch (mmio_decode_htinst(v->trap.htinst, acc)) {
	case MMIO_DECODE_OK:
		return 0; /* a transformed instruction: its own access */
	case MMIO_DECODE_IMPLICIT:
		return -1;
	}
	if (vcpu_read_insn(v, v->regs.sepc, &insn) ||
	    mmio_decode_insn(insn, acc) != MMIO_DECODE_OK)
		return -1;
	/* htinst 0 does not say which access faulted: it is the
	 * instruction's own only if it faulted where that one goes */
	va = vcpu_get_reg(v, acc->base_reg) + (uint64_t)(int64_t)acc->imm;
	if (va != v->trap.stval || walk_vs(v, va, &gpa) || gpa != fault_gpa(v))
		return -1;
	return 0;
}

void vcpu_guest_page_fault(struct vcpu *v)
{
	unsigned long gpa = fault_gpa(v);
	struct mmio_region *r;
	struct mmio_access acc;
	uint64_t val;
	int err;

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
		err = r->ops->write(r, v, gpa - r->base, acc.width, val);
		trace_mmio(v, (unsigned int)(r - v->vm->mmio), gpa, acc.width,
			   val, 1, err);
		if (err)
			goto fault;
	} else {
		val = 0;
		err = r->ops->read(r, v, gpa - r->base, acc.width, &val);
		trace_mmio(v, (unsigned int)(r - v->vm->mmio), gpa, acc.width,
			   val, 0, err);
		if (err)
			goto fault;
		if (acc.sign_extend && acc.width < 8) {
			unsigned int sh = 64 - 8 * acc.width;

			val = (uint64_t)((int64_t)(val << sh) >> sh);
		}
		vcpu_set_reg(v, acc.reg, val);
	}
	v->regs.sepc += acc.insn_len;
	v->storm = 0; /* the guest moved on */
	return;
fault:
	inject_access_fault(v);
}
