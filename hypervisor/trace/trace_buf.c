// SPDX-License-Identifier: MIT
/* Per-hart record buffers and the emit path (see trace.h). Only the hart a
 * buffer belongs to appends to it, with interrupts off in the hypervisor:
 * no lock. Exports happen on that hart too, except the final one at power
 * off when the other harts are idle. */
#include <string.h>

#include "../guest.h"
#include "../hart.h"
#include "../page_alloc.h"
#include "trace.h"
#include "trace_buf.h"

uint32_t trace_classes;
uint32_t trace_guests = ~0u;
struct trace_hbuf trace_hbufs[HYP_MAX_HARTS];

int trace_buf_init(uint32_t kib, unsigned int nharts)
{
	size_t pages = ((size_t)kib * 1024 + 4095) / 4096;

	for (unsigned int i = 0; i < nharts && i < HYP_MAX_HARTS; i++) {
		uint64_t pa = page_alloc(pages, 4096);

		if (!pa)
			return -1;
		trace_hbufs[i].rec = (struct trace_rec *)(uintptr_t)pa;
		trace_hbufs[i].cap =
			(uint32_t)(pages * 4096 / sizeof(struct trace_rec));
	}
	return 0;
}

int trace_buf_append(const struct trace_rec *r, int keep)
{
	struct trace_hbuf *b = &trace_hbufs[this_hart()->index];

	if (r->guest != TRACE_NONE8 &&
	    (r->guest >= 32 || !(trace_guests & (1u << r->guest))))
		return 0; /* not a guest we trace */
	if (!b->rec || b->n >= b->cap) {
		if (!keep) {
			b->lost++;
			b->lost_pending++;
		}
		return -1;
	}
	b->rec[b->n] = *r;
	__atomic_store_n(&b->n, b->n + 1, __ATOMIC_RELEASE);
	return 0;
}

void trace_buf_reset(struct trace_hbuf *b, unsigned int hart)
{
	b->n = 0;
	if (b->lost_pending && b->cap) {
		b->rec[0] = (struct trace_rec){
			.time = csr_read(CSR_TIME),
			.kind = TRACE_META_LOST,
			.guest = TRACE_NONE8,
			.vcpu = TRACE_NONE8,
			.hart = (uint8_t)hart,
			.idx = hart,
			.arg0 = b->lost_pending,
		};
		b->n = 1;
		b->lost_pending = 0;
	}
}

#if RVH_TRACE_COMPILED
int trace_put(const struct trace_rec *r)
{
	return trace_buf_append(r, 0);
}

void trace_emit(uint16_t kind, uint8_t guest, uint8_t vcpu, uint8_t flags,
		uint16_t ring, uint32_t idx, uint32_t len, uint64_t arg0,
		uint64_t arg1)
{
	struct hart *h = this_hart();
	struct trace_hbuf *b = &trace_hbufs[h->index];
	struct trace_rec *r;
	uint32_t n = b->n;

	if (guest != TRACE_NONE8 &&
	    (guest >= 32 || !(trace_guests & (1u << guest))))
		return;
	if (n >= b->cap) {
		b->lost++;
		b->lost_pending++;
		return;
	}
	if (vcpu == TRACE_VCPU_AUTO)
		vcpu = h->loaded && h->loaded->vm->id == guest
			       ? (uint8_t)h->loaded->id
			       : TRACE_NONE8;
	/* written in place: this is the path every record takes */
	r = &b->rec[n];
	r->time = csr_read(CSR_TIME);
	r->kind = kind;
	r->guest = guest;
	r->vcpu = vcpu;
	r->hart = (uint8_t)h->index;
	r->flags = flags;
	r->ring = ring;
	r->idx = idx;
	r->len = len;
	r->req = 0;
	r->arg0 = arg0;
	r->arg1 = arg1;
	__atomic_store_n(&b->n, n + 1, __ATOMIC_RELEASE);
}
#endif
