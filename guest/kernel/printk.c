/* SPDX-License-Identifier: MIT */
/* Kernel console output: formatted into a line buffer, then written through
 * the active console backend (SBI legacy putchar until a UART is set up). */
#include "printk.h"

#include "console.h"
#include "fmt.h"
#include "power.h"

void kputc(char c)
{
	console_put(&c, 1);
}

void kputs(const char *s)
{
	const char *e = s;

	while (*e)
		e++;
	console_put(s, (unsigned long)(e - s));
}

int kvprintf(const char *fmt, va_list ap)
{
	char buf[256];
	int n = fmt_vsnprintf(buf, sizeof(buf), fmt, ap);
	unsigned long len =
		n < (int)sizeof(buf) ? (unsigned long)n : sizeof(buf) - 1;
	console_put(buf, len); /* one locked write per call: lines stay whole */
	return n;
}

int kprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = kvprintf(fmt, ap);
	va_end(ap);
	return n;
}

_Noreturn void panic(const char *fmt, ...)
{
	va_list ap;

	kputs("\nPANIC: ");
	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
	kputs("\n");
	power_off(1);
}
