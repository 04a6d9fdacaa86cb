/* SPDX-License-Identifier: MIT */
/* Shared by the ring servers (sring.c, sring_poll.c) and request execution
 * (sreq.c). */
#ifndef GK_SRING_INTERNAL_H
#define GK_SRING_INTERNAL_H

#include <string.h>

#include "base/errno.h"
#include "fs/file.h"
#include "gk_abi.h"
#include "pvring.h"
#include "tbuf.h"
#include "syscall/op.h"
#include "arch/spinlock.h"
#include "core/task.h"
#include "core/timer.h"
#include "core/waitq.h"

struct proc;
struct sreq;

/* Recent user-page translations of one ring, direct-mapped by page number
 * (its header, data and result pages repeat from request to request);
 * dropped when the space unmaps. */
#define SRING_TC 16 /* a power of two */
#define SRING_TC_W 1ull /* the page is writable (the entry serves reads too) */
#define SRING_TC_V 2ull /* the entry is valid */
struct sring_tc {
	uint64_t tag; /* user page address | SRING_TC_V [| SRING_TC_W] or 0 */
	uint8_t *kpage;
};

/* Requests are taken SRING_BATCH at a time: one lock round to pop them,
 * one to push and publish the ones that finished at once. */
#define SRING_BATCH 32

/* The server's scratch for one batch (7 KiB: off the executor stack, where
 * it made every spill slot of the hot loop far from the frame pointer).
 * Only sring_serve uses it, and one task at a time serves a ring. */
struct sring_batch {
	struct op_req q; /* the request being decoded and performed */
	/* used entries of the requests that finished at once (their
	 * results are written), for the batch push */
	struct pvring_used_elem done[SRING_BATCH];
	struct pvring_chain ch[SRING_BATCH]; /* popped chains */
	struct pvring_seg segs[SRING_BATCH][GK_RING_MAX_SEGS]; /* theirs */
};

struct sring {
	struct spinlock lock; /* every pvring device-role call, state */
	uint32_t refs; /* process + server/poller + blocked requests */
	int broken; /* pvring error, 0 if fine */
	int closed; /* process gone: completions are dropped */
	struct proc *proc; /* holds a reference and an mm_users count */
	struct pvring_dev dev;
	struct gk_ring_ctl *ctl;
	void *mem; /* control page + ring areas, contiguous */
	unsigned order, num;
	uint32_t used_pub; /* used entries published (low 16 bits = used.idx) */
	struct waitq done_wq; /* threads in GK_OP_RING_ENTER */
	struct task *server; /* on-demand mode */
	struct sring *poll_next; /* polling mode list */
	struct sreq *reqs; /* blocked requests, for cancelling */
	struct sring_batch *batch; /* sring_serve's scratch */
	struct sring_tc tc[SRING_TC];
	uint32_t tc_gen;
	uint64_t *treq; /* traced: request id per chain head, else NULL */
	struct tbuf_reader utrace; /* the program's trace area */
};

/* A request whose operation has to wait (sleep, wait, a device) goes on
 * in a task of its own; everything else finishes while being popped. */
struct sreq {
	struct task task;
	struct sring *ring;
	struct sreq *next, *prev; /* ring->reqs */
	struct gk_ring_res *res;
	uint64_t user_data;
	uint16_t head;
	uint8_t traced_start; /* RSYS_START recorded */
	uint64_t treq; /* request id, 0 unless traced */
	struct pvring_seg segs[GK_RING_MAX_SEGS]; /* q.buf points here */
	struct op_req q;
};

/* Tracing (sring_trace.c): set up when the ring is (treq, the pvring
 * hook); the rest only where r->treq is set. */
void sring_trace_setup(struct sring *r, void *area, size_t bytes);
/* Moves the program's events into this vCPU's trace (r->lock held). */
void sring_trace_drain(struct sring *r);
void sring_trace_pop(struct sring *r, const struct pvring_chain *ch,
		     const struct pvring_seg *segs);
void sring_trace_done(struct sring *r, uint16_t head, uint64_t req,
		      long result);
void sring_trace_start(struct sreq *s);

