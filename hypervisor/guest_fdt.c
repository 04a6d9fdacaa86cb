/* SPDX-License-Identifier: MIT */
/* The guest's device tree: what an unmodified Linux needs to boot on SBI
 * (memory, cpus with their interrupt controllers, timebase, /chosen), in the
 * layout QEMU virt uses so guests find things where they expect them. */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <libfdt.h>

#include "bundle.h"
#include "guest_fdt.h"

#define TRY(expr)                    \
	do {                         \
		int ret_ = (expr);   \
		if (ret_ < 0)        \
			return ret_; \
	} while (0)

static int check_params(const struct guest_fdt_params *p)
{
	if (!p || !p->isa || !p->mmu_type)
		return -1;
	if (p->nr_vcpus == 0 || p->nr_vcpus > GUEST_VCPUS_MAX)
		return -1;
	if (p->ram_size == 0 || p->ram_base + p->ram_size < p->ram_base)
		return -1;
	if (p->initrd_end < p->initrd_start)
		return -1;
	/* A non-empty initrd must lie in guest RAM: Linux maps it from there. */
	if (p->initrd_end != p->initrd_start &&
	    (p->initrd_start < p->ram_base ||
	     p->initrd_end > p->ram_base + p->ram_size))
		return -1;
	return 0;
}

static int add_cpu(void *fdt, const struct guest_fdt_params *p, uint32_t id)
{
	char name[24];

	snprintf(name, sizeof(name), "cpu@%x", (unsigned)id);
	TRY(fdt_begin_node(fdt, name));
	TRY(fdt_property_string(fdt, "device_type", "cpu"));
	TRY(fdt_property_u32(fdt, "reg", id));
	TRY(fdt_property_string(fdt, "status", "okay"));
	TRY(fdt_property_string(fdt, "compatible", "riscv"));
	TRY(fdt_property_string(fdt, "riscv,isa", p->isa));
	TRY(fdt_property_string(fdt, "mmu-type", p->mmu_type));

	TRY(fdt_begin_node(fdt, "interrupt-controller"));
	TRY(fdt_property_u32(fdt, "#address-cells", 0)); /* dtc wants it */
	TRY(fdt_property_u32(fdt, "#interrupt-cells", 1));
	TRY(fdt_property(fdt, "interrupt-controller", NULL, 0));
	TRY(fdt_property_string(fdt, "compatible", "riscv,cpu-intc"));
	TRY(fdt_property_u32(fdt, "phandle", GUEST_FDT_PHANDLE_INTC(id)));
	TRY(fdt_end_node(fdt));

	return fdt_end_node(fdt);
}

static int add_cpus(void *fdt, const struct guest_fdt_params *p)
{
	TRY(fdt_begin_node(fdt, "cpus"));
	TRY(fdt_property_u32(fdt, "#address-cells", 1));
	TRY(fdt_property_u32(fdt, "#size-cells", 0));
	TRY(fdt_property_u32(fdt, "timebase-frequency", p->timebase_hz));
	for (uint32_t i = 0; i < p->nr_vcpus; i++)
		TRY(add_cpu(fdt, p, i));
	return fdt_end_node(fdt);
}

static int add_memory(void *fdt, const struct guest_fdt_params *p)
{
	char name[32];
	fdt64_t reg[2] = {cpu_to_fdt64(p->ram_base), cpu_to_fdt64(p->ram_size)};

	snprintf(name, sizeof(name), "memory@%llx",
		 (unsigned long long)p->ram_base);
	TRY(fdt_begin_node(fdt, name));
	TRY(fdt_property_string(fdt, "device_type", "memory"));
	TRY(fdt_property(fdt, "reg", reg, sizeof(reg)));
	return fdt_end_node(fdt);
}

static int add_chosen(void *fdt, const struct guest_fdt_params *p)
{
	TRY(fdt_begin_node(fdt, "chosen"));
	if (p->bootargs)
		TRY(fdt_property_string(fdt, "bootargs", p->bootargs));
	if (p->stdout_path)
		TRY(fdt_property_string(fdt, "stdout-path", p->stdout_path));
	if (p->initrd_end != p->initrd_start) {
		TRY(fdt_property_u64(fdt, "linux,initrd-start",
				     p->initrd_start));
		TRY(fdt_property_u64(fdt, "linux,initrd-end", p->initrd_end));
	}
	return fdt_end_node(fdt);
}

