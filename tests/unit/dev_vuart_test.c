// SPDX-License-Identifier: MIT
/* Unit tests of the emulated ns16550a (hypervisor/vuart.c), driven the way
 * Linux's 8250 driver (autoconfig, serial8250_do_startup, set_termios,
 * interrupt handler) and earlycon drive it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "vuart.h"

struct sink {
	uint8_t out[256];
	size_t nout;
	bool full; /* tx callback refuses bytes */
	bool level; /* last level reported by the irq callback */
	int irq_calls; /* number of irq callback invocations */
	bool hist[64]; /* levels reported, in order */
};

static bool sink_tx(void *ctx, uint8_t byte)
{
	struct sink *s = ctx;

	if (s->full)
		return false;
	assert_true(s->nout < sizeof(s->out));
	s->out[s->nout++] = byte;
	return true;
}

static void sink_irq(void *ctx, bool level)
{
	struct sink *s = ctx;

	/* Only changes are reported */
	assert_true(level != s->level);
	s->level = level;
	if (s->irq_calls < 64)
		s->hist[s->irq_calls] = level;
	s->irq_calls++;
}

static const struct vuart_ops sink_ops = {.tx = sink_tx, .irq = sink_irq};

struct fixture {
	struct vuart u;
	struct sink s;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	vuart_init(&f->u, &sink_ops, &f->s);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	free(*state);
	return 0;
}

static uint8_t rd(struct vuart *u, unsigned off)
{
	uint64_t v = 0xdeadbeef;

	assert_int_equal(vuart_read(u, off, 1, &v), VUART_OK);
	assert_true(v <= 0xff);
	return (uint8_t)v;
}

static void wr(struct vuart *u, unsigned off, uint8_t v)
{
	assert_int_equal(vuart_write(u, off, 1, v), VUART_OK);
}

/* Program 8N1 at divisor `quot` with FIFOs on, RX trigger 8, as
 * serial8250_do_set_termios does for a 16550A. */
static void linux_set_termios(struct vuart *u, uint16_t quot)
{
	wr(u, NS16550_LCR, 0x03 | NS16550_LCR_DLAB);
	wr(u, NS16550_DLL, quot & 0xff);
	wr(u, NS16550_DLM, quot >> 8);
	wr(u, NS16550_LCR, 0x03);
	wr(u, NS16550_FCR, NS16550_FCR_ENABLE_FIFO);
	wr(u, NS16550_FCR, NS16550_FCR_ENABLE_FIFO | 0x80);
}

static void test_power_on_state(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(rd(&f->u, NS16550_IIR), NS16550_IIR_NO_INT);
	assert_int_equal(rd(&f->u, NS16550_LSR),
			 NS16550_LSR_THRE | NS16550_LSR_TEMT);
	assert_int_equal(rd(&f->u, NS16550_MSR), 0xb0);
	assert_int_equal(rd(&f->u, NS16550_IER), 0);
	assert_int_equal(rd(&f->u, NS16550_LCR), 0);
	assert_int_equal(rd(&f->u, NS16550_MCR), 0);
	assert_false(vuart_irq_level(&f->u));
	assert_int_equal(f->s.irq_calls, 0);
	assert_int_equal(vuart_rx_space(&f->u), 1); /* FIFOs off: 16450 mode */
}

