/* SPDX-License-Identifier: MIT */
/* The hypervisor as a virtio driver of QEMU's own virtio-mmio devices
 * (version 2 only: QEMU runs with -global virtio-mmio.force-legacy=false).
 * The transport part every host device driver shares: probing a slot, the
 * status/feature handshake, queue set-up with pvring's driver role in
 * pages from page_alloc (host RAM is identity-mapped, so a host pointer is
 * the address QEMU sees), notification and interrupt acknowledgement.
 * Locking is the caller's (one lock per device). */
#ifndef HOST_VIRTIO_H
#define HOST_VIRTIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pvring.h"

/* Largest host queue we set up (QEMU's QueueNumMax is 256 for block, 1024
 * for some others): the driver-private arrays are sized by it. */
#define HOST_VIRTQ_MAX 256

struct host_virtio {
	volatile uint8_t *regs;
	unsigned int slot; /* index in host.virtio_base[], by address */
	uint32_t irq; /* host PLIC source */
	uint32_t device_id; /* VIRTIO_ID_* */
	uint64_t features; /* negotiated */
};

struct host_virtq {
	struct pvring_drv drv;
	struct host_virtio *dev;
	unsigned int index;
	unsigned int num;
};

/* Next slot, from *slot on, holding a version-2 device of type device_id;
 * fills d (not yet reset) and advances *slot past it. 0, or -1 when there
 * is none. Prints once if QEMU offers legacy (version 1) devices. */
int host_virtio_find(uint32_t device_id, unsigned int *slot,
		     struct host_virtio *d);

/* Reset, ACKNOWLEDGE, DRIVER, then accept the device's features that are
 * in `wanted` (VERSION_1 always, which the device must offer) and check
 * that FEATURES_OK stuck. 0, or -1 after printing why (device left
 * FAILED). `what` names the device in messages. */
int host_virtio_start(struct host_virtio *d, uint64_t wanted, const char *what);

/* Queue `index` with min(QueueNumMax, max_num) entries (rounded down to a
 * power of two) in fresh pages; ring and driver bookkeeping in one
 * allocation. 0, or -1 after printing why (device left FAILED). */
int host_virtq_setup(struct host_virtio *d, struct host_virtq *q,
		     unsigned int index, unsigned int max_num,
		     const char *what);

/* Every queue set up: DRIVER_OK. */
void host_virtio_ready(struct host_virtio *d);
/* Give up on the device: reset (QEMU then writes into none of the buffers
 * it held) and FAILED. */
void host_virtio_fail(struct host_virtio *d);

/* Publish what was added and notify QEMU if the ring says so. */
void host_virtq_kick(struct host_virtq *q);

/* Read and acknowledge InterruptStatus (VIRTIO_MMIO_INT_* bits). */
uint32_t host_virtio_irq_ack(struct host_virtio *d);
uint32_t host_virtio_status(struct host_virtio *d);

/* Device config space, len bytes at off, read in 32-bit pieces (len a
 * multiple of 4), retried until ConfigGeneration is stable. */
void host_virtio_config(struct host_virtio *d, unsigned int off, void *buf,
			size_t len);

#endif
