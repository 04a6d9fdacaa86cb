/* SPDX-License-Identifier: MIT */
/* Argument checks of the virtual SBI, as the SBI v2.0 spec words them.
 * Pure functions: unit-tested on the host (tests/unit/sbi_args_test.c). */
#ifndef VCPU_SBI_ARGS_H
#define VCPU_SBI_ARGS_H

#include <stdint.h>

#include "guest_mem.h"
#include "sbi_abi.h"

/* SRST: reserved or unimplemented vendor types/reasons are INVALID_PARAM */
static inline long sbi_srst_check(uint32_t type, uint32_t reason)
{
	if (type > SBI_SRST_TYPE_WARM_REBOOT)
		return SBI_ERR_INVALID_PARAM;
	if (reason > SBI_SRST_REASON_SYSFAIL && reason < 0xE0000000u)
		return SBI_ERR_INVALID_PARAM;
	return SBI_SUCCESS;
}

/* HSM suspend: only the two default types are implemented */
static inline long sbi_hsm_suspend_check(uint32_t type)
{
	if (type == SBI_HSM_SUSPEND_RET_DEFAULT ||
	    type == SBI_HSM_SUSPEND_NON_RET_DEFAULT)
		return SBI_SUCCESS;
	return SBI_ERR_INVALID_PARAM;
}

/* DBCN: the buffer (hi:lo, num bytes) must lie entirely in guest RAM */
static inline long sbi_dbcn_check(uint64_t ram_base, uint64_t ram_size,
				  uint64_t num, uint64_t lo, uint64_t hi)
{
	if (hi != 0 || !gpa_range_in(ram_base, ram_size, lo, num))
		return SBI_ERR_INVALID_PARAM;
	return SBI_SUCCESS;
}

/* HSM start/suspend addresses: must be in guest RAM */
static inline long sbi_start_addr_check(uint64_t ram_base, uint64_t ram_size,
					uint64_t addr)
{
	return gpa_range_in(ram_base, ram_size, addr, 2)
		       ? SBI_SUCCESS
		       : SBI_ERR_INVALID_ADDRESS;
}

/* IPI/RFENCE target set: hart_mask bits counted from hart_mask_base
 * (base -1 = every hart). Every named hart must exist. Returns 0 and the
 * set of vCPU ids, or SBI_ERR_INVALID_PARAM. */
static inline long sbi_hart_mask_check(unsigned long mask, unsigned long base,
				       unsigned int nr_vcpus, uint64_t *set)
{
	uint64_t all = nr_vcpus >= 64 ? ~0ULL : (1ULL << nr_vcpus) - 1;

	if (base == (unsigned long)-1) {
		*set = all;
		return SBI_SUCCESS;
	}
	*set = 0;
	for (unsigned int i = 0; i < 64; i++) {
		if (!(mask & (1UL << i)))
			continue;
		if (base + i < base || base + i >= nr_vcpus)
			return SBI_ERR_INVALID_PARAM;
		*set |= 1ULL << (base + i);
	}
	return SBI_SUCCESS;
}

#endif
