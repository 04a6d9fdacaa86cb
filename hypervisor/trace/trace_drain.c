// SPDX-License-Identifier: MIT
/* Checking and draining a guest's trace buffer (see trace_drain.h). */
#include <string.h>

#include "../guest_mem.h"
#include "sbi_abi.h"
#include "trace_drain.h"

#define TRACE_BUF_ALIGN 64

long trace_gbuf_check_range(uint64_t ram_base, uint64_t ram_size, uint64_t gpa,
			    uint64_t bytes)
{
	if (!gpa_range_in(ram_base, ram_size, gpa, bytes))
		return SBI_ERR_INVALID_ADDRESS;
	if (gpa % TRACE_BUF_ALIGN || bytes < sizeof(struct trace_buf_hdr))
		return SBI_ERR_INVALID_PARAM;
	return SBI_SUCCESS;
}

long trace_gbuf_check_hdr(const struct trace_buf_hdr *h, uint64_t bytes)
{
	uint64_t need;

	if (h->magic != TRACE_BUF_MAGIC || h->version != TRACE_VERSION ||
	    h->rec_size != sizeof(struct trace_rec))
		return SBI_ERR_INVALID_PARAM;
	if (!h->nrec || (h->nrec & (h->nrec - 1)))
		return SBI_ERR_INVALID_PARAM;
	/* nrec < 2^32 and 48 < 2^6: no overflow in 64 bits */
	need = sizeof(struct trace_buf_hdr) +
	       (uint64_t)h->nrec * sizeof(struct trace_rec);
	return need <= bytes ? SBI_SUCCESS : SBI_ERR_INVALID_PARAM;
}

void trace_gbuf_attach(struct trace_gbuf *b, void *buf, uint32_t nrec,
		       uint32_t classes)
{
	volatile struct trace_buf_hdr *h = buf;

	memset(b, 0, sizeof(*b));
	b->hdr = h;
	b->rec =
		(volatile struct trace_rec *)(void *)((char *)buf + sizeof(*h));
	b->nrec = nrec;
	b->tail = __atomic_load_n(&h->head, __ATOMIC_ACQUIRE);
	b->guest_lost = __atomic_load_n(&h->lost, __ATOMIC_RELAXED);
	h->classes = classes;
	__atomic_store_n(&h->tail, b->tail, __ATOMIC_RELEASE);
}

void trace_gbuf_detach(struct trace_gbuf *b)
{
	b->hdr = NULL;
	b->rec = NULL;
	b->nrec = 0;
}

int trace_gbuf_kind_ok(uint16_t kind)
{
	return (kind >= TRACE_PVR_PUBLISH && kind <= TRACE_PVR_ERROR) ||
	       (kind >= TRACE_SYSCALL && kind <= TRACE_USER_REAP);
}

/* the pending loss as one record; 0 if none or sent, -1 if sink is full */
static int flush_lost(struct trace_gbuf *b, uint8_t guest, uint8_t vcpu,
		      uint8_t hart, uint64_t now, trace_sink_fn sink, void *ctx)
{
	struct trace_rec r = {
		.time = now,
		.kind = TRACE_META_LOST,
		.guest = guest,
		.vcpu = vcpu,
		.hart = hart,
		.idx = vcpu,
		.arg0 = b->lost_pending,
		.arg1 = b->rejected_pending,
	};

	if (!b->lost_pending && !b->rejected_pending)
		return 0;
	if (sink(ctx, &r))
		return -1;
	b->lost_pending = b->rejected_pending = 0;
	return 0;
}

uint32_t trace_gbuf_drain(struct trace_gbuf *b, uint8_t guest, uint8_t vcpu,
			  uint8_t hart, uint64_t now, trace_sink_fn sink,
			  void *ctx, int *full)
{
	uint64_t head, avail, glost;
	uint32_t taken = 0;

	*full = 0;
	if (!b->hdr || !b->nrec)
		return 0;
	head = __atomic_load_n(&b->hdr->head, __ATOMIC_ACQUIRE);
	glost = __atomic_load_n(&b->hdr->lost, __ATOMIC_RELAXED);
	/* a count that went down was reset by the guest: only resync */
	if (glost > b->guest_lost) {
		b->lost += glost - b->guest_lost;
		b->lost_pending += glost - b->guest_lost;
	}
	b->guest_lost = glost;
	avail = head - b->tail;
	if (avail > b->nrec) {
		/* overwritten, or a lie: nothing between is trusted */
		b->lost += avail;
		b->lost_pending += avail;
		b->tail = head;
		avail = 0;
	}
	for (; avail; avail--) {
		struct trace_rec r;

		memcpy(&r, (const void *)&b->rec[b->tail & (b->nrec - 1)],
		       sizeof(r));
		if (!trace_gbuf_kind_ok(r.kind)) {
			b->rejected++;
			b->rejected_pending++;
			b->tail++;
			continue;
		}
		r.guest = guest;
		r.vcpu = vcpu;
		r.hart = hart;
		if (sink(ctx, &r)) {
			*full = 1;
			break;
		}
		b->tail++;
		b->taken++;
		taken++;
	}
	__atomic_store_n(&b->hdr->tail, b->tail, __ATOMIC_RELEASE);
	if (flush_lost(b, guest, vcpu, hart, now, sink, ctx))
		*full = 1;
	return taken;
}
