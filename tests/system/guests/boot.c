/* SPDX-License-Identifier: MIT */
/* Boot protocol: entry registers and CSRs, load address, and the guest DTB
 * (memory, cpus, timebase, /chosen bootargs and initrd). The script passes
 * what it configured through bootargs: tg.mem=<bytes> and, with an initrd,
 * tg.initrd=<size>:<hash> (hash: h = h * 31 + byte, mod 2^32). */
#include <string.h>
#include <libfdt.h>
#include "tg.h"

const char tg_name[] = "boot";

extern char _start[];
/* link-time address of _start, stored as data: compared with the run-time
 * (pc-relative) address to check where the image was loaded */
static const uintptr_t tg_link_start = (uintptr_t)_start;

static bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

static bool in_ram(uint64_t a, uint64_t len)
{
	return a >= tg_ram_base && len <= tg_ram_size &&
	       a - tg_ram_base <= tg_ram_size - len;
}

static void test_entry(void)
{
	unsigned long nonzero = 0, run_start;
	unsigned int i;

	tg_eqx(tg_boot_state[10], 0, "a0 (vCPU id) is 0");
	for (i = 1; i < 32; i++)
		if (i != 10 && i != 11 && tg_boot_state[i])
			nonzero |= 1UL << i;
	tg_eqx(nonzero, 0, "GPRs other than a0/a1 are 0 (mask of x1..x31)");
	tg_eqx(tg_boot_state[TG_BOOT_SATP], 0, "satp is 0 (bare)");
	tg_eqx(tg_boot_state[TG_BOOT_SSTATUS] & SR_SIE, 0, "sstatus.SIE is 0");
	tg_eqx(tg_boot_state[TG_BOOT_SIE], 0, "sie is 0");
	__asm__ volatile("lla %0, _start" : "=r"(run_start));
	tg_eqx(run_start, tg_link_start, "image runs where it was linked");
	tg_eqx(tg_boot_state[TG_BOOT_PC], 0x80200000, "entry at 0x80200000");
}

static void test_dtb(void)
{
	const void *fdt = tg_dtb;
	uint64_t dtb = (uintptr_t)fdt, size;
	unsigned long want_mem = tg_arg_ul("tg.mem", 0);

	tg_ok(tg_fdt_valid(), "a1 points to a valid DTB (%#lx)",
	      (unsigned long)dtb);
	tg_eqx(tg_ram_base, 0x80000000, "memory node base is 0x80000000");
	if (want_mem)
		tg_eqx(tg_ram_size, want_mem, "memory node size is --mem");
	else
		tg_ok(tg_ram_size >= 0x400000, "memory node size %#lx",
		      (unsigned long)tg_ram_size);
	size = tg_fdt_valid() ? fdt_totalsize(fdt) : 0;
	tg_ok(size && in_ram(dtb, size) && !(dtb & 7),
	      "DTB lies in guest RAM, 8-byte aligned (%#lx + %#lx)",
	      (unsigned long)dtb, (unsigned long)size);
	tg_ok(!overlaps(dtb, size, (uintptr_t)tg_image_start,
			tg_image_end - tg_image_start),
	      "DTB does not overlap the image");
}

static void test_ram_edge(void)
{
	volatile uint64_t *last;
	uint64_t old, v;

	if (!tg_ram_size) {
		tg_ok(false, "last RAM word readable and writable # no RAM");
		return;
	}
	last = (volatile uint64_t *)(uintptr_t)(tg_ram_base + tg_ram_size - 8);
	old = *last;
	*last = 0x0123456789abcdef;
	v = *last;
	*last = old;
	tg_eqx(v, 0x0123456789abcdef, "last RAM word (%#lx) is RAM",
	       (unsigned long)(uintptr_t)last);
}

