/* SPDX-License-Identifier: MIT */
/* Syscall rings: set-up, the on-demand server and GK_OP_RING_ENTER; the
 * polling server is sring_poll.c, request execution sreq.c. */
#include "syscall/sring.h"

#include <string.h>

#include "core/cpu.h"
#include "base/errno.h"
#include "mm/kmalloc.h"
#include "mm/page.h"
#include "base/printk.h"
#include "proc/proc.h"
#include "core/trace.h"
#include "pvring.h"
#include "syscall/sring_internal.h"

uint32_t sring_mode = GK_RING_MODE_ONDEMAND;

void sring_get(struct sring *r)
{
	__atomic_add_fetch(&r->refs, 1, __ATOMIC_RELAXED);
}

void sring_put(struct sring *r)
{
	if (__atomic_sub_fetch(&r->refs, 1, __ATOMIC_ACQ_REL))
		return;
	page_free(r->mem, r->order);
	proc_mm_put(r->proc);
	proc_put(r->proc);
	kfree(r->batch);
	kfree(r->treq);
	kfree(r);
}

/* No unmap since the cached translations were made (the miss path drops
 * them when there was one). */
static inline bool sring_tc_current(struct sring *r)
{
	return r->tc_gen ==
	       __atomic_load_n(&r->proc->vm.unmap_gen, __ATOMIC_RELAXED);
}

/* Cache miss: walk the page table; remember the page. */
static void *sring_translate_slow(struct sring *r, uint64_t addr, uint32_t len,
				  bool writable)
{
	const struct vmspace *vs = &r->proc->vm;
	uint64_t page = addr & ~4095ull;
	uint64_t last = len ? addr + len - 1 : addr;

	if (last < addr || (last & ~4095ull) != page)
		return vm_user_ptr(vs, addr, len, writable); /* spans pages */
	uint32_t gen = __atomic_load_n(&vs->unmap_gen, __ATOMIC_ACQUIRE);
	if (gen != r->tc_gen) {
		memset(r->tc, 0, sizeof(r->tc));
		r->tc_gen = gen;
	}
	/* ask for write access when the page has it: one entry serves both */
	uint8_t *k = vm_user_ptr(vs, page, 4096, true);
	uint64_t w = k ? SRING_TC_W : 0;
	if (!k && !writable)
		k = vm_user_ptr(vs, page, 4096, false);
	if (!k)
		return 0;
	struct sring_tc *e = &r->tc[(page >> 12) & (SRING_TC - 1)];
	e->tag = page | SRING_TC_V | w;
	e->kpage = k;
	return k + (addr & 4095);
}

/* The translation cache alone (pvring_dev_pop_many's lookup): a pointer
 * only when sring_translate would give it now, else NULL. Inlined into the
 * server's pop; no calls, so the walk keeps its values in registers. */
static inline __attribute__((always_inline)) void *
sring_lookup(void *ctx, uint64_t addr, uint32_t len, bool writable)
{
	struct sring *r = ctx;
	const struct sring_tc *e = &r->tc[(addr >> 12) & (SRING_TC - 1)];
	uint64_t page = addr & ~4095ull, off = addr - page;
	/* 0: same page with the rights asked for; 1: a writable page asked
	 * for reading; anything else: another page, or empty */
	uint64_t x = e->tag ^ (page | SRING_TC_V | SRING_TC_W);

	/* hit: rights enough, range inside the page, no unmap since */
	if (x <= (uint64_t)!writable && off + len <= 4096 &&
	    sring_tc_current(r))
		return e->kpage + off;
	return 0;
}

/* pvring's translate-and-check: a user range the process may access. */
static void *sring_translate(void *ctx, uint64_t addr, uint32_t len,
			     bool writable)
{
	void *p = sring_lookup(ctx, addr, len, writable);

	return p ? p : sring_translate_slow(ctx, addr, len, writable);
}

/* Called with r->lock held: the process's ring is bad; it alone pays. */
void sring_break(struct sring *r, int err)
{
	if (r->broken)
		return;
	r->broken = err;
	r->ctl->error = err;
	r->ctl->flags |= GK_RING_CTL_BROKEN;
	kprintf("gk: pid %d: syscall ring broken (%s); process continues\n",
		r->proc->pid, pvring_strerror(err));
}

