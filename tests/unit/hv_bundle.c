// SPDX-License-Identifier: MIT
/* Unit tests for hypervisor/bundle.c. Bundles are built here with libfdt's
 * sequential-write API (so each can be broken in one precise way), and one
 * comes from scripts/mkbundle.sh at build time (HV_BUNDLE_SAMPLE) to check
 * the parser against the script that writes the format. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libfdt.h>

#include "bundle.h"

#define BUF_SIZE (64 * 1024)

/* One guest node; a NULL/negative field leaves the property out. */
struct tprop {
	const char *name;
	const void *val;
	int len;
};

/* A device child node: its compatible (len bytes) and one more property. */
struct tdev {
	const char *name;
	const char *compat;
	int compat_len;
	const char *serial;
};

struct tguest {
	const char *name;
	struct tprop props[8];
	struct tdev devs[GUEST_DEVS_MAX + 1];
};

static uint8_t image_bytes[] = {0x13, 0x00, 0x00, 0x00, 0x6f, 0x00, 0x00, 0x00};
static uint8_t initrd_bytes[] = "initrd-contents";
static uint8_t mem_128m[8] = {0, 0, 0, 0, 0x08, 0, 0, 0};
static uint8_t cpus_2[4] = {0, 0, 0, 2};

static struct tguest good_guest(const char *name)
{
	struct tguest g = {
		name,
		{
			{"memory-size", mem_128m, 8},
			{"cpus", cpus_2, 4},
			{"bootargs", "console=hvc0", 13},
			{"image", image_bytes, sizeof(image_bytes)},
		},
		{{0}},
	};
	return g;
}

/* Replace (or with val == NULL remove) property name. */
static void set_prop(struct tguest *g, const char *name, const void *val,
		     int len)
{
	for (int i = 0; i < 8; i++)
		if (g->props[i].name && !strcmp(g->props[i].name, name)) {
			g->props[i].val = val;
			g->props[i].len = len;
			if (!val)
				g->props[i].name = NULL;
			return;
		}
	for (int i = 0; i < 8; i++)
		if (!g->props[i].name) {
			g->props[i] = (struct tprop){name, val, len};
			return;
		}
	fail_msg("too many props");
}

static size_t build(void *buf, const char *compat, const struct tguest *gs,
		    int n, int with_guests_node)
{
	assert_int_equal(fdt_create(buf, BUF_SIZE), 0);
	assert_int_equal(fdt_finish_reservemap(buf), 0);
	assert_int_equal(fdt_begin_node(buf, ""), 0);
	if (compat)
		assert_int_equal(fdt_property_string(buf, "compatible", compat),
				 0);
	if (with_guests_node) {
		assert_int_equal(fdt_begin_node(buf, "guests"), 0);
		for (int i = 0; i < n; i++) {
			assert_int_equal(fdt_begin_node(buf, gs[i].name), 0);
			for (int j = 0; j < 8; j++) {
				const struct tprop *p = &gs[i].props[j];

				if (p->name)
					assert_int_equal(
						fdt_property(buf, p->name,
							     p->val, p->len),
						0);
			}
			for (int j = 0; j <= GUEST_DEVS_MAX; j++) {
				const struct tdev *d = &gs[i].devs[j];

				if (!d->name)
					continue;
				assert_int_equal(fdt_begin_node(buf, d->name),
						 0);
				if (d->compat)
					assert_int_equal(
						fdt_property(buf, "compatible",
							     d->compat,
							     d->compat_len),
						0);
				if (d->serial)
					assert_int_equal(fdt_property_string(
								 buf, "serial",
								 d->serial),
							 0);
				assert_int_equal(fdt_end_node(buf), 0);
			}
			assert_int_equal(fdt_end_node(buf), 0);
		}
		assert_int_equal(fdt_end_node(buf), 0);
	}
	assert_int_equal(fdt_end_node(buf), 0);
	assert_int_equal(fdt_finish(buf), 0);
	return fdt_totalsize(buf);
}

struct fixture {
	uint8_t *buf;
	struct guest_config cfgs[GUEST_MAX + 4];
	char err[256];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	f->buf = malloc(BUF_SIZE);
	*state = f;
	return f && f->buf ? 0 : -1;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	free(f->buf);
	free(f);
	return 0;
}

