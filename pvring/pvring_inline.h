/* SPDX-License-Identifier: MIT */
/*
 * pvring's inline fast paths: the driver's standing-chain calls and the
 * device's batch pop and push, declared (with their contracts) in pvring.h,
 * which includes this file at its end. Inline because they are the
 * per-request cost of a syscall ring; everything they cannot do quickly
 * (an indirect descriptor, a failed check, a broken queue) they hand to the
 * library's general code, declared below as library-internal.
 *
 * Tracing: with a trace hook set these paths stay the same; each event is
 * one predictable branch (`if (PVRING_UNLIKELY(q->trace))`) and an
 * out-of-line call that builds the record, so `make bench` measures the
 * path that runs when tracing.
 */
#ifndef PVRING_INLINE_H
#define PVRING_INLINE_H

#ifndef PVRING_H
#error "include pvring.h, not pvring_inline.h"
#endif

#define PVRING_UNLIKELY(c) __builtin_expect(!!(c), 0)

/* Library-internal, used by the inline paths below. */
int pvring_drv_fail(struct pvring_drv *q, int err, uint16_t head);
void pvring_drv_trace_reap(struct pvring_drv *q, uint16_t id, uint32_t len);

static inline __attribute__((always_inline)) int
pvring_drv_get_used_kept(struct pvring_drv *q, uint16_t *head, void **token,
			 uint32_t *len)
{
	const struct pvring_used_elem *e;
	struct pvring_drv_slot *s;
	uint32_t id, ulen;

	if (q->broken)
		return PVRING_ERR_BROKEN;
	if (q->last_used == q->used_seen) {
		/* acquire: the entries below idx are read after it */
		uint16_t idx = PVRING_LOAD_ACQUIRE(&q->used->idx);
		uint16_t pending = (uint16_t)(idx - q->last_used);

		if (pending > q->outstanding)
			return pvring_drv_fail(q, PVRING_ERR_USED_IDX,
					       PVRING_NO_HEAD);
		if (!pending)
			return 0;
		q->used_seen = idx;
	}
	e = &q->used->ring[q->last_used & (q->num - 1)];
	id = PVRING_READ_ONCE(&e->id);
	ulen = PVRING_READ_ONCE(&e->len);
	if (id >= q->num || q->slot[id].state != PVRING_SLOT_PUBLISHED)
		return pvring_drv_fail(q, PVRING_ERR_USED_ID, PVRING_NO_HEAD);
	s = &q->slot[id];
	if (ulen > s->wcap)
		return pvring_drv_fail(q, PVRING_ERR_USED_LEN, (uint16_t)id);
	s->state = PVRING_SLOT_KEPT;
	q->outstanding--;
	*head = (uint16_t)id;
	*token = s->token;
	if (len)
		*len = ulen;
	if (PVRING_UNLIKELY(q->trace))
		pvring_drv_trace_reap(q, (uint16_t)id, ulen);
	q->last_used++;
	/* Callbacks on with EVENT_IDX: move the event along, as the device
	 * interrupts only when it passes used_event. */
	if (q->event_idx && !(q->avail_flags & PVRING_AVAIL_F_NO_INTERRUPT)) {
		PVRING_WRITE_ONCE(q->used_event, q->last_used);
		pvring_mb();
	}
	return 1;
}

static inline __attribute__((always_inline)) int
pvring_drv_set_buf(struct pvring_drv *q, uint16_t head, unsigned int k,
		   const struct pvring_buf *b)
{
	struct pvring_drv_slot *h = &q->slot[head & (q->num - 1)];
	uint16_t i = head;

	if (head >= q->num || h->state != PVRING_SLOT_KEPT || k >= h->ndesc ||
	    (h->dflags & PVRING_DESC_F_INDIRECT))
		return PVRING_ERR_INVAL;
	while (k--)
		i = q->slot[i].next;
	if (q->slot[i].dflags & PVRING_DESC_F_WRITE) {
		uint64_t w = (uint64_t)h->wcap - q->slot[i].len + b->len;

		if (w > UINT32_MAX)
			return PVRING_ERR_INVAL;
		h->wcap = (uint32_t)w;
	}
	q->slot[i].len = b->len;
	q->desc[i].addr = b->addr;
	q->desc[i].len = b->len;
	return 0;
}