/* Waiters in GK_OP_RING_ENTER re-check their condition. */
static void sring_wake_waiters(struct sring *r)
{
	if (__atomic_load_n(&r->done_wq.count, __ATOMIC_ACQUIRE))
		waitq_wake_all(&r->done_wq);
}

static void sring_publish_locked(struct sring *r, unsigned n)
{
	if (r->broken || r->closed || !n)
		return;
	pvring_dev_publish(&r->dev);
	__atomic_add_fetch(&r->used_pub, n, __ATOMIC_RELEASE);
}

void sring_complete(struct sring *r, uint16_t head, struct gk_ring_res *res,
		    int64_t result, int64_t aux, uint64_t user_data,
		    uint32_t written)
{
	struct pvring_used_elem u = {.id = head, .len = written};
	unsigned long f = spin_lock_irqsave(&r->lock);

	if (!r->broken && !r->closed) {
		if (res) {
			sreq_result(res, result, aux, user_data);
			u.len += sizeof(*res);
		}
		int e = pvring_dev_push_many(&r->dev, &u, 1);
		if (e < 0)
			sring_break(r, e);
		sring_publish_locked(r, 1);
	}
	spin_unlock_irqrestore(&r->lock, f);
	sring_wake_waiters(r);
}

static long sring_trace_result(const struct pvring_chain *ch,
			       const struct pvring_seg *segs);

/* sreq_start while tracing: popped (decoded op, request id), then done if
 * it finished at once. */
static __attribute__((noinline)) int
sring_start_traced(struct sring *r, const struct pvring_chain *ch,
		   const struct pvring_seg *segs, struct pvring_used_elem *u)
{
	sring_trace_pop(r, ch, segs);
	int fin = sreq_start(r, ch, segs, u);
	if (fin)
		sring_trace_done(r, ch->head, r->treq[ch->head & (r->num - 1)],
				 sring_trace_result(ch, segs));
	return fin;
}

/* The result a finished request wrote (for the trace), 0 if none. */
static long sring_trace_result(const struct pvring_chain *ch,
			       const struct pvring_seg *segs)
{
	const struct pvring_seg *last = segs + (int)ch->nseg - 1;

	if (!ch->nseg || !last->writable || last->len < 8 ||
	    ((uintptr_t)last->ptr & 7))
		return 0;
	return *(const volatile int64_t *)last->ptr;
}

static inline uint64_t sring_instret(void)
{
	uint64_t v;

	__asm__ volatile("rdinstret %0" : "=r"(v));
	return v;
}

/* Pops and starts every available request; returns how many. The
 * instructions it takes when there is work are counted (GK_OP_STATS).
 * Two copies: with tracing compiled out, and with it (sring_serve picks
 * one with one branch). */
static inline __attribute__((always_inline)) int
sring_serve_body(struct sring *r, const bool traced)
{
	struct sring_batch *b = r->batch;
	struct cpu_stats *st = &this_cpu()->st;
	int total = 0;
	uint64_t i0 = sring_instret();

	for (;;) {
		unsigned n = 0, nd = 0;
		int e = 0;
		unsigned long f = spin_lock_irqsave(&r->lock);
		if (traced)
			sring_trace_drain(r); /* the program's events first */
		if (!r->broken && !r->closed) {
			n = pvring_dev_pop_many(&r->dev, b->ch, b->segs[0],
						GK_RING_MAX_SEGS, SRING_BATCH,
						sring_lookup, &e);
			if (e < 0)
				sring_break(r, e);
		}
		spin_unlock_irqrestore(&r->lock, f);
		struct pvring_used_elem *u = b->done;
		if (traced)
			for (unsigned i = 0; i < n; i++)
				u += sring_start_traced(r, &b->ch[i],
							b->segs[i], u);
		else
			for (unsigned i = 0; i < n; i++)
				u += sreq_start(r, &b->ch[i], b->segs[i], u);
		nd = (unsigned)(u - b->done);
		if (nd) {
			f = spin_lock_irqsave(&r->lock);
			if (!r->broken && !r->closed) {
				int pe = pvring_dev_push_many(&r->dev, b->done,
							      nd);
				if (pe < 0)
					sring_break(r, pe);
				sring_publish_locked(r, nd);
			}
			spin_unlock_irqrestore(&r->lock, f);
		}
		total += (int)n;
		if (n) {
			/* counted before the waiters wake: a caller reading the
			 * stats after its completions sees what they cost (a
			 * busy ring can keep one call going for a long time) */
			uint64_t now = sring_instret();
			st->ring_requests += n;
			st->ring_serve_instret += now - i0;
			i0 = now;
		}
		if (nd || e < 0)
			sring_wake_waiters(r);
		if (n < SRING_BATCH)
			break;
	}
	if (total) /* the last, empty round */
		st->ring_serve_instret += sring_instret() - i0;
	return total;
}

