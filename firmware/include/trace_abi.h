/* SPDX-License-Identifier: MIT */
/*
 * The one trace record format, shared by the hypervisor, the guest kernel and
 * the host tools (converter, tests). A trace is a flat sequence of
 * struct trace_rec; the first record of a file is TRACE_META_HEADER.
 *
 * Linking one request across layers: the guest kernel gives each request an
 * id (`req`) when it first sees it (ring pop or trap-path entry) and records
 * it on its own events and on the device chain it puts on a ring. Events that
 * cannot know the id carry req = 0 and are linked by (guest, ring, idx =
 * head): the hypervisor's pop, host-disk and push events and the user's reap
 * to the nearest earlier event with that key and an id; the user's submit
 * (made before the kernel saw it) to the nearest later one. A completion
 * (BLK_DONE, USER_REAP, PVR_REAP) ends its key, so a head reused after a
 * lost record never joins the previous request. HDISK_* records carry the
 * guest they serve.
 */
#ifndef TRACE_ABI_H
#define TRACE_ABI_H

#include <stdint.h>

#define TRACE_VERSION 1
#define TRACE_MAGIC 0x4543415254485652ull /* "RVHTRACE" little-endian */

#define TRACE_NONE8 0xffu /* guest/vcpu/hart field: not applicable */

struct trace_rec {
	uint64_t time; /* `time` CSR at the event (its start, for slices) */
	uint16_t kind; /* enum trace_kind */
	uint8_t guest; /* guest index, TRACE_NONE8 for the hypervisor itself */
	uint8_t vcpu; /* vCPU index in the guest, TRACE_NONE8 if none */
	uint8_t hart; /* physical hart, TRACE_NONE8 if unknown */
	uint8_t flags; /* enum trace_flag bits */
	uint16_t ring; /* ring or queue id: TRACE_RING_* */
	uint32_t idx; /* ring index, descriptor head, cause, op, task id */
	uint32_t len; /* bytes, or a duration in `time` ticks for slices */
	uint64_t req; /* request id, 0 if not known here */
	uint64_t arg0, arg1; /* per kind, see below */
};

_Static_assert(sizeof(struct trace_rec) == 48, "trace_rec is ABI");

enum trace_flag {
	TRACE_F_WRITE = 1u << 0, /* MMIO store / disk write / device-writable */
	TRACE_F_INTR = 1u << 1, /* EXIT: scause had the interrupt bit */
	TRACE_F_SUPPRESSED = 1u << 2, /* VQ_IRQ, PVR_NOTIFY: peer not told */
	TRACE_F_ERROR = 1u << 3, /* the operation failed; arg1 has the error */
	TRACE_F_SLICE = 1u << 4, /* `len` is a duration: a complete slice */
};

/*
 * Ring ids: the top four bits say which kind of ring, the rest which one.
 * Device queues are named by the low 8 bits of their MMIO page number
 * (guest-physical address >> 12), which both the guest driver and the
 * hypervisor know, so the converter can match the two sides.
 */
#define TRACE_RING_CLASS(r) ((uint16_t)(r) >> 12)
#define TRACE_RING_NONE 0x0000u
#define TRACE_RING_DEV(gpa, q) \
	((uint16_t)(0x1000u | ((((gpa) >> 12) & 0xffu) << 4) | ((q)&0xfu)))
#define TRACE_RING_SYSCALL(pid) ((uint16_t)(0x2000u | ((pid)&0xfffu)))
#define TRACE_RING_HOSTDISK(n) ((uint16_t)(0x3000u | ((n)&0xfffu)))
/* an emulated device window: n is its index among the guest's windows */
#define TRACE_RING_MMIO(n) ((uint16_t)(0x4000u | ((n)&0xfffu)))

/* Event classes: one bit each, chosen at run time (`make trace TRACE=...`). */
enum trace_class {
	TRACE_C_EXITS = 1u << 0, /* guest exits with their duration */
	TRACE_C_SBI = 1u << 1, /* SBI calls */
	TRACE_C_MMIO = 1u << 2, /* emulated MMIO accesses */
	TRACE_C_SCHED = 1u << 3, /* vCPU on/off a hart, injected interrupts */
	TRACE_C_VIRTIO = 1u << 4, /* virtio notify/pop/push/irq, host disk */
	TRACE_C_RING = 1u << 5, /* pvring events, ring system calls */
	TRACE_C_SYSCALL = 1u << 6, /* trap-path system calls */
	TRACE_C_TASK = 1u << 7, /* executor polls and wake-ups */
	TRACE_C_BLK = 1u << 8, /* guest block requests */
	TRACE_C_ALL = 0x1ffu,
};

/*
 * Kinds. Ranges: 0x00 meta, 0x10 hypervisor, 0x40 pvring (either side),
 * 0x60 guest kernel. Fields not named are 0.
 */
