/* SPDX-License-Identifier: MIT */
/* Runs vCPUs on the harts until every guest has stopped. All hypervisor
 * work happens under one lock; only guest execution runs in parallel. */
#ifndef SCHED_H
#define SCHED_H

#include <stdint.h>

#define SCHED_SLICE_TICKS 20000 /* 2 ms at QEMU virt's 10 MHz timebase */
#define SCHED_IDLE_IO_TICKS 10000 /* idle wake-up with host I/O in flight */

__attribute__((noreturn)) void sched_loop(void);
/* when this hart must preempt its vCPU (UINT64_MAX: no one is waiting) */
uint64_t sched_slice_deadline(void);
/* let other harts take the lock for a moment (waiting on them) */
void sched_relax(void);
/* end the running vCPU's slice: another vCPU may take this hart now */
void sched_yield(void);

#endif
