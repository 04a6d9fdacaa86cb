// SPDX-License-Identifier: MIT
/* virtio-blk device model (see virtio_blk.h). */
#include <string.h>

#include "virtio_blk.h"

#define SECTOR VIRTIO_BLK_SECTOR_SIZE
#define HDR_BYTES sizeof(struct virtio_blk_req_hdr)

static struct vblk_slot *slot_of(struct vblk_io *io)
{
	return (struct vblk_slot *)(void *)((char *)io -
					    offsetof(struct vblk_slot, io));
}

static void slot_free(struct vblk *b, struct vblk_slot *s)
{
	s->state = VBLK_FREE;
	b->free[b->nfree++] = (uint8_t)(s - b->slot);
}

/* Answer a request: status byte, then the used entry (if the queue it came
 * from is still the driver's current one). */
static void finish(struct vblk *b, struct vblk_slot *s, uint8_t status,
		   uint32_t len)
{
	if (vmmio_live(&b->t) && s->gen == vmmio_queue_gen(&b->t, 0)) {
		*s->status = status;
		vmmio_push(&b->t, 0, s->gen, s->head, len);
	} else {
		b->t.stats.dropped++;
	}
	slot_free(b, s);
}

/* Copy n bytes at offset off of the readable part of the chain into dst;
 * false if the chain has fewer. */
static bool chain_read(const struct pvring_seg *segs, unsigned int nread,
		       uint32_t off, void *dst, uint32_t n)
{
	uint8_t *d = dst;

	for (unsigned int i = 0; i < nread && n; i++) {
		uint32_t l = segs[i].len;

		if (off >= l) {
			off -= l;
			continue;
		}
		l -= off;
		if (l > n)
			l = n;
		memcpy(d, (const uint8_t *)segs[i].ptr + off, l);
		d += l;
		n -= l;
		off = 0;
	}
	return n == 0;
}

/* Data pieces of segs[from, to) skipping `skip` bytes at the start and
 * keeping `len` bytes. */
static void io_add(struct vblk_io *io, const struct pvring_seg *segs,
		   unsigned int from, unsigned int to, uint32_t skip,
		   uint32_t len, bool write)
{
	for (unsigned int i = from; i < to && len; i++) {
		uint32_t l = segs[i].len;
		uint8_t *p = segs[i].ptr;

		if (skip >= l) {
			skip -= l;
			continue;
		}
		p += skip;
		l -= skip;
		skip = 0;
		if (l > len)
			l = len;
		io->seg[io->nseg].ptr = p;
		io->seg[io->nseg].len = l;
		io->seg[io->nseg].write = write;
		io->nseg++;
		len -= l;
	}
}

static bool in_range(const struct vblk *b, uint64_t sector, uint32_t bytes)
{
	uint64_t n = bytes / SECTOR;

	return sector <= b->cfg.capacity && n <= b->cfg.capacity - sector;
}

static void get_id(struct vblk *b, struct vblk_slot *s, uint32_t room)
{
	const char *serial = b->be->serial ? b->be->serial(b->be_ctx) : NULL;
	uint8_t id[VIRTIO_BLK_ID_BYTES] = {0};
	struct vblk_io *io = &s->io;
	uint32_t n = 0;

	for (size_t i = 0; serial && serial[i] && i < sizeof(id); i++)
		id[i] = (uint8_t)serial[i];
	if (room > sizeof(id))
		room = sizeof(id);
	for (unsigned int i = 0; i < io->nseg && n < room; i++) {
		uint32_t l = io->seg[i].len;

		if (l > room - n)
			l = room - n;
		memcpy(io->seg[i].ptr, id + n, l);
		n += l;
	}
	b->stats.get_ids++;
	finish(b, s, VIRTIO_BLK_S_OK, n + 1);
}

/* Turn a popped chain into a request in slot s; returns true if it went to
 * the backend's queue (or is WAITING for it), false if answered or failed. */
