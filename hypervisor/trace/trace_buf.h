/* SPDX-License-Identifier: MIT */
/* Per-hart record buffers (trace_buf.c), written only by their own hart. */
#ifndef TRACE_BUF_H
#define TRACE_BUF_H

#include <stdint.h>

#include "trace_abi.h"

struct trace_hbuf {
	struct trace_rec *rec; /* NULL: tracing off */
	uint32_t cap, n; /* capacity, records held */
	uint64_t lost; /* records dropped because the buffer was full */
	uint64_t lost_pending; /* not yet in a TRACE_META_LOST record */
	uint64_t written; /* records exported */
};

extern struct trace_hbuf trace_hbufs[];
extern uint32_t trace_guests; /* bit per guest index */

/* this hart's buffer at half full or more: export it */
#define TRACE_WATERMARK(b) ((b)->cap / 2)

/* Allocate a buffer of kib KiB for each of nharts harts; 0 or -1. */
int trace_buf_init(uint32_t kib, unsigned int nharts);
/* Append r as it is (hart included) to this hart's buffer; -1 when full,
 * and then counted as lost unless `keep` (the caller keeps it). */
int trace_buf_append(const struct trace_rec *r, int keep);
/* After an export: empty the buffer, then say what it lost. */
void trace_buf_reset(struct trace_hbuf *b, unsigned int hart);

#endif
