/* SPDX-License-Identifier: MIT */
/* Syscall rings: per-process pvring queues in shared memory; the process is
 * the driver, the kernel the device. Served on demand (a kernel task woken
 * by GK_OP_RING_ENTER) or by a polling task on a dedicated IO vCPU. */
#ifndef GK_SRING_H
#define GK_SRING_H

#include <stdint.h>

#include "gk_abi.h"

struct proc;

extern uint32_t sring_mode; /* GK_RING_MODE_*, from bootargs ring= */

/* Reads bootargs and starts the IO vCPU poller when asked for. */
void sring_init(void);
/* Process exit: cancels in-flight requests, releases the ring. */
void sring_close(struct proc *p);

#endif