/* Parse one guest g and expect failure with all of needles in err. */
static void expect_error(struct fixture *f, const struct tguest *g, int n,
			 const char *n1, const char *n2)
{
	size_t size = build(f->buf, "rvh,bundle-v1", g, n, 1);
	int ret = bundle_parse(f->buf, size, f->cfgs, GUEST_MAX, f->err,
			       sizeof(f->err));

	if (ret >= 0)
		fail_msg("parse succeeded (%d), expected an error with '%s'",
			 ret, n1);
	if (!strstr(f->err, n1) || (n2 && !strstr(f->err, n2)))
		fail_msg("error '%s' lacks '%s'/'%s'", f->err, n1,
			 n2 ? n2 : "");
}

static void test_happy_two_guests(void **state)
{
	struct fixture *f = *state;
	struct tguest g[2] = {good_guest("linux_0"), good_guest("async-1")};
	uint8_t mem_4m[8] = {0, 0, 0, 0, 0, 0x40, 0, 0};
	uint8_t cpus_8[4] = {0, 0, 0, 8};
	size_t size;

	set_prop(&g[0], "initrd", initrd_bytes, sizeof(initrd_bytes));
	set_prop(&g[1], "bootargs", NULL, 0);
	set_prop(&g[1], "memory-size", mem_4m, 8);
	set_prop(&g[1], "cpus", cpus_8, 4);
	size = build(f->buf, "rvh,bundle-v1", g, 2, 1);
	assert_int_equal(bundle_parse(f->buf, size, f->cfgs, GUEST_MAX, f->err,
				      sizeof(f->err)),
			 2);
	assert_string_equal(f->err, "");

	assert_string_equal(f->cfgs[0].name, "linux_0");
	assert_int_equal(f->cfgs[0].mem_size, 128ULL << 20);
	assert_int_equal(f->cfgs[0].nr_vcpus, 2);
	assert_string_equal(f->cfgs[0].bootargs, "console=hvc0");
	assert_int_equal(f->cfgs[0].image_size, sizeof(image_bytes));
	assert_memory_equal(f->cfgs[0].image, image_bytes, sizeof(image_bytes));
	/* points into the bundle, not a copy */
	assert_true((const uint8_t *)f->cfgs[0].image > f->buf &&
		    (const uint8_t *)f->cfgs[0].image < f->buf + size);
	assert_int_equal(f->cfgs[0].initrd_size, sizeof(initrd_bytes));
	assert_memory_equal(f->cfgs[0].initrd, initrd_bytes,
			    sizeof(initrd_bytes));

	assert_string_equal(f->cfgs[1].name, "async-1");
	assert_int_equal(f->cfgs[1].mem_size, GUEST_MEM_MIN);
	assert_int_equal(f->cfgs[1].nr_vcpus, GUEST_VCPUS_MAX);
	assert_non_null(f->cfgs[1].bootargs);
	assert_string_equal(f->cfgs[1].bootargs, "");
	assert_null(f->cfgs[1].initrd);
	assert_int_equal(f->cfgs[1].initrd_size, 0);
}

/* The bundle written by scripts/mkbundle.sh (see tests/unit/hv.mk). */
static void test_mkbundle_sample(void **state)
{
	struct fixture *f = *state;
	FILE *fp = fopen(HV_BUNDLE_SAMPLE, "rb");
	size_t size;

	assert_non_null(fp);
	size = fread(f->buf, 1, BUF_SIZE, fp);
	fclose(fp);
	assert_true(size > 0 && size < BUF_SIZE);
	assert_int_equal(bundle_parse(f->buf, size, f->cfgs, GUEST_MAX, f->err,
				      sizeof(f->err)),
			 1);
	assert_string_equal(f->cfgs[0].name, "sample-1");
	assert_int_equal(f->cfgs[0].mem_size, 64ULL << 20);
	assert_int_equal(f->cfgs[0].nr_vcpus, 3);
	assert_string_equal(f->cfgs[0].bootargs, "console=hvc0 \"quoted\" x");
	assert_int_equal(f->cfgs[0].image_size, 5);
	assert_memory_equal(f->cfgs[0].image, "IMAGE", 5);
	assert_int_equal(f->cfgs[0].initrd_size, 6);
	assert_memory_equal(f->cfgs[0].initrd, "INITRD", 6);
}

