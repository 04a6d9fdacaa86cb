/* SPDX-License-Identifier: MIT */
/* Small printf-style formatter shared by the guest kernel and user library:
 * integers, strings, chars, pointers; no floating point (the kernel runs
 * with sstatus.FS off). */
#ifndef GUEST_FMT_H
#define GUEST_FMT_H

#include <stdarg.h>
#include <stddef.h>

typedef void (*fmt_out_fn)(void *ctx, char c);

/* Formats into out(); returns the number of characters produced. */
int fmt_vformat(fmt_out_fn out, void *ctx, const char *fmt, va_list ap);

/* snprintf semantics: always NUL-terminates when size > 0, returns the
 * length the full output would have had. */
int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
