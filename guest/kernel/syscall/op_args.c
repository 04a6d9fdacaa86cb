/* SPDX-License-Identifier: MIT */
#include "syscall/op_args.h"

#include <string.h>

#include "base/errno.h"

int op_args_split(const char *b, uint32_t len, const char **path,
		  const char **argv, int max)
{
	const char *c = b, *end = b + len;
	int n = -1; /* the path first */

	while (c < end && *c) {
		const char *z = memchr(c, 0, (size_t)(end - c));
		if (!z)
			return -EINVAL;
		if (n < 0)
			*path = c;
		else if (n == max)
			return -E2BIG;
		else
			argv[n] = c;
		n++;
		c = z + 1;
	}
	if (n < 0)
		return -ENOENT;
	if (n == 0) {
		argv[0] = *path;
		n = 1;
	}
	return n;
}