static void test_blob_errors(void **state)
{
	struct fixture *f = *state;
	struct tguest g = good_guest("g0");
	size_t size;
	char junk[64];

	assert_true(bundle_parse(NULL, 100, f->cfgs, GUEST_MAX, f->err,
				 sizeof(f->err)) < 0);
	assert_non_null(strstr(f->err, "too small"));
	assert_true(bundle_parse(f->buf, 10, f->cfgs, GUEST_MAX, f->err,
				 sizeof(f->err)) < 0);
	assert_non_null(strstr(f->err, "too small"));

	memset(junk, 0x41, sizeof(junk));
	assert_true(bundle_parse(junk, sizeof(junk), f->cfgs, GUEST_MAX, f->err,
				 sizeof(f->err)) < 0);
	assert_non_null(strstr(f->err, "not a valid device tree"));

	size = build(f->buf, "rvh,bundle-v1", &g, 1, 1);
	/* truncated: fewer bytes than the header's totalsize */
	assert_true(bundle_parse(f->buf, size - 1, f->cfgs, GUEST_MAX, f->err,
				 sizeof(f->err)) < 0);
	assert_non_null(strstr(f->err, "truncated"));

	/* corrupt the structure block: the first token becomes garbage */
	f->buf[fdt_off_dt_struct(f->buf) + 3] = 0x7f;
	assert_true(bundle_parse(f->buf, size, f->cfgs, GUEST_MAX, f->err,
				 sizeof(f->err)) < 0);
	assert_non_null(strstr(f->err, "corrupt"));

	/* pre-17 blobs are refused (libfdt's old-version paths crashed) */
	size = build(f->buf, "rvh,bundle-v1", &g, 1, 1);
	((struct fdt_header *)f->buf)->version = cpu_to_fdt32(16);
	((struct fdt_header *)f->buf)->last_comp_version = cpu_to_fdt32(16);
	assert_true(bundle_parse(f->buf, size, f->cfgs, GUEST_MAX, f->err,
				 sizeof(f->err)) < 0);
	assert_non_null(strstr(f->err, "version 16 is too old"));

	/* no room to write results */
	size = build(f->buf, "rvh,bundle-v1", &g, 1, 1);
	assert_true(bundle_parse(f->buf, size, f->cfgs, 0, f->err,
				 sizeof(f->err)) < 0);
	assert_true(bundle_parse(f->buf, size, NULL, 4, f->err,
				 sizeof(f->err)) < 0);
	/* a NULL err is allowed */
	assert_true(bundle_parse(f->buf, size, f->cfgs, 0, NULL, 0) < 0);
}

static void test_root_errors(void **state)
{
	struct fixture *f = *state;
	struct tguest g = good_guest("g0");
	size_t size;

	size = build(f->buf, "vendor,other", &g, 1, 1);
	assert_true(bundle_parse(f->buf, size, f->cfgs, GUEST_MAX, f->err,
				 sizeof(f->err)) < 0);
	assert_non_null(strstr(f->err, "rvh,bundle-v1"));

	size = build(f->buf, NULL, &g, 1, 1);
	assert_true(bundle_parse(f->buf, size, f->cfgs, GUEST_MAX, f->err,
				 sizeof(f->err)) < 0);
	assert_non_null(strstr(f->err, "rvh,bundle-v1"));

	size = build(f->buf, "rvh,bundle-v1", &g, 1, 0);
	assert_true(bundle_parse(f->buf, size, f->cfgs, GUEST_MAX, f->err,
				 sizeof(f->err)) < 0);
	assert_non_null(strstr(f->err, "/guests"));

	size = build(f->buf, "rvh,bundle-v1", &g, 0, 1);
	assert_true(bundle_parse(f->buf, size, f->cfgs, GUEST_MAX, f->err,
				 sizeof(f->err)) < 0);
	assert_non_null(strstr(f->err, "empty"));
}