/* The probes of autoconfig() in drivers/tty/serial/8250/8250_port.c */
static void test_linux_autoconfig_probes(void **state)
{
	struct fixture *f = *state;
	struct vuart *u = &f->u;

	/* IER holds exactly the four 16550 bits (also: no XScale UUE bit) */
	wr(u, NS16550_IER, 0);
	assert_int_equal(rd(u, NS16550_IER) & 0x0f, 0);
	wr(u, NS16550_IER, 0x0f);
	assert_int_equal(rd(u, NS16550_IER), 0x0f);
	wr(u, NS16550_IER, 0xff);
	assert_int_equal(rd(u, NS16550_IER), 0x0f);
	wr(u, NS16550_IER, 0);
	assert_false(vuart_irq_level(u));

	/* Loopback: MCR = LOOP|OUT2|RTS reads back as DCD|CTS in MSR */
	wr(u, NS16550_MCR,
	   NS16550_MCR_LOOP | NS16550_MCR_OUT2 | NS16550_MCR_RTS);
	assert_int_equal(rd(u, NS16550_MSR) & 0xf0, 0x90);
	wr(u, NS16550_MCR, 0);

	/* FIFO probe: IIR bits 7:6 = 3 means a 16550A */
	wr(u, NS16550_FCR, NS16550_FCR_ENABLE_FIFO);
	assert_int_equal(rd(u, NS16550_IIR) >> 6, 3);
	/* 16750 probe: 64-byte FIFO bit under DLAB must not show in IIR */
	wr(u, NS16550_LCR, NS16550_LCR_DLAB);
	wr(u, NS16550_FCR, NS16550_FCR_ENABLE_FIFO | 0x20);
	wr(u, NS16550_LCR, 0);
	assert_int_equal(rd(u, NS16550_IIR) >> 5, 6);
	wr(u, NS16550_FCR, 0);
	assert_int_equal(rd(u, NS16550_IIR) >> 6, 0);

	/* LCR and the scratch register hold any value */
	wr(u, NS16550_LCR, 0xbf);
	assert_int_equal(rd(u, NS16550_LCR), 0xbf);
	wr(u, NS16550_LCR, 0);
	wr(u, NS16550_SCR, 0xa5);
	assert_int_equal(rd(u, NS16550_SCR), 0xa5);
	wr(u, NS16550_SCR, 0x5a);
	assert_int_equal(rd(u, NS16550_SCR), 0x5a);
	assert_int_equal(f->s.nout, 0);
}

/* serial8250_do_startup followed by set_termios, register by register */
static void test_linux_startup_sequence(void **state)
{
	struct fixture *f = *state;
	struct vuart *u = &f->u;
	uint8_t iir1, iir, lsr;

	/* serial8250_clear_fifos */
	wr(u, NS16550_FCR, NS16550_FCR_ENABLE_FIFO);
	wr(u, NS16550_FCR,
	   NS16550_FCR_ENABLE_FIFO | NS16550_FCR_CLEAR_RCVR |
		   NS16550_FCR_CLEAR_XMIT);
	wr(u, NS16550_FCR, 0);
	/* clear the interrupt registers */
	rd(u, NS16550_LSR);
	rd(u, NS16550_RBR);
	rd(u, NS16550_IIR);
	rd(u, NS16550_MSR);
	assert_int_not_equal(rd(u, NS16550_LSR), 0xff);

	/* THRE test: a real 16550 re-asserts THRE when THRI is re-enabled */
	wr(u, NS16550_IER, NS16550_IER_THRI);
	assert_true(vuart_irq_level(u));
	iir1 = rd(u, NS16550_IIR);
	assert_false(vuart_irq_level(u)); /* the IIR read acknowledged it */
	wr(u, NS16550_IER, 0);
	wr(u, NS16550_IER, NS16550_IER_THRI);
	iir = rd(u, NS16550_IIR);
	wr(u, NS16550_IER, 0);
	assert_int_equal(iir1, NS16550_IIR_THRI);
	assert_int_equal(iir, NS16550_IIR_THRI);

	/* initialise: 8N1, DTR|RTS|OUT2 */
	wr(u, NS16550_LCR, 0x03);
	wr(u, NS16550_MCR,
	   NS16550_MCR_DTR | NS16550_MCR_RTS | NS16550_MCR_OUT2);

	/* TXEN test: enabling THRI must give an interrupt (no UART_BUG_TXEN) */
	wr(u, NS16550_IER, NS16550_IER_THRI);
	lsr = rd(u, NS16550_LSR);
	iir = rd(u, NS16550_IIR);
	wr(u, NS16550_IER, 0);
	assert_true(lsr & NS16550_LSR_TEMT);
	assert_false(iir & NS16550_IIR_NO_INT);

	rd(u, NS16550_LSR);
	rd(u, NS16550_RBR);
	rd(u, NS16550_IIR);
	rd(u, NS16550_MSR);
	wr(u, NS16550_IER, NS16550_IER_RLSI | NS16550_IER_RDI);

	/* set_termios at 115200 baud from QEMU's 3.6864 MHz clock */
	wr(u, NS16550_IER, NS16550_IER_RLSI | NS16550_IER_RDI);
	linux_set_termios(u, 2);

	/* Result: divisor latched, 8N1, FIFOs on, no interrupt pending */
	wr(u, NS16550_LCR, 0x03 | NS16550_LCR_DLAB);
	assert_int_equal(rd(u, NS16550_DLL), 2);
	assert_int_equal(rd(u, NS16550_DLM), 0);
	wr(u, NS16550_LCR, 0x03);
	assert_int_equal(rd(u, NS16550_LCR), 0x03);
	assert_int_equal(rd(u, NS16550_IER),
			 NS16550_IER_RLSI | NS16550_IER_RDI);
	assert_int_equal(rd(u, NS16550_MCR), 0x0b);
	assert_int_equal(rd(u, NS16550_IIR),
			 NS16550_IIR_FIFO_ENABLED | NS16550_IIR_NO_INT);
	assert_int_equal(rd(u, NS16550_LSR),
			 NS16550_LSR_THRE | NS16550_LSR_TEMT);
	assert_int_equal(vuart_rx_space(u), NS16550_FIFO_SIZE);
	assert_false(vuart_irq_level(u));
	assert_int_equal(f->s.nout, 0);
}