int guest_fdt_build(void *buf, size_t size, const struct guest_fdt_params *p)
{
	int bufsize = size > INT_MAX ? INT_MAX : (int)size;

	if (!buf || check_params(p))
		return -FDT_ERR_BADVALUE;
	TRY(fdt_create(buf, bufsize));
	TRY(fdt_finish_reservemap(buf));
	TRY(fdt_begin_node(buf, ""));
	TRY(fdt_property_u32(buf, "#address-cells", 2));
	TRY(fdt_property_u32(buf, "#size-cells", 2));
	TRY(fdt_property_string(buf, "compatible", "riscv-virtio"));
	TRY(fdt_property_string(buf, "model", p->name ? p->name : "rvh-guest"));
	TRY(add_cpus(buf, p));
	TRY(add_memory(buf, p));
	if (p->add_nodes)
		TRY(p->add_nodes(buf, p->add_nodes_arg));
	TRY(add_chosen(buf, p));
	TRY(fdt_end_node(buf));
	TRY(fdt_finish(buf));
	return (int)fdt_totalsize(buf);
}

static char lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_alpha(char c)
{
	c = lower(c);
	return c >= 'a' && c <= 'z';
}

struct isa_out {
	char *buf;
	size_t len, cap;
	int overflow;
};

static void emit(struct isa_out *o, const char *s, size_t n)
{
	if (o->overflow || n >= o->cap - o->len) {
		o->overflow = 1;
		return;
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

/* Multi-letter extensions a guest without H must not see: the "h" prefix
 * (hypervisor-level names, and a bare "_h") and the Sh* hypervisor
 * extensions (Sha, Shcounterenw, Shgatpa, Shtvala, Shvsatpa, ...). */
static int multi_is_hyp(const char *tok, size_t n)
{
	if (n >= 1 && lower(tok[0]) == 'h')
		return 1;
	return n >= 2 && lower(tok[0]) == 's' && lower(tok[1]) == 'h';
}

/* Does a multi-letter name start at s inside the first token? (strings
 * written without the '_' before the first multi-letter extension) */
static int multi_starts(const char *s)
{
	char c = lower(s[0]), d = lower(s[1]);

	if (c == 'z' || c == 'x')
		return 1;
	/* Ss*, Sv*, Sm*, Sh*: "s" followed by "u" is the old S+U letters. */
	return c == 's' && (d == 's' || d == 'v' || d == 'm' || d == 'h');
}

static void emit_multi(struct isa_out *o, const char *tok, size_t n, int sep)
{
	if (n == 0 || multi_is_hyp(tok, n))
		return;
	if (sep)
		emit(o, "_", 1);
	emit(o, tok, n);
}

int guest_fdt_isa_from_host(const char *host_isa, char *out, size_t outlen)
{
	struct isa_out o = {out, 0, outlen, 0};
	const char *s = host_isa;
	const char *start;

	if (!out || outlen == 0)
		return -1;
	out[0] = '\0';
	if (!s || lower(s[0]) != 'r' || lower(s[1]) != 'v' || !is_digit(s[2]))
		return -1;
	start = s;
	s += 2;
	while (is_digit(*s))
		s++;
	emit(&o, start, (size_t)(s - start));

	/* Single-letter extensions, each with an optional version "2p1". */
	while (*s && *s != '_') {
		if (is_alpha(*s) && multi_starts(s)) {
			start = s;
			while (*s && *s != '_')
				s++;
			emit_multi(&o, start, (size_t)(s - start), 0);
			break;
		}
		start = s++;
		while (is_digit(*s))
			s++;
		if (lower(*s) == 'p' && is_digit(s[1])) {
			s++;
			while (is_digit(*s))
				s++;
		}
		if (lower(*start) != 'h')
			emit(&o, start, (size_t)(s - start));
	}

	while (*s == '_') {
		start = ++s;
		while (*s && *s != '_')
			s++;
		emit_multi(&o, start, (size_t)(s - start), 1);
	}
	if (o.overflow) {
		out[0] = '\0';
		return -1;
	}
	out[o.len] = '\0';
	return 0;
}
