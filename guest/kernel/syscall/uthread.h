/* SPDX-License-Identifier: MIT */
/* A user thread is one task: its poll() enters U-mode through uswitch()
 * and gets control back at the next trap, on the executor's stack. A
 * system call that must wait leaves the task pending; its operation's
 * coroutine (u->req) is called again when woken. Nothing of it stays on
 * any stack. */
#ifndef GK_UTHREAD_H
#define GK_UTHREAD_H

#include <limits.h>
#include <stdint.h>

#include "core/task.h"
#include "core/timer.h"
#include "arch/trapframe.h"
#include "core/waitq.h"
#include "syscall/op.h"

#define UTHREAD_SLICE_US 10000

struct proc;

struct fpstate {
	uint64_t f[32];
	uint64_t fcsr;
};

struct uthread {
	struct task task;
	struct proc *proc;
	uint64_t slice_end;
	uint8_t blocked; /* req is an operation waiting to be woken */
	struct op_req req; /* the system call being served */
	uint64_t trace_t0, trace_req; /* its start and request id, traced */
	uint8_t fp_used;
	int8_t fp_cpu; /* vCPU whose FP registers hold our state, or -1 */
	struct fpstate fp;
	struct trapframe tf;
};

struct uthread *uthread_create(struct proc *p, uint64_t entry, uint64_t sp,
			       uint64_t a0, uint64_t a1);
void uthread_start(struct uthread *u);
/* Registers user threads as the processes' threads (boot). */
void uthread_init(void);

/* Trap path front end (ecall.c): decodes a7 and a0..a4 into u->req and
 * starts the operation; ecall_finish stores aux for the caller. Both
 * return the result, OP_PENDING or OP_EXITED. Operations with nothing but
 * numbers are decoded inline; buffers, strings, flags go out of line. */
long ecall_start_slow(struct uthread *u, const struct op_def *d);
long ecall_finish(struct uthread *u, long r);

/* A blocked call's operation finished with r: what the caller gets. */
static inline long ecall_done(struct uthread *u, long r)
{
	if (u->req.args || (op_table[u->req.nr].flags & OPF_AUX_OUT))
		return ecall_finish(u, r);
	return r;
}

static inline __attribute__((always_inline)) long ecall_start(struct uthread *u)
{
	struct op_req *q = &u->req;
	uint64_t nr = u->tf.a7;

	if (nr >= GK_OP_NR)
		return -ENOSYS;
	const struct op_def *d = &op_table[nr];
	q->nr = (uint32_t)nr;
	q->fd = (int32_t)u->tf.a0;
	q->off = u->tf.a1;
	q->flags = (uint32_t)u->tf.a2;
	q->step = 0;
	/* the trap path always has the thread OPF_TRAP_ONLY asks for */
	if (d->buf | (d->flags & ~OPF_TRAP_ONLY))
		return ecall_start_slow(u, d);
	return d->perform(q);
}

void fpu_save(struct fpstate *s);
void fpu_restore(const struct fpstate *s);

#endif
