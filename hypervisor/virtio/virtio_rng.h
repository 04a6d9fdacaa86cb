/* SPDX-License-Identifier: MIT */
/* virtio-rng device model (virtio 1.2 section 5.4): one request queue of
 * device-writable buffers, filled by an asynchronous entropy backend.
 * Pure: no globals. A chain is answered with what the backend wrote into
 * its first non-empty writable segment (the spec lets a device return
 * fewer bytes than offered); a chain with nothing writable comes back
 * empty. Completions for a queue the driver has reset since are dropped. */
#ifndef VIRTIO_RNG_MODEL_H
#define VIRTIO_RNG_MODEL_H

#include "virtio_mmio.h"

#define VRNG_QUEUE_MAX 64
#define VRNG_CHAIN_MAX 16
#define VRNG_INFLIGHT 8

struct vrng_io {
	void *ptr; /* host pointer, in the guest's RAM (checked) */
	uint32_t len;
};

struct vrng_backend {
	/* 0: queued, vrng_complete follows (maybe before submit returns);
	 * -1: busy, retried after the next completion */
	int (*submit)(void *ctx, struct vrng_io *io);
};

struct vrng_slot {
	struct vrng_io io;
	uint32_t gen;
	uint16_t head;
	uint8_t state; /* 0 free, 1 waiting for the backend, 2 submitted */
};

/* Treat as opaque; fields are visible only so that the owner can embed it. */
struct vrng {
	struct vmmio t;
	const struct vrng_backend *be;
	void *be_ctx;
	bool busy, again;
	int waiting; /* slot refused by the backend, -1 if none */
	struct vrng_slot slot[VRNG_INFLIGHT];
	struct pvring_seg segs[VRNG_CHAIN_MAX];
	uint64_t bytes; /* entropy bytes given to the guest */
};

void vrng_init(struct vrng *r, const struct vrng_backend *be, void *be_ctx,
	       const struct vmmio_host_ops *host, void *host_ctx);
/* The backend wrote len bytes (clamped to io->len) into io->ptr. */
void vrng_complete(struct vrng *r, struct vrng_io *io, uint32_t len);
unsigned int vrng_inflight(const struct vrng *r);

#endif
