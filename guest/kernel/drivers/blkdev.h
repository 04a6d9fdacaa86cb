/* SPDX-License-Identifier: MIT */
/* Block devices: requests of whole 512-byte sectors, submitted and
 * completed like every device request (drivers/dev.h). */
#ifndef GK_BLKDEV_H
#define GK_BLKDEV_H

#include <stdint.h>

#include "drivers/dev.h"

#define BLK_SECTOR 512

struct blkdev;

struct blkdev_ops {
	/* Starts req (DEV_READ/DEV_WRITE of req->len bytes at req->sector,
	 * len a multiple of BLK_SECTOR inside the device; DEV_FLUSH): 1 when
	 * it finished now, 0 when dev_req_complete comes later. */
	int (*submit)(struct blkdev *bd, struct dev_req *req);
	/* Optional: tells the device about requests submit queued without
	 * telling it (blkdev_kick_later). */
	void (*kick)(struct blkdev *bd);
};

struct blkdev {
	const char *name; /* "vda" */
	const struct blkdev_ops *ops;
	void *priv;
	uint64_t sectors;
	int read_only;
	struct blkdev *next;
	struct task *kicker[2]; /* blkdev_kick_later's tasks, made on use */
};

int blkdev_register(struct blkdev *bd);
struct blkdev *blkdev_find(const char *name);
/* index-th registered device (0-based), NULL past the end */
struct blkdev *blkdev_at(unsigned index);
/* Checks req against bd, then hands it to the driver. */
int blkdev_submit(struct blkdev *bd, struct dev_req *req);
/* Drivers, from submit: calls ops->kick later, so that requests that
 * several tasks submit in a row reach the device with one notification
 * (one exit under a hypervisor). idle (nothing out on the device): from
 * a task queued behind the tasks queued now (a busy thread holds it back
 * for one time slice at most); otherwise from a low-priority task, when
 * the vCPU has nothing else to do, and the driver must then also notify
 * from its completion interrupt (a busy thread could hold a low-priority
 * task back for ever; the requests out end that wait). Kicks at once
 * when there is no memory for the task. */
void blkdev_kick_later(struct blkdev *bd, int idle);

#endif
