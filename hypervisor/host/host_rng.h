/* SPDX-License-Identifier: MIT */
/* Entropy from QEMU's virtio-rng-device, through pvring's driver role. */
#ifndef HOST_RNG_H
#define HOST_RNG_H

#include <stdbool.h>
#include <stdint.h>

struct host_rng_req;
/* from the host interrupt handler, no host_rng lock held */
typedef void (*host_rng_done_fn)(struct host_rng_req *r, uint32_t len);

/* Owned by the caller until done() is called; len = bytes QEMU wrote
 * (0 when QEMU's ring broke: no entropy, but never a hang). */
struct host_rng_req {
	uint64_t hpa; /* buffer in the requesting guest's RAM, checked */
	uint32_t len;
	host_rng_done_fn done;
	void *ctx;
	/* private to host_rng */
	struct host_rng_req *next;
	uint32_t got;
	uint16_t head;
};

void host_rng_init(void);
/* 0 when queued, or when done() was called at once (len 0, or QEMU's
 * device broke: done with 0 bytes); -1 when there is no host rng or its
 * ring is full (done() is not called) */
int host_rng_submit(struct host_rng_req *r);
int host_rng_present(void);
/* some request is with QEMU (a hint, read without the lock) */
bool host_rng_busy(void);

#endif
