/* SPDX-License-Identifier: MIT */
#include "uring.h"

#include "syscall.h"
#include "ulib.h"

/* pvring's hook on our ring: a chain published is a request submitted,
 * a used entry taken is a completion reaped. */
static void uring_trace_hook(void *ctx, const struct pvring_trace_rec *e)
{
	struct uring *r = ctx;
	uint16_t kind = e->event == PVRING_EV_PUBLISH ? TRACE_USER_SUBMIT
			: e->event == PVRING_EV_REAP  ? TRACE_USER_REAP
						      : 0;

	if (!kind || e->head >= r->entries)
		return;
	struct trace_rec *t = tbuf_reserve(&r->trace);
	if (!t)
		return; /* counted in the area's lost */
	uint32_t id = (uint32_t)(uintptr_t)r->drv.slot[e->head].token;
	/* every field: the slot holds an old record */
	t->time = rdtime();
	t->kind = kind;
	t->guest = t->vcpu = t->hart = TRACE_NONE8;
	t->flags = 0;
	t->ring = TRACE_RING_SYSCALL(0); /* the kernel knows our pid */
	t->idx = e->head;
	t->len = e->len;
	t->req = 0;
	t->arg0 = id < r->entries ? r->reqs[id].hdr.opcode : 0xffffffffu;
	t->arg1 = 0;
	tbuf_commit(&r->trace);
}

int uring_init(struct uring *r, unsigned entries)
{
	memset(r, 0, sizeof(*r));
	long e = ring_setup(entries, &r->prm);
	if (e < 0)
		return (int)e;
	r->entries = r->prm.entries;
	r->slots = calloc(r->entries, sizeof(*r->slots));
	r->reqs = calloc(r->entries, sizeof(*r->reqs));
	if (!r->slots || !r->reqs)
		return -ENOMEM;
	for (uint32_t i = 0; i < r->entries; i++)
		r->reqs[i].next = i + 1 < r->entries ? i + 1 : URING_NONE;
	r->fresh = 0;
	for (unsigned s = 0; s < URING_SHAPES; s++)
		r->kept[s] = URING_NONE;
	r->ctl = (volatile struct gk_ring_ctl *)(uintptr_t)r->prm.ctl;
	e = pvring_drv_init(&r->drv, r->entries, (void *)(uintptr_t)r->prm.desc,
			    (void *)(uintptr_t)r->prm.avail,
			    (void *)(uintptr_t)r->prm.used, r->slots,
			    r->prm.features, 0);
	/* completions are found by polling or GK_OP_RING_ENTER, never by an
	 * interrupt: no used_event update (and fence) per reaped entry */
	if (!e)
		pvring_drv_disable_cb(&r->drv);
	if (!e && r->prm.trace &&
	    !tbuf_init(&r->trace, (void *)(uintptr_t)r->prm.trace,
		       r->prm.trace_bytes, 0, 0))
		pvring_drv_set_trace(&r->drv, uring_trace_hook, r);
	return (int)e;
}

/* Takes a kept slot of another shape and frees its chain, so a new one
 * can be built: URING_NONE if every slot is in flight. */
static uint32_t uring_unkeep(struct uring *r)
{
	for (unsigned s = 0; s < URING_SHAPES; s++) {
		uint32_t id = r->kept[s];
		if (id == URING_NONE)
			continue;
		struct uring_req *q = &r->reqs[id];
		r->kept[s] = q->next;
		pvring_drv_release(&r->drv, q->head);
		return id;
	}
	return URING_NONE;
}

void uring_release_kept(struct uring *r)
{
	uint32_t id;

	while ((id = uring_unkeep(r)) != URING_NONE) {
		r->reqs[id].next = r->fresh;
		r->fresh = id;
	}
}