static void test_dlab_shadows_thr_and_ier(void **state)
{
	struct fixture *f = *state;
	struct vuart *u = &f->u;

	wr(u, NS16550_IER, NS16550_IER_RDI);
	wr(u, NS16550_LCR, NS16550_LCR_DLAB);
	wr(u, NS16550_DLL, 0x34);
	wr(u, NS16550_DLM, 0x12);
	assert_int_equal(rd(u, NS16550_DLL), 0x34);
	assert_int_equal(rd(u, NS16550_DLM), 0x12);
	/* IIR/FCR, LCR, MCR, LSR, MSR and SCR do not depend on DLAB */
	assert_int_equal(rd(u, NS16550_IIR), NS16550_IIR_NO_INT);
	wr(u, NS16550_LCR, 0x03);
	assert_int_equal(f->s.nout, 0); /* DLL write was not a THR write */
	assert_int_equal(rd(u, NS16550_IER), NS16550_IER_RDI);
	wr(u, NS16550_LCR, NS16550_LCR_DLAB);
	assert_int_equal(rd(u, NS16550_DLL), 0x34); /* and IER didn't clobber */
}

/* earlycon/polled output: wait for THRE, write THR */
static void test_tx_polled(void **state)
{
	struct fixture *f = *state;
	struct vuart *u = &f->u;
	const char *msg = "hello, world\n";

	linux_set_termios(u, 2);
	for (const char *c = msg; *c; c++) {
		assert_true(rd(u, NS16550_LSR) & NS16550_LSR_THRE);
		wr(u, NS16550_THR, (uint8_t)*c);
	}
	assert_int_equal(f->s.nout, strlen(msg));
	assert_memory_equal(f->s.out, msg, strlen(msg));
	assert_int_equal(rd(u, NS16550_LSR) &
				 (NS16550_LSR_THRE | NS16550_LSR_TEMT),
			 NS16550_LSR_THRE | NS16550_LSR_TEMT);
	assert_int_equal(f->s.irq_calls, 0);
	assert_int_equal(u->stats.tx_bytes, strlen(msg));
}

