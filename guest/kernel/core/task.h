/* SPDX-License-Identifier: MIT */
/* Stackless coroutines: a task is explicit state plus a poll function.
 * poll() runs on the vCPU's executor stack until it returns TASK_READY
 * (finished) or TASK_PENDING (after arranging to be woken). The waker is
 * the task pointer itself: task_wake() may be called from any vCPU, from
 * interrupt context, before or during the poll it is meant to trigger. */
#ifndef GK_TASK_H
#define GK_TASK_H

#include <stdint.h>

enum task_prio { PRIO_HIGH = 0, PRIO_NORMAL = 1, PRIO_LOW = 2, NR_PRIO = 3 };
enum { TASK_PENDING = 0, TASK_READY = 1 };

/* task->state bits, changed with single atomic or/and operations:
 * SCHED = on a run queue (or about to be), RUN = being polled. A wake
 * sets SCHED; it queues the task only if neither bit was set before. A
 * wake during the poll leaves SCHED behind: the executor queues the task
 * again when the poll returns TASK_PENDING. 0 = waiting for a wake. */
enum task_state {
	TS_IDLE = 0,
	TS_SCHED = 1,
	TS_RUN = 2,
	TS_DONE = 4,
};

#define TF_PINNED 1 /* never stolen by another vCPU */
#define TF_CANCEL 2 /* asked to finish early (poll checks it) */

struct task;
struct cpu;
typedef int (*task_poll_fn)(struct task *t);

struct task {
	struct task *next; /* run queue link */
	struct cpu *home; /* run queue the task goes to when woken */
	task_poll_fn poll;
	void (*destroy)(struct task *t); /* on last reference; NULL = kfree */
	uint32_t state;
	uint32_t refs;
	uint32_t flags; /* TF_* (32 bits: atomics on it need no libatomic) */
	uint8_t prio;
	uint8_t kind; /* for ps/debug: TASK_KIND_* */
};

#define TASK_KIND_KERNEL 0
#define TASK_KIND_USER 1

/* Allocates a task with size bytes in total (the task header first), one
 * reference held by the executor until the task finishes. Not started. */
struct task *task_alloc(unsigned long size, task_poll_fn poll, int prio);
/* Queues a new task on vCPU cpu (-1: this one). */
void task_start(struct task *t, int cpu);
/* Sets the vCPU of a task that is not queued (before its first wake). */
void task_set_cpu(struct task *t, int cpu);
void task_wake(struct task *t);
/* As task_wake, but behind the tasks queued on its vCPU now (never the
 * slot that runs next): for work that should follow a burst. */
void task_wake_later(struct task *t);
void task_cancel(struct task *t);

static inline void task_get(struct task *t)
{
	__atomic_add_fetch(&t->refs, 1, __ATOMIC_RELAXED);
}

void task_put(struct task *t);

static inline int task_cancelled(const struct task *t)
{
	return __atomic_load_n(&t->flags, __ATOMIC_ACQUIRE) & TF_CANCEL;
}

/* Gives other ready tasks a turn: the caller returns TASK_PENDING next. */
static inline int task_yield(struct task *t)
{
	task_wake(t);
	return TASK_PENDING;
}

/* Executor: per-vCPU run queues, never returns. */
_Noreturn void executor_run(void);
/* Number of tasks queued on this vCPU (for preemption decisions). */
unsigned executor_queued(void);
void executor_ipi(unsigned cpu);

#endif
