/* SPDX-License-Identifier: MIT */
/* Per-physical-hart state, reached through tp while in HS-mode. */
#ifndef HART_H
#define HART_H

#define HYP_MAX_HARTS 8
#define HYP_STACK_SIZE 16384

#ifndef __ASSEMBLER__
#include <stdint.h>

struct vcpu;

struct hart {
	unsigned long hartid;
	unsigned int index;   /* 0..nr_harts-1 */
	struct vcpu *loaded;  /* vCPU whose CSR/FP state is live on this hart */
	/* set while the hypervisor reads guest memory with hlv/hlvx */
	volatile unsigned long fault_expected;
	volatile unsigned long fault_cause;
};

static inline struct hart *this_hart(void)
{
	struct hart *h;
	__asm__ volatile("mv %0, tp" : "=r"(h));
	return h;
}

#endif /* __ASSEMBLER__ */
#endif
