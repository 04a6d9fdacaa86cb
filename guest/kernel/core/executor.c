/* SPDX-License-Identifier: MIT */
/* The per-vCPU executor: three FIFO run queues by priority, stealing from
 * other vCPUs when empty, WFI when there is nothing at all. A task woken
 * by the task running on the same vCPU goes to a one-entry "next" slot
 * (as Go's runnext) instead of the locked queue: the common
 * wake-your-partner switch then costs no lock and no atomic loop. */
#include "core/task.h"

#include "core/cpu.h"
#include "core/trace.h"
#include "mm/kmalloc.h"
#include "base/printk.h"
#include "riscv_csr.h"
#include "sbi_call.h"
#include "core/timer.h"

unsigned ncpus_online = 1;
static int ipi_available = -1;

struct task *task_alloc(unsigned long size, task_poll_fn poll, int prio)
{
	struct task *t = kmalloc(size);

	if (!t)
		return 0;
	t->poll = poll;
	t->prio = (uint8_t)prio;
	t->refs = 1;
	t->state = TS_IDLE;
	return t;
}

void task_put(struct task *t)
{
	if (__atomic_sub_fetch(&t->refs, 1, __ATOMIC_ACQ_REL))
		return;
	if (t->destroy)
		t->destroy(t);
	else
		kfree(t);
}

static inline void rq_link(struct runq *rq, struct task *t)
{
	t->next = 0;
	if (rq->tail[t->prio])
		rq->tail[t->prio]->next = t;
	else
		rq->head[t->prio] = t;
	rq->tail[t->prio] = t;
	rq->count++;
}

/* For stealing: the first task that may leave its vCPU. */
static struct task *rq_pop_unpinned_locked(struct runq *rq)
{
	for (int p = 0; p < NR_PRIO; p++) {
		struct task *prev = 0;
		for (struct task *t = rq->head[p]; t; prev = t, t = t->next) {
			if (t->flags & TF_PINNED)
				continue;
			if (prev)
				prev->next = t->next;
			else
				rq->head[p] = t->next;
			if (rq->tail[p] == t)
				rq->tail[p] = prev;
			rq->count--;
			return t;
		}
	}
	return 0;
}

/* The executor's own pop: highest priority first, FIFO within one. */
static inline struct task *rq_pop(struct cpu *c)
{
	struct runq *rq = &c->rq;
	struct task *t = 0;

	if (!__atomic_load_n(&rq->count, __ATOMIC_RELAXED))
		return 0;
	unsigned long f = spin_lock_irqsave(&rq->lock);
	for (int p = 0; p < NR_PRIO; p++) {
		t = rq->head[p];
		if (t) {
			rq->head[p] = t->next;
			if (!t->next)
				rq->tail[p] = 0;
			rq->count--;
			break;
		}
	}
	spin_unlock_irqrestore(&rq->lock, f);
	return t;
}

void executor_ipi(unsigned cpu)
{
	if (ipi_available < 0)
		ipi_available = sbi_probe_extension(SBI_EXT_IPI).value != 0;
	if (!ipi_available)
		return;
	this_cpu()->st.ipis_sent++;
	SBI_CALL2(SBI_EXT_IPI, SBI_IPI_SEND_IPI, 1, cpus[cpu].hartid);
}

/* idle: 0 running, 1 in WFI, 2 in WFI and already sent an IPI (one per
 * idle period is enough) */
static int cpu_kick(struct cpu *c)
{
	int one = 1;

	if (__atomic_compare_exchange_n(&c->idle, &one, 2, 0, __ATOMIC_ACQ_REL,
					__ATOMIC_RELAXED)) {
		executor_ipi(c->id);
		return 1;
	}
	return 0;
}

