/* SPDX-License-Identifier: MIT */
/* Two guests at once, neither able to reach the other's memory (or the
 * host's). A guest cannot know where the other one's RAM sits in host
 * memory, so it probes a spread of guest-physical addresses: just past its
 * RAM, every 1 MiB from there up to 4 GiB above the RAM base (host RAM is
 * in there), host device addresses below RAM, and high addresses. Every
 * load and store must raise an access fault with stval = the address;
 * a load that returns data is a failure. Each store writes this guest's
 * marker (tg.mark); at the end the guest scans all its RAM: neither its
 * own marker nor the other guest's (tg.other) may appear. The script
 * checks that the probed range covered the other guest's host RAM. */
#include "smp_rt.h"

const char tg_name[] = "smp_isol";

#define STEP 0x100000UL
#define SPREAD_END (0x80000000UL + (4UL << 30))
#define SHOW_MAX 4

/* kept inverted: the markers themselves must not sit in RAM */
static unsigned long mark_inv, other_inv;

struct probe_stats {
	unsigned long n, bad;
};

static unsigned long probe_load(unsigned long a, struct tg_trap *t)
{
	unsigned long v = 0;

	tg_catch_begin();
	__asm__ volatile("ld %0, 0(%1)" : "+r"(v) : "r"(a) : "memory");
	*t = tg_catch_end();
	return v;
}

static void probe_store(unsigned long a, struct tg_trap *t)
{
	tg_catch_begin();
	__asm__ volatile("sd %0, 0(%1)" ::"r"(~mark_inv), "r"(a) : "memory");
	*t = tg_catch_end();
}

/* one address, load and store; false (and a diag) if either got through */
static void probe(unsigned long a, struct probe_stats *s)
{
	struct tg_trap t;
	unsigned long v = probe_load(a, &t);
	bool ok = t.taken && t.cause == CAUSE_LOAD_ACCESS && t.tval == a;

	s->n++;
	if (!ok && s->bad++ < SHOW_MAX)
		tg_diag("load %#lx: %s cause %lu tval %#lx value %#lx", a,
			t.taken ? "trap" : "NO TRAP, data", t.cause, t.tval, v);
	probe_store(a, &t);
	ok = t.taken && t.cause == CAUSE_STORE_ACCESS && t.tval == a;
	s->n++;
	if (!ok && s->bad++ < SHOW_MAX)
		tg_diag("store %#lx: %s cause %lu tval %#lx", a,
			t.taken ? "trap" : "NO TRAP", t.cause, t.tval);
}

static void result(const struct probe_stats *s, const char *what)
{
	tg_ok(s->n && !s->bad, "%s: %lu accesses, all access faults (%lu not)",
	      what, s->n, s->bad);
}

static unsigned long scan_ram(unsigned long val)
{
	unsigned long hits = 0;
	const volatile uint64_t *p = (const volatile uint64_t *)tg_ram_base;
	const volatile uint64_t *end =
		(const volatile uint64_t *)(tg_ram_base + tg_ram_size);

	for (; p < end; p++)
		if (*p == val && hits++ < SHOW_MAX)
			tg_diag("found %#lx at %#lx", val, (uintptr_t)p);
	return hits;
}

void tg_main(void)
{
	static const unsigned long low[] = {
		0x0,	    0x1000,	0x100000,   0x101000,	0x2000000,
		0x2004000,  0x200bff8,	0x3000000,  0x0c400000, 0x10000100,
		0x10001000, 0x10008000, 0x20000000, 0x30000000, 0x40000000,
		0x7ffff000, 0x7ffffff8,
	};
	static const unsigned long high[] = {
		1UL << 36,	 1UL << 38, 1UL << 39, (1UL << 40) + 8,
		(1UL << 41) - 8, 1UL << 41, 1UL << 50, ~0UL - 7,
	};
	struct probe_stats s = {0, 0};
	unsigned long total = 0, excs0;
	unsigned long ram_end = tg_ram_base + tg_ram_size, a, v;
	struct tg_trap t;
	unsigned int i;
	uint64_t t0;

	tg_plan(9);
	mark_inv = ~tg_arg_ul("tg.mark", 0);
	other_inv = ~tg_arg_ul("tg.other", 0);
	if (!~mark_inv || !~other_inv || !tg_ram_size)
		tg_bail("needs tg.mark, tg.other and a memory node");
	excs0 = tg_nr_excs;

	v = probe_load(ram_end - 8, &t);
	tg_ok(!t.taken, "the last word of RAM (%#lx) reads", ram_end - 8);

	probe(ram_end, &s);
	probe(ram_end + 8, &s);
	probe(ram_end + 0x1000, &s);
	probe(ram_end + 0x1ffff8, &s);
	result(&s, "just past RAM");
	total += s.n;

	t0 = tg_time();
	s.n = s.bad = 0;
	for (a = ram_end; a < SPREAD_END; a += STEP)
		probe(a, &s);
	tg_printf("tg: probed %#lx..%#lx step %#lx\n", ram_end, SPREAD_END,
		  STEP);
	result(&s, "every 1 MiB up to RAM base + 4 GiB");
	total += s.n;
	tg_diag("%lu probes in %lu ms", s.n,
		(unsigned long)((tg_time() - t0) * 1000 / tg_timebase));

	s.n = s.bad = 0;
	for (i = 0; i < sizeof(low) / sizeof(low[0]); i++)
		probe(low[i], &s);
	result(&s, "host device addresses below RAM");
	total += s.n;

	s.n = s.bad = 0;
	for (i = 0; i < sizeof(high) / sizeof(high[0]); i++)
		probe(high[i], &s);
	result(&s, "high guest-physical addresses");
	total += s.n;
	tg_eqi((long)(tg_nr_excs - excs0), (long)total,
	       "one exception per access, none elsewhere");

	/* give the other guest time to finish its stores, then look */
	smp_delay_ms(500);
	tg_eqx(scan_ram(~other_inv), 0,
	       "the other guest's marker is nowhere in RAM");
	tg_eqx(scan_ram(~mark_inv), 0, "our own stores landed nowhere in RAM");
	tg_ok(v != ~mark_inv && v != ~other_inv,
	      "the last word of RAM held neither marker");
}