static void test_name_errors(void **state)
{
	struct fixture *f = *state;
	struct tguest g = good_guest("bad.name");
	char longname[GUEST_NAME_MAX + 1];

	expect_error(f, &g, 1, "'bad' is followed", "0x2e");
	g = good_guest("dev@1000");
	expect_error(f, &g, 1, "'dev' is followed", "0x40");
	memset(longname, 'a', GUEST_NAME_MAX);
	longname[GUEST_NAME_MAX] = '\0';
	g = good_guest(longname);
	expect_error(f, &g, 1, "at most 23", NULL);
	/* GUEST_NAME_MAX - 1 characters fit */
	longname[GUEST_NAME_MAX - 1] = '\0';
	g = good_guest(longname);
	assert_int_equal(
		bundle_parse(f->buf, build(f->buf, "rvh,bundle-v1", &g, 1, 1),
			     f->cfgs, GUEST_MAX, f->err, sizeof(f->err)),
		1);
	assert_string_equal(f->cfgs[0].name, longname);
}

static void test_memory_errors(void **state)
{
	struct fixture *f = *state;
	struct tguest g = good_guest("gm");
	uint8_t four[4] = {0, 0, 0x10, 0};
	uint8_t unaligned[8] = {0, 0, 0, 0, 0x08, 0x00, 0x10, 0x00};
	uint8_t small[8] = {0, 0, 0, 0, 0, 0x20, 0, 0}; /* 2 MiB */
	uint8_t big[8] = {0, 0, 0, 0x20, 0, 0, 0, 0}; /* 128 GiB */
	uint8_t max[8] = {0, 0, 0, 0x10, 0, 0, 0, 0}; /* 64 GiB */

	set_prop(&g, "memory-size", NULL, 0);
	expect_error(f, &g, 1, "'gm'", "'memory-size' is missing");
	g = good_guest("gm");
	set_prop(&g, "memory-size", four, 4);
	expect_error(f, &g, 1, "'gm'", "is 4 bytes, expected 8");
	set_prop(&g, "memory-size", unaligned, 8);
	expect_error(f, &g, 1, "'gm'", "multiple of 2 MiB");
	set_prop(&g, "memory-size", small, 8);
	expect_error(f, &g, 1, "'gm'", "out of range");
	set_prop(&g, "memory-size", big, 8);
	expect_error(f, &g, 1, "'gm'", "out of range");
	set_prop(&g, "memory-size", max, 8);
	assert_int_equal(
		bundle_parse(f->buf, build(f->buf, "rvh,bundle-v1", &g, 1, 1),
			     f->cfgs, GUEST_MAX, f->err, sizeof(f->err)),
		1);
	assert_int_equal(f->cfgs[0].mem_size, GUEST_MEM_MAX);
}

static void test_cpus_errors(void **state)
{
	struct fixture *f = *state;
	struct tguest g = good_guest("gc");
	uint8_t zero[4] = {0};
	uint8_t nine[4] = {0, 0, 0, GUEST_VCPUS_MAX + 1};
	uint8_t eight_bytes[8] = {0, 0, 0, 0, 0, 0, 0, 1};

	set_prop(&g, "cpus", NULL, 0);
	expect_error(f, &g, 1, "'gc'", "'cpus' is missing");
	g = good_guest("gc");
	set_prop(&g, "cpus", eight_bytes, 8);
	expect_error(f, &g, 1, "'gc'", "'cpus' is 8 bytes");
	set_prop(&g, "cpus", zero, 4);
	expect_error(f, &g, 1, "'gc'", "cpus = 0");
	set_prop(&g, "cpus", nine, 4);
	expect_error(f, &g, 1, "'gc'", "cpus = 9");
}

