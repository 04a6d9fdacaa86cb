// SPDX-License-Identifier: MIT
/* The virtio-mmio device types' shared glue (see dev_virtio.h). */
#include <libfdt.h>
#include <stdio.h>

#include "console.h"
#include "dev_virtio.h"
#include "guest.h"
#include "hart.h"

static void *virtio_translate(void *ctx, uint64_t gpa, uint32_t len,
			      bool writable)
{
	(void)writable; /* guest RAM is all writable */
	return vdev_gpa(ctx, gpa, len);
}

static void virtio_irq(void *ctx, bool level)
{
	vdev_irq_set(ctx, level);
}

static void virtio_report(void *ctx, int queue, const char *rule)
{
	struct vdev *d = ctx;
	char q[16] = "";

	if (queue >= 0)
		snprintf(q, sizeof(q), ", queue %d", queue);
	hyp_info("guest '%s': device %s at 0x%llx%s: the driver broke a "
		 "rule: %s (reported once until the guest resets the device)",
		 d->g->name, d->type->compatible, (unsigned long long)d->base,
		 q, rule);
}

const struct vmmio_host_ops dev_virtio_host_ops = {
	.translate = virtio_translate,
	.irq = virtio_irq,
	.report = virtio_report,
};

static int virtio_read(struct mmio_region *r, struct vcpu *v, uint64_t off,
		       unsigned int width, uint64_t *val)
{
	struct vdev *d = r->dev;

	(void)v;
	return vmmio_read(d->priv, off, width, val) ? -1 : 0;
}

static int virtio_write(struct mmio_region *r, struct vcpu *v, uint64_t off,
			unsigned int width, uint64_t val)
{
	struct vdev *d = r->dev;

	(void)v;
	return vmmio_write(d->priv, off, width, val) ? -1 : 0;
}

const struct mmio_ops dev_virtio_mmio = {.read = virtio_read,
					 .write = virtio_write};

void dev_virtio_reset(struct vdev *d)
{
	vmmio_reset(d->priv);
}

int dev_virtio_fdt(void *fdt, const struct vdev *d)
{
	fdt64_t reg[2] = {cpu_to_fdt64(d->base), cpu_to_fdt64(d->size)};
	char name[32];
	int err;

	snprintf(name, sizeof(name), "virtio_mmio@%llx",
		 (unsigned long long)d->base);
	if ((err = fdt_begin_node(fdt, name)) ||
	    (err = fdt_property_string(fdt, "compatible", "virtio,mmio")) ||
	    (err = fdt_property(fdt, "reg", reg, sizeof(reg))) ||
	    (err = fdt_property_u32(fdt, "interrupts", d->irq)) ||
	    (err = fdt_property_u32(fdt, "interrupt-parent",
				    GUEST_PHANDLE_PLIC)))
		return err;
	return fdt_end_node(fdt);
}

const void *dev_virtio_self(void)
{
	return this_hart();
}

bool dev_virtio_lock(struct vdev *d, const void *const *submitting)
{
	/* only this hart ever stores its own token, under d->lock */
	if (__atomic_load_n(submitting, __ATOMIC_RELAXED) == dev_virtio_self())
		return false;
	spin_lock(&d->lock);
	return true;
}

void dev_virtio_unlock(struct vdev *d, bool locked)
{
	if (locked)
		spin_unlock(&d->lock);
}