static __attribute__((noinline)) int sring_serve_traced(struct sring *r)
{
	return sring_serve_body(r, true);
}

int sring_serve(struct sring *r)
{
	if (__builtin_expect(r->treq != 0, 0))
		return sring_serve_traced(r);
	return sring_serve_body(r, false);
}

/* ---- on-demand server: one task per ring, woken by GK_OP_RING_ENTER ---- */

struct sring_server {
	struct task task;
	struct sring *ring;
};

static void sring_server_destroy(struct task *t)
{
	sring_put(((struct sring_server *)t)->ring);
	kfree(t);
}

static int sring_server_poll(struct task *t)
{
	struct sring *r = ((struct sring_server *)t)->ring;

	if (task_cancelled(t))
		return TASK_READY;
	for (;;) {
		sring_serve(r);
		unsigned long f = spin_lock_irqsave(&r->lock);
		int more = r->broken || r->closed
				   ? 0
				   : pvring_dev_enable_notify(&r->dev);
		if (more < 0)
			sring_break(r, more);
		spin_unlock_irqrestore(&r->lock, f);
		if (more <= 0)
			return TASK_PENDING;
	}
}

/* ---- system calls ----------------------------------------------------- */

long op_ring_setup(struct op_req *q)
{
	struct proc *p = q->proc;
	uint64_t num = q->off;
	struct pvring_layout l;
	struct gk_ring_params prm;

	if (num > GK_RING_MAX_ENTRIES || !pvring_size_valid((unsigned)num))
		return -EINVAL;
	if (p->ring)
		return -EBUSY;
	pvring_layout_contig((unsigned)num, 4, &l);
	uint64_t bytes = 4096 + l.total; /* control page first */
	/* the program's trace area after the ring, when rings are traced */
	uint64_t toff = (bytes + 63) & ~63ull;
	if (trace_on(TRACE_C_RING))
		bytes = toff + GK_RING_TRACE_BYTES;
	struct sring *r = kmalloc(sizeof(*r));
	if (!r)
		return -ENOMEM;
	r->batch = kmalloc(sizeof(*r->batch));
	r->order = page_order_for(bytes);
	r->mem = r->batch ? page_alloc(r->order) : 0;
	if (!r->mem) {
		kfree(r->batch);
		kfree(r);
		return -ENOMEM;
	}
	uint64_t mapped = 4096ull << r->order;
	/* not PTE_OWNED: the ring frees its pages after the last request */
	int err = vm_map(&p->vm, USER_RING_BASE, (uintptr_t)r->mem, mapped,
			 PTE_R | PTE_W | PTE_U);
	if (err) {
		vm_unmap(&p->vm, USER_RING_BASE, mapped);
		page_free(r->mem, r->order);
		kfree(r->batch);
		kfree(r);
		return err;
	}
	uint8_t *base = (uint8_t *)r->mem + 4096;
	r->ctl = r->mem;
	r->ctl->mode = sring_mode;
	r->num = (unsigned)num;
	r->refs = 1; /* the process's */
	r->proc = p;
	proc_get(p);
	proc_mm_get(p);
	sreq_init_batch(r);
	pvring_dev_init(&r->dev, r->num, base + l.desc_off, base + l.avail_off,
			base + l.used_off, PVRING_F_EVENT_IDX, sring_translate,
			r, (uint16_t)p->pid);
	sring_trace_setup(r,
			  trace_on(TRACE_C_RING) ? (uint8_t *)r->mem + toff : 0,
			  GK_RING_TRACE_BYTES);
	memset(&prm, 0, sizeof(prm));
	prm.entries = r->num;
	prm.mode = sring_mode;
	prm.features = PVRING_F_EVENT_IDX;
	prm.ctl = USER_RING_BASE;
	prm.desc = USER_RING_BASE + 4096 + l.desc_off;
	prm.avail = USER_RING_BASE + 4096 + l.avail_off;
	prm.used = USER_RING_BASE + 4096 + l.used_off;
	prm.size = l.total;
	if (r->utrace.nrec) {
		prm.trace = USER_RING_BASE + toff;
		prm.trace_bytes = GK_RING_TRACE_BYTES;
	}
	if (sring_mode == GK_RING_MODE_POLL) {
		sring_poll_add(r);
	} else {
		struct sring_server *s = (struct sring_server *)task_alloc(
			sizeof(*s), sring_server_poll, PRIO_HIGH);
		if (!s) {
			/* the process keeps the mapping; the ring stays unused */
			sring_put(r);
			return -ENOMEM;
		}
		sring_get(r);
		s->ring = r;
		s->task.destroy = sring_server_destroy;
		r->server = &s->task;
		task_get(r->server); /* the ring's, for waking it */
		r->server->state = TS_IDLE;
		task_set_cpu(r->server, -1);
	}
	p->ring = r;
	uio_copy_to(&q->buf, 0, &prm, sizeof(prm)); /* checked at decode */
	q->out_len = sizeof(prm);
	return 0;
}

