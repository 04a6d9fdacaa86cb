// SPDX-License-Identifier: MIT
/*
 * Device role: take chains from the driver's avail ring, give them back
 * through the used ring, decide about interrupts. The driver is untrusted:
 * avail.idx and every ring slot is read once and range-checked; chains are
 * validated by the walk (pvring_dev_pop_many inline, then
 * pvring_dev_walk_from) before anything is consumed.
 */
#include <string.h>

#include "pvring_internal.h"

int pvring_dev_fail(struct pvring_dev *q, int err, uint16_t head)
{
	if (!q->broken) {
		q->broken = err;
		if (q->trace)
			pvring_emit(q->trace, q->trace_ctx, q->qid,
				    PVRING_ROLE_DEVICE, PVRING_EV_ERROR, head,
				    q->last_avail, 0, 0, 0, err);
	}
	return err;
}

int pvring_dev_init(struct pvring_dev *q, unsigned int num, const void *desc,
		    const void *avail, void *used, uint64_t features,
		    pvring_translate_fn translate, void *translate_ctx,
		    uint16_t qid)
{
	if (!q || !desc || !avail || !used || !translate ||
	    !pvring_size_valid(num))
		return PVRING_ERR_INVAL;
	if (!pvring_aligned(desc, PVRING_DESC_ALIGN) ||
	    !pvring_aligned(avail, PVRING_AVAIL_ALIGN) ||
	    !pvring_aligned(used, PVRING_USED_ALIGN))
		return PVRING_ERR_INVAL;

	memset(q, 0, sizeof(*q));
	q->desc = desc;
	q->avail = avail;
	q->used = used;
	q->used_event = pvring_used_event((struct pvring_avail *)avail, num);
	q->avail_event = pvring_avail_event(q->used, num);
	q->translate = translate;
	q->translate_ctx = translate_ctx;
	q->num = num;
	q->qid = qid;
	q->event_idx = (features & PVRING_F_EVENT_IDX) != 0;
	q->indirect = (features & PVRING_F_INDIRECT_DESC) != 0;
	return 0;
}

void pvring_dev_set_trace(struct pvring_dev *q, pvring_trace_fn fn, void *ctx)
{
	q->trace = fn;
	q->trace_ctx = ctx;
}

/* Reads avail.idx (once, acquire) and range-checks it into *idx. */
static int dev_avail(struct pvring_dev *q, uint16_t *idx)
{
	uint16_t n;

	if (q->broken)
		return PVRING_ERR_BROKEN;
	/* acquire: ring slots and descriptors are read after the index */
	*idx = PVRING_LOAD_ACQUIRE(&q->avail->idx);
	n = (uint16_t)(*idx - q->last_avail);
	if (n > q->num)
		return pvring_dev_fail(q, PVRING_ERR_AVAIL_IDX, PVRING_NO_HEAD);
	return n;
}

int pvring_dev_avail_count(struct pvring_dev *q)
{
	uint16_t idx;

	return dev_avail(q, &idx);
}

/* The general pop, from the start (see pvring_dev_pop_many in pvring.h). */
int pvring_dev_pop_slow(struct pvring_dev *q, struct pvring_seg *segs,
			unsigned int max_segs, struct pvring_chain *chain)
{
	struct pvring_walk w;
	uint16_t head, idx;
	int n;

	if (!segs || !chain || max_segs == 0)
		return PVRING_ERR_INVAL;
	n = dev_avail(q, &idx);
	if (n <= 0)
		return n;
	/* the fast path pops the chains below it without re-reading */
	q->avail_seen = idx;
	/* A driver cannot have more than N chains outstanding. */
	if (q->inflight >= q->num)
		return pvring_dev_fail(q, PVRING_ERR_INFLIGHT, PVRING_NO_HEAD);
	head = PVRING_READ_ONCE(&q->avail->ring[q->last_avail & (q->num - 1)]);
	if (head >= q->num)
		return pvring_dev_fail(q, PVRING_ERR_HEAD_RANGE, head);
	memset(&w, 0, sizeof(w));
	w.table = q->desc;
	w.tsize = q->num;
	w.i = head;
	w.head = head;
	return pvring_dev_pop_resume(q, segs, max_segs, chain, &w, NULL);
}

/* Walks the rest of the chain; nothing is consumed unless all of it is
 * good. cur: the descriptor at hand, already read (fast path), or NULL. */
int pvring_dev_pop_resume(struct pvring_dev *q, struct pvring_seg *segs,
			  unsigned int max_segs, struct pvring_chain *chain,
			  struct pvring_walk *w, const struct pvring_desc *cur)
{
	int err = pvring_dev_walk_from(q, w, segs, max_segs, cur);

	if (err)
		return pvring_dev_fail(q, err, w->head);
	chain->head = w->head;
	chain->avail_idx = q->last_avail;
	chain->nseg = w->nseg;
	chain->nread = w->nread;
	chain->read_len = (uint32_t)w->rlen;
	chain->write_len = (uint32_t)w->wlen;
	chain->indirect = w->in_indirect;
	q->last_avail++;
	q->inflight++;
	if (q->trace)
		pvring_dev_trace_pop(q, chain);
	return 1;
}