static bool request(struct vblk *b, struct vblk_slot *s,
		    const struct pvring_chain *c)
{
	const struct pvring_seg *segs = b->segs;
	struct virtio_blk_req_hdr h;
	uint32_t wdata;
	int last = -1;

	for (unsigned int i = c->nread; i < c->nseg; i++)
		if (segs[i].len)
			last = (int)i;
	if (last < 0) {
		/* nowhere to say it failed: the driver broke the protocol */
		vmmio_fail(&b->t, 0, "block request without a status byte");
		slot_free(b, s);
		return false;
	}
	s->head = c->head;
	s->gen = vmmio_queue_gen(&b->t, 0);
	s->status = (uint8_t *)segs[last].ptr + segs[last].len - 1;
	s->in_len = 0;
	s->io.nseg = 0;
	wdata = c->write_len - 1;
	/* the header is read once, into our copy */
	if (!chain_read(segs, c->nread, 0, &h, HDR_BYTES))
		goto ioerr;
	s->io.type = h.type;
	s->io.sector = h.sector;
	switch (h.type) {
	case VIRTIO_BLK_T_IN:
		if (c->read_len != HDR_BYTES || wdata % SECTOR ||
		    !in_range(b, h.sector, wdata))
			goto ioerr;
		io_add(&s->io, segs, c->nread, c->nseg, 0, wdata, true);
		s->in_len = wdata;
		b->stats.reads++;
		break;
	case VIRTIO_BLK_T_OUT:
		if (b->ro || wdata || (c->read_len - HDR_BYTES) % SECTOR ||
		    !in_range(b, h.sector, c->read_len - HDR_BYTES))
			goto ioerr;
		io_add(&s->io, segs, 0, c->nread, HDR_BYTES,
		       c->read_len - HDR_BYTES, false);
		b->stats.writes++;
		break;
	case VIRTIO_BLK_T_FLUSH:
		b->stats.flushes++;
		break;
	case VIRTIO_BLK_T_GET_ID:
		io_add(&s->io, segs, c->nread, c->nseg, 0, wdata, true);
		get_id(b, s, wdata);
		return false;
	default:
		b->stats.unsupp++;
		finish(b, s, VIRTIO_BLK_S_UNSUPP, 1);
		return false;
	}
	if (h.type != VIRTIO_BLK_T_FLUSH && !s->io.nseg) {
		finish(b, s, VIRTIO_BLK_S_OK, 1); /* no data: nothing to do */
		return false;
	}
	return true;
ioerr:
	b->stats.ioerr++;
	finish(b, s, VIRTIO_BLK_S_IOERR, 1);
	return false;
}

static bool submit(struct vblk *b, struct vblk_slot *s)
{
	s->state = VBLK_SUBMITTED;
	if (b->be->submit(b->be_ctx, &s->io) == 0)
		return true;
	s->state = VBLK_WAITING;
	b->stats.backend_busy++;
	return false;
}

/* Requests the backend refused, oldest first; false while it is busy. */
static bool resubmit(struct vblk *b)
{
	while (b->wait_count) {
		struct vblk_slot *s = &b->slot[b->wait[b->wait_head]];

		if (s->gen != vmmio_queue_gen(&b->t, 0) || !vmmio_live(&b->t))
			slot_free(b, s); /* from before a reset */
		else if (!submit(b, s))
			return false;
		b->wait_head = (b->wait_head + 1) % VBLK_INFLIGHT;
		b->wait_count--;
	}
	return true;
}

/* Pop and start requests while there are slots, the backend takes them
 * and the budget (bounded work per notify or completion) lasts. */
