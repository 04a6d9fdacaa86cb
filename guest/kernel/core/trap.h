/* SPDX-License-Identifier: MIT */
#ifndef GK_TRAP_H
#define GK_TRAP_H

#include "arch/trapframe.h"

void trap_init_cpu(void);
void trap_kernel(struct trapframe *tf);
void trap_irq(unsigned long cause);
/* S external interrupts go to handler (the interrupt controller's driver,
 * which sits above this layer). */
void trap_set_external(void (*handler)(void));

#endif
