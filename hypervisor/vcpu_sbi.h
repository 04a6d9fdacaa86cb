/* SPDX-License-Identifier: MIT */
/* The virtual SBI: each extension is a small registered object. */
#ifndef VCPU_SBI_H
#define VCPU_SBI_H

#include <stdbool.h>

#include "sbi_abi.h"
#include "vcpu.h"

struct vcpu_sbi_ret {
	long error;
	unsigned long value;
	bool legacy; /* 0.1 call: the result goes in a0 only */
	bool no_return; /* pc and registers already set (reset, stop, resume) */
};

struct vcpu_sbi_ext {
	unsigned long ext_lo, ext_hi;
	const char *name;
	void (*handler)(struct vcpu *v, unsigned long fid,
			struct vcpu_sbi_ret *ret);
};

const struct vcpu_sbi_ext *vcpu_sbi_find_ext(unsigned long ext);

static inline unsigned long vcpu_sbi_arg(const struct vcpu *v, unsigned int n)
{
	return v->regs.x[REG_A0 + n];
}

/* IPI/RFENCE: the vCPUs named by hart_mask (a0) and hart_mask_base (a1) */
long vcpu_sbi_targets(const struct vcpu *v, uint64_t *set);

/* the registered extensions, one file each */
extern const struct vcpu_sbi_ext vcpu_sbi_ext_base;
extern const struct vcpu_sbi_ext vcpu_sbi_ext_legacy_set_timer;
extern const struct vcpu_sbi_ext vcpu_sbi_ext_legacy_putchar;
extern const struct vcpu_sbi_ext vcpu_sbi_ext_legacy_getchar;
extern const struct vcpu_sbi_ext vcpu_sbi_ext_legacy_shutdown;
extern const struct vcpu_sbi_ext vcpu_sbi_ext_time;
extern const struct vcpu_sbi_ext vcpu_sbi_ext_srst;
extern const struct vcpu_sbi_ext vcpu_sbi_ext_hsm;
extern const struct vcpu_sbi_ext vcpu_sbi_ext_dbcn;
extern const struct vcpu_sbi_ext vcpu_sbi_ext_ipi;
extern const struct vcpu_sbi_ext vcpu_sbi_ext_rfence;
extern const struct vcpu_sbi_ext vcpu_sbi_ext_trace;
extern const struct vcpu_sbi_ext vcpu_sbi_ext_rvh; /* vcpu_sbi_rvh.c */

/* host machine ids reported through BASE, read from the firmware at boot */
void vcpu_sbi_base_init(void);

#endif
