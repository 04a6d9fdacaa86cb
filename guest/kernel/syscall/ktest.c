/* SPDX-License-Identifier: MIT */
/* In-kernel executor tests and measurements, run by GK_OP_KTEST from a user
 * test program (which prints the TAP). The calling thread blocks like any
 * other waiting system call until the test's tasks are done. */
#include <string.h>

#include "core/cpu.h"
#include "base/errno.h"
#include "mm/kmalloc.h"
#include "base/printk.h"
#include "proc/proc.h"
#include "syscall/op.h"

struct ktest {
	struct waitq wq;
	uint32_t refs;
	uint32_t remaining; /* tasks still running */
	int64_t status;
	uint64_t i0, t0, i1, t1;
	uint64_t mask; /* vCPUs that polled test tasks */
	uint64_t count; /* polls or operations */
	uint64_t bytes;
	uint32_t id;
	uint64_t n;
	uint8_t order[NR_PRIO];
	uint32_t norder;
	struct task *peer[2]; /* switch / cross-wake partners */
};

static inline uint64_t rdinstret(void)
{
	uint64_t v;

	__asm__ volatile("rdinstret %0" : "=r"(v));
	return v;
}

static void kt_put(struct ktest *kt)
{
	if (!__atomic_sub_fetch(&kt->refs, 1, __ATOMIC_ACQ_REL))
		kfree(kt);
}

static void kt_task_done(struct ktest *kt)
{
	if (!__atomic_sub_fetch(&kt->remaining, 1, __ATOMIC_ACQ_REL)) {
		kt->i1 = rdinstret();
		kt->t1 = timer_now();
		waitq_wake_all(&kt->wq);
	}
	kt_put(kt);
}

static void kt_mark(struct ktest *kt)
{
	__atomic_or_fetch(&kt->mask, 1ull << this_cpu()->id, __ATOMIC_RELAXED);
}

/* ---- task bodies ------------------------------------------------------ */

/* GK_KTEST_SPAWN_TASKS: each task yields once, then finishes */
struct kt_small {
	struct task task;
	struct ktest *kt;
	uint32_t step;
};

static int kt_small_poll(struct task *t)
{
	struct kt_small *s = (struct kt_small *)t;

	if (s->step++ == 0)
		return task_yield(t);
	kt_task_done(s->kt);
	return TASK_READY;
}

/* GK_KTEST_SWITCH / CROSS_WAKE: two tasks wake each other n times */
struct kt_pingpong {
	struct task task;
	struct ktest *kt;
	uint32_t side;
	uint64_t left;
	struct task *other;
	uint64_t polls;
};

/* GK_KTEST_SWITCH: the least a coroutine can do, so the count is the
 * executor's (pop, poll call, state update, wake of the partner) */
static int kt_switch_poll(struct task *t)
{
	struct kt_pingpong *p = (struct kt_pingpong *)t;

	p->polls++;
	if (p->left--) {
		task_wake(p->other);
		return TASK_PENDING;
	}
	p->kt->count += p->polls; /* both sides on one vCPU: no race */
	task_wake(p->other);
	kt_task_done(p->kt);
	return TASK_READY;
}

static int kt_pingpong_poll(struct task *t)
{
	struct kt_pingpong *p = (struct kt_pingpong *)t;
	struct ktest *kt = p->kt;

	if (kt->id == GK_KTEST_CROSS_WAKE) {
		kt_mark(kt);
		if (this_cpu()->id != p->side)
			kt->status = -EINVAL; /* pinned, ran elsewhere */
	}
	/* the switch test counts without atomics: both sides share a vCPU */
	kt->count++;
	struct task *other = kt->peer[!p->side];
	if (p->left == 0) {
		task_wake(other);
		kt_task_done(kt);
		return TASK_READY;
	}
	p->left--;
	task_wake(other);
	return TASK_PENDING;
}

/* GK_KTEST_TIMERS: sleep a pseudo-random time, check it was not early */
struct kt_sleeper {
	struct task task;
	struct ktest *kt;
	struct ktimer tm;
	uint64_t deadline;
	int armed;
};

static int kt_sleeper_poll(struct task *t)
{
	struct kt_sleeper *s = (struct kt_sleeper *)t;

	if (!s->armed) {
		s->armed = 1;
		if (timer_arm(&s->tm, s->deadline, t)) {
			s->kt->status = -ENOMEM;
			kt_task_done(s->kt);
			return TASK_READY;
		}
		return TASK_PENDING;
	}
	if (!s->tm.fired)
		return TASK_PENDING;
	if (timer_now() < s->deadline)
		s->kt->status = -EINVAL; /* woken early */
	__atomic_add_fetch(&s->kt->count, 1, __ATOMIC_RELAXED);
	kt_task_done(s->kt);
	return TASK_READY;
}