static int sring_reached(struct sring *r, uint16_t idx)
{
	uint16_t pub =
		(uint16_t)__atomic_load_n(&r->used_pub, __ATOMIC_ACQUIRE);

	return (int16_t)(pub - idx) >= 0;
}

/* Waits until the used index reaches q->st.wait.min (or the ring breaks). */
static long ring_wait(struct op_req *q, struct sring *r)
{
	for (int round = 0; round < 2; round++) {
		if (r->broken || sring_reached(r, (uint16_t)q->st.wait.min)) {
			waitq_del(&r->done_wq, &q->st.wait.w);
			return r->broken ? -EIO : 0;
		}
		waitq_add(&r->done_wq, &q->st.wait.w, q->waker);
	}
	return OP_PENDING;
}

/* off = used index to wait for with flags GK_ENTER_GETEVENTS. On demand
 * the ring's server (high priority) runs before the caller goes on. */
long op_ring_enter(struct op_req *q)
{
	struct sring *r = q->proc->ring;

	if (q->step == 1) /* the server had its turn */
		return q->st.wait.min != UINT32_MAX ? ring_wait(q, r)
		       : r->broken		    ? -EIO
						    : 0;
	if (q->step == 2)
		return ring_wait(q, r);
	this_cpu()->st.ring_kicks++;
	if (!r)
		return -EINVAL;
	if (r->broken)
		return -EIO;
	memset(&q->st.wait, 0, sizeof(q->st.wait));
	q->st.wait.min = q->flags & GK_ENTER_GETEVENTS
				 ? (uint32_t)(uint16_t)q->off
				 : UINT32_MAX;
	if (sring_mode == GK_RING_MODE_POLL) {
		sring_poll_kick();
		if (q->st.wait.min == UINT32_MAX)
			return 0;
		q->step = 2;
		return ring_wait(q, r);
	}
	task_wake(r->server);
	q->step = 1;
	task_wake(q->waker);
	return OP_PENDING;
}

void sring_close(struct proc *p)
{
	struct sring *r = p->ring;

	if (!r)
		return;
	p->ring = 0;
	unsigned long f = spin_lock_irqsave(&r->lock);
	if (r->treq)
		sring_trace_drain(r); /* its last reaps */
	r->closed = 1;
	struct sreq *q = r->reqs;
	for (; q; q = q->next)
		task_cancel(&q->task);
	spin_unlock_irqrestore(&r->lock, f);
	if (r->server) {
		task_cancel(r->server);
		task_put(r->server);
	}
	if (sring_mode == GK_RING_MODE_POLL)
		sring_poll_remove(r);
	waitq_wake_all(&r->done_wq);
	sring_put(r);
}