/* Another vCPU's queue, or load to share: the slower half of enqueue. */
static void __attribute__((noinline))
task_enqueue_notify(struct cpu *target, struct cpu *me)
{
	/* pairs with the fence in cpu_idle(): either it sees the task or we
	 * see it idle */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (target != me) {
		if (__atomic_load_n(&target->idle, __ATOMIC_RELAXED))
			cpu_kick(target);
		return;
	}
	/* a backlog here: let one idle vCPU come and steal */
	for (unsigned i = 0; i < ncpus_online; i++) {
		struct cpu *o = &cpus[i];
		if (o != target && !o->no_steal &&
		    __atomic_load_n(&o->idle, __ATOMIC_RELAXED) == 1 &&
		    cpu_kick(o))
			break;
	}
}

#define SLOT_STREAK_MAX 64

/* At the tail of t's run queue, never in the next slot. */
static inline void task_enqueue_tail(struct task *t, struct cpu *me)
{
	struct cpu *target = t->home;
	struct runq *rq = &target->rq;
	unsigned long f = spin_lock_irqsave(&rq->lock);

	rq_link(rq, t);
	unsigned n = rq->count;
	spin_unlock_irqrestore(&rq->lock, f);
	if (target != me || (n >= 2 && ncpus_online > 1))
		task_enqueue_notify(target, me);
}

static inline void task_enqueue(struct task *t)
{
	struct cpu *me = this_cpu();

	if (t->home == me && me->current && !me->next_slot && !me->in_irq) {
		me->next_slot = t;
		return;
	}
	task_enqueue_tail(t, me);
}

void task_set_cpu(struct task *t, int cpu)
{
	t->home = cpu < 0 ? this_cpu() : &cpus[cpu];
}

void task_start(struct task *t, int cpu)
{
	task_set_cpu(t, cpu);
	t->state = TS_SCHED;
	task_enqueue(t);
}

/* amoor/amoand with .aqrl: one instruction where the builtins emit a
 * fence plus the AMO */
static inline uint32_t state_fetch_or(uint32_t *p, uint32_t v)
{
	uint32_t old;

	__asm__ volatile("amoor.w.aqrl %0, %2, %1"
			 : "=r"(old), "+A"(*p)
			 : "r"(v)
			 : "memory");
	return old;
}

static inline uint32_t state_fetch_and(uint32_t *p, uint32_t v)
{
	uint32_t old;

	__asm__ volatile("amoand.w.aqrl %0, %2, %1"
			 : "=r"(old), "+A"(*p)
			 : "r"(v)
			 : "memory");
	return old;
}

/* task_wake while tracing: the same wake, and who woke whom (the running
 * task, or an interrupt handler) if it woke anything. */
static __attribute__((noinline)) void task_wake_traced(struct task *t)
{
	struct cpu *c = this_cpu();
	uint32_t old = state_fetch_or(&t->state, TS_SCHED);

	if (!(old & TS_SCHED))
		trace_put(trace_now(), TRACE_TASK_WAKE, TRACE_RING_NONE,
			  trace_task_id(t), 0, 0,
			  c->in_irq || !c->current ? 0xffffffffu
						   : trace_task_id(c->current),
			  0);
	if (!old)
		task_enqueue(t);
}

void task_wake(struct task *t)
{
	if (trace_on(TRACE_C_TASK)) {
		task_wake_traced(t); /* a tail call: no frame here */
		return;
	}
	if (!state_fetch_or(&t->state, TS_SCHED))
		task_enqueue(t);
}

void task_wake_later(struct task *t)
{
	if (!state_fetch_or(&t->state, TS_SCHED))
		task_enqueue_tail(t, this_cpu());
}

void task_cancel(struct task *t)
{
	__atomic_or_fetch(&t->flags, TF_CANCEL, __ATOMIC_RELEASE);
	task_wake(t);
}

unsigned executor_queued(void)
{
	struct cpu *c = this_cpu();

	return __atomic_load_n(&c->rq.count, __ATOMIC_RELAXED) +
	       (c->next_slot ? 1 : 0);
}

/* Next task for this vCPU: the slot unless a more urgent task is queued
 * or the slot has had its share; then the queues. */
