/* SPDX-License-Identifier: MIT */
/* The emulated ns16550a and virtual PLIC, with 2 vCPUs:
 * 1. the UART programmed as Linux's 8250 driver does (scratch, IER and
 *    loopback probes, FIFO detection, DLAB/divisor, 8N1, FCR, MCR OUT2,
 *    the THRE start-up test);
 * 2. PLIC semantics with the UART (in loopback) as the source: priority 0,
 *    threshold, enable, claim/complete, wrong-id complete, per-context
 *    routing to vCPU 1 and its threshold;
 * 3. interrupt-driven TX: THRE interrupts, claimed and completed through
 *    the PLIC, send a line longer than the FIFO;
 * 4. interrupt-driven RX: the script types tg.input (after
 *    "tg: uart waiting for input"); the bytes arrive by RX interrupts
 *    (waiting at most tg.rx_ms, 10 s). */
#include <string.h>
#include "smp_rt.h"

const char tg_name[] = "smp_uart";

#define SEI BIT(IRQ_S_EXT)
#define STI BIT(IRQ_S_TIMER)
#define WAIT_MS 3000
#define UART_IRQ 10

/* ns16550a registers (reg-shift 0) */
#define RBR 0
#define THR 0
#define DLL 0
#define IER 1
#define DLM 1
#define IIR 2
#define FCR 2
#define LCR 3
#define MCR 4
#define LSR 5
#define MSR 6
#define SCR 7
#define IER_RDI 0x01
#define IER_THRI 0x02
#define LSR_DR 0x01
#define LSR_OE 0x02
#define LSR_THRE 0x20
#define LSR_TEMT 0x40
#define MCR_DTR 0x01
#define MCR_RTS 0x02
#define MCR_OUT2 0x08
#define MCR_LOOP 0x10

/* virtual PLIC (SiFive layout) */
#define PRIO(irq) (4 * (irq))
#define PENDING 0x1000
#define ENABLE(ctx) (0x2000 + 0x80 * (ctx))
#define THRESH(ctx) (0x200000 + 0x1000 * (ctx))
#define CLAIM(ctx) (0x200004 + 0x1000 * (ctx))

static const char tx_line[] = "tg-uart: interrupt-driven tx ok, a line longer "
			      "than the 16-byte FIFO\n";

static inline uint8_t ur(unsigned int r)
{
	return *(volatile uint8_t *)(0x10000000UL + r);
}

static inline void uw(unsigned int r, uint8_t v)
{
	*(volatile uint8_t *)(0x10000000UL + r) = v;
}

static inline uint32_t pr(unsigned long off)
{
	return *(volatile uint32_t *)(0x0c000000UL + off);
}

static inline void pw(unsigned long off, uint32_t v)
{
	*(volatile uint32_t *)(0x0c000000UL + off) = v;
}

/* interrupt bookkeeping, per vCPU */
static volatile unsigned long ext_irqs[2], claims_10[2], claims_other[2];
static volatile unsigned long done_10[2]; /* completed claims of 10 */
static volatile unsigned long tx_irqs, rx_irqs, tx_pos, rx_len, bad_iir;
static volatile unsigned long lsr_errors, timed_out;
static char rx_buf[128];

static void uart_service(void)
{
	uint8_t iir = ur(IIR), lsr;

	switch (iir & 0x0f) {
	case 0x02: /* THRE: refill the FIFO */
		tx_irqs++;
		for (int n = 0; n < 16 && tx_line[tx_pos]; n++)
			uw(THR, (uint8_t)tx_line[tx_pos++]);
		if (!tx_line[tx_pos])
			uw(IER, ur(IER) & ~IER_THRI);
		break;
	case 0x04: /* received data */
	case 0x0c: /* character timeout */
		rx_irqs++;
		while ((lsr = ur(LSR)) & LSR_DR) {
			uint8_t c = ur(RBR);

			if (lsr & LSR_OE)
				lsr_errors++;
			if (rx_len < sizeof(rx_buf) - 1)
				rx_buf[rx_len++] = (char)c;
		}
		break;
	default:
		bad_iir = iir | 0x100;
	}
}