static void test_cpus(void)
{
	const void *fdt = tg_dtb;
	const fdt32_t *tb;
	const char *isa, *mmu;
	int cpus, node, len, n = 0, cpu0 = -1;

	cpus = fdt_path_offset(fdt, "/cpus");
	tg_ok(cpus >= 0, "/cpus exists");
	tb = cpus >= 0 ? fdt_getprop(fdt, cpus, "timebase-frequency", &len)
		       : NULL;
	tg_eqx(tb && len == 4 ? fdt32_to_cpu(*tb) : 0, 10000000,
	       "timebase-frequency is 10 MHz");
	fdt_for_each_subnode(node, fdt, cpus)
	{
		const char *type = fdt_getprop(fdt, node, "device_type", NULL);
		const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);

		if (!type || strcmp(type, "cpu"))
			continue;
		n++;
		if (reg && len == 4 && fdt32_to_cpu(*reg) == 0)
			cpu0 = node;
	}
	tg_eqx(n, 1, "one cpu node for one vCPU");
	tg_ok(cpu0 >= 0, "cpu node with reg 0");
	isa = cpu0 >= 0 ? fdt_getprop(fdt, cpu0, "riscv,isa", NULL) : NULL;
	tg_ok(isa && !strncmp(isa, "rv64i", 5), "riscv,isa is rv64i... (%s)",
	      isa ? isa : "missing");
	mmu = cpu0 >= 0 ? fdt_getprop(fdt, cpu0, "mmu-type", NULL) : NULL;
	tg_ok(mmu && !strncmp(mmu, "riscv,sv", 8), "mmu-type is riscv,sv* (%s)",
	      mmu ? mmu : "missing");
}

static uint64_t chosen_u64(int node, const char *name, bool *found)
{
	const fdt32_t *p;
	int len;

	p = fdt_getprop(tg_dtb, node, name, &len);
	*found = p && (len == 4 || len == 8);
	if (!*found)
		return 0;
	return len == 4 ? fdt32_to_cpu(p[0])
			: ((uint64_t)fdt32_to_cpu(p[0]) << 32) |
				  fdt32_to_cpu(p[1]);
}

static char want[40];
static bool has_initrd;

static void test_chosen(void)
{
	const char *args = tg_fdt_bootargs();
	char *colon;
	uint64_t start, end, want_size = 0;
	uint32_t want_hash = 0, h = 0;
	bool has_start, has_end;
	int chosen;

	tg_ok(args != NULL, "/chosen/bootargs present");
	/* the script compares this line with what it passed */
	tg_printf("tg: bootargs=[%s]\n", args ? args : "");
	chosen = fdt_path_offset(tg_dtb, "/chosen");
	start = chosen_u64(chosen, "linux,initrd-start", &has_start);
	end = chosen_u64(chosen, "linux,initrd-end", &has_end);
	if (!has_initrd) {
		tg_ok(!has_start && !has_end, "no initrd properties without "
					      "an initrd");
		return;
	}
	tg_ok(has_start && has_end, "linux,initrd-start/end present");
	want_size = strtoul(want, &colon, 0);
	if (*colon == ':')
		want_hash = strtoul(colon + 1, NULL, 0);
	tg_eqx(end - start, want_size, "initrd size");
	tg_ok(in_ram(start, end - start) &&
		      !overlaps(start, end - start, (uintptr_t)tg_image_start,
				tg_image_end - tg_image_start) &&
		      !overlaps(start, end - start, (uintptr_t)tg_dtb,
				fdt_totalsize(tg_dtb)),
	      "initrd in RAM, clear of image and DTB (%#lx-%#lx)",
	      (unsigned long)start, (unsigned long)end);
	if (in_ram(start, end - start))
		for (uint64_t a = start; a < end; a++)
			h = h * 31 + *(volatile uint8_t *)(uintptr_t)a;
	tg_eqx(h, want_hash, "initrd content hash");
}

void tg_main(void)
{
	has_initrd = tg_arg("tg.initrd", want, sizeof(want));
	tg_plan(7 + 5 + 1 + 6 + 1 + (has_initrd ? 4 : 1));
	test_entry();
	test_dtb();
	test_ram_edge();
	test_cpus();
	test_chosen();
}
