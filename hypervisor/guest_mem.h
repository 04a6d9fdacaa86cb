/* SPDX-License-Identifier: MIT */
/* Overflow-safe range checks on guest-physical addresses (host-testable). */
#ifndef GUEST_MEM_H
#define GUEST_MEM_H

#include <stdbool.h>
#include <stdint.h>

/* [gpa, gpa + len) inside [base, base + size), without wrapping */
static inline bool gpa_range_in(uint64_t base, uint64_t size, uint64_t gpa,
				uint64_t len)
{
	if (gpa < base)
		return false;
	if (gpa - base > size)
		return false;
	return len <= size - (gpa - base);
}

#endif
