/* SPDX-License-Identifier: MIT */
/* Physical page allocator (binary buddy, orders 0..PAGE_MAX_ORDER).
 * RAM is identity mapped, so a physical address is also a kernel pointer. */
#ifndef GK_PAGE_H
#define GK_PAGE_H

#include <stdint.h>

#define PAGE_MAX_ORDER 10

void page_init(uint64_t base, uint64_t size);
/* Hands [start, end) (page aligned inward) to the allocator. */
void page_add_range(uint64_t start, uint64_t end);
/* 2^order contiguous pages, zeroed; NULL when memory is exhausted. */
void *page_alloc(unsigned order);
void page_free(void *p, unsigned order);
uint64_t page_free_pages(void);

/* One byte per page for the small-object allocator's bookkeeping. */
void page_tag_set(const void *p, uint8_t tag);
uint8_t page_tag_get(const void *p);
int page_owned(const void *p);

static inline unsigned page_order_for(uint64_t bytes)
{
	unsigned o = 0;

	while ((4096ul << o) < bytes)
		o++;
	return o;
}

#endif
