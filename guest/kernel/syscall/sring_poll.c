// SPDX-License-Identifier: MIT
/* The polling ring server (bootargs ring=poll): one pinned task on the
 * last vCPU sweeps every process's syscall ring, and sleeps with kicks
 * requested after POLL_IDLE_US without work. */
#include <string.h>

#include "base/bootinfo.h"
#include "base/printk.h"
#include "core/cpu.h"
#include "syscall/sring.h"
#include "syscall/sring_internal.h"

static struct spinlock poll_lock;
static struct sring *poll_list;
static struct task *poller;

void sring_poll_add(struct sring *r)
{
	sring_get(r);
	unsigned long f = spin_lock_irqsave(&poll_lock);
	r->poll_next = poll_list;
	poll_list = r;
	spin_unlock_irqrestore(&poll_lock, f);
	task_wake(poller);
}

void sring_poll_kick(void)
{
	task_wake(poller);
}

void sring_poll_remove(struct sring *r)
{
	int found = 0;
	unsigned long f = spin_lock_irqsave(&poll_lock);

	for (struct sring **pp = &poll_list; *pp; pp = &(*pp)->poll_next) {
		if (*pp == r) {
			*pp = r->poll_next;
			found = 1;
			break;
		}
	}
	spin_unlock_irqrestore(&poll_lock, f);
	if (found)
		sring_put(r);
}

#define POLL_SNAPSHOT 32
#define POLL_IDLE_US 20000

struct sring_poller {
	struct task task;
	uint64_t idle_since;
	int sleeping;
};

/* Up to POLL_SNAPSHOT rings from position start of the list, with
 * references; the list may change between calls (a ring is then served a
 * sweep later or twice, both harmless). */
static unsigned poll_snapshot(struct sring **v, unsigned start)
{
	unsigned n = 0, i = 0;
	unsigned long f = spin_lock_irqsave(&poll_lock);

	for (struct sring *r = poll_list; r && n < POLL_SNAPSHOT;
	     r = r->poll_next, i++) {
		if (i < start)
			continue;
		sring_get(r);
		v[n++] = r;
	}
	spin_unlock_irqrestore(&poll_lock, f);
	return n;
}

static void poll_release(struct sring **v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		sring_put(v[i]);
}

/* Suppress or request kicks on every ring; with notify on, returns 1 when
 * a ring already has work again (must not sleep). */
static int poll_set_notify(struct sring **v, unsigned n, int on)
{
	int pending = 0;

	for (unsigned i = 0; i < n; i++) {
		struct sring *r = v[i];
		unsigned long f = spin_lock_irqsave(&r->lock);
		if (!r->broken && !r->closed) {
			if (on) {
				r->ctl->flags |= GK_RING_CTL_NEED_WAKEUP;
				int e = pvring_dev_enable_notify(&r->dev);
				if (e < 0)
					sring_break(r, e);
				else if (e > 0)
					pending = 1;
			} else {
				r->ctl->flags &= ~GK_RING_CTL_NEED_WAKEUP;
				pvring_dev_disable_notify(&r->dev);
			}
		}
		spin_unlock_irqrestore(&r->lock, f);
	}
	return pending;
}

/* Applies poll_set_notify to every ring, in snapshots. */
static int poll_set_notify_all(int on)
{
	struct sring *v[POLL_SNAPSHOT];
	unsigned start = 0, n;
	int pending = 0;

	do {
		n = poll_snapshot(v, start);
		pending |= poll_set_notify(v, n, on);
		poll_release(v, n);
		start += n;
	} while (n == POLL_SNAPSHOT);
	return pending;
}

static int sring_poller_poll(struct task *t)
{
	struct sring_poller *p = (struct sring_poller *)t;
	struct sring *v[POLL_SNAPSHOT];
	unsigned start = 0, n;
	int work = 0;
	uint64_t now = timer_now();

	if (p->sleeping) {
		p->sleeping = 0;
		p->idle_since = now;
		poll_set_notify_all(0);
	}
	do {
		n = poll_snapshot(v, start);
		for (unsigned i = 0; i < n; i++)
			work += sring_serve(v[i]);
		poll_release(v, n);
		start += n;
	} while (n == POLL_SNAPSHOT);
	if (work)
		p->idle_since = now;
	int sleep =
		!work && now - p->idle_since > timer_us_to_ticks(POLL_IDLE_US);
	if (sleep && poll_set_notify_all(1)) {
		poll_set_notify_all(0);
		sleep = 0;
	}
	if (!sleep)
		return task_yield(t);
	p->sleeping = 1;
	return TASK_PENDING;
}

void sring_init(void)
{
	char arg[16];
	const char *m = bootargs_get("ring", arg, sizeof(arg));

	if (!m || strcmp(m, "poll"))
		return;
	sring_mode = GK_RING_MODE_POLL;
	struct sring_poller *p = (struct sring_poller *)task_alloc(
		sizeof(*p), sring_poller_poll, PRIO_NORMAL);
	if (!p)
		panic("sring: no memory for the poller");
	unsigned io = ncpus_online - 1;
	p->task.flags = TF_PINNED;
	p->idle_since = timer_now();
	if (ncpus_online > 1)
		cpus[io].no_steal = 1;
	else
		kprintf("gk: ring=poll with one vCPU: the poller shares it\n");
	poller = &p->task;
	task_start(poller, (int)io);
	kprintf("gk: syscall rings served by polling on vCPU %u\n", io);
}
