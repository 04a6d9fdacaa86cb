/* SPDX-License-Identifier: MIT */
/* SBI_EXT_RVH's COUNTERS function (sbi_rvh.h): present, the size with no
 * buffer, counters that move as calls are made, exactly the bytes asked
 * for, and buffers outside guest RAM (below it, across its end, wrapping
 * around the address space) refused with INVALID_ADDRESS, nothing
 * written. */
#include <string.h>

#include "sbi_rvh.h"
#include "tg.h"

const char tg_name[] = "sbi_rvh";

static struct {
	struct rvh_counters c;
	uint64_t canary[4];
} buf;

static struct sbiret counters(unsigned long gpa, unsigned long len)
{
	return SBI_CALL2(SBI_EXT_RVH, SBI_RVH_COUNTERS, gpa, len);
}

void tg_main(void)
{
	uint64_t base = 0, size = 0;
	struct sbiret r;

	tg_plan(17);
	r = sbi_probe_extension(SBI_EXT_RVH);
	tg_eqi(r.value, 1, "SBI_EXT_RVH probes as present");
	r = counters((unsigned long)&buf, 0);
	tg_eqi(r.error, SBI_SUCCESS, "no buffer: success");
	tg_eqi(r.value, sizeof(struct rvh_counters),
	       "no buffer: the value is the struct's size");

	/* printing is SBI calls too: both snapshots, then the checks */
	memset(&buf, 0xa5, sizeof(buf));
	r = counters((unsigned long)&buf.c, sizeof(buf));
	struct rvh_counters a = buf.c, b;
	uint64_t canary = buf.canary[0];
	unsigned long t0 = csr_read(CSR_INSTRET);
	for (int i = 0; i < 10; i++)
		SBI_CALL0(SBI_EXT_BASE, SBI_BASE_GET_SPEC_VERSION);
	unsigned long t1 = csr_read(CSR_INSTRET);
	counters((unsigned long)&b, sizeof(b));
	tg_eqi(r.error, SBI_SUCCESS, "whole struct, a longer buffer: success");
	tg_eqx(canary, 0xa5a5a5a5a5a5a5a5ull,
	       "nothing written past the struct");
	tg_ok(a.exits_ecall >= 4 && a.exits >= a.exits_ecall,
	      "exits count this guest's SBI calls (%lu ecalls, %lu exits)",
	      (unsigned long)a.exits_ecall, (unsigned long)a.exits);
	tg_ok(a.guest_instret > 0 && a.hyp_instret > 0,
	      "guest and hypervisor instructions counted");
	tg_eqi((long)(b.exits_ecall - a.exits_ecall), 11,
	       "10 calls and the snapshot: 11 more ecall exits");
	tg_ok(b.hyp_instret > a.hyp_instret &&
		      b.guest_instret > a.guest_instret,
	      "both instruction counts grew");
	/* under -icount both count instructions: the counters' difference
	 * is the 10 calls plus the first snapshot's own call */
	tg_diag("10 null calls: %lu instructions by instret; counters: %lu "
		"hypervisor + %lu guest, first snapshot call included",
		t1 - t0, (unsigned long)(b.hyp_instret - a.hyp_instret),
		(unsigned long)(b.guest_instret - a.guest_instret));

	memset(&buf, 0xa5, sizeof(buf));
	r = counters((unsigned long)&buf.c, 8);
	tg_eqi(r.error, SBI_SUCCESS, "8 bytes: success");
	tg_ok(buf.c.exits != 0xa5a5a5a5a5a5a5a5ull &&
		      buf.c.exits_ecall == 0xa5a5a5a5a5a5a5a5ull,
	      "8 bytes: the first field only");

	tg_ok(tg_fdt_memory(&base, &size), "memory from the DTB");
	r = counters(base - 64, sizeof(buf.c));
	tg_eqi(r.error, SBI_ERR_INVALID_ADDRESS, "below guest RAM: refused");
	r = counters(base + size - 16, sizeof(buf.c));
	tg_eqi(r.error, SBI_ERR_INVALID_ADDRESS,
	       "across the end of guest RAM: refused");
	r = counters(~0UL - 15, sizeof(buf.c));
	tg_eqi(r.error, SBI_ERR_INVALID_ADDRESS,
	       "wrapping around the address space: refused");
	r = SBI_CALL2(SBI_EXT_RVH, 77, (unsigned long)&buf.c, 8);
	tg_eqi(r.error, SBI_ERR_NOT_SUPPORTED,
	       "unknown function: not supported");
	memset(&buf, 0xa5, sizeof(buf));
	counters(base + size - 16, sizeof(buf.c));
	tg_eqx(buf.c.exits, 0xa5a5a5a5a5a5a5a5ull,
	       "a refused call wrote nothing");
}
