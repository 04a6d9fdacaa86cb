/* SPDX-License-Identifier: MIT */
#include "arch/power.h"

#include "riscv_csr.h"
#include "sbi_call.h"

_Noreturn void power_off(int code)
{
	unsigned long reason =
		code ? SBI_SRST_REASON_SYSFAIL : SBI_SRST_REASON_NONE;

	sbi_system_reset(SBI_SRST_TYPE_SHUTDOWN, reason);
	/* SRST missing: the legacy call is all that is left */
	sbi_ecall(SBI_EXT_0_1_SHUTDOWN, 0, 0, 0, 0, 0, 0, 0);
	for (;;) {
		csr_clear(CSR_SSTATUS, SR_SIE);
		__asm__ volatile("wfi");
	}
}
