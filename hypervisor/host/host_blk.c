// SPDX-License-Identifier: MIT
/* QEMU's virtio-blk devices as the guests' storage. A request is one chain
 * (header, the caller's data by host physical address, status byte), in an
 * indirect table when QEMU offers them; completions come by the host PLIC
 * interrupt. Each disk has its own lock; done() runs with it released. */
#include <string.h>

#include "console.h"
#include "host_blk.h"
#include "host_fdt.h"
#include "host_irq.h"
#include "host_virtio.h"
#include "hw/virtio.h"
#include "hw/virtio_mmio.h"
#include "riscv_csr.h"
#include "spinlock.h"
#include "../trace/trace.h"

#define HOST_BLK_FEATURES                                                      \
	(VIRTIO_BIT(VIRTIO_F_EVENT_IDX) | VIRTIO_BIT(VIRTIO_F_INDIRECT_DESC) | \
	 VIRTIO_BIT(VIRTIO_BLK_F_RO) | VIRTIO_BIT(VIRTIO_BLK_F_FLUSH) |        \
	 VIRTIO_BIT(VIRTIO_BLK_F_SEG_MAX) | VIRTIO_BIT(VIRTIO_BLK_F_BLK_SIZE))

struct host_blk {
	struct spinlock lock;
	struct host_virtio dev;
	struct host_virtq q;
	uint64_t capacity;
	uint32_t seg_max; /* data segments a request may have */
	bool ro, flush, indirect;
	bool broken; /* ring or device failed: every request IOERR */
	char serial[VIRTIO_BLK_ID_BYTES + 1];
	struct host_blk_req *inflight[HOST_VIRTQ_MAX]; /* by head */
	struct pvring_buf bufs[HOST_BLK_SEGS_MAX + 2]; /* under lock */
};

static struct host_blk host_blks[HOST_BLK_MAX];
static unsigned int host_nr_blks;

bool host_blk_busy(void)
{
	for (unsigned int i = 0; i < host_nr_blks; i++)
		if (__atomic_load_n(&host_blks[i].q.drv.outstanding,
				    __ATOMIC_RELAXED))
			return true;
	return false;
}

struct host_blk *host_blk_find(const char *serial)
{
	for (unsigned int i = 0; i < host_nr_blks; i++)
		if (serial[0] && !strcmp(host_blks[i].serial, serial))
			return &host_blks[i];
	return NULL;
}

uint64_t host_blk_capacity(const struct host_blk *b)
{
	return b->capacity;
}

bool host_blk_read_only(const struct host_blk *b)
{
	return b->ro;
}

const char *host_blk_serial(const struct host_blk *b)
{
	return b->serial;
}

/* VIRTIO_BLK_S_OK when r may go to QEMU, else the status it ends with. */
static uint8_t host_blk_check(const struct host_blk *b,
			      const struct host_blk_req *r)
{
	bool want_write;

	switch (r->type) {
	case VIRTIO_BLK_T_IN:
	case VIRTIO_BLK_T_GET_ID:
		want_write = true;
		break;
	case VIRTIO_BLK_T_OUT:
		if (b->ro)
			return VIRTIO_BLK_S_IOERR;
		want_write = false;
		break;
	case VIRTIO_BLK_T_FLUSH:
		return r->nseg ? VIRTIO_BLK_S_IOERR : VIRTIO_BLK_S_OK;
	default:
		return VIRTIO_BLK_S_UNSUPP;
	}
	if (!r->nseg || r->nseg > HOST_BLK_SEGS_MAX || r->nseg > b->seg_max)
		return VIRTIO_BLK_S_IOERR;
	for (unsigned int i = 0; i < r->nseg; i++)
		if (!r->seg[i].len || r->seg[i].write != want_write)
			return VIRTIO_BLK_S_IOERR;
	return VIRTIO_BLK_S_OK;
}

/* Chain r into the ring; PVRING_ERR_NOSPC when it is full. */
static int host_blk_add(struct host_blk *b, struct host_blk_req *r)
{
	unsigned int n = 0, nout;
	int head;

	r->hdr = (struct virtio_blk_req_hdr){.type = r->type,
					     .sector = r->sector};
	r->status = 0xff; /* not a status QEMU writes */
	b->bufs[n++] = (struct pvring_buf){(uintptr_t)&r->hdr, sizeof(r->hdr)};
	for (unsigned int i = 0; i < r->nseg; i++)
		b->bufs[n++] =
			(struct pvring_buf){r->seg[i].hpa, r->seg[i].len};
	b->bufs[n++] = (struct pvring_buf){(uintptr_t)&r->status, 1};
	nout = r->type == VIRTIO_BLK_T_OUT ? 1 + r->nseg : 1;
	if (b->indirect)
		head = pvring_drv_add_indirect(&b->q.drv, b->bufs, nout,
					       n - nout, r->itab,
					       (uintptr_t)r->itab, r);
	else
		head = pvring_drv_add(&b->q.drv, b->bufs, nout, n - nout, r);
	if (head < 0)
		return head;
	r->head = (uint16_t)head;
	b->inflight[head] = r;
	return 0;
}

