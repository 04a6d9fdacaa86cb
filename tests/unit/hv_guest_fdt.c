// SPDX-License-Identifier: MIT
/* Unit tests for hypervisor/guest_fdt.c: the guest DTB is built, then read
 * back with libfdt's read-only API and checked node by node. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <libfdt.h>

#include "guest_fdt.h"

#define HOST_ISA "rv64imafdch_zicsr_zifencei_zihintpause_zba_zbb_zbc_zbs_sstc"
#define GUEST_ISA "rv64imafdc_zicsr_zifencei_zihintpause_zba_zbb_zbc_zbs_sstc"

static uint8_t dtb[16384];

static struct guest_fdt_params base_params(void)
{
	struct guest_fdt_params p = {
		.name = "linux-0",
		.ram_base = 0x80000000ULL,
		.ram_size = 256ULL << 20,
		.nr_vcpus = 2,
		.timebase_hz = 10000000,
		.isa = GUEST_ISA,
		.mmu_type = "riscv,sv39",
		.bootargs = "console=ttyS0 earlycon",
		.initrd_start = 0x88000000ULL,
		.initrd_end = 0x88123457ULL,
	};
	return p;
}

static uint32_t get_u32(const void *fdt, int node, const char *name)
{
	int len = 0;
	const fdt32_t *v = fdt_getprop(fdt, node, name, &len);

	if (!v || len != 4)
		fail_msg("property %s: len %d", name, len);
	return fdt32_to_cpu(*v);
}

static uint64_t get_u64(const void *fdt, int node, const char *name)
{
	int len = 0;
	const fdt64_t *v = fdt_getprop(fdt, node, name, &len);

	if (!v || len != 8)
		fail_msg("property %s: len %d", name, len);
	return fdt64_to_cpu(*v);
}

static const char *get_str(const void *fdt, int node, const char *name)
{
	int len = 0;
	const char *v = fdt_getprop(fdt, node, name, &len);

	if (!v || len < 1 || v[len - 1] != '\0')
		fail_msg("property %s: not a string (len %d)", name, len);
	return v;
}

static void test_full_tree(void **state)
{
	struct guest_fdt_params p = base_params();
	int size, root, mem, cpus, chosen, node, n = 0, len;
	const fdt64_t *reg;
	(void)state;

	size = guest_fdt_build(dtb, sizeof(dtb), &p);
	assert_true(size > 0);
	assert_int_equal(fdt_check_full(dtb, (size_t)size), 0);
	assert_int_equal(fdt_totalsize(dtb), size);

	root = fdt_path_offset(dtb, "/");
	assert_int_equal(get_u32(dtb, root, "#address-cells"), 2);
	assert_int_equal(get_u32(dtb, root, "#size-cells"), 2);
	assert_string_equal(get_str(dtb, root, "compatible"), "riscv-virtio");
	assert_string_equal(get_str(dtb, root, "model"), "linux-0");

	mem = fdt_path_offset(dtb, "/memory@80000000");
	assert_true(mem >= 0);
	assert_string_equal(get_str(dtb, mem, "device_type"), "memory");
	reg = fdt_getprop(dtb, mem, "reg", &len);
	assert_non_null(reg);
	assert_int_equal(len, 16);
	assert_int_equal(fdt64_to_cpu(reg[0]), 0x80000000ULL);
	assert_int_equal(fdt64_to_cpu(reg[1]), 256ULL << 20);

	cpus = fdt_path_offset(dtb, "/cpus");
	assert_true(cpus >= 0);
	assert_int_equal(get_u32(dtb, cpus, "timebase-frequency"), 10000000);
	assert_int_equal(get_u32(dtb, cpus, "#address-cells"), 1);
	assert_int_equal(get_u32(dtb, cpus, "#size-cells"), 0);
	fdt_for_each_subnode(node, dtb, cpus)
	{
		char want[16];
		int intc;

		snprintf(want, sizeof(want), "cpu@%x", n);
		assert_string_equal(fdt_get_name(dtb, node, NULL), want);
		assert_string_equal(get_str(dtb, node, "device_type"), "cpu");
		assert_int_equal(get_u32(dtb, node, "reg"), n);
		assert_string_equal(get_str(dtb, node, "status"), "okay");
		assert_string_equal(get_str(dtb, node, "compatible"), "riscv");
		assert_string_equal(get_str(dtb, node, "riscv,isa"), GUEST_ISA);
		assert_string_equal(get_str(dtb, node, "mmu-type"),
				    "riscv,sv39");
		intc = fdt_subnode_offset(dtb, node, "interrupt-controller");
		assert_true(intc >= 0);
		assert_string_equal(get_str(dtb, intc, "compatible"),
				    "riscv,cpu-intc");
		assert_int_equal(get_u32(dtb, intc, "#interrupt-cells"), 1);
		assert_int_equal(get_u32(dtb, intc, "#address-cells"), 0);
		assert_non_null(
			fdt_getprop(dtb, intc, "interrupt-controller", &len));
		assert_int_equal(len, 0);
		assert_int_equal(fdt_get_phandle(dtb, intc),
				 GUEST_FDT_PHANDLE_INTC(n));
		assert_int_equal(fdt_node_offset_by_phandle(
					 dtb, GUEST_FDT_PHANDLE_INTC(n)),
				 intc);
		n++;
	}
	assert_int_equal(n, 2);

	chosen = fdt_path_offset(dtb, "/chosen");
	assert_true(chosen >= 0);
	assert_string_equal(get_str(dtb, chosen, "bootargs"),
			    "console=ttyS0 earlycon");
	assert_int_equal(get_u64(dtb, chosen, "linux,initrd-start"),
			 0x88000000ULL);
	assert_int_equal(get_u64(dtb, chosen, "linux,initrd-end"),
			 0x88123457ULL);
	assert_null(fdt_getprop(dtb, chosen, "stdout-path", NULL));
}

static void test_minimal_tree(void **state)
{
	struct guest_fdt_params p = base_params();
	int size, chosen, cpus, node, n = 0;
	(void)state;

	p.nr_vcpus = 8;
	p.bootargs = NULL;
	p.initrd_start = p.initrd_end = 0x81000000ULL; /* empty: no initrd */
	p.name = NULL;
	p.ram_base = 0x100000000ULL;
	p.ram_size = 4ULL << 20;
	size = guest_fdt_build(dtb, sizeof(dtb), &p);
	assert_true(size > 0);
	assert_int_equal(fdt_check_full(dtb, (size_t)size), 0);
	chosen = fdt_path_offset(dtb, "/chosen");
	assert_true(chosen >= 0);
	assert_null(fdt_getprop(dtb, chosen, "bootargs", NULL));
	assert_null(fdt_getprop(dtb, chosen, "linux,initrd-start", NULL));
	assert_null(fdt_getprop(dtb, chosen, "linux,initrd-end", NULL));
	assert_true(fdt_path_offset(dtb, "/memory@100000000") >= 0);
	assert_true(fdt_path_offset(dtb, "/cpus/cpu@7") >= 0);
	cpus = fdt_path_offset(dtb, "/cpus");
	fdt_for_each_subnode(node, dtb, cpus) n++;
	assert_int_equal(n, 8);
	assert_string_equal(get_str(dtb, 0, "model"), "rvh-guest");
}

