/* SPDX-License-Identifier: MIT */
#include "mm/page.h"

#include <string.h>

#include "base/printk.h"
#include "arch/spinlock.h"

#define PG_FREE 0x80

struct page_free_block {
	struct page_free_block *next, *prev;
};

static struct {
	struct spinlock lock;
	uint64_t base, npages, nfree, ntotal;
	uint8_t *state; /* PG_FREE | order at the head of a free block */
	uint8_t *tag;
	struct page_free_block *head[PAGE_MAX_ORDER + 1];
} pg;

/* Metadata arrays are carved from the start of the first added range. */
static uint64_t pg_meta_bytes;

void page_init(uint64_t base, uint64_t size)
{
	pg.base = base;
	pg.npages = size >> 12;
	pg_meta_bytes = (pg.npages * 2 + 4095) & ~4095ull;
}

static void pg_list_add(uint64_t pfn, unsigned order)
{
	struct page_free_block *b = (void *)(uintptr_t)(pg.base + (pfn << 12));

	b->prev = 0;
	b->next = pg.head[order];
	if (b->next)
		b->next->prev = b;
	pg.head[order] = b;
	pg.state[pfn] = PG_FREE | order;
}

static void pg_list_del(uint64_t pfn, unsigned order)
{
	struct page_free_block *b = (void *)(uintptr_t)(pg.base + (pfn << 12));

	if (b->prev)
		b->prev->next = b->next;
	else
		pg.head[order] = b->next;
	if (b->next)
		b->next->prev = b->prev;
	pg.state[pfn] = 0;
}

static void pg_free_locked(uint64_t pfn, unsigned order)
{
	pg.nfree += 1ull << order;
	while (order < PAGE_MAX_ORDER) {
		uint64_t buddy = pfn ^ (1ull << order);
		if (buddy + (1ull << order) > pg.npages ||
		    pg.state[buddy] != (PG_FREE | order))
			break;
		pg_list_del(buddy, order);
		pfn &= ~(1ull << order);
		order++;
	}
	pg_list_add(pfn, order);
}

void page_add_range(uint64_t start, uint64_t end)
{
	start = (start + 4095) & ~4095ull;
	end &= ~4095ull;
	if (start < pg.base)
		start = pg.base;
	if (end > pg.base + (pg.npages << 12))
		end = pg.base + (pg.npages << 12);
	if (!pg.state) {
		/* first range: metadata lives at its start */
		if (end - start < pg_meta_bytes + 4096)
			panic("page: first range too small for metadata");
		pg.state = (uint8_t *)(uintptr_t)start;
		pg.tag = pg.state + pg.npages;
		memset(pg.state, 0, pg_meta_bytes);
		start += pg_meta_bytes;
	}
	unsigned long f = spin_lock_irqsave(&pg.lock);
	for (uint64_t a = start; a < end; a += 4096) {
		pg_free_locked((a - pg.base) >> 12, 0);
		pg.ntotal++;
	}
	spin_unlock_irqrestore(&pg.lock, f);
}

void *page_alloc(unsigned order)
{
	unsigned k;

	if (order > PAGE_MAX_ORDER)
		return 0;
	unsigned long f = spin_lock_irqsave(&pg.lock);
	for (k = order; k <= PAGE_MAX_ORDER && !pg.head[k]; k++)
		;
	if (k > PAGE_MAX_ORDER) {
		spin_unlock_irqrestore(&pg.lock, f);
		return 0;
	}
	uint64_t pfn = (((uintptr_t)pg.head[k]) - pg.base) >> 12;
	pg_list_del(pfn, k);
	while (k > order) {
		k--;
		pg_list_add(pfn + (1ull << k), k);
	}
	pg.nfree -= 1ull << order;
	spin_unlock_irqrestore(&pg.lock, f);
	void *p = (void *)(uintptr_t)(pg.base + (pfn << 12));
	memset(p, 0, 4096ul << order);
	return p;
}

void page_free(void *p, unsigned order)
{
	uint64_t pa = (uintptr_t)p;

	if (!p)
		return;
	BUG_ON(pa & 4095 || pa < pg.base || pa >= pg.base + (pg.npages << 12));
	unsigned long f = spin_lock_irqsave(&pg.lock);
	for (uint64_t i = 0; i < (1ull << order); i++)
		pg.tag[((pa - pg.base) >> 12) + i] = 0;
	pg_free_locked((pa - pg.base) >> 12, order);
	spin_unlock_irqrestore(&pg.lock, f);
}

uint64_t page_free_pages(void)
{
	return pg.nfree;
}

int page_owned(const void *p)
{
	uint64_t pa = (uintptr_t)p;

	return pa >= pg.base && pa < pg.base + (pg.npages << 12);
}

void page_tag_set(const void *p, uint8_t tag)
{
	pg.tag[((uintptr_t)p - pg.base) >> 12] = tag;
}

uint8_t page_tag_get(const void *p)
{
	return pg.tag[((uintptr_t)p - pg.base) >> 12];
}
