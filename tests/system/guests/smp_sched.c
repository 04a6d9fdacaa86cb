/* SPDX-License-Identifier: MIT */
/* More vCPUs than harts: every vCPU must make progress. vCPU 0 starts the
 * others and then, with interrupts off, only watches their counters:
 *   vCPU 1, 4, 7: spin with interrupts off (never exit on their own)
 *   vCPU 2, 5:    spin with SIE = 1 and a 2 ms guest timer (ticks count)
 *   vCPU 3, 6:    loop on an SBI call (an exit per iteration)
 * Each must reach its target, and then keep moving in each of three 300 ms
 * windows. vCPU 0 shuts the guest down while the others still spin. */
#include "smp_rt.h"

const char tg_name[] = "smp_sched";

#define STI BIT(IRQ_S_TIMER)
#define WAIT_MS 20000
#define WINDOWS 3
#define WINDOW_MS 300
#define TARGET_SPIN 2000000UL
#define TARGET_TICKS 20UL
#define TARGET_CALLS 2000UL

static volatile unsigned long counter[SMP_MAX_CPUS];
static volatile unsigned long ticks[SMP_MAX_CPUS];
static volatile unsigned long started[SMP_MAX_CPUS];

static void tick(struct tg_frame *f, unsigned long cause)
{
	unsigned long id = smp_self();

	(void)f;
	if (cause != (CAUSE_IRQ_FLAG | IRQ_S_TIMER) || id >= SMP_MAX_CPUS)
		tg_bail("unexpected interrupt %#lx on vCPU %lu", cause, id);
	ticks[id]++;
	sbi_set_timer(tg_time() + tg_ms(2));
}

static unsigned int style(unsigned long id)
{
	return id % 3; /* 1 spin, 2 timer, 0 SBI calls */
}

static void worker(unsigned long id, unsigned long opaque)
{
	(void)opaque;
	csr_clear(CSR_SSTATUS, SR_SIE);
	csr_write(CSR_SIE, 0);
	smp_store(&started[id], 1);
	switch (style(id)) {
	case 1:
		for (;;)
			counter[id] = counter[id] + 1;
	case 2:
		csr_write(CSR_SIE, STI);
		sbi_set_timer(tg_time() + tg_ms(2));
		csr_set(CSR_SSTATUS, SR_SIE);
		for (;;)
			counter[id] = counter[id] + 1;
	default:
		for (;;) {
			sbi_hart_get_status(id);
			counter[id] = counter[id] + 1;
		}
	}
}

static unsigned long progress(unsigned long id)
{
	return style(id) == 2 ? ticks[id] : counter[id];
}

static unsigned long target(unsigned long id)
{
	static const unsigned long t[3] = {TARGET_CALLS, TARGET_SPIN,
					   TARGET_TICKS};

	return t[style(id)];
}

static const char *style_name(unsigned long id)
{
	static const char *const n[3] = {"SBI-call loop",
					 "spin, interrupts off",
					 "spin, timer interrupts"};

	return n[style(id)];
}

static bool all_reached(unsigned int n)
{
	for (unsigned int i = 1; i < n; i++)
		if (progress(i) < target(i))
			return false;
	return true;
}

void tg_main(void)
{
	unsigned int n = smp_nr_cpus();
	unsigned long want = tg_arg_ul("tg.cpus", 0);
	unsigned long before[SMP_MAX_CPUS], moved[SMP_MAX_CPUS] = {0};
	uint64_t t0, t;

	if (n < 2 || n > SMP_MAX_CPUS)
		tg_bail("%u vCPUs in the DTB: need 2..%u", n, SMP_MAX_CPUS);
	tg_plan(1 + 2 * (n - 1) + 1);
	tg_eqi(n, (long)want, "the DTB lists tg.cpus=%lu cpus", want);
	/* vCPU 0 spins with interrupts off from here on */
	csr_clear(CSR_SSTATUS, SR_SIE);
	csr_write(CSR_SIE, 0);
	tg_irq_hook = tick;
	t0 = tg_time();
	for (unsigned long i = 1; i < n; i++)
		if (smp_start(i, worker, 0).error)
			tg_bail("hart_start(%lu) failed", i);
	for (unsigned long i = 1; i < n; i++)
		tg_ok(SMP_WAIT(smp_load(&started[i]), WAIT_MS),
		      "vCPU %lu (%s) started", i, style_name(i));
	SMP_WAIT(all_reached(n), WAIT_MS);
	t = tg_time() - t0;
	for (unsigned long i = 1; i < n; i++)
		tg_ok(progress(i) >= target(i),
		      "vCPU %lu (%s) reached %lu (%lu)", i, style_name(i),
		      target(i), progress(i));
	tg_diag("targets reached %lu ms after the starts",
		(unsigned long)(t * 1000 / tg_timebase));

	/* and everyone keeps moving */
	for (unsigned int w = 0; w < WINDOWS; w++) {
		for (unsigned int i = 1; i < n; i++)
			before[i] = progress(i);
		smp_delay_ms(WINDOW_MS);
		for (unsigned int i = 1; i < n; i++)
			if (progress(i) != before[i])
				moved[i]++;
	}
	t = 0;
	for (unsigned int i = 1; i < n; i++)
		t += moved[i] == WINDOWS;
	tg_ok(t == n - 1,
	      "every vCPU moved in each of %d %d ms windows (%lu of %u did)",
	      WINDOWS, WINDOW_MS, (unsigned long)t, n - 1);
	for (unsigned int i = 1; i < n; i++)
		tg_diag("vCPU %u: %lu increments, %lu timer ticks", i,
			counter[i], ticks[i]);
}
