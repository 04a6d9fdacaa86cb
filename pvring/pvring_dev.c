// SPDX-License-Identifier: MIT
/*
 * Device role: take chains from the driver's avail ring, give them back
 * through the used ring, decide about interrupts. The driver is untrusted:
 * avail.idx and every ring slot is read once and range-checked; chains are
 * validated by pvring_dev_walk before anything is consumed.
 */
#include <string.h>

#include "pvring_internal.h"

static int dev_fail(struct pvring_dev *q, int err, uint16_t head)
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

int pvring_dev_avail_count(struct pvring_dev *q)
{
	uint16_t n;

	if (q->broken)
		return PVRING_ERR_BROKEN;
	/* acquire: ring slots and descriptors are read after the index */
	n = (uint16_t)(PVRING_LOAD_ACQUIRE(&q->avail->idx) - q->last_avail);
	if (n > q->num)
		return dev_fail(q, PVRING_ERR_AVAIL_IDX, PVRING_NO_HEAD);
	return n;
}

int pvring_dev_pop(struct pvring_dev *q, struct pvring_seg *segs,
		   unsigned int max_segs, struct pvring_chain *chain)
{
	uint16_t head;
	int n, err;

	if (!segs || !chain || max_segs == 0)
		return PVRING_ERR_INVAL;
	n = pvring_dev_avail_count(q);
	if (n <= 0)
		return n;
	/* A driver cannot have more than N chains outstanding. */
	if (q->inflight >= q->num)
		return dev_fail(q, PVRING_ERR_INFLIGHT, PVRING_NO_HEAD);
	head = PVRING_READ_ONCE(&q->avail->ring[q->last_avail & (q->num - 1)]);
	if (head >= q->num)
		return dev_fail(q, PVRING_ERR_HEAD_RANGE, head);
	err = pvring_dev_walk(q, head, segs, max_segs, chain);
	if (err)
		return dev_fail(q, err, head);

	chain->head = head;
	chain->avail_idx = q->last_avail;
	q->last_avail++;
	q->inflight++;
	if (q->trace)
		pvring_emit(q->trace, q->trace_ctx, q->qid, PVRING_ROLE_DEVICE,
			    PVRING_EV_POP, head, chain->avail_idx, 0, 0,
			    chain->read_len + chain->write_len, 0);
	return 1;
}

int pvring_dev_push(struct pvring_dev *q, uint16_t head, uint32_t len)
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
		pvring_emit(q->trace, q->trace_ctx, q->qid, PVRING_ROLE_DEVICE,
			    PVRING_EV_PUSH, head, q->used_shadow, 0, 0, len, 0);
	q->used_shadow++;
	q->inflight--;
	return 0;
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