static inline __attribute__((always_inline)) int
pvring_drv_repost(struct pvring_drv *q, uint16_t head, void *token)
{
	struct pvring_drv_slot *s = &q->slot[head & (q->num - 1)];
	uint16_t pos = q->avail_shadow, mask = (uint16_t)(q->num - 1);

	if (head >= q->num || s->state != PVRING_SLOT_KEPT)
		return PVRING_ERR_INVAL;
	if (q->broken)
		return PVRING_ERR_BROKEN;
	s->token = token;
	s->state = PVRING_SLOT_STAGED;
	q->slot[pos & mask].avail_head = head;
	q->avail->ring[pos & mask] = head;
	q->avail_shadow = (uint16_t)(pos + 1);
	return 0;
}

/* Library-internal, used by pop_many / push_many. */
struct pvring_walk {
	const struct pvring_desc *table; /* main table or the indirect one */
	uint64_t rlen, wlen; /* readable / writable bytes so far */
	uint32_t tsize; /* entries in table */
	uint32_t visited; /* steps taken in table */
	uint32_t i; /* next entry to read (when none is at hand) */
	uint32_t nseg, nread;
	uint16_t head;
	bool in_indirect, seen_write;
};

/* A descriptor's second half, len | flags << 32 | next << 48, read in one
 * load (each field still read once). */
typedef uint64_t __attribute__((may_alias)) pvring_desc_word;
_Static_assert(__builtin_offsetof(struct pvring_desc, len) == 8 &&
		       __builtin_offsetof(struct pvring_desc, flags) == 12 &&
		       __builtin_offsetof(struct pvring_desc, next) == 14,
	       "pvring_desc layout");

int pvring_dev_pop_slow(struct pvring_dev *q, struct pvring_seg *segs,
			unsigned int max_segs, struct pvring_chain *chain);
int pvring_dev_pop_resume(struct pvring_dev *q, struct pvring_seg *segs,
			  unsigned int max_segs, struct pvring_chain *chain,
			  struct pvring_walk *w, const struct pvring_desc *cur);
int pvring_dev_walk_from(struct pvring_dev *q, struct pvring_walk *w,
			 struct pvring_seg *segs, unsigned int max_segs,
			 const struct pvring_desc *cur);
int pvring_dev_push_slow(struct pvring_dev *q, uint16_t head, uint32_t len);
/* The POP and PUSH events, out of line: the fast paths' cost while tracing
 * is off stays one branch. */
void pvring_dev_trace_pop(struct pvring_dev *q,
			  const struct pvring_chain *chain);
void pvring_dev_trace_push(struct pvring_dev *q, uint16_t head, uint16_t uidx,
			   uint32_t len);
/* push_many's end while tracing: e[0..k) are written (up to used index
 * shadow), their events are due; then e[k..n) go the general way. */
int pvring_dev_push_traced(struct pvring_dev *q,
			   const struct pvring_used_elem *e, unsigned int k,
			   unsigned int n, uint16_t shadow);
int pvring_dev_fail(struct pvring_dev *q, int err, uint16_t head);