static inline struct task *executor_next(struct cpu *c)
{
	struct task *t = c->next_slot;

	if (t) {
		c->next_slot = 0;
		int urgent = 0;
		for (int p = 0; p < t->prio; p++)
			urgent |= __atomic_load_n(&c->rq.head[p],
						  __ATOMIC_RELAXED) != 0;
		if (!urgent && c->slot_streak < SLOT_STREAK_MAX) {
			c->slot_streak++;
			return t;
		}
		unsigned long f = spin_lock_irqsave(&c->rq.lock);
		rq_link(&c->rq, t);
		spin_unlock_irqrestore(&c->rq.lock, f);
	}
	c->slot_streak = 0;
	return rq_pop(c);
}

/* Takes one unpinned task from the busiest other vCPU. */
static struct task *executor_steal(struct cpu *c)
{
	struct cpu *best = 0;
	unsigned most = 0;

	if (c->no_steal)
		return 0;
	for (unsigned i = 0; i < ncpus_online; i++) {
		struct cpu *o = &cpus[i];
		unsigned n = __atomic_load_n(&o->rq.count, __ATOMIC_RELAXED);
		if (o != c && n > most && !o->no_steal) {
			most = n;
			best = o;
		}
	}
	if (!best)
		return 0;
	/* interrupts off first: a wake from our own handler must not spin on
	 * a lock this vCPU holds */
	unsigned long f = irq_save();
	if (!spin_trylock(&best->rq.lock)) {
		irq_restore(f);
		return 0;
	}
	struct task *t = rq_pop_unpinned_locked(&best->rq);
	spin_unlock(&best->rq.lock);
	irq_restore(f);
	if (t) {
		t->home = c; /* QUEUED: no waker reads it now */
		c->st.steals++;
	}
	return t;
}

static void cpu_idle(struct cpu *c)
{
	unsigned long f = irq_save();

	__atomic_store_n(&c->idle, 1, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (!__atomic_load_n(&c->rq.count, __ATOMIC_RELAXED)) {
		if (!ipi_available && ncpus_online > 1)
			timer_poll_wake(c); /* no IPIs: look again soon */
		__asm__ volatile("wfi");
	}
	__atomic_store_n(&c->idle, 0, __ATOMIC_RELAXED);
	irq_restore(f);
}

/* A poll while tracing: one slice; the request it ran for (trace_req)
 * ends with it. */
static __attribute__((noinline)) int executor_poll_traced(struct cpu *c,
							  struct task *t)
{
	uint64_t t0 = trace_now();
	int r = t->poll(t);

	c->trace_req = 0;
	if (trace_on(TRACE_C_TASK))
		trace_put(t0, TRACE_KF(TRACE_TASK_POLL, TRACE_F_SLICE),
			  TRACE_RING_NONE, trace_task_id(t),
			  (uint32_t)(trace_now() - t0), 0, t->prio,
			  (uint64_t)r);
	return r;
}

_Noreturn void executor_run(void)
{
	struct cpu *c = this_cpu();

	csr_set(CSR_SSTATUS, SR_SIE);
	for (;;) {
		struct task *t = executor_next(c);
		if (!t && ncpus_online > 1)
			t = executor_steal(c);
		if (!t) {
			cpu_idle(c);
			continue;
		}
		c->current = t;
		/* plain store: a wake now finds SCHED set and does nothing,
		 * and the poll about to run is what it asked for */
		*(volatile uint32_t *)&t->state = TS_RUN;
		c->st.polls++;
		int r = __builtin_expect(c->trace_classes != 0, 0)
				? executor_poll_traced(c, t)
				: t->poll(t);
		c->current = 0;
		if (__builtin_expect(r == TASK_PENDING, 1)) {
			if (state_fetch_and(&t->state, ~(uint32_t)TS_RUN) &
			    TS_SCHED)
				task_enqueue(t); /* woken during its poll */
			continue;
		}
		__atomic_store_n(&t->state, TS_DONE, __ATOMIC_RELEASE);
		task_put(t);
	}
}
