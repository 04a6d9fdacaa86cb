/* SPDX-License-Identifier: MIT */
/* Guest bundle parser. The bundle comes from whoever started QEMU, so it is
 * untrusted: the whole blob is checked by libfdt first, then every property
 * we use is checked for presence, length and range. Every error names the
 * guest and property and says how to fix the bundle. */
#include <stdio.h>
#include <string.h>

#include <libfdt.h>

#include "bundle.h"
#include "parse_err.h"

#define BUNDLE_COMPATIBLE "rvh,bundle-v1"
#define BUNDLE_MEM_ALIGN (2ULL << 20) /* G-stage maps guest RAM in 2 MiB */

struct bundle_ctx {
	const void *fdt;
	char *err;
	size_t errlen;
};

static uint64_t be_load(const uint8_t *p, int n)
{
	uint64_t v = 0;

	for (int i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

/* only printable ASCII reaches the console */
static bool printable(const char *s)
{
	for (; *s; s++)
		if (*s < 0x20 || *s > 0x7e)
			return false;
	return true;
}

static int name_char_ok(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/* Node name -> cfg->name. */
static int parse_name(struct bundle_ctx *ctx, int node,
		      struct guest_config *cfg, int index)
{
	int len = 0;
	const char *name = fdt_get_name(ctx->fdt, node, &len);

	if (!name || len <= 0)
		return fail(
			ctx,
			"bundle: guest #%d has no node name: give each guest "
			"a name under /guests",
			index);
	/* Characters first, so that only checked bytes reach the console. */
	for (int i = 0; i < len; i++)
		if (!name_char_ok(name[i]))
			return fail(
				ctx,
				"bundle: guest #%d: name '%.*s' is followed by "
				"character 0x%02x; use only A-Z a-z 0-9 _ -",
				index, i < 16 ? i : 16, name,
				(unsigned char)name[i]);
	if (len >= GUEST_NAME_MAX)
		return fail(
			ctx,
			"bundle: guest #%d: name '%.16s...' is %d characters; "
			"use at most %d",
			index, name, len, GUEST_NAME_MAX - 1);
	memcpy(cfg->name, name, (size_t)len);
	cfg->name[len] = '\0';
	return 0;
}

/* A property that must be present and exactly want bytes long. */
static const uint8_t *get_fixed(struct bundle_ctx *ctx, int node,
				const char *guest, const char *prop, int want,
				const char *hint)
{
	int len = 0;
	const uint8_t *v = fdt_getprop(ctx->fdt, node, prop, &len);

	if (!v) {
		if (ctx->err && ctx->errlen)
			snprintf(
				ctx->err, ctx->errlen,
				"bundle: guest '%s': property '%s' is missing; "
				"%s",
				guest, prop, hint);
		return NULL;
	}
	if (len != want) {
		if (ctx->err && ctx->errlen)
			snprintf(ctx->err, ctx->errlen,
				 "bundle: guest '%s': property '%s' is %d "
				 "bytes, "
				 "expected %d; %s",
				 guest, prop, len, want, hint);
		return NULL;
	}
	return v;
}

static int parse_mem(struct bundle_ctx *ctx, int node, struct guest_config *cfg)
{
	static const char hint[] =
		"write it as memory-size = /bits/ 64 <bytes> "
		"(mkbundle.sh --mem 128M)";
	const uint8_t *v =
		get_fixed(ctx, node, cfg->name, "memory-size", 8, hint);
	uint64_t mem;

	if (!v)
		return -1;
	mem = be_load(v, 8);
	if (mem < GUEST_MEM_MIN || mem > GUEST_MEM_MAX)
		return fail(ctx,
			    "bundle: guest '%s': memory-size 0x%llx is out of "
			    "range; "
			    "use %llu MiB .. %llu GiB",
			    cfg->name, (unsigned long long)mem,
			    (unsigned long long)(GUEST_MEM_MIN >> 20),
			    (unsigned long long)(GUEST_MEM_MAX >> 30));
	if (mem % BUNDLE_MEM_ALIGN)
		return fail(ctx,
			    "bundle: guest '%s': memory-size 0x%llx is not a "
			    "multiple of 2 MiB; round it (e.g. --mem 128M)",
			    cfg->name, (unsigned long long)mem);
	cfg->mem_size = mem;
	return 0;
}

static int parse_cpus(struct bundle_ctx *ctx, int node,
		      struct guest_config *cfg)
{
	static const char hint[] =
		"write it as cpus = <N> (mkbundle.sh --cpus N)";
	const uint8_t *v = get_fixed(ctx, node, cfg->name, "cpus", 4, hint);
	uint32_t n;

	if (!v)
		return -1;
	n = (uint32_t)be_load(v, 4);
	if (n == 0 || n > GUEST_VCPUS_MAX)
		return fail(ctx,
			    "bundle: guest '%s': cpus = %u; use 1 .. %d vCPUs",
			    cfg->name, n, GUEST_VCPUS_MAX);
	cfg->nr_vcpus = n;
	return 0;
}

static int parse_bootargs(struct bundle_ctx *ctx, int node,
			  struct guest_config *cfg)
{
	int len = 0;
	const char *v = fdt_getprop(ctx->fdt, node, "bootargs", &len);
	const char *nul;

	if (!v) {
		if (len != -FDT_ERR_NOTFOUND)
			return fail(ctx,
				    "bundle: guest '%s': cannot read bootargs "
				    "(%s); "
				    "rebuild the bundle with mkbundle.sh",
				    cfg->name, fdt_strerror(len));
		cfg->bootargs = "";
		return 0;
	}
	nul = len > 0 ? memchr(v, '\0', (size_t)len) : NULL;
	if (!nul)
		return fail(
			ctx,
			"bundle: guest '%s': bootargs is not a NUL-terminated "
			"string; write it as bootargs = \"...\"",
			cfg->name);
	if (nul != v + len - 1)
		return fail(
			ctx,
			"bundle: guest '%s': bootargs holds several strings; "
			"give one string",
			cfg->name);
	if (len > GUEST_BOOTARGS_MAX)
		return fail(ctx,
			    "bundle: guest '%s': bootargs is %d characters; "
			    "shorten it to at most %d",
			    cfg->name, len - 1, GUEST_BOOTARGS_MAX - 1);
	cfg->bootargs = v;
	return 0;
}

/* Short names of the legacy "devices" list, and the default set. */
static const struct {
	const char *name, *compatible;
} dev_names[] = {
	{"plic", "riscv,plic0"},
	{"uart", "ns16550a"},
	{"virtio-console", "virtio,console"},
	{"virtio-rng", "virtio,rng"},
};
#define NR_DEV_NAMES (sizeof(dev_names) / sizeof(dev_names[0]))

static int add_dev(struct bundle_ctx *ctx, struct guest_config *cfg,
		   const char *compatible, int node, bool implicit)
{
	if (cfg->nr_devs == GUEST_DEVS_MAX)
		return fail(ctx,
			    "bundle: guest '%s' has more than %d devices; "
			    "remove some",
			    cfg->name, GUEST_DEVS_MAX);
	cfg->devs[cfg->nr_devs] = (struct vdev_config){
		.compatible = compatible,
		.fdt = node >= 0 ? ctx->fdt : NULL,
		.node = node,
		.index = cfg->nr_devs,
		.implicit = implicit,
	};
	cfg->nr_devs++;
	return 0;
}

/* devices (optional): a string list of short names, or just "none";
 * without it, every short name is a default device */
static int parse_devices(struct bundle_ctx *ctx, int node,
			 struct guest_config *cfg)
{
	int len = 0, count;

	if (!fdt_getprop(ctx->fdt, node, "devices", &len)) {
		if (len != -FDT_ERR_NOTFOUND)
			return fail(ctx,
				    "bundle: guest '%s': cannot read devices "
				    "(%s)",
				    cfg->name, fdt_strerror(len));
		for (unsigned int k = 0; k < NR_DEV_NAMES; k++)
			if (add_dev(ctx, cfg, dev_names[k].compatible, -1,
				    true))
				return -1;
		return 0;
	}
	count = fdt_stringlist_count(ctx->fdt, node, "devices");
	if (count <= 0)
		return fail(ctx,
			    "bundle: guest '%s': devices must be strings, e.g. "
			    "devices = \"plic\", \"uart\"; or \"none\"",
			    cfg->name);
	for (int i = 0; i < count; i++) {
		const char *d =
			fdt_stringlist_get(ctx->fdt, node, "devices", i, NULL);
		unsigned int k;

		if (d && !strcmp(d, "none") && count == 1)
			return 0;
		for (k = 0; k < NR_DEV_NAMES; k++)
			if (d && !strcmp(d, dev_names[k].name))
				break;
		if (k == NR_DEV_NAMES)
			return fail(
				ctx,
				"bundle: guest '%s': unknown device '%.16s'; "
				"known: plic, uart, virtio-console, "
				"virtio-rng (or \"none\" alone), or give "
				"a child node with a compatible",
				cfg->name, d && printable(d) ? d : "?");
		if (add_dev(ctx, cfg, dev_names[k].compatible, -1, false))
			return -1;
	}
	return 0;
}

/* Child nodes of a guest with a compatible are its devices; the type reads
 * the rest of the node when the device is created. */
static int parse_dev_nodes(struct bundle_ctx *ctx, int node,
			   struct guest_config *cfg)
{
	int sub;

	fdt_for_each_subnode(sub, ctx->fdt, node)
	{
		int len = 0;
		const char *c = fdt_getprop(ctx->fdt, sub, "compatible", &len);
		const char *nm = fdt_get_name(ctx->fdt, sub, NULL);

		if (!nm || !printable(nm) || strlen(nm) > 31)
			nm = "?";
		if (!c || len <= 1 || len > GUEST_COMPAT_MAX ||
		    c[len - 1] != '\0' || strlen(c) + 1 != (size_t)len ||
		    !printable(c))
			return fail(ctx,
				    "bundle: guest '%s': device node '%s' "
				    "needs one compatible string of at most %d "
				    "printable characters, e.g. compatible = "
				    "\"virtio,blk\"",
				    cfg->name, nm, GUEST_COMPAT_MAX - 1);
		if (add_dev(ctx, cfg, c, sub, false))
			return -1;
	}
	if (sub < 0 && sub != -FDT_ERR_NOTFOUND)
		return fail(ctx,
			    "bundle: guest '%s': cannot walk its nodes (%s)",
			    cfg->name, fdt_strerror(sub));
	return 0;
}

/* counters (optional): one string, "physical" (default) or "virtual" */
static int parse_counters(struct bundle_ctx *ctx, int node,
			  struct guest_config *cfg)
{
	static const char hint[] =
		"use counters = \"physical\" (default) or \"virtual\" "
		"(mkbundle.sh --virtual-instret)";
	int len = 0;
	const char *v = fdt_getprop(ctx->fdt, node, "counters", &len);

	cfg->counters = GUEST_COUNTERS_PHYSICAL;
	if (!v) {
		if (len != -FDT_ERR_NOTFOUND)
			return fail(ctx,
				    "bundle: guest '%s': cannot read counters "
				    "(%s); "
				    "%s",
				    cfg->name, fdt_strerror(len), hint);
		return 0;
	}
	if (len <= 0 || !memchr(v, '\0', (size_t)len))
		return fail(
			ctx,
			"bundle: guest '%s': counters is not a NUL-terminated "
			"string; %s",
			cfg->name, hint);
	if (strlen(v) + 1 != (size_t)len)
		return fail(
			ctx,
			"bundle: guest '%s': counters holds several strings; "
			"%s",
			cfg->name, hint);
	if (!strcmp(v, "virtual")) {
		cfg->counters = GUEST_COUNTERS_VIRTUAL;
		return 0;
	}
	if (!strcmp(v, "physical"))
		return 0;
	/* only printable bytes reach the console */
	for (int i = 0; i < len - 1; i++)
		if (v[i] < 0x20 || v[i] > 0x7e)
			return fail(ctx,
				    "bundle: guest '%s': unknown counters mode "
				    "(byte 0x%02x at %d); %s",
				    cfg->name, (unsigned char)v[i], i, hint);
	return fail(ctx,
		    "bundle: guest '%s': unknown counters mode '%.16s'; %s",
		    cfg->name, v, hint);
}

/* image (required) and initrd (optional): raw bytes, non-empty. */
static int parse_blob(struct bundle_ctx *ctx, int node,
		      struct guest_config *cfg, const char *prop, int required,
		      const void **ptr, uint32_t *size)
{
	int len = 0;
	const void *v = fdt_getprop(ctx->fdt, node, prop, &len);

	*ptr = NULL;
	*size = 0;
	if (!v) {
		if (len == -FDT_ERR_NOTFOUND && !required)
			return 0;
		return fail(
			ctx,
			"bundle: guest '%s': property '%s' is missing; "
			"add %s = /incbin/(\"file\") (mkbundle.sh --%s PATH)",
			cfg->name, prop, prop, prop);
	}
	if (len <= 0)
		return fail(ctx,
			    "bundle: guest '%s': property '%s' is empty; "
			    "%s a non-empty file",
			    cfg->name, prop,
			    required ? "give" : "remove it or give");
	*ptr = v;
	*size = (uint32_t)len;
	return 0;
}

static int parse_guest(struct bundle_ctx *ctx, int node,
		       struct guest_config *cfg, int index)
{
	memset(cfg, 0, sizeof(*cfg));
	if (parse_name(ctx, node, cfg, index) || parse_mem(ctx, node, cfg) ||
	    parse_cpus(ctx, node, cfg) || parse_bootargs(ctx, node, cfg) ||
	    parse_devices(ctx, node, cfg) || parse_dev_nodes(ctx, node, cfg) ||
	    parse_counters(ctx, node, cfg) ||
	    parse_blob(ctx, node, cfg, "image", 1, &cfg->image,
		       &cfg->image_size) ||
	    parse_blob(ctx, node, cfg, "initrd", 0, &cfg->initrd,
		       &cfg->initrd_size))
		return -1;
	return 0;
}

static int check_blob(struct bundle_ctx *ctx, size_t size)
{
	const void *fdt = ctx->fdt;
	int ret;

	if (!fdt || size < sizeof(struct fdt_header))
		return fail(
			ctx,
			"bundle: %zu bytes is too small for a device tree; "
			"pass a bundle made by scripts/mkbundle.sh as -initrd",
			fdt ? size : (size_t)0);
	ret = fdt_check_header(fdt);
	if (ret)
		return fail(
			ctx,
			"bundle: not a valid device tree (%s); pass a bundle "
			"made by scripts/mkbundle.sh as -initrd",
			fdt_strerror(ret));
	/* dtc writes version 17. libfdt's paths for pre-16 blobs (full-path
	 * node names, no strings size) are little used and were seen to crash
	 * in fdt_check_full (libfdt 1.6.1, found by tests/fuzz): refuse them. */
	if (fdt_version(fdt) < 17)
		return fail(
			ctx,
			"bundle: device tree version %u is too old (need 17); "
			"rebuild the bundle with dtc / scripts/mkbundle.sh",
			fdt_version(fdt));
	if (fdt_totalsize(fdt) > size)
		return fail(
			ctx,
			"bundle: device tree claims %u bytes but only %zu are "
			"there; the bundle is truncated, rebuild it",
			fdt_totalsize(fdt), size);
	ret = fdt_check_full(fdt, fdt_totalsize(fdt));
	if (ret)
		return fail(ctx,
			    "bundle: corrupt device tree (%s); rebuild it with "
			    "scripts/mkbundle.sh",
			    fdt_strerror(ret));
	ret = fdt_node_check_compatible(fdt, 0, BUNDLE_COMPATIBLE);
	if (ret)
		return fail(
			ctx,
			"bundle: root is not compatible with \"%s\"; this is "
			"not a guest bundle, make one with scripts/mkbundle.sh",
			BUNDLE_COMPATIBLE);
	return 0;
}

int bundle_parse(const void *fdt, size_t size, struct guest_config *cfgs,
		 int max, char *err, size_t errlen)
{
	struct bundle_ctx ctx = {fdt, err, errlen};
	struct bundle_ctx *c = &ctx;
	int guests, node, n = 0;

	if (err && errlen)
		err[0] = '\0';
	if (!cfgs || max <= 0)
		return fail(c,
			    "bundle: no room for guest configurations (max %d)",
			    max);
	if (max > GUEST_MAX)
		max = GUEST_MAX;
	if (check_blob(c, size))
		return -1;
	guests = fdt_path_offset(fdt, "/guests");
	if (guests < 0)
		return fail(c,
			    "bundle: no /guests node; describe each guest as a "
			    "subnode of /guests");
	fdt_for_each_subnode(node, fdt, guests)
	{
		if (n == max)
			return fail(c,
				    "bundle: more than %d guests; remove some",
				    max);
		if (parse_guest(c, node, &cfgs[n], n))
			return -1;
		for (int i = 0; i < n; i++)
			if (!strcmp(cfgs[i].name, cfgs[n].name))
				return fail(
					c,
					"bundle: guest '%s' is defined twice; "
					"give "
					"each guest its own name",
					cfgs[n].name);
		n++;
	}
	if (node < 0 && node != -FDT_ERR_NOTFOUND)
		return fail(
			c,
			"bundle: cannot walk /guests (%s); rebuild the bundle",
			fdt_strerror(node));
	if (n == 0)
		return fail(c,
			    "bundle: /guests is empty; add at least one guest");
	return n;
}
