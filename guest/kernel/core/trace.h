/* SPDX-License-Identifier: MIT */
/*
 * The guest kernel's trace writer: one buffer per vCPU in trace_abi.h's
 * layout, registered with the hypervisor through SBI_EXT_RVH_TRACE at
 * boot. Without the extension (directly on OpenSBI), or when the
 * hypervisor enables no class, nothing is recorded and every trace point
 * costs one predictable branch on a per-vCPU word:
 *
 *	if (trace_on(TRACE_C_BLK))
 *		trace_put(...);
 *
 * Request ids: trace_req_new() at ring pop or trap entry; the running
 * request's id is this_cpu()->trace_req while its code runs, so a device
 * request made on its behalf carries it (dev_req_init).
 */
#ifndef GK_TRACE_H
#define GK_TRACE_H

#include <stdint.h>

#include "core/cpu.h"
#include "pvring.h"
#include "trace_abi.h"

/* nonzero if this vCPU records events of class cls (trace_abi.h) */
static inline uint32_t trace_on(uint32_t cls)
{
	return __builtin_expect(this_cpu()->trace_classes & cls, 0);
}

/* kind and flags in one argument: TRACE_KF(TRACE_BLK_SUBMIT, TRACE_F_WRITE) */
#define TRACE_KF(kind, flags) ((uint32_t)(kind) | (uint32_t)(flags) << 16)

/* One record into this vCPU's buffer (any context; interrupts are off
 * while it is written). time: the `time` CSR at the event (start, for a
 * slice). Dropped and counted in the buffer's lost when it is full. */
void trace_put(uint64_t time, uint32_t kind_flags, uint16_t ring, uint32_t idx,
	       uint32_t len, uint64_t req, uint64_t arg0, uint64_t arg1);

/* n records lost elsewhere (a program's trace area), counted with this
 * vCPU's buffer's own: the hypervisor reports them as its TRACE_META_LOST */
void trace_lost(uint64_t n);

static inline uint64_t trace_now(void)
{
	uint64_t t;

	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}

/* A fresh request id: vCPU index + 1 in the top 16 bits, a per-vCPU count
 * below (unique in the guest without an atomic). */
static inline uint64_t trace_req_new(void)
{
	struct cpu *c = this_cpu();

	return ((uint64_t)(c->id + 1) << 48) | ++c->trace_seq;
}

/* A task's id on the trace: its address (the kernel lives below 4 GiB). */
static inline uint32_t trace_task_id(const struct task *t)
{
	return (uint32_t)(uintptr_t)t;
}

/* Registers this vCPU's buffer (each vCPU at boot, on itself). */
void trace_init_cpu(void);

/* A pvring trace hook writing TRACE_PVR_* records; ctx is the ring id
 * (TRACE_RING_*) cast to a pointer. Class TRACE_C_RING. */
void trace_pvring(void *ctx, const struct pvring_trace_rec *r);
/* Sets it on a queue when this vCPU traces rings. */
void trace_pvring_drv(struct pvring_drv *q, uint16_t ring);

#endif
