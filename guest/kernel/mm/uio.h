/* SPDX-License-Identifier: MIT */
/* The data buffer of a system call, as its front end decoded it: a user
 * range of the caller's address space (trap path, checked page by page
 * when used) or a list of kernel pointers the ring already translated
 * (ring path). Operations see one type and never ask which path. */
#ifndef GK_UIO_H
#define GK_UIO_H

#include <stdbool.h>
#include <stdint.h>

#include "pvring.h"

struct vmspace;

struct uio {
	const struct vmspace *vm; /* user range [addr, addr+len) if set */
	uint64_t addr;
	uint64_t len; /* total bytes */
	const struct pvring_seg *segs; /* else: nseg translated segments */
	uint32_t nseg;
	bool write; /* the kernel writes into it (read, list...) */
};

static inline void uio_user(struct uio *u, const struct vmspace *vm,
			    uint64_t addr, uint64_t len, bool write)
{
	u->vm = vm;
	u->addr = addr;
	u->len = len;
	u->segs = 0;
	u->nseg = 0;
	u->write = write;
}

static inline void uio_none(struct uio *u)
{
	u->vm = 0;
	u->len = 0;
	u->nseg = 0;
}

/* Kernel pointer to the contiguous bytes at [off, off + *n) of u, *n cut
 * to what is contiguous (and to max); NULL with *n = 0 past the end, NULL
 * with *n != 0 for an address that is not mapped as needed. */
void *uio_map_slow(const struct uio *u, uint64_t off, uint64_t max,
		   uint64_t *n);
static inline void *uio_map(const struct uio *u, uint64_t off, uint64_t max,
			    uint64_t *n)
{
	/* the common case: all of a one-segment ring buffer */
	if (!u->vm && off == 0 && u->nseg == 1 && max >= u->len) {
		*n = u->len;
		return u->len ? u->segs[0].ptr : 0;
	}
	return uio_map_slow(u, off, max, n);
}
/* Copies into / out of u at off; 0 or -EFAULT. */
int uio_copy_to(const struct uio *u, uint64_t off, const void *src, uint64_t n);
int uio_copy_from(const struct uio *u, uint64_t off, void *dst, uint64_t n);
/* A NUL-terminated string at the start of u into dst (size bytes with the
 * NUL); its length, -EFAULT, -EINVAL (empty or no NUL), -ENAMETOOLONG. */
long uio_string(const struct uio *u, char *dst, uint64_t size);

#endif
