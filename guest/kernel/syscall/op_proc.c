/* SPDX-License-Identifier: MIT */
/* Processes: exit, getpid, spawn, wait, ps, sbrk. */
#include <string.h>

#include "proc/proc.h"
#include "syscall/op.h"
#include "syscall/op_args.h"

long op_exit(struct op_req *q)
{
	q->proc->exit_status = q->fd;
	return OP_EXITED;
}

long op_getpid(struct op_req *q)
{
	return q->proc->pid;
}

/* q->args: "path\0argv0\0...\0" (op_args.h) */
long op_spawn(struct op_req *q)
{
	const char *argv[GK_ARG_MAX], *path = 0;
	int err, argc = op_args_split(q->args, q->args_len, &path, argv,
				      GK_ARG_MAX);

	if (argc < 0)
		return argc;
	struct proc *child = proc_spawn(q->proc, path, argv, argc, &err);
	if (!child)
		return err;
	int pid = child->pid;
	proc_put(child);
	return pid;
}

/* Reaps a child, or registers for the next exit and looks once more (an
 * exit in between is seen). aux = the child's exit status. */
long op_wait(struct op_req *q)
{
	struct proc *p = q->proc;

	for (int round = 0; round < 2; round++) {
		int status = 0;
		int r = op_cancelled(q) ? -ECANCELED
					: proc_reap(p, q->fd, &status);
		if (r != 0) {
			if (q->step)
				waitq_del(&p->child_exit, &q->st.wait.w);
			q->aux = status;
			return r;
		}
		if (!q->waker)
			return OP_BLOCK;
		if (!q->step) {
			memset(&q->st.wait.w, 0, sizeof(q->st.wait.w));
			q->step = 1;
		}
		waitq_add(&p->child_exit, &q->st.wait.w, q->waker);
	}
	return OP_PENDING;
}

long op_ps(struct op_req *q)
{
	struct gk_procinfo pi;

	if (!proc_info(q->off, &pi))
		return 0;
	if (uio_copy_to(&q->buf, 0, &pi, sizeof(pi)))
		return -EFAULT;
	q->out_len = sizeof(pi);
	return 1;
}

long op_sbrk(struct op_req *q)
{
	struct proc *p = q->proc;
	int64_t inc = (int64_t)q->off;
	unsigned long f = spin_lock_irqsave(&p->lock);
	uint64_t old = p->brk;
	long r = (long)old;

	if (inc < 0) {
		r = -EINVAL;
	} else if ((uint64_t)inc > USER_HEAP_MAX ||
		   old + (uint64_t)inc > p->brk_base + USER_HEAP_MAX) {
		r = -ENOMEM;
	} else {
		uint64_t from = p->brk_mapped;
		uint64_t to = (old + (uint64_t)inc + 4095) & ~4095ull;
		if (to > from) {
			/* on failure the pages mapped so far stay and count:
			 * user memory is never unmapped while the process
			 * lives, which the ring's translation cache relies on */
			uint64_t done = 0;
			int err = vm_map_anon(&p->vm, from, to - from,
					      PTE_R | PTE_W | PTE_U, &done);
			p->brk_mapped = from + done;
			if (err)
				r = -ENOMEM;
		}
		if (r >= 0)
			p->brk = old + (uint64_t)inc;
	}
	spin_unlock_irqrestore(&p->lock, f);
	return r;
}
