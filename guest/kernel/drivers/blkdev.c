/* SPDX-License-Identifier: MIT */
#include "drivers/blkdev.h"

#include <string.h>

#include "base/errno.h"
#include "core/task.h"

static struct blkdev *blkdev_list, **blkdev_tail = &blkdev_list;

int blkdev_register(struct blkdev *bd)
{
	if (blkdev_find(bd->name))
		return -EEXIST;
	bd->next = 0;
	*blkdev_tail = bd;
	blkdev_tail = &bd->next;
	return 0;
}

struct blkdev *blkdev_find(const char *name)
{
	for (struct blkdev *b = blkdev_list; b; b = b->next)
		if (!strcmp(b->name, name))
			return b;
	return 0;
}

struct blkdev *blkdev_at(unsigned index)
{
	struct blkdev *b = blkdev_list;

	while (b && index--)
		b = b->next;
	return b;
}

static int blkdev_fail(struct dev_req *req, long err)
{
	req->result = err;
	req->done = 1;
	return 1;
}

int blkdev_submit(struct blkdev *bd, struct dev_req *req)
{
	if (req->op == DEV_FLUSH)
		return bd->ops->submit(bd, req);
	if (req->op != DEV_READ && req->op != DEV_WRITE)
		return blkdev_fail(req, -EINVAL);
	if (req->len % BLK_SECTOR)
		return blkdev_fail(req, -EINVAL);
	uint64_t n = req->len / BLK_SECTOR;
	if (req->sector > bd->sectors || n > bd->sectors - req->sector)
		return blkdev_fail(req, -ENOSPC);
	if (req->op == DEV_WRITE && bd->read_only)
		return blkdev_fail(req, -EBADF);
	if (!n)
		return blkdev_fail(req, 0);
	return bd->ops->submit(bd, req);
}

struct blkdev_kicker {
	struct task task;
	struct blkdev *bd;
};

static int blkdev_kicker_poll(struct task *t)
{
	struct blkdev_kicker *k = (struct blkdev_kicker *)t;

	k->bd->ops->kick(k->bd);
	return TASK_PENDING; /* lives as long as the device, woken per batch */
}

/* The disk's task of priority prio, made on first use; NULL without
 * memory. */
static struct task *blkdev_kicker(struct blkdev *bd, int prio)
{
	struct task **slot = &bd->kicker[prio == PRIO_LOW];
	struct task *t = __atomic_load_n(slot, __ATOMIC_ACQUIRE);

	if (t)
		return t;
	struct blkdev_kicker *k = (struct blkdev_kicker *)task_alloc(
		sizeof(*k), blkdev_kicker_poll, prio);
	if (!k)
		return 0;
	k->bd = bd;
	task_set_cpu(&k->task, -1);
	struct task *none = 0;
	if (__atomic_compare_exchange_n(slot, &none, &k->task, 0,
					__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		return &k->task;
	task_put(&k->task); /* another vCPU made one first */
	return none;
}

void blkdev_kick_later(struct blkdev *bd, int idle)
{
	struct task *t = blkdev_kicker(bd, idle ? PRIO_NORMAL : PRIO_LOW);

	if (!t)
		bd->ops->kick(bd);
	else if (idle)
		task_wake_later(t);
	else
		task_wake(t);
}
