/* SPDX-License-Identifier: MIT */
/* Parsers of untrusted input (bundle, guest image) report one message into
 * a caller's buffer and fail: ctx must have `char *err; size_t errlen`. */
#ifndef PARSE_ERR_H
#define PARSE_ERR_H

#include <stdio.h>

#define fail(ctx, ...)                                                    \
	do {                                                              \
		if ((ctx)->err && (ctx)->errlen)                          \
			snprintf((ctx)->err, (ctx)->errlen, __VA_ARGS__); \
		return -1;                                                \
	} while (0)

#endif
