// SPDX-License-Identifier: MIT
/* The device registry: every device type a guest can have, by compatible,
 * and the instances of one guest. */
#include <libfdt.h>
#include <string.h>

#include "console.h"
#include "guest.h"
#include "host/host_blk.h"
#include "page_alloc.h"
#include "trace/trace.h"
#include "virtio/virtio_mmio.h"
#include "vdev.h"

extern const struct vdev_type dev_plic_type, dev_uart_type, dev_emu_blk_type;
extern const struct vdev_type dev_virtio_blk_type, dev_virtio_console_type,
	dev_virtio_rng_type;

static const struct vdev_type *const vdev_types[] = {
	&dev_plic_type,		  &dev_uart_type,	&dev_virtio_blk_type,
	&dev_virtio_console_type, &dev_virtio_rng_type, &dev_emu_blk_type,
};

const struct vdev_type *vdev_type_find(const char *compatible)
{
	for (size_t i = 0; i < sizeof(vdev_types) / sizeof(vdev_types[0]); i++)
		if (!strcmp(vdev_types[i]->compatible, compatible))
			return vdev_types[i];
	return NULL;
}

/* Windows go through the device's lock: a completion from the host may
 * change the device state while a vCPU reads a register. */
static int vdev_mmio_read(struct mmio_region *r, struct vcpu *v, uint64_t off,
			  unsigned int width, uint64_t *val)
{
	struct vdev *d = r->dev;
	int err;

	spin_lock(&d->lock);
	err = d->type->mmio->read(r, v, off, width, val);
	spin_unlock(&d->lock);
	return err;
}

static int vdev_mmio_write(struct mmio_region *r, struct vcpu *v, uint64_t off,
			   unsigned int width, uint64_t val)
{
	struct vdev *d = r->dev;
	int err;

	spin_lock(&d->lock);
	err = d->type->mmio->write(r, v, off, width, val);
	spin_unlock(&d->lock);
	return err;
}

static const struct mmio_ops vdev_mmio = {.read = vdev_mmio_read,
					  .write = vdev_mmio_write};

int vdev_place(struct vdev *d, uint64_t base, uint64_t size, unsigned int irq)
{
	struct guest *g = d->g;

	if (irq && !g->intc) {
		hyp_info("guest '%s': device '%s' needs an interrupt "
			 "controller: add \"riscv,plic0\" to its devices",
			 g->name, d->type->compatible);
		return -1;
	}
	for (unsigned int i = 0; i < g->nr_mmio; i++) {
		const struct mmio_region *r = &g->mmio[i];

		if (base < r->base + r->size && r->base < base + size) {
			hyp_info("guest '%s': device '%s' at 0x%llx overlaps "
				 "device '%s'",
				 g->name, d->type->compatible,
				 (unsigned long long)base,
				 ((struct vdev *)r->dev)->type->compatible);
			return -1;
		}
	}
	if (mmio_add(g, base, size, &vdev_mmio, d))
		return -1;
	d->base = base;
	d->size = size;
	d->irq = irq;
	return 0;
}

int vdev_place_virtio(struct vdev *d)
{
	struct guest *g = d->g;

	for (unsigned int n = 0; n < VDEV_VIRTIO_SLOTS; n++) {
		uint64_t base = VDEV_VIRTIO_BASE + n * 0x1000ULL;

		if (mmio_find(g, base))
			continue;
		if (vdev_place(d, base, 0x1000, VDEV_VIRTIO_IRQ0 + n))
			return -1;
		/* d->priv starts with the transport (dev_virtio.h) */
		vmmio_trace_id(d->priv, g->id, TRACE_RING_DEV(base, 0));
		return 0;
	}
	hyp_info("guest '%s': no virtio-mmio slot left for '%s' (%d at most)",
		 g->name, d->type->compatible, VDEV_VIRTIO_SLOTS);
	return -1;
}

void vdev_irq_set(struct vdev *d, bool level)
{
	struct vdev *intc = d->g->intc;

	if (!intc || !d->irq)
		return;
	spin_lock(&intc->lock);
	intc->type->set_irq(intc, d->irq, level);
	spin_unlock(&intc->lock);
}

struct vdev *vdev_find(struct guest *g, const struct vdev_type *t)
{
	for (unsigned int i = 0; i < g->nr_devs; i++)
		if (g->devs[i].type == t)
			return &g->devs[i];
	return NULL;
}

