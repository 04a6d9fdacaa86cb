// SPDX-License-Identifier: MIT
#include <stdarg.h>
#include <stdio.h>

#include "console.h"
#include "hw/ns16550.h"
#include "power.h"

static volatile uint8_t *uart;
static char console_last;

void console_init(uint64_t uart_base)
{
	uart = (volatile uint8_t *)(uintptr_t)uart_base;
}

static void uart_tx(char c)
{
	if (!uart)
		return;
	while (!(uart[NS16550_LSR] & NS16550_LSR_THRE))
		;
	uart[NS16550_THR] = (uint8_t)c;
}

/* A bare '\n' becomes "\r\n": QEMU's -nographic terminal is raw. */
void console_putc(char c)
{
	if (c == '\n' && console_last != '\r')
		uart_tx('\r');
	uart_tx(c);
	console_last = c;
}

void console_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		console_putc(s[i]);
}

void console_rx_irq_enable(void)
{
	if (uart)
		uart[NS16550_IER] = NS16550_IER_RDI;
}

int console_getc(void)
{
	if (!uart || !(uart[NS16550_LSR] & NS16550_LSR_DR))
		return -1;
	return uart[NS16550_RBR];
}

static void console_vprintf(const char *fmt, va_list ap)
{
	char buf[512];
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);

	if (n < 0)
		return;
	if ((size_t)n >= sizeof(buf))
		n = sizeof(buf) - 1;
	console_write(buf, (size_t)n);
}

/* a hypervisor message never continues a guest's unfinished line */
void console_line_start(void)
{
	if (console_last && console_last != '\n')
		console_putc('\n');
}

void hyp_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	console_vprintf(fmt, ap);
	va_end(ap);
}

void hyp_panic(const char *fmt, ...)
{
	va_list ap;

	hyp_printf("rvh: PANIC: ");
	va_start(ap, fmt);
	console_vprintf(fmt, ap);
	va_end(ap);
	hyp_printf("\n");
	power_off(POWER_HYP_ERROR);
}
