// SPDX-License-Identifier: MIT
#include <string.h>

#include "console.h"
#include "host_fdt.h"
#include "host_virtio.h"
#include "hw/virtio.h"
#include "hw/virtio_mmio.h"
#include "page_alloc.h"

#define PAGE_SIZE 4096u

static uint32_t rd(struct host_virtio *d, unsigned int off)
{
	return *(volatile uint32_t *)(d->regs + off);
}

static void wr(struct host_virtio *d, unsigned int off, uint32_t v)
{
	*(volatile uint32_t *)(d->regs + off) = v;
}

static void set_status(struct host_virtio *d, uint32_t bits)
{
	wr(d, VIRTIO_MMIO_STATUS, rd(d, VIRTIO_MMIO_STATUS) | bits);
}

int host_virtio_find(uint32_t device_id, unsigned int *slot,
		     struct host_virtio *d)
{
	static bool legacy_told;

	for (; *slot < host.nr_virtio; (*slot)++) {
		struct host_virtio c = {
			.regs = (volatile uint8_t *)(uintptr_t)
					host.virtio_base[*slot],
			.slot = *slot,
			.irq = host.virtio_irq[*slot],
		};

		if (rd(&c, VIRTIO_MMIO_MAGIC_VALUE) != VIRTIO_MMIO_MAGIC)
			continue;
		c.device_id = rd(&c, VIRTIO_MMIO_DEVICE_ID);
		if (c.device_id != device_id)
			continue;
		if (rd(&c, VIRTIO_MMIO_VERSION) != VIRTIO_MMIO_VERSION_MODERN) {
			if (!legacy_told)
				hyp_info("host virtio slot %u is a legacy "
					 "(version 1) device, not used: run "
					 "QEMU with -global "
					 "virtio-mmio.force-legacy=false",
					 *slot);
			legacy_told = true;
			continue;
		}
		*d = c;
		(*slot)++;
		return 0;
	}
	return -1;
}

