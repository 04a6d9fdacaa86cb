/* SPDX-License-Identifier: MIT */
#include "mm/uio.h"

#include <string.h>

#include "base/errno.h"
#include "mm/vm.h"

void *uio_map_slow(const struct uio *u, uint64_t off, uint64_t max, uint64_t *n)
{
	*n = 0;
	if (off >= u->len)
		return 0;
	uint64_t left = u->len - off;
	if (left > max)
		left = max;
	if (u->vm) {
		uint64_t va = u->addr + off;
		uint64_t in_page = 4096 - (va & 4095);
		*n = left < in_page ? left : in_page;
		return vm_user_ptr(u->vm, va, *n, u->write);
	}
	for (uint32_t i = 0; i < u->nseg; i++) {
		if (off < u->segs[i].len) {
			uint64_t k = u->segs[i].len - off;
			*n = k < left ? k : left;
			return (uint8_t *)u->segs[i].ptr + off;
		}
		off -= u->segs[i].len;
	}
	return 0;
}

static int uio_copy(const struct uio *u, uint64_t off, void *k, uint64_t n,
		    int to)
{
	uint64_t done = 0;

	while (done < n) {
		uint64_t c;
		uint8_t *p = uio_map(u, off + done, n - done, &c);
		if (!p)
			return -EFAULT;
		if (to)
			memcpy(p, (const uint8_t *)k + done, c);
		else
			memcpy((uint8_t *)k + done, p, c);
		done += c;
	}
	return 0;
}

int uio_copy_to(const struct uio *u, uint64_t off, const void *src, uint64_t n)
{
	return uio_copy(u, off, (void *)(uintptr_t)src, n, 1);
}

int uio_copy_from(const struct uio *u, uint64_t off, void *dst, uint64_t n)
{
	return uio_copy(u, off, dst, n, 0);
}

long uio_string(const struct uio *u, char *dst, uint64_t size)
{
	uint64_t off = 0;

	while (off < size) {
		uint64_t c;
		const char *p = uio_map(u, off, size - off, &c);
		if (!p)
			return c ? -EFAULT : -EINVAL; /* unmapped; no NUL */
		const char *z = memchr(p, 0, c);
		if (z) {
			memcpy(dst + off, p, (uint64_t)(z - p) + 1);
			return (long)(off + (uint64_t)(z - p));
		}
		memcpy(dst + off, p, c);
		off += c;
	}
	return -ENAMETOOLONG;
}
