/* SPDX-License-Identifier: MIT */
/* Console for SMP and multi-guest test guests, in place of
 * rt/tg_console.c: output is collected per hart and each line leaves in one
 * DBCN write. With several guests the hypervisor prefixes every line with
 * the guest's name; character-at-a-time output of two guests (or two vCPUs)
 * would be cut into pieces and the scripts could no longer read the TAP
 * lines. Falls back to the legacy putchar where DBCN is missing
 * (TSYS_DIRECT on OpenSBI 1.1). */
#include <stdarg.h>
#include <stdio.h>
#include "smp_rt.h"

#define SMP_LINE_MAX 240

static char smp_line[SMP_MAX_CPUS][SMP_LINE_MAX];
static unsigned int smp_len[SMP_MAX_CPUS];
static volatile int smp_dbcn = -1; /* unknown, 0 no, 1 yes */

static void smp_emit(const char *s, unsigned int n)
{
	if (smp_dbcn < 0)
		smp_dbcn = sbi_probe_extension(SBI_EXT_DBCN).value > 0;
	/* buffers are in RAM mapped 1:1 (bare or identity Sv39); a call may
	 * write part of the line (the spec allows it) */
	while (smp_dbcn && n) {
		struct sbiret r = sbi_dbcn_write(n, (uintptr_t)s, 0);

		if (r.error || r.value <= 0 || (unsigned long)r.value > n)
			break;
		s += r.value;
		n -= (unsigned int)r.value;
	}
	while (n--)
		sbi_legacy_putchar((unsigned char)*s++);
}

void tg_putc(char c)
{
	unsigned long id = smp_self();

	if (id >= SMP_MAX_CPUS)
		id = 0;
	smp_line[id][smp_len[id]++] = c;
	if (c == '\n' || smp_len[id] == SMP_LINE_MAX) {
		smp_emit(smp_line[id], smp_len[id]);
		smp_len[id] = 0;
	}
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
