/* SPDX-License-Identifier: MIT */
/* Parsers of untrusted input (bundle, guest image) report one message into
 * a caller's buffer and fail: ctx must have `char *err; size_t errlen`.
 * Use as `return fail(ctx, "...", ...);` (the value is always -1). */
#ifndef PARSE_ERR_H
#define PARSE_ERR_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

__attribute__((format(printf, 3, 4))) static inline void
parse_report(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
}

#define fail(ctx, ...) \
	(parse_report((ctx)->err, (ctx)->errlen, __VA_ARGS__), -1)

#endif
