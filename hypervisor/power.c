// SPDX-License-Identifier: MIT
#include "power.h"
#include "sbi_call.h"

#define FINISHER_FAIL 0x3333
#define FINISHER_PASS 0x5555

static volatile uint32_t *finisher;

void power_init(uint64_t sifive_test_base)
{
	finisher = (volatile uint32_t *)(uintptr_t)sifive_test_base;
}

void power_off(int status)
{
	if (finisher)
		*finisher = status ? FINISHER_FAIL | ((uint32_t)status << 16)
				   : FINISHER_PASS;
	/* no test device: ask the firmware */
	sbi_system_reset(SBI_SRST_TYPE_SHUTDOWN,
			 status ? SBI_SRST_REASON_SYSFAIL
				: SBI_SRST_REASON_NONE);
	for (;;)
		__asm__ volatile("wfi");
}
