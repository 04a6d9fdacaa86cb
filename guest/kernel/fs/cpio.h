/* SPDX-License-Identifier: MIT */
/* Reader for "newc" cpio archives (the initrd). The archive is untrusted:
 * every length is checked against the buffer. */
#ifndef GK_CPIO_H
#define GK_CPIO_H

#include <stddef.h>
#include <stdint.h>

struct cpio_entry {
	const char *name; /* NUL-terminated, inside the archive */
	const uint8_t *data;
	uint64_t size;
	uint32_t mode;
};

struct cpio_iter {
	const uint8_t *buf;
	size_t len, pos;
	int done;
};

#define CPIO_MODE_TYPE 0170000
#define CPIO_MODE_REG 0100000
#define CPIO_MODE_DIR 0040000

void cpio_iter_init(struct cpio_iter *it, const void *buf, size_t len);
/* 1 = entry filled in, 0 = end (trailer), negative = malformed archive. */
int cpio_next(struct cpio_iter *it, struct cpio_entry *e);

#endif
