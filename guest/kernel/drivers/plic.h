/* SPDX-License-Identifier: MIT */
/* The PLIC (QEMU's, or the hypervisor's virtual one): drivers register a
 * handler per source; S external interrupts are claimed, dispatched by
 * that table and completed. */
#ifndef GK_PLIC_H
#define GK_PLIC_H

#include <stdint.h>

#define PLIC_MAX_IRQ 128

typedef void (*plic_handler_fn)(void *arg);

/* Maps the PLIC from the DTB facts and takes S external interrupts;
 * 0, or -ENODEV without a PLIC. */
int plic_init(void);
/* Routes irq to the S-mode context of vCPU cpu with its handler; 0 or
 * -ENODEV (no PLIC, no context, irq out of range). */
int plic_enable(uint32_t irq, unsigned cpu, plic_handler_fn fn, void *arg);

#endif
