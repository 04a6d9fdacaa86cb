/* SPDX-License-Identifier: MIT */
/* The hypervisor's counters of this guest (sbi_rvh.h), when the
 * hypervisor is ours. */
#ifndef GK_RVH_H
#define GK_RVH_H

#include "sbi_rvh.h"

/* Fills *c (kernel memory, identity mapped); 0, or -1 when there is no
 * such hypervisor (*c then zero). */
int rvh_counters_read(struct rvh_counters *c);

#endif
