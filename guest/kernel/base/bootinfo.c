/* SPDX-License-Identifier: MIT */
/* DTB parsing with libfdt: memory, cpus, timebase, /chosen, UART, PLIC. */
#include "base/bootinfo.h"

#include <libfdt.h>
#include <string.h>

struct bootinfo bootinfo;

static uint64_t bi_read_cells(const fdt32_t *p, int cells)
{
	uint64_t v = 0;

	for (int i = 0; i < cells; i++)
		v = (v << 32) | fdt32_to_cpu(p[i]);
	return v;
}

/* First (address, size) pair of a node's reg; parent cells from the root. */
static int bi_reg(const void *fdt, int node, int parent, uint64_t *base,
		  uint64_t *size)
{
	int ac = fdt_address_cells(fdt, parent);
	int sc = fdt_size_cells(fdt, parent);
	int len;
	const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);

	if (ac < 1 || ac > 2 || sc < 0 || sc > 2)
		return -FDT_ERR_BADNCELLS;
	if (!reg || len < (int)sizeof(fdt32_t) * (ac + sc))
		return -FDT_ERR_NOTFOUND;
	*base = bi_read_cells(reg, ac);
	*size = sc ? bi_read_cells(reg + ac, sc) : 0;
	return 0;
}

static uint64_t bi_prop_num(const void *fdt, int node, const char *name,
			    uint64_t def)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, node, name, &len);

	if (p && len == 4)
		return fdt32_to_cpu(p[0]);
	if (p && len == 8)
		return bi_read_cells(p, 2);
	return def;
}

static int bi_status_ok(const void *fdt, int node)
{
	int len;
	const char *s = fdt_getprop(fdt, node, "status", &len);

	return !s || !strcmp(s, "okay") || !strcmp(s, "ok");
}

static void bi_cpus(const void *fdt)
{
	int cpus = fdt_path_offset(fdt, "/cpus");
	int node;

	if (cpus < 0)
		return;
	bootinfo.timebase =
		bi_prop_num(fdt, cpus, "timebase-frequency", 10000000);
	fdt_for_each_subnode(node, fdt, cpus)
	{
		int len;
		const char *type = fdt_getprop(fdt, node, "device_type", &len);
		uint64_t id, unused;

		if (!type || strcmp(type, "cpu") || !bi_status_ok(fdt, node))
			continue;
		if (bi_reg(fdt, node, cpus, &id, &unused))
			continue;
		if (bootinfo.ncpus < GK_MAX_CPUS)
			bootinfo.hartids[bootinfo.ncpus++] = id;
	}
}

static void bi_memory(const void *fdt)
{
	int node;

	fdt_for_each_subnode(node, fdt, 0)
	{
		int len;
		const char *type = fdt_getprop(fdt, node, "device_type", &len);

		if (!type || strcmp(type, "memory"))
			continue;
		if (!bi_reg(fdt, node, 0, &bootinfo.mem_base,
			    &bootinfo.mem_size))
			return;
	}
}

static void bi_chosen(const void *fdt)
{
	int node = fdt_path_offset(fdt, "/chosen");
	int len;

	if (node < 0)
		return;
	const char *args = fdt_getprop(fdt, node, "bootargs", &len);
	if (args && len > 0) {
		unsigned long n = (unsigned long)len < GK_BOOTARGS_MAX
					  ? (unsigned long)len
					  : GK_BOOTARGS_MAX;
		memcpy(bootinfo.bootargs, args, n);
		bootinfo.bootargs[n - 1] = 0;
	}
	bootinfo.initrd_start = bi_prop_num(fdt, node, "linux,initrd-start", 0);
	bootinfo.initrd_end = bi_prop_num(fdt, node, "linux,initrd-end", 0);
	if (bootinfo.initrd_end < bootinfo.initrd_start)
		bootinfo.initrd_start = bootinfo.initrd_end = 0;
}

/* interrupts-extended = <intc-phandle irq>...: entry i is context i; the
 * S-mode one of a hart is the entry naming its intc with irq 9. */
