// SPDX-License-Identifier: MIT
#include <stdlib.h>
#include <string.h>

#include "pvring_test_util.h"

void pvt_mem_init(struct pvt_mem *m, size_t size)
{
	memset(m, 0, sizeof(*m));
	size = (size + 4095) & ~(size_t)4095;
	m->host = aligned_alloc(4096, size);
	if (!m->host)
		abort();
	memset(m->host, 0, size);
	m->size = size;
	m->base = PVT_BASE;
}

void pvt_mem_free(struct pvt_mem *m)
{
	free(m->host);
	m->host = NULL;
}

void *pvt_translate(void *ctx, uint64_t addr, uint32_t len, bool writable)
{
	struct pvt_mem *m = ctx;
	uint64_t off;

	(void)writable;
	m->calls++;
	if (m->hook)
		m->hook(m, addr, len);
	if (addr < m->base || addr - m->base > m->size ||
	    len > m->size - (addr - m->base)) {
		m->refused++;
		return NULL;
	}
	off = addr - m->base;
	return m->host + off;
}

int pvt_queue_init(struct pvt_queue *t, unsigned int num, uint64_t features,
		   size_t data_bytes)
{
	int err;

	memset(t, 0, sizeof(*t));
	t->num = num;
	pvring_layout_contig(num ? num : 1, 4, &t->lay);
	t->data_off = (t->lay.total + 4095) & ~(size_t)4095;
	pvt_mem_init(&t->mem, t->data_off + data_bytes);
	t->desc = pvt_ptr(t, t->lay.desc_off);
	t->avail = pvt_ptr(t, t->lay.avail_off);
	t->used = pvt_ptr(t, t->lay.used_off);
	t->slots = calloc(num ? num : 1, sizeof(*t->slots));
	if (!t->slots)
		abort();
	err = pvring_drv_init(&t->drv, num, t->desc, t->avail, t->used,
			      t->slots, features, 1);
	if (err)
		return err;
	return pvring_dev_init(&t->dev, num, t->desc, t->avail, t->used,
			       features, pvt_translate, &t->mem, 1);
}

void pvt_queue_free(struct pvt_queue *t)
{
	free(t->slots);
	pvt_mem_free(&t->mem);
}

void pvt_set_desc(struct pvt_queue *t, unsigned int i, uint64_t addr,
		  uint32_t len, uint16_t flags, uint16_t next)
{
	t->desc[i].addr = addr;
	t->desc[i].len = len;
	t->desc[i].flags = flags;
	t->desc[i].next = next;
}

void pvt_offer(struct pvt_queue *t, uint16_t head)
{
	uint16_t idx = t->avail->idx;

	t->avail->ring[idx & (t->num - 1)] = head;
	__atomic_store_n(&t->avail->idx, (uint16_t)(idx + 1), __ATOMIC_RELEASE);
}