/* GK_KTEST_MIGRATE: several rounds of work and yields; record vCPUs */
struct kt_worker {
	struct task task;
	struct ktest *kt;
	uint32_t rounds;
	uint64_t mask;
};

static int kt_worker_poll(struct task *t)
{
	struct kt_worker *w = (struct kt_worker *)t;
	volatile uint64_t spin = 0;

	w->mask |= 1ull << this_cpu()->id;
	kt_mark(w->kt);
	/* 500 us of work per round: long enough for an idle vCPU to wake up
	 * and steal even when the host is slow to run it */
	uint64_t end = timer_now() + timer_us_to_ticks(500);
	while (timer_now() < end)
		spin++;
	if (w->rounds--)
		return task_yield(t);
	if (__builtin_popcountll(w->mask) > 1)
		__atomic_add_fetch(&w->kt->count, 1, __ATOMIC_RELAXED);
	kt_task_done(w->kt);
	return TASK_READY;
}

/* GK_KTEST_PRIO: record the order in which priorities run */
struct kt_prio {
	struct task task;
	struct ktest *kt;
};

static int kt_prio_poll(struct task *t)
{
	struct ktest *kt = ((struct kt_prio *)t)->kt;
	uint32_t i = __atomic_fetch_add(&kt->norder, 1, __ATOMIC_RELAXED);

	if (i < NR_PRIO)
		kt->order[i] = t->prio;
	kt_task_done(kt);
	return TASK_READY;
}

/* ---- controller -------------------------------------------------------- */

static struct task *kt_new(struct ktest *kt, unsigned long size,
			   task_poll_fn poll, int prio)
{
	struct task *t = task_alloc(size, poll, prio);

	if (!t)
		return 0;
	((struct kt_small *)t)->kt = kt; /* every body has kt second */
	__atomic_add_fetch(&kt->refs, 1, __ATOMIC_RELAXED);
	__atomic_add_fetch(&kt->remaining, 1, __ATOMIC_RELAXED);
	return t;
}

static long kt_finish(struct op_req *q, struct ktest *kt)
{
	struct gk_ktest_result r;

	memset(&r, 0, sizeof(r));
	r.status = kt->status;
	r.instret = kt->i1 - kt->i0;
	r.time = kt->t1 - kt->t0;
	r.bytes = kt->bytes;
	r.count = kt->count;
	r.cpus_seen = kt->mask;
	if (kt->id == GK_KTEST_PRIO) {
		int ok = kt->norder == NR_PRIO;
		for (unsigned i = 0; ok && i < NR_PRIO; i++)
			ok = kt->order[i] == i;
		if (!ok)
			r.status = -EINVAL;
		r.count = (uint64_t)kt->order[0] << 16 |
			  (uint64_t)kt->order[1] << 8 | kt->order[2];
	}
	long ret = uio_copy_to(&q->buf, 0, &r, sizeof(r));
	if (!ret)
		q->out_len = sizeof(r);
	kt_put(kt);
	return ret;
}

/* Tests run to their end even when the caller goes away (they are
 * bounded): the wait is not cancelled. */
static long kt_wait(struct op_req *q)
{
	struct ktest *kt = q->st.ktest.kt;

	for (int round = 0; round < 2; round++) {
		if (!__atomic_load_n(&kt->remaining, __ATOMIC_ACQUIRE)) {
			waitq_del(&kt->wq, &q->st.ktest.w);
			return kt_finish(q, kt);
		}
		waitq_add(&kt->wq, &q->st.ktest.w, q->waker);
	}
	return OP_PENDING;
}

static int kt_spawn_tasks(struct ktest *kt, uint64_t n)
{
	struct task **v = kmalloc(n * sizeof(*v));
	uint64_t before = kmalloc_bytes_in_use();

	if (!v)
		return -ENOMEM;
	kt->i0 = rdinstret();
	kt->t0 = timer_now();
	uint64_t made = 0;
	for (; made < n; made++) {
		v[made] = kt_new(kt, sizeof(struct kt_small), kt_small_poll,
				 PRIO_NORMAL);
		if (!v[made])
			break;
	}
	/* all n exist and are idle now: that is the memory per idle task */
	kt->bytes = made ? (kmalloc_bytes_in_use() - before) / made : 0;
	kt->count = made;
	for (uint64_t i = 0; i < made; i++)
		task_start(v[i], -1);
	kfree(v);
	return made == n ? 0 : -ENOMEM;
}

