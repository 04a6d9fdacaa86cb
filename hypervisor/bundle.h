/* SPDX-License-Identifier: MIT */
/* The guest bundle: a flattened device tree passed to QEMU as -initrd, holding
 * guest configurations and their images (format: docs/running-guests.md).
 * Parsing is pure (libfdt only): host-testable and fuzzed. */
#ifndef BUNDLE_H
#define BUNDLE_H

#include <stddef.h>
#include <stdint.h>

#define GUEST_NAME_MAX 24
#define GUEST_MAX 8
#define GUEST_VCPUS_MAX 8
#define GUEST_BOOTARGS_MAX 1024
#define GUEST_MEM_MIN (4ULL << 20)
#define GUEST_MEM_MAX (64ULL << 30)

/* emulated devices a guest can have (property "devices"; default: all) */
#define GUEST_DEV_PLIC (1u << 0)
#define GUEST_DEV_UART (1u << 1) /* needs the PLIC for its interrupt */
#define GUEST_DEV_ALL (GUEST_DEV_PLIC | GUEST_DEV_UART)

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
	uint32_t devices; /* GUEST_DEV_* */
	uint32_t counters; /* enum guest_counters */
};

/* Parse the bundle at fdt (at most size bytes). Fills up to max configs and
 * returns how many, or a negative value with a message in err. */
int bundle_parse(const void *fdt, size_t size, struct guest_config *cfgs,
		 int max, char *err, size_t errlen);

#endif