/* One POP event, from the inline walk or the general one alike. */
void pvring_dev_trace_pop(struct pvring_dev *q,
			  const struct pvring_chain *chain)
{
	pvring_emit(q->trace, q->trace_ctx, q->qid, PVRING_ROLE_DEVICE,
		    PVRING_EV_POP, chain->head, chain->avail_idx, 0, 0,
		    chain->read_len + chain->write_len, 0);
}

void pvring_dev_trace_push(struct pvring_dev *q, uint16_t head, uint16_t uidx,
			   uint32_t len)
{
	pvring_emit(q->trace, q->trace_ctx, q->qid, PVRING_ROLE_DEVICE,
		    PVRING_EV_PUSH, head, uidx, 0, 0, len, 0);
}

int pvring_dev_pop(struct pvring_dev *q, struct pvring_seg *segs,
		   unsigned int max_segs, struct pvring_chain *chain)
{
	int err;

	if (pvring_dev_pop_many(q, chain, segs, max_segs, 1, q->translate,
				&err))
		return 1;
	return err;
}

int pvring_dev_push_traced(struct pvring_dev *q,
			   const struct pvring_used_elem *e, unsigned int k,
			   unsigned int n, uint16_t shadow)
{
	unsigned int i;
	int err;

	for (i = 0; i < k; i++)
		pvring_dev_trace_push(q, (uint16_t)e[i].id,
				      (uint16_t)(q->used_shadow + i), e[i].len);
	q->used_shadow = shadow;
	q->inflight -= k;
	for (; k < n; k++) {
		err = pvring_dev_push_slow(
			q, e[k].id > 0xffffu ? 0xffffu : (uint16_t)e[k].id,
			e[k].len);
		if (err)
			return err;
	}
	return 0;
}

int pvring_dev_push_slow(struct pvring_dev *q, uint16_t head, uint32_t len)
{
	struct pvring_used_elem *e;

	if (q->broken)
		return PVRING_ERR_BROKEN;
	if (head >= q->num || q->inflight == 0)
		return PVRING_ERR_INVAL;
	e = &q->used->ring[q->used_shadow & (q->num - 1)];
	PVRING_WRITE_ONCE(&e->id, head);
	PVRING_WRITE_ONCE(&e->len, len);
	if (q->trace)
		pvring_dev_trace_push(q, head, q->used_shadow, len);
	q->used_shadow++;
	q->inflight--;
	return 0;
}

int pvring_dev_push(struct pvring_dev *q, uint16_t head, uint32_t len)
{
	struct pvring_used_elem e = {.id = head, .len = len};

	return pvring_dev_push_many(q, &e, 1);
}

void pvring_dev_publish(struct pvring_dev *q)
{
	if (q->used_shadow == q->used_pub)
		return;
	/* release: used elements (and the data written into the driver's
	 * buffers) are visible before the index that covers them */
	PVRING_STORE_RELEASE(&q->used->idx, q->used_shadow);
	q->used_pub = q->used_shadow;
}

bool pvring_dev_irq_prepare(struct pvring_dev *q)
{
	uint16_t new_idx, old, ev;
	bool notify;

	if (q->broken)
		return false;
	pvring_dev_publish(q);
	/* used.idx visible before reading the driver's suppression state */
	pvring_mb();
	new_idx = q->used_pub;
	old = q->irq_old;
	q->irq_old = new_idx;
	if (new_idx == old)
		return false;
	if (q->event_idx) {
		ev = PVRING_READ_ONCE(q->used_event);
		notify = pvring_need_event(ev, new_idx, old);
	} else {
		ev = PVRING_READ_ONCE(&q->avail->flags);
		notify = !(ev & PVRING_AVAIL_F_NO_INTERRUPT);
	}
	if (q->trace)
		pvring_emit(q->trace, q->trace_ctx, q->qid, PVRING_ROLE_DEVICE,
			    notify ? PVRING_EV_NOTIFY : PVRING_EV_SUPPRESS,
			    PVRING_NO_HEAD, new_idx, old, ev, 0, 0);
	return notify;
}

void pvring_dev_disable_notify(struct pvring_dev *q)
{
	if (q->used_flags & PVRING_USED_F_NO_NOTIFY)
		return;
	q->used_flags |= PVRING_USED_F_NO_NOTIFY;
	/* With EVENT_IDX used.flags stays 0; avail_event is left behind. */
	if (!q->event_idx)
		PVRING_WRITE_ONCE(&q->used->flags, q->used_flags);
}

int pvring_dev_enable_notify(struct pvring_dev *q)
{
	int n;

	if (q->broken)
		return PVRING_ERR_BROKEN;
	q->used_flags &= (uint16_t)~PVRING_USED_F_NO_NOTIFY;
	if (q->event_idx)
		PVRING_WRITE_ONCE(q->avail_event, q->last_avail);
	else
		PVRING_WRITE_ONCE(&q->used->flags, q->used_flags);
	/* The request must be visible before the re-check (see drv side). */
	pvring_mb();
	n = pvring_dev_avail_count(q);
	return n > 0 ? 1 : n;
}
