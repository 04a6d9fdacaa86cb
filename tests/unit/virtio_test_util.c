// SPDX-License-Identifier: MIT
/* Shared pieces of the virtio device tests (see virtio_test_util.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "virtio_test_util.h"

struct vt_host vt;

void *vt_translate(void *ctx, uint64_t gpa, uint32_t len, bool writable)
{
	(void)ctx;
	(void)writable;
	vt.translates++;
	if (gpa < VT_RAM_BASE || gpa - VT_RAM_BASE > VT_RAM_SIZE ||
	    len > VT_RAM_SIZE - (gpa - VT_RAM_BASE)) {
		vt.refused++;
		return NULL;
	}
	return vt.ram + (gpa - VT_RAM_BASE);
}

static void vt_irq(void *ctx, bool level)
{
	(void)ctx;
	/* only changes are reported */
	assert_true(level != vt.level);
	vt.level = level;
	vt.irq_changes++;
}

static void vt_report(void *ctx, int queue, const char *rule)
{
	(void)ctx;
	vt.reports++;
	vt.report_queue = queue;
	snprintf(vt.report_rule, sizeof(vt.report_rule), "%s", rule);
}

const struct vmmio_host_ops vt_host_ops = {
	.translate = vt_translate,
	.irq = vt_irq,
	.report = vt_report,
};

void vt_reset_host(void)
{
	static uint8_t *ram;

	if (!ram) {
		ram = aligned_alloc(4096, VT_RAM_SIZE);
		assert_non_null(ram);
	}
	memset(ram, 0, VT_RAM_SIZE);
	memset(&vt, 0, sizeof(vt));
	vt.ram = ram;
	vt.next = VT_RAM_BASE;
	vt.report_queue = -2;
}

uint64_t vt_alloc(size_t size, size_t align)
{
	uint64_t a = (vt.next + align - 1) & ~(uint64_t)(align - 1);

	assert_true(a + size <= VT_RAM_BASE + VT_RAM_SIZE);
	vt.next = a + size;
	return a;
}

void *vt_ptr(uint64_t gpa)
{
	assert_true(gpa >= VT_RAM_BASE && gpa < VT_RAM_BASE + VT_RAM_SIZE);
	return vt.ram + (gpa - VT_RAM_BASE);
}

uint32_t vt_rd(struct vmmio *t, uint64_t off)
{
	uint64_t v = 0xdeadbeefdeadbeefull;

	assert_int_equal(vmmio_read(t, off, 4, &v), VMMIO_OK);
	assert_true(v <= 0xffffffffull);
	return (uint32_t)v;
}

void vt_wr(struct vmmio *t, uint64_t off, uint32_t v)
{
	assert_int_equal(vmmio_write(t, off, 4, v), VMMIO_OK);
}

uint32_t vt_negotiate(struct vmmio *t, uint64_t features)
{
	vt_wr(t, VIRTIO_MMIO_STATUS, 0);
	vt_wr(t, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
	vt_wr(t, VIRTIO_MMIO_STATUS,
	      VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	vt_wr(t, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	vt_wr(t, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)features);
	vt_wr(t, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	vt_wr(t, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(features >> 32));
	vt_wr(t, VIRTIO_MMIO_STATUS,
	      VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
		      VIRTIO_STATUS_FEATURES_OK);
	return vt_rd(t, VIRTIO_MMIO_STATUS);
}

void vt_driver_ok(struct vmmio *t)
{
	vt_wr(t, VIRTIO_MMIO_STATUS,
	      vt_rd(t, VIRTIO_MMIO_STATUS) | VIRTIO_STATUS_DRIVER_OK);
}

uint32_t vt_queue(struct vmmio *t, unsigned int qi, struct vt_queue *q,
		  unsigned int num, uint64_t features)
{
	memset(q, 0, sizeof(*q));
	assert_true(num <= 256);
	q->num = num;
	q->desc = vt_alloc(pvring_desc_bytes(num), 16);
	q->avail = vt_alloc(pvring_avail_bytes(num), 2);
	q->used = vt_alloc(pvring_used_bytes(num), 4);
	assert_int_equal(pvring_drv_init(&q->drv, num, vt_ptr(q->desc),
					 vt_ptr(q->avail), vt_ptr(q->used),
					 q->slots, features, (uint16_t)qi),
			 0);
	vt_wr(t, VIRTIO_MMIO_QUEUE_SEL, qi);
	vt_wr(t, VIRTIO_MMIO_QUEUE_NUM, num);
	vt_wr(t, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)q->desc);
	vt_wr(t, VIRTIO_MMIO_QUEUE_DESC_HIGH, (uint32_t)(q->desc >> 32));
	vt_wr(t, VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)q->avail);
	vt_wr(t, VIRTIO_MMIO_QUEUE_DRIVER_HIGH, (uint32_t)(q->avail >> 32));
	vt_wr(t, VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)q->used);
	vt_wr(t, VIRTIO_MMIO_QUEUE_DEVICE_HIGH, (uint32_t)(q->used >> 32));
	vt_wr(t, VIRTIO_MMIO_QUEUE_READY, 1);
	return vt_rd(t, VIRTIO_MMIO_QUEUE_READY);
}

int vt_add(struct vmmio *t, unsigned int qi, struct vt_queue *q,
	   const struct pvring_buf *bufs, unsigned int nout, unsigned int nin,
	   void *token)
{
	int head = pvring_drv_add(&q->drv, bufs, nout, nin, token);

	if (head < 0)
		return head;
	if (pvring_drv_kick_prepare(&q->drv))
		vt_wr(t, VIRTIO_MMIO_QUEUE_NOTIFY, qi);
	return head;
}

int vt_used(struct vt_queue *q, void **token, uint32_t *len)
{
	return pvring_drv_get_used(&q->drv, token, len);
}
