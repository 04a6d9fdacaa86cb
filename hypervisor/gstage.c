// SPDX-License-Identifier: MIT
#include "gstage.h"
#include "page_alloc.h"
#include "riscv_csr.h"
#include "tlb.h"

#define GSTAGE_ROOT_PAGES 4 /* Sv39x4 root: 2048 entries, 16 KiB aligned */
#define GSTAGE_GPA_BITS 41
#define PTE_LEAF_RWX (PTE_V | PTE_R | PTE_W | PTE_X | PTE_U | PTE_A | PTE_D)
#define SZ_2M (1ULL << 21)

static unsigned int vmid_bits;

void gstage_detect_vmid_bits(void)
{
	unsigned long old = csr_read(CSR_HGATP), v;

	csr_write(CSR_HGATP, HGATP_VMID_MASK);
	v = (csr_read(CSR_HGATP) & HGATP_VMID_MASK) >> HGATP_VMID_SHIFT;
	csr_write(CSR_HGATP, old);
	vmid_bits = 0;
	while (v & 1) {
		vmid_bits++;
		v >>= 1;
	}
	hfence_gvma_all();
}

unsigned int gstage_vmid_bits(void)
{
	return vmid_bits;
}

int gstage_init(struct gstage *gs, unsigned long vmid)
{
	gs->root = page_alloc(GSTAGE_ROOT_PAGES, GSTAGE_ROOT_PAGES * PAGE_SIZE);
	if (!gs->root)
		return -1;
	gs->vmid = vmid_bits ? vmid & ((1UL << vmid_bits) - 1) : 0;
	gs->hgatp = HGATP_MODE_SV39X4 | (gs->vmid << HGATP_VMID_SHIFT) |
		    (gs->root >> PAGE_SHIFT);
	return 0;
}

static uint64_t *pte_table(uint64_t pte)
{
	return (uint64_t *)(uintptr_t)((pte >> PTE_PPN_SHIFT) << PAGE_SHIFT);
}

/* the level-`level` PTE for gpa, allocating intermediate tables */
static uint64_t *gstage_walk(struct gstage *gs, uint64_t gpa, int level)
{
	uint64_t *table = (uint64_t *)(uintptr_t)gs->root;

	for (int l = 2; l > level; l--) {
		unsigned int shift = PAGE_SHIFT + 9 * l;
		uint64_t idx = (gpa >> shift) & (l == 2 ? 0x7ff : 0x1ff);
		uint64_t *pte = &table[idx];

		if (!(*pte & PTE_V)) {
			uint64_t pa = page_alloc(1, PAGE_SIZE);

			if (!pa)
				return NULL;
			*pte = ((pa >> PAGE_SHIFT) << PTE_PPN_SHIFT) | PTE_V;
		} else if (*pte & (PTE_R | PTE_W | PTE_X)) {
			return NULL; /* already a larger leaf */
		}
		table = pte_table(*pte);
	}
	return &table[(gpa >> (PAGE_SHIFT + 9 * level)) & 0x1ff];
}

int gstage_map(struct gstage *gs, uint64_t gpa, uint64_t hpa, uint64_t size)
{
	if ((gpa | hpa | size) & (PAGE_SIZE - 1) ||
	    gpa + size > (1ULL << GSTAGE_GPA_BITS) || gpa + size < gpa)
		return -1;
	while (size) {
		int level = !((gpa | hpa) & (SZ_2M - 1)) && size >= SZ_2M;
		uint64_t step = level ? SZ_2M : PAGE_SIZE;
		uint64_t *pte = gstage_walk(gs, gpa, level);

		if (!pte)
			return -1;
		*pte = ((hpa >> PAGE_SHIFT) << PTE_PPN_SHIFT) | PTE_LEAF_RWX;
		gpa += step;
		hpa += step;
		size -= step;
	}
	__asm__ volatile("fence rw, rw" ::: "memory");
	hfence_gvma_all();
	return 0;
}

void gstage_activate(const struct gstage *gs)
{
	csr_write(CSR_HGATP, gs->hgatp);
	/* without VMIDs every guest shares tag 0: flush on each switch */
	if (!vmid_bits)
		hfence_gvma_all();
}
