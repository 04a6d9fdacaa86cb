/* SPDX-License-Identifier: MIT */
/* DTB look-ups for test guests (libfdt): guest RAM, timebase, bootargs. */
#include <string.h>
#include <libfdt.h>
#include "tg.h"

bool tg_fdt_valid(void)
{
	return tg_dtb && fdt_check_header(tg_dtb) == 0;
}

static uint64_t tg_cells(const fdt32_t *p, int n)
{
	uint64_t v = 0;

	while (n-- > 0)
		v = (v << 32) | fdt32_to_cpu(*p++);
	return v;
}

bool tg_fdt_memory(uint64_t *base, uint64_t *size)
{
	const void *fdt = tg_dtb;
	const fdt32_t *reg;
	int node, len, ac, sc;

	if (!tg_fdt_valid())
		return false;
	node = fdt_node_offset_by_prop_value(fdt, -1, "device_type", "memory",
					     sizeof("memory"));
	if (node < 0)
		return false;
	ac = fdt_address_cells(fdt, 0);
	sc = fdt_size_cells(fdt, 0);
	reg = fdt_getprop(fdt, node, "reg", &len);
	if (!reg || ac < 1 || ac > 2 || sc < 1 || sc > 2 ||
	    len < (int)((ac + sc) * sizeof(fdt32_t)))
		return false;
	*base = tg_cells(reg, ac);
	*size = tg_cells(reg + ac, sc);
	return true;
}

const char *tg_fdt_bootargs(void)
{
	int node;

	if (!tg_fdt_valid())
		return NULL;
	node = fdt_path_offset(tg_dtb, "/chosen");
	if (node < 0)
		return NULL;
	return fdt_getprop(tg_dtb, node, "bootargs", NULL);
}

bool tg_arg(const char *key, char *buf, size_t len)
{
	const char *p = tg_fdt_bootargs();
	size_t klen = strlen(key);

	while (p && *p) {
		const char *end;

		while (*p == ' ')
			p++;
		end = p;
		while (*end && *end != ' ')
			end++;
		if ((size_t)(end - p) > klen && !strncmp(p, key, klen) &&
		    p[klen] == '=') {
			size_t n = (size_t)(end - p) - klen - 1;

			if (n >= len)
				return false;
			memcpy(buf, p + klen + 1, n);
			buf[n] = 0;
			return true;
		}
		p = end;
	}
	return false;
}

unsigned long tg_arg_ul(const char *key, unsigned long dflt)
{
	char buf[32], *end;
	unsigned long v;

	if (!tg_arg(key, buf, sizeof(buf)))
		return dflt;
	v = strtoul(buf, &end, 0);
	return *end ? dflt : v;
}
