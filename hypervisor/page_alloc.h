/* SPDX-License-Identifier: MIT */
/* Physical page allocator over host RAM: a bitmap, first fit, with alignment. */
#ifndef PAGE_ALLOC_H
#define PAGE_ALLOC_H

#include <stddef.h>
#include <stdint.h>

void page_alloc_init(uint64_t base, uint64_t size);
/* Mark [base, base + size) as not allocatable (firmware, us, DTB, bundle). */
void page_alloc_reserve(uint64_t base, uint64_t size);
/* Zeroed, physically contiguous, align a power of two >= 4 KiB. 0 if none. */
uint64_t page_alloc(size_t npages, uint64_t align);
void page_free(uint64_t pa, size_t npages);
size_t page_alloc_free_pages(void);

#endif
