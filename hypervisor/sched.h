/* SPDX-License-Identifier: MIT */
/* Runs vCPUs on this hart until every guest has stopped. */
#ifndef SCHED_H
#define SCHED_H

__attribute__((noreturn)) void sched_loop(void);

#endif
