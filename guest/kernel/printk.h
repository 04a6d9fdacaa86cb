/* SPDX-License-Identifier: MIT */
#ifndef GK_PRINTK_H
#define GK_PRINTK_H

#include <stdarg.h>

void kputc(char c);
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
