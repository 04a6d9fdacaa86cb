/* SPDX-License-Identifier: MIT */
#ifndef GK_PLIC_H
#define GK_PLIC_H

#include <stdint.h>

/* Routes irq to the S-mode context of cpu index cpu; 0 or -ENODEV. */
int plic_enable(uint32_t irq, unsigned cpu);
/* S external interrupt: claims, dispatches and completes every source. */
void plic_irq(void);

#endif
