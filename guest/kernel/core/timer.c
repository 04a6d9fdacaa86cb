/* SPDX-License-Identifier: MIT */
#include "core/timer.h"

#include "base/bootinfo.h"
#include "core/cpu.h"
#include "base/errno.h"
#include "mm/kmalloc.h"
#include "base/printk.h"
#include "riscv_csr.h"
#include "sbi_call.h"
#include "core/task.h"

#define TIMER_NONE UINT64_MAX

uint64_t timer_us_to_ticks(uint64_t us)
{
	return us * bootinfo.timebase / 1000000;
}

/* Gives SBI the earliest of heap top and slice end; skips the call when
 * the programmed deadline is already right (an SBI call is a trap). */
static void timer_reprogram(struct cpu *c)
{
	uint64_t next = TIMER_NONE;

	if (c->timers.n)
		next = c->timers.v[0]->deadline;
	if (c->slice_end && c->slice_end < next)
		next = c->slice_end;
	if (next != c->timer_programmed) {
		c->timer_programmed = next;
		sbi_set_timer(next);
	}
}

static int heap_grow(struct timer_heap *h);

void timer_init_cpu(void)
{
	struct cpu *c = this_cpu();

	/* the heap's first array now: a vCPU's first timer later allocates
	 * nothing (memory use stays flat whichever vCPU arms it) */
	if (!c->timers.cap && heap_grow(&c->timers))
		panic("timer: no memory for vCPU %u's timers", c->id);
	c->timer_programmed = 0;
	c->slice_end = 0;
	timer_reprogram(c);
	csr_set(CSR_SIE, MIP_STIP);
}

static void heap_swap(struct timer_heap *h, unsigned a, unsigned b)
{
	struct ktimer *t = h->v[a];

	h->v[a] = h->v[b];
	h->v[b] = t;
	h->v[a]->idx = (int32_t)a;
	h->v[b]->idx = (int32_t)b;
}

static void heap_up(struct timer_heap *h, unsigned i)
{
	while (i && h->v[(i - 1) / 2]->deadline > h->v[i]->deadline) {
		heap_swap(h, i, (i - 1) / 2);
		i = (i - 1) / 2;
	}
}

static void heap_down(struct timer_heap *h, unsigned i)
{
	for (;;) {
		unsigned l = 2 * i + 1, r = l + 1, m = i;
		if (l < h->n && h->v[l]->deadline < h->v[m]->deadline)
			m = l;
		if (r < h->n && h->v[r]->deadline < h->v[m]->deadline)
			m = r;
		if (m == i)
			return;
		heap_swap(h, i, m);
		i = m;
	}
}

static void heap_remove(struct timer_heap *h, unsigned i)
{
	h->n--;
	if (i != h->n) {
		h->v[i] = h->v[h->n];
		h->v[i]->idx = (int32_t)i;
		heap_down(h, i);
		heap_up(h, i);
	}
}

static int heap_grow(struct timer_heap *h)
{
	unsigned cap = h->cap ? h->cap * 2 : 64;
	struct ktimer **v = kmalloc(cap * sizeof(*v));

	if (!v)
		return -ENOMEM;
	for (unsigned i = 0; i < h->n; i++)
		v[i] = h->v[i];
	kfree(h->v);
	h->v = v;
	h->cap = cap;
	return 0;
}

int timer_arm(struct ktimer *tm, uint64_t deadline, struct task *t)
{
	struct cpu *c = this_cpu();
	struct timer_heap *h = &c->timers;

	timer_cancel(tm);
	unsigned long f = spin_lock_irqsave(&h->lock);
	if (h->n == h->cap) {
		/* grow outside interrupts would be nicer; kmalloc is irq-safe */
		if (heap_grow(h)) {
			spin_unlock_irqrestore(&h->lock, f);
			return -ENOMEM;
		}
	}
	task_get(t);
	tm->task = t;
	tm->deadline = deadline;
	tm->fired = 0;
	tm->cpu = (uint8_t)c->id;
	tm->idx = (int32_t)h->n;
	h->v[h->n++] = tm;
	heap_up(h, (unsigned)tm->idx);
	if (h->v[0] == tm)
		timer_reprogram(c);
	spin_unlock_irqrestore(&h->lock, f);
	return 0;
}

void timer_cancel(struct ktimer *tm)
{
	if (__atomic_load_n(&tm->idx, __ATOMIC_ACQUIRE) < 0)
		return;
	struct timer_heap *h = &cpus[tm->cpu].timers;
	struct task *t = 0;
	unsigned long f = spin_lock_irqsave(&h->lock);
	if (tm->idx >= 0) {
		heap_remove(h, (unsigned)tm->idx);
		tm->idx = -1;
		t = tm->task;
	}
	spin_unlock_irqrestore(&h->lock, f);
	if (t)
		task_put(t);
}

void timer_irq(void)
{
	struct cpu *c = this_cpu();
	struct timer_heap *h = &c->timers;
	uint64_t now = timer_now();

	spin_lock(&h->lock);
	c->timer_programmed = 0; /* it fired: whatever comes next is new */
	while (h->n && h->v[0]->deadline <= now) {
		struct ktimer *tm = h->v[0];
		heap_remove(h, 0);
		tm->idx = -1;
		struct task *t = tm->task;
		tm->fired = 1;
		spin_unlock(&h->lock);
		task_wake(t);
		task_put(t);
		spin_lock(&h->lock);
	}
	if (c->slice_end && c->slice_end <= now)
		c->slice_end = 0; /* the user task checks the time itself */
	timer_reprogram(c);
	spin_unlock(&h->lock);
}

void timer_set_slice(uint64_t end)
{
	struct cpu *c = this_cpu();
	unsigned long f = spin_lock_irqsave(&c->timers.lock);

	c->slice_end = end;
	if (end && end < c->timer_programmed)
		timer_reprogram(c);
	spin_unlock_irqrestore(&c->timers.lock, f);
}

void timer_poll_wake(struct cpu *c)
{
	uint64_t soon = timer_now() + bootinfo.timebase / 1000;

	spin_lock(&c->timers.lock);
	if (c->timer_programmed > soon) {
		c->timer_programmed = soon;
		sbi_set_timer(soon);
	}
	spin_unlock(&c->timers.lock);
}
