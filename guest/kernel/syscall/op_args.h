/* SPDX-License-Identifier: MIT */
/* A spawn request's argument block, as both front ends copy it in:
 * "path\0argv0\0argv1\0...\0" (argv0 missing: argv = {path}). */
#ifndef GK_OP_ARGS_H
#define GK_OP_ARGS_H

#include <stdint.h>

/* Splits b[0..len) into *path and argv (at most max entries, pointing into
 * b); returns argc >= 1, -ENOENT for no path, -EINVAL for a string that
 * does not end inside b, -E2BIG for more than max arguments. */
int op_args_split(const char *b, uint32_t len, const char **path,
		  const char **argv, int max);

#endif