static uint32_t host_blk_bytes(const struct host_blk_req *r)
{
	uint32_t n = 0;

	for (unsigned int i = 0; i < r->nseg && i < HOST_BLK_SEGS_MAX; i++)
		n += r->seg[i].len;
	return n;
}

static void host_blk_trace(uint16_t kind, const struct host_blk_req *r)
{
	if (trace_on(TRACE_C_VIRTIO) && r->trace_ring)
		trace_hdisk(kind, r->trace_guest, r->trace_ring, r->trace_head,
			    r->sector, host_blk_bytes(r),
			    r->type == VIRTIO_BLK_T_OUT,
			    kind == TRACE_HDISK_DONE ? r->status : r->head,
			    kind == TRACE_HDISK_DONE &&
				    r->status != VIRTIO_BLK_S_OK);
}

static void host_blk_complete(struct host_blk_req *list)
{
	while (list) {
		struct host_blk_req *r = list;

		list = r->next; /* done() may reuse r at once */
		host_blk_trace(TRACE_HDISK_DONE, r);
		r->done(r, r->status, r->len);
	}
}

/* Queue r (with b->lock); VIRTIO_BLK_S_OK when QEMU has it, 0xff when the
 * ring is full, else the status r ends with at once. */
static uint8_t host_blk_enqueue(struct host_blk *b, struct host_blk_req *r)
{
	int err;

	if (b->broken)
		return VIRTIO_BLK_S_IOERR;
	err = host_blk_add(b, r);
	if (err == PVRING_ERR_NOSPC)
		return 0xff;
	return err ? VIRTIO_BLK_S_IOERR : VIRTIO_BLK_S_OK; /* cannot fit */
}

unsigned int host_blk_submit_many(struct host_blk *b, struct host_blk_req **r,
				  unsigned int n)
{
	struct host_blk_req *refused = NULL, **tail = &refused;
	unsigned int i, queued = 0;
	uint8_t st;

	spin_lock(&b->lock);
	for (i = 0; i < n; i++) {
		st = host_blk_check(b, r[i]);
		if (st == VIRTIO_BLK_S_OK &&
		    (r[i]->type != VIRTIO_BLK_T_FLUSH || b->flush)) {
			st = host_blk_enqueue(b, r[i]);
			if (st == 0xff)
				break;
			if (st == VIRTIO_BLK_S_OK) {
				host_blk_trace(TRACE_HDISK_SUBMIT, r[i]);
				queued++;
				continue;
			}
		}
		r[i]->status = st;
		r[i]->len = 0;
		*tail = r[i];
		tail = &r[i]->next;
	}
	*tail = NULL;
	if (queued)
		host_virtq_kick(&b->q);
	spin_unlock(&b->lock);
	host_blk_complete(refused);
	return i;
}

int host_blk_submit(struct host_blk *b, struct host_blk_req *r)
{
	return host_blk_submit_many(b, &r, 1) ? 0 : -1;
}

/* Ring or device broken: every request QEMU holds fails (with b->lock). */
static void host_blk_break(struct host_blk *b, const char *why,
			   struct host_blk_req ***tail)
{
	unsigned int n = 0;

	b->broken = true;
	host_virtio_fail(&b->dev);
	for (unsigned int i = 0; i < HOST_VIRTQ_MAX; i++) {
		struct host_blk_req *r = b->inflight[i];

		if (!r)
			continue;
		b->inflight[i] = NULL;
		r->status = VIRTIO_BLK_S_IOERR;
		r->len = 0;
		**tail = r;
		*tail = &r->next;
		n++;
	}
	hyp_info(
		"host disk '%s' (host virtio slot %u): %s; %u request(s) "
		"failed with IOERR, the disk is out of use until QEMU restarts",
		b->serial, b->dev.slot, why, n);
}

/* Take what QEMU completed off the ring (with b->lock); the requests are
 * linked at *tail for done(). */
static void host_blk_reap(struct host_blk *b, struct host_blk_req ***tail)
{
	uint32_t isr = host_virtio_irq_ack(&b->dev), len;
	void *tok;
	int n;

	if (b->broken)
		return;
	if ((isr & VIRTIO_MMIO_INT_CONFIG) &&
	    (host_virtio_status(&b->dev) & VIRTIO_STATUS_DEVICE_NEEDS_RESET)) {
		host_blk_break(b, "QEMU set DEVICE_NEEDS_RESET", tail);
		return;
	}
	while ((n = pvring_drv_get_used(&b->q.drv, &tok, &len)) == 1) {
		struct host_blk_req *r = tok;
		uint8_t st = *(volatile uint8_t *)&r->status;

		b->inflight[r->head] = NULL;
		/* a status byte QEMU did not write, or one we do not know */
		if (!len || st > VIRTIO_BLK_S_UNSUPP)
			st = VIRTIO_BLK_S_IOERR;
		r->status = st;
		r->len = len ? len - 1 : 0;
		**tail = r;
		*tail = &r->next;
	}
	if (n < 0)
		host_blk_break(b, pvring_strerror(n), tail);
}