/* start_tx / serial8250_handle_irq / tx_chars / stop_tx */
static void test_tx_interrupt_driven(void **state)
{
	struct fixture *f = *state;
	struct vuart *u = &f->u;
	uint8_t ier = NS16550_IER_RLSI | NS16550_IER_RDI;

	linux_set_termios(u, 2);
	wr(u, NS16550_IER, ier);
	assert_false(vuart_irq_level(u));

	/* start_tx: THRI 0 -> 1 with the transmitter empty interrupts */
	ier |= NS16550_IER_THRI;
	wr(u, NS16550_IER, ier);
	assert_true(vuart_irq_level(u));

	/* two rounds of the interrupt handler, 16 bytes each */
	for (int round = 0; round < 2; round++) {
		assert_true(vuart_irq_level(u));
		assert_int_equal(rd(u, NS16550_IIR),
				 NS16550_IIR_FIFO_ENABLED | NS16550_IIR_THRI);
		assert_false(vuart_irq_level(u)); /* acknowledged by IIR */
		assert_int_equal(rd(u, NS16550_IIR),
				 NS16550_IIR_FIFO_ENABLED | NS16550_IIR_NO_INT);
		assert_true(rd(u, NS16550_LSR) & NS16550_LSR_THRE);
		for (int i = 0; i < 16; i++)
			wr(u, NS16550_THR, (uint8_t)('a' + round * 16 + i));
		/* the FIFO drained at once: THRE pending again */
		assert_true(vuart_irq_level(u));
	}
	/* transmit buffer empty: stop_tx clears THRI, the line drops */
	ier &= ~NS16550_IER_THRI;
	wr(u, NS16550_IER, ier);
	assert_false(vuart_irq_level(u));
	assert_int_equal(rd(u, NS16550_IIR),
			 NS16550_IIR_FIFO_ENABLED | NS16550_IIR_NO_INT);

	assert_int_equal(f->s.nout, 32);
	for (int i = 0; i < 32; i++)
		assert_int_equal(f->s.out[i], 'a' + i);
	/* line history: up, (ack) down, up, (ack) down, up, (stop) down */
	assert_int_equal(f->s.irq_calls, 6);
	for (int i = 0; i < 6; i++)
		assert_int_equal(f->s.hist[i], i % 2 == 0);
}

/* A THR write acknowledges THRE; it comes back only when the FIFO drains. */
static void test_tx_thr_write_clears_thre(void **state)
{
	struct fixture *f = *state;
	struct vuart *u = &f->u;

	linux_set_termios(u, 2);
	wr(u, NS16550_IER, NS16550_IER_THRI);
	assert_true(vuart_irq_level(u));
	f->s.full = true;
	wr(u, NS16550_THR, 'x');
	assert_false(vuart_irq_level(u));
	assert_int_equal(rd(u, NS16550_IIR),
			 NS16550_IIR_FIFO_ENABLED | NS16550_IIR_NO_INT);
	assert_int_equal(
		rd(u, NS16550_LSR) & (NS16550_LSR_THRE | NS16550_LSR_TEMT), 0);
	vuart_tx_kick(u); /* sink still full: nothing moves */
	assert_false(vuart_irq_level(u));
	assert_int_equal(f->s.nout, 0);
	f->s.full = false;
	vuart_tx_kick(u);
	assert_int_equal(f->s.nout, 1);
	assert_int_equal(f->s.out[0], 'x');
	assert_true(vuart_irq_level(u));
	assert_int_equal(rd(u, NS16550_IIR),
			 NS16550_IIR_FIFO_ENABLED | NS16550_IIR_THRI);
	/* a kick with nothing held is not a new THRE event */
	vuart_tx_kick(u);
	assert_false(vuart_irq_level(u));
}

