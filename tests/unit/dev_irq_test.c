// SPDX-License-Identifier: MIT
/* The UART's interrupt line wired to source 10 of the virtual PLIC, as the
 * hypervisor wires them, with a miniature of Linux's PLIC + 8250 interrupt
 * handlers running on "vCPU 1": interrupt-driven TX and RX end to end. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "vplic.h"
#include "vuart.h"

#define UART_IRQ 10
#define NCPU 2

struct board {
	struct vplic plic;
	struct vuart uart;
	bool vseip[NCPU];
	uint8_t host_out[256];
	size_t nhost_out;
	/* guest side */
	const char *tx_buf;
	size_t tx_len, tx_pos;
	uint8_t rx_buf[256];
	size_t nrx;
	int irqs_taken;
};

static bool board_tx(void *ctx, uint8_t byte)
{
	struct board *b = ctx;

	assert_true(b->nhost_out < sizeof(b->host_out));
	b->host_out[b->nhost_out++] = byte;
	return true;
}

static void board_uart_irq(void *ctx, bool level)
{
	struct board *b = ctx;

	assert_int_equal(vplic_set_level(&b->plic, UART_IRQ, level), VPLIC_OK);
}

static void board_notify(void *ctx, unsigned context, bool level)
{
	struct board *b = ctx;

	assert_true(context < NCPU);
	b->vseip[context] = level;
}

static const struct vuart_ops uart_ops = {.tx = board_tx,
					  .irq = board_uart_irq};
static const struct vplic_ops plic_ops = {.notify = board_notify};

static uint8_t urd(struct board *b, unsigned off)
{
	uint64_t v;

	assert_int_equal(vuart_read(&b->uart, off, 1, &v), VUART_OK);
	return (uint8_t)v;
}

static void uwr(struct board *b, unsigned off, uint8_t v)
{
	assert_int_equal(vuart_write(&b->uart, off, 1, v), VUART_OK);
}

static uint32_t prd(struct board *b, uint64_t off)
{
	uint64_t v;

	assert_int_equal(vplic_read(&b->plic, off, 4, &v), VPLIC_OK);
	return (uint32_t)v;
}

static void pwr(struct board *b, uint64_t off, uint32_t v)
{
	assert_int_equal(vplic_write(&b->plic, off, 4, v), VPLIC_OK);
}

static uint64_t claim_reg(unsigned cpu)
{
	return PLIC_CONTEXT_BASE + PLIC_CONTEXT_STRIDE * cpu +
	       PLIC_CONTEXT_CLAIM;
}

/* serial8250_handle_irq, reduced to what a 16550A needs */
static void guest_8250_irq(struct board *b)
{
	uint8_t iir = urd(b, NS16550_IIR), lsr, ier;

	assert_false(iir & NS16550_IIR_NO_INT);
	lsr = urd(b, NS16550_LSR);
	while (lsr & NS16550_LSR_DR) {
		assert_true(b->nrx < sizeof(b->rx_buf));
		b->rx_buf[b->nrx++] = urd(b, NS16550_RBR);
		lsr = urd(b, NS16550_LSR);
	}
	ier = urd(b, NS16550_IER);
	if ((lsr & NS16550_LSR_THRE) && (ier & NS16550_IER_THRI)) {
		for (int n = 0; n < 16 && b->tx_pos < b->tx_len; n++)
			uwr(b, NS16550_THR, (uint8_t)b->tx_buf[b->tx_pos++]);
		if (b->tx_pos == b->tx_len) /* __stop_tx */
			uwr(b, NS16550_IER, ier & ~NS16550_IER_THRI);
	}
}

/* plic_handle_irq on vCPU `cpu` while VSEIP is set */
static void guest_run_irqs(struct board *b, unsigned cpu)
{
	int guard = 0;

	while (b->vseip[cpu]) {
		uint32_t id = prd(b, claim_reg(cpu));

		assert_true(++guard < 100);
		if (!id)
			continue;
		assert_int_equal(id, UART_IRQ);
		b->irqs_taken++;
		guest_8250_irq(b);
		pwr(b, claim_reg(cpu), id);
	}
}

