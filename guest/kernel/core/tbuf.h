/* SPDX-License-Identifier: MIT */
/*
 * One trace buffer in trace_abi.h's layout (struct trace_buf_hdr, then
 * nrec records): one producer (a vCPU, with interrupts off while it
 * writes), one consumer (the hypervisor, or whoever drains it). Pure
 * logic, no kernel state: the host unit test runs it as is.
 */
#ifndef GK_TBUF_H
#define GK_TBUF_H

#include <stddef.h>
#include <stdint.h>

#include "trace_abi.h"

/* Called when the buffer reaches its watermark: ask the consumer to drain
 * (the SBI trace FLUSH call); returns records taken, or < 0. */
typedef long (*tbuf_flush_fn)(void);

struct tbuf {
	struct trace_buf_hdr *hdr; /* in memory the consumer reads */
	struct trace_rec *rec; /* hdr->nrec records after it */
	uint32_t mask; /* nrec - 1 */
	uint32_t watermark; /* records pending that trigger a flush */
	uint64_t head; /* our copy of hdr->head */
	tbuf_flush_fn flush;
	uint64_t next_flush; /* head from which the next flush may go */
	uint64_t flushes; /* flush calls made */
};

/* Lays a buffer out in mem (bytes, 8-aligned): header, then the largest
 * power of two of records that fits. Returns 0, or -1 if not even one
 * record fits. watermark: pending records that trigger flush (0: half). */
int tbuf_init(struct tbuf *b, void *mem, size_t bytes, tbuf_flush_fn flush,
	      uint32_t watermark);

/* Bytes to hand the consumer (header and records). */
size_t tbuf_bytes(const struct tbuf *b);

/*
 * The next free record (zeroed), or NULL when the buffer is full: the
 * record is then counted in hdr->lost. A reserved record is made visible
 * by tbuf_commit, before anything else is reserved.
 */
struct trace_rec *tbuf_reserve(struct tbuf *b);
void tbuf_commit(struct tbuf *b);

#endif