static void test_tx_backpressure_fifo_full(void **state)
{
	struct fixture *f = *state;
	struct vuart *u = &f->u;

	linux_set_termios(u, 2);
	f->s.full = true;
	for (int i = 0; i < NS16550_FIFO_SIZE + 3; i++)
		wr(u, NS16550_THR, (uint8_t)i);
	assert_int_equal(u->stats.tx_dropped, 3);
	assert_false(rd(u, NS16550_LSR) & NS16550_LSR_THRE);
	f->s.full = false;
	vuart_tx_kick(u);
	assert_int_equal(f->s.nout, NS16550_FIFO_SIZE);
	for (int i = 0; i < NS16550_FIFO_SIZE; i++)
		assert_int_equal(f->s.out[i], i);
	assert_true(rd(u, NS16550_LSR) & NS16550_LSR_TEMT);

	/* FCR "clear XMIT" throws held bytes away */
	f->s.full = true;
	wr(u, NS16550_THR, 0x77);
	wr(u, NS16550_FCR, NS16550_FCR_ENABLE_FIFO | NS16550_FCR_CLEAR_XMIT);
	assert_true(rd(u, NS16550_LSR) & NS16550_LSR_THRE);
	f->s.full = false;
	vuart_tx_kick(u);
	assert_int_equal(f->s.nout, NS16550_FIFO_SIZE);
}

static void test_rx_interrupt_driven(void **state)
{
	struct fixture *f = *state;
	struct vuart *u = &f->u;
	const uint8_t in[] = "ls -l /proc\n";
	size_t n = sizeof(in) - 1;

	linux_set_termios(u, 2); /* trigger level 8 */
	wr(u, NS16550_IER, NS16550_IER_RLSI | NS16550_IER_RDI);
	assert_false(vuart_irq_level(u));

	/* below the trigger level: character timeout, reported at once */
	assert_int_equal(vuart_rx_push(u, in, 3), 3);
	assert_true(vuart_irq_level(u));
	assert_int_equal(rd(u, NS16550_IIR),
			 NS16550_IIR_FIFO_ENABLED | NS16550_IIR_RX_TIMEOUT);
	assert_true(vuart_irq_level(u)); /* IIR read doesn't ack RX */
	/* at or above the trigger level: received data available */
	assert_int_equal(vuart_rx_push(u, in + 3, n - 3), n - 3);
	assert_int_equal(rd(u, NS16550_IIR),
			 NS16550_IIR_FIFO_ENABLED | NS16550_IIR_RDI);

	/* serial8250_rx_chars: read while LSR.DR */
	for (size_t i = 0; i < n; i++) {
		assert_true(vuart_irq_level(u));
		assert_int_equal(rd(u, NS16550_LSR), NS16550_LSR_DR |
							     NS16550_LSR_THRE |
							     NS16550_LSR_TEMT);
		assert_int_equal(rd(u, NS16550_RBR), in[i]);
	}
	assert_false(rd(u, NS16550_LSR) & NS16550_LSR_DR);
	assert_false(vuart_irq_level(u));
	assert_int_equal(rd(u, NS16550_IIR),
			 NS16550_IIR_FIFO_ENABLED | NS16550_IIR_NO_INT);
	assert_int_equal(f->s.irq_calls, 2);
	assert_int_equal(u->stats.rx_bytes, n);
}

static void test_rx_masked_when_rdi_off(void **state)
{
	struct fixture *f = *state;
	struct vuart *u = &f->u;

	linux_set_termios(u, 2);
	assert_int_equal(vuart_rx_push(u, (const uint8_t *)"q", 1), 1);
	assert_false(vuart_irq_level(u));
	assert_true(rd(u, NS16550_LSR) & NS16550_LSR_DR);
	wr(u, NS16550_IER, NS16550_IER_RDI); /* unmasking raises the line */
	assert_true(vuart_irq_level(u));
	assert_int_equal(rd(u, NS16550_RBR), 'q');
	assert_false(vuart_irq_level(u));
}

