/* SPDX-License-Identifier: MIT */
#include "drivers/blkdev.h"

#include <string.h>

#include "base/errno.h"

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
