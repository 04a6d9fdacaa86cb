/* SPDX-License-Identifier: MIT */
#ifndef GK_TRAP_H
#define GK_TRAP_H

#include "trapframe.h"

void trap_init_cpu(void);
void trap_kernel(struct trapframe *tf);
void trap_irq(unsigned long cause);

#endif