static void test_rx_overflow(void **state)
{
	struct fixture *f = *state;
	struct vuart *u = &f->u;
	uint8_t in[NS16550_FIFO_SIZE + 4];

	for (size_t i = 0; i < sizeof(in); i++)
		in[i] = (uint8_t)(0x40 + i);
	linux_set_termios(u, 2);
	wr(u, NS16550_IER, NS16550_IER_RLSI | NS16550_IER_RDI);

	assert_int_equal(vuart_rx_push(u, in, 5), 5);
	assert_int_equal(vuart_rx_space(u), NS16550_FIFO_SIZE - 5);
	/* more than fits: the rest is refused and flagged as overrun */
	assert_int_equal(vuart_rx_push(u, in + 5, sizeof(in) - 5),
			 NS16550_FIFO_SIZE - 5);
	assert_int_equal(vuart_rx_space(u), 0);
	assert_int_equal(u->stats.rx_overruns, 4);
	/* line status outranks received data */
	assert_int_equal(rd(u, NS16550_IIR),
			 NS16550_IIR_FIFO_ENABLED | NS16550_IIR_RLSI);
	assert_int_equal(rd(u, NS16550_LSR), NS16550_LSR_DR | NS16550_LSR_OE |
						     NS16550_LSR_THRE |
						     NS16550_LSR_TEMT);
	/* OE is cleared by the LSR read */
	assert_false(rd(u, NS16550_LSR) & NS16550_LSR_OE);
	assert_int_equal(rd(u, NS16550_IIR),
			 NS16550_IIR_FIFO_ENABLED | NS16550_IIR_RDI);
	/* every accepted byte is there, in order */
	for (int i = 0; i < NS16550_FIFO_SIZE; i++)
		assert_int_equal(rd(u, NS16550_RBR), in[i]);
	assert_false(rd(u, NS16550_LSR) & NS16550_LSR_DR);
	assert_false(vuart_irq_level(u));
	/* an empty RBR keeps returning the last byte */
	assert_int_equal(rd(u, NS16550_RBR), in[NS16550_FIFO_SIZE - 1]);
}

static void test_rx_without_fifo(void **state)
{
	struct fixture *f = *state;
	struct vuart *u = &f->u;

	wr(u, NS16550_IER, NS16550_IER_RDI);
	assert_int_equal(vuart_rx_push(u, (const uint8_t *)"ab", 2), 1);
	assert_int_equal(rd(u, NS16550_IIR),
			 NS16550_IIR_RDI); /* no timeout id */
	assert_int_equal(rd(u, NS16550_LSR) & (NS16550_LSR_DR | NS16550_LSR_OE),
			 NS16550_LSR_DR | NS16550_LSR_OE);
	assert_int_equal(rd(u, NS16550_RBR), 'a');
	assert_false(vuart_irq_level(u));
}

static void test_fcr_clears_fifos(void **state)
{
	struct fixture *f = *state;
	struct vuart *u = &f->u;

	linux_set_termios(u, 2);
	wr(u, NS16550_IER, NS16550_IER_RDI);
	assert_int_equal(vuart_rx_push(u, (const uint8_t *)"abc", 3), 3);
	assert_true(vuart_irq_level(u));
	wr(u, NS16550_FCR, NS16550_FCR_ENABLE_FIFO | NS16550_FCR_CLEAR_RCVR);
	assert_false(rd(u, NS16550_LSR) & NS16550_LSR_DR);
	assert_false(vuart_irq_level(u));
	/* trigger level 1 (FCR bits 7:6 = 0): one byte is "data available" */
	assert_int_equal(vuart_rx_push(u, (const uint8_t *)"d", 1), 1);
	assert_int_equal(rd(u, NS16550_IIR),
			 NS16550_IIR_FIFO_ENABLED | NS16550_IIR_RDI);
	/* toggling FIFO enable empties the FIFOs too */
	wr(u, NS16550_FCR, 0);
	assert_false(rd(u, NS16550_LSR) & NS16550_LSR_DR);
	assert_int_equal(rd(u, NS16550_IIR), NS16550_IIR_NO_INT);
}