static void on_irq(struct tg_frame *f, unsigned long cause)
{
	unsigned long id = smp_self();
	uint32_t src;

	(void)f;
	if (cause == (CAUSE_IRQ_FLAG | IRQ_S_TIMER) && id == 0) {
		timed_out = 1;
		sbi_set_timer(UINT64_MAX);
		return;
	}
	if (cause != (CAUSE_IRQ_FLAG | IRQ_S_EXT) || id > 1)
		tg_bail("unexpected interrupt %#lx on vCPU %lu", cause, id);
	ext_irqs[id]++;
	while ((src = pr(CLAIM(id))) != 0) {
		if (src == UART_IRQ) {
			claims_10[id]++;
			uart_service();
		} else {
			claims_other[id]++;
		}
		pw(CLAIM(id), src);
		if (src == UART_IRQ)
			smp_inc(&done_10[id]);
	}
}

/* vCPU 1 only takes external interrupts */
static void worker(unsigned long id, unsigned long opaque)
{
	(void)id;
	(void)opaque;
	csr_write(CSR_SIE, SEI);
	csr_set(CSR_SSTATUS, SR_SIE);
	for (;;)
		__asm__ volatile("wfi");
}

static void linux_init(void)
{
	uint8_t v;

	/* autoconfig: scratch register and IER probes */
	uw(SCR, 0xa5);
	v = ur(SCR);
	uw(SCR, 0x5a);
	tg_ok(v == 0xa5 && ur(SCR) == 0x5a, "SCR holds 0xa5 and 0x5a");
	uw(IER, 0);
	v = ur(IER);
	uw(IER, 0x0f);
	tg_ok(v == 0 && ur(IER) == 0x0f, "IER reads back 0 and 0x0f");
	uw(IER, 0);
	/* loopback probe: MSR shows DCD|CTS for OUT2|RTS */
	uw(MCR, MCR_LOOP | MCR_OUT2 | MCR_RTS);
	v = ur(MSR) & 0xf0;
	uw(MCR, 0);
	tg_eqx(v, 0x90, "loopback with OUT2|RTS: MSR & 0xf0 = DCD|CTS");
	/* FIFO detection */
	uw(FCR, 0x07);
	tg_eqx(ur(IIR) >> 6, 3, "FCR 0x07: IIR shows FIFOs enabled (16550A)");
	uw(FCR, 0);
	tg_eqx(ur(IIR) >> 6, 0, "FCR 0: IIR shows FIFOs off");
	/* set_termios: DLAB, divisor 2 (115200 at 1.8432 MHz x 2), 8N1 */
	uw(LCR, 0x80 | 0x03);
	uw(DLL, 0x02);
	uw(DLM, 0x12);
	tg_ok(ur(DLL) == 0x02 && ur(DLM) == 0x12, "DLAB=1: DLL/DLM read back");
	uw(LCR, 0x03);
	tg_eqx(ur(LCR), 0x03, "LCR 8N1 reads back 0x03");
	tg_eqx(ur(IER), 0, "DLAB=0: offset 1 is IER again (not DLM)");
	uw(LCR, 0x83);
	uw(DLM, 0);
	uw(LCR, 0x03);
	uw(FCR, 0x01 | 0x80); /* enable, RX trigger 8 */
	tg_eqx(ur(IIR) & 0xc0, 0xc0, "FCR 0x81: FIFOs enabled");
	uw(MCR, MCR_DTR | MCR_RTS | MCR_OUT2);
	tg_eqx(ur(MCR), 0x0b, "MCR DTR|RTS|OUT2 reads back 0x0b");
	tg_eqx(ur(LSR) & (LSR_THRE | LSR_TEMT | LSR_DR), LSR_THRE | LSR_TEMT,
	       "LSR: THRE|TEMT, no data");
	/* serial8250_do_startup's THRE test */
	uw(IER, IER_THRI);
	v = ur(IIR);
	tg_eqx(v & 0x0f, 0x02, "IER=THRI: IIR reports THRE");
	tg_eqx(ur(IIR) & 0x0f, 0x01, "reading IIR acknowledged THRE");
	uw(IER, 0);
	uw(IER, IER_THRI);
	tg_eqx(ur(IIR) & 0x0f, 0x02, "IER THRI 0 -> 1 re-raises THRE");
	uw(IER, 0);
	tg_eqx(ur(IIR) & 0x0f, 0x01, "IER=0: no interrupt");
}

