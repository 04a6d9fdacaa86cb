/* SPDX-License-Identifier: MIT */
#include "drivers/chardev.h"

#include <string.h>

#include "base/errno.h"
#include "base/printk.h"
#include "mm/kmalloc.h"

#define CHARDEV_POLL_US 10000

static struct chardev *chardev_list;
static struct chardev *chardev_cons;

int chardev_register(struct chardev *cd)
{
	if (chardev_find(cd->name))
		return -EEXIST;
	cd->next = chardev_list;
	chardev_list = cd;
	if (!chardev_cons)
		chardev_cons = cd;
	return 0;
}

struct chardev *chardev_find(const char *name)
{
	for (struct chardev *c = chardev_list; c; c = c->next)
		if (!strcmp(c->name, name))
			return c;
	return 0;
}

void chardev_set_console(struct chardev *cd)
{
	chardev_cons = cd;
}

struct chardev *chardev_console(void)
{
	return chardev_cons;
}

void chardev_console_put(const char *s, unsigned long len)
{
	struct chardev *c = chardev_cons;

	if (c)
		c->ops->put(c, s, len);
}

/* Copies buffered input into req; called with cd->lock held. */
static long chardev_take(struct chardev *cd, struct dev_req *req)
{
	unsigned long n = 0;
	char *b = req->buf;

	while (n < req->len && cd->in_tail != cd->in_head)
		b[n++] = cd->in[cd->in_tail++ % CHARDEV_INBUF];
	return (long)n;
}

int chardev_submit(struct chardev *cd, struct dev_req *req)
{
	if (req->op == DEV_WRITE)
		return cd->ops->write(cd, req);
	if (req->op != DEV_READ) {
		req->result = -EINVAL;
		req->done = 1;
		return 1;
	}
	if (!req->len) {
		req->result = 0;
		req->done = 1;
		return 1;
	}
	unsigned long f = spin_lock_irqsave(&cd->lock);
	long n = cd->readers ? 0 : chardev_take(cd, req);
	if (!n) {
		/* queued behind earlier readers: input goes in order */
		struct dev_req **pp = &cd->readers;
		while (*pp)
			pp = &(*pp)->next;
		req->next = 0;
		*pp = req;
	}
	spin_unlock_irqrestore(&cd->lock, f);
	if (n) {
		req->result = n;
		req->done = 1;
		return 1;
	}
	if (cd->poller)
		task_wake(cd->poller);
	return 0;
}

int chardev_cancel(struct chardev *cd, struct dev_req *req)
{
	int found = 0;
	unsigned long f = spin_lock_irqsave(&cd->lock);

	for (struct dev_req **pp = &cd->readers; *pp; pp = &(*pp)->next) {
		if (*pp == req) {
			*pp = req->next;
			found = 1;
			break;
		}
	}
	spin_unlock_irqrestore(&cd->lock, f);
	return found;
}

void chardev_input(struct chardev *cd, const char *s, unsigned long n)
{
	struct dev_req *done = 0, **tail = &done;
	unsigned long f = spin_lock_irqsave(&cd->lock);

	for (unsigned long i = 0; i < n; i++)
		if (cd->in_head - cd->in_tail < CHARDEV_INBUF)
			cd->in[cd->in_head++ % CHARDEV_INBUF] = s[i];
	while (cd->readers && cd->in_tail != cd->in_head) {
		struct dev_req *r = cd->readers;
		cd->readers = r->next;
		r->result = chardev_take(cd, r);
		r->next = 0;
		*tail = r;
		tail = &r->next;
	}
	spin_unlock_irqrestore(&cd->lock, f);
	while (done) { /* wake outside the lock */
		struct dev_req *r = done;
		done = r->next;
		dev_req_complete(r, r->result);
	}
}

/* Input poller (device without an input interrupt): every
 * CHARDEV_POLL_US while a read waits, asleep otherwise. */
struct chardev_poller {
	struct task task;
	struct chardev *cd;
};

static int chardev_poll(struct task *t)
{
	struct chardev *cd = ((struct chardev_poller *)t)->cd;

	cd->ops->poll_input(cd);
	if (__atomic_load_n(&cd->readers, __ATOMIC_RELAXED))
		timer_arm(&cd->poll_tm,
			  timer_now() + timer_us_to_ticks(CHARDEV_POLL_US), t);
	return TASK_PENDING;
}

void chardev_start_tasks(void)
{
	for (struct chardev *cd = chardev_list; cd; cd = cd->next) {
		if (!cd->ops->poll_input)
			continue;
		struct chardev_poller *p = (struct chardev_poller *)task_alloc(
			sizeof(*p), chardev_poll, PRIO_LOW);
		if (!p)
			panic("chardev %s: no memory for the input poller",
			      cd->name);
		p->cd = cd;
		timer_init(&cd->poll_tm);
		p->task.flags = TF_PINNED;
		cd->poller = &p->task;
		task_start(&p->task, 0);
	}
}