static int setup(void **state)
{
	struct board *b = calloc(1, sizeof(*b));

	assert_non_null(b);
	assert_int_equal(vplic_init(&b->plic, 95, NCPU, &plic_ops, b),
			 VPLIC_OK);
	vuart_init(&b->uart, &uart_ops, b);
	/* PLIC: UART to vCPU 1, priority 1, thresholds 0 */
	pwr(b, PLIC_PRIORITY_BASE + 4 * UART_IRQ, 1);
	pwr(b, PLIC_ENABLE_BASE + PLIC_ENABLE_STRIDE * 1, 1u << UART_IRQ);
	/* UART: 8N1, FIFOs with trigger 8, OUT2, RX interrupts */
	uwr(b, NS16550_LCR, 0x83);
	uwr(b, NS16550_DLL, 2);
	uwr(b, NS16550_DLM, 0);
	uwr(b, NS16550_LCR, 0x03);
	uwr(b, NS16550_FCR, 0x81);
	uwr(b, NS16550_MCR, 0x0b);
	uwr(b, NS16550_IER, NS16550_IER_RLSI | NS16550_IER_RDI);
	*state = b;
	return 0;
}

static int teardown(void **state)
{
	free(*state);
	return 0;
}

static void test_tx_through_plic(void **state)
{
	struct board *b = *state;
	static const char msg[] =
		"Linux version 6.12 (debian-kernel@lists.debian.org)\n";

	assert_false(b->vseip[0] || b->vseip[1]);
	b->tx_buf = msg;
	b->tx_len = sizeof(msg) - 1;
	uwr(b, NS16550_IER,
	    urd(b, NS16550_IER) | NS16550_IER_THRI); /* start_tx */
	assert_true(b->vseip[1]);
	assert_false(b->vseip[0]);
	guest_run_irqs(b, 1);
	assert_int_equal(b->nhost_out, b->tx_len);
	assert_memory_equal(b->host_out, msg, b->tx_len);
	/* ceil(53 / 16) = 4 THRE interrupts */
	assert_int_equal(b->irqs_taken, (int)((b->tx_len + 15) / 16));
	assert_false(b->vseip[1]);
	assert_false(vuart_irq_level(&b->uart));
	assert_int_equal(prd(b, PLIC_PENDING_BASE), 0);
}

static void test_rx_through_plic(void **state)
{
	struct board *b = *state;
	static const char in[] = "echo hi\n";

	assert_int_equal(vuart_rx_push(&b->uart, (const uint8_t *)in, 4), 4);
	assert_true(b->vseip[1]);
	guest_run_irqs(b, 1);
	assert_int_equal(vuart_rx_push(&b->uart, (const uint8_t *)in + 4, 4),
			 4);
	guest_run_irqs(b, 1);
	assert_int_equal(b->nrx, 8);
	assert_memory_equal(b->rx_buf, in, 8);
	assert_int_equal(b->irqs_taken, 2);
	assert_false(b->vseip[1]);
	assert_int_equal(prd(b, PLIC_PENDING_BASE), 0);
}

/* Data arriving while the claim is in service re-arms at completion */
static void test_rx_during_service(void **state)
{
	struct board *b = *state;
	uint32_t id;

	assert_int_equal(vuart_rx_push(&b->uart, (const uint8_t *)"a", 1), 1);
	id = prd(b, claim_reg(1));
	assert_int_equal(id, UART_IRQ);
	assert_false(b->vseip[1]);
	assert_int_equal(urd(b, NS16550_RBR), 'a');
	assert_int_equal(vuart_rx_push(&b->uart, (const uint8_t *)"b", 1), 1);
	assert_false(b->vseip[1]); /* still in service */
	pwr(b, claim_reg(1), id);
	assert_true(b->vseip[1]); /* line high at completion: pending again */
	guest_run_irqs(b, 1);
	assert_int_equal(b->nrx, 1);
	assert_int_equal(b->rx_buf[0], 'b');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_tx_through_plic, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_rx_through_plic, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_rx_during_service, setup,
						teardown),
	};

	return cmocka_run_group_tests_name("dev_irq", tests, NULL, NULL);
}
