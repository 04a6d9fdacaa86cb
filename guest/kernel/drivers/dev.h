/* SPDX-License-Identifier: MIT */
/* A request to a device: submitted by a coroutine, completed by the
 * driver (at once, or later from an interrupt), which then wakes the
 * coroutine's task. The same shape for character and block devices, so a
 * device behind emulated registers and one behind a virtio ring look the
 * same from above. */
#ifndef GK_DEV_H
#define GK_DEV_H

#include <stdint.h>

#include "core/cpu.h"
#include "core/task.h"

enum dev_op { DEV_READ = 0, DEV_WRITE = 1, DEV_FLUSH = 2 };

struct dev_req {
	struct dev_req *next; /* the driver's queue while in flight */
	struct task *waker; /* woken on completion (NULL: nobody waits) */
	void *buf; /* kernel memory, len bytes */
	uint32_t len;
	uint8_t op; /* DEV_* */
	volatile uint8_t done; /* set (release) with result */
	uint16_t tag; /* the driver's (ring descriptor head...) */
	uint64_t sector; /* block devices: 512-byte sector */
	long result; /* bytes moved or -errno, once done */
	uint64_t trace_req; /* request id of the system call it serves */
};

static inline void dev_req_init(struct dev_req *r, int op, void *buf,
				uint32_t len, struct task *waker)
{
	r->next = 0;
	r->waker = waker;
	r->buf = buf;
	r->len = len;
	r->op = (uint8_t)op;
	r->done = 0;
	r->tag = 0;
	r->sector = 0;
	r->result = 0;
	r->trace_req = this_cpu()->trace_req; /* 0 unless tracing */
}

/* Drivers: finishes r and wakes its task (any context). */
static inline void dev_req_complete(struct dev_req *r, long result)
{
	struct task *w = r->waker;

	r->result = result;
	__atomic_store_n(&r->done, 1, __ATOMIC_RELEASE);
	if (w)
		task_wake(w);
}

static inline int dev_req_done(const struct dev_req *r)
{
	return __atomic_load_n(&r->done, __ATOMIC_ACQUIRE);
}

#endif
