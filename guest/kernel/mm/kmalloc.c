/* SPDX-License-Identifier: MIT */
#include "mm/kmalloc.h"

#include <string.h>

#include "mm/page.h"
#include "base/printk.h"
#include "arch/spinlock.h"

/* page tags: 1..KM_NCLASS = slab page of that class, 0x40|order = head of a
 * large allocation */
#define KM_TAG_LARGE 0x40

static const uint16_t km_sizes[] = {16,	 32,  48,  64,	 96,  128,
				    192, 256, 512, 1024, 2048};
#define KM_NCLASS (sizeof(km_sizes) / sizeof(km_sizes[0]))

struct km_obj {
	struct km_obj *next;
};

static struct km_class {
	struct spinlock lock;
	struct km_obj *free;
	uint64_t in_use;
} km_class[KM_NCLASS];

static uint64_t km_large_bytes, km_slab_pages;

static int km_class_of(size_t size)
{
	for (unsigned i = 0; i < KM_NCLASS; i++)
		if (size <= km_sizes[i])
			return (int)i;
	return -1;
}

static int km_refill(struct km_class *kc, unsigned ci)
{
	uint8_t *pg = page_alloc(0);

	if (!pg)
		return -1;
	page_tag_set(pg, (uint8_t)(ci + 1));
	__atomic_add_fetch(&km_slab_pages, 1, __ATOMIC_RELAXED);
	for (unsigned off = 0; off + km_sizes[ci] <= 4096;
	     off += km_sizes[ci]) {
		struct km_obj *o = (struct km_obj *)(pg + off);
		o->next = kc->free;
		kc->free = o;
	}
	return 0;
}

void *kmalloc(size_t size)
{
	int ci = km_class_of(size ? size : 1);

	if (ci < 0) {
		unsigned order = page_order_for(size);
		void *p = page_alloc(order);
		if (p) {
			page_tag_set(p, (uint8_t)(KM_TAG_LARGE | order));
			__atomic_add_fetch(&km_large_bytes, 4096ul << order,
					   __ATOMIC_RELAXED);
		}
		return p;
	}
	struct km_class *kc = &km_class[ci];
	unsigned long f = spin_lock_irqsave(&kc->lock);
	if (!kc->free && km_refill(kc, (unsigned)ci)) {
		spin_unlock_irqrestore(&kc->lock, f);
		return 0;
	}
	struct km_obj *o = kc->free;
	kc->free = o->next;
	kc->in_use += km_sizes[ci];
	spin_unlock_irqrestore(&kc->lock, f);
	memset(o, 0, km_sizes[ci]);
	return o;
}

void kfree(void *p)
{
	if (!p)
		return;
	BUG_ON(!page_owned(p));
	uint8_t tag = page_tag_get(p);
	if (tag & KM_TAG_LARGE) {
		unsigned order = tag & 0x3f;
		BUG_ON((uintptr_t)p & 4095);
		__atomic_sub_fetch(&km_large_bytes, 4096ul << order,
				   __ATOMIC_RELAXED);
		page_free(p, order);
		return;
	}
	BUG_ON(tag == 0 || tag > KM_NCLASS);
	struct km_class *kc = &km_class[tag - 1];
	unsigned long f = spin_lock_irqsave(&kc->lock);
	struct km_obj *o = p;
	o->next = kc->free;
	kc->free = o;
	kc->in_use -= km_sizes[tag - 1];
	spin_unlock_irqrestore(&kc->lock, f);
}

uint64_t kmalloc_bytes_in_use(void)
{
	uint64_t n = __atomic_load_n(&km_large_bytes, __ATOMIC_RELAXED);

	for (unsigned i = 0; i < KM_NCLASS; i++)
		n += km_class[i].in_use;
	return n;
}

uint64_t kmalloc_slab_pages(void)
{
	return __atomic_load_n(&km_slab_pages, __ATOMIC_RELAXED);
}
