// SPDX-License-Identifier: MIT
#include <libfdt.h>
#include <string.h>

#include "console.h"
#include "host_fdt.h"

static uint64_t fdt_read_cells(const fdt32_t *p, int cells)
{
	uint64_t v = 0;

	while (cells-- > 0)
		v = (v << 32) | fdt32_to_cpu(*p++);
	return v;
}

/* First reg entry of a node under the root or /soc (2 address, 2 size cells). */
static int node_reg(const void *fdt, int node, uint64_t *base, uint64_t *size)
{
	int len, parent = fdt_parent_offset(fdt, node);
	int ac = parent >= 0 ? fdt_address_cells(fdt, parent) : 2;
	int sc = parent >= 0 ? fdt_size_cells(fdt, parent) : 2;
	const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);

	if (!reg || ac < 1 || ac > 2 || sc < 0 || sc > 2 ||
	    len < (int)sizeof(fdt32_t) * (ac + sc))
		return -1;
	*base = fdt_read_cells(reg, ac);
	if (size)
		*size = fdt_read_cells(reg + ac, sc);
	return 0;
}

static uint64_t chosen_u64(const void *fdt, int chosen, const char *name)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, chosen, name, &len);

	if (!p)
		return 0;
	return len == 8 ? fdt_read_cells(p, 2) : fdt32_to_cpu(p[0]);
}

static void parse_cpus(const void *fdt, struct host_info *hi)
{
	int cpus = fdt_path_offset(fdt, "/cpus"), node, len;
	const fdt32_t *tb;

	if (cpus < 0)
		return;
	tb = fdt_getprop(fdt, cpus, "timebase-frequency", &len);
	if (tb && len == 4)
		hi->timebase_hz = fdt32_to_cpu(*tb);
	fdt_for_each_subnode(node, fdt, cpus)
	{
		const char *type = fdt_getprop(fdt, node, "device_type", NULL);
		const char *status = fdt_getprop(fdt, node, "status", NULL);
		uint64_t id;

		if (!type || strcmp(type, "cpu") ||
		    node_reg(fdt, node, &id, NULL))
			continue;
		if (status && strcmp(status, "okay"))
			continue;
		if (hi->nr_harts == 0) {
			const char *s =
				fdt_getprop(fdt, node, "riscv,isa", NULL);
			const char *m =
				fdt_getprop(fdt, node, "mmu-type", NULL);

			if (s)
				strncpy(hi->isa, s, sizeof(hi->isa) - 1);
			if (m)
				strncpy(hi->mmu_type, m,
					sizeof(hi->mmu_type) - 1);
		}
		if (hi->nr_harts < HYP_MAX_HARTS)
			hi->hartids[hi->nr_harts++] = id;
	}
}

/* Keep the slots sorted by address: slot n is the n-th window, whatever
 * order the DTB lists them in. */
static void add_virtio(struct host_info *hi, uint64_t base, uint32_t irq)
{
	unsigned int i = hi->nr_virtio++;

	for (; i > 0 && hi->virtio_base[i - 1] > base; i--) {
		hi->virtio_base[i] = hi->virtio_base[i - 1];
		hi->virtio_irq[i] = hi->virtio_irq[i - 1];
	}
	hi->virtio_base[i] = base;
	hi->virtio_irq[i] = irq;
}

static void parse_virtio(const void *fdt, struct host_info *hi)
{
	const char *c = "virtio,mmio";
	int node, len;

	for (node = fdt_node_offset_by_compatible(fdt, -1, c);
	     node >= 0 && hi->nr_virtio < HOST_VIRTIO_MAX;
	     node = fdt_node_offset_by_compatible(fdt, node, c)) {
		const fdt32_t *irq = fdt_getprop(fdt, node, "interrupts", &len);
		uint64_t base;

		if (!node_reg(fdt, node, &base, NULL))
			add_virtio(hi, base,
				   irq && len >= 4 ? fdt32_to_cpu(irq[0]) : 0);
	}
}

static int find_compat(const void *fdt, const char *compat, uint64_t *base,
		       uint64_t *size)
{
	int node = fdt_node_offset_by_compatible(fdt, -1, compat);

	return node < 0 ? -1 : node_reg(fdt, node, base, size);
}

int host_fdt_parse(const void *fdt, struct host_info *hi)
{
	int err = fdt_check_header(fdt), node, chosen, len;
	const fdt32_t *irq;

	memset(hi, 0, sizeof(*hi));
	if (err) {
		hyp_info("host DTB at %p is not valid: %s", fdt,
			 fdt_strerror(err));
		return -1;
	}
	hi->fdt_base = (uintptr_t)fdt;
	hi->fdt_size = fdt_totalsize(fdt);
	hi->timebase_hz = 10000000;
	strcpy(hi->mmu_type, "riscv,sv39");

	node = fdt_node_offset_by_prop_value(fdt, -1, "device_type", "memory",
					     sizeof("memory"));
	if (node < 0 || node_reg(fdt, node, &hi->ram_base, &hi->ram_size)) {
		hyp_info("host DTB has no /memory node with a reg");
		return -1;
	}
	parse_cpus(fdt, hi);
	/* multi-letter extensions follow '_' in riscv,isa */
	hi->has_sstc = strstr(hi->isa, "_sstc") != NULL;

	node = fdt_node_offset_by_compatible(fdt, -1, "ns16550a");
	if (node >= 0 && !node_reg(fdt, node, &hi->uart_base, NULL)) {
		irq = fdt_getprop(fdt, node, "interrupts", &len);
		if (irq && len >= 4)
			hi->uart_irq = fdt32_to_cpu(irq[0]);
	}
	if (find_compat(fdt, "riscv,plic0", &hi->plic_base, &hi->plic_size))
		find_compat(fdt, "sifive,plic-1.0.0", &hi->plic_base,
			    &hi->plic_size);
	find_compat(fdt, "sifive,test0", &hi->test_base, NULL);
	parse_virtio(fdt, hi);
	chosen = fdt_path_offset(fdt, "/chosen");
	if (chosen >= 0) {
		hi->initrd_start =
			chosen_u64(fdt, chosen, "linux,initrd-start");
		hi->initrd_end = chosen_u64(fdt, chosen, "linux,initrd-end");
	}
	return 0;
}
