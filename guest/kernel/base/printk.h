/* SPDX-License-Identifier: MIT */
/* Kernel messages. printk writes to whatever console output a driver
 * registered (printk_set_output); what is printed before that is kept in
 * a small buffer and written out at registration. */
#ifndef GK_PRINTK_H
#define GK_PRINTK_H

#include <stdarg.h>

/* Writes len bytes, "\n" as the device needs it; callable from any
 * context, including interrupt handlers and panic. */
typedef void (*printk_output_fn)(const char *s, unsigned long len);

void printk_set_output(printk_output_fn out);
void kputs(const char *s);
int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int kvprintf(const char *fmt, va_list ap);
_Noreturn void panic(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

#define BUG_ON(cond)                                                          \
	do {                                                                  \
		if (cond)                                                     \
			panic("BUG: %s at %s:%d", #cond, __FILE__, __LINE__); \
	} while (0)

#endif