enum trace_kind {
	/* meta */
	TRACE_META_HEADER = 0x01, /* arg0 TRACE_MAGIC, arg1 timebase Hz,
				     idx TRACE_VERSION, len sizeof(rec) */
	TRACE_META_NAME = 0x02, /* name of guest (ring 0) or ring: up to 20
				   bytes laid over idx|req|arg0 (4+8+8),
				   NUL-padded; arg1 is 0 */
	TRACE_META_LOST = 0x03, /* idx buffer (hart, or guest vCPU buffer with
				   guest/vcpu set), arg0 records lost since the
				   previous LOST of that buffer */

	/* hypervisor */
	TRACE_EXIT = 0x10, /* slice: idx scause code (F_INTR), len duration,
			      arg0 pc (sepc), arg1 stval/htval info */
	TRACE_SBI = 0x11, /* arg0 extension, arg1 function, len error (int32) */
	TRACE_MMIO = 0x12, /* ring the window (TRACE_RING_MMIO), arg0 gpa,
			      arg1 value, len width, F_WRITE */
	TRACE_VCPU_LOAD = 0x13, /* vCPU put on this hart */
	TRACE_VCPU_PUT = 0x14, /* vCPU taken off; idx why (sched-defined) */
	TRACE_IRQ_INJECT = 0x15, /* idx VS cause code, arg0 hip bits */
	TRACE_VQ_NOTIFY = 0x16, /* ring, idx avail index seen */
	TRACE_VQ_POP = 0x17, /* ring, idx head, arg0 descriptors, len bytes */
	TRACE_VQ_PUSH = 0x18, /* ring, idx head, len used length */
	TRACE_VQ_IRQ = 0x19, /* ring, sent, or F_SUPPRESSED */
	TRACE_HDISK_SUBMIT = 0x1a, /* ring guest queue, idx guest head, arg0
				      sector, len bytes, F_WRITE, arg1 host
				      request slot */
	TRACE_HDISK_DONE = 0x1b, /* as SUBMIT; F_ERROR with arg1 status */

	/* pvring, from the side that records it (guest kernel or hypervisor) */
	TRACE_PVR_PUBLISH = 0x40, /* driver: idx head, arg0 avail index */
	TRACE_PVR_POP = 0x41, /* device: idx head, arg0 avail index, len */
	TRACE_PVR_PUSH = 0x42, /* device: idx head, arg0 used index, len */
	TRACE_PVR_REAP = 0x43, /* driver: idx head, arg0 used index, len */
	TRACE_PVR_NOTIFY = 0x44, /* arg0 new index, arg1 peer event index;
				    F_SUPPRESSED if the peer was not told */
	TRACE_PVR_ERROR = 0x45, /* arg1 PVRING_ERR_* */

	/* guest kernel */
	TRACE_SYSCALL = 0x60, /* slice, trap path: idx op, len duration,
				 arg0 first argument, arg1 result */
	TRACE_RSYS_SEEN = 0x61, /* ring syscall: ring, idx head, arg0 op */
	TRACE_RSYS_POP = 0x62, /* taken from the ring: req assigned */
	TRACE_RSYS_START = 0x63, /* its task first runs */
	TRACE_RSYS_DONE = 0x64, /* result known: arg1 result */
	TRACE_RSYS_PUSH = 0x65, /* completion on the ring: idx head */
	TRACE_TASK_POLL = 0x66, /* slice: idx task id, arg0 priority,
				   len duration, arg1 poll result */
	TRACE_TASK_WAKE = 0x67, /* idx woken task, arg0 waker task (or
				   0xffffffff from an interrupt) */
	TRACE_BLK_SUBMIT = 0x68, /* ring device queue, idx head, arg0 sector,
				    len bytes, F_WRITE, req of the syscall */
	TRACE_BLK_DONE = 0x69, /* as SUBMIT, arg1 status */
	TRACE_USER_SUBMIT = 0x6a, /* user program put a ring entry: ring,
				     idx head, arg0 op */
	TRACE_USER_REAP = 0x6b, /* user program took a completion */
};

/*
 * A guest's own trace buffer, in its RAM, registered per vCPU through the
 * SBI trace extension (sbi_abi.h, SBI_EXT_RVH_TRACE). One producer (the
 * vCPU), one consumer (the hypervisor). head and tail count records, they
 * never wrap; the slot of record n is n % nrec. The hypervisor trusts none
 * of it: a head more than nrec ahead of tail is counted as lost, records are
 * checked and get guest, vcpu and hart overwritten with the truth.
 */
#define TRACE_BUF_MAGIC 0x46425254u /* "TRBF" */

struct trace_buf_hdr {
	uint32_t magic; /* TRACE_BUF_MAGIC, written by the guest */
	uint16_t version; /* TRACE_VERSION */
	uint16_t rec_size; /* sizeof(struct trace_rec) */
	uint32_t nrec; /* capacity in records, a power of two */
	uint32_t classes; /* written by the hypervisor: what to record */
	uint64_t head; /* records produced (guest writes, release) */
	uint64_t tail; /* records consumed (hypervisor writes, release) */
	uint64_t lost; /* records the guest dropped because it was full */
	uint64_t reserved[3];
};

_Static_assert(sizeof(struct trace_buf_hdr) == 64, "trace_buf_hdr is ABI");

#endif
