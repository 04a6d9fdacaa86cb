/* SPDX-License-Identifier: MIT */
/* Time and kernel timers. One min-heap of timers per vCPU; the earliest
 * deadline (or the running user task's time-slice end) is given to SBI
 * TIME set_timer. */
#ifndef GK_TIMER_H
#define GK_TIMER_H

#include <stdint.h>

struct task;
struct cpu;

static inline uint64_t timer_now(void)
{
	uint64_t t;

	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}

/* A timer lives in its owner's state; armed, it holds a task reference. */
struct ktimer {
	uint64_t deadline;
	struct task *task;
	int32_t idx; /* heap slot, -1 when not armed */
	uint8_t cpu;
	volatile uint8_t fired;
};

uint64_t timer_us_to_ticks(uint64_t us);

void timer_init_cpu(void);
/* Arms tm on this vCPU to wake t at deadline; 0 or -ENOMEM. */
int timer_arm(struct ktimer *tm, uint64_t deadline, struct task *t);
/* Disarms if still armed (from any vCPU). */
void timer_cancel(struct ktimer *tm);
static inline void timer_init(struct ktimer *tm)
{
	tm->idx = -1;
	tm->fired = 0;
	tm->task = 0;
}

void timer_irq(void);
/* Sets the time-slice end for the user task about to run (0: none). */
void timer_set_slice(uint64_t end);
/* Idle vCPU without IPIs: makes sure a timer interrupt comes soon. */
void timer_poll_wake(struct cpu *c);

#endif