int uring_prep_new(struct uring *r, const struct gk_ring_req *h,
		   const struct pvring_buf *data, unsigned nout, unsigned nin,
		   void *token)
{
	unsigned n = nout + nin + 2;
	struct pvring_buf bufs[GK_RING_MAX_SEGS];

	if (nout + nin > URING_MAX_DATA)
		return -EINVAL;
	uint32_t id = r->fresh;
	if (id == URING_NONE) {
		id = uring_unkeep(r);
		if (id == URING_NONE)
			return -EAGAIN;
	} else {
		r->fresh = r->reqs[id].next;
	}
	struct uring_req *q = &r->reqs[id];
	q->hdr = *h;
	q->token = token;
	bufs[0].addr = (uintptr_t)&q->hdr;
	bufs[0].len = sizeof(q->hdr);
	for (unsigned i = 0; i < nout + nin; i++)
		bufs[1 + i] = data[i];
	bufs[n - 1].addr = (uintptr_t)&q->res;
	bufs[n - 1].len = sizeof(q->res);
	int head;
	/* descriptors held by kept chains of other shapes are freed */
	while ((head = pvring_drv_add(&r->drv, bufs, nout + 1, nin + 1,
				      (void *)(uintptr_t)id)) ==
	       PVRING_ERR_NOSPC) {
		uint32_t other = uring_unkeep(r);
		if (other == URING_NONE)
			break;
		r->reqs[other].next = r->fresh;
		r->fresh = other;
	}
	if (head < 0) {
		q->next = r->fresh;
		r->fresh = id;
		return head == PVRING_ERR_NOSPC ? -EAGAIN : -EIO;
	}
	q->head = (uint16_t)head;
	q->shape = (uint8_t)uring_shape(nout, nin);
	r->rebuilt++;
	r->inflight++;
	return 0;
}

int uring_broken(struct uring *r)
{
	return (r->ctl->flags & GK_RING_CTL_BROKEN) != 0;
}

int uring_submit(struct uring *r)
{
	if (!pvring_drv_kick_prepare(&r->drv))
		return 0;
	r->kicks++;
	long e = ring_enter(0, 0);
	return e < 0 ? (int)e : 1;
}

unsigned uring_ready(struct uring *r)
{
	volatile struct pvring_used *u =
		(volatile struct pvring_used *)(uintptr_t)r->prm.used;

	return (uint16_t)(u->idx - r->reaped);
}

int uring_submit_and_wait(struct uring *r, unsigned n)
{
	int kick = pvring_drv_kick_prepare(&r->drv);

	if (!kick && uring_ready(r) >= n)
		return 0;
	if (!kick && r->prm.mode == GK_RING_MODE_POLL) {
		/* the IO vCPU is polling: spin on the used ring for a while */
		for (unsigned spin = 0; spin < 200000; spin++) {
			if (uring_ready(r) >= n)
				return 0;
			if (uring_broken(r))
				return -EIO;
		}
	}
	r->kicks++;
	long e = ring_enter(GK_ENTER_GETEVENTS, (uint16_t)(r->reaped + n));
	return e < 0 ? (int)e : 0;
}

long uring_span(struct uring *r, const struct uring_span *s, uint64_t from,
		uint64_t to)
{
	long bad = 0;
	uint64_t next = from;
	unsigned inflight = 0;
	uint32_t freemask = s->nbuf >= 32 ? ~0u : (1u << s->nbuf) - 1;
	struct uring_cqe c;
	int e;

	while (next < to || inflight) {
		while (next < to && freemask) {
			unsigned slot = (unsigned)__builtin_ctz(freemask);
			struct pvring_buf b = {(uintptr_t)s->buf[slot],
					       s->chunk};

			if (s->write)
				s->fill(s->buf[slot], next, s->ctx);
			e = uring_prep(r, s->write ? GK_OP_WRITE : GK_OP_READ,
				       s->fd, next, GK_REQ_F_OFFSET, next, &b,
				       s->write, !s->write,
				       (void *)(uintptr_t)(slot + 1));
			if (e)
				return e < 0 ? e : -EIO;
			freemask &= ~(1u << slot);
			next += s->chunk;
			inflight++;
		}
		e = uring_submit_and_wait(r, 1);
		if (e)
			return e;
		while (uring_reap(r, &c) == 1) {
			unsigned slot = (unsigned)(uintptr_t)c.token - 1;

			inflight--;
			freemask |= 1u << slot;
			bad += c.result != s->chunk ||
			       (!s->write &&
				!s->check(s->buf[slot], c.user_data, s->ctx));
		}
	}
	return bad;
}