static void test_loopback(void **state)
{
	struct fixture *f = *state;
	struct vuart *u = &f->u;

	linux_set_termios(u, 2);
	wr(u, NS16550_MCR, NS16550_MCR_LOOP);
	/* leaving the idle line (DCD|DSR|CTS) shows as deltas */
	assert_int_equal(rd(u, NS16550_MSR), NS16550_MSR_DCTS |
						     NS16550_MSR_DDSR |
						     NS16550_MSR_DDCD);
	assert_int_equal(rd(u, NS16550_MSR), 0);

	wr(u, NS16550_IER, NS16550_IER_MSI | NS16550_IER_RDI);
	wr(u, NS16550_MCR,
	   NS16550_MCR_LOOP | NS16550_MCR_DTR | NS16550_MCR_OUT1);
	assert_true(vuart_irq_level(u));
	assert_int_equal(rd(u, NS16550_IIR),
			 NS16550_IIR_FIFO_ENABLED | NS16550_IIR_MSI);
	assert_int_equal(rd(u, NS16550_MSR),
			 NS16550_MSR_DSR | NS16550_MSR_RI | NS16550_MSR_DDSR);
	assert_false(vuart_irq_level(u));
	/* RI falling edge: trailing-edge ring indicator */
	wr(u, NS16550_MCR, NS16550_MCR_LOOP | NS16550_MCR_DTR);
	assert_int_equal(rd(u, NS16550_MSR),
			 NS16550_MSR_DSR | NS16550_MSR_TERI);

	/* transmitted bytes come back as received bytes, none go out */
	wr(u, NS16550_THR, 'Z');
	assert_int_equal(f->s.nout, 0);
	assert_int_equal(rd(u, NS16550_IIR),
			 NS16550_IIR_FIFO_ENABLED | NS16550_IIR_RX_TIMEOUT);
	assert_int_equal(rd(u, NS16550_RBR), 'Z');
	assert_false(vuart_irq_level(u));

	wr(u, NS16550_MCR, 0);
	wr(u, NS16550_THR, 'Y');
	assert_int_equal(f->s.nout, 1);
	assert_int_equal(rd(u, NS16550_MSR) & 0xf0, 0xb0);
}

static void test_read_only_registers(void **state)
{
	struct fixture *f = *state;
	struct vuart *u = &f->u;

	wr(u, NS16550_LSR, 0xff);
	wr(u, NS16550_MSR, 0xff);
	assert_int_equal(rd(u, NS16550_LSR),
			 NS16550_LSR_THRE | NS16550_LSR_TEMT);
	assert_int_equal(rd(u, NS16550_MSR), 0xb0);
	wr(u, NS16550_MCR, 0xff); /* bits 7:5 don't exist on a 16550A */
	assert_int_equal(rd(u, NS16550_MCR), 0x1f);
}

static void test_bad_accesses(void **state)
{
	struct fixture *f = *state;
	struct vuart *u = &f->u;
	uint64_t v = 0x1234;
	static const unsigned widths[] = {0, 2, 3, 4, 8, 16};

	wr(u, NS16550_IER, NS16550_IER_RDI);
	assert_int_equal(vuart_rx_push(u, (const uint8_t *)"k", 1), 1);
	for (size_t i = 0; i < sizeof(widths) / sizeof(widths[0]); i++) {
		for (unsigned off = 0; off < NS16550_MMIO_SIZE; off++) {
			assert_int_equal(vuart_read(u, off, widths[i], &v),
					 VUART_ERR_WIDTH);
			assert_int_equal(vuart_write(u, off, widths[i], 0xff),
					 VUART_ERR_WIDTH);
		}
	}
	assert_int_equal(v, 0x1234);
	assert_int_equal(vuart_read(u, 8, 1, &v), VUART_ERR_OFFSET);
	assert_int_equal(vuart_write(u, 0x100, 1, 1), VUART_ERR_OFFSET);
	assert_int_equal(vuart_read(u, UINT64_MAX, 1, &v), VUART_ERR_OFFSET);
	assert_int_equal(vuart_write(u, UINT64_MAX, 1, 1), VUART_ERR_OFFSET);
	/* nothing happened: the byte is still there, IER unchanged */
	assert_int_equal(v, 0x1234);
	assert_int_equal(rd(u, NS16550_IER), NS16550_IER_RDI);
	assert_int_equal(f->s.nout, 0);
	assert_int_equal(rd(u, NS16550_RBR), 'k');
	/* upper bits of a write value are ignored */
	assert_int_equal(vuart_write(u, NS16550_SCR, 1, 0xabcd42), VUART_OK);
	assert_int_equal(rd(u, NS16550_SCR), 0x42);
}

