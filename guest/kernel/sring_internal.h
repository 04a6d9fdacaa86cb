/* SPDX-License-Identifier: MIT */
/* Shared by the ring server (sring.c) and request execution (sreq.c). */
#ifndef GK_SRING_INTERNAL_H
#define GK_SRING_INTERNAL_H

#include "file.h"
#include "gk_abi.h"
#include "pvring.h"
#include "spinlock.h"
#include "task.h"
#include "timer.h"
#include "waitq.h"

struct proc;
struct sreq;

/* Recent user-page translations of one ring (its data and header pages
 * repeat from request to request); dropped when the space unmaps. */
#define SRING_TC 8
struct sring_tc {
	uint64_t vpage; /* user page address | 1 if writable, 0 = empty */
	uint8_t *kpage;
};

/* A request finished while being popped, waiting for the batch push. */
struct sring_done {
	struct gk_ring_res *res;
	int64_t result;
	uint64_t user_data;
	uint32_t written;
	uint16_t head;
};

struct sring {
	struct spinlock lock; /* every pvring device-role call, state */
	uint32_t refs; /* process + server/poller + blocked requests */
	int broken; /* pvring error, 0 if fine */
	int closed; /* process gone: completions are dropped */
	struct proc *proc; /* holds a reference and an mm_users count */
	struct pvring_dev dev;
	struct gk_ring_ctl *ctl;
	void *mem; /* control page + ring areas, contiguous */
	unsigned order, num;
	uint32_t used_pub; /* used entries published (low 16 bits = used.idx) */
	struct waitq done_wq; /* threads in SYS_RING_ENTER */
	struct task *server; /* on-demand mode */
	struct sring *poll_next; /* polling mode list */
	struct sreq *reqs; /* blocked requests, for cancelling */
	struct sring_tc tc[SRING_TC];
	uint32_t tc_gen, tc_next;
};

/* A request that has to wait (sleep, wait, console read) runs as its own
 * coroutine; everything else completes while being popped. */
struct sreq {
	struct task task;
	struct sring *ring;
	struct sreq *next, *prev; /* ring->reqs */
	struct gk_ring_res *res;
	uint64_t user_data;
	uint16_t head;
	uint8_t op;
	union {
		struct {
			struct ktimer tm;
		} sleep;
		struct {
			struct waiter w;
			int pid;
		} wait;
		struct {
			struct waiter w;
			struct file *f;
			void *buf;
			uint32_t len;
		} read;
	} u;
};

void sring_get(struct sring *r);
void sring_put(struct sring *r);
int sring_serve(struct sring *r);
/* Writes the result segment (res may be NULL), pushes and publishes. */
void sring_complete(struct sring *r, uint16_t head, struct gk_ring_res *res,
		    int64_t result, int64_t aux, uint64_t user_data,
		    uint32_t written);
/* Executes one popped request: 1 with *done filled in when it finished
 * now, 0 when a coroutine of its own carries it on. */
int sreq_start(struct sring *r, const struct pvring_seg *segs,
	       const struct pvring_chain *ch, struct sring_done *done);

#endif