static bool seip(void)
{
	return tg_irq_pending(IRQ_S_EXT);
}

static bool pending10(void)
{
	return pr(PENDING) & BIT(UART_IRQ);
}

/* loopback RX data: the UART line is high while it is unread */
static void line_high(void)
{
	uw(MCR, MCR_LOOP | MCR_OUT2);
	uw(IER, IER_RDI);
	uw(THR, 'p');
}

static void line_low(void)
{
	while (ur(LSR) & LSR_DR)
		(void)ur(RBR);
}

static void plic_semantics(void)
{
	uint32_t v;

	tg_ok(pr(PRIO(UART_IRQ)) == 0 && pr(ENABLE(0)) == 0 &&
		      pr(ENABLE(1)) == 0 && pr(THRESH(0)) == 0 &&
		      pr(THRESH(1)) == 0,
	      "PLIC reset: priority, enables, thresholds 0");
	pw(PRIO(UART_IRQ), 3);
	pw(THRESH(0), 2);
	pw(ENABLE(0), BIT(UART_IRQ));
	tg_ok(pr(PRIO(UART_IRQ)) == 3 && pr(THRESH(0)) == 2 &&
		      pr(ENABLE(0)) == BIT(UART_IRQ) && pr(ENABLE(1)) == 0,
	      "priority, threshold, enable read back (context 1 untouched)");
	pw(PRIO(UART_IRQ), 0xffffffff);
	v = pr(PRIO(UART_IRQ));
	tg_ok(v >= 1 && v <= 7,
	      "priority 0xffffffff reads back %u (WARL, 3 bits)", v);
	pw(PENDING, 0xffffffff);
	tg_eqx(pr(PENDING), 0, "pending is read-only (nothing pending)");

	csr_write(CSR_SIE, 0);
	line_high();
	tg_ok(pending10(), "UART line high: source 10 pending");
	pw(PRIO(UART_IRQ), 0);
	pw(THRESH(0), 0);
	tg_ok(!seip() && pr(CLAIM(0)) == 0,
	      "priority 0: no interrupt, claim returns 0");
	pw(PRIO(UART_IRQ), 1);
	pw(THRESH(0), 1);
	tg_ok(!seip() && pr(CLAIM(0)) == 0,
	      "priority 1, threshold 1: no interrupt, claim returns 0");
	pw(THRESH(0), 0);
	pw(ENABLE(0), 0);
	tg_ok(!seip() && pr(CLAIM(0)) == 0,
	      "threshold 0, disabled: no interrupt, claim returns 0");
	pw(ENABLE(0), BIT(UART_IRQ));
	tg_ok(seip(), "enabled: vCPU 0 has its external interrupt (scause 9)");
	tg_eqx(pr(CLAIM(0)), UART_IRQ, "claim returns 10");
	tg_ok(!pending10() && !seip(),
	      "claimed: not pending, no interrupt (line still high)");
	tg_eqx(pr(CLAIM(0)), 0, "second claim returns 0");
	pw(CLAIM(0), 11);
	tg_ok(!pending10() && !seip() && pr(CLAIM(0)) == 0,
	      "complete with the wrong id (11) is ignored");
	pw(CLAIM(0), UART_IRQ);
	tg_ok(pending10() && seip(),
	      "complete 10 with the line high: pending and interrupting again");
	tg_eqx(pr(CLAIM(0)), UART_IRQ, "claim returns 10 again");
	line_low();
	pw(CLAIM(0), UART_IRQ);
	tg_ok(!pending10() && !seip() && pr(CLAIM(0)) == 0,
	      "line low, completed: nothing pending, claim 0");

	/* context 1 = vCPU 1 */
	pw(ENABLE(0), 0);
	pw(ENABLE(1), BIT(UART_IRQ));
	line_high();
	tg_ok(SMP_WAIT(done_10[1] == 1, WAIT_MS),
	      "enabled for context 1 only: vCPU 1 took it (%lu irqs, %lu "
	      "claims of 10)",
	      ext_irqs[1], claims_10[1]);
	tg_ok(!seip() && pr(CLAIM(0)) == 0, "vCPU 0 saw nothing of it");
	pw(THRESH(1), 1);
	line_high();
	smp_delay_ms(50);
	tg_ok(claims_10[1] == 1 && pending10(),
	      "context 1 threshold 1: vCPU 1 not interrupted, source pending");
	pw(THRESH(1), 0);
	tg_ok(SMP_WAIT(done_10[1] == 2, WAIT_MS),
	      "context 1 threshold 0: vCPU 1 takes it");
	tg_eqi(claims_other[0] + claims_other[1], 0,
	       "no claim returned another source");
	pw(ENABLE(1), 0);
	uw(IER, 0);
	uw(MCR, MCR_DTR | MCR_RTS | MCR_OUT2);
	line_low();
}