static void host_blk_irq(void *ctx)
{
	struct host_blk *b = ctx;
	struct host_blk_req *list = NULL, **tail = &list;

	spin_lock(&b->lock);
	host_blk_reap(b, &tail);
	*tail = NULL;
	spin_unlock(&b->lock);
	host_blk_complete(list);
}

/* Probe only (no interrupt yet): GET_ID, waited for by polling. */
static bool id_done;
static uint8_t id_status;

static void host_blk_id_done(struct host_blk_req *r, uint8_t status,
			     uint32_t len)
{
	(void)r;
	(void)len;
	id_status = status;
	id_done = true;
}

static int host_blk_read_id(struct host_blk *b)
{
	static struct host_blk_req r;
	static char id[VIRTIO_BLK_ID_BYTES];
	uint64_t t0 = csr_read(CSR_TIME), limit = 2ull * host.timebase_hz;

	memset(&r, 0, sizeof(r));
	r.type = VIRTIO_BLK_T_GET_ID;
	r.nseg = 1;
	r.seg[0] = (struct host_blk_seg){(uintptr_t)id, sizeof(id), true};
	r.done = host_blk_id_done;
	id_done = false;
	if (host_blk_submit(b, &r))
		return -1;
	while (!id_done && csr_read(CSR_TIME) - t0 < limit)
		host_blk_irq(b);
	if (!id_done || id_status != VIRTIO_BLK_S_OK)
		return -1;
	memcpy(b->serial, id, sizeof(id)); /* NUL-padded, maybe not ended */
	b->serial[VIRTIO_BLK_ID_BYTES] = 0;
	return 0;
}

static const char *host_blk_probe(struct host_blk *b)
{
	struct virtio_blk_config cfg;

	if (host_virtio_start(&b->dev, HOST_BLK_FEATURES, "host disk") ||
	    host_virtq_setup(&b->dev, &b->q, 0, HOST_VIRTQ_MAX, "host disk"))
		return NULL; /* said why */
	host_virtio_config(&b->dev, 0, &cfg, sizeof(cfg));
	b->capacity = cfg.capacity;
	b->ro = b->dev.features & VIRTIO_BIT(VIRTIO_BLK_F_RO);
	b->flush = b->dev.features & VIRTIO_BIT(VIRTIO_BLK_F_FLUSH);
	b->indirect = b->dev.features & VIRTIO_BIT(VIRTIO_F_INDIRECT_DESC);
	/* direct chains take header and status descriptors too */
	b->seg_max = b->indirect ? HOST_BLK_SEGS_MAX : b->q.num - 2;
	if ((b->dev.features & VIRTIO_BIT(VIRTIO_BLK_F_SEG_MAX)) &&
	    cfg.seg_max < b->seg_max)
		b->seg_max = cfg.seg_max;
	host_virtio_ready(&b->dev);
	if (host_blk_read_id(b))
		return "it did not answer GET_ID within 2 s";
	if (host_irq_register(b->dev.irq, host_blk_irq, b))
		return "its interrupt cannot be registered";
	return "";
}

void host_blk_init(void)
{
	unsigned int slot = 0;

	while (host_nr_blks < HOST_BLK_MAX) {
		struct host_blk *b = &host_blks[host_nr_blks];
		const char *err;

		if (host_virtio_find(VIRTIO_ID_BLOCK, &slot, &b->dev))
			break;
		err = host_blk_probe(b);
		if (err && *err) {
			hyp_info("host disk in host virtio slot %u not used: "
				 "%s",
				 b->dev.slot, err);
			host_virtio_fail(&b->dev);
		}
		if (err && *err == 0) {
			if (host_blk_find(b->serial))
				hyp_info("host disk serial '%s' is also in "
					 "host virtio slot %u: only the first "
					 "is used (serials must be unique)",
					 b->serial, b->dev.slot);
			hyp_info("host disk '%s': %llu sectors (%llu MiB), "
				 "%s, slot %u (0x%llx irq %u)",
				 b->serial[0] ? b->serial : "(no serial)",
				 (unsigned long long)b->capacity,
				 (unsigned long long)(b->capacity >> 11),
				 b->ro ? "read-only" : "read-write",
				 b->dev.slot,
				 (unsigned long long)
					 host.virtio_base[b->dev.slot],
				 b->dev.irq);
			host_nr_blks++;
		} else {
			memset(b, 0, sizeof(*b));
		}
	}
}
