/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor's trace points (record format: trace_abi.h). Each hook is
 * an inline test of one global class mask: with tracing off it costs one
 * load and one branch that is never taken, no call. Built with
 * RVH_TRACE_COMPILED=0 (make TRACE_COMPILED=0, host builds of the pure
 * device models) every hook is compiled out.
 *
 * Records go to the buffer of the hart that makes them (trace_buf.c), so
 * emitting takes no lock; trace_export.c writes the buffers to a host file.
 */
#ifndef TRACE_H
#define TRACE_H

#include <stdint.h>

#include "trace_abi.h"

#ifndef RVH_TRACE_COMPILED
#define RVH_TRACE_COMPILED 0
#endif

/* vcpu field: the vCPU of `guest` loaded on this hart, if any */
#define TRACE_VCPU_AUTO 0xfeu

#if RVH_TRACE_COMPILED

extern uint32_t trace_classes; /* enum trace_class bits switched on */

#define trace_on(c) __builtin_expect((trace_classes & (c)) != 0, 0)

/* Append one record stamped now on this hart's buffer (the guest filter
 * and the hart field are applied here). */
void trace_emit(uint16_t kind, uint8_t guest, uint8_t vcpu, uint8_t flags,
		uint16_t ring, uint32_t idx, uint32_t len, uint64_t arg0,
		uint64_t arg1);
/* Append r as it is, but for the hart field; false if the buffer is full
 * (counted as lost). */
int trace_put(const struct trace_rec *r);

#else

extern uint32_t trace_classes; /* always 0 */
#define trace_on(c) ((void)(c), 0)
static inline void trace_emit(uint16_t kind, uint8_t guest, uint8_t vcpu,
			      uint8_t flags, uint16_t ring, uint32_t idx,
			      uint32_t len, uint64_t arg0, uint64_t arg1)
{
	(void)kind, (void)guest, (void)vcpu, (void)flags, (void)ring;
	(void)idx, (void)len, (void)arg0, (void)arg1;
}

#endif

/* ---- device-side events (no vCPU at hand) ------------------------------ */

static inline void trace_dev(uint32_t cls, uint16_t kind, unsigned int guest,
			     uint8_t flags, uint16_t ring, uint32_t idx,
			     uint32_t len, uint64_t arg0, uint64_t arg1)
{
	if (trace_on(cls))
		trace_emit(kind, (uint8_t)guest, TRACE_VCPU_AUTO, flags, ring,
			   idx, len, arg0, arg1);
}

/* virtio transport: the guest wrote QueueNotify; avail = its avail.idx */
static inline void trace_vq_notify(unsigned int guest, uint16_t ring,
				   uint16_t avail)
{
	trace_dev(TRACE_C_VIRTIO, TRACE_VQ_NOTIFY, guest, 0, ring, avail, 0, 0,
		  0);
}

static inline void trace_vq_pop(unsigned int guest, uint16_t ring,
				uint16_t head, unsigned int ndesc,
				uint32_t bytes)
{
	trace_dev(TRACE_C_VIRTIO, TRACE_VQ_POP, guest, 0, ring, head, bytes,
		  ndesc, 0);
}

static inline void trace_vq_push(unsigned int guest, uint16_t ring,
				 uint16_t head, uint32_t len)
{
	trace_dev(TRACE_C_VIRTIO, TRACE_VQ_PUSH, guest, 0, ring, head, len, 0,
		  0);
}

static inline void trace_vq_irq(unsigned int guest, uint16_t ring, int sent)
{
	trace_dev(TRACE_C_VIRTIO, TRACE_VQ_IRQ, guest,
		  sent ? 0 : TRACE_F_SUPPRESSED, ring, 0, 0, 0, 0);
}

/* host disk: a guest's request (ring, head) went to / came back from QEMU */
static inline void trace_hdisk(uint16_t kind, unsigned int guest, uint16_t ring,
			       uint16_t head, uint64_t sector, uint32_t bytes,
			       int write, uint64_t arg1, int error)
{
	trace_dev(TRACE_C_VIRTIO, kind, guest,
		  (uint8_t)((write ? TRACE_F_WRITE : 0) |
			    (error ? TRACE_F_ERROR : 0)),
		  ring, head, bytes, sector, arg1);
}

#endif
