/* SPDX-License-Identifier: MIT */
/* The guest bundle: a flattened device tree passed to QEMU as -initrd, holding
 * guest configurations and their images (format: docs/running-guests.md).
 * Parsing is pure (libfdt only): host-testable and fuzzed. */
#ifndef BUNDLE_H
#define BUNDLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "guest_limits.h"

/* A device of the guest: a child node with a compatible (then its other
 * properties are the device type's to read), or a name in the legacy
 * "devices" list (fdt NULL). */
struct vdev_config {
	const char *compatible; /* registry key, checked printable, NUL-ended */
	const void *fdt; /* the bundle, or NULL */
	int node; /* the device's node in fdt */
	unsigned int index; /* n-th device of the guest */
	bool implicit; /* a default device, not asked for */
};

/* what the guest's instret reads count (property "counters") */
enum guest_counters {
	GUEST_COUNTERS_PHYSICAL, /* default: the hart's own counter */
	GUEST_COUNTERS_VIRTUAL, /* only this vCPU's guest instructions */
};

struct guest_config {
	char name[GUEST_NAME_MAX];
	uint64_t mem_size; /* bytes, multiple of 2 MiB */
	uint32_t nr_vcpus; /* 1..GUEST_VCPUS_MAX */
	const char
		*bootargs; /* NUL-terminated, inside the bundle; "" if none */
	const void *image; /* inside the bundle */
	uint32_t image_size;
	const void *initrd; /* NULL if none */
	uint32_t initrd_size;
	unsigned int nr_devs;
	struct vdev_config devs[GUEST_DEVS_MAX];
	uint32_t counters; /* enum guest_counters */
};

/* Parse the bundle at fdt (at most size bytes). Fills up to max configs and
 * returns how many, or a negative value with a message in err. */
int bundle_parse(const void *fdt, size_t size, struct guest_config *cfgs,
		 int max, char *err, size_t errlen);

#endif
