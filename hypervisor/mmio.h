/* SPDX-License-Identifier: MIT */
/* Emulated device windows in a guest's physical address space. */
#ifndef MMIO_H
#define MMIO_H

#include <stdint.h>

struct guest;
struct vcpu;
struct mmio_region;

struct mmio_ops {
	/* return 0, or -1 to give the guest an access fault */
	int (*read)(struct mmio_region *r, struct vcpu *v, uint64_t off,
		    unsigned int width, uint64_t *val);
	int (*write)(struct mmio_region *r, struct vcpu *v, uint64_t off,
		     unsigned int width, uint64_t val);
};

struct mmio_region {
	uint64_t base, size;
	const struct mmio_ops *ops;
	void *dev;
};

#define GUEST_MMIO_MAX 16

int mmio_add(struct guest *g, uint64_t base, uint64_t size,
	     const struct mmio_ops *ops, void *dev);
struct mmio_region *mmio_find(struct guest *g, uint64_t gpa);

#endif
