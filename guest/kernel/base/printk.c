/* SPDX-License-Identifier: MIT */
/* Kernel messages: formatted into a line buffer, then written through the
 * registered console output in one call (the output keeps lines whole). */
#include "base/printk.h"

#include "arch/power.h"
#include "arch/spinlock.h"
#include "fmt.h"

#define PRINTK_EARLY 1024

static printk_output_fn printk_out;
static struct spinlock printk_early_lock;
static char printk_early[PRINTK_EARLY];
static unsigned long printk_early_len;

static void printk_write(const char *s, unsigned long len)
{
	printk_output_fn out = __atomic_load_n(&printk_out, __ATOMIC_ACQUIRE);

	if (out) {
		out(s, len);
		return;
	}
	/* no output yet: keep what fits, for the first one */
	unsigned long f = spin_lock_irqsave(&printk_early_lock);
	for (unsigned long i = 0; i < len && printk_early_len < PRINTK_EARLY;
	     i++)
		printk_early[printk_early_len++] = s[i];
	spin_unlock_irqrestore(&printk_early_lock, f);
}

void printk_set_output(printk_output_fn out)
{
	unsigned long f = spin_lock_irqsave(&printk_early_lock);
	unsigned long n = printk_early_len;

	printk_early_len = 0;
	spin_unlock_irqrestore(&printk_early_lock, f);
	if (n && out)
		out(printk_early, n);
	__atomic_store_n(&printk_out, out, __ATOMIC_RELEASE);
}

void kputs(const char *s)
{
	const char *e = s;

	while (*e)
		e++;
	printk_write(s, (unsigned long)(e - s));
}

int kvprintf(const char *fmt, va_list ap)
{
	char buf[256];
	int n = fmt_vsnprintf(buf, sizeof(buf), fmt, ap);
	unsigned long len =
		n < (int)sizeof(buf) ? (unsigned long)n : sizeof(buf) - 1;
	printk_write(buf, len); /* one write per call: lines stay whole */
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
