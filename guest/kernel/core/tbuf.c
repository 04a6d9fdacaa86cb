// SPDX-License-Identifier: MIT
/* The trace buffer's producer side (see tbuf.h, trace_abi.h). */
#include "core/tbuf.h"

#include <string.h>

int tbuf_init(struct tbuf *b, void *mem, size_t bytes, tbuf_flush_fn flush,
	      uint32_t watermark)
{
	size_t room = bytes > sizeof(*b->hdr) ? bytes - sizeof(*b->hdr) : 0;
	uint32_t n = 1;

	memset(b, 0, sizeof(*b));
	if (room < sizeof(struct trace_rec))
		return -1;
	while ((size_t)n * 2 * sizeof(struct trace_rec) <= room &&
	       n < (1u << 30))
		n *= 2;
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

struct trace_rec *tbuf_reserve(struct tbuf *b)
{
	/* acquire: the consumer has read the slots below tail */
	uint64_t tail = __atomic_load_n(&b->hdr->tail, __ATOMIC_ACQUIRE);

	if (b->head - tail > b->mask) {
		/* a consumer that wrote a tail past head is not ours to
		 * trust: count as full too */
		__atomic_store_n(&b->hdr->lost, b->hdr->lost + 1,
				 __ATOMIC_RELAXED);
		return NULL;
	}
	struct trace_rec *r = &b->rec[b->head & b->mask];
	memset(r, 0, sizeof(*r));
	return r;
}

void tbuf_commit(struct tbuf *b)
{
	b->head++;
	/* release: the record is written before the head that covers it */
	__atomic_store_n(&b->hdr->head, b->head, __ATOMIC_RELEASE);
	uint64_t tail = __atomic_load_n(&b->hdr->tail, __ATOMIC_ACQUIRE);
	/* at the watermark; a consumer that did not drain is asked again
	 * only a quarter of the watermark later (each ask is a trap) */
	if (b->flush && b->head - tail >= b->watermark &&
	    b->head >= b->next_flush) {
		b->flushes++;
		b->next_flush =
			b->head + (b->watermark / 4 ? b->watermark / 4 : 1);
		b->flush();
	}
}
