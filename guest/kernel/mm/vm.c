/* SPDX-License-Identifier: MIT */
#include "mm/vm.h"

#include <string.h>

#include "base/bootinfo.h"
#include "base/errno.h"
#include "mm/page.h"
#include "base/printk.h"

#define PTE_LEAF (PTE_R | PTE_W | PTE_X)
#define VM_KERNEL_ROOT_ENTRIES 4 /* 4 GiB identity region */

struct vmspace kernel_vm;

extern char __kernel_start[], __text_end[], __rodata_end[];

static inline uint64_t pte_pa(pte_t e)
{
	return (e >> PTE_PPN_SHIFT) << 12;
}

static inline pte_t pte_make(uint64_t pa, uint64_t perm)
{
	return ((pa >> 12) << PTE_PPN_SHIFT) | perm | PTE_V;
}

static inline unsigned vpn(uint64_t va, int level)
{
	return (va >> (12 + 9 * level)) & 511;
}

/* Leaf slot for va at the given level (0 = 4 KiB, 1 = 2 MiB), allocating
 * intermediate tables when alloc is set. */
static pte_t *vm_slot(pte_t *root, uint64_t va, int level, bool alloc)
{
	pte_t *t = root;

	for (int l = 2; l > level; l--) {
		pte_t *e = &t[vpn(va, l)];
		if (!(*e & PTE_V)) {
			if (!alloc)
				return 0;
			pte_t *n = page_alloc(0);
			if (!n)
				return 0;
			*e = pte_make((uintptr_t)n, 0);
		} else if (*e & PTE_LEAF) {
			return 0; /* covered by a larger page */
		}
		t = (pte_t *)(uintptr_t)pte_pa(*e);
	}
	return &t[vpn(va, level)];
}

int vm_map(struct vmspace *vs, uint64_t va, uint64_t pa, uint64_t size,
	   uint64_t perm)
{
	if ((va | pa | size) & 4095)
		return -EINVAL;
	perm |= PTE_A | PTE_D;
	while (size) {
		int level = 0;
		if (!(perm & PTE_OWNED) && !((va | pa) & 0x1fffff) &&
		    size >= 0x200000)
			level = 1;
		pte_t *e = vm_slot(vs->root, va, level, true);
		if (!e)
			return -ENOMEM;
		if (*e & PTE_V)
			return -EEXIST;
		*e = pte_make(pa, perm);
		uint64_t step = level ? 0x200000 : 4096;
		va += step;
		pa += step;
		size -= step;
	}
	return 0;
}

int vm_map_anon(struct vmspace *vs, uint64_t va, uint64_t size, uint64_t perm,
		uint64_t *done)
{
	uint64_t start = va;

	if (done)
		*done = 0;
	/* contiguous blocks, so ring buffers inside one mapping translate to
	 * one kernel pointer */
	while (size) {
		unsigned order = page_order_for(size);
		if (order > PAGE_MAX_ORDER)
			order = PAGE_MAX_ORDER;
		while ((4096ull << order) > size)
			order--;
		void *p = page_alloc(order);
		if (!p) {
			while (!p && order > 0)
				p = page_alloc(--order);
			if (!p)
				return -ENOMEM;
		}
		uint64_t bytes = 4096ull << order;
		int err = vm_map(vs, va, (uintptr_t)p, bytes, perm | PTE_OWNED);
		if (err) {
			/* vm_map may have placed some pages: they are owned
			 * and freed with the space; free only the rest */
			for (uint64_t off = 0; off < bytes; off += 4096)
				if (!vm_user_ptr(vs, va + off, 1, false))
					page_free((uint8_t *)p + off, 0);
			return err;
		}
		va += bytes;
		size -= bytes;
		if (done)
			*done = va - start;
	}
	return 0;
}

void vm_unmap(struct vmspace *vs, uint64_t va, uint64_t size)
{
	for (uint64_t a = va; a < va + size; a += 4096) {
		pte_t *e = vm_slot(vs->root, a, 0, false);
		if (!e || !(*e & PTE_V))
			continue;
		if (*e & PTE_OWNED)
			page_free((void *)(uintptr_t)pte_pa(*e), 0);
		*e = 0;
	}
	__atomic_add_fetch(&vs->unmap_gen, 1, __ATOMIC_RELEASE);
	__asm__ volatile("sfence.vma" ::: "memory");
}

