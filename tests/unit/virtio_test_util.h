/* SPDX-License-Identifier: MIT */
/* Shared pieces of the virtio device tests: a fake guest RAM (a host buffer
 * at guest-physical VT_RAM_BASE with a translate that checks ranges), the
 * transport owner's callbacks recording what they saw, and a driver that
 * negotiates, sets queues up in guest RAM and runs pvring's driver role
 * the way Linux's virtio_mmio driver does. */
#ifndef VIRTIO_TEST_UTIL_H
#define VIRTIO_TEST_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "virtio_mmio.h"

#define VT_RAM_BASE 0x80000000ull
#define VT_RAM_SIZE (4u << 20)

struct vt_host {
	uint8_t *ram;
	uint64_t next; /* bump allocator: next free guest-physical byte */
	unsigned long translates, refused;
	bool level;
	unsigned int irq_changes;
	unsigned int reports;
	int report_queue;
	char report_rule[160];
};

extern struct vt_host vt; /* one fake guest per test process */
extern const struct vmmio_host_ops vt_host_ops;

void vt_reset_host(void); /* fresh, zeroed RAM and records */
void *vt_translate(void *ctx, uint64_t gpa, uint32_t len, bool writable);
uint64_t vt_alloc(size_t size, size_t align); /* guest-physical address */
void *vt_ptr(uint64_t gpa);

uint32_t vt_rd(struct vmmio *t, uint64_t off);
void vt_wr(struct vmmio *t, uint64_t off, uint32_t v);

/* Reset, ACKNOWLEDGE, DRIVER, accept `features`, FEATURES_OK; returns the
 * Status read back. */
uint32_t vt_negotiate(struct vmmio *t, uint64_t features);
void vt_driver_ok(struct vmmio *t);

/* A driver-side queue in fake guest RAM. */
struct vt_queue {
	unsigned int num;
	uint64_t desc, avail, used; /* guest-physical */
	struct pvring_drv drv;
	struct pvring_drv_slot slots[256];
};

/* Allocates the areas, writes QueueSel/Num/addresses and QueueReady=1;
 * returns QueueReady read back. */
uint32_t vt_queue(struct vmmio *t, unsigned int qi, struct vt_queue *q,
		  unsigned int num, uint64_t features);

/* Adds a chain of buffers (guest-physical, from vt_alloc) and notifies. */
int vt_add(struct vmmio *t, unsigned int qi, struct vt_queue *q,
	   const struct pvring_buf *bufs, unsigned int nout, unsigned int nin,
	   void *token);
/* Reaps one used entry: 1, 0 or negative. */
int vt_used(struct vt_queue *q, void **token, uint32_t *len);

static inline struct pvring_desc *vt_desc(struct vt_queue *q)
{
	return vt_ptr(q->desc);
}

static inline struct pvring_avail *vt_avail(struct vt_queue *q)
{
	return vt_ptr(q->avail);
}

static inline struct pvring_used *vt_usedring(struct vt_queue *q)
{
	return vt_ptr(q->used);
}

#endif
