// SPDX-License-Identifier: MIT
/* A guest's emulated ns16550a: output to the host console, input from the
 * guest's share of host console input, interrupt through its virtual PLIC. */
#include <libfdt.h>
#include <stdio.h>

#include "guest.h"
#include "guest_console.h"

static bool uart_tx(void *ctx, uint8_t byte)
{
	guest_console_write(ctx, (const char *)&byte, 1);
	return true;
}

static void uart_irq(void *ctx, bool level)
{
	struct guest *g = ctx;

	vplic_set_level(&g->plic, GUEST_UART_IRQ, level);
}

static const struct vuart_ops uart_ops = {.tx = uart_tx, .irq = uart_irq};

/* move buffered host input into the UART's receive FIFO as it has room */
void dev_uart_feed(struct guest *g)
{
	if (!g->uart_in_use || !(g->cfg->devices & GUEST_DEV_UART))
		return; /* an SBI-console guest reads g->input itself */
	while (g->input_count && vuart_rx_space(&g->uart)) {
		uint8_t c = g->input[g->input_head];

		vuart_rx_push(&g->uart, &c, 1);
		g->input_head = (g->input_head + 1) % GUEST_INPUT_SIZE;
		g->input_count--;
	}
}

static int uart_read(struct mmio_region *r, struct vcpu *v, uint64_t off,
		     unsigned int width, uint64_t *val)
{
	int err = vuart_read(r->dev, off, width, val);

	v->vm->uart_in_use = true;
	dev_uart_feed(v->vm);
	return err ? -1 : 0;
}

/* Host input the guest never read goes back to the front of g->input. */
static void uart_requeue(struct guest *g, const uint8_t *b, size_t n)
{
	while (n && g->input_count < GUEST_INPUT_SIZE) {
		g->input_head = (g->input_head + GUEST_INPUT_SIZE - 1) %
				GUEST_INPUT_SIZE;
		g->input[g->input_head] = b[--n];
		g->input_count++;
	}
}

static int uart_write(struct mmio_region *r, struct vcpu *v, uint64_t off,
		      unsigned int width, uint64_t val)
{
	uint8_t unread[VUART_FIFO_SIZE];
	size_t n = 0;

	/* A guest resetting its receive FIFO (during set-up, or when it
	 * changes line settings) means to drop line noise, not what the user
	 * typed ahead or piped in: on a virtual line that input is still in
	 * our buffer, and it stays there. */
	if (off == VUART_FCR)
		n = vuart_rx_peek(r->dev, unread, sizeof(unread));
	int err = vuart_write(r->dev, off, width, val);
	uint8_t first;
	if (n && !vuart_rx_peek(r->dev, &first, 1)) /* it emptied the FIFO */
		uart_requeue(v->vm, unread, n);

	/* input typed before the guest set its UART up waits in g->input;
	 * once the guest touches the UART it must reach the FIFO (and raise
	 * the interrupt the guest is waiting for) */
	v->vm->uart_in_use = true;
	dev_uart_feed(v->vm);
	return err ? -1 : 0;
}

static const struct mmio_ops uart_mmio = {.read = uart_read,
					  .write = uart_write};

int dev_uart_create(struct guest *g)
{
	vuart_init(&g->uart, &uart_ops, g);
	return mmio_add(g, GUEST_UART_BASE, GUEST_UART_SIZE, &uart_mmio,
			&g->uart);
}

int dev_uart_fdt(void *fdt, const struct guest *g)
{
	fdt64_t reg[2] = {cpu_to_fdt64(GUEST_UART_BASE),
			  cpu_to_fdt64(GUEST_UART_SIZE)};
	int err;

	(void)g;
	if ((err = fdt_begin_node(fdt, GUEST_UART_NODE + 1)) ||
	    (err = fdt_property_string(fdt, "compatible", "ns16550a")) ||
	    (err = fdt_property(fdt, "reg", reg, sizeof(reg))) ||
	    (err = fdt_property_u32(fdt, "clock-frequency", 3686400)) ||
	    (err = fdt_property_u32(fdt, "interrupts", GUEST_UART_IRQ)) ||
	    (err = fdt_property_u32(fdt, "interrupt-parent",
				    GUEST_PHANDLE_PLIC)))
		return err;
	return fdt_end_node(fdt);
}
