// SPDX-License-Identifier: MIT
/* virtio-rng device model (see virtio_rng.h). */
#include <string.h>

#include "virtio_rng.h"

enum { SLOT_FREE, SLOT_WAITING, SLOT_SUBMITTED };

static struct vrng_slot *free_slot(struct vrng *r)
{
	for (unsigned int i = 0; i < VRNG_INFLIGHT; i++)
		if (r->slot[i].state == SLOT_FREE)
			return &r->slot[i];
	return NULL;
}

static bool stale(const struct vrng *r, const struct vrng_slot *s)
{
	return !vmmio_live(&r->t) || s->gen != vmmio_queue_gen(&r->t, 0);
}

static bool submit(struct vrng *r, struct vrng_slot *s)
{
	s->state = SLOT_SUBMITTED;
	if (r->be->submit(r->be_ctx, &s->io) == 0)
		return true;
	s->state = SLOT_WAITING;
	r->waiting = (int)(s - r->slot);
	return false;
}

/* Start a popped chain in slot s; false if the backend is busy. */
static bool start(struct vrng *r, struct vrng_slot *s,
		  const struct pvring_chain *c)
{
	s->head = c->head;
	s->gen = vmmio_queue_gen(&r->t, 0);
	for (unsigned int i = c->nread; i < c->nseg; i++) {
		if (!r->segs[i].len)
			continue;
		s->io.ptr = r->segs[i].ptr;
		s->io.len = r->segs[i].len;
		return submit(r, s);
	}
	vmmio_push(&r->t, 0, s->gen, s->head, 0); /* nothing to fill */
	return true;
}

static void run(struct vrng *r)
{
	unsigned int budget = 2 * VRNG_QUEUE_MAX;
	struct vrng_slot *s;

	if (r->busy) {
		r->again = true; /* a completion inside backend->submit */
		return;
	}
	r->busy = true;
	do {
		r->again = false;
		if (r->waiting >= 0) {
			s = &r->slot[r->waiting];
			r->waiting = -1;
			if (stale(r, s))
				s->state = SLOT_FREE;
			else if (!submit(r, s))
				break;
		}
		while (budget && (s = free_slot(r))) {
			struct pvring_chain c;
			int n = vmmio_pop(&r->t, 0, r->segs, VRNG_CHAIN_MAX,
					  &c);

			if (n <= 0) {
				if (n == 0 && vmmio_arm(&r->t, 0))
					continue;
				break;
			}
			budget--;
			if (!start(r, s, &c))
				break;
		}
	} while (r->again && budget);
	vmmio_used(&r->t, 0);
	r->busy = false;
}

void vrng_complete(struct vrng *r, struct vrng_io *io, uint32_t len)
{
	struct vrng_slot *s =
		(struct vrng_slot *)(void *)((char *)io -
					     offsetof(struct vrng_slot, io));

	if (s->state != SLOT_SUBMITTED)
		return; /* not ours to finish: a backend bug, ignored */
	if (len > s->io.len)
		len = s->io.len;
	if (!stale(r, s) && vmmio_push(&r->t, 0, s->gen, s->head, len))
		r->bytes += len;
	else
		r->t.stats.dropped++;
	s->state = SLOT_FREE;
	run(r);
}

unsigned int vrng_inflight(const struct vrng *r)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < VRNG_INFLIGHT; i++)
		n += r->slot[i].state != SLOT_FREE;
	return n;
}

static void rng_notify(void *ctx, unsigned int q)
{
	(void)q;
	run(ctx);
}

static void rng_reset(void *ctx)
{
	struct vrng *r = ctx;

	if (r->waiting >= 0)
		r->slot[r->waiting].state = SLOT_FREE;
	r->waiting = -1;
}

static const struct vmmio_dev_ops rng_ops = {
	.device_id = VIRTIO_ID_RNG,
	.nqueues = 1,
	.queue_max = VRNG_QUEUE_MAX,
	.notify = rng_notify,
	.reset = rng_reset,
};

void vrng_init(struct vrng *r, const struct vrng_backend *be, void *be_ctx,
	       const struct vmmio_host_ops *host, void *host_ctx)
{
	memset(r, 0, sizeof(*r));
	r->be = be;
	r->be_ctx = be_ctx;
	r->waiting = -1;
	vmmio_init(&r->t, &rng_ops, r, host, host_ctx, 0);
}
