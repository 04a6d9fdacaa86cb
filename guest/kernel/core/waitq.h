/* SPDX-License-Identifier: MIT */
/* Wait queues: coroutines register a waiter (embedded in their state) and
 * return TASK_PENDING; waitq_wake_all() wakes every registered task. The
 * woken task re-checks its condition and unregisters. */
#ifndef GK_WAITQ_H
#define GK_WAITQ_H

#include "arch/spinlock.h"
#include "core/task.h"

struct waiter {
	struct waiter *next, *prev;
	struct task *task;
	int queued;
};

struct waitq {
	struct spinlock lock;
	struct waiter *head;
	unsigned count;
};

/* Registers t (takes a reference) unless already registered. */
void waitq_add(struct waitq *q, struct waiter *w, struct task *t);
/* Unregisters if still registered. */
void waitq_del(struct waitq *q, struct waiter *w);
void waitq_wake_all(struct waitq *q);

#endif
