/* SPDX-License-Identifier: MIT */
/* User-level stackless coroutines over the syscall ring. A coroutine is a
 * struct with a poll function; CORO_AWAIT_RING submits a ring request with
 * the coroutine as its token and returns; the runtime resumes it (at the
 * same point, by its saved line number) when the completion is reaped.
 *
 *	static int my_poll(struct coro *c) {
 *		CORO_BEGIN(c);
 *		CORO_AWAIT_RING(c, uring_prep_nop(c->ex->ring, 0, c));
 *		... c->res holds the result ...
 *		CORO_END(c);
 *	}
 */
#ifndef U_CORO_H
#define U_CORO_H

#include <stdint.h>

#include "uring.h"

enum { CORO_PENDING = 0, CORO_DONE = 1 };

struct coro_exec;
struct coro;
typedef int (*coro_poll_fn)(struct coro *c);

struct coro {
	coro_poll_fn poll;
	struct coro_exec *ex;
	struct coro *next; /* ready queue */
	int line; /* resume point */
	int64_t res, aux; /* last completion */
	void *arg;
};

struct coro_exec {
	struct uring *ring;
	struct coro *head, *tail;
	struct coro *slot_wait; /* found the ring full */
	unsigned live;
	int error; /* ring failure that ended the run */
	uint64_t polls;
};

#define CORO_BEGIN(c)        \
	switch ((c)->line) { \
	case 0:
#define CORO_END(c) \
	}           \
	return CORO_DONE
/* prep stages a request whose token is c. -EAGAIN (ring full): the
 * coroutine retries after the next completion frees a slot; another error
 * lands in c->res and the coroutine goes on without waiting. */
#define CORO_AWAIT_RING(c, prep)              \
	do {                                  \
		(c)->line = __LINE__;         \
		__attribute__((fallthrough)); \
	case __LINE__: {                      \
		int coro_e_ = (prep);         \
		if (coro_e_ == -EAGAIN) {     \
			coro_wait_slot(c);    \
			return CORO_PENDING;  \
		}                             \
		if (coro_e_ < 0) {            \
			(c)->res = coro_e_;   \
			break;                \
		}                             \
	}                                     \
		(c)->line = -__LINE__;        \
		return CORO_PENDING;          \
	case -__LINE__:;                      \
	} while (0)
#define CORO_YIELD(c)                 \
	do {                          \
		(c)->line = __LINE__; \
		coro_ready(c);        \
		return CORO_PENDING;  \
	case __LINE__:;               \
	} while (0)

void coro_exec_init(struct coro_exec *ex, struct uring *ring);
void coro_spawn(struct coro_exec *ex, struct coro *c, coro_poll_fn poll);
void coro_ready(struct coro *c);
void coro_wait_slot(struct coro *c);
/* Runs until every coroutine is done; 0 or the ring error. */
int coro_run(struct coro_exec *ex);

#endif
