/* SPDX-License-Identifier: MIT */
#include "arch/rvh.h"

#include <string.h>

#include "sbi_call.h"

/* 0 unknown, 1 present, -1 absent: the probe is an SBI call too */
static int rvh_present;

int rvh_counters_read(struct rvh_counters *c)
{
	memset(c, 0, sizeof(*c));
	if (!rvh_present) {
		struct sbiret r = sbi_probe_extension(SBI_EXT_RVH);
		__atomic_store_n(&rvh_present, !r.error && r.value ? 1 : -1,
				 __ATOMIC_RELAXED);
	}
	if (rvh_present < 0)
		return -1;
	/* kernel memory is identity mapped: the address is guest-physical */
	struct sbiret r = SBI_CALL2(SBI_EXT_RVH, SBI_RVH_COUNTERS,
				    (unsigned long)(uintptr_t)c, sizeof(*c));
	return r.error ? -1 : 0;
}