/* Every buffer size below the real size fails with NOSPACE and never
 * writes past the size it was given. */
static void test_nospace(void **state)
{
	struct guest_fdt_params p = base_params();
	static uint8_t buf[16384 + 64];
	int full;
	(void)state;

	full = guest_fdt_build(dtb, sizeof(dtb), &p);
	assert_true(full > 0);
	for (int size = 0; size < full; size++) {
		memset(buf, 0xa5, sizeof(buf));
		assert_int_equal(guest_fdt_build(buf, (size_t)size, &p),
				 -FDT_ERR_NOSPACE);
		for (size_t i = (size_t)size; i < (size_t)size + 64; i++)
			if (buf[i] != 0xa5)
				fail_msg("size %d: byte %zu written", size, i);
	}
	assert_int_equal(guest_fdt_build(buf, (size_t)full, &p), full);
	assert_memory_equal(buf, dtb, (size_t)full);
}

static void test_bad_params(void **state)
{
	struct guest_fdt_params p;
	(void)state;

	assert_int_equal(guest_fdt_build(dtb, sizeof(dtb), NULL),
			 -FDT_ERR_BADVALUE);
	p = base_params();
	assert_int_equal(guest_fdt_build(NULL, sizeof(dtb), &p),
			 -FDT_ERR_BADVALUE);
	p.nr_vcpus = 0;
	assert_int_equal(guest_fdt_build(dtb, sizeof(dtb), &p),
			 -FDT_ERR_BADVALUE);
	p.nr_vcpus = 9;
	assert_int_equal(guest_fdt_build(dtb, sizeof(dtb), &p),
			 -FDT_ERR_BADVALUE);
	p = base_params();
	p.isa = NULL;
	assert_int_equal(guest_fdt_build(dtb, sizeof(dtb), &p),
			 -FDT_ERR_BADVALUE);
	p = base_params();
	p.mmu_type = NULL;
	assert_int_equal(guest_fdt_build(dtb, sizeof(dtb), &p),
			 -FDT_ERR_BADVALUE);
	p = base_params();
	p.ram_size = 0;
	assert_int_equal(guest_fdt_build(dtb, sizeof(dtb), &p),
			 -FDT_ERR_BADVALUE);
	p = base_params();
	p.ram_base = 0xfffffffffff00000ULL; /* wraps */
	assert_int_equal(guest_fdt_build(dtb, sizeof(dtb), &p),
			 -FDT_ERR_BADVALUE);
	p = base_params();
	p.initrd_end = p.initrd_start - 1;
	assert_int_equal(guest_fdt_build(dtb, sizeof(dtb), &p),
			 -FDT_ERR_BADVALUE);
	p = base_params();
	p.initrd_end = p.ram_base + p.ram_size + 1; /* past RAM */
	assert_int_equal(guest_fdt_build(dtb, sizeof(dtb), &p),
			 -FDT_ERR_BADVALUE);
	p = base_params();
	p.initrd_start = p.ram_base - 4096; /* before RAM */
	assert_int_equal(guest_fdt_build(dtb, sizeof(dtb), &p),
			 -FDT_ERR_BADVALUE);
	p = base_params();
	p.initrd_end = p.ram_base + p.ram_size; /* ends at the end: fine */
	assert_true(guest_fdt_build(dtb, sizeof(dtb), &p) > 0);
}

