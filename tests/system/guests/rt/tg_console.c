/* SPDX-License-Identifier: MIT */
/* Console output through the legacy SBI putchar: the one console call that
 * both our hypervisor and OpenSBI 1.1 (no DBCN) implement. */
#include <stdarg.h>
#include <stdio.h>
#include "tg.h"

void tg_putc(char c)
{
	sbi_legacy_putchar((unsigned char)c);
}

void tg_puts(const char *s)
{
	while (*s)
		tg_putc(*s++);
}

void tg_vprintf(const char *fmt, va_list ap)
{
	char buf[256];

	vsnprintf(buf, sizeof(buf), fmt, ap);
	tg_puts(buf);
}

void tg_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tg_vprintf(fmt, ap);
	va_end(ap);
}
