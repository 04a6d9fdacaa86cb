/* SPDX-License-Identifier: MIT */
/* The ring path's front end. The chain was validated and translated by
 * pvring's device side; here the request is decoded (header, data
 * segments of the operation's direction) into a struct op_req and handed
 * to the same operation the trap path runs. A bad request gets an error
 * result; only a bad ring breaks the ring. */
#include <string.h>

#include "core/cpu.h"
#include "mm/kmalloc.h"
#include "proc/proc.h"
#include "syscall/sring_internal.h"

static void sreq_unlink(struct sreq *s)
{
	struct sring *r = s->ring;
	unsigned long f = spin_lock_irqsave(&r->lock);

	if (s->prev)
		s->prev->next = s->next;
	else if (r->reqs == s)
		r->reqs = s->next;
	if (s->next)
		s->next->prev = s->prev;
	s->next = s->prev = 0;
	spin_unlock_irqrestore(&r->lock, f);
}

static void sreq_destroy(struct task *t)
{
	struct sreq *s = (struct sreq *)t;

	sring_put(s->ring);
	kfree(s);
}

/* The operation's coroutine, in a task of its own. */
static int sreq_poll(struct task *t)
{
	struct sreq *s = (struct sreq *)t;
	struct op_req *q = &s->q;

	if (__builtin_expect(s->treq != 0, 0)) {
		this_cpu()->trace_req = s->treq;
		if (!s->traced_start) {
			s->traced_start = 1;
			sring_trace_start(s);
		}
	}
	/* cancelled before it began: it never starts (a started operation
	 * sees the cancel itself and undoes what it set up) */
	long r = !q->step && task_cancelled(t) ? -ECANCELED
					       : op_table[q->nr].perform(q);

	if (r == OP_PENDING)
		return TASK_PENDING;
	if (__builtin_expect(s->treq != 0, 0))
		sring_trace_done(s->ring, s->head, s->treq, r);
	kfree(q->args);
	q->args = 0;
	sreq_unlink(s);
	sring_complete(s->ring, s->head, s->res, r, q->aux, s->user_data,
		       q->out_len);
	return TASK_READY;
}

/* The operation must wait: it goes on in a new task (q and the segments
 * its buffer points to are copied: the batch scratch is reused). */
static long sreq_spawn_task(struct sring *r, const struct op_req *q,
			    const struct pvring_chain *ch,
			    const struct pvring_seg *segs,
			    struct gk_ring_res *res)
{
	struct sreq *s =
		(struct sreq *)task_alloc(sizeof(*s), sreq_poll, PRIO_NORMAL);

	if (!s)
		return -ENOMEM;
	s->task.destroy = sreq_destroy;
	s->ring = r;
	sring_get(r);
	s->head = ch->head;
	s->treq = this_cpu()->trace_req; /* 0 unless traced */
	s->traced_start = 0;
	s->res = res;
	s->user_data = q->user_data;
	memcpy(s->segs, segs, ch->nseg * sizeof(*segs));
	s->q = *q;
	if (q->buf.nseg)
		s->q.buf.segs = s->segs + (q->buf.segs - segs);
	s->q.waker = &s->task;
	unsigned long f = spin_lock_irqsave(&r->lock);
	s->next = r->reqs;
	if (r->reqs)
		r->reqs->prev = s;
	r->reqs = s;
	if (r->closed)
		s->task.flags |= TF_CANCEL;
	spin_unlock_irqrestore(&r->lock, f);
	task_start(&s->task, -1);
	return 0;
}

/* The data segments of one direction: readable ones follow the header,
 * writable ones come before the result segment. */
static void sreq_buf(struct op_req *q, const struct pvring_chain *ch,
		     const struct pvring_seg *segs, bool out)
{
	struct uio *u = &q->buf;

	u->vm = 0;
	u->write = out;
	if (out) {
		u->segs = segs + ch->nread;
		u->nseg = ch->nseg - 1 - ch->nread;
		u->len = ch->write_len - segs[ch->nseg - 1].len;
	} else {
		u->segs = segs + 1;
		u->nseg = ch->nread - 1;
		u->len = ch->read_len - segs[0].len;
	}
}

/* Once per ring: what every request of it shares. */
void sreq_init_batch(struct sring *r)
{
	struct op_req *q = &r->batch->q;

	memset(q, 0, sizeof(*q));
	q->proc = r->proc;
}

/* The buffer of q (header fields decoded already). */
static long sreq_decode(struct op_req *q, const struct pvring_chain *ch,
			const struct pvring_seg *segs, const struct op_def *d)
{
	q->out_len = 0;
	q->args = 0;
	switch (d->buf) {
	case OPB_NONE:
		return 0;
	case OPB_OUT:
		sreq_buf(q, ch, segs, true);
		return q->buf.len < d->min_len ? -EINVAL : 0;
	case OPB_IN:
		sreq_buf(q, ch, segs, false);
		return 0;
	case OPB_STR: {
		sreq_buf(q, ch, segs, false);
		long n = uio_string(&q->buf, q->str, sizeof(q->str));
		return n < 0 ? n : 0;
	}
	case OPB_ARGV:
		sreq_buf(q, ch, segs, false);
		if (q->buf.len > OP_ARGS_MAX)
			return -E2BIG;
		q->args = kmalloc(q->buf.len ? q->buf.len : 1);
		if (!q->args)
			return -ENOMEM;
		q->args_len = (uint32_t)q->buf.len;
		uio_copy_from(&q->buf, 0, q->args, q->buf.len);
		return 0;
	}
	return -EINVAL;
}

int sreq_exec_unaligned(struct sring *r, const void *hdr,
			const struct pvring_chain *ch,
			const struct pvring_seg *segs, struct gk_ring_res *res,
			struct pvring_used_elem *u)
{
	struct op_req *q = &r->batch->q;
	struct gk_ring_req h;

	memcpy(&h, hdr, sizeof(h)); /* once: the user may change it */
	q->nr = h.opcode;
	q->fd = h.fd;
	q->off = h.offset;
	q->flags = h.flags;
	q->user_data = h.user_data;
	q->step = 0;
	q->aux = 0;
	return sreq_exec(r, ch, segs, res, u);
}

int sreq_exec(struct sring *r, const struct pvring_chain *ch,
	      const struct pvring_seg *segs, struct gk_ring_res *res,
	      struct pvring_used_elem *u)
{
	struct op_req *q = &r->batch->q;
	long result;

	if (q->nr >= GK_OP_NR) {
		sreq_result(res, -ENOSYS, 0, q->user_data);
		return 1;
	}
	const struct op_def *d = &op_table[q->nr];
	result = sreq_decode(q, ch, segs, d);
	if (!result)
		result = op_start(q, d);
	if (result == OP_BLOCK) {
		result = sreq_spawn_task(r, q, ch, segs, res);
		if (!result)
			return 0; /* its task completes it */
	}
	if (q->args) {
		kfree(q->args);
		q->args = 0;
	}
	sreq_result(res, result, q->aux, q->user_data);
	u->len += q->out_len;
	return 1;
}
