// SPDX-License-Identifier: MIT
/* virtio-mmio version 2 transport, device side (see virtio_mmio.h). */
#include <string.h>

#include "../trace/trace.h"
#include "virtio_mmio.h"

#define ST_ACK VIRTIO_STATUS_ACKNOWLEDGE
#define ST_DRIVER VIRTIO_STATUS_DRIVER
#define ST_FEATURES_OK VIRTIO_STATUS_FEATURES_OK
#define ST_DRIVER_OK VIRTIO_STATUS_DRIVER_OK
#define ST_NEEDS_RESET VIRTIO_STATUS_DEVICE_NEEDS_RESET
#define ST_FAILED VIRTIO_STATUS_FAILED

static void irq_update(struct vmmio *t)
{
	bool level = t->int_status != 0;

	if (level == t->irq_level)
		return;
	t->irq_level = level;
	if (t->host->irq)
		t->host->irq(t->host_ctx, level);
}

/* Report a broken rule, once until the next reset. */
static void note(struct vmmio *t, int q, const char *rule)
{
	t->stats.errors++;
	if (t->reported)
		return;
	t->reported = true;
	if (t->host->report)
		t->host->report(t->host_ctx, q, rule);
}

static void queue_detach(struct vmmio *t, struct vmmio_queue *q)
{
	q->ready = false;
	q->gen = t->gen_next++;
	memset(&q->ring, 0, sizeof(q->ring));
}

void vmmio_init(struct vmmio *t, const struct vmmio_dev_ops *dev, void *dev_ctx,
		const struct vmmio_host_ops *host, void *host_ctx,
		uint64_t features)
{
	memset(t, 0, sizeof(*t));
	t->dev = dev;
	t->dev_ctx = dev_ctx;
	t->host = host;
	t->host_ctx = host_ctx;
	t->offered = features | VMMIO_F_TRANSPORT;
	t->gen_next = 1;
	for (unsigned int i = 0; i < VMMIO_QUEUES_MAX; i++)
		queue_detach(t, &t->q[i]);
}

void vmmio_reset(struct vmmio *t)
{
	for (unsigned int i = 0; i < VMMIO_QUEUES_MAX; i++) {
		struct vmmio_queue *q = &t->q[i];

		queue_detach(t, q);
		q->num = 0;
		q->desc = q->driver = q->device = 0;
	}
	t->driver_features = 0;
	t->driver_features_high = false;
	t->dev_features_sel = t->drv_features_sel = t->queue_sel = 0;
	t->status = 0;
	t->int_status = 0;
	t->reported = false;
	irq_update(t);
	if (t->dev->reset)
		t->dev->reset(t->dev_ctx);
}

void vmmio_trace_id(struct vmmio *t, unsigned int guest, uint16_t ring)
{
	t->trace_guest = guest;
	t->trace_ring = ring;
}

bool vmmio_live(const struct vmmio *t)
{
	return (t->status & (ST_DRIVER_OK | ST_NEEDS_RESET | ST_FAILED)) ==
	       ST_DRIVER_OK;
}

uint64_t vmmio_features(const struct vmmio *t)
{
	return t->status & ST_FEATURES_OK ? t->driver_features : 0;
}

static struct vmmio_queue *queue(struct vmmio *t, unsigned int q)
{
	return q < t->dev->nqueues ? &t->q[q] : NULL;
}

uint32_t vmmio_queue_gen(const struct vmmio *t, unsigned int q)
{
	return q < t->dev->nqueues ? t->q[q].gen : 0;
}

void vmmio_fail(struct vmmio *t, int q, const char *rule)
{
	if (!(t->status & ST_NEEDS_RESET)) {
		t->status |= ST_NEEDS_RESET;
		/* what is in flight belongs to rings the driver must reset */
		for (unsigned int i = 0; i < t->dev->nqueues; i++)
			t->q[i].gen = t->gen_next++;
		t->int_status |= VIRTIO_MMIO_INT_CONFIG;
		irq_update(t);
	}
	note(t, q, rule);
}

void vmmio_config_changed(struct vmmio *t)
{
	t->config_gen++;
	t->int_status |= VIRTIO_MMIO_INT_CONFIG;
	irq_update(t);
}