static int add_uart(void *fdt, void *arg)
{
	int *calls = arg;
	fdt64_t reg[2] = {cpu_to_fdt64(0x10000000), cpu_to_fdt64(0x100)};

	(*calls)++;
	if (fdt_begin_node(fdt, "serial@10000000") ||
	    fdt_property_string(fdt, "compatible", "ns16550a") ||
	    fdt_property(fdt, "reg", reg, sizeof(reg)) ||
	    fdt_property_u32(fdt, "phandle", GUEST_FDT_PHANDLE_FREE))
		return -FDT_ERR_NOSPACE;
	return fdt_end_node(fdt);
}

static int add_fails(void *fdt, void *arg)
{
	(void)fdt;
	(void)arg;
	return -FDT_ERR_BADPHANDLE;
}

static void test_add_nodes_and_stdout(void **state)
{
	struct guest_fdt_params p = base_params();
	int calls = 0, size, uart;
	(void)state;

	p.add_nodes = add_uart;
	p.add_nodes_arg = &calls;
	p.stdout_path = "/serial@10000000";
	size = guest_fdt_build(dtb, sizeof(dtb), &p);
	assert_true(size > 0);
	assert_int_equal(calls, 1);
	assert_int_equal(fdt_check_full(dtb, (size_t)size), 0);
	uart = fdt_path_offset(dtb, "/serial@10000000");
	assert_true(uart >= 0);
	assert_int_equal(
		fdt_node_offset_by_phandle(dtb, GUEST_FDT_PHANDLE_FREE), uart);
	assert_string_equal(
		get_str(dtb, fdt_path_offset(dtb, "/chosen"), "stdout-path"),
		"/serial@10000000");

	p.add_nodes = add_fails;
	assert_int_equal(guest_fdt_build(dtb, sizeof(dtb), &p),
			 -FDT_ERR_BADPHANDLE);
}

struct isa_case {
	const char *host, *guest;
};

static void test_isa_from_host(void **state)
{
	static const struct isa_case cases[] = {
		{HOST_ISA, GUEST_ISA},
		{"rv64imafdc_zicsr", "rv64imafdc_zicsr"},
		{"rv64imafdchv_zba", "rv64imafdcv_zba"},
		{"rv64h", "rv64"},
		{"RV64IMAFDCH_Zicsr_Sstc", "RV64IMAFDC_Zicsr_Sstc"},
		/* versioned letters: "h1p0" goes as a whole, "p" stays */
		{"rv64i2p1m2p0a2p1f2p2d2p2c2p0h1p0_zicsr2p0",
		 "rv64i2p1m2p0a2p1f2p2d2p2c2p0_zicsr2p0"},
		{"rv64imach2p0p_zba", "rv64imacp_zba"},
		/* multi-letter hypervisor entries */
		{"rv64gch_h_hfoo_sha_shcounterenw_svinval_zihintpause",
		 "rv64gc_svinval_zihintpause"},
		/* a multi-letter name glued to the letters keeps its 'h' */
		{"rv64gchzihintpause_zba", "rv64gczihintpause_zba"},
		{"rv64gchsstc", "rv64gcsstc"},
		{"rv64gcshgatpa_zba", "rv64gc_zba"},
		/* old S and U letters are letters */
		{"rv64imafdcsuh", "rv64imafdcsu"},
		{"rv32imach__zicsr_", "rv32imac_zicsr"},
	};
	char out[128];
	(void)state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memset(out, 'Q', sizeof(out));
		if (guest_fdt_isa_from_host(cases[i].host, out, sizeof(out)))
			fail_msg("'%s' rejected", cases[i].host);
		if (strcmp(out, cases[i].guest))
			fail_msg("'%s' -> '%s', expected '%s'", cases[i].host,
				 out, cases[i].guest);
	}
}

