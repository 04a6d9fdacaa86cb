// SPDX-License-Identifier: MIT
/* "riscv,plic0": a guest's virtual PLIC, one S-mode context per vCPU raising
 * its VSEIP; the guest's interrupt controller. */
#include <libfdt.h>
#include <stdio.h>

#include "guest.h"
#include "guest_fdt.h"
#include "vdev.h"
#include "vplic.h"

#define DEV_PLIC_BASE 0x0c000000ULL
#define DEV_PLIC_NDEV 95

static void plic_notify(void *ctx, unsigned int context, bool level)
{
	struct guest *g = ctx;

	if (context >= g->nr_vcpus)
		return;
	if (level)
		vcpu_irq_raise(&g->vcpus[context], MIP_VSEIP);
	else
		vcpu_irq_lower(&g->vcpus[context], MIP_VSEIP);
}

static const struct vplic_ops plic_ops = {.notify = plic_notify};

static int plic_read(struct mmio_region *r, struct vcpu *v, uint64_t off,
		     unsigned int width, uint64_t *val)
{
	struct vdev *d = r->dev;

	(void)v;
	return vplic_read(d->priv, off, width, val) ? -1 : 0;
}

static int plic_write(struct mmio_region *r, struct vcpu *v, uint64_t off,
		      unsigned int width, uint64_t val)
{
	struct vdev *d = r->dev;

	(void)v;
	return vplic_write(d->priv, off, width, val) ? -1 : 0;
}

static const struct mmio_ops plic_mmio = {.read = plic_read,
					  .write = plic_write};

static int plic_create(struct vdev *d, const struct vdev_config *cfg)
{
	struct guest *g = d->g;

	(void)cfg;
	if (vplic_init(d->priv, DEV_PLIC_NDEV, g->nr_vcpus, &plic_ops, g))
		return -1;
	return vdev_place(d, DEV_PLIC_BASE, vplic_mmio_size(d->priv), 0);
}

static void plic_reset(struct vdev *d)
{
	vplic_reset(d->priv);
}

static void plic_set_irq(struct vdev *d, unsigned int irq, bool level)
{
	vplic_set_level(d->priv, irq, level);
}

/* interrupts-extended lists each vCPU's S-external line: context c = vCPU c */
static int plic_fdt(void *fdt, const struct vdev *d)
{
	const struct guest *g = d->g;
	uint32_t ext[2 * GUEST_VCPUS_MAX];
	fdt64_t reg[2] = {cpu_to_fdt64(d->base), cpu_to_fdt64(d->size)};
	char name[32];
	int err;

	for (unsigned int i = 0; i < g->nr_vcpus; i++) {
		ext[2 * i] = cpu_to_fdt32(GUEST_FDT_PHANDLE_INTC(i));
		ext[2 * i + 1] = cpu_to_fdt32(IRQ_S_EXT);
	}
	snprintf(name, sizeof(name), "plic@%llx", (unsigned long long)d->base);
	if ((err = fdt_begin_node(fdt, name)) ||
	    (err = fdt_property_string(fdt, "compatible", "riscv,plic0")) ||
	    (err = fdt_property(fdt, "reg", reg, sizeof(reg))) ||
	    (err = fdt_property(fdt, "interrupts-extended", ext,
				8 * g->nr_vcpus)) ||
	    (err = fdt_property_u32(fdt, "riscv,ndev", DEV_PLIC_NDEV)) ||
	    (err = fdt_property_u32(fdt, "#interrupt-cells", 1)) ||
	    (err = fdt_property_u32(fdt, "#address-cells", 0)) ||
	    (err = fdt_property(fdt, "interrupt-controller", NULL, 0)) ||
	    (err = fdt_property_u32(fdt, "phandle", GUEST_PHANDLE_PLIC)))
		return err;
	return fdt_end_node(fdt);
}

const struct vdev_type dev_plic_type = {
	.compatible = "riscv,plic0",
	.priv_size = sizeof(struct vplic),
	.create = plic_create,
	.mmio = &plic_mmio,
	.reset = plic_reset,
	.fdt = plic_fdt,
	.set_irq = plic_set_irq,
};