int vmmio_pop(struct vmmio *t, unsigned int qi, struct pvring_seg *segs,
	      unsigned int max_segs, struct pvring_chain *chain)
{
	struct vmmio_queue *q = queue(t, qi);
	int r;

	if (!q || !q->ready || !vmmio_live(t))
		return 0;
	r = pvring_dev_pop(&q->ring, segs, max_segs, chain);
	if (r < 0)
		vmmio_fail(t, (int)qi, vmmio_ring_rule(r));
	else if (r > 0)
		trace_vq_pop(t->trace_guest, t->trace_ring | qi, chain->head,
			     chain->nseg, chain->read_len + chain->write_len);
	return r;
}

bool vmmio_push(struct vmmio *t, unsigned int qi, uint32_t gen, uint16_t head,
		uint32_t len)
{
	struct vmmio_queue *q = queue(t, qi);

	if (!q || !q->ready || q->gen != gen) {
		t->stats.dropped++;
		return false;
	}
	if (trace_on(TRACE_C_VIRTIO)) {
		q->trace_pushed = true;
		trace_vq_push(t->trace_guest, t->trace_ring | qi, head, len);
	}
	return pvring_dev_push(&q->ring, head, len) == 0;
}

void vmmio_used(struct vmmio *t, unsigned int qi)
{
	struct vmmio_queue *q = queue(t, qi);
	bool sent = false;

	if (!q || !q->ready || !vmmio_live(t))
		return;
	if (pvring_dev_irq_prepare(&q->ring)) {
		t->stats.interrupts++;
		t->int_status |= VIRTIO_MMIO_INT_VRING;
		irq_update(t);
		sent = true;
	} else {
		t->stats.suppressed++;
	}
	/* a decision about used entries, not every empty round */
	if (trace_on(TRACE_C_VIRTIO) && (sent || q->trace_pushed)) {
		q->trace_pushed = false;
		trace_vq_irq(t->trace_guest, t->trace_ring | qi, sent);
	}
}

bool vmmio_arm(struct vmmio *t, unsigned int qi)
{
	struct vmmio_queue *q = queue(t, qi);
	int r;

	if (!q || !q->ready || !vmmio_live(t))
		return false;
	r = pvring_dev_enable_notify(&q->ring);
	if (r < 0) {
		vmmio_fail(t, (int)qi, vmmio_ring_rule(r));
		return false;
	}
	return r == 1;
}

/* ---- queue set-up ------------------------------------------------------ */

/* Why a queue cannot go live, or NULL when it can (then attached). */
static const char *queue_attach(struct vmmio *t, struct vmmio_queue *q,
				unsigned int qi)
{
	const struct vmmio_host_ops *h = t->host;
	void *desc, *avail, *used;

	if (!(t->status & ST_FEATURES_OK))
		return "QueueReady set before FEATURES_OK";
	if (!pvring_size_valid(q->num) || q->num > t->dev->queue_max)
		return "QueueNum not a power of two <= QueueNumMax";
	if (q->desc % PVRING_DESC_ALIGN)
		return "descriptor area not 16-byte aligned";
	if (q->driver % PVRING_AVAIL_ALIGN)
		return "driver area not 2-byte aligned";
	if (q->device % PVRING_USED_ALIGN)
		return "device area not 4-byte aligned";
	desc = h->translate(t->host_ctx, q->desc,
			    (uint32_t)pvring_desc_bytes(q->num), false);
	if (!desc)
		return "descriptor area outside guest RAM";
	avail = h->translate(t->host_ctx, q->driver,
			     (uint32_t)pvring_avail_bytes(q->num), false);
	if (!avail)
		return "driver area outside guest RAM";
	used = h->translate(t->host_ctx, q->device,
			    (uint32_t)pvring_used_bytes(q->num), true);
	if (!used)
		return "device area outside guest RAM";
	if (pvring_dev_init(&q->ring, q->num, desc, avail, used,
			    t->driver_features, h->translate, t->host_ctx,
			    (uint16_t)qi))
		return "queue areas not usable (host pointer misaligned)";
	q->ready = true;
	q->gen = t->gen_next++;
	return NULL;
}

static void queue_ready_write(struct vmmio *t, unsigned int qi, uint32_t v)
{
	struct vmmio_queue *q = queue(t, qi);
	const char *why;

	if (!q || (v & 1) == q->ready)
		return;
	if (!(v & 1)) {
		queue_detach(t, q);
		return;
	}
	why = queue_attach(t, q, qi);
	if (why)
		vmmio_fail(t, (int)qi, why);
}

