// SPDX-License-Identifier: MIT
/* libFuzzer target: hypervisor/bundle.c on arbitrary bytes. On success every
 * returned pointer must lie inside the input and every field in range; on
 * failure the message must be a non-empty string. All returned bytes are
 * read so ASan checks the ranges. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "bundle.h"

#define REQUIRE(c)               \
	do {                     \
		if (!(c))        \
			abort(); \
	} while (0)

static volatile unsigned sink;

static int inside(const uint8_t *data, size_t size, const void *p, size_t n)
{
	const uint8_t *b = p;

	return b >= data && b <= data + size && n <= (size_t)(data + size - b);
}

static void touch(const void *p, size_t n)
{
	const uint8_t *b = p;
	unsigned s = 0;

	for (size_t i = 0; i < n; i++)
		s += b[i];
	sink = s;
}

static void check_cfg(const uint8_t *data, size_t size,
		      const struct guest_config *c)
{
	size_t n = strlen(c->name), args;

	REQUIRE(n > 0 && n < GUEST_NAME_MAX);
	for (size_t i = 0; i < n; i++) {
		char ch = c->name[i];

		REQUIRE((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
			(ch >= '0' && ch <= '9') || ch == '_' || ch == '-');
	}
	REQUIRE(c->mem_size >= GUEST_MEM_MIN && c->mem_size <= GUEST_MEM_MAX);
	REQUIRE(c->mem_size % (2ULL << 20) == 0);
	REQUIRE(c->nr_vcpus >= 1 && c->nr_vcpus <= GUEST_VCPUS_MAX);
	REQUIRE(c->bootargs);
	if (c->bootargs[0]) {
		REQUIRE(inside(data, size, c->bootargs, 1));
		REQUIRE(memchr(
			c->bootargs, '\0',
			(size_t)(data + size - (const uint8_t *)c->bootargs)));
	}
	args = strlen(c->bootargs);
	REQUIRE(args < GUEST_BOOTARGS_MAX);
	REQUIRE(c->nr_devs <= GUEST_DEVS_MAX);
	for (unsigned int i = 0; i < c->nr_devs; i++) {
		const struct vdev_config *d = &c->devs[i];
		size_t len;

		REQUIRE(d->compatible && d->index == i);
		len = strlen(d->compatible);
		REQUIRE(len > 0 && len < GUEST_COMPAT_MAX);
		for (size_t k = 0; k < len; k++)
			REQUIRE(d->compatible[k] >= 0x20 &&
				d->compatible[k] <= 0x7e);
		if (d->fdt) {
			REQUIRE(d->fdt == data && d->node > 0);
			REQUIRE(inside(data, size, d->compatible, len + 1));
			REQUIRE(fdt_get_name(d->fdt, d->node, NULL));
		}
	}
	REQUIRE(c->counters == GUEST_COUNTERS_PHYSICAL ||
		c->counters == GUEST_COUNTERS_VIRTUAL);
	REQUIRE(c->image && c->image_size > 0);
	REQUIRE(inside(data, size, c->image, c->image_size));
	touch(c->image, c->image_size);
	if (c->initrd) {
		REQUIRE(c->initrd_size > 0);
		REQUIRE(inside(data, size, c->initrd, c->initrd_size));
		touch(c->initrd, c->initrd_size);
	} else {
		REQUIRE(c->initrd_size == 0);
	}
}

static void run(const uint8_t *data, size_t size, int max)
{
	struct guest_config cfgs[GUEST_MAX];
	char err[200];
	int n;

	memset(err, 'E', sizeof(err));
	n = bundle_parse(data, size, cfgs, max, err, sizeof(err));
	if (n < 0) {
		REQUIRE(memchr(err, '\0', sizeof(err)));
		REQUIRE(err[0] != '\0');
		return;
	}
	REQUIRE(n >= 1 && n <= max);
	for (int i = 0; i < n; i++) {
		check_cfg(data, size, &cfgs[i]);
		for (int j = 0; j < i; j++)
			REQUIRE(strcmp(cfgs[i].name, cfgs[j].name));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	run(data, size, GUEST_MAX);
	run(data, size, 1);
	return 0;
}
