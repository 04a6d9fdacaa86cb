/* SPDX-License-Identifier: MIT */
/*
 * The operations behind both system-call paths. A front end (ecall.c for
 * the trap path, sreq.c for the ring path) decodes its request into a
 * struct op_req: numbers from registers or the ring header, the buffer as
 * a struct uio, strings and argument lists copied into the kernel. Then
 * op_start() runs the checks every front end shares and the operation's
 * perform function, which is a coroutine over the request: it returns the
 * result, or OP_PENDING after arranging a wake of q->waker and is called
 * again when woken. The same perform runs inside the calling thread's
 * task (trap path) or inside a task of its own (ring path), so a blocking
 * operation is one coroutine whichever path brought it (decode, then
 * perform, as seL4 splits its system calls).
 */
#ifndef GK_SYSCALL_OP_H
#define GK_SYSCALL_OP_H

#include <limits.h>
#include <stdint.h>

#include "base/errno.h"
#include "core/timer.h"
#include "core/waitq.h"
#include "fs/file.h"
#include "gk_abi.h"
#include "mm/uio.h"

/* below every -errno (> -200), one instruction to load */
#define OP_PENDING (-2001L) /* woken later: call perform again */
#define OP_BLOCK (-2002L) /* must wait but has no waker: give it one */
#define OP_EXITED (-2003L) /* exit: the calling thread is done */

/* What an operation's buffer is (how front ends decode it). */
enum op_buf {
	OPB_NONE = 0,
	OPB_IN, /* the kernel reads it (write) */
	OPB_OUT, /* the kernel writes it (read, structures) */
	OPB_STR, /* a NUL-terminated path, copied into q->str */
	OPB_ARGV, /* path and arguments, copied into q->args */
};

#define OPF_TRAP_ONLY 1 /* needs the calling thread: not on the ring */
#define OPF_AUX_OUT 2 /* trap path: aux is stored as an int at a3 */

#define OP_ARGS_MAX 2048

struct uthread;
struct ktest;

/* Per-operation coroutine state. */
union op_state {
	struct ktimer tm; /* sleep */
	struct {
		struct waiter w;
		uint32_t min;
	} wait; /* wait, ring_enter */
	struct {
		struct file *f;
		struct file_io io;
	} rw; /* read, write */
	struct {
		struct file *f;
		struct dev_req req;
	} fsync;
	struct {
		struct waiter w;
		struct ktest *kt;
	} ktest;
};

struct op_req {
	struct proc *proc;
	struct task *waker; /* the task carrying the operation, or NULL */
	struct uthread *thread; /* trap path: the caller; ring: NULL */
	uint32_t nr;
	int32_t fd;
	uint64_t off;
	uint32_t flags;
	uint8_t step; /* coroutine position, 0 at decode */
	uint64_t user_data; /* ring: echoed in the result */
	uint32_t out_len; /* bytes stored into an OPB_OUT buffer */
	int64_t aux;
	struct uio buf;
	struct pvring_seg seg; /* trap path: buf as one translated piece */
	char *args; /* OPB_ARGV: "path\0arg\0...\0", args_len bytes */
	uint32_t args_len;
	char str[GK_NAME_MAX]; /* OPB_STR */
	union op_state st;
};

struct op_def {
	uint8_t buf; /* OPB_* */
	uint8_t flags; /* OPF_* */
	uint16_t min_len; /* OPB_OUT: the structure's size */
	long (*perform)(struct op_req *q);
};

extern const struct op_def op_table[GK_OP_NR];

/* Checks every front end shares, then the first perform call. */
static inline long op_start(struct op_req *q, const struct op_def *d)
{
	if ((d->flags & OPF_TRAP_ONLY) && !q->thread)
		return -EOPNOTSUPP;
	return d->perform(q);
}

/* The operation's task was cancelled (its process exits). */
static inline int op_cancelled(const struct op_req *q)
{
	return q->waker && task_cancelled(q->waker);
}

/* perform functions, one file per group */
long op_nop(struct op_req *q);
long op_exit(struct op_req *q);
long op_getpid(struct op_req *q);
long op_spawn(struct op_req *q);
long op_wait(struct op_req *q);
long op_read(struct op_req *q);
long op_write(struct op_req *q);
long op_open(struct op_req *q);
long op_close(struct op_req *q);
long op_list(struct op_req *q);
long op_unlink(struct op_req *q);
long op_sleep(struct op_req *q);
long op_yield(struct op_req *q);
long op_sbrk(struct op_req *q);
long op_ps(struct op_req *q);
long op_poweroff(struct op_req *q);
long op_getcpu(struct op_req *q);
long op_stats(struct op_req *q);
long op_ring_setup(struct op_req *q);
long op_ring_enter(struct op_req *q);
long op_ktest(struct op_req *q);
long op_seek(struct op_req *q);
long op_fsync(struct op_req *q);

#endif
