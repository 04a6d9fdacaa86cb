/* SPDX-License-Identifier: MIT */
/* A user thread is one task: its poll() enters U-mode through uswitch()
 * and gets control back at the next trap, on the executor's stack. A
 * system call that must wait leaves the task pending with a resume
 * function; nothing of it stays on any stack. */
#ifndef GK_UTHREAD_H
#define GK_UTHREAD_H

#include <limits.h>
#include <stdint.h>

#include "task.h"
#include "timer.h"
#include "trapframe.h"
#include "waitq.h"

#define SYS_PENDING LONG_MIN /* handler: result comes later via resume */
#define UTHREAD_SLICE_US 10000

struct proc;
struct ktest;

struct fpstate {
	uint64_t f[32];
	uint64_t fcsr;
};

struct uthread;
typedef long (*uthread_resume_fn)(struct uthread *u);

struct uthread {
	struct task task;
	struct proc *proc;
	uint64_t slice_end;
	uthread_resume_fn resume; /* blocked system call, or NULL */
	union {
		struct {
			struct ktimer tm;
		} sleep;
		struct {
			struct waiter w;
			int pid;
			uint64_t status_ptr;
		} wait;
		struct {
			struct waiter w;
			struct file *f;
			uint64_t buf, len;
		} read;
		struct {
			struct waiter w;
			uint32_t min;
		} ring;
		struct {
			struct waiter w;
			struct ktest *kt;
			uint64_t res_ptr;
		} ktest;
	} op;
	uint8_t fp_used;
	int8_t fp_cpu; /* vCPU whose FP registers hold our state, or -1 */
	struct fpstate fp;
	struct trapframe tf;
};

struct uthread *uthread_create(struct proc *p, uint64_t entry, uint64_t sp,
			       uint64_t a0, uint64_t a1);
void uthread_start(struct uthread *u);

void fpu_save(struct fpstate *s);
void fpu_restore(const struct fpstate *s);

#endif
