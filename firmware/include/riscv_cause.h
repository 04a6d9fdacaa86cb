/* SPDX-License-Identifier: MIT */
/* Names of trap causes, for the reports of hypervisor and guest kernel. */
#ifndef RISCV_CAUSE_H
#define RISCV_CAUSE_H

#include "riscv_csr.h"

static inline const char *riscv_cause_name(unsigned long cause)
{
	static const char *const names[CAUSE_NR_EXCEPTIONS] = {
		[CAUSE_MISALIGNED_FETCH] = "misaligned fetch",
		[CAUSE_FETCH_ACCESS] = "fetch access fault",
		[CAUSE_ILLEGAL_INSN] = "illegal instruction",
		[CAUSE_BREAKPOINT] = "breakpoint",
		[CAUSE_MISALIGNED_LOAD] = "misaligned load",
		[CAUSE_LOAD_ACCESS] = "load access fault",
		[CAUSE_MISALIGNED_STORE] = "misaligned store",
		[CAUSE_STORE_ACCESS] = "store access fault",
		[CAUSE_USER_ECALL] = "ecall from U",
		[CAUSE_SUPERVISOR_ECALL] = "ecall from S",
		[CAUSE_VS_ECALL] = "ecall from VS",
		[CAUSE_MACHINE_ECALL] = "ecall from M",
		[CAUSE_FETCH_PAGE_FAULT] = "instruction page fault",
		[CAUSE_LOAD_PAGE_FAULT] = "load page fault",
		[CAUSE_STORE_PAGE_FAULT] = "store page fault",
		[CAUSE_FETCH_GUEST_PAGE_FAULT] = "instruction guest-page fault",
		[CAUSE_LOAD_GUEST_PAGE_FAULT] = "load guest-page fault",
		[CAUSE_VIRTUAL_INSN] = "virtual instruction",
		[CAUSE_STORE_GUEST_PAGE_FAULT] = "store guest-page fault",
	};

	if (cause & CAUSE_IRQ_FLAG)
		return "interrupt";
	if (cause < CAUSE_NR_EXCEPTIONS && names[cause])
		return names[cause];
	return "reserved";
}

#endif
