/* SPDX-License-Identifier: MIT */
/*
 * One trace buffer in trace_abi.h's layout (struct trace_buf_hdr, then
 * nrec records): one producer, one consumer. The guest kernel writes its
 * per-vCPU buffers with it (the hypervisor drains them); a user program
 * writes its ring events into a trace area of its syscall ring with it,
 * and the kernel drains that with the reader below, trusting nothing the
 * program wrote. Pure logic, no kernel state: the host unit test and the
 * fuzzer run it as is.
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

/* out of line: a full buffer, the watermark reached */
void tbuf_lost(struct tbuf *b);
void tbuf_watermark(struct tbuf *b);

/*
 * The next free record, or NULL when the buffer is full: the record is
 * then counted in hdr->lost. The caller writes every field of it (the
 * slot holds an old record) and makes it visible with tbuf_commit, before
 * anything else is reserved. Inline: this is every trace point's cost.
 */
static inline struct trace_rec *tbuf_reserve(struct tbuf *b)
{
	/* acquire: the consumer has read the slots below tail */
	uint64_t tail = __atomic_load_n(&b->hdr->tail, __ATOMIC_ACQUIRE);

	/* a consumer that wrote a tail past head is not ours to trust:
	 * full too */
	if (__builtin_expect(b->head - tail > b->mask, 0)) {
		tbuf_lost(b);
		return 0;
	}
	return &b->rec[b->head & b->mask];
}

static inline void tbuf_commit(struct tbuf *b)
{
	b->head++;
	/* release: the record is written before the head that covers it */
	__atomic_store_n(&b->hdr->head, b->head, __ATOMIC_RELEASE);
	uint64_t tail = __atomic_load_n(&b->hdr->tail, __ATOMIC_ACQUIRE);
	/* at the watermark; a consumer that did not drain is asked again
	 * only a quarter of the watermark later (each ask is a trap) */
	if (__builtin_expect(b->flush && b->head - tail >= b->watermark &&
				     b->head >= b->next_flush,
			     0))
		tbuf_watermark(b);
}

/* Records a buffer of `bytes` holds (a power of two), 0 if none fits. */
uint32_t tbuf_nrec_for(size_t bytes);

/* ---- consumer side, for a producer it does not trust ---------------- */

struct tbuf_reader {
	struct trace_buf_hdr *hdr;
	const struct trace_rec *rec;
	uint32_t nrec; /* from the area's size, never from the header */
	uint64_t tail; /* records consumed: ours, never read back */
	uint64_t lost_seen; /* the producer's hdr->lost at the last drain */
};

/* A reader over an area of `bytes` (8-aligned) laid out by tbuf_init. */
void tbuf_reader_init(struct tbuf_reader *rd, void *mem, size_t bytes);

/*
 * Takes up to max records the producer published, each copied once and
 * handed to take(). Returns how many; *lost (added to) counts records the
 * producer overwrote before we read them (head more than nrec ahead) and
 * the growth of its own lost count. A head behind our tail is resynced,
 * nothing taken. Publishes the new tail for the producer.
 */
uint32_t tbuf_drain(struct tbuf_reader *rd, uint32_t max,
		    void (*take)(void *ctx, const struct trace_rec *r),
		    void *ctx, uint64_t *lost);

#endif