static void test_bootargs_errors(void **state)
{
	struct fixture *f = *state;
	struct tguest g = good_guest("gb");
	static char args[GUEST_BOOTARGS_MAX + 1];

	set_prop(&g, "bootargs", "abc", 3); /* no NUL */
	expect_error(f, &g, 1, "'gb'", "NUL-terminated");
	set_prop(&g, "bootargs", "a\0b", 4); /* a string list */
	expect_error(f, &g, 1, "'gb'", "several strings");
	set_prop(&g, "bootargs", "", 0);
	expect_error(f, &g, 1, "'gb'", "NUL-terminated");

	memset(args, 'x', GUEST_BOOTARGS_MAX);
	args[GUEST_BOOTARGS_MAX] = '\0'; /* 1024 characters: too long */
	set_prop(&g, "bootargs", args, GUEST_BOOTARGS_MAX + 1);
	expect_error(f, &g, 1, "'gb'", "at most 1023");
	args[GUEST_BOOTARGS_MAX - 1] = '\0'; /* 1023 fit */
	set_prop(&g, "bootargs", args, GUEST_BOOTARGS_MAX);
	assert_int_equal(
		bundle_parse(f->buf, build(f->buf, "rvh,bundle-v1", &g, 1, 1),
			     f->cfgs, GUEST_MAX, f->err, sizeof(f->err)),
		1);
	assert_int_equal(strlen(f->cfgs[0].bootargs), GUEST_BOOTARGS_MAX - 1);
}

static int parse_devs(struct fixture *f, const struct tguest *g)
{
	return bundle_parse(f->buf, build(f->buf, "rvh,bundle-v1", g, 1, 1),
			    f->cfgs, GUEST_MAX, f->err, sizeof(f->err));
}

static void expect_dev(const struct guest_config *c, unsigned int i,
		       const char *compat, bool implicit, bool has_node)
{
	assert_true(i < c->nr_devs);
	assert_string_equal(c->devs[i].compatible, compat);
	assert_int_equal(c->devs[i].index, i);
	assert_int_equal(c->devs[i].implicit, implicit);
	assert_int_equal(c->devs[i].fdt != NULL, has_node);
}

static void test_devices(void **state)
{
	struct fixture *f = *state;
	struct tguest g = good_guest("gd");

	/* absent: the default set, each left out if its backend is missing */
	assert_int_equal(parse_devs(f, &g), 1);
	assert_int_equal(f->cfgs[0].nr_devs, 4);
	expect_dev(&f->cfgs[0], 0, "riscv,plic0", true, false);
	expect_dev(&f->cfgs[0], 1, "ns16550a", true, false);
	expect_dev(&f->cfgs[0], 2, "virtio,console", true, false);
	expect_dev(&f->cfgs[0], 3, "virtio,rng", true, false);
	set_prop(&g, "devices", "plic", 5);
	assert_int_equal(parse_devs(f, &g), 1);
	assert_int_equal(f->cfgs[0].nr_devs, 1);
	expect_dev(&f->cfgs[0], 0, "riscv,plic0", false, false);
	set_prop(&g, "devices", "none", 5);
	assert_int_equal(parse_devs(f, &g), 1);
	assert_int_equal(f->cfgs[0].nr_devs, 0);
	set_prop(&g, "devices", "uart\0plic", 10);
	assert_int_equal(parse_devs(f, &g), 1);
	assert_int_equal(f->cfgs[0].nr_devs, 2);
	expect_dev(&f->cfgs[0], 0, "ns16550a", false, false);
	expect_dev(&f->cfgs[0], 1, "riscv,plic0", false, false);

	set_prop(&g, "devices", "plic\0virtio-blk", 16);
	expect_error(f, &g, 1, "'gd'", "unknown device 'virtio-blk'");
	set_prop(&g, "devices", "none\0uart", 10);
	expect_error(f, &g, 1, "'gd'", "unknown device 'none'");
	set_prop(&g, "devices", "\x01\x02", 2);
	expect_error(f, &g, 1, "'gd'", "must be strings");
}

