// SPDX-License-Identifier: MIT
/* "rvh,emu-blk": the emulated block controller (register model in
 * emu_blk.c, layout in hw/emu_blk.h) on a host disk found by the bundle
 * node's `serial`, the same backend as virtio,blk: only the guest-facing
 * interface differs. Optional empty property `read-only`. Windows at
 * DEV_EMU_BLK_BASE + n * 4 KiB with PLIC source DEV_EMU_BLK_IRQ0 + n, for
 * up to DEV_EMU_BLK_MAX controllers a guest. */
#include <libfdt.h>
#include <stdio.h>

#include "console.h"
#include "emu_blk.h"
#include "guest.h"
#include "hart.h"
#include "host/host_blk.h"
#include "trace_abi.h"
#include "vdev.h"

/* above QEMU virt's virtio-mmio slots (0x10001000..0x10008fff) */
#define DEV_EMU_BLK_BASE 0x10010000ULL
#define DEV_EMU_BLK_IRQ0 32
#define DEV_EMU_BLK_MAX 4

struct dev_emu_blk {
	struct emu_blk blk;
	struct vdev *dev;
	struct host_blk *hb;
	const void *submitting; /* hart inside host_blk_submit */
	struct host_blk_req req[EMU_BLK_SLOTS]; /* req[i] serves slot[i] */
};

/* host_blk calls done() from its interrupt handler, or at once from inside
 * submit, which runs under d->lock on this hart: take the lock unless this
 * hart holds it there (only this hart stores its own token). */
static void emu_done(struct host_blk_req *r, uint8_t status, uint32_t len)
{
	struct dev_emu_blk *p = r->ctx;
	bool locked = __atomic_load_n(&p->submitting, __ATOMIC_RELAXED) !=
		      this_hart();

	(void)len;
	if (locked)
		spin_lock(&p->dev->lock);
	emu_blk_complete(&p->blk, &p->blk.slot[r - p->req],
			 status == VIRTIO_BLK_S_OK);
	if (locked)
		spin_unlock(&p->dev->lock);
}

static const uint32_t emu_io_type[] = {
	[EMU_BLK_IO_READ] = VIRTIO_BLK_T_IN,
	[EMU_BLK_IO_WRITE] = VIRTIO_BLK_T_OUT,
	[EMU_BLK_IO_FLUSH] = VIRTIO_BLK_T_FLUSH,
};

static int emu_submit(void *ctx, struct emu_blk_io *io)
{
	struct dev_emu_blk *p = ctx;
	struct host_blk_req *r = &p->req[io - p->blk.slot];
	int err;

	if (!p->hb) { /* no host disk (said at creation) */
		emu_blk_complete(&p->blk, io, false);
		return 0;
	}
	r->type = emu_io_type[io->op];
	r->sector = io->sector;
	r->nseg = io->len ? 1 : 0;
	/* guest RAM and hypervisor memory are identity-mapped */
	r->seg[0] = (struct host_blk_seg){.hpa = (uintptr_t)io->buf,
					  .len = io->len,
					  .write = io->op == EMU_BLK_IO_READ};
	r->done = emu_done;
	r->ctx = p;
	r->trace_guest = (uint8_t)p->dev->g->id;
	r->trace_ring = TRACE_RING_DEV(p->dev->base, 0);
	r->trace_head = (uint16_t)(io - p->blk.slot);
	__atomic_store_n(&p->submitting, this_hart(), __ATOMIC_RELAXED);
	err = host_blk_submit(p->hb, r);
	__atomic_store_n(&p->submitting, NULL, __ATOMIC_RELAXED);
	return err;
}

static void *emu_translate(void *ctx, uint64_t gpa, uint64_t len)
{
	return vdev_gpa(((struct dev_emu_blk *)ctx)->dev, gpa, len);
}

static void emu_irq(void *ctx, bool level)
{
	vdev_irq_set(((struct dev_emu_blk *)ctx)->dev, level);
}

static void emu_report(void *ctx, const char *what)
{
	struct vdev *d = ((struct dev_emu_blk *)ctx)->dev;

	hyp_info("guest '%s': device rvh,emu-blk at 0x%llx: %s (ignored, "
		 "STATUS.ACCERR set; reported once until the guest resets "
		 "the device)",
		 d->g->name, (unsigned long long)d->base, what);
}

static const struct emu_blk_ops emu_ops = {
	.submit = emu_submit,
	.translate = emu_translate,
	.irq = emu_irq,
	.report = emu_report,
};

/* A bad access is the guest's error to see in STATUS, not a fault. */
static int emu_read(struct mmio_region *r, struct vcpu *v, uint64_t off,
		    unsigned int width, uint64_t *val)
{
	struct vdev *d = r->dev;

	(void)v;
	emu_blk_read(d->priv, off, width, val);
	return 0;
}

static int emu_write(struct mmio_region *r, struct vcpu *v, uint64_t off,
		     unsigned int width, uint64_t val)
{
	struct vdev *d = r->dev;

	(void)v;
	emu_blk_write(d->priv, off, width, val);
	return 0;
}

static const struct mmio_ops emu_mmio = {.read = emu_read, .write = emu_write};

static int emu_place(struct vdev *d)
{
	for (unsigned int n = 0; n < DEV_EMU_BLK_MAX; n++) {
		uint64_t base = DEV_EMU_BLK_BASE + n * 0x1000ULL;

		if (!mmio_find(d->g, base))
			return vdev_place(d, base, EMU_BLK_MMIO_SIZE,
					  DEV_EMU_BLK_IRQ0 + n);
	}
	hyp_info("guest '%s': more than %d rvh,emu-blk devices", d->g->name,
		 DEV_EMU_BLK_MAX);
	return -1;
}

static int emu_create(struct vdev *d, const struct vdev_config *cfg)
{
	struct dev_emu_blk *p = d->priv;
	struct vdev_disk disk;
	int err = vdev_disk_open(d, cfg, &disk);

	if (err)
		return err;
	p->hb = disk.hb;
	p->dev = d;
	emu_blk_init(&p->blk, &emu_ops, p, p->hb ? host_blk_capacity(p->hb) : 0,
		     disk.ro, disk.serial);
	return emu_place(d);
}

static void emu_reset(struct vdev *d)
{
	emu_blk_reset(d->priv);
}

static int emu_fdt(void *fdt, const struct vdev *d)
{
	fdt64_t reg[2] = {cpu_to_fdt64(d->base), cpu_to_fdt64(d->size)};
	char name[32];
	int err;

	snprintf(name, sizeof(name), "block@%llx", (unsigned long long)d->base);
	if ((err = fdt_begin_node(fdt, name)) ||
	    (err = fdt_property_string(fdt, "compatible", "rvh,emu-blk")) ||
	    (err = fdt_property(fdt, "reg", reg, sizeof(reg))) ||
	    (err = fdt_property_u32(fdt, "interrupts", d->irq)) ||
	    (err = fdt_property_u32(fdt, "interrupt-parent",
				    GUEST_PHANDLE_PLIC)))
		return err;
	return fdt_end_node(fdt);
}

const struct vdev_type dev_emu_blk_type = {
	.compatible = "rvh,emu-blk",
	.priv_size = sizeof(struct dev_emu_blk),
	.create = emu_create,
	.mmio = &emu_mmio,
	.reset = emu_reset,
	.fdt = emu_fdt,
};
