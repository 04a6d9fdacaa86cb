/* SPDX-License-Identifier: MIT */
#include "coro.h"

#include "ulib.h"

void coro_exec_init(struct coro_exec *ex, struct uring *ring)
{
	memset(ex, 0, sizeof(*ex));
	ex->ring = ring;
}

void coro_ready(struct coro *c)
{
	struct coro_exec *ex = c->ex;

	c->next = 0;
	if (ex->tail)
		ex->tail->next = c;
	else
		ex->head = c;
	ex->tail = c;
}

void coro_wait_slot(struct coro *c)
{
	c->next = c->ex->slot_wait;
	c->ex->slot_wait = c;
}

void coro_spawn(struct coro_exec *ex, struct coro *c, coro_poll_fn poll)
{
	c->poll = poll;
	c->ex = ex;
	c->line = 0;
	ex->live++;
	coro_ready(c);
}

int coro_run(struct coro_exec *ex)
{
	struct uring_cqe cqe;

	while (ex->live) {
		while (ex->head) {
			struct coro *c = ex->head;
			ex->head = c->next;
			if (!ex->head)
				ex->tail = 0;
			ex->polls++;
			if (c->poll(c) == CORO_DONE)
				ex->live--;
		}
		if (!ex->live)
			break;
		/* everyone waits on the ring: submit and wait for one */
		int e = uring_submit_and_wait(ex->ring, 1);
		if (e < 0) {
			ex->error = e;
			return e;
		}
		int reaped = 0;
		while ((e = uring_reap(ex->ring, &cqe)) > 0) {
			struct coro *c = cqe.token;
			c->res = cqe.result;
			c->aux = cqe.aux;
			coro_ready(c);
			reaped++;
		}
		if (e < 0) {
			ex->error = e;
			return e;
		}
		/* slots were freed: those that found the ring full retry */
		while (reaped && ex->slot_wait) {
			struct coro *c = ex->slot_wait;
			ex->slot_wait = c->next;
			coro_ready(c);
		}
	}
	return 0;
}