void vm_map_device(uint64_t pa, uint64_t size)
{
	uint64_t start = pa & ~4095ull;
	uint64_t end = (pa + size + 4095) & ~4095ull;

	if (!size || end > (uint64_t)VM_KERNEL_ROOT_ENTRIES << 30)
		return;
	for (uint64_t a = start; a < end; a += 4096) {
		pte_t *e = vm_slot(kernel_vm.root, a, 0, true);
		if (e && !(*e & PTE_V))
			*e = pte_make(a, PTE_R | PTE_W | PTE_A | PTE_D | PTE_G);
	}
	__asm__ volatile("sfence.vma" ::: "memory");
}

void vm_init_kernel(void)
{
	kernel_vm.root = page_alloc(0);
	BUG_ON(!kernel_vm.root);
	/* level-1 tables for the kernel region exist from the start, so every
	 * later kernel mapping shows up in all address spaces */
	for (int i = 0; i < VM_KERNEL_ROOT_ENTRIES; i++) {
		pte_t *l1 = page_alloc(0);
		BUG_ON(!l1);
		kernel_vm.root[i] = pte_make((uintptr_t)l1, 0);
	}
	uint64_t ks = (uintptr_t)__kernel_start, te = (uintptr_t)__text_end;
	uint64_t re = (uintptr_t)__rodata_end;
	uint64_t mb = bootinfo.mem_base, me = mb + bootinfo.mem_size;
	if (me > (uint64_t)VM_KERNEL_ROOT_ENTRIES << 30)
		me = (uint64_t)VM_KERNEL_ROOT_ENTRIES << 30;
	const uint64_t g = PTE_G;
	int err = 0;
	err |= vm_map(&kernel_vm, mb, mb, ks - mb, PTE_R | PTE_W | g);
	err |= vm_map(&kernel_vm, ks, ks, te - ks, PTE_R | PTE_X | g);
	err |= vm_map(&kernel_vm, te, te, re - te, PTE_R | g);
	uint64_t rw2m = (re + 0x1fffff) & ~0x1fffffull;
	if (rw2m > me)
		rw2m = me;
	err |= vm_map(&kernel_vm, re, re, rw2m - re, PTE_R | PTE_W | g);
	err |= vm_map(&kernel_vm, rw2m, rw2m, (me - rw2m) & ~0x1fffffull,
		      PTE_R | PTE_W | g);
	uint64_t tail = rw2m + ((me - rw2m) & ~0x1fffffull);
	err |= vm_map(&kernel_vm, tail, tail, me - tail, PTE_R | PTE_W | g);
	if (err)
		panic("vm: cannot build kernel page tables (%d)", err);
	kernel_vm.satp =
		SATP_MODE_SV39 | ((uintptr_t)kernel_vm.root >> PAGE_SHIFT);
	vm_enable_cpu();
}

void vm_enable_cpu(void)
{
	__asm__ volatile("sfence.vma" ::: "memory");
	csr_write(CSR_SATP, kernel_vm.satp);
	__asm__ volatile("sfence.vma" ::: "memory");
}

void vm_switch(const struct vmspace *vs)
{
	if (csr_read(CSR_SATP) != vs->satp) {
		csr_write(CSR_SATP, vs->satp);
		__asm__ volatile("sfence.vma" ::: "memory");
	}
}

int vm_space_init(struct vmspace *vs)
{
	vs->root = page_alloc(0);
	if (!vs->root)
		return -ENOMEM;
	for (int i = 0; i < VM_KERNEL_ROOT_ENTRIES; i++)
		vs->root[i] = kernel_vm.root[i];
	vs->satp = SATP_MODE_SV39 | ((uintptr_t)vs->root >> PAGE_SHIFT);
	return 0;
}

static void vm_free_table(pte_t *t, int level)
{
	for (int i = 0; i < 512; i++) {
		pte_t e = t[i];
		if (!(e & PTE_V))
			continue;
		if (e & PTE_LEAF) {
			if (e & PTE_OWNED)
				page_free((void *)(uintptr_t)pte_pa(e), 0);
		} else if (level > 0) {
			vm_free_table((pte_t *)(uintptr_t)pte_pa(e), level - 1);
		}
	}
	page_free(t, 0);
}

