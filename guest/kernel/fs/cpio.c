/* SPDX-License-Identifier: MIT */
#include "fs/cpio.h"

#include <string.h>

#include "base/errno.h"

#define CPIO_HDR 110

void cpio_iter_init(struct cpio_iter *it, const void *buf, size_t len)
{
	it->buf = buf;
	it->len = len;
	it->pos = 0;
	it->done = 0;
}

static int cpio_hex(const uint8_t *p, uint32_t *out)
{
	uint32_t v = 0;

	for (int i = 0; i < 8; i++) {
		uint8_t c = p[i];
		uint32_t d;
		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return -EINVAL;
		v = v << 4 | d;
	}
	*out = v;
	return 0;
}

static size_t cpio_align4(size_t v)
{
	return (v + 3) & ~(size_t)3;
}

int cpio_next(struct cpio_iter *it, struct cpio_entry *e)
{
	uint32_t f[13];

	if (it->done)
		return 0;
	if (it->len - it->pos < CPIO_HDR)
		return -EINVAL;
	const uint8_t *h = it->buf + it->pos;
	if (memcmp(h, "070701", 6) && memcmp(h, "070702", 6))
		return -EINVAL;
	for (int i = 0; i < 13; i++)
		if (cpio_hex(h + 6 + 8 * i, &f[i]))
			return -EINVAL;
	uint32_t mode = f[1], filesize = f[6], namesize = f[11];
	size_t name_off = it->pos + CPIO_HDR;
	if (namesize == 0 || namesize > it->len - name_off)
		return -EINVAL;
	const char *name = (const char *)(it->buf + name_off);
	if (name[namesize - 1] != 0)
		return -EINVAL;
	size_t data_off = cpio_align4(name_off + namesize);
	if (data_off > it->len || filesize > it->len - data_off)
		return -EINVAL;
	if (!strcmp(name, "TRAILER!!!")) {
		it->done = 1;
		return 0;
	}
	e->name = name;
	e->data = it->buf + data_off;
	e->size = filesize;
	e->mode = mode;
	size_t next = cpio_align4(data_off + filesize);
	it->pos = next < it->len ? next : it->len;
	return 1;
}
