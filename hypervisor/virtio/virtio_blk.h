/* SPDX-License-Identifier: MIT */
/* virtio-blk device model (virtio 1.2 section 5.2) on the virtio-mmio
 * transport, with an asynchronous backend. Pure: no globals, no hardware.
 *
 * One request queue of up to VBLK_QUEUE_MAX entries. Up to VBLK_INFLIGHT
 * requests are with the backend at a time; further chains stay in the
 * driver's ring until a completion frees a slot. IN, OUT and FLUSH go to
 * the backend (vblk_complete later, from any context the owner serialises
 * with the MMIO path -- also from inside backend->submit); GET_ID is
 * answered from the backend's serial; other types get VIRTIO_BLK_S_UNSUPP.
 * A request whose sectors pass the end of the disk, whose data is not a
 * multiple of 512 bytes, whose header is short, or an OUT to a read-only
 * disk gets VIRTIO_BLK_S_IOERR; a chain without a writable status byte
 * breaks the device (DEVICE_NEEDS_RESET). A completion for a request of a
 * queue the driver has reset since is dropped. */
#ifndef VIRTIO_BLK_MODEL_H
#define VIRTIO_BLK_MODEL_H

#include "hw/virtio_blk.h"
#include "virtio_mmio.h"

#define VBLK_QUEUE_MAX 256
#define VBLK_SEG_MAX 252 /* data segments offered (config seg_max) */
/* a chain: header + data + status; its data pieces are at most that many */
#define VBLK_CHAIN_MAX (VBLK_SEG_MAX + 2)
#define VBLK_INFLIGHT 64

struct vblk_io_seg {
	void *ptr; /* host pointer, in the guest's RAM (checked) */
	uint32_t len;
	bool write; /* the backend writes it (IN) */
};

/* One request as the backend sees it; owned by the model. */
struct vblk_io {
	uint32_t type; /* VIRTIO_BLK_T_IN, _OUT or _FLUSH */
	uint64_t sector;
	unsigned int nseg;
	struct vblk_io_seg seg[VBLK_CHAIN_MAX];
};

struct vblk_backend {
	/* 0: queued, vblk_complete follows (maybe before submit returns);
	 * -1: busy, retried after the next completion */
	int (*submit)(void *ctx, struct vblk_io *io);
	uint64_t (*capacity)(void *ctx); /* 512-byte sectors */
	bool (*read_only)(void *ctx);
	const char *(*serial)(void *ctx); /* GET_ID, at most 20 bytes used */
};

enum vblk_slot_state { VBLK_FREE, VBLK_WAITING, VBLK_SUBMITTED };

struct vblk_slot {
	struct vblk_io io;
	uint8_t *status; /* the request's status byte */
	uint32_t gen; /* queue generation it was popped under */
	uint32_t in_len; /* data bytes an IN writes */
	uint16_t head;
	uint8_t state;
};

struct vblk_stats {
	uint64_t reads, writes, flushes, get_ids;
	uint64_t ioerr, unsupp; /* answered without the backend */
	uint64_t backend_busy; /* submits the backend refused */
};

/* Treat as opaque; fields are visible only so that the owner can embed it. */
struct vblk {
	struct vmmio t;
	const struct vblk_backend *be;
	void *be_ctx;
	struct virtio_blk_config cfg;
	bool ro;
	bool busy, again; /* in run(); a completion asked for another round */
	unsigned int nfree;
	uint8_t free[VBLK_INFLIGHT];
	uint8_t wait[VBLK_INFLIGHT]; /* FIFO of WAITING slots */
	unsigned int wait_head, wait_count;
	struct vblk_slot slot[VBLK_INFLIGHT];
	struct pvring_seg segs[VBLK_CHAIN_MAX]; /* scratch for one pop */
	struct vblk_stats stats;
};

/* Power-on state; capacity, read-only and serial read from the backend. */
void vblk_init(struct vblk *b, const struct vblk_backend *be, void *be_ctx,
	       const struct vmmio_host_ops *host, void *host_ctx);
/* A backend request finished: status VIRTIO_BLK_S_* (others: IOERR). */
void vblk_complete(struct vblk *b, struct vblk_io *io, uint8_t status);
/* Requests with the backend (slots not free). */
unsigned int vblk_inflight(const struct vblk *b);

#endif
