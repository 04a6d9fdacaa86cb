/* SPDX-License-Identifier: MIT */
/* Counts, not time (run with -icount shift=0,sleep=off so instret counts
 * every instruction the hart executes, hypervisor and firmware included):
 * the round trip of a null SBI call as the guest sees it, and of one
 * trap-and-emulate register read (the emulated UART's LSR). */
#include "tg.h"

const char tg_name[] = "bench_exits";

#define ROUNDS 1000
#define UART_LSR ((volatile uint8_t *)0x10000005UL)

static inline unsigned long rdinstret(void)
{
	unsigned long v;

	__asm__ volatile("rdinstret %0" : "=r"(v));
	return v;
}

/* instructions of `op` minus those of the empty measurement around it */
#define MEASURE(min, total, op)                               \
	do {                                                  \
		for (int i_ = 0; i_ < ROUNDS; i_++) {         \
			unsigned long t0_ = rdinstret();      \
			op;                                   \
			unsigned long d_ = rdinstret() - t0_; \
			total += d_;                          \
			if (d_ < min)                         \
				min = d_;                     \
		}                                             \
	} while (0)

void tg_main(void)
{
	unsigned long e_min = ~0UL, e_tot = 0, s_min = ~0UL, s_tot = 0;
	unsigned long m_min = ~0UL, m_tot = 0;
	volatile uint8_t sink;

	tg_plan(3);
	MEASURE(e_min, e_tot, __asm__ volatile("" ::: "memory"));
	MEASURE(s_min, s_tot,
		SBI_CALL0(SBI_EXT_BASE, SBI_BASE_GET_SPEC_VERSION));
	MEASURE(m_min, m_tot, sink = *UART_LSR);
	(void)sink;
	tg_ok(s_min > e_min, "null SBI call counted");
	tg_ok(m_min > e_min, "emulated register read counted");
	tg_ok(e_min < 16, "empty measurement is small (%lu)", e_min);
	tg_printf("bench: empty instret=%lu\n", e_min);
	tg_printf("bench: sbi_null_call instret min=%lu avg=%lu\n",
		  s_min - e_min, s_tot / ROUNDS - e_min);
	tg_printf("bench: mmio_uart_lsr_read instret min=%lu avg=%lu\n",
		  m_min - e_min, m_tot / ROUNDS - e_min);
}