void vm_space_destroy(struct vmspace *vs)
{
	if (!vs->root)
		return;
	for (int i = VM_KERNEL_ROOT_ENTRIES; i < 512; i++) {
		pte_t e = vs->root[i];
		if ((e & PTE_V) && !(e & PTE_LEAF))
			vm_free_table((pte_t *)(uintptr_t)pte_pa(e), 1);
	}
	page_free(vs->root, 0);
	vs->root = 0;
}

/* User leaf for va carrying the rights in need, or 0. */
static pte_t vm_user_pte_need(const struct vmspace *vs, uint64_t va,
			      uint64_t need)
{
	if (va < USER_BASE || va >= USER_TOP)
		return 0;
	pte_t *e = vm_slot(vs->root, va, 0, false);
	if (!e)
		return 0;
	pte_t v = *e;
	need |= PTE_V | PTE_U;
	return (v & need) == need ? v : 0;
}

static pte_t vm_user_pte(const struct vmspace *vs, uint64_t va, bool write)
{
	return vm_user_pte_need(vs, va, PTE_R | (write ? PTE_W : 0));
}

void *vm_user_ptr(const struct vmspace *vs, uint64_t va, uint64_t len,
		  bool write)
{
	if (va + len < va || va + len > USER_TOP)
		return 0;
	pte_t e = vm_user_pte(vs, va, write);
	if (!e)
		return 0;
	uint64_t pa0 = pte_pa(e) + (va & 4095);
	/* every further page must exist and follow physically */
	for (uint64_t pg = (va & ~4095ull) + 4096; pg < va + len; pg += 4096) {
		pte_t n = vm_user_pte(vs, pg, write);
		if (!n ||
		    pte_pa(n) != pa0 - (va & 4095) + (pg - (va & ~4095ull)))
			return 0;
	}
	return (void *)(uintptr_t)pa0;
}

bool vm_user_range_ok(const struct vmspace *vs, uint64_t va, uint64_t len,
		      bool write)
{
	if (!len)
		return true;
	if (va + len < va || va + len > USER_TOP)
		return false;
	for (uint64_t pg = va & ~4095ull; pg < va + len; pg += 4096)
		if (!vm_user_pte(vs, pg, write))
			return false;
	return true;
}

static int vm_copy(const struct vmspace *vs, uint64_t uva, void *kbuf,
		   uint64_t len, bool to_user, uint64_t need)
{
	uint8_t *k = kbuf;

	while (len) {
		uint64_t chunk = 4096 - (uva & 4095);
		if (chunk > len)
			chunk = len;
		pte_t e = vm_user_pte_need(vs, uva, need);
		if (!e)
			return -EFAULT;
		void *p = (void *)(uintptr_t)(pte_pa(e) + (uva & 4095));
		if (to_user)
			memcpy(p, k, chunk);
		else
			memcpy(k, p, chunk);
		k += chunk;
		uva += chunk;
		len -= chunk;
	}
	return 0;
}

int copy_from_user(const struct vmspace *vs, void *dst, uint64_t src,
		   uint64_t len)
{
	return vm_copy(vs, src, dst, len, false, PTE_R);
}

int copy_to_user(const struct vmspace *vs, uint64_t dst, const void *src,
		 uint64_t len)
{
	return vm_copy(vs, dst, (void *)src, len, true, PTE_R | PTE_W);
}

int copy_to_user_force(const struct vmspace *vs, uint64_t dst, const void *src,
		       uint64_t len)
{
	return vm_copy(vs, dst, (void *)src, len, true, 0);
}

long strncpy_from_user(const struct vmspace *vs, char *dst, uint64_t src,
		       uint64_t size)
{
	for (uint64_t i = 0; i < size; i++) {
		pte_t e = vm_user_pte(vs, src + i, false);
		if (!e)
			return -EFAULT;
		char c = *(const char *)(uintptr_t)(pte_pa(e) +
						    ((src + i) & 4095));
		dst[i] = c;
		if (!c)
			return (long)i;
	}
	if (size)
		dst[size - 1] = 0;
	return -ENAMETOOLONG;
}