/* Child nodes with a compatible are devices, after the "devices" list. */
static void test_device_nodes(void **state)
{
	struct fixture *f = *state;
	struct tguest g = good_guest("gn");

	set_prop(&g, "devices", "plic\0uart", 10);
	g.devs[0] = (struct tdev){"vda", "virtio,blk", 11, "disk-a"};
	g.devs[1] = (struct tdev){"vdb", "virtio,blk", 11, "disk-b"};
	assert_int_equal(parse_devs(f, &g), 1);
	assert_int_equal(f->cfgs[0].nr_devs, 4);
	expect_dev(&f->cfgs[0], 2, "virtio,blk", false, true);
	expect_dev(&f->cfgs[0], 3, "virtio,blk", false, true);
	assert_string_equal(fdt_get_name(f->cfgs[0].devs[3].fdt,
					 f->cfgs[0].devs[3].node, NULL),
			    "vdb");
	assert_string_equal(fdt_getprop(f->cfgs[0].devs[2].fdt,
					f->cfgs[0].devs[2].node, "serial",
					NULL),
			    "disk-a");
	/* without "devices": the defaults, then the nodes */
	set_prop(&g, "devices", NULL, 0);
	assert_int_equal(parse_devs(f, &g), 1);
	assert_int_equal(f->cfgs[0].nr_devs, 6);
	expect_dev(&f->cfgs[0], 5, "virtio,blk", false, true);

	g.devs[1] = (struct tdev){"vdb", NULL, 0, "disk-b"};
	expect_error(f, &g, 1, "'gn'",
		     "device node 'vdb' needs one compatible");
	g.devs[1] = (struct tdev){"vdb", "virtio,blk\0x", 13, NULL};
	expect_error(f, &g, 1, "'gn'",
		     "device node 'vdb' needs one compatible");
	g.devs[1] = (struct tdev){"vdb", "virtio\x01", 8, NULL};
	expect_error(f, &g, 1, "'gn'", "needs one compatible");
	g.devs[1] = (struct tdev){"vdb", "", 1, NULL};
	expect_error(f, &g, 1, "'gn'", "needs one compatible");
	g.devs[1] = (struct tdev){"vdb", "0123456789abcdef0123456789abcdef", 33,
				  NULL};
	expect_error(f, &g, 1, "'gn'", "needs one compatible");
	/* one more than fits */
	set_prop(&g, "devices", "none", 5);
	for (int i = 0; i <= GUEST_DEVS_MAX; i++) {
		static char names[GUEST_DEVS_MAX + 1][8];

		snprintf(names[i], sizeof(names[i]), "d%d", i);
		g.devs[i] = (struct tdev){names[i], "virtio,rng", 11, NULL};
	}
	expect_error(f, &g, 1, "'gn'", "more than 16 devices");
	g.devs[GUEST_DEVS_MAX].name = NULL;
	assert_int_equal(parse_devs(f, &g), 1);
	assert_int_equal(f->cfgs[0].nr_devs, GUEST_DEVS_MAX);
}

static int parse_one(struct fixture *f, const struct tguest *g)
{
	return bundle_parse(f->buf, build(f->buf, "rvh,bundle-v1", g, 1, 1),
			    f->cfgs, GUEST_MAX, f->err, sizeof(f->err));
}

static void test_counters(void **state)
{
	struct fixture *f = *state;
	struct tguest g = good_guest("gk");
	char err[200];

	/* absent: the hart's counters, as before the property existed */
	assert_int_equal(parse_one(f, &g), 1);
	assert_int_equal(f->cfgs[0].counters, GUEST_COUNTERS_PHYSICAL);
	set_prop(&g, "counters", "virtual", 8);
	assert_int_equal(parse_one(f, &g), 1);
	assert_int_equal(f->cfgs[0].counters, GUEST_COUNTERS_VIRTUAL);
	set_prop(&g, "counters", "physical", 9);
	assert_int_equal(parse_one(f, &g), 1);
	assert_int_equal(f->cfgs[0].counters, GUEST_COUNTERS_PHYSICAL);

	set_prop(&g, "counters", "Virtual", 8);
	expect_error(f, &g, 1, "'gk'", "unknown counters mode 'Virtual'");
	assert_non_null(strstr(f->err, "--virtual-instret"));
	set_prop(&g, "counters", "virtualx", 9);
	expect_error(f, &g, 1, "'gk'", "unknown counters mode 'virtualx'");
	set_prop(&g, "counters", "virt\x1b[2J", 9);
	expect_error(f, &g, 1, "'gk'", "(byte 0x1b at 4)");
	assert_null(strchr(f->err, 0x1b));
	set_prop(&g, "counters", "virtual", 7); /* no NUL */
	expect_error(f, &g, 1, "'gk'", "not a NUL-terminated string");
	set_prop(&g, "counters", "", 0);
	expect_error(f, &g, 1, "'gk'", "not a NUL-terminated string");
	set_prop(&g, "counters", "virtual\0physical", 17);
	expect_error(f, &g, 1, "'gk'", "several strings");
	set_prop(&g, "counters", "\0", 1);
	expect_error(f, &g, 1, "'gk'", "unknown counters mode ''");

	/* the longest message fits the hypervisor's 200-byte buffer */
	g = good_guest("abcdefghijklmnopqrstuvw");
	set_prop(&g, "counters", "xxxxxxxxxxxxxxxxxxxxxxxx", 25);
	assert_true(bundle_parse(f->buf,
				 build(f->buf, "rvh,bundle-v1", &g, 1, 1),
				 f->cfgs, GUEST_MAX, err, sizeof(err)) < 0);
	assert_true(strlen(err) < sizeof(err) - 1);
	assert_non_null(strstr(err, "--virtual-instret)"));
}