static void bi_plic_contexts(const void *fdt, int plic)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, plic, "interrupts-extended", &len);

	for (unsigned i = 0; i < GK_MAX_CPUS; i++)
		bootinfo.plic_sctx[i] = -1;
	if (!p)
		return;
	for (int ctx = 0; ctx < len / 8; ctx++) {
		uint32_t ph = fdt32_to_cpu(p[2 * ctx]);
		uint32_t irq = fdt32_to_cpu(p[2 * ctx + 1]);
		int intc = fdt_node_offset_by_phandle(fdt, ph);
		int cpu = intc >= 0 ? fdt_parent_offset(fdt, intc) : -1;
		uint64_t hart, unused;
		if (irq != 9 || cpu < 0 ||
		    bi_reg(fdt, cpu, fdt_parent_offset(fdt, cpu), &hart,
			   &unused))
			continue;
		for (unsigned i = 0; i < bootinfo.ncpus; i++)
			if (bootinfo.hartids[i] == hart)
				bootinfo.plic_sctx[i] = ctx;
	}
}

/* Devices are found by compatible anywhere in the tree. */
static void bi_devices(const void *fdt)
{
	int node = fdt_node_offset_by_compatible(fdt, -1, "ns16550a");

	if (node >= 0 && bi_status_ok(fdt, node)) {
		int parent = fdt_parent_offset(fdt, node);
		if (!bi_reg(fdt, node, parent, &bootinfo.uart_base,
			    &bootinfo.uart_size))
			bootinfo.uart_irq = (uint32_t)bi_prop_num(
				fdt, node, "interrupts", 0);
	}
	/* QEMU virt lists its slots from the highest address down; the
	 * slots' order by address is the order the kernel names disks in */
	for (node = fdt_node_offset_by_compatible(fdt, -1, "virtio,mmio");
	     node >= 0 && bootinfo.nvirtio < GK_MAX_VIRTIO;
	     node = fdt_node_offset_by_compatible(fdt, node, "virtio,mmio")) {
		uint64_t base, size;
		if (!bi_status_ok(fdt, node) ||
		    bi_reg(fdt, node, fdt_parent_offset(fdt, node), &base,
			   &size))
			continue;
		unsigned i = bootinfo.nvirtio++;
		while (i && bootinfo.virtio[i - 1].base > base) {
			bootinfo.virtio[i] = bootinfo.virtio[i - 1];
			i--;
		}
		bootinfo.virtio[i].base = base;
		bootinfo.virtio[i].size = size;
		bootinfo.virtio[i].irq =
			(uint32_t)bi_prop_num(fdt, node, "interrupts", 0);
	}
	node = fdt_node_offset_by_compatible(fdt, -1, "riscv,plic0");
	if (node < 0)
		node = fdt_node_offset_by_compatible(fdt, -1,
						     "sifive,plic-1.0.0");
	if (node >= 0 && bi_status_ok(fdt, node)) {
		int parent = fdt_parent_offset(fdt, node);
		bi_reg(fdt, node, parent, &bootinfo.plic_base,
		       &bootinfo.plic_size);
		bi_plic_contexts(fdt, node);
	}
}

int bootinfo_parse(const void *dtb)
{
	int err = fdt_check_header(dtb);

	if (err)
		return err;
	bootinfo.dtb_pa = (uint64_t)(uintptr_t)dtb;
	bootinfo.dtb_size = fdt_totalsize(dtb);
	bi_memory(dtb);
	bi_cpus(dtb);
	bi_chosen(dtb);
	bi_devices(dtb);
	return 0;
}

const char *bootargs_get(const char *key, char *buf, unsigned long size)
{
	const char *p = bootinfo.bootargs;
	unsigned long klen = strlen(key);

	while (*p) {
		while (*p == ' ')
			p++;
		const char *w = p;
		while (*p && *p != ' ')
			p++;
		unsigned long wlen = (unsigned long)(p - w);
		if (wlen >= klen && !strncmp(w, key, klen) &&
		    (wlen == klen || w[klen] == '=')) {
			const char *v = wlen == klen ? w + wlen : w + klen + 1;
			unsigned long vlen = (unsigned long)(p - v);
			if (!size)
				return buf;
			if (vlen >= size)
				vlen = size - 1;
			memcpy(buf, v, vlen);
			buf[vlen] = 0;
			return buf;
		}
	}
	return 0;
}