static uint64_t device_features(struct host_virtio *d)
{
	uint64_t f;

	wr(d, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	f = (uint64_t)rd(d, VIRTIO_MMIO_DEVICE_FEATURES) << 32;
	wr(d, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	return f | rd(d, VIRTIO_MMIO_DEVICE_FEATURES);
}

int host_virtio_start(struct host_virtio *d, uint64_t wanted, const char *what)
{
	uint64_t offered;
	unsigned int n = 0;

	wr(d, VIRTIO_MMIO_STATUS, 0); /* reset: reads back 0 when done */
	while (rd(d, VIRTIO_MMIO_STATUS)) {
		if (++n == 1000000) {
			hyp_info("%s (host virtio slot %u): device does not "
				 "reset, not used",
				 what, d->slot);
			return -1;
		}
	}
	set_status(d, VIRTIO_STATUS_ACKNOWLEDGE);
	set_status(d, VIRTIO_STATUS_DRIVER);
	offered = device_features(d);
	if (!(offered & VIRTIO_BIT(VIRTIO_F_VERSION_1))) {
		hyp_info("%s (host virtio slot %u): device does not offer "
			 "VIRTIO_F_VERSION_1, not used",
			 what, d->slot);
		host_virtio_fail(d);
		return -1;
	}
	d->features = offered & (wanted | VIRTIO_BIT(VIRTIO_F_VERSION_1));
	wr(d, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	wr(d, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(d->features >> 32));
	wr(d, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	wr(d, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)d->features);
	set_status(d, VIRTIO_STATUS_FEATURES_OK);
	if (!(rd(d, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK)) {
		hyp_info("%s (host virtio slot %u): device refused features "
			 "0x%llx, not used",
			 what, d->slot, (unsigned long long)d->features);
		host_virtio_fail(d);
		return -1;
	}
	return 0;
}

static unsigned int pow2_floor(unsigned int n)
{
	unsigned int p = 1;

	while (p * 2 <= n)
		p *= 2;
	return p;
}

int host_virtq_setup(struct host_virtio *d, struct host_virtq *q,
		     unsigned int index, unsigned int max_num, const char *what)
{
	struct pvring_layout l;
	unsigned int num;
	uint64_t mem;
	size_t bytes;

	wr(d, VIRTIO_MMIO_QUEUE_SEL, index);
	num = rd(d, VIRTIO_MMIO_QUEUE_NUM_MAX);
	if (rd(d, VIRTIO_MMIO_QUEUE_READY) || !num) {
		hyp_info("%s (host virtio slot %u): queue %u is %s, not used",
			 what, d->slot, index,
			 num ? "already live" : "not available");
		host_virtio_fail(d);
		return -1;
	}
	num = pow2_floor(num < max_num ? num : max_num);
	pvring_layout_contig(num, PVRING_USED_ALIGN, &l);
	bytes = l.total + num * sizeof(struct pvring_drv_slot);
	mem = page_alloc((bytes + PAGE_SIZE - 1) / PAGE_SIZE, PAGE_SIZE);
	if (!mem) {
		hyp_info("%s (host virtio slot %u): no memory for a queue of "
			 "%u entries, not used",
			 what, d->slot, num);
		host_virtio_fail(d);
		return -1;
	}
	q->dev = d;
	q->index = index;
	q->num = num;
	/* cannot fail: size is a power of two, areas aligned by layout */
	pvring_drv_init(&q->drv, num, (void *)(uintptr_t)(mem + l.desc_off),
			(void *)(uintptr_t)(mem + l.avail_off),
			(void *)(uintptr_t)(mem + l.used_off),
			(void *)(uintptr_t)(mem + l.total), d->features,
			(uint16_t)index);
	wr(d, VIRTIO_MMIO_QUEUE_NUM, num);
	wr(d, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)(mem + l.desc_off));
	wr(d, VIRTIO_MMIO_QUEUE_DESC_HIGH,
	   (uint32_t)((mem + l.desc_off) >> 32));
	wr(d, VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)(mem + l.avail_off));
	wr(d, VIRTIO_MMIO_QUEUE_DRIVER_HIGH,
	   (uint32_t)((mem + l.avail_off) >> 32));
	wr(d, VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)(mem + l.used_off));
	wr(d, VIRTIO_MMIO_QUEUE_DEVICE_HIGH,
	   (uint32_t)((mem + l.used_off) >> 32));
	wr(d, VIRTIO_MMIO_QUEUE_READY, 1);
	return 0;
}

void host_virtio_ready(struct host_virtio *d)
{
	set_status(d, VIRTIO_STATUS_DRIVER_OK);
}

void host_virtio_fail(struct host_virtio *d)
{
	/* the reset makes QEMU finish or drop what it holds: it writes into
	 * no buffer after this (requests we failed are the caller's again) */
	wr(d, VIRTIO_MMIO_STATUS, 0);
	wr(d, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_FAILED);
}

void host_virtq_kick(struct host_virtq *q)
{
	if (!pvring_drv_kick_prepare(&q->drv))
		return;
	/* the ring stores before the doorbell store */
	__asm__ volatile("fence w,o" ::: "memory");
	wr(q->dev, VIRTIO_MMIO_QUEUE_NOTIFY, q->index);
}

uint32_t host_virtio_irq_ack(struct host_virtio *d)
{
	uint32_t s = rd(d, VIRTIO_MMIO_INTERRUPT_STATUS);

	if (s)
		wr(d, VIRTIO_MMIO_INTERRUPT_ACK, s);
	/* ring reads after the device's status read */
	__asm__ volatile("fence i,r" ::: "memory");
	return s;
}

uint32_t host_virtio_status(struct host_virtio *d)
{
	return rd(d, VIRTIO_MMIO_STATUS);
}

void host_virtio_config(struct host_virtio *d, unsigned int off, void *buf,
			size_t len)
{
	uint8_t *p = buf;
	uint32_t gen, w;

	do {
		gen = rd(d, VIRTIO_MMIO_CONFIG_GENERATION);
		for (size_t i = 0; i + 4 <= len; i += 4) {
			w = rd(d, VIRTIO_MMIO_CONFIG + off + (unsigned int)i);
			memcpy(p + i, &w, 4);
		}
	} while (gen != rd(d, VIRTIO_MMIO_CONFIG_GENERATION));
}
