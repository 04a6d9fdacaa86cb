/* SPDX-License-Identifier: MIT */
/* virtio-mmio transport, version 2 (virtio 1.2 section 4.2.2) only, the
 * driver side: feature negotiation, queues over pvring's driver role,
 * notification and interrupt acknowledgement. The device drivers
 * (virtio_blk.c, virtio_console.c) sit on it. */
#ifndef GK_VIRTIO_MMIO_H
#define GK_VIRTIO_MMIO_H

#include <stdint.h>

#include "arch/spinlock.h"
#include "pvring.h"

struct vio_dev {
	uint64_t base;
	uint32_t irq;
	uint32_t device_id; /* VIRTIO_ID_* */
	uint64_t features; /* negotiated */
	unsigned index; /* slot among the DTB's virtio,mmio nodes */
};

struct vio_queue {
	struct spinlock lock; /* every pvring call on drv */
	struct pvring_drv drv;
	struct pvring_drv_slot *slots;
	void *mem; /* desc, avail, used: contiguous pages */
	unsigned order;
	unsigned num;
	uint16_t idx;
	struct vio_dev *dev;
};

/* Maps slot i of the DTB and reads its identity: 0 and *d filled for a
 * modern device, -ENODEV for an empty slot, -EOPNOTSUPP (with a message) for
 * a legacy or foreign one. */
int vio_probe(unsigned i, struct vio_dev *d);
/* Reset, ACKNOWLEDGE, DRIVER, features: VERSION_1 and those of want the
 * device offers; FEATURES_OK checked. 0 or -EIO (device marked FAILED). */
int vio_negotiate(struct vio_dev *d, uint64_t want);
/* Queue idx with up to max entries over pvring's driver role. */
int vio_queue_init(struct vio_dev *d, struct vio_queue *q, uint16_t idx,
		   unsigned max);
void vio_driver_ok(struct vio_dev *d);
/* Publishes what was added to q; notifies the device if it asked. Call
 * with q->lock held. */
void vio_kick(struct vio_queue *q);
/* Reads and acknowledges the interrupt status (VIRTIO_MMIO_INT_*). */
uint32_t vio_irq_ack(struct vio_dev *d);
/* Device configuration space (little-endian fields), read whole again
 * while the generation changes. */
void vio_config(struct vio_dev *d, unsigned off, void *buf, unsigned len);

#endif
