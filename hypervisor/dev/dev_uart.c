// SPDX-License-Identifier: MIT
/* "ns16550a": a guest's emulated UART, one frontend of its console line:
 * output to the host console, input from the line, interrupt through the
 * guest's interrupt controller. */
#include <libfdt.h>
#include <stdio.h>

#include "guest.h"
#include "guest_console.h"
#include "vdev.h"
#include "vuart.h"

#define DEV_UART_BASE 0x10000000ULL
#define DEV_UART_SIZE 0x100
#define DEV_UART_IRQ 10

struct dev_uart {
	struct vuart uart;
	struct vdev *dev;
};

static bool uart_tx(void *ctx, uint8_t byte)
{
	struct dev_uart *u = ctx;

	guest_console_write(u->dev->g, (const char *)&byte, 1);
	return true;
}

static void uart_irq(void *ctx, bool level)
{
	struct dev_uart *u = ctx;

	vdev_irq_set(u->dev, level);
}

static const struct vuart_ops uart_ops = {.tx = uart_tx, .irq = uart_irq};

/* move line input into the receive FIFO as it has room; d->lock held */
static void uart_feed(struct dev_uart *u)
{
	uint8_t buf[NS16550_FIFO_SIZE];
	size_t n = vuart_rx_space(&u->uart);

	n = guest_console_read(u->dev->g, buf,
			       n < sizeof(buf) ? n : sizeof(buf));
	if (n)
		vuart_rx_push(&u->uart, buf, n);
}

static void uart_input(void *ctx)
{
	struct dev_uart *u = ctx;

	spin_lock(&u->dev->lock);
	uart_feed(u);
	spin_unlock(&u->dev->lock);
}

static const struct guest_console_frontend uart_frontend = {
	.name = "ns16550a",
	.input = uart_input,
};

/* Input typed before the guest set its UART up waits in the line; once the
 * guest touches the UART it takes the input (and raises the interrupt the
 * guest is waiting for). */
static void uart_used(struct dev_uart *u)
{
	struct guest *g = u->dev->g;

	if (g->console.fe != &uart_frontend)
		guest_console_attach(g, &uart_frontend, u);
	uart_feed(u);
}

static int uart_read(struct mmio_region *r, struct vcpu *v, uint64_t off,
		     unsigned int width, uint64_t *val)
{
	struct dev_uart *u = ((struct vdev *)r->dev)->priv;
	int err = vuart_read(&u->uart, off, width, val);

	(void)v;
	uart_used(u);
	return err ? -1 : 0;
}

static int uart_write(struct mmio_region *r, struct vcpu *v, uint64_t off,
		      unsigned int width, uint64_t val)
{
	struct dev_uart *u = ((struct vdev *)r->dev)->priv;
	uint8_t unread[NS16550_FIFO_SIZE], first;
	size_t n = 0;
	int err;

	(void)v;
	/* A guest resetting its receive FIFO (during set-up, or when it
	 * changes line settings) means to drop line noise, not what the user
	 * typed ahead or piped in: on a virtual line that input is still
	 * ours, and it goes back to the line. */
	if (off == NS16550_FCR)
		n = vuart_rx_peek(&u->uart, unread, sizeof(unread));
	err = vuart_write(&u->uart, off, width, val);
	if (n && !vuart_rx_peek(&u->uart, &first, 1)) /* it emptied the FIFO */
		guest_console_unread(u->dev->g, unread, n);
	uart_used(u);
	return err ? -1 : 0;
}

static const struct mmio_ops uart_mmio = {.read = uart_read,
					  .write = uart_write};

static int uart_create(struct vdev *d, const struct vdev_config *cfg)
{
	struct dev_uart *u = d->priv;

	(void)cfg;
	u->dev = d;
	vuart_init(&u->uart, &uart_ops, u);
	return vdev_place(d, DEV_UART_BASE, DEV_UART_SIZE, DEV_UART_IRQ);
}

static void uart_reset(struct vdev *d)
{
	struct dev_uart *u = d->priv;

	vuart_reset(&u->uart);
}

static int uart_fdt(void *fdt, const struct vdev *d)
{
	fdt64_t reg[2] = {cpu_to_fdt64(d->base), cpu_to_fdt64(d->size)};
	char name[32];
	int err;

	snprintf(name, sizeof(name), "serial@%llx",
		 (unsigned long long)d->base);
	if ((err = fdt_begin_node(fdt, name)) ||
	    (err = fdt_property_string(fdt, "compatible", "ns16550a")) ||
	    (err = fdt_property(fdt, "reg", reg, sizeof(reg))) ||
	    (err = fdt_property_u32(fdt, "clock-frequency",
				    NS16550_CLOCK_HZ)) ||
	    (err = fdt_property_u32(fdt, "interrupts", d->irq)) ||
	    (err = fdt_property_u32(fdt, "interrupt-parent",
				    GUEST_PHANDLE_PLIC)))
		return err;
	return fdt_end_node(fdt);
}

const struct vdev_type dev_uart_type = {
	.compatible = "ns16550a",
	.priv_size = sizeof(struct dev_uart),
	.create = uart_create,
	.mmio = &uart_mmio,
	.reset = uart_reset,
	.fdt = uart_fdt,
};