void *vdev_gpa(const struct vdev *d, uint64_t gpa, uint64_t len)
{
	return guest_gpa_to_hva(d->g, gpa, len);
}

int vdev_create(struct guest *g, const struct vdev_config *cfg)
{
	const struct vdev_type *t = vdev_type_find(cfg->compatible);
	struct vdev *d;
	int err;

	if (!t && cfg->implicit)
		return 0; /* a default this build does not have */
	if (!t) {
		hyp_info("guest '%s': no device type '%s' (device #%u): see "
			 "docs/devices.md for the known ones",
			 g->name, cfg->compatible, cfg->index);
		return -1;
	}
	if (g->nr_devs == GUEST_DEVS_MAX) {
		hyp_info("guest '%s': more than %d devices", g->name,
			 GUEST_DEVS_MAX);
		return -1;
	}
	d = &g->devs[g->nr_devs];
	memset(d, 0, sizeof(*d));
	d->type = t;
	d->g = g;
	if (cfg->fdt && !cfg->implicit)
		d->name = fdt_get_name(cfg->fdt, cfg->node, NULL);
	if (t->priv_size) {
		uint64_t pages = (t->priv_size + PAGE_SIZE - 1) >> PAGE_SHIFT;
		uint64_t pa = page_alloc(pages, PAGE_SIZE);

		if (!pa) {
			hyp_info("guest '%s': no host memory for device '%s'",
				 g->name, t->compatible);
			return -1;
		}
		d->priv = (void *)(uintptr_t)pa;
		memset(d->priv, 0, pages << PAGE_SHIFT);
	}
	err = t->create(d, cfg);
	if (err && d->priv)
		page_free((uintptr_t)d->priv,
			  (t->priv_size + PAGE_SIZE - 1) >> PAGE_SHIFT);
	if (err == VDEV_ABSENT && cfg->implicit)
		return 0;
	if (err)
		return -1;
	if (t->set_irq)
		g->intc = d;
	g->nr_devs++;
	return 0;
}

int vdev_disk_open(struct vdev *d, const struct vdev_config *cfg,
		   struct vdev_disk *disk)
{
	const char *serial = NULL;
	int len = 0;
	bool ok;

	if (cfg->fdt)
		serial = fdt_getprop(cfg->fdt, cfg->node, "serial", &len);
	ok = serial && len >= 2 && len <= VIRTIO_BLK_ID_BYTES + 1 &&
	     !serial[len - 1] && strlen(serial) + 1 == (size_t)len;
	for (int i = 0; ok && i < len - 1; i++)
		ok = serial[i] > 0x20 && serial[i] < 0x7f;
	if (!ok) {
		hyp_info("guest '%s': %s device #%u needs a property serial = "
			 "\"<name>\" (1 to %d printable characters) naming a "
			 "host disk (QEMU -device "
			 "virtio-blk-device,serial=<name>)",
			 d->g->name, d->type->compatible, cfg->index,
			 VIRTIO_BLK_ID_BYTES);
		return -1;
	}
	disk->serial = serial;
	disk->hb = host_blk_find(serial);
	if (!disk->hb && cfg->implicit)
		return VDEV_ABSENT;
	if (!disk->hb)
		/* the guest still runs, with an empty disk that fails every
		 * request: its other devices and its own I/O errors work */
		hyp_info("guest '%s': %s device #%u: no host disk with serial "
			 "'%s': the guest gets an empty disk (every request "
			 "fails); give QEMU -drive file=IMG,format=raw,if=none,"
			 "id=X -device virtio-blk-device,drive=X,serial=%s "
			 "(make run GUEST_DISK=IMG does)",
			 d->g->name, d->type->compatible, cfg->index, serial,
			 serial);
	disk->ro = !disk->hb || host_blk_read_only(disk->hb) ||
		   fdt_getprop(cfg->fdt, cfg->node, "read-only", NULL);
	return 0;
}

void vdev_reset_all(struct guest *g)
{
	for (unsigned int i = 0; i < g->nr_devs; i++) {
		struct vdev *d = &g->devs[i];

		if (!d->type->reset)
			continue;
		spin_lock(&d->lock);
		d->type->reset(d);
		spin_unlock(&d->lock);
	}
}

int vdev_fdt_all(void *fdt, const struct guest *g)
{
	int err = 0;

	for (unsigned int i = 0; i < g->nr_devs && !err; i++)
		if (g->devs[i].type->fdt)
			err = g->devs[i].type->fdt(fdt, &g->devs[i]);
	return err;
}
