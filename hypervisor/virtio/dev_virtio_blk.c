// SPDX-License-Identifier: MIT
/* "virtio,blk": a guest disk over virtio-mmio, backed by one of QEMU's own
 * virtio-blk devices (host/host_blk.h) found by the bundle node's `serial`.
 * Guest buffers go to the host disk by host physical address: guest RAM is
 * identity-mapped, so a checked host pointer is the address. Optional
 * empty property `read-only` makes the guest's disk read-only. */
#include <stddef.h>

#include "console.h"
#include "dev_virtio.h"
#include "guest.h"
#include "host/host_blk.h"
#include "trace_abi.h"
#include "virtio_blk.h"

_Static_assert(VBLK_CHAIN_MAX <= HOST_BLK_SEGS_MAX,
	       "a guest request's pieces must fit a host request");

struct dev_vblk {
	struct vblk blk; /* first: dev_virtio.h */
	struct vdev *dev;
	struct host_blk *hb;
	bool ro;
	const char *serial; /* the bundle's (in the bundle, kept) */
	const void *submitting; /* hart inside host_blk_submit */
	struct host_blk_req req[VBLK_INFLIGHT]; /* req[i] serves slot[i] */
};
_Static_assert(offsetof(struct dev_vblk, blk.t) == 0, "transport first");

static unsigned int slot_index(struct dev_vblk *p, struct vblk_io *io)
{
	return (unsigned int)(((char *)io - (char *)&p->blk.slot[0].io) /
			      sizeof(p->blk.slot[0]));
}

/* from host_blk's interrupt handler, or from inside its submit */
static void blk_done(struct host_blk_req *r, uint8_t status, uint32_t len)
{
	struct dev_vblk *p = r->ctx;
	bool locked = dev_virtio_lock(p->dev, &p->submitting);

	(void)len; /* the model knows what an IN wrote */
	vblk_complete(&p->blk, &p->blk.slot[r - p->req].io, status);
	dev_virtio_unlock(p->dev, locked);
}

static int blk_submit(void *ctx, struct vblk_io *io)
{
	struct dev_vblk *p = ctx;
	struct host_blk_req *r = &p->req[slot_index(p, io)];
	int err;

	r->type = io->type;
	r->sector = io->sector;
	r->nseg = io->nseg;
	for (unsigned int i = 0; i < io->nseg; i++)
		r->seg[i] = (struct host_blk_seg){
			.hpa = (uintptr_t)io->seg[i].ptr, /* identity map */
			.len = io->seg[i].len,
			.write = io->seg[i].write,
		};
	r->done = blk_done;
	r->ctx = p;
	r->trace_head = p->blk.slot[slot_index(p, io)].head;
	if (!p->hb) {
		/* no host disk (said at creation): only FLUSH gets here */
		vblk_complete(&p->blk, io, VIRTIO_BLK_S_IOERR);
		return 0;
	}
	__atomic_store_n(&p->submitting, dev_virtio_self(), __ATOMIC_RELAXED);
	err = host_blk_submit(p->hb, r);
	__atomic_store_n(&p->submitting, NULL, __ATOMIC_RELAXED);
	return err;
}

static uint64_t blk_capacity(void *ctx)
{
	struct dev_vblk *p = ctx;

	return p->hb ? host_blk_capacity(p->hb) : 0;
}

static bool blk_read_only(void *ctx)
{
	return ((struct dev_vblk *)ctx)->ro;
}

static const char *blk_serial(void *ctx)
{
	struct dev_vblk *p = ctx;

	return p->hb ? host_blk_serial(p->hb) : p->serial;
}

static const struct vblk_backend blk_backend = {
	.submit = blk_submit,
	.capacity = blk_capacity,
	.read_only = blk_read_only,
	.serial = blk_serial,
};

static int blk_create(struct vdev *d, const struct vdev_config *cfg)
{
	struct dev_vblk *p = d->priv;
	struct vdev_disk disk;
	int err = vdev_disk_open(d, cfg, &disk);

	if (err)
		return err;
	p->dev = d;
	p->hb = disk.hb;
	p->serial = disk.serial;
	p->ro = disk.ro;
	vblk_init(&p->blk, &blk_backend, p, &dev_virtio_host_ops, d);
	err = vdev_place_virtio(d);
	for (unsigned int i = 0; i < VBLK_INFLIGHT; i++) {
		p->req[i].trace_guest = (uint8_t)d->g->id;
		p->req[i].trace_ring = TRACE_RING_DEV(d->base, 0);
	}
	return err;
}

const struct vdev_type dev_virtio_blk_type = {
	.compatible = "virtio,blk",
	.priv_size = sizeof(struct dev_vblk),
	.create = blk_create,
	.mmio = &dev_virtio_mmio,
	.reset = dev_virtio_reset,
	.fdt = dev_virtio_fdt,
};