static void test_reset(void **state)
{
	struct fixture *f = *state;
	struct vuart *u = &f->u;

	linux_set_termios(u, 2);
	wr(u, NS16550_IER, NS16550_IER_RDI);
	wr(u, NS16550_SCR, 0x99);
	assert_int_equal(vuart_rx_push(u, (const uint8_t *)"xyz", 3), 3);
	assert_true(f->s.level);
	vuart_reset(u);
	assert_false(
		f->s.level); /* the line was lowered through the callback */
	assert_false(vuart_irq_level(u));
	assert_int_equal(rd(u, NS16550_SCR), 0);
	assert_int_equal(rd(u, NS16550_IER), 0);
	assert_int_equal(rd(u, NS16550_LSR),
			 NS16550_LSR_THRE | NS16550_LSR_TEMT);
	assert_int_equal(rd(u, NS16550_IIR), NS16550_IIR_NO_INT);
	wr(u, NS16550_THR, 'r'); /* callbacks survive the reset */
	assert_int_equal(f->s.nout, 1);
}

static void test_null_ops(void **state)
{
	struct vuart u;
	uint64_t v;

	(void)state;
	vuart_init(&u, NULL, NULL);
	assert_int_equal(vuart_write(&u, NS16550_IER, 1, 0x0f), VUART_OK);
	assert_int_equal(vuart_write(&u, NS16550_THR, 1, 'a'), VUART_OK);
	assert_true(vuart_irq_level(&u));
	assert_int_equal(vuart_read(&u, NS16550_IIR, 1, &v), VUART_OK);
	assert_int_equal(v, NS16550_IIR_THRI);
	assert_int_equal(u.stats.tx_bytes, 1);
}

/* peek copies the waiting bytes oldest first and takes nothing */
static void test_rx_peek(void **state)
{
	struct fixture *f = *state;
	struct vuart *u = &f->u;
	uint8_t buf[NS16550_FIFO_SIZE];

	wr(u, NS16550_FCR, NS16550_FCR_ENABLE_FIFO);
	assert_int_equal(vuart_rx_push(u, (const uint8_t *)"abc", 3), 3);
	assert_int_equal(rd(u, NS16550_RBR), 'a');
	assert_int_equal(vuart_rx_push(u, (const uint8_t *)"d", 1), 1);
	assert_int_equal(vuart_rx_peek(u, buf, sizeof(buf)), 3);
	assert_memory_equal(buf, "bcd", 3);
	assert_int_equal(vuart_rx_peek(u, buf, 2), 2);
	assert_int_equal(vuart_rx_space(u), NS16550_FIFO_SIZE - 3);
	assert_int_equal(rd(u, NS16550_RBR), 'b');
	wr(u, NS16550_FCR, NS16550_FCR_ENABLE_FIFO | NS16550_FCR_CLEAR_RCVR);
	assert_int_equal(vuart_rx_peek(u, buf, sizeof(buf)), 0);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_power_on_state),
		T(test_linux_autoconfig_probes),
		T(test_linux_startup_sequence),
		T(test_dlab_shadows_thr_and_ier),
		T(test_tx_polled),
		T(test_tx_interrupt_driven),
		T(test_tx_thr_write_clears_thre),
		T(test_tx_backpressure_fifo_full),
		T(test_rx_interrupt_driven),
		T(test_rx_masked_when_rdi_off),
		T(test_rx_overflow),
		T(test_rx_without_fifo),
		T(test_fcr_clears_fifos),
		T(test_loopback),
		T(test_read_only_registers),
		T(test_bad_accesses),
		T(test_reset),
		cmocka_unit_test(test_null_ops),
		T(test_rx_peek),
	};

	return cmocka_run_group_tests_name("dev_vuart", tests, NULL, NULL);
}
