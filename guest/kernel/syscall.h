/* SPDX-License-Identifier: MIT */
#ifndef GK_SYSCALL_H
#define GK_SYSCALL_H

#include <limits.h>

#include "uthread.h"

#define SYS_EXITED (LONG_MIN + 1) /* handler: the thread has exited */

/* a0..a5 of the trapping thread */
typedef long (*syscall_fn)(struct uthread *u, const uint64_t *a);

long syscall_dispatch(struct uthread *u);

/* handlers, one file per group */
long sys_nop(struct uthread *u, const uint64_t *a);
long sys_exit(struct uthread *u, const uint64_t *a);
long sys_getpid(struct uthread *u, const uint64_t *a);
long sys_spawn(struct uthread *u, const uint64_t *a);
long sys_wait(struct uthread *u, const uint64_t *a);
long sys_ps(struct uthread *u, const uint64_t *a);
long sys_sbrk(struct uthread *u, const uint64_t *a);
long sys_read(struct uthread *u, const uint64_t *a);
long sys_write(struct uthread *u, const uint64_t *a);
long sys_open(struct uthread *u, const uint64_t *a);
long sys_close(struct uthread *u, const uint64_t *a);
long sys_list(struct uthread *u, const uint64_t *a);
long sys_unlink(struct uthread *u, const uint64_t *a);
long sys_seek(struct uthread *u, const uint64_t *a);
long sys_sleep(struct uthread *u, const uint64_t *a);
long sys_yield(struct uthread *u, const uint64_t *a);
long sys_poweroff(struct uthread *u, const uint64_t *a);
long sys_getcpu(struct uthread *u, const uint64_t *a);
long sys_stats(struct uthread *u, const uint64_t *a);
long sys_ring_setup(struct uthread *u, const uint64_t *a);
long sys_ring_enter(struct uthread *u, const uint64_t *a);
long sys_ktest(struct uthread *u, const uint64_t *a);

#endif
