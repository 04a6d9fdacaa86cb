/* SPDX-License-Identifier: MIT */
/* Ring request execution. The chain was validated and translated by
 * pvring's device side; here the layout (header, data, result) and the
 * operation's arguments are checked. A bad request gets an error result;
 * only a bad ring breaks the ring. */
#include <string.h>

#include "console.h"
#include "cpu.h"
#include "errno.h"
#include "kmalloc.h"
#include "printk.h"
#include "proc.h"
#include "sring_internal.h"

static void sreq_unlink(struct sreq *q)
{
	struct sring *r = q->ring;
	unsigned long f = spin_lock_irqsave(&r->lock);

	if (q->prev)
		q->prev->next = q->next;
	else if (r->reqs == q)
		r->reqs = q->next;
	if (q->next)
		q->next->prev = q->prev;
	q->next = q->prev = 0;
	spin_unlock_irqrestore(&r->lock, f);
}

static void sreq_destroy(struct task *t)
{
	struct sreq *q = (struct sreq *)t;

	sring_put(q->ring);
	kfree(q);
}

static int sreq_finish(struct sreq *q, int64_t result, int64_t aux,
		       uint32_t written)
{
	sreq_unlink(q);
	sring_complete(q->ring, q->head, q->res, result, aux, q->user_data,
		       written);
	return TASK_READY;
}

static int sreq_sleep_poll(struct task *t)
{
	struct sreq *q = (struct sreq *)t;

	if (task_cancelled(t)) {
		timer_cancel(&q->u.sleep.tm);
		return sreq_finish(q, -ECANCELED, 0, 0);
	}
	if (!q->u.sleep.tm.fired)
		return TASK_PENDING;
	return sreq_finish(q, 0, 0, 0);
}

static int sreq_wait_poll(struct task *t)
{
	struct sreq *q = (struct sreq *)t;
	struct proc *p = q->ring->proc;

	for (int round = 0; round < 2; round++) {
		int status = 0;
		int r = task_cancelled(t)
				? -ECANCELED
				: proc_reap(p, q->u.wait.pid, &status);
		if (r != 0) {
			waitq_del(&p->child_exit, &q->u.wait.w);
			return sreq_finish(q, r, status, 0);
		}
		waitq_add(&p->child_exit, &q->u.wait.w, t);
	}
	return TASK_PENDING;
}

static int sreq_read_poll(struct task *t)
{
	struct sreq *q = (struct sreq *)t;

	for (int round = 0; round < 2; round++) {
		long n = task_cancelled(t)
				 ? -ECANCELED
				 : file_read(q->u.read.f, q->u.read.buf,
					     q->u.read.len, -1);
		if (n != -EAGAIN) {
			console_unwait(&q->u.read.w);
			file_put(q->u.read.f);
			return sreq_finish(q, n, 0, n > 0 ? (uint32_t)n : 0);
		}
		console_wait(&q->u.read.w, t);
	}
	return TASK_PENDING;
}

static struct sreq *sreq_new(struct sring *r, task_poll_fn poll, uint16_t head,
			     struct gk_ring_res *res,
			     const struct gk_ring_req *h)
{
	struct sreq *q =
		(struct sreq *)task_alloc(sizeof(*q), poll, PRIO_NORMAL);

	if (!q)
		return 0;
	q->task.destroy = sreq_destroy;
	q->ring = r;
	sring_get(r);
	q->head = head;
	q->res = res;
	q->user_data = h->user_data;
	q->op = (uint8_t)h->opcode;
	unsigned long f = spin_lock_irqsave(&r->lock);
	q->next = r->reqs;
	if (r->reqs)
		r->reqs->prev = q;
	r->reqs = q;
	if (r->closed)
		q->task.flags |= TF_CANCEL;
	spin_unlock_irqrestore(&r->lock, f);
	return q;
}

/* NUL-terminated string inside one readable segment */
static const char *sreq_str(const struct pvring_seg *s)
{
	if (!s || s->writable || !s->len)
		return 0;
	const char *c = s->ptr;
	return memchr(c, 0, s->len) ? c : 0;
}

static long sreq_rw(struct proc *p, const struct gk_ring_req *h,
		    const struct pvring_seg *data, unsigned ndata, int write,
		    uint32_t *written)
{
	struct file *f = fd_get(p, h->fd);
	int64_t at = h->flags & GK_REQ_F_OFFSET ? (int64_t)h->offset : -1;
	long total = 0;

	if (!f)
		return -EBADF;
	if (at < -1) {
		file_put(f);
		return -EINVAL;
	}
	for (unsigned i = 0; i < ndata; i++) {
		if (data[i].writable == !write) {
			long n = write ? file_write(f, data[i].ptr, data[i].len,
						    at)
				       : file_read(f, data[i].ptr, data[i].len,
						   at);
			if (n < 0) {
				total = total ? total : n;
				break;
			}
			total += n;
			if (at >= 0)
				at += n;
			if ((uint32_t)n < data[i].len)
				break;
		}
	}
	file_put(f);
	if (!write && total > 0)
		*written = (uint32_t)total;
	return total;
}

