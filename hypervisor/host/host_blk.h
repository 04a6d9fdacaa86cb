/* SPDX-License-Identifier: MIT */
/* QEMU's own virtio-blk devices, driven by the hypervisor through pvring's
 * driver role. A guest disk is one of them, found by its serial (QEMU's
 * `-device virtio-blk-device,serial=...`, read with GET_ID at probe). Data
 * moves by host physical address: the caller has checked that every buffer
 * lies in the requesting guest's RAM (identity-mapped, contiguous). */
#ifndef HOST_BLK_H
#define HOST_BLK_H

#include <stdbool.h>
#include <stdint.h>

#include "hw/virtio_blk.h"
#include "pvring.h"

#define HOST_BLK_MAX 8
#define HOST_BLK_SEGS_MAX 254 /* data segments per request (QEMU: 254) */

struct host_blk;
struct host_blk_req;

/* Called once per submitted request, from the host interrupt handler (or
 * at once when the request fails before reaching QEMU), with no host_blk
 * lock held. status is a VIRTIO_BLK_S_* value (IOERR also when QEMU's
 * ring broke or the device failed); len the bytes QEMU wrote into the
 * request's writable data segments (the status byte not counted). */
typedef void (*host_blk_done_fn)(struct host_blk_req *r, uint8_t status,
				 uint32_t len);

struct host_blk_seg {
	uint64_t hpa;
	uint32_t len;
	bool write; /* device writes it (data of an IN / GET_ID) */
};

/* Owned by the caller until done() is called; lives in hypervisor memory
 * (QEMU reads the header and writes the status byte in place). Readable
 * segments come before writable ones. Checked at submit, failing at once
 * with done(): a type other than IN, OUT, FLUSH, GET_ID (UNSUPP); no data
 * for IN/OUT/GET_ID, a segment of length 0, in the wrong direction, more
 * than HOST_BLK_SEGS_MAX or than the device takes, OUT on a read-only
 * disk (IOERR). FLUSH on a disk without a write cache completes at once. */
struct host_blk_req {
	uint32_t type; /* VIRTIO_BLK_T_* */
	uint64_t sector;
	unsigned int nseg;
	struct host_blk_seg seg[HOST_BLK_SEGS_MAX];
	host_blk_done_fn done;
	void *ctx;
	/* tracing: whose request this is (trace_abi.h's TRACE_HDISK_*); ring
	 * 0 leaves it out of the trace */
	uint8_t trace_guest;
	uint16_t trace_ring; /* TRACE_RING_DEV of the guest's device queue */
	uint16_t trace_head; /* the guest's descriptor head, or slot */
	/* private to host_blk */
	struct virtio_blk_req_hdr hdr;
	struct host_blk_req *next; /* completed, waiting for done() */
	uint32_t len;
	uint16_t head;
	uint8_t status;
	/* the chain as one indirect table: one host ring entry a request */
	struct pvring_desc itab[HOST_BLK_SEGS_MAX + 2]
		__attribute__((aligned(16)));
};

/* Probe QEMU's virtio-mmio slots (host_fdt); prints one line per disk. */
void host_blk_init(void);
struct host_blk *host_blk_find(const char *serial);
uint64_t host_blk_capacity(const struct host_blk *b); /* 512-byte sectors */
bool host_blk_read_only(const struct host_blk *b);
const char *host_blk_serial(const struct host_blk *b);
/* Queue r; 0, or -1 when the host ring is full (retry after a completion;
 * done() is not called). */
int host_blk_submit(struct host_blk *b, struct host_blk_req *r);
/* Some request is with QEMU (a hint, read without the locks). */
bool host_blk_busy(void);
/* The same for r[0..n) with one notification of QEMU at the end (each
 * notification is a trap into QEMU): returns how many were taken (queued,
 * or refused with done() called); the rest found the ring full. */
unsigned int host_blk_submit_many(struct host_blk *b, struct host_blk_req **r,
				  unsigned int n);

#endif