/* Address halves: only while the queue is not live (spec 4.2.3.2). */
static void queue_addr_write(struct vmmio *t, uint64_t off, uint32_t v)
{
	struct vmmio_queue *q = queue(t, t->queue_sel);
	uint64_t *a;

	if (!q || q->ready)
		return;
	switch (off & ~7ull) {
	case VIRTIO_MMIO_QUEUE_DESC_LOW:
		a = &q->desc;
		break;
	case VIRTIO_MMIO_QUEUE_DRIVER_LOW:
		a = &q->driver;
		break;
	default:
		a = &q->device;
		break;
	}
	if (off & 4)
		*a = (*a & 0xffffffffull) | (uint64_t)v << 32;
	else
		*a = (*a & ~0xffffffffull) | v;
}

/* ---- status ------------------------------------------------------------ */

static void features_ok(struct vmmio *t)
{
	uint64_t f = t->driver_features;

	if (t->driver_features_high || (f & ~t->offered)) {
		note(t, -1,
		     "driver accepted features the device never offered");
		return;
	}
	if (!(f & VIRTIO_BIT(VIRTIO_F_VERSION_1))) {
		note(t, -1, "driver did not accept VIRTIO_F_VERSION_1");
		return;
	}
	t->status |= ST_FEATURES_OK;
}

static void driver_ok(struct vmmio *t)
{
	t->status |= ST_DRIVER_OK;
	/* buffers made available before the device went live */
	for (unsigned int i = 0; i < t->dev->nqueues; i++)
		if (t->q[i].ready && vmmio_live(t) && t->dev->notify)
			t->dev->notify(t->dev_ctx, i);
}

/* Bits are set in the spec's order (3.1.1); a bit whose predecessor is
 * missing is refused with the ones after it, and so is a write that
 * clears a bit (only a reset, Status = 0, does). FAILED is always taken;
 * DEVICE_NEEDS_RESET belongs to the device. DRIVER is taken without
 * ACKNOWLEDGE: that bit means nothing to the device, and U-Boot 2023.01
 * acknowledges at bind time, resets at probe and then sets DRIVER alone
 * (QEMU accepts it too). */
static void status_write(struct vmmio *t, uint32_t v)
{
	uint32_t cur = t->status & ~ST_NEEDS_RESET, add;

	if (!v) {
		vmmio_reset(t);
		return;
	}
	v &= 0xff & ~ST_NEEDS_RESET; /* bits above 7 are reserved */
	if ((cur & v) != cur) {
		note(t, -1, "Status write cleared bits without a reset");
		return;
	}
	add = v & ~cur;
	if (add & ST_FAILED)
		t->status |= ST_FAILED;
	if (add & ST_ACK)
		t->status |= ST_ACK;
	if (add & ST_DRIVER)
		t->status |= ST_DRIVER;
	if (add & ST_FEATURES_OK) {
		if (!(t->status & ST_DRIVER))
			goto order;
		features_ok(t);
		if (!(t->status & ST_FEATURES_OK))
			return;
	}
	if (add & ST_DRIVER_OK) {
		if (!(t->status & ST_FEATURES_OK))
			goto order;
		driver_ok(t);
	}
	return;
order:
	note(t, -1, "Status bits set out of order");
}

static void driver_features_write(struct vmmio *t, uint32_t v)
{
	/* no new features once FEATURES_OK is set (spec 3.1.1) */
	if (t->status & ST_FEATURES_OK)
		return;
	switch (t->drv_features_sel) {
	case 0:
		t->driver_features = (t->driver_features & ~0xffffffffull) | v;
		break;
	case 1:
		t->driver_features = (t->driver_features & 0xffffffffull) |
				     (uint64_t)v << 32;
		break;
	default:
		if (v)
			t->driver_features_high = true;
		break;
	}
}

/* ---- register access --------------------------------------------------- */

static int check_common(uint64_t off, unsigned int width)
{
	if (width != 4)
		return VMMIO_ERR_WIDTH;
	if (off % 4)
		return VMMIO_ERR_ALIGN;
	return VMMIO_OK;
}

