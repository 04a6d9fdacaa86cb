/* SPDX-License-Identifier: MIT */
/* A misbehaving guest beside a healthy one. bootargs tg.mode:
 *   healthy: 2 vCPUs; IPI ping-pong (vCPU 1 sleeps in WFI), a 200 ms
 *            timer wait, some computing; TAP results; clean shutdown
 *   fault:   after tg.ms, a load fault with stvec = 0: the hypervisor must
 *            stop the guest; prints "tg: expect pc=... cause=... tval=..."
 *            and then part of a line with no newline
 *   spin:    all vCPUs spin with interrupts off; after tg.ms vCPU 0 prints
 *            "tg: smp_crash spin done" and shuts down
 *   flood:   vCPU 0 writes the UART THR flat out, vCPU 1 the legacy SBI
 *            putchar; after tg.ms vCPU 0 prints "tg: smp_crash flood done"
 *            and shuts down
 * The script checks the healthy guest finished before the others' "done". */
#include <string.h>
#include "smp_rt.h"

const char tg_name[] = "smp_crash";

#define SSI BIT(IRQ_S_SOFT)
#define STI BIT(IRQ_S_TIMER)
#define PINGS 20
#define BAD_LOAD 0x40000010UL
#define UART_THR ((volatile uint8_t *)0x10000000UL)

__asm__(".text\n"
	".balign 4\n"
	".globl smp_crash_load\n"
	"smp_crash_load:\n"
	"	ld a1, 0(a0)\n"
	"	j smp_crash_load\n");
extern char smp_crash_load[];

static volatile unsigned long ipis[SMP_MAX_CPUS], timer_hits;
static const char partial[] = "tg: a line cut short by the crash";

static void on_irq(struct tg_frame *f, unsigned long cause)
{
	unsigned long id = smp_self();

	(void)f;
	if (cause == (CAUSE_IRQ_FLAG | IRQ_S_TIMER)) {
		timer_hits++;
		sbi_set_timer(UINT64_MAX);
		return;
	}
	if (cause != (CAUSE_IRQ_FLAG | IRQ_S_SOFT) || id >= SMP_MAX_CPUS)
		tg_bail("unexpected interrupt %#lx on vCPU %lu", cause, id);
	csr_clear(CSR_SIP, SSI);
	smp_inc(&ipis[id]);
	if (id == 1)
		smp_send_ipi(1, 0);
}

static void pong(unsigned long id, unsigned long opaque)
{
	(void)id;
	(void)opaque;
	csr_write(CSR_SIE, SSI);
	csr_set(CSR_SSTATUS, SR_SIE);
	for (;;)
		__asm__ volatile("wfi");
}

static void healthy(void)
{
	unsigned int n;
	uint64_t t0, t;
	unsigned long sum = 0;

	tg_plan(5);
	tg_irq_hook = on_irq;
	csr_write(CSR_SIE, SSI);
	csr_set(CSR_SSTATUS, SR_SIE);
	tg_eqi(smp_start(1, pong, 0).error, 0, "hart_start(1) -> 0");
	t0 = tg_time();
	for (n = 0; n < PINGS; n++) {
		unsigned long c = smp_load(&ipis[0]);

		smp_send_ipi(1UL << 1, 0);
		if (!SMP_WAIT(smp_load(&ipis[0]) != c, 5000))
			break;
	}
	t = tg_time() - t0;
	tg_ok(n == PINGS, "IPI ping-pong with vCPU 1: %u of %d in %lu ms", n,
	      PINGS, (unsigned long)(t / tg_ms(1)));

	/* sleep 200 ms on the timer */
	csr_write(CSR_SIE, SSI | STI);
	t0 = tg_time();
	sbi_set_timer(t0 + tg_ms(200));
	for (;;) {
		/* SIE = 0 between the check and WFI: no wake-up is lost */
		csr_clear(CSR_SSTATUS, SR_SIE);
		if (timer_hits || tg_time() - t0 >= tg_ms(10000))
			break;
		__asm__ volatile("wfi");
		csr_set(CSR_SSTATUS, SR_SIE);
	}
	t = tg_time() - t0;
	tg_ok(timer_hits == 1 && t >= tg_ms(200),
	      "timer wait of 200 ms took %lu ms",
	      (unsigned long)(t / tg_ms(1)));

	t0 = tg_time();
	for (unsigned long i = 1; i <= 3000000; i++)
		sum += i ^ (i >> 3);
	t = tg_time() - t0;
	tg_eqx(sum, 0x420f95292b8UL, "computed the sum in %lu ms",
	       (unsigned long)(t / tg_ms(1)));
	tg_eqx(smp_status(1), SBI_HSM_STATE_STARTED, "vCPU 1 still STARTED");
	csr_clear(CSR_SSTATUS, SR_SIE);
}

static void spin_forever(unsigned long id, unsigned long opaque)
{
	(void)id;
	(void)opaque;
	csr_clear(CSR_SSTATUS, SR_SIE);
	csr_write(CSR_SIE, 0);
	for (;;)
		;
}

static void putchar_flood(unsigned long id, unsigned long opaque)
{
	(void)id;
	(void)opaque;
	for (unsigned int i = 0;; i++)
		sbi_legacy_putchar(i % 65 == 64 ? '\n' : 'y');
}

/* load from addr with no trap handler */
__attribute__((noreturn, noinline)) static void crash(unsigned long addr)
{
	register unsigned long a0 __asm__("a0") = addr;

	csr_write(CSR_STVEC, 0);
	__asm__ volatile("jr %0" ::"r"(smp_crash_load), "r"(a0) : "memory");
	__builtin_unreachable();
}

static void start_or_bail(smp_job_fn fn)
{
	if (smp_start(1, fn, 0).error)
		tg_bail("hart_start(1) failed");
}

void tg_main(void)
{
	char mode[16] = "";
	uint64_t end;
	unsigned int i = 0;

	tg_arg("tg.mode", mode, sizeof(mode));
	end = tg_time() + tg_ms(tg_arg_ul("tg.ms", 3000));
	if (!strcmp(mode, "healthy")) {
		healthy();
		return;
	}
	csr_clear(CSR_SSTATUS, SR_SIE);
	csr_write(CSR_SIE, 0);
	if (!strcmp(mode, "fault")) {
		while (tg_time() < end)
			;
		tg_printf("tg: expect pc=%#lx cause=%d tval=%#lx\n",
			  (uintptr_t)smp_crash_load, CAUSE_LOAD_ACCESS,
			  BAD_LOAD);
		/* crash in the middle of a line, as a panicking kernel
		 * may: the report must still start a line of its own */
		sbi_dbcn_write(sizeof(partial) - 1, (uintptr_t)partial, 0);
		crash(BAD_LOAD);
	}
	if (!strcmp(mode, "spin")) {
		start_or_bail(spin_forever);
		while (tg_time() < end)
			;
		tg_printf("tg: smp_crash spin done\n");
	} else if (!strcmp(mode, "flood")) {
		start_or_bail(putchar_flood);
		while (tg_time() < end)
			*UART_THR = i++ % 65 == 64 ? '\n' : 'x';
		tg_printf("tg: smp_crash flood done\n");
	} else {
		tg_bail("unknown tg.mode '%s'", mode);
	}
	tg_plan(0);
}