static void run(struct vblk *b)
{
	unsigned int budget = 2 * VBLK_QUEUE_MAX;

	if (b->busy) {
		b->again = true; /* a completion inside backend->submit */
		return;
	}
	b->busy = true;
	do {
		b->again = false;
		if (!resubmit(b))
			break;
		while (budget && b->nfree) {
			struct vblk_slot *s = &b->slot[b->free[b->nfree - 1]];
			struct pvring_chain c;
			int r = vmmio_pop(&b->t, 0, b->segs, VBLK_CHAIN_MAX,
					  &c);

			if (r <= 0) {
				if (r == 0 && vmmio_arm(&b->t, 0))
					continue; /* arrived meanwhile */
				break;
			}
			budget--;
			b->nfree--;
			s->state = VBLK_WAITING;
			if (request(b, s, &c) && !submit(b, s)) {
				b->wait[(b->wait_head + b->wait_count) %
					VBLK_INFLIGHT] = (uint8_t)(s - b->slot);
				b->wait_count++;
				break;
			}
		}
	} while (b->again && budget);
	vmmio_used(&b->t, 0);
	b->busy = false;
}

void vblk_complete(struct vblk *b, struct vblk_io *io, uint8_t status)
{
	struct vblk_slot *s = slot_of(io);

	if (s->state != VBLK_SUBMITTED)
		return; /* not ours to finish: a backend bug, ignored */
	if (status != VIRTIO_BLK_S_OK && status != VIRTIO_BLK_S_UNSUPP)
		status = VIRTIO_BLK_S_IOERR;
	finish(b, s, status, status == VIRTIO_BLK_S_OK ? s->in_len + 1 : 1);
	run(b);
}

unsigned int vblk_inflight(const struct vblk *b)
{
	return VBLK_INFLIGHT - b->nfree;
}

/* ---- transport callbacks ------------------------------------------------ */

static int blk_config_read(void *ctx, uint64_t off, unsigned int width,
			   uint64_t *val)
{
	struct vblk *b = ctx;

	return vmmio_config_bytes(&b->cfg, sizeof(b->cfg), off, width, val);
}

static void blk_notify(void *ctx, unsigned int q)
{
	(void)q;
	run(ctx);
}

/* Requests with the backend finish later and are dropped then; the ones
 * still waiting for it are dropped now. */
static void blk_reset(void *ctx)
{
	struct vblk *b = ctx;

	while (b->wait_count) {
		slot_free(b, &b->slot[b->wait[b->wait_head]]);
		b->wait_head = (b->wait_head + 1) % VBLK_INFLIGHT;
		b->wait_count--;
	}
	b->wait_head = 0;
}

static const struct vmmio_dev_ops blk_ops = {
	.device_id = VIRTIO_ID_BLOCK,
	.nqueues = 1,
	.queue_max = VBLK_QUEUE_MAX,
	.config_read = blk_config_read,
	.notify = blk_notify,
	.reset = blk_reset,
};

void vblk_init(struct vblk *b, const struct vblk_backend *be, void *be_ctx,
	       const struct vmmio_host_ops *host, void *host_ctx)
{
	uint64_t f = VIRTIO_BIT(VIRTIO_BLK_F_SEG_MAX) |
		     VIRTIO_BIT(VIRTIO_BLK_F_BLK_SIZE) |
		     VIRTIO_BIT(VIRTIO_BLK_F_FLUSH);

	memset(b, 0, sizeof(*b));
	b->be = be;
	b->be_ctx = be_ctx;
	b->ro = be->read_only && be->read_only(be_ctx);
	if (b->ro)
		f |= VIRTIO_BIT(VIRTIO_BLK_F_RO);
	b->cfg.capacity = be->capacity ? be->capacity(be_ctx) : 0;
	b->cfg.seg_max = VBLK_SEG_MAX;
	b->cfg.blk_size = SECTOR;
	for (unsigned int i = 0; i < VBLK_INFLIGHT; i++)
		b->free[b->nfree++] = (uint8_t)(VBLK_INFLIGHT - 1 - i);
	vmmio_init(&b->t, &blk_ops, b, host, host_ctx, f);
}