void sring_get(struct sring *r);
void sring_put(struct sring *r);
int sring_serve(struct sring *r);
/* A pvring error: the ring stops, the process is told and goes on. */
void sring_break(struct sring *r, int err);

/* The polling server (sring_poll.c): rings it sweeps, and its wake-up. */
void sring_poll_add(struct sring *r);
void sring_poll_remove(struct sring *r);
void sring_poll_kick(void);
/* Writes the result segment (res may be NULL), pushes and publishes. */
void sring_complete(struct sring *r, uint16_t head, struct gk_ring_res *res,
		    int64_t result, int64_t aux, uint64_t user_data,
		    uint32_t written);
/* A result into a request's result segment. */
static inline void sreq_result(struct gk_ring_res *res, int64_t result,
			       int64_t aux, uint64_t user_data)
{
	res->result = result;
	res->aux = aux;
	res->user_data = user_data;
}

/* Decodes the rest of one request whose header is in r->batch->q (read
 * once) and performs it; the result segment res was checked. Returns as
 * sreq_start. */
int sreq_exec(struct sring *r, const struct pvring_chain *ch,
	      const struct pvring_seg *segs, struct gk_ring_res *res,
	      struct pvring_used_elem *u);
/* Sets up r->batch->q (after r->proc is known). */
void sreq_init_batch(struct sring *r);
/* sreq_exec for a header that is not 8-aligned (copied bytewise). */
int sreq_exec_unaligned(struct sring *r, const void *hdr,
			const struct pvring_chain *ch,
			const struct pvring_seg *segs, struct gk_ring_res *res,
			struct pvring_used_elem *u);

/*
 * Executes one popped request: 1 when it finished now (result written,
 * *u its used entry), 0 when a coroutine of its own carries it on. The
 * layout is checked here (result segment: last, writable, 8-aligned, big
 * enough; header: first, readable, big enough), the rest is sreq_exec.
 * Header fields are read once each: the user may change them meanwhile.
 */
static inline __attribute__((always_inline)) int
sreq_start(struct sring *r, const struct pvring_chain *ch,
	   const struct pvring_seg *segs, struct pvring_used_elem *u)
{
	const struct pvring_seg *last = segs + (int)ch->nseg - 1; /* >= 1 */
	struct gk_ring_res *res = last->ptr;
	const volatile uint64_t *w = segs[0].ptr;
	uint64_t w0;

	_Static_assert(sizeof(struct gk_ring_req) == 32 && sizeof(*res) == 24,
		       "ring ABI");
	u->id = ch->head;
	u->len = 0;
	if (!last->writable || last->len < sizeof(*res) || ((uintptr_t)res & 7))
		return 1; /* no place for a result: complete with nothing */
	u->len = sizeof(*res);
	if (ch->nread == 0 || segs[0].len < sizeof(struct gk_ring_req)) {
		sreq_result(res, -EINVAL, 0, 0); /* no header */
		return 1;
	}
	struct op_req *q = &r->batch->q;
	if ((uintptr_t)w & 7)
		return sreq_exec_unaligned(r, segs[0].ptr, ch, segs, res, u);
	/* the header straight into the request: each word read once */
	w0 = w[0];
	uint64_t user_data = w[3];
	q->nr = (uint32_t)w0;
	q->fd = (int32_t)(w0 >> 32);
	q->off = w[1];
	q->flags = (uint32_t)w[2];
	q->step = 0;
	/* operations without strings, argument lists or output buffers
	 * (nop, write...) are performed here, in the server's loop; q->proc,
	 * waker and thread were set once for the ring */
	if (q->nr < GK_OP_NR) {
		const struct op_def *d = &op_table[q->nr];
		if (d->buf <= OPB_IN && !d->flags) {
			if (d->buf == OPB_IN) {
				q->buf.write = false;
				q->buf.segs = segs + 1;
				q->buf.nseg = ch->nread - 1;
				q->buf.len = ch->read_len - segs[0].len;
			}
			/* no OPF_AUX_OUT: aux is 0 */
			long x = d->perform(q);
			if (x != OP_BLOCK) {
				sreq_result(res, x, 0, user_data);
				return 1;
			}
		}
	}
	q->user_data = user_data;
	q->aux = 0;
	return sreq_exec(r, ch, segs, res, u);
}

#endif
