// SPDX-License-Identifier: MIT
/* "virtio,rng": entropy for a guest over virtio-mmio, from QEMU's own
 * virtio-rng-device through the hypervisor's driver (host/host_rng.h).
 * The guest's buffer is filled in place, by host physical address. */
#include <stddef.h>

#include "console.h"
#include "dev_virtio.h"
#include "guest.h"
#include "host/host_rng.h"
#include "virtio_rng.h"

struct dev_vrng {
	struct vrng rng; /* first: dev_virtio.h */
	struct vdev *dev;
	const void *submitting; /* hart inside host_rng_submit */
	struct host_rng_req req[VRNG_INFLIGHT]; /* req[i] serves slot[i] */
};
_Static_assert(offsetof(struct dev_vrng, rng.t) == 0, "transport first");

static void rng_done(struct host_rng_req *r, uint32_t len)
{
	struct dev_vrng *p = r->ctx;
	bool locked = dev_virtio_lock(p->dev, &p->submitting);

	vrng_complete(&p->rng, &p->rng.slot[r - p->req].io, len);
	dev_virtio_unlock(p->dev, locked);
}

static int rng_submit(void *ctx, struct vrng_io *io)
{
	struct dev_vrng *p = ctx;
	struct vrng_slot *s =
		(struct vrng_slot *)(void *)((char *)io -
					     offsetof(struct vrng_slot, io));
	struct host_rng_req *r = &p->req[s - p->rng.slot];
	int err;

	r->hpa = (uintptr_t)io->ptr; /* identity map */
	r->len = io->len;
	r->done = rng_done;
	r->ctx = p;
	__atomic_store_n(&p->submitting, dev_virtio_self(), __ATOMIC_RELAXED);
	err = host_rng_submit(r);
	__atomic_store_n(&p->submitting, NULL, __ATOMIC_RELAXED);
	return err;
}

static const struct vrng_backend rng_backend = {.submit = rng_submit};

static int rng_create(struct vdev *d, const struct vdev_config *cfg)
{
	struct dev_vrng *p = d->priv;

	if (!host_rng_present()) {
		if (cfg->implicit)
			return VDEV_ABSENT;
		hyp_info("guest '%s': virtio,rng device #%u: the host has no "
			 "entropy source; give QEMU -device virtio-rng-device",
			 d->g->name, cfg->index);
		return -1;
	}
	p->dev = d;
	vrng_init(&p->rng, &rng_backend, p, &dev_virtio_host_ops, d);
	return vdev_place_virtio(d);
}

const struct vdev_type dev_virtio_rng_type = {
	.compatible = "virtio,rng",
	.priv_size = sizeof(struct dev_vrng),
	.create = rng_create,
	.mmio = &dev_virtio_mmio,
	.reset = dev_virtio_reset,
	.fdt = dev_virtio_fdt,
};
