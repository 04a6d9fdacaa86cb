/* SPDX-License-Identifier: MIT */
#include "drivers/virtio_mmio.h"

#include <string.h>

#include "base/bootinfo.h"
#include "base/errno.h"
#include "base/printk.h"
#include "core/trace.h"
#include "hw/virtio.h"
#include "hw/virtio_mmio.h"
#include "mm/kmalloc.h"
#include "mm/page.h"
#include "mm/vm.h"

static inline volatile uint32_t *vio_reg(const struct vio_dev *d, unsigned r)
{
	return (volatile uint32_t *)(uintptr_t)(d->base + r);
}

static inline uint32_t vio_rd(const struct vio_dev *d, unsigned r)
{
	return *vio_reg(d, r);
}

static inline void vio_wr(const struct vio_dev *d, unsigned r, uint32_t v)
{
	*vio_reg(d, r) = v;
}

int vio_probe(unsigned i, struct vio_dev *d)
{
	if (i >= bootinfo.nvirtio)
		return -ENODEV;
	memset(d, 0, sizeof(*d));
	d->base = bootinfo.virtio[i].base;
	d->irq = bootinfo.virtio[i].irq;
	d->index = i;
	vm_map_device(d->base, VIRTIO_MMIO_WINDOW);
	if (vio_rd(d, VIRTIO_MMIO_MAGIC_VALUE) != VIRTIO_MMIO_MAGIC)
		return -ENODEV;
	d->device_id = vio_rd(d, VIRTIO_MMIO_DEVICE_ID);
	if (!d->device_id)
		return -ENODEV; /* an empty slot */
	uint32_t v = vio_rd(d, VIRTIO_MMIO_VERSION);
	if (v != VIRTIO_MMIO_VERSION_MODERN) {
		kprintf("gk: virtio-mmio at 0x%lx: version %u (device %u); "
			"only version 2 is supported (QEMU: -global "
			"virtio-mmio.force-legacy=false)\n",
			(unsigned long)d->base, v, d->device_id);
		return -EOPNOTSUPP;
	}
	return 0;
}

int vio_negotiate(struct vio_dev *d, uint64_t want)
{
	uint64_t offered;

	vio_wr(d, VIRTIO_MMIO_STATUS, 0); /* reset */
	while (vio_rd(d, VIRTIO_MMIO_STATUS))
		;
	vio_wr(d, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
	vio_wr(d, VIRTIO_MMIO_STATUS,
	       VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	vio_wr(d, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	offered = (uint64_t)vio_rd(d, VIRTIO_MMIO_DEVICE_FEATURES) << 32;
	vio_wr(d, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	offered |= vio_rd(d, VIRTIO_MMIO_DEVICE_FEATURES);
	if (!(offered & VIRTIO_BIT(VIRTIO_F_VERSION_1))) {
		kprintf("gk: virtio-mmio at 0x%lx: no VERSION_1 offered\n",
			(unsigned long)d->base);
		vio_wr(d, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_FAILED);
		return -EIO;
	}
	d->features = (want & offered) | VIRTIO_BIT(VIRTIO_F_VERSION_1);
	vio_wr(d, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	vio_wr(d, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(d->features >> 32));
	vio_wr(d, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	vio_wr(d, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)d->features);
	uint32_t st = VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
		      VIRTIO_STATUS_FEATURES_OK;
	vio_wr(d, VIRTIO_MMIO_STATUS, st);
	if (!(vio_rd(d, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK)) {
		kprintf("gk: virtio-mmio at 0x%lx: features 0x%lx refused\n",
			(unsigned long)d->base, (unsigned long)d->features);
		vio_wr(d, VIRTIO_MMIO_STATUS, st | VIRTIO_STATUS_FAILED);
		return -EIO;
	}
	return 0;
}

static void vio_wr64(const struct vio_dev *d, unsigned lo, uint64_t v)
{
	vio_wr(d, lo, (uint32_t)v);
	vio_wr(d, lo + 4, (uint32_t)(v >> 32));
}

int vio_queue_init(struct vio_dev *d, struct vio_queue *q, uint16_t idx,
		   unsigned max)
{
	struct pvring_layout l;

	vio_wr(d, VIRTIO_MMIO_QUEUE_SEL, idx);
	if (vio_rd(d, VIRTIO_MMIO_QUEUE_READY))
		return -EIO;
	unsigned num = vio_rd(d, VIRTIO_MMIO_QUEUE_NUM_MAX);
	if (!num)
		return -ENODEV;
	if (num > max)
		num = max;
	while (!pvring_size_valid(num)) /* a power of two below it */
		num &= num - 1;
	pvring_layout_contig(num, 4, &l);
	q->order = page_order_for(l.total);
	q->mem = page_alloc(q->order); /* zeroed; physical = virtual */
	q->slots = kmalloc(num * sizeof(*q->slots));
	if (!q->mem || !q->slots)
		return -ENOMEM;
	uint8_t *m = q->mem;
	uint64_t feat =
		d->features & (PVRING_F_EVENT_IDX | PVRING_F_INDIRECT_DESC);
	int e = pvring_drv_init(&q->drv, num, m + l.desc_off, m + l.avail_off,
				m + l.used_off, q->slots, feat, idx);
	if (e)
		return -EINVAL;
	q->num = num;
	q->idx = idx;
	q->dev = d;
	trace_pvring_drv(&q->drv, TRACE_RING_DEV(d->base, idx));
	vio_wr(d, VIRTIO_MMIO_QUEUE_NUM, num);
	vio_wr64(d, VIRTIO_MMIO_QUEUE_DESC_LOW, (uintptr_t)(m + l.desc_off));
	vio_wr64(d, VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uintptr_t)(m + l.avail_off));
	vio_wr64(d, VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uintptr_t)(m + l.used_off));
	vio_wr(d, VIRTIO_MMIO_QUEUE_READY, 1);
	return 0;
}

void vio_driver_ok(struct vio_dev *d)
{
	vio_wr(d, VIRTIO_MMIO_STATUS,
	       VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
		       VIRTIO_STATUS_FEATURES_OK | VIRTIO_STATUS_DRIVER_OK);
}

void vio_kick(struct vio_queue *q)
{
	if (pvring_drv_kick_prepare(&q->drv))
		vio_wr(q->dev, VIRTIO_MMIO_QUEUE_NOTIFY, q->idx);
}

uint32_t vio_irq_ack(struct vio_dev *d)
{
	uint32_t st = vio_rd(d, VIRTIO_MMIO_INTERRUPT_STATUS);

	if (st)
		vio_wr(d, VIRTIO_MMIO_INTERRUPT_ACK, st);
	return st;
}

void vio_config(struct vio_dev *d, unsigned off, void *buf, unsigned len)
{
	volatile uint8_t *c =
		(volatile uint8_t *)(uintptr_t)(d->base + VIRTIO_MMIO_CONFIG);
	uint32_t gen;

	do {
		gen = vio_rd(d, VIRTIO_MMIO_CONFIG_GENERATION);
		for (unsigned i = 0; i < len; i++)
			((uint8_t *)buf)[i] = c[off + i];
	} while (gen != vio_rd(d, VIRTIO_MMIO_CONFIG_GENERATION));
}
