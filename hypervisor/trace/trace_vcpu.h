/* SPDX-License-Identifier: MIT */
/*
 * Trace points with a vCPU at hand (world switch, SBI, MMIO, scheduling,
 * interrupts). Each is one test of the class mask when tracing is off.
 * An exit is a slice: it opens when the vCPU leaves the guest and is
 * written when it enters again (or is put off its hart), with its length.
 */
#ifndef TRACE_VCPU_H
#define TRACE_VCPU_H

#include "../vcpu.h"
#include "trace.h"

#if RVH_TRACE_COMPILED
void trace_vcpu_entering_slow(struct vcpu *v);
void trace_vcpu_exited_slow(struct vcpu *v);
void trace_vcpu_put_slow(struct vcpu *v);
void trace_vcpu_ev(const struct vcpu *v, uint16_t kind, uint8_t flags,
		   uint16_t ring, uint32_t idx, uint32_t len, uint64_t arg0,
		   uint64_t arg1);
#else
static inline void trace_vcpu_entering_slow(struct vcpu *v)
{
	(void)v;
}
static inline void trace_vcpu_exited_slow(struct vcpu *v)
{
	(void)v;
}
static inline void trace_vcpu_put_slow(struct vcpu *v)
{
	(void)v;
}
static inline void trace_vcpu_ev(const struct vcpu *v, uint16_t kind,
				 uint8_t flags, uint16_t ring, uint32_t idx,
				 uint32_t len, uint64_t arg0, uint64_t arg1)
{
	(void)v, (void)kind, (void)flags, (void)ring, (void)idx, (void)len;
	(void)arg0, (void)arg1;
}
#endif

/* VCPU_PUT's idx: why the vCPU left its hart */
#define TRACE_PUT_PREEMPT 0 /* its slice ended, another vCPU runs */
#define TRACE_PUT_BLOCKED 1 /* waiting (WFI, HSM stopped or suspended) */
#define TRACE_PUT_GUEST 2 /* its guest stopped, reboots or resets it */

/* about to run guest code: closes the last exit's slice */
static inline void trace_vcpu_entering(struct vcpu *v)
{
	if (trace_on(TRACE_C_ALL))
		trace_vcpu_entering_slow(v);
}

/* just left guest code (v->trap filled): opens the exit's slice */
static inline void trace_vcpu_exited(struct vcpu *v)
{
	if (trace_on(TRACE_C_EXITS))
		trace_vcpu_exited_slow(v);
}

static inline void trace_vcpu_load(const struct vcpu *v)
{
	if (trace_on(TRACE_C_SCHED))
		trace_vcpu_ev(v, TRACE_VCPU_LOAD, 0, 0, 0, 0, 0, 0);
}

/* also drains the guest's own buffer */
static inline void trace_vcpu_put(struct vcpu *v)
{
	if (trace_on(TRACE_C_ALL))
		trace_vcpu_put_slow(v);
}

static inline void trace_sbi(const struct vcpu *v, unsigned long ext,
			     unsigned long fid, long error)
{
	if (trace_on(TRACE_C_SBI))
		trace_vcpu_ev(v, TRACE_SBI, error ? TRACE_F_ERROR : 0, 0, 0,
			      (uint32_t)error, ext, fid);
}

/* an emulated access to the guest's device window number `window`: gpa,
 * width, value; failed: the device refused it (the guest gets an access
 * fault) */
static inline void trace_mmio(const struct vcpu *v, unsigned int window,
			      uint64_t gpa, unsigned int width, uint64_t val,
			      int store, int failed)
{
	if (trace_on(TRACE_C_MMIO))
		trace_vcpu_ev(v, TRACE_MMIO,
			      (uint8_t)((store ? TRACE_F_WRITE : 0) |
					(failed ? TRACE_F_ERROR : 0)),
			      TRACE_RING_MMIO(window), 0, width, gpa, val);
}

/* VS interrupts `bits` (hip positions) raised for v: idx the lowest as
 * the guest's scause code */
static inline void trace_irq_inject(const struct vcpu *v, unsigned long bits)
{
	if (trace_on(TRACE_C_SCHED))
		trace_vcpu_ev(v, TRACE_IRQ_INJECT, 0, 0,
			      bits ? (uint32_t)__builtin_ctzl(bits) - 1 : 0, 0,
			      bits, 0);
}

/* the guest's own trace buffer (SBI_EXT_RVH_TRACE) */
long trace_guest_set_buffer(struct vcpu *v, uint64_t gpa, uint64_t bytes,
			    unsigned long *classes);
long trace_guest_flush(struct vcpu *v, unsigned long *taken);
void trace_guest_forget(struct vcpu *v); /* vCPU reset */
void trace_guests_drain_all(void); /* at shutdown */
void trace_guests_report(void);

#endif