static inline __attribute__((always_inline)) unsigned int
pvring_dev_pop_many(struct pvring_dev *q, struct pvring_chain *chains,
		    struct pvring_seg *segs, unsigned int max_segs,
		    unsigned int n, pvring_translate_fn lookup, int *err)
{
	/* few values live across the loop: the queue's own state stays in
	 * *q, so that the walk has the registers */
	unsigned int k = 0;
	int e = 0;

	if (PVRING_UNLIKELY(q->broken || !chains || !segs || !max_segs))
		goto slow;
	for (; k < n; k++, chains++, segs += max_segs) {
		const struct pvring_desc *cur = 0;
		uint64_t addr, word, fl, len, total = 0, wlen = 0;
		unsigned long num = q->num, i, nseg = 0, nw = 0;
		uint16_t idx = q->last_avail, head;
		struct pvring_desc d;
		struct pvring_walk w;
		bool wr;
		void *p;

		if (idx == q->avail_seen) {
			/* acquire: slots and descriptors are read after it */
			uint16_t a = PVRING_LOAD_ACQUIRE(&q->avail->idx);

			if (a == idx)
				break;
			if (PVRING_UNLIKELY((uint16_t)(a - idx) > num))
				goto slow;
			q->avail_seen = a;
		}
		/* A driver cannot have more than N chains outstanding. */
		if (PVRING_UNLIKELY(q->inflight >= num))
			goto slow;
		head = PVRING_READ_ONCE(&q->avail->ring[idx & (num - 1)]);
		if (PVRING_UNLIKELY(head >= num)) {
			e = pvring_dev_fail(q, PVRING_ERR_HEAD_RANGE, head);
			break;
		}
		chains->head = head; /* out of the registers */
		chains->avail_idx = idx;
		for (i = head;;) {
			/* the copy lives in registers (memory only if it is
			 * handed over) */
			addr = PVRING_READ_ONCE(&q->desc[i].addr);
			word = PVRING_READ_ONCE(
				(const pvring_desc_word *)&q->desc[i].len);
			len = (uint32_t)word;
			fl = word >> 32; /* flags | next << 16 */
			wr = fl & PVRING_DESC_F_WRITE;
			/* the wrap check is stricter than the general one: a
			 * range ending at 2^64 goes there too */
			if (PVRING_UNLIKELY((fl & PVRING_DESC_F_INDIRECT) ||
					    (!wr && nw) || addr + len < addr ||
					    ((total + len) >> 32)))
				goto resume_cur;
			p = lookup(q->translate_ctx, addr, (uint32_t)len, wr);
			if (PVRING_UNLIKELY(!p)) {
				if (lookup == q->translate) {
					e = pvring_dev_fail(
						q, PVRING_ERR_TRANSLATE,
						chains->head);
					goto out;
				}
				goto resume_cur;
			}
			segs[nseg].addr = addr;
			segs[nseg].ptr = p;
			segs[nseg].len = (uint32_t)len;
			segs[nseg].writable = wr;
			nseg++;
			total += len;
			if (wr) {
				wlen += len;
				nw++;
			}
			if (!(fl & PVRING_DESC_F_NEXT))
				break;
			i = fl >> 16;
			/* one step per segment: more than max_segs is too
			 * long, more than N a loop (the general walk tells) */
			if (PVRING_UNLIKELY(i >= num || nseg >= max_segs ||
					    nseg >= num))
				goto resume;
		}
		chains->nseg = (unsigned int)nseg;
		chains->nread = (unsigned int)(nseg - nw);
		chains->read_len = (uint32_t)(total - wlen);
		chains->write_len = (uint32_t)wlen;
		chains->indirect = false;
		q->last_avail++;
		q->inflight++;
		if (PVRING_UNLIKELY(q->trace))
			pvring_dev_trace_pop(q, chains);
		continue;
	resume_cur:
		d.addr = addr;
		d.len = (uint32_t)len;
		d.flags = (uint16_t)fl;
		d.next = (uint16_t)(fl >> 16);
		cur = &d;
	resume:
		w.table = q->desc;
		w.tsize = (uint32_t)num;
		w.visited = (uint32_t)nseg + (cur != 0);
		w.i = (uint32_t)i;
		w.nseg = (uint32_t)nseg;
		w.nread = (uint32_t)(nseg - nw);
		w.rlen = total - wlen;
		w.wlen = wlen;
		w.head = chains->head;
		w.in_indirect = false;
		w.seen_write = nw != 0;
		e = pvring_dev_pop_resume(q, segs, max_segs, chains, &w, cur);
		if (e <= 0)
			goto out;
		e = 0;
	}
	goto out;
slow:
	for (; k < n; k++, chains++, segs += max_segs) {
		e = pvring_dev_pop_slow(q, segs, max_segs, chains);
		if (e <= 0)
			break;
		e = 0;
	}
out:
	*err = e < 0 ? e : 0;
	return k;
}

static inline __attribute__((always_inline)) int
pvring_dev_push_many(struct pvring_dev *q, const struct pvring_used_elem *e,
		     unsigned int n)
{
	struct pvring_used_elem *ring = q->used->ring;
	uint32_t num = q->num;
	uint16_t shadow = q->used_shadow;
	unsigned int k = 0;
	int err;

	if (!q->broken && n <= q->inflight) {
		for (; k < n; k++) {
			struct pvring_used_elem *u = &ring[shadow & (num - 1)];
			uint32_t id = e[k].id;

			if (id >= num)
				break;
			PVRING_WRITE_ONCE(&u->id, id);
			PVRING_WRITE_ONCE(&u->len, e[k].len);
			shadow++;
		}
		/* the events after the loop, and nothing live after the
		 * call: a call inside the loop would cost the untraced path
		 * registers */
		if (PVRING_UNLIKELY(q->trace))
			return pvring_dev_push_traced(q, e, k, n, shadow);
		q->used_shadow = shadow;
		q->inflight -= k;
	}
	for (; k < n; k++) {
		/* 0xffff: no queue is that big */
		err = pvring_dev_push_slow(
			q, e[k].id > 0xffffu ? 0xffffu : (uint16_t)e[k].id,
			e[k].len);
		if (err)
			return err;
	}
	return 0;
}

#endif /* PVRING_INLINE_H */