static void test_isa_errors(void **state)
{
	char out[128];
	size_t need = strlen(GUEST_ISA);
	(void)state;

	/* exactly enough room (incl. NUL), and one byte less */
	memset(out, 'Q', sizeof(out));
	assert_int_equal(guest_fdt_isa_from_host(HOST_ISA, out, need + 1), 0);
	assert_string_equal(out, GUEST_ISA);
	memset(out, 'Q', sizeof(out));
	assert_int_equal(guest_fdt_isa_from_host(HOST_ISA, out, need), -1);
	assert_string_equal(out, "");
	for (size_t i = need; i < sizeof(out); i++)
		assert_int_equal(out[i], 'Q');
	assert_int_equal(guest_fdt_isa_from_host(HOST_ISA, out, 1), -1);
	assert_int_equal(guest_fdt_isa_from_host(HOST_ISA, out, 0), -1);
	assert_int_equal(guest_fdt_isa_from_host(HOST_ISA, NULL, 10), -1);
	assert_int_equal(guest_fdt_isa_from_host(NULL, out, sizeof(out)), -1);
	assert_int_equal(guest_fdt_isa_from_host("", out, sizeof(out)), -1);
	assert_int_equal(guest_fdt_isa_from_host("x86_64", out, sizeof(out)),
			 -1);
	assert_int_equal(guest_fdt_isa_from_host("rv", out, sizeof(out)), -1);
}

/* The ISA filter output goes straight into the tree. */
static void test_isa_into_tree(void **state)
{
	struct guest_fdt_params p = base_params();
	char isa[128];
	int cpu;
	(void)state;

	assert_int_equal(guest_fdt_isa_from_host(HOST_ISA, isa, sizeof(isa)),
			 0);
	p.isa = isa;
	assert_true(guest_fdt_build(dtb, sizeof(dtb), &p) > 0);
	cpu = fdt_path_offset(dtb, "/cpus/cpu@1");
	assert_true(cpu >= 0);
	assert_string_equal(get_str(dtb, cpu, "riscv,isa"), GUEST_ISA);
	/* no 'h' left among the single-letter extensions */
	assert_true(strchr(isa, 'h') > strchr(isa, '_'));
}

/* dtc's own checks (interrupt providers, unit addresses vs reg, ...) find
 * nothing to warn about in the tree. */
static void test_dtc_clean(void **state)
{
	struct guest_fdt_params p = base_params();
	char path[] = "/tmp/hv_guest_fdt_XXXXXX", cmd[256], out[512];
	size_t got;
	FILE *f;
	int fd, size;
	(void)state;

	size = guest_fdt_build(dtb, sizeof(dtb), &p);
	assert_true(size > 0);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, dtb, (size_t)size), size);
	close(fd);
	snprintf(cmd, sizeof(cmd), "dtc -I dtb -O dts -o /dev/null %s 2>&1",
		 path);
	f = popen(cmd, "r");
	assert_non_null(f);
	got = fread(out, 1, sizeof(out) - 1, f);
	out[got] = '\0';
	assert_int_equal(pclose(f), 0);
	unlink(path);
	if (got)
		fail_msg("dtc: %s", out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full_tree),
		cmocka_unit_test(test_minimal_tree),
		cmocka_unit_test(test_nospace),
		cmocka_unit_test(test_bad_params),
		cmocka_unit_test(test_add_nodes_and_stdout),
		cmocka_unit_test(test_isa_from_host),
		cmocka_unit_test(test_isa_errors),
		cmocka_unit_test(test_isa_into_tree),
		cmocka_unit_test(test_dtc_clean),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP); /* prove reads TAP */
	return cmocka_run_group_tests_name("hv_guest_fdt", tests, NULL, NULL);
}