static uint32_t common_read(struct vmmio *t, uint64_t off)
{
	struct vmmio_queue *q = queue(t, t->queue_sel);

	switch (off) {
	case VIRTIO_MMIO_MAGIC_VALUE:
		return VIRTIO_MMIO_MAGIC;
	case VIRTIO_MMIO_VERSION:
		return VIRTIO_MMIO_VERSION_MODERN;
	case VIRTIO_MMIO_DEVICE_ID:
		return t->dev->device_id;
	case VIRTIO_MMIO_VENDOR_ID:
		return VMMIO_VENDOR_ID;
	case VIRTIO_MMIO_DEVICE_FEATURES:
		if (t->dev_features_sel > 1)
			return 0;
		return (uint32_t)(t->offered >> (32 * t->dev_features_sel));
	case VIRTIO_MMIO_QUEUE_NUM_MAX:
		return q ? t->dev->queue_max : 0;
	case VIRTIO_MMIO_QUEUE_NUM:
		return q ? q->num : 0;
	case VIRTIO_MMIO_QUEUE_READY:
		return q && q->ready;
	case VIRTIO_MMIO_QUEUE_DESC_LOW:
		return q ? (uint32_t)q->desc : 0;
	case VIRTIO_MMIO_QUEUE_DESC_HIGH:
		return q ? (uint32_t)(q->desc >> 32) : 0;
	case VIRTIO_MMIO_QUEUE_DRIVER_LOW:
		return q ? (uint32_t)q->driver : 0;
	case VIRTIO_MMIO_QUEUE_DRIVER_HIGH:
		return q ? (uint32_t)(q->driver >> 32) : 0;
	case VIRTIO_MMIO_QUEUE_DEVICE_LOW:
		return q ? (uint32_t)q->device : 0;
	case VIRTIO_MMIO_QUEUE_DEVICE_HIGH:
		return q ? (uint32_t)(q->device >> 32) : 0;
	case VIRTIO_MMIO_INTERRUPT_STATUS:
		return t->int_status;
	case VIRTIO_MMIO_STATUS:
		return t->status;
	case VIRTIO_MMIO_SHM_LEN_LOW:
	case VIRTIO_MMIO_SHM_LEN_HIGH:
	case VIRTIO_MMIO_SHM_BASE_LOW:
	case VIRTIO_MMIO_SHM_BASE_HIGH:
		return 0xffffffffu; /* no shared memory regions */
	case VIRTIO_MMIO_CONFIG_GENERATION:
		return t->config_gen;
	default:
		return 0; /* write-only and reserved registers */
	}
}

static void common_write(struct vmmio *t, uint64_t off, uint32_t v)
{
	struct vmmio_queue *q = queue(t, t->queue_sel);

	switch (off) {
	case VIRTIO_MMIO_DEVICE_FEATURES_SEL:
		t->dev_features_sel = v;
		break;
	case VIRTIO_MMIO_DRIVER_FEATURES:
		driver_features_write(t, v);
		break;
	case VIRTIO_MMIO_DRIVER_FEATURES_SEL:
		t->drv_features_sel = v;
		break;
	case VIRTIO_MMIO_QUEUE_SEL:
		t->queue_sel = v;
		break;
	case VIRTIO_MMIO_QUEUE_NUM:
		if (q && !q->ready)
			q->num = v;
		break;
	case VIRTIO_MMIO_QUEUE_READY:
		queue_ready_write(t, t->queue_sel, v);
		break;
	case VIRTIO_MMIO_QUEUE_DESC_LOW:
	case VIRTIO_MMIO_QUEUE_DESC_HIGH:
	case VIRTIO_MMIO_QUEUE_DRIVER_LOW:
	case VIRTIO_MMIO_QUEUE_DRIVER_HIGH:
	case VIRTIO_MMIO_QUEUE_DEVICE_LOW:
	case VIRTIO_MMIO_QUEUE_DEVICE_HIGH:
		queue_addr_write(t, off, v);
		break;
	case VIRTIO_MMIO_QUEUE_NOTIFY:
		t->stats.notifies++;
		q = queue(t, v);
		if (trace_on(TRACE_C_VIRTIO) && q && q->ready)
			trace_vq_notify(t->trace_guest,
					t->trace_ring | (v & 0xf),
					__atomic_load_n(&q->ring.avail->idx,
							__ATOMIC_RELAXED));
		if (q && q->ready && vmmio_live(t) && t->dev->notify)
			t->dev->notify(t->dev_ctx, v);
		break;
	case VIRTIO_MMIO_INTERRUPT_ACK:
		t->int_status &= ~v;
		irq_update(t);
		break;
	case VIRTIO_MMIO_STATUS:
		status_write(t, v);
		break;
	default:
		/* read-only and reserved registers; QueueReset needs
		 * VIRTIO_F_RING_RESET, which is not offered */
		break;
	}
}

