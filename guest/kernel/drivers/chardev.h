/* SPDX-License-Identifier: MIT */
/* Character devices (consoles): the driver moves bytes out (write
 * requests) and hands received bytes to chardev_input; this layer keeps
 * the input buffer and the read requests waiting for it. */
#ifndef GK_CHARDEV_H
#define GK_CHARDEV_H

#include "arch/spinlock.h"
#include "core/timer.h"
#include "drivers/dev.h"

#define CHARDEV_INBUF 256

struct chardev;

struct chardev_ops {
	/* Starts a DEV_WRITE of req->buf: returns 1 when it finished now
	 * (req->result set), 0 when dev_req_complete will come later. */
	int (*write)(struct chardev *cd, struct dev_req *req);
	/* Kernel messages: writes s at once by polling ("\n" as "\r\n"),
	 * from any context. */
	void (*put)(struct chardev *cd, const char *s, unsigned long len);
	/* Devices without an input interrupt: fetch input now (calls
	 * chardev_input); NULL when input comes by interrupt. */
	void (*poll_input)(struct chardev *cd);
};

struct chardev {
	const char *name;
	const struct chardev_ops *ops;
	void *priv;
	struct chardev *next; /* registry */
	struct spinlock lock; /* input buffer, readers */
	char in[CHARDEV_INBUF];
	unsigned in_head, in_tail;
	struct dev_req *readers; /* waiting DEV_READ requests, FIFO */
	struct task *poller; /* ops->poll_input while readers wait */
	struct ktimer poll_tm;
};

/* Adds cd to the registry (name unique); 0 or -EEXIST. */
int chardev_register(struct chardev *cd);
struct chardev *chardev_find(const char *name);
/* The console (console= in bootargs, else the first registered one). */
void chardev_set_console(struct chardev *cd);
struct chardev *chardev_console(void);
/* printk output through the console's put. */
void chardev_console_put(const char *s, unsigned long len);

/* Starts a read or write; 1 finished now, 0 completes later (waking
 * req->waker). A read finishes with 1..len bytes once there is input. */
int chardev_submit(struct chardev *cd, struct dev_req *req);
/* Withdraws a read that has not finished (the reader went away); 1 if it
 * was withdrawn, 0 if it had finished. */
int chardev_cancel(struct chardev *cd, struct dev_req *req);
/* Drivers: bytes received (any context); serves waiting reads. */
void chardev_input(struct chardev *cd, const char *s, unsigned long n);
/* Once tasks can run: input pollers for devices that need them. */
void chardev_start_tasks(void);

#endif
