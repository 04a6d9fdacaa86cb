/* SPDX-License-Identifier: MIT */
/* Per-physical-hart state, reached through tp while in HS-mode. */
#ifndef HART_H
#define HART_H

#define HYP_MAX_HARTS 8
#define HYP_STACK_SIZE 16384
#define HART_STRUCT_SIZE 128 /* sizeof(struct hart), checked in hart.c */

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stdint.h>

struct vcpu;

struct hart {
	unsigned long hartid;
	unsigned int index; /* 0..nr_harts-1 */
	struct vcpu *loaded; /* vCPU whose CSR/FP state is live on this hart */
	struct vcpu *last; /* the last vCPU that ran here (TLB tags) */
	uint64_t timer_armed;
	unsigned long timer_gen; /* vcpu_timer.c: last state armed for */
	uint64_t slice_end;
	volatile bool idle; /* in WFI with nothing to run */
	bool online;
	/* set while the hypervisor reads guest memory with hlv/hlvx */
	volatile unsigned long fault_expected;
	volatile unsigned long fault_cause;
	uint64_t idle_instret; /* instret spent in idle WFI (vcpu_stats.h) */
} __attribute__((aligned(HART_STRUCT_SIZE)));

extern struct hart hyp_harts[HYP_MAX_HARTS];
extern unsigned int hyp_nr_harts;

static inline struct hart *this_hart(void)
{
	struct hart *h;
	__asm__ volatile("mv %0, tp" : "=r"(h));
	return h;
}

/* host IPIs between harts (through the firmware) */
void hart_kick(unsigned int index);
void hart_kick_idle(void);
void hart_ipi_clear(void);

#endif /* __ASSEMBLER__ */
#endif