static void test_image_initrd_errors(void **state)
{
	struct fixture *f = *state;
	struct tguest g = good_guest("gi");

	set_prop(&g, "image", NULL, 0);
	expect_error(f, &g, 1, "'gi'", "'image' is missing");
	g = good_guest("gi");
	set_prop(&g, "image", "", 0);
	expect_error(f, &g, 1, "'gi'", "'image' is empty");
	g = good_guest("gi");
	set_prop(&g, "initrd", "", 0);
	expect_error(f, &g, 1, "'gi'", "'initrd' is empty");
}

static void test_duplicate_and_count(void **state)
{
	struct fixture *f = *state;
	struct tguest g[GUEST_MAX + 1];
	static char names[GUEST_MAX + 1][8];
	size_t size;

	g[0] = good_guest("twin");
	g[1] = good_guest("other");
	g[2] = good_guest("twin");
	expect_error(f, g, 3, "'twin'", "defined twice");

	for (int i = 0; i <= GUEST_MAX; i++) {
		snprintf(names[i], sizeof(names[i]), "g%d", i);
		g[i] = good_guest(names[i]);
	}
	/* more guests than the caller has room for */
	size = build(f->buf, "rvh,bundle-v1", g, 3, 1);
	assert_true(bundle_parse(f->buf, size, f->cfgs, 2, f->err,
				 sizeof(f->err)) < 0);
	assert_non_null(strstr(f->err, "more than 2 guests"));
	assert_int_equal(
		bundle_parse(f->buf, size, f->cfgs, 3, f->err, sizeof(f->err)),
		3);
	/* more than GUEST_MAX even if the caller has more room */
	size = build(f->buf, "rvh,bundle-v1", g, GUEST_MAX + 1, 1);
	assert_true(bundle_parse(f->buf, size, f->cfgs, GUEST_MAX + 4, f->err,
				 sizeof(f->err)) < 0);
	assert_non_null(strstr(f->err, "more than 8 guests"));
	assert_int_equal(
		bundle_parse(f->buf,
			     build(f->buf, "rvh,bundle-v1", g, GUEST_MAX, 1),
			     f->cfgs, GUEST_MAX, f->err, sizeof(f->err)),
		GUEST_MAX);
	assert_string_equal(f->cfgs[GUEST_MAX - 1].name, "g7");
}

/* A tiny err buffer is truncated, never overrun. */
static void test_small_err_buffer(void **state)
{
	struct fixture *f = *state;
	char small[9];

	memset(small, 'Z', sizeof(small));
	assert_true(bundle_parse(f->buf, 10, f->cfgs, GUEST_MAX, small, 8) < 0);
	assert_int_equal(strlen(small), 7);
	assert_int_equal(small[8], 'Z');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_happy_two_guests),
		cmocka_unit_test(test_mkbundle_sample),
		cmocka_unit_test(test_blob_errors),
		cmocka_unit_test(test_root_errors),
		cmocka_unit_test(test_name_errors),
		cmocka_unit_test(test_memory_errors),
		cmocka_unit_test(test_cpus_errors),
		cmocka_unit_test(test_bootargs_errors),
		cmocka_unit_test(test_image_initrd_errors),
		cmocka_unit_test(test_devices),
		cmocka_unit_test(test_device_nodes),
		cmocka_unit_test(test_counters),
		cmocka_unit_test(test_duplicate_and_count),
		cmocka_unit_test(test_small_err_buffer),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP); /* prove reads TAP */
	return cmocka_run_group_tests_name("hv_bundle", tests, setup, teardown);
}
