// SPDX-License-Identifier: MIT
#include "guest.h"
#include "mmio.h"

int mmio_add(struct guest *g, uint64_t base, uint64_t size,
	     const struct mmio_ops *ops, void *dev)
{
	if (g->nr_mmio >= GUEST_MMIO_MAX || base + size < base)
		return -1;
	g->mmio[g->nr_mmio++] = (struct mmio_region){base, size, ops, dev};
	return 0;
}

struct mmio_region *mmio_find(struct guest *g, uint64_t gpa)
{
	for (unsigned int i = 0; i < g->nr_mmio; i++) {
		struct mmio_region *r = &g->mmio[i];

		if (gpa >= r->base && gpa - r->base < r->size)
			return r;
	}
	return NULL;
}
