// SPDX-License-Identifier: MIT
/*
 * Tracing a syscall ring (class TRACE_C_RING): the request id is given
 * when pvring's device side pops a chain (RSYS_SEEN, from its trace hook)
 * and kept per head until the completion is pushed (RSYS_PUSH); the
 * server records the decoded operation (RSYS_POP), the request's task its
 * first run (RSYS_START), both the result (RSYS_DONE).
 */
#include "core/trace.h"
#include "mm/kmalloc.h"
#include "proc/proc.h"
#include "syscall/sring_internal.h"

static uint16_t sring_trace_ring(const struct sring *r)
{
	return TRACE_RING_SYSCALL(r->proc->pid);
}

static void sring_trace_hook(void *ctx, const struct pvring_trace_rec *e)
{
	struct sring *r = ctx;
	uint16_t ring = sring_trace_ring(r);
	uint16_t head = e->head & (uint16_t)(r->num - 1);

	if (!trace_on(TRACE_C_RING))
		return;
	switch (e->event) {
	case PVRING_EV_POP:
		r->treq[head] = trace_req_new();
		trace_put(trace_now(), TRACE_RSYS_SEEN, ring, e->head, e->len,
			  r->treq[head], 0, e->idx);
		break;
	case PVRING_EV_PUSH:
		trace_put(trace_now(), TRACE_RSYS_PUSH, ring, e->head, e->len,
			  r->treq[head], 0, e->idx);
		break;
	default:
		trace_pvring((void *)(uintptr_t)ring, e);
	}
}

void sring_trace_setup(struct sring *r, void *area, size_t bytes)
{
	r->treq = 0;
	memset(&r->utrace, 0, sizeof(r->utrace));
	if (!trace_on(TRACE_C_RING))
		return;
	r->treq = kmalloc(r->num * sizeof(*r->treq));
	if (!r->treq)
		return; /* this ring goes untraced */
	memset(r->treq, 0, r->num * sizeof(*r->treq));
	pvring_dev_set_trace(&r->dev, sring_trace_hook, r);
	if (area)
		tbuf_reader_init(&r->utrace, area, bytes);
}

/* One record the program wrote: only its two kinds, its ring, a head in
 * range and a time not in the future get through. */
static void sring_trace_user(void *ctx, const struct trace_rec *u)
{
	struct sring *r = ctx;
	uint64_t now = trace_now();

	if (u->kind != TRACE_USER_SUBMIT && u->kind != TRACE_USER_REAP)
		return;
	trace_put(u->time < now ? u->time : now, u->kind, sring_trace_ring(r),
		  u->idx & (r->num - 1), u->len, 0, u->arg0 & 0xffffffffu, 0);
}

void sring_trace_drain(struct sring *r)
{
	uint64_t lost = 0;

	if (!r->utrace.nrec)
		return;
	tbuf_drain(&r->utrace, r->utrace.nrec, sring_trace_user, r, &lost);
	if (lost)
		trace_lost(lost); /* a guest may not write META kinds */
}

void sring_trace_pop(struct sring *r, const struct pvring_chain *ch,
		     const struct pvring_seg *segs)
{
	uint64_t req = r->treq[ch->head & (r->num - 1)];
	uint32_t op = 0xffffffffu; /* no readable header */

	this_cpu()->trace_req = req;
	if (ch->nread && segs[0].len >= sizeof(uint32_t) &&
	    !((uintptr_t)segs[0].ptr & 3))
		op = *(const volatile uint32_t *)segs[0].ptr;
	trace_put(trace_now(), TRACE_RSYS_POP, sring_trace_ring(r), ch->head,
		  ch->read_len + ch->write_len, req, op, 0);
}

void sring_trace_done(struct sring *r, uint16_t head, uint64_t req, long result)
{
	this_cpu()->trace_req = 0;
	trace_put(trace_now(), TRACE_RSYS_DONE, sring_trace_ring(r), head, 0,
		  req, 0, (uint64_t)result);
}

void sring_trace_start(struct sreq *s)
{
	trace_put(trace_now(), TRACE_RSYS_START, sring_trace_ring(s->ring),
		  s->head, 0, s->treq, s->q.nr, trace_task_id(&s->task));
}
