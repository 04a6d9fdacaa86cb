/* SPDX-License-Identifier: MIT */
/*
 * A guest's own trace buffer (struct trace_buf_hdr in trace_abi.h), as the
 * hypervisor sees it: registration checks and draining. Pure functions,
 * unit-tested and fuzzed on the host.
 *
 * The buffer lies in guest RAM and the guest may change any byte of it at
 * any time. What the hypervisor relies on is its own: the capacity copied
 * at registration, its own tail. From guest memory it reads head once, the
 * guest's lost count once and each record once (into a local copy), and
 * it writes only tail (and classes, at registration).
 */
#ifndef TRACE_DRAIN_H
#define TRACE_DRAIN_H

#include <stdint.h>

#include "trace_abi.h"

struct trace_gbuf {
	volatile struct trace_buf_hdr *hdr; /* NULL: none registered */
	volatile struct trace_rec *rec; /* the nrec slots after the header */
	uint32_t nrec; /* copied at registration, never re-read */
	uint64_t tail; /* records consumed: ours, mirrored to hdr->tail */
	uint64_t guest_lost; /* hdr->lost when last read */
	uint64_t lost_pending, rejected_pending; /* not yet in a LOST record */
	/* totals, for the report at shutdown */
	uint64_t taken, lost, rejected;
};

/* SET_BUFFER's checks, in this order: [gpa, gpa + bytes) in guest RAM
 * (else SBI_ERR_INVALID_ADDRESS), then gpa 64-byte aligned and room for
 * the header (SBI_ERR_INVALID_PARAM). 0 if the header may be read. */
long trace_gbuf_check_range(uint64_t ram_base, uint64_t ram_size, uint64_t gpa,
			    uint64_t bytes);
/* The header (a copy the caller read once): magic, version, record size,
 * nrec a power of two with header + nrec records within bytes. 0 or
 * SBI_ERR_INVALID_PARAM. */
long trace_gbuf_check_hdr(const struct trace_buf_hdr *h, uint64_t bytes);

/* Start consuming the buffer at buf (checked): tail = the guest's head,
 * what is there already is not ours to trust. Writes classes and tail. */
void trace_gbuf_attach(struct trace_gbuf *b, void *buf, uint32_t nrec,
		       uint32_t classes);
void trace_gbuf_detach(struct trace_gbuf *b);

/* Records the guest has published and the hypervisor not taken (a
 * guest's claim: may be anything). */
static inline uint64_t trace_gbuf_pending(const struct trace_gbuf *b)
{
	return __atomic_load_n(&b->hdr->head, __ATOMIC_RELAXED) - b->tail;
}

/* A guest may write these kinds: pvring's and the guest kernel's. */
int trace_gbuf_kind_ok(uint16_t kind);

/* Where drained records go: 0 taken, -1 full (try again later). */
typedef int (*trace_sink_fn)(void *ctx, const struct trace_rec *r);

/*
 * Move the records between tail and the guest's head to sink, each with
 * guest, vcpu and hart set to the truth. A head more than nrec ahead of
 * tail (or behind it) counts every record in between as lost and takes
 * none of them; so do increases of the guest's own lost count. Records of
 * a kind a guest may not write are dropped and counted as rejected. Lost
 * and rejected counts go to sink as one TRACE_META_LOST record (idx vcpu,
 * arg0 lost, arg1 rejected) stamped `now`. At most nrec records are read.
 * Returns the records given to sink; *full is set if sink was full before
 * the end (the rest stays in the buffer for the next call).
 */
uint32_t trace_gbuf_drain(struct trace_gbuf *b, uint8_t guest, uint8_t vcpu,
			  uint8_t hart, uint64_t now, trace_sink_fn sink,
			  void *ctx, int *full);

#endif