static long sreq_spawn(struct proc *p, const struct pvring_seg *s)
{
	const char *argv[GK_ARG_MAX];
	int argc = 0;

	if (!s || s->writable || !s->len)
		return -EINVAL;
	const char *c = s->ptr, *end = c + s->len;
	/* "path\0arg1\0...\0": every string must end inside the segment */
	while (c < end && *c && argc < GK_ARG_MAX) {
		const char *z = memchr(c, 0, (size_t)(end - c));
		if (!z)
			return -EINVAL;
		argv[argc++] = c;
		c = z + 1;
	}
	if (!argc)
		return -EINVAL;
	int err;
	struct proc *child = proc_spawn(p, argv[0], argv, argc, &err);
	if (!child)
		return err;
	int pid = child->pid;
	proc_put(child);
	return pid;
}

int sreq_write(struct sring *r, const struct gk_ring_req *h,
	       const struct pvring_chain *ch, const struct pvring_seg *segs,
	       struct gk_ring_res *res)
{
	uint32_t written = 0;
	long n = sreq_rw(r->proc, h, &segs[1], ch->nseg - 2, 1, &written);

	sreq_result(res, n, 0, h->user_data);
	return 1;
}

int sreq_exec_unaligned(struct sring *r, const void *hdr,
			const struct pvring_chain *ch,
			const struct pvring_seg *segs, struct gk_ring_res *res,
			struct pvring_used_elem *u)
{
	struct gk_ring_req h;

	memcpy(&h, hdr, sizeof(h)); /* once: the user may change it */
	return sreq_exec(r, &h, ch, segs, res, u);
}

int sreq_exec(struct sring *r, const struct gk_ring_req *h,
	      const struct pvring_chain *ch, const struct pvring_seg *segs,
	      struct gk_ring_res *res, struct pvring_used_elem *u)
{
	const struct pvring_seg *data = &segs[1];
	unsigned ndata = ch->nseg - 2;
	struct proc *p = r->proc;
	uint32_t written = 0;
	struct sreq *q;
	long result;

	switch (h->opcode) {
	case GK_OP_NOP:
		result = 0;
		break;
	case GK_OP_WRITE:
		result = sreq_rw(p, h, data, ndata, 1, &written);
		break;
	case GK_OP_READ: {
		struct file *f = fd_get(p, h->fd);
		if (f && f->type == FILE_CONSOLE && ndata == 1 &&
		    data[0].writable) {
			q = sreq_new(r, sreq_read_poll, ch->head, res, h);
			if (!q) {
				file_put(f);
				result = -ENOMEM;
				break;
			}
			q->u.read.f = f;
			q->u.read.buf = data[0].ptr;
			q->u.read.len = data[0].len;
			task_start(&q->task, -1);
			return 0;
		}
		if (f)
			file_put(f);
		result = sreq_rw(p, h, data, ndata, 0, &written);
		break;
	}
	case GK_OP_OPEN: {
		const char *path = ndata ? sreq_str(&data[0]) : 0;
		struct file *f;
		if (!path) {
			result = -EINVAL;
			break;
		}
		result = file_open(path, (int)h->flags, &f);
		if (!result) {
			result = fd_alloc(p, f);
			if (result < 0)
				file_put(f);
		}
		break;
	}
	case GK_OP_CLOSE:
		result = fd_close(p, h->fd);
		break;
	case GK_OP_SLEEP:
		if (h->offset > 3600ull * 1000000) {
			result = -EINVAL;
			break;
		}
		q = sreq_new(r, sreq_sleep_poll, ch->head, res, h);
		if (!q) {
			result = -ENOMEM;
			break;
		}
		timer_init(&q->u.sleep.tm);
		q->task.state = TS_IDLE;
		task_set_cpu(&q->task, -1);
		if (timer_arm(&q->u.sleep.tm,
			      timer_now() + timer_us_to_ticks(h->offset),
			      &q->task)) {
			sreq_unlink(q);
			task_put(&q->task);
			result = -ENOMEM;
			break;
		}
		return 0;
	case GK_OP_SPAWN:
		result = sreq_spawn(p, ndata ? &data[0] : 0);
		break;
	case GK_OP_WAIT:
		q = sreq_new(r, sreq_wait_poll, ch->head, res, h);
		if (!q) {
			result = -ENOMEM;
			break;
		}
		q->u.wait.pid = h->fd;
		task_start(&q->task, -1);
		return 0;
	default:
		result = -ENOSYS;
		break;
	}
	sreq_result(res, result, 0, h->user_data);
	u->len = written + (uint32_t)sizeof(*res);
	return 1;
}
