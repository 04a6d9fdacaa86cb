/* SPDX-License-Identifier: MIT */
/* Per-vCPU state, reached through tp while in the kernel. */
#ifndef GK_CPU_H
#define GK_CPU_H

#include <stdint.h>

#include "base/bootinfo.h"
#include "arch/cpu_offsets.h"
#include "arch/spinlock.h"
#include "core/task.h"
#include "arch/trapframe.h"

struct ktimer;
struct tbuf;

struct runq {
	struct spinlock lock;
	struct task *head[NR_PRIO], *tail[NR_PRIO];
	unsigned count;
};

struct timer_heap {
	struct spinlock lock;
	struct ktimer **v;
	unsigned n, cap;
};

/* per-vCPU counters, summed by GK_OP_STATS */
struct cpu_stats {
	uint64_t traps_user, ecalls, irqs_user, polls, ipis_sent, steals;
	uint64_t ring_requests, ring_kicks, ring_serve_instret;
	uint64_t irqs_dev; /* PLIC sources dispatched */
};

struct cpu {
	uint64_t scratch; /* trap.S spill slot */
	struct trapframe *uframe; /* user frame being run by uswitch */
	uint64_t kctx[15]; /* kernel callee-saved registers across uswitch */
	uint8_t *stack_top; /* secondary vCPUs start on it */
	/* tracing (core/trace.h), near the top for short loads: classes the
	 * hypervisor enabled for this vCPU (0: off), the running request */
	uint32_t trace_classes;
	uint64_t trace_req;
	unsigned id; /* index 0..ncpus-1 */
	unsigned long hartid;
	volatile int online;
	int idle; /* in WFI (or about to be): wake with an IPI */
	int no_steal; /* dedicated vCPU (IO poller): keeps to itself */
	struct task *current;
	/* woken by the task running here: runs next, without the queue lock
	 * (only this vCPU's task context touches it) */
	struct task *next_slot;
	unsigned slot_streak; /* slot runs in a row, bounded for fairness */
	int in_irq; /* interrupt handler running: no slot */
	struct runq rq;
	struct timer_heap timers;
	uint64_t timer_programmed; /* deadline given to SBI, ~0 if none */
	uint64_t slice_end; /* preemption point for the running user task */
	void *fp_owner; /* user thread whose FP registers are loaded */
	struct cpu_stats st;
	/* tracing (core/trace.h): the request ids' counter, the buffer */
	uint64_t trace_seq;
	struct tbuf *tbuf;
};

_Static_assert(__builtin_offsetof(struct cpu, uframe) == CPU_UFRAME,
	       "cpu layout");
_Static_assert(__builtin_offsetof(struct cpu, kctx) == CPU_KCTX, "cpu layout");
_Static_assert(__builtin_offsetof(struct cpu, stack_top) == CPU_STACK_TOP,
	       "cpu layout");

extern struct cpu cpus[GK_MAX_CPUS];
extern unsigned ncpus_online;

static inline struct cpu *this_cpu(void)
{
	struct cpu *c;

	__asm__ volatile("mv %0, tp" : "=r"(c));
	return c;
}

static inline void cpu_set_this(struct cpu *c)
{
	__asm__ volatile("mv tp, %0" ::"r"(c) : "memory");
}

void uswitch(struct trapframe *tf);
void trap_entry(void);

/* Starts the secondary vCPUs through SBI HSM (max: bootargs "cpus=N"). */
void smp_boot_secondaries(unsigned max);

#endif
