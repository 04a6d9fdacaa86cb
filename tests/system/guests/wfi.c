/* SPDX-License-Identifier: MIT */
/* WFI idles the vCPU until an interrupt is pending and enabled in sie,
 * even with sstatus.SIE = 0, then execution continues after it. */
#include "tg.h"

const char tg_name[] = "wfi";

#define STI BIT(IRQ_S_TIMER)
#define SSI BIT(IRQ_S_SOFT)

static volatile unsigned long irqs;
static volatile uint64_t irq_time;

/* Records the first interrupt and re-arms the timer 1 ms ahead: if the
 * interrupt hits between enabling SIE and the WFI, the WFI still has a
 * wake-up instead of sleeping forever. */
static void on_irq(struct tg_frame *f, unsigned long cause)
{
	(void)f;
	if (!irqs++)
		irq_time = tg_time();
	if (cause == (CAUSE_IRQ_FLAG | IRQ_S_TIMER))
		sbi_set_timer(tg_time() + tg_ms(1));
	else
		csr_clear(CSR_SIP, SSI);
}

static inline void wfi(void)
{
	__asm__ volatile("wfi" ::: "memory");
}

static unsigned long us(uint64_t ticks)
{
	return (unsigned long)(ticks * 1000000 / tg_timebase);
}

static void test_sie_off(void)
{
	uint64_t t0, t1, deadline;
	unsigned long n = tg_nr_irqs;

	csr_clear(CSR_SSTATUS, SR_SIE);
	csr_write(CSR_SIE, STI);
	t0 = tg_time();
	deadline = t0 + tg_ms(20);
	sbi_set_timer(deadline);
	wfi();
	t1 = tg_time();
	tg_ok(t1 >= deadline,
	      "WFI with SIE = 0 waits for the timer # returned %ld us "
	      "before the deadline",
	      (long)(deadline - t1) * 1000000 / (long)tg_timebase);
	tg_ok(t1 - t0 >= tg_ms(20), "time advanced across WFI (%lu us)",
	      us(t1 - t0));
	tg_ok(t1 - deadline < tg_ms(500), "woke within 500 ms (%lu us late)",
	      us(t1 - deadline));
	tg_eqx(tg_nr_irqs - n, 0, "no trap taken with SIE = 0");
	tg_ok(tg_irq_pending(IRQ_S_TIMER), "timer pending after WFI");
	sbi_set_timer(UINT64_MAX);
	csr_write(CSR_SIE, 0);
}

/* SSIP pending but not enabled must not end the WFI; the timer does */
static void test_disabled_pending(void)
{
	uint64_t deadline, t1;

	csr_clear(CSR_SSTATUS, SR_SIE);
	csr_write(CSR_SIE, STI);
	csr_set(CSR_SIP, SSI);
	deadline = tg_time() + tg_ms(20);
	sbi_set_timer(deadline);
	wfi();
	t1 = tg_time();
	tg_ok(t1 >= deadline,
	      "a pending interrupt disabled in sie does not wake WFI # "
	      "returned %ld us before the deadline",
	      (long)(deadline - t1) * 1000000 / (long)tg_timebase);
	sbi_set_timer(UINT64_MAX);
	csr_clear(CSR_SIP, SSI);
	csr_write(CSR_SIE, 0);
}

static void test_already_pending(void)
{
	uint64_t t0, t;

	csr_clear(CSR_SSTATUS, SR_SIE);
	csr_write(CSR_SIE, SSI);
	csr_set(CSR_SIP, SSI);
	t0 = tg_time();
	wfi();
	t = tg_time() - t0;
	tg_ok(t < tg_ms(500),
	      "WFI with an enabled interrupt already pending returns at once "
	      "(%lu us)",
	      us(t));
	csr_clear(CSR_SIP, SSI);
	csr_write(CSR_SIE, 0);
}

/* one WFI with SIE = 1, woken by the timer at the deadline */
static bool wfi_round(uint64_t delay, uint64_t *deadline)
{
	irqs = 0;
	irq_time = 0;
	*deadline = tg_time() + delay;
	sbi_set_timer(*deadline);
	csr_set(CSR_SSTATUS, SR_SIE);
	/* WFI is a hint to the ISA: loop as an OS would */
	while (!irqs)
		wfi();
	csr_clear(CSR_SSTATUS, SR_SIE);
	sbi_set_timer(UINT64_MAX);
	return irq_time >= *deadline;
}

static void test_sie_on(void)
{
	uint64_t deadline, t1;
	unsigned int i, good = 0;
	bool ok;

	tg_irq_hook = on_irq;
	csr_write(CSR_SIE, STI);
	ok = wfi_round(tg_ms(10), &deadline);
	t1 = tg_time();
	tg_ok(ok && t1 >= irq_time,
	      "WFI with SIE = 1: the handler runs after the deadline, then "
	      "the code after WFI # irqs %lu, %ld ticks after the deadline",
	      irqs, (long)(irq_time - deadline));
	for (i = 0; i < 5; i++)
		if (wfi_round(tg_ms(2), &deadline))
			good++;
	tg_eqx(good, 5, "5 WFI/timer rounds, each woken by its timer");
	tg_irq_hook = NULL;
	csr_write(CSR_SIE, 0);
}

void tg_main(void)
{
	tg_plan(9);
	test_sie_off();
	test_disabled_pending();
	test_already_pending();
	test_sie_on();
}
