/* SPDX-License-Identifier: MIT */
/* ecall helpers for code running below an SBI implementation
 * (the hypervisor calling OpenSBI, guests calling the hypervisor). */
#ifndef SBI_CALL_H
#define SBI_CALL_H

#include <stdint.h>
#include "sbi_abi.h"

struct sbiret {
	long error;
	long value;
};

static inline struct sbiret sbi_ecall(unsigned long ext, unsigned long fid,
				      unsigned long arg0, unsigned long arg1,
				      unsigned long arg2, unsigned long arg3,
				      unsigned long arg4, unsigned long arg5)
{
	register unsigned long a0 __asm__("a0") = arg0;
	register unsigned long a1 __asm__("a1") = arg1;
	register unsigned long a2 __asm__("a2") = arg2;
	register unsigned long a3 __asm__("a3") = arg3;
	register unsigned long a4 __asm__("a4") = arg4;
	register unsigned long a5 __asm__("a5") = arg5;
	register unsigned long a6 __asm__("a6") = fid;
	register unsigned long a7 __asm__("a7") = ext;
	__asm__ volatile("ecall"
			 : "+r"(a0), "+r"(a1)
			 : "r"(a2), "r"(a3), "r"(a4), "r"(a5), "r"(a6), "r"(a7)
			 : "memory");
	return (struct sbiret){.error = (long)a0, .value = (long)a1};
}

#define SBI_CALL0(e, f) sbi_ecall(e, f, 0, 0, 0, 0, 0, 0)
#define SBI_CALL1(e, f, a) sbi_ecall(e, f, a, 0, 0, 0, 0, 0)
#define SBI_CALL2(e, f, a, b) sbi_ecall(e, f, a, b, 0, 0, 0, 0)
#define SBI_CALL3(e, f, a, b, c) sbi_ecall(e, f, a, b, c, 0, 0, 0)

static inline long sbi_legacy_putchar(int ch)
{
	return sbi_ecall(SBI_EXT_0_1_CONSOLE_PUTCHAR, 0, (unsigned long)ch, 0,
			 0, 0, 0, 0)
		.error;
}

static inline long sbi_legacy_getchar(void)
{
	return sbi_ecall(SBI_EXT_0_1_CONSOLE_GETCHAR, 0, 0, 0, 0, 0, 0, 0)
		.error;
}

static inline struct sbiret sbi_probe_extension(unsigned long ext)
{
	return SBI_CALL1(SBI_EXT_BASE, SBI_BASE_PROBE_EXT, ext);
}

static inline struct sbiret sbi_set_timer(uint64_t when)
{
	return SBI_CALL1(SBI_EXT_TIME, SBI_TIME_SET_TIMER, when);
}

static inline struct sbiret sbi_system_reset(uint32_t type, uint32_t reason)
{
	return SBI_CALL2(SBI_EXT_SRST, SBI_SRST_RESET, type, reason);
}

static inline struct sbiret
sbi_dbcn_write(unsigned long len, unsigned long addr_lo, unsigned long addr_hi)
{
	return SBI_CALL3(SBI_EXT_DBCN, SBI_DBCN_CONSOLE_WRITE, len, addr_lo,
			 addr_hi);
}

static inline struct sbiret
sbi_hart_start(unsigned long hartid, unsigned long start, unsigned long opaque)
{
	return SBI_CALL3(SBI_EXT_HSM, SBI_HSM_HART_START, hartid, start,
			 opaque);
}

static inline struct sbiret sbi_hart_get_status(unsigned long hartid)
{
	return SBI_CALL1(SBI_EXT_HSM, SBI_HSM_HART_GET_STATUS, hartid);
}

#endif
