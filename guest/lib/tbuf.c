// SPDX-License-Identifier: MIT
/* The trace buffer's producer side (see tbuf.h, trace_abi.h). */
#include "tbuf.h"

#include <string.h>

uint32_t tbuf_nrec_for(size_t bytes)
{
	size_t room = bytes > sizeof(struct trace_buf_hdr)
			      ? bytes - sizeof(struct trace_buf_hdr)
			      : 0;
	uint32_t n = 1;

	if (room < sizeof(struct trace_rec))
		return 0;
	while ((size_t)n * 2 * sizeof(struct trace_rec) <= room &&
	       n < (1u << 30))
		n *= 2;
	return n;
}

int tbuf_init(struct tbuf *b, void *mem, size_t bytes, tbuf_flush_fn flush,
	      uint32_t watermark)
{
	uint32_t n = tbuf_nrec_for(bytes);

	memset(b, 0, sizeof(*b));
	if (!n)
		return -1;
	b->hdr = mem;
	b->rec = (struct trace_rec *)(b->hdr + 1);
	b->mask = n - 1;
	b->watermark = watermark && watermark <= n ? watermark : n / 2;
	if (!b->watermark)
		b->watermark = 1;
	b->flush = flush;
	memset(b->hdr, 0, sizeof(*b->hdr));
	b->hdr->magic = TRACE_BUF_MAGIC;
	b->hdr->version = TRACE_VERSION;
	b->hdr->rec_size = sizeof(struct trace_rec);
	b->hdr->nrec = n;
	return 0;
}

size_t tbuf_bytes(const struct tbuf *b)
{
	return sizeof(*b->hdr) + (size_t)(b->mask + 1) * sizeof(*b->rec);
}

void tbuf_lost(struct tbuf *b)
{
	__atomic_store_n(&b->hdr->lost, b->hdr->lost + 1, __ATOMIC_RELAXED);
}

void tbuf_watermark(struct tbuf *b)
{
	b->flushes++;
	b->next_flush = b->head + (b->watermark / 4 ? b->watermark / 4 : 1);
	b->flush();
}

void tbuf_reader_init(struct tbuf_reader *rd, void *mem, size_t bytes)
{
	memset(rd, 0, sizeof(*rd));
	rd->nrec = tbuf_nrec_for(bytes);
	if (!rd->nrec)
		return;
	rd->hdr = mem;
	rd->rec = (const struct trace_rec *)(rd->hdr + 1);
}

uint32_t tbuf_drain(struct tbuf_reader *rd, uint32_t max,
		    void (*take)(void *ctx, const struct trace_rec *r),
		    void *ctx, uint64_t *lost)
{
	uint32_t k = 0;

	if (!rd->nrec)
		return 0;
	/* acquire: the records below head are read after it */
	uint64_t head = __atomic_load_n(&rd->hdr->head, __ATOMIC_ACQUIRE);
	uint64_t n = head - rd->tail;
	uint64_t plost = __atomic_load_n(&rd->hdr->lost, __ATOMIC_RELAXED);

	if (plost > rd->lost_seen)
		*lost += plost - rd->lost_seen;
	rd->lost_seen = plost;
	if ((int64_t)n < 0) {
		rd->tail = head; /* went back: start over from there */
		n = 0;
	}
	if (n > rd->nrec) {
		*lost += n - rd->nrec;
		rd->tail = head - rd->nrec;
		n = rd->nrec;
	}
	for (; k < n && k < max; k++) {
		struct trace_rec r;

		/* one copy: the producer may be rewriting the slot */
		memcpy(&r,
		       (const void *)&rd->rec[(rd->tail + k) & (rd->nrec - 1)],
		       sizeof(r));
		take(ctx, &r);
	}
	rd->tail += k;
	/* release: we are done with the slots below tail */
	__atomic_store_n(&rd->hdr->tail, rd->tail, __ATOMIC_RELEASE);
	return k;
}
