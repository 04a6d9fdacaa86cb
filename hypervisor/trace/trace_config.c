// SPDX-License-Identifier: MIT
/* The host bootargs words that switch tracing on (see trace_config.h). */
#include <stdio.h>
#include <string.h>

#include "trace_abi.h"
#include "trace_config.h"

static const struct {
	const char *name;
	uint32_t bit;
} trace_class_names[] = {
	{"exits", TRACE_C_EXITS},     {"sbi", TRACE_C_SBI},
	{"mmio", TRACE_C_MMIO},	      {"sched", TRACE_C_SCHED},
	{"virtio", TRACE_C_VIRTIO},   {"ring", TRACE_C_RING},
	{"syscall", TRACE_C_SYSCALL}, {"task", TRACE_C_TASK},
	{"blk", TRACE_C_BLK},	      {"all", TRACE_C_ALL},
};

uint32_t trace_class_bit(const char *name, size_t len)
{
	for (size_t i = 0;
	     i < sizeof(trace_class_names) / sizeof(trace_class_names[0]); i++)
		if (strlen(trace_class_names[i].name) == len &&
		    !memcmp(trace_class_names[i].name, name, len))
			return trace_class_names[i].bit;
	return 0;
}

/* a decimal number in [s, e), at most max; -1 if not one */
static long parse_num(const char *s, const char *e, long max)
{
	long v = 0;

	if (s == e)
		return -1;
	for (; s < e; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
		if (v > max)
			return -1;
	}
	return v;
}

/* comma-separated names in [s, e), no empty one; -1 on error */
static int parse_classes(const char *s, const char *e, uint32_t *out)
{
	*out = 0;
	if (s == e || e[-1] == ',')
		return -1;
	while (s < e) {
		const char *c = memchr(s, ',', (size_t)(e - s));
		uint32_t bit;

		if (!c)
			c = e;
		bit = trace_class_bit(s, (size_t)(c - s));
		if (!bit)
			return -1;
		*out |= bit;
		s = c + 1;
	}
	return *out ? 0 : -1;
}

static int parse_guests(const char *s, const char *e, uint32_t *out)
{
	*out = 0;
	if (s == e || e[-1] == ',')
		return -1;
	while (s < e) {
		const char *c = memchr(s, ',', (size_t)(e - s));
		long n;

		if (!c)
			c = e;
		n = parse_num(s, c, 31);
		if (n < 0)
			return -1;
		*out |= 1u << n;
		s = c + 1;
	}
	return *out ? 0 : -1;
}

static int word(struct trace_config *c, const char *w, const char *e)
{
	static const char pre[] = "rvh.trace";
	const char *eq = memchr(w, '=', (size_t)(e - w));
	size_t klen;
	long n;

	if (!eq || (size_t)(eq - w) < sizeof(pre) - 1 ||
	    memcmp(w, pre, sizeof(pre) - 1))
		return 0; /* not ours */
	klen = (size_t)(eq - w);
	eq++;
	if (klen == 9)
		return parse_classes(eq, e, &c->classes);
	if (klen == 16 && !memcmp(w, "rvh.trace.guests", 16))
		return parse_guests(eq, e, &c->guests);
	if (klen == 14 && !memcmp(w, "rvh.trace.file", 14)) {
		if (eq == e || (size_t)(e - eq) >= sizeof(c->file))
			return -1;
		memcpy(c->file, eq, (size_t)(e - eq));
		c->file[e - eq] = 0;
		return 0;
	}
	if (klen == 13 && !memcmp(w, "rvh.trace.kib", 13)) {
		n = parse_num(eq, e, TRACE_KIB_MAX);
		if (n < 64)
			return -1;
		c->kib = (uint32_t)n;
		return 0;
	}
	return -1;
}

int trace_config_parse(const char *bootargs, struct trace_config *c, char *err,
		       size_t errlen)
{
	const char *s = bootargs ? bootargs : "";

	memset(c, 0, sizeof(*c));
	c->guests = ~0u;
	c->kib = TRACE_KIB_DEFAULT;
	strcpy(c->file, "trace.bin");
	while (*s) {
		const char *e;

		while (*s == ' ')
			s++;
		e = s;
		while (*e && *e != ' ')
			e++;
		if (e > s && word(c, s, e)) {
			snprintf(err, errlen,
				 "bad tracing option '%.*s' in the host "
				 "bootargs (see docs/tracing.md: classes "
				 "exits,sbi,mmio,sched,virtio,ring,syscall,"
				 "task,blk,all; guests as indexes 0..31; kib "
				 "64..%u)",
				 (int)(e - s), s, TRACE_KIB_MAX);
			memset(c, 0, sizeof(*c));
			return -1;
		}
		s = e;
	}
	return 0;
}
