// SPDX-License-Identifier: MIT
#include <string.h>

#include "page_alloc.h"
#include "riscv_csr.h"

/* enough for 16 GiB of host RAM */
#define PA_MAX_PAGES (16ULL << (30 - PAGE_SHIFT))

static uint64_t pa_base;
static size_t pa_npages;
static uint64_t pa_bitmap[PA_MAX_PAGES / 64]; /* 1 = used */

static int pa_used(size_t i)
{
	return (pa_bitmap[i / 64] >> (i % 64)) & 1;
}

static void pa_mark(size_t first, size_t n, int used)
{
	for (size_t i = first; i < first + n; i++) {
		if (used)
			pa_bitmap[i / 64] |= 1ULL << (i % 64);
		else
			pa_bitmap[i / 64] &= ~(1ULL << (i % 64));
	}
}

void page_alloc_init(uint64_t base, uint64_t size)
{
	pa_base = base;
	pa_npages = size >> PAGE_SHIFT;
	if (pa_npages > PA_MAX_PAGES)
		pa_npages = PA_MAX_PAGES;
	memset(pa_bitmap, 0, sizeof(pa_bitmap));
}

void page_alloc_reserve(uint64_t base, uint64_t size)
{
	uint64_t lo = base & ~(PAGE_SIZE - 1);
	uint64_t hi = (base + size + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	uint64_t end = pa_base + ((uint64_t)pa_npages << PAGE_SHIFT);

	if (hi <= pa_base || lo >= end)
		return;
	if (lo < pa_base)
		lo = pa_base;
	if (hi > end)
		hi = end;
	pa_mark((lo - pa_base) >> PAGE_SHIFT, (hi - lo) >> PAGE_SHIFT, 1);
}

uint64_t page_alloc(size_t npages, uint64_t align)
{
	size_t step = align > PAGE_SIZE ? align >> PAGE_SHIFT : 1;
	size_t first = 0;

	/* first index whose address is aligned */
	while (first < pa_npages &&
	       ((pa_base + ((uint64_t)first << PAGE_SHIFT)) & (align - 1)))
		first++;
	for (size_t i = first; i + npages <= pa_npages; i += step) {
		size_t j = 0;

		while (j < npages && !pa_used(i + j))
			j++;
		if (j == npages) {
			uint64_t pa = pa_base + ((uint64_t)i << PAGE_SHIFT);

			pa_mark(i, npages, 1);
			memset((void *)(uintptr_t)pa, 0, npages << PAGE_SHIFT);
			return pa;
		}
	}
	return 0;
}

void page_free(uint64_t pa, size_t npages)
{
	if (pa < pa_base)
		return;
	pa_mark((pa - pa_base) >> PAGE_SHIFT, npages, 0);
}

size_t page_alloc_free_pages(void)
{
	size_t n = 0;

	for (size_t i = 0; i < pa_npages; i++)
		n += !pa_used(i);
	return n;
}
