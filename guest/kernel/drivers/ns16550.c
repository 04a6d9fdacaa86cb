/* SPDX-License-Identifier: MIT */
#include "drivers/ns16550.h"

#include "drivers/chardev.h"
#include "drivers/plic.h"
#include "hw/ns16550.h"
#include "mm/vm.h"

static struct {
	struct chardev cd;
	struct spinlock out_lock;
	uint64_t base;
	int irq;
} uart;

static inline volatile uint8_t *uart_reg(unsigned r)
{
	return (volatile uint8_t *)(uintptr_t)(uart.base + r);
}

static void uart_putc(char c)
{
	while (!(*uart_reg(NS16550_LSR) & NS16550_LSR_THRE))
		;
	*uart_reg(NS16550_THR) = (uint8_t)c;
}

static void uart_put(struct chardev *cd, const char *s, unsigned long len)
{
	(void)cd;
	unsigned long f = spin_lock_irqsave(&uart.out_lock);

	for (unsigned long i = 0; i < len; i++) {
		if (s[i] == '\n')
			uart_putc('\r');
		uart_putc(s[i]);
	}
	spin_unlock_irqrestore(&uart.out_lock, f);
}

/* Output is polled: a write finishes before it returns. */
static int uart_write(struct chardev *cd, struct dev_req *req)
{
	uart_put(cd, req->buf, req->len);
	req->result = req->len;
	req->done = 1;
	return 1;
}

static void uart_pull(struct chardev *cd)
{
	char b[NS16550_FIFO_SIZE];
	unsigned n = 0;

	while (*uart_reg(NS16550_LSR) & NS16550_LSR_DR) {
		b[n++] = (char)*uart_reg(NS16550_RBR);
		if (n == sizeof(b)) {
			chardev_input(cd, b, n);
			n = 0;
		}
	}
	if (n)
		chardev_input(cd, b, n);
}

static void uart_irq(void *arg)
{
	uart_pull(arg);
}

static const struct chardev_ops uart_ops = {
	.write = uart_write,
	.put = uart_put,
	.poll_input = uart_pull,
};

static const struct chardev_ops uart_irq_ops = {
	.write = uart_write,
	.put = uart_put,
};

struct chardev *ns16550_probe(uint64_t base, uint64_t size, uint32_t irq)
{
	if (!base)
		return 0;
	vm_map_device(base, size ? size : 4096);
	uart.base = base;
	*uart_reg(NS16550_IER) = 0;
	*uart_reg(NS16550_FCR) = NS16550_FCR_ENABLE_FIFO; /* keep early input */
	*uart_reg(NS16550_LCR) = NS16550_LCR_WLEN8;
	*uart_reg(NS16550_MCR) = NS16550_MCR_OUT2;
	uart.cd.name = "ttyS0";
	uart.cd.ops = &uart_ops;
	if (irq && !plic_enable(irq, 0, uart_irq, &uart.cd)) {
		uart.irq = 1;
		uart.cd.ops = &uart_irq_ops;
		*uart_reg(NS16550_IER) = NS16550_IER_RDI;
	}
	chardev_register(&uart.cd);
	return &uart.cd;
}

const char *ns16550_mode(void)
{
	return uart.irq ? "ns16550a (irq)" : "ns16550a (polled)";
}
