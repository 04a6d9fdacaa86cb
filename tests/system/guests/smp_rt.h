/* SPDX-License-Identifier: MIT */
/* SMP additions to the test-guest runtime (rt/): secondary-hart entry
 * points that record what the hart was started with, per-hart stacks, a
 * per-hart id in sscratch, job dispatch, and helpers for HSM, IPI and
 * RFENCE. The console (smp_console.c) replaces rt/tg_console.c: each line
 * leaves in one DBCN write, so lines of several vCPUs and guests never mix.
 *
 * Rules for SMP guests: only one hart at a time prints TAP results and
 * uses tg_catch_begin()/tg_hsm_suspend_nonret() (their state is global);
 * tg_irq_hook is shared, hooks look at smp_self(). */
#ifndef SMP_RT_H
#define SMP_RT_H

#define SMP_MAX_CPUS 8
#define SMP_STACK_SIZE 0x4000
/* struct smp_entry_rec, as smp_rt_entry.S fills it */
#define SMP_REC_A0 0
#define SMP_REC_A1 8
#define SMP_REC_SATP 16
#define SMP_REC_SSTATUS 24
#define SMP_REC_SIE 32
#define SMP_REC_ENTRY 40
#define SMP_REC_COUNT 48
#define SMP_REC_SIZE 64
#define SMP_REC_SHIFT 6

#ifndef __ASSEMBLER__
#include "tg.h"

/* What a hart saw at its last entry through smp_start1/smp_start2. */
struct smp_entry_rec {
	unsigned long a0, a1, satp, sstatus, sie;
	unsigned long entry; /* 1 or 2: which entry point */
	unsigned long count; /* entries so far */
	unsigned long pad;
};
_Static_assert(sizeof(struct smp_entry_rec) == SMP_REC_SIZE, "entry rec");

extern volatile struct smp_entry_rec smp_entry_rec[SMP_MAX_CPUS];
extern char smp_start1[], smp_start2[];

/* What a started hart runs (smp_job[hartid]); hart_stop when it returns. */
typedef void (*smp_job_fn)(unsigned long hartid, unsigned long opaque);
extern volatile smp_job_fn smp_job[SMP_MAX_CPUS];

/* this hart's id (kept in sscratch; 0 on the boot hart) */
static inline unsigned long smp_self(void)
{
	return csr_read(CSR_SSCRATCH);
}

/* vCPUs in the guest DTB (cpu nodes under /cpus) */
unsigned int smp_nr_cpus(void);

/* hart_start(id) at smp_start1 running fn with opaque */
struct sbiret smp_start(unsigned long id, smp_job_fn fn, unsigned long opaque);

static inline long smp_status(unsigned long id)
{
	struct sbiret r = sbi_hart_get_status(id);

	return r.error ? r.error : r.value;
}

static inline struct sbiret smp_send_ipi(unsigned long mask, unsigned long base)
{
	return SBI_CALL2(SBI_EXT_IPI, SBI_IPI_SEND_IPI, mask, base);
}

static inline struct sbiret smp_rfence(unsigned long fid, unsigned long mask,
				       unsigned long base, unsigned long a2,
				       unsigned long a3, unsigned long a4)
{
	return sbi_ecall(SBI_EXT_RFENCE, fid, mask, base, a2, a3, a4, 0);
}

static inline struct sbiret
smp_suspend(unsigned long type, unsigned long resume, unsigned long opaque)
{
	return SBI_CALL3(SBI_EXT_HSM, SBI_HSM_HART_SUSPEND, type, resume,
			 opaque);
}

static inline struct sbiret smp_hart_stop(void)
{
	return SBI_CALL0(SBI_EXT_HSM, SBI_HSM_HART_STOP);
}

/* shared variables between harts */
static inline unsigned long smp_load(volatile unsigned long *p)
{
	return __atomic_load_n(p, __ATOMIC_SEQ_CST);
}

static inline void smp_store(volatile unsigned long *p, unsigned long v)
{
	__atomic_store_n(p, v, __ATOMIC_SEQ_CST);
}

static inline void smp_inc(volatile unsigned long *p)
{
	__atomic_fetch_add(p, 1, __ATOMIC_SEQ_CST);
}

/* spin until cond holds or ms milliseconds of platform time passed;
 * evaluates to cond's last value */
#define SMP_WAIT(cond, ms)                                         \
	({                                                         \
		uint64_t smp_dl_ = tg_time() + tg_ms(ms);          \
		bool smp_ok_;                                      \
		while (!(smp_ok_ = (cond)) && tg_time() < smp_dl_) \
			;                                          \
		smp_ok_ || (cond);                                 \
	})

void smp_delay_ms(unsigned int ms);

/* Sv39: a root table mapping the 1 GiB at 0x80000000 to itself (global),
 * for "satp was not 0" set-ups; returns the satp value */
unsigned long smp_identity_satp(void);

/* a simple mailbox: hart 0 posts a command, the worker acks it */
struct smp_mbox {
	volatile unsigned long seq, op, arg, ack;
	volatile long result;
};
/* post op/arg and wait up to ms for the ack; false on timeout */
bool smp_call(struct smp_mbox *m, unsigned long op, unsigned long arg,
	      unsigned int ms);
/* worker side: returns the op of a new command (0 if none) */
unsigned long smp_poll(struct smp_mbox *m, unsigned long *last);
void smp_ack(struct smp_mbox *m, unsigned long last, long result);

#endif
#endif
