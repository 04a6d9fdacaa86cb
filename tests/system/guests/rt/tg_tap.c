/* SPDX-License-Identifier: MIT */
/* TAP producer: "1..N", "ok N - desc", "not ok N - desc # got X expected Y".
 * The system-test scripts renumber these lines into their own plan. */
#include <stdarg.h>
#include <stdio.h>
#include "tg.h"

static unsigned int tg_planned, tg_run, tg_failed;

void tg_plan(unsigned int n)
{
	tg_planned = n;
	tg_printf("1..%u\n", n);
}

/* prints one result line; extra (may be NULL) follows the description */
static bool tg_result(bool cond, const char *extra, const char *fmt, va_list ap)
{
	char desc[160];

	vsnprintf(desc, sizeof(desc), fmt, ap);
	tg_run++;
	if (!cond)
		tg_failed++;
	tg_printf("%sok %u - %s%s%s\n", cond ? "" : "not ", tg_run, desc,
		  (!cond && extra) ? " # " : "", (!cond && extra) ? extra : "");
	return cond;
}

bool tg_ok(bool cond, const char *fmt, ...)
{
	va_list ap;
	bool r;

	va_start(ap, fmt);
	r = tg_result(cond, NULL, fmt, ap);
	va_end(ap);
	return r;
}

bool tg_eqx(unsigned long got, unsigned long exp, const char *fmt, ...)
{
	char extra[80];
	va_list ap;
	bool r;

	snprintf(extra, sizeof(extra), "got %#lx expected %#lx", got, exp);
	va_start(ap, fmt);
	r = tg_result(got == exp, extra, fmt, ap);
	va_end(ap);
	return r;
}

bool tg_eqi(long got, long exp, const char *fmt, ...)
{
	char extra[80];
	va_list ap;
	bool r;

	snprintf(extra, sizeof(extra), "got %ld expected %ld", got, exp);
	va_start(ap, fmt);
	r = tg_result(got == exp, extra, fmt, ap);
	va_end(ap);
	return r;
}

void tg_diag(const char *fmt, ...)
{
	va_list ap;

	tg_puts("# ");
	va_start(ap, fmt);
	tg_vprintf(fmt, ap);
	va_end(ap);
	tg_putc('\n');
}

bool tg_all_passed(void)
{
	return tg_failed == 0 && tg_run == tg_planned;
}

void tg_done(void)
{
	if (tg_run != tg_planned)
		tg_diag("planned %u tests but ran %u", tg_planned, tg_run);
	tg_diag("%s: %u of %u passed", tg_name, tg_run - tg_failed, tg_run);
	tg_shutdown(tg_all_passed() ? SBI_SRST_REASON_NONE
				    : SBI_SRST_REASON_SYSFAIL);
}

void tg_shutdown(uint32_t reason)
{
	struct sbiret r;

	tg_printf("tg: %s shutdown reason %u\n", tg_name, reason);
	r = sbi_system_reset(SBI_SRST_TYPE_SHUTDOWN, reason);
	/* Only reached if SRST failed: say so (the scripts fail on a
	 * "Bail out!"), then try the legacy call so the run still ends. */
	tg_printf("Bail out! SRST shutdown returned error %ld\n", r.error);
	sbi_ecall(SBI_EXT_0_1_SHUTDOWN, 0, 0, 0, 0, 0, 0, 0);
	for (;;)
		__asm__ volatile("wfi");
}

void tg_bail(const char *fmt, ...)
{
	va_list ap;

	tg_puts("Bail out! ");
	va_start(ap, fmt);
	tg_vprintf(fmt, ap);
	va_end(ap);
	tg_putc('\n');
	tg_shutdown(SBI_SRST_REASON_SYSFAIL);
}

/* libfdt is built with the stack protector */
void __stack_chk_fail(void)
{
	tg_bail("stack check failed");
}