static void tx_irq(void)
{
	tx_pos = 0;
	tx_irqs = 0;
	pw(PRIO(UART_IRQ), 1);
	pw(THRESH(0), 0);
	pw(ENABLE(0), BIT(UART_IRQ));
	csr_write(CSR_SIE, SEI);
	csr_set(CSR_SSTATUS, SR_SIE);
	uw(IER, IER_THRI);
	SMP_WAIT(!tx_line[tx_pos] && (ur(LSR) & LSR_TEMT), WAIT_MS);
	tg_eqi(tx_pos, sizeof(tx_line) - 1,
	       "interrupt-driven TX sent the line");
	tg_ok(tx_irqs >= (sizeof(tx_line) - 1 + 15) / 16,
	      "%lu THRE interrupts for %u bytes", tx_irqs,
	      (unsigned int)sizeof(tx_line) - 1);
}

static void rx_irq(void)
{
	char want[64] = "";
	uint64_t t0, limit;

	tg_arg("tg.input", want, sizeof(want));
	rx_len = 0;
	rx_irqs = 0;
	uw(IER, IER_RDI);
	tg_printf("tg: uart waiting for input\n");
	limit = tg_ms(tg_arg_ul("tg.rx_ms", 10000));
	t0 = tg_time();
	/* a timer bounds the wait; WFI with SIE = 0 so no wake-up is lost */
	sbi_set_timer(t0 + limit);
	csr_set(CSR_SIE, STI);
	for (;;) {
		csr_clear(CSR_SSTATUS, SR_SIE);
		if (memchr(rx_buf, '.', rx_len) || timed_out)
			break;
		__asm__ volatile("wfi");
		csr_set(CSR_SSTATUS, SR_SIE);
	}
	csr_clear(CSR_SIE, STI);
	sbi_set_timer(UINT64_MAX);
	rx_buf[rx_len] = 0;
	tg_ok(want[0] && !strcmp(rx_buf, want),
	      "interrupt-driven RX got '%s' (%lu bytes)", rx_buf, rx_len);
	tg_ok(rx_irqs > 0, "%lu RX interrupts", rx_irqs);
	tg_eqi(lsr_errors, 0, "no overrun seen");
	tg_eqx(bad_iir, 0, "every UART interrupt was THRE or RX");
	tg_ok(claims_10[0] == tx_irqs + rx_irqs + (bad_iir != 0),
	      "vCPU 0 claimed 10 once per UART interrupt (%lu)", claims_10[0]);
}

void tg_main(void)
{
	tg_plan(44);
	tg_eqi(smp_nr_cpus(), 2, "the DTB lists 2 cpus");
	tg_irq_hook = on_irq;
	csr_clear(CSR_SSTATUS, SR_SIE);
	if (smp_start(1, worker, 0).error ||
	    !SMP_WAIT(smp_entry_rec[1].count == 1, WAIT_MS))
		tg_bail("vCPU 1 did not start");
	linux_init();
	plic_semantics();
	tx_irq();
	rx_irq();
}