long op_ktest(struct op_req *q)
{
	uint64_t id = (uint64_t)(int64_t)q->fd, n = q->off;

	if (q->step)
		return kt_wait(q);
	if (n == 0 || n > 100000)
		return -EINVAL;
	if ((id == GK_KTEST_CROSS_WAKE) && ncpus_online < 2)
		return -ENODEV;
	if (!q->waker)
		return OP_BLOCK;
	struct ktest *kt = kmalloc(sizeof(*kt));
	if (!kt)
		return -ENOMEM;
	memset(kt, 0, sizeof(*kt));
	kt->refs = 2; /* ours + the start reference */
	kt->id = (uint32_t)id;
	kt->n = n;
	kt->remaining = 1; /* ours, dropped once everything is started */
	memset(&q->st.ktest, 0, sizeof(q->st.ktest));
	q->st.ktest.kt = kt;
	q->step = 1;
	unsigned me = this_cpu()->id;
	int err = 0;

	switch (id) {
	case GK_KTEST_SPAWN_TASKS:
		err = kt_spawn_tasks(kt, n);
		break;
	case GK_KTEST_SWITCH:
	case GK_KTEST_CROSS_WAKE:
		for (int s = 0; s < 2; s++) {
			struct kt_pingpong *p = (struct kt_pingpong *)kt_new(
				kt, sizeof(*p),
				id == GK_KTEST_SWITCH ? kt_switch_poll
						      : kt_pingpong_poll,
				PRIO_HIGH);
			if (!p)
				panic("ktest: out of memory");
			p->side = (uint32_t)s;
			p->left = n;
			p->task.flags = TF_PINNED;
			kt->peer[s] = &p->task;
		}
		((struct kt_pingpong *)kt->peer[0])->other = kt->peer[1];
		((struct kt_pingpong *)kt->peer[1])->other = kt->peer[0];
		kt->i0 = rdinstret();
		kt->t0 = timer_now();
		if (id == GK_KTEST_SWITCH) {
			/* both on this vCPU: the count is executor cost only */
			kt->peer[1]->state = TS_IDLE;
			task_set_cpu(kt->peer[1], (int)me);
			task_start(kt->peer[0], (int)me);
		} else {
			kt->peer[1]->state = TS_IDLE;
			task_set_cpu(kt->peer[1], 1);
			task_start(kt->peer[0], 0);
		}
		break;
	case GK_KTEST_TIMERS: {
		uint64_t seed = timer_now() | 1;
		kt->i0 = rdinstret();
		kt->t0 = timer_now();
		for (uint64_t i = 0; i < n; i++) {
			struct kt_sleeper *s = (struct kt_sleeper *)kt_new(
				kt, sizeof(*s), kt_sleeper_poll, PRIO_NORMAL);
			if (!s) {
				err = -ENOMEM;
				break;
			}
			seed ^= seed << 13;
			seed ^= seed >> 7;
			seed ^= seed << 17;
			timer_init(&s->tm);
			s->deadline =
				timer_now() + timer_us_to_ticks(seed % 5000);
			task_start(&s->task, (int)(i % ncpus_online));
		}
		break;
	}
	case GK_KTEST_MIGRATE:
		kt->i0 = rdinstret();
		kt->t0 = timer_now();
		for (uint64_t i = 0; i < n; i++) {
			struct kt_worker *w = (struct kt_worker *)kt_new(
				kt, sizeof(*w), kt_worker_poll, PRIO_NORMAL);
			if (!w) {
				err = -ENOMEM;
				break;
			}
			w->rounds = 10;
			task_start(&w->task, (int)me); /* all on one vCPU */
		}
		break;
	case GK_KTEST_PRIO: {
		static const int prios[NR_PRIO] = {PRIO_LOW, PRIO_NORMAL,
						   PRIO_HIGH};
		kt->i0 = rdinstret();
		kt->t0 = timer_now();
		/* queued lowest first, all pinned here while we hold the vCPU */
		for (int i = 0; i < NR_PRIO; i++) {
			struct task *t = kt_new(kt, sizeof(struct kt_prio),
						kt_prio_poll, prios[i]);
			if (!t)
				panic("ktest: out of memory");
			t->flags = TF_PINNED;
			task_start(t, (int)me);
		}
		break;
	}
	default:
		err = -EINVAL;
		break;
	}
	if (err)
		kt->status = err;
	kt_task_done(kt); /* drops the start reference; refs had +1 for it */
	return kt_wait(q);
}
