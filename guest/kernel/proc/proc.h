/* SPDX-License-Identifier: MIT */
/* Processes: an address space, open files, one user thread, an optional
 * syscall ring, and the parent/child bookkeeping for wait. */
#ifndef GK_PROC_H
#define GK_PROC_H

#include <stdint.h>

#include "fs/file.h"
#include "gk_abi.h"
#include "arch/spinlock.h"
#include "mm/vm.h"
#include "core/waitq.h"

#define USER_STACK_TOP 0x3ffff00000ull
#define USER_STACK_SIZE (128ull << 10)
#define USER_RING_BASE 0x3f00000000ull
#define USER_HEAP_MAX (256ull << 20)

struct sring;

struct proc {
	struct proc *next; /* all processes */
	struct spinlock lock;
	uint32_t refs;
	int pid;
	struct proc *parent; /* NULL once the parent is gone */
	char name[32];
	int state; /* GK_PROC_RUNNING / GK_PROC_ZOMBIE */
	int exit_status;
	uint32_t mm_users; /* thread + ring requests using the address space */
	struct vmspace vm;
	uint64_t brk_base, brk;
	uint64_t brk_mapped; /* heap pages mapped up to here */
	struct file *fds[GK_MAX_FD];
	struct waitq child_exit; /* parent waits here */
	void *thread; /* the layer above's user thread (proc_thread_ops) */
	struct sring *ring;
	unsigned last_cpu;
};

/* How processes get their thread: the system-call layer (above this one)
 * owns user threads and registers these at boot. */
struct proc_thread_ops {
	/* a thread entering U-mode at entry with sp, a0, a1; NULL: no memory */
	void *(*create)(struct proc *p, uint64_t entry, uint64_t sp,
			uint64_t a0, uint64_t a1);
	void (*start)(void *thread);
	/* the process is exiting (its files are closed): release the rest */
	void (*exiting)(struct proc *p);
};
void proc_set_thread_ops(const struct proc_thread_ops *ops);

/* Creates a process running path with argv (argc entries, kernel strings);
 * returns it with a reference for the caller, or NULL and *err. */
struct proc *proc_spawn(struct proc *parent, const char *path,
			const char *const *argv, int argc, int *err);
/* Called by the thread when it leaves for good. */
void proc_exit(struct proc *p, int status);
/* Reaps a zombie child (pid or -1 any); 0 if none ready, pid if reaped,
 * -ECHILD if there is no such child. */
int proc_reap(struct proc *parent, int pid, int *status);
void proc_get(struct proc *p);
void proc_put(struct proc *p);
void proc_mm_get(struct proc *p);
void proc_mm_put(struct proc *p);
int proc_info(uint64_t index, struct gk_procinfo *pi);

int fd_alloc(struct proc *p, struct file *f);
struct file *fd_get(struct proc *p, int fd); /* takes a reference */
int fd_close(struct proc *p, int fd);

/* The init process exited: report and power off with its status. */
_Noreturn void proc_init_exited(int status);

extern struct proc *init_proc;

#endif
