/* SPDX-License-Identifier: MIT */
/* Process system calls: exit, getpid, spawn, wait, ps, sbrk. */
#include <string.h>

#include "errno.h"
#include "kmalloc.h"
#include "proc.h"
#include "syscall.h"

long sys_exit(struct uthread *u, const uint64_t *a)
{
	u->proc->exit_status = (int)a[0];
	return SYS_EXITED;
}

long sys_getpid(struct uthread *u, const uint64_t *a)
{
	(void)a;
	return u->proc->pid;
}

#define SPAWN_ARGBUF 2048

/* Copies argv (a NULL-terminated array of user strings) into buf. */
static int spawn_copy_argv(struct proc *p, uint64_t uargv, char *buf,
			   const char **argv)
{
	int argc = 0;
	uint64_t used = 0;

	for (;; argc++) {
		uint64_t ptr;
		if (copy_from_user(&p->vm, &ptr, uargv + 8 * (uint64_t)argc, 8))
			return -EFAULT;
		if (!ptr)
			return argc;
		if (argc == GK_ARG_MAX)
			return -E2BIG;
		long n = strncpy_from_user(&p->vm, buf + used, ptr,
					   SPAWN_ARGBUF - used);
		if (n == -ENAMETOOLONG)
			return -E2BIG;
		if (n < 0)
			return (int)n;
		argv[argc] = buf + used;
		used += (uint64_t)n + 1;
	}
}

long sys_spawn(struct uthread *u, const uint64_t *a)
{
	struct proc *p = u->proc;
	char path[GK_NAME_MAX];
	const char *argv[GK_ARG_MAX];
	long n = strncpy_from_user(&p->vm, path, a[0], sizeof(path));

	if (n < 0)
		return n == -ENAMETOOLONG ? -ENOENT : n;
	char *buf = kmalloc(SPAWN_ARGBUF);
	if (!buf)
		return -ENOMEM;
	int argc = 1;
	argv[0] = path;
	if (a[1]) {
		argc = spawn_copy_argv(p, a[1], buf, argv);
		if (argc == 0) {
			argv[0] = path;
			argc = 1;
		}
	}
	long r = argc;
	if (argc > 0) {
		int err;
		struct proc *c = proc_spawn(p, path, argv, argc, &err);
		r = c ? c->pid : err;
		if (c)
			proc_put(c);
	}
	kfree(buf);
	return r;
}

/* Reaps a child or registers for the next exit; also the resume function. */
static long wait_try(struct uthread *u)
{
	struct proc *p = u->proc;
	int status = 0;

	for (int round = 0; round < 2; round++) {
		int r = proc_reap(p, u->op.wait.pid, &status);
		if (r != 0) {
			waitq_del(&p->child_exit, &u->op.wait.w);
			if (r > 0 && u->op.wait.status_ptr &&
			    copy_to_user(&p->vm, u->op.wait.status_ptr, &status,
					 sizeof(status)))
				return -EFAULT;
			return r;
		}
		/* register, then look again: an exit in between is seen */
		waitq_add(&p->child_exit, &u->op.wait.w, &u->task);
	}
	u->resume = wait_try;
	return SYS_PENDING;
}

long sys_wait(struct uthread *u, const uint64_t *a)
{
	/* a bad status pointer fails before a child is consumed */
	if (a[1] && !vm_user_range_ok(&u->proc->vm, a[1], sizeof(int), true))
		return -EFAULT;
	memset(&u->op, 0, sizeof(u->op));
	u->op.wait.pid = (int)a[0];
	u->op.wait.status_ptr = a[1];
	return wait_try(u);
}

long sys_ps(struct uthread *u, const uint64_t *a)
{
	struct gk_procinfo pi;

	if (!proc_info(a[0], &pi))
		return 0;
	if (copy_to_user(&u->proc->vm, a[1], &pi, sizeof(pi)))
		return -EFAULT;
	return 1;
}

long sys_sbrk(struct uthread *u, const uint64_t *a)
{
	struct proc *p = u->proc;
	int64_t inc = (int64_t)a[0];
	uint64_t old = p->brk;

	if (inc < 0)
		return -EINVAL;
	if ((uint64_t)inc > USER_HEAP_MAX ||
	    old + (uint64_t)inc > p->brk_base + USER_HEAP_MAX)
		return -ENOMEM;
	uint64_t from = p->brk_mapped;
	uint64_t to = (old + (uint64_t)inc + 4095) & ~4095ull;
	if (to > from) {
		/* on failure the pages mapped so far stay and count: user
		 * memory is never unmapped while the process lives, which the
		 * ring's translation cache relies on */
		uint64_t done = 0;
		int err = vm_map_anon(&p->vm, from, to - from,
				      PTE_R | PTE_W | PTE_U, &done);
		p->brk_mapped = from + done;
		if (err)
			return -ENOMEM;
	}
	p->brk = old + (uint64_t)inc;
	return (long)old;
}
