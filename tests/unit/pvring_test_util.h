/* SPDX-License-Identifier: MIT */
/* Shared pieces of the pvring host tests: a fake "guest memory" window with
 * a translate-and-check callback, and a queue laid out inside it. */
#ifndef PVRING_TEST_UTIL_H
#define PVRING_TEST_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pvring.h"

#define PVT_BASE 0x80000000ull /* device-visible address of the window */

struct pvt_mem {
	uint8_t *host;
	size_t size;
	uint64_t base;
	unsigned long calls; /* translate calls */
	unsigned long refused;
	/* optional hook run inside translate (e.g. to rewrite ring memory) */
	void (*hook)(struct pvt_mem *m, uint64_t addr, uint32_t len);
	void *hook_ctx;
};

/* One queue inside a window: ring at offset 0, free space after it. */
struct pvt_queue {
	struct pvt_mem mem;
	unsigned int num;
	struct pvring_layout lay;
	struct pvring_desc *desc;
	struct pvring_avail *avail;
	struct pvring_used *used;
	struct pvring_drv_slot *slots;
	struct pvring_drv drv;
	struct pvring_dev dev;
	size_t data_off; /* first free byte after the ring */
};

void pvt_mem_init(struct pvt_mem *m, size_t size);
void pvt_mem_free(struct pvt_mem *m);
void *pvt_translate(void *ctx, uint64_t addr, uint32_t len, bool writable);

/* Sets up both roles on one ring (features for both). Returns 0 or err. */
int pvt_queue_init(struct pvt_queue *t, unsigned int num, uint64_t features,
		   size_t data_bytes);
void pvt_queue_free(struct pvt_queue *t);

/* Device-visible address / host pointer of a window offset. */
static inline uint64_t pvt_addr(const struct pvt_queue *t, size_t off)
{
	return t->mem.base + off;
}

static inline void *pvt_ptr(const struct pvt_queue *t, size_t off)
{
	return t->mem.host + off;
}

/* Write one descriptor directly, as a (possibly hostile) driver would. */
void pvt_set_desc(struct pvt_queue *t, unsigned int i, uint64_t addr,
		  uint32_t len, uint16_t flags, uint16_t next);
/* Offer head at the next avail slot and publish avail.idx. */
void pvt_offer(struct pvt_queue *t, uint16_t head);

#endif /* PVRING_TEST_UTIL_H */
