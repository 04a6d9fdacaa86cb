// SPDX-License-Identifier: MIT
/* A guest's virtual PLIC: one S-mode context per vCPU, raising VSEIP. */
#include <libfdt.h>
#include <stdio.h>

#include "guest.h"
#include "guest_fdt.h"

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
	(void)v;
	return vplic_read(r->dev, off, width, val) ? -1 : 0;
}

static int plic_write(struct mmio_region *r, struct vcpu *v, uint64_t off,
		      unsigned int width, uint64_t val)
{
	(void)v;
	return vplic_write(r->dev, off, width, val) ? -1 : 0;
}

static const struct mmio_ops plic_mmio = {.read = plic_read,
					  .write = plic_write};

int dev_plic_create(struct guest *g)
{
	if (vplic_init(&g->plic, GUEST_PLIC_NDEV, g->nr_vcpus, &plic_ops, g))
		return -1;
	return mmio_add(g, GUEST_PLIC_BASE, vplic_mmio_size(&g->plic),
			&plic_mmio, &g->plic);
}

/* interrupts-extended lists each vCPU's S-external line: context c = vCPU c */
int dev_plic_fdt(void *fdt, const struct guest *g)
{
	uint32_t ext[2 * GUEST_VCPUS_MAX];
	fdt64_t reg[2] = {cpu_to_fdt64(GUEST_PLIC_BASE),
			  cpu_to_fdt64(vplic_mmio_size(&g->plic))};
	char name[32];
	int err;

	for (unsigned int i = 0; i < g->nr_vcpus; i++) {
		ext[2 * i] = cpu_to_fdt32(GUEST_FDT_PHANDLE_INTC(i));
		ext[2 * i + 1] = cpu_to_fdt32(IRQ_S_EXT);
	}
	snprintf(name, sizeof(name), "plic@%llx",
		 (unsigned long long)GUEST_PLIC_BASE);
	if ((err = fdt_begin_node(fdt, name)) ||
	    (err = fdt_property_string(fdt, "compatible", "riscv,plic0")) ||
	    (err = fdt_property(fdt, "reg", reg, sizeof(reg))) ||
	    (err = fdt_property(fdt, "interrupts-extended", ext,
				8 * g->nr_vcpus)) ||
	    (err = fdt_property_u32(fdt, "riscv,ndev", GUEST_PLIC_NDEV)) ||
	    (err = fdt_property_u32(fdt, "#interrupt-cells", 1)) ||
	    (err = fdt_property_u32(fdt, "#address-cells", 0)) ||
	    (err = fdt_property(fdt, "interrupt-controller", NULL, 0)) ||
	    (err = fdt_property_u32(fdt, "phandle", GUEST_PHANDLE_PLIC)))
		return err;
	return fdt_end_node(fdt);
}
