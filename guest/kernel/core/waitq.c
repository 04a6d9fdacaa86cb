/* SPDX-License-Identifier: MIT */
#include "core/waitq.h"

void waitq_add(struct waitq *q, struct waiter *w, struct task *t)
{
	unsigned long f = spin_lock_irqsave(&q->lock);

	if (!w->queued) {
		task_get(t);
		w->task = t;
		w->prev = 0;
		w->next = q->head;
		if (q->head)
			q->head->prev = w;
		q->head = w;
		q->count++;
		w->queued = 1;
	}
	spin_unlock_irqrestore(&q->lock, f);
}

static void waitq_unlink(struct waitq *q, struct waiter *w)
{
	if (w->prev)
		w->prev->next = w->next;
	else
		q->head = w->next;
	if (w->next)
		w->next->prev = w->prev;
	q->count--;
	w->queued = 0;
}

void waitq_del(struct waitq *q, struct waiter *w)
{
	struct task *t = 0;
	unsigned long f = spin_lock_irqsave(&q->lock);

	if (w->queued) {
		waitq_unlink(q, w);
		t = w->task;
	}
	spin_unlock_irqrestore(&q->lock, f);
	if (t)
		task_put(t);
}

/* Wakes at most the waiters present at entry, so tasks that re-register
 * while we wake cannot keep us here. */
void waitq_wake_all(struct waitq *q)
{
	unsigned long f0 = spin_lock_irqsave(&q->lock);
	unsigned n = q->count;

	spin_unlock_irqrestore(&q->lock, f0);
	while (n--) {
		unsigned long f = spin_lock_irqsave(&q->lock);
		struct waiter *w = q->head;
		struct task *t = 0;
		if (w) {
			waitq_unlink(q, w);
			t = w->task;
		}
		spin_unlock_irqrestore(&q->lock, f);
		if (!t)
			return;
		task_wake(t);
		task_put(t);
	}
}