int vmmio_read(struct vmmio *t, uint64_t off, unsigned int width, uint64_t *val)
{
	int err;

	if (off >= VIRTIO_MMIO_WINDOW)
		return VMMIO_ERR_OFFSET;
	if (off >= VIRTIO_MMIO_CONFIG) {
		if (!t->dev->config_read)
			return VMMIO_ERR_OFFSET;
		return t->dev->config_read(t->dev_ctx, off - VIRTIO_MMIO_CONFIG,
					   width, val);
	}
	err = check_common(off, width);
	if (err)
		return err;
	*val = common_read(t, off);
	return VMMIO_OK;
}

int vmmio_write(struct vmmio *t, uint64_t off, unsigned int width, uint64_t val)
{
	int err;

	if (off >= VIRTIO_MMIO_WINDOW)
		return VMMIO_ERR_OFFSET;
	if (off >= VIRTIO_MMIO_CONFIG) {
		uint64_t dummy;

		off -= VIRTIO_MMIO_CONFIG;
		if (t->dev->config_write)
			return t->dev->config_write(t->dev_ctx, off, width,
						    val);
		/* read-only space: the access must still be a valid one */
		if (!t->dev->config_read)
			return VMMIO_ERR_OFFSET;
		return t->dev->config_read(t->dev_ctx, off, width, &dummy);
	}
	err = check_common(off, width);
	if (err)
		return err;
	common_write(t, off, (uint32_t)val);
	return VMMIO_OK;
}

int vmmio_config_bytes(const void *cfg, size_t size, uint64_t off,
		       unsigned int width, uint64_t *val)
{
	const uint8_t *p = cfg;
	uint64_t v = 0;

	if (width != 1 && width != 2 && width != 4)
		return VMMIO_ERR_WIDTH;
	if (off % width)
		return VMMIO_ERR_ALIGN;
	if (off >= size || size - off < width)
		return VMMIO_ERR_OFFSET;
	for (unsigned int i = 0; i < width; i++)
		v |= (uint64_t)p[off + i] << (8 * i);
	*val = v;
	return VMMIO_OK;
}

/* ---- reports ------------------------------------------------------------ */

static const char *const ring_rules[] = {
	[-PVRING_ERR_AVAIL_IDX] = "avail.idx moved more than QueueNum ahead",
	[-PVRING_ERR_HEAD_RANGE] = "avail ring names a descriptor >= QueueNum",
	[-PVRING_ERR_NEXT_RANGE] = "descriptor next index out of the table",
	[-PVRING_ERR_LOOP] = "descriptor chain loops",
	[-PVRING_ERR_CHAIN_LONG] = "descriptor chain longer than seg_max "
				   "allows",
	[-PVRING_ERR_ORDER] = "device-readable descriptor after a writable "
			      "one",
	[-PVRING_ERR_INDIRECT_NESTED] = "indirect descriptor inside an "
					"indirect table",
	[-PVRING_ERR_INDIRECT_ALIGN] = "indirect table not 8-byte aligned",
	[-PVRING_ERR_INDIRECT_LEN] = "indirect table length 0 or not a "
				     "multiple of 16",
	[-PVRING_ERR_INDIRECT_NEXT] = "indirect descriptor with NEXT set",
	[-PVRING_ERR_INDIRECT_FEATURE] = "indirect descriptor without "
					 "VIRTIO_F_INDIRECT_DESC",
	[-PVRING_ERR_LEN_OVERFLOW] = "buffer address+length wraps or chain "
				     "over 4 GiB",
	[-PVRING_ERR_TRANSLATE] = "buffer outside guest RAM",
	[-PVRING_ERR_INFLIGHT] = "more chains offered than QueueNum",
};

const char *vmmio_ring_rule(int err)
{
	if (err < 0 &&
	    (size_t)-err < sizeof(ring_rules) / sizeof(ring_rules[0]) &&
	    ring_rules[-err])
		return ring_rules[-err];
	return "ring unusable";
}
