// SPDX-License-Identifier: MIT
/*
 * Driver role: set up a queue, stage and publish chains, reap used entries.
 * The device's used ring is untrusted: every id, len and index read from it
 * is checked against the driver's private bookkeeping (struct
 * pvring_drv_slot), and the driver never reads its own descriptor table back.
 */
#include <string.h>

#include "pvring_internal.h"

int pvring_drv_fail(struct pvring_drv *q, int err, uint16_t head)
{
	if (!q->broken) {
		q->broken = err;
		if (q->trace)
			pvring_emit(q->trace, q->trace_ctx, q->qid,
				    PVRING_ROLE_DRIVER, PVRING_EV_ERROR, head,
				    q->last_used, 0, 0, 0, err);
	}
	return err;
}

int pvring_drv_init(struct pvring_drv *q, unsigned int num, void *desc,
		    void *avail, void *used, struct pvring_drv_slot *slots,
		    uint64_t features, uint16_t qid)
{
	unsigned int i;

	if (!q || !desc || !avail || !used || !slots || !pvring_size_valid(num))
		return PVRING_ERR_INVAL;
	if (!pvring_aligned(desc, PVRING_DESC_ALIGN) ||
	    !pvring_aligned(avail, PVRING_AVAIL_ALIGN) ||
	    !pvring_aligned(used, PVRING_USED_ALIGN))
		return PVRING_ERR_INVAL;

	memset(q, 0, sizeof(*q));
	memset(desc, 0, pvring_desc_bytes(num));
	memset(avail, 0, pvring_avail_bytes(num));
	memset(used, 0, pvring_used_bytes(num));
	memset(slots, 0, num * sizeof(*slots));
	for (i = 0; i < num; i++)
		slots[i].next = (uint16_t)(i + 1);

	q->desc = desc;
	q->avail = avail;
	q->used = used;
	q->slot = slots;
	q->used_event = pvring_used_event(q->avail, num);
	q->avail_event = pvring_avail_event(q->used, num);
	q->num = num;
	q->num_free = num;
	q->qid = qid;
	q->event_idx = (features & PVRING_F_EVENT_IDX) != 0;
	q->indirect = (features & PVRING_F_INDIRECT_DESC) != 0;
	return 0;
}

void pvring_drv_set_trace(struct pvring_drv *q, pvring_trace_fn fn, void *ctx)
{
	q->trace = fn;
	q->trace_ctx = ctx;
}

/* Checks common to direct and indirect adds; *wcap = writable bytes. */
static int drv_check_bufs(const struct pvring_drv *q,
			  const struct pvring_buf *bufs, unsigned int nout,
			  unsigned int nin, uint32_t *wcap)
{
	uint64_t w = 0;
	unsigned int k;

	if (q->broken)
		return PVRING_ERR_BROKEN;
	if (!bufs || nout > PVRING_MAX_SIZE || nin > PVRING_MAX_SIZE ||
	    nout + nin == 0 || nout + nin > PVRING_MAX_SIZE)
		return PVRING_ERR_INVAL;
	for (k = nout; k < nout + nin; k++)
		w += bufs[k].len;
	if (w > UINT32_MAX)
		return PVRING_ERR_INVAL;
	*wcap = (uint32_t)w;
	return 0;
}

static void drv_fill(struct pvring_desc *d, const struct pvring_buf *b,
		     bool writable, bool more, uint16_t next)
{
	d->addr = b->addr;
	d->len = b->len;
	d->flags = (uint16_t)((writable ? PVRING_DESC_F_WRITE : 0) |
			      (more ? PVRING_DESC_F_NEXT : 0));
	d->next = more ? next : 0;
}

/* Record a staged chain and put its head into the next avail slot. */
static int drv_stage(struct pvring_drv *q, uint16_t head, uint16_t ndesc,
		     uint32_t wcap, void *token)
{
	uint16_t pos = q->avail_shadow;
	struct pvring_drv_slot *s = &q->slot[head];

	s->token = token;
	s->wcap = wcap;
	s->ndesc = ndesc;
	s->state = PVRING_SLOT_STAGED;
	q->slot[pos & (q->num - 1)].avail_head = head;
	q->avail->ring[pos & (q->num - 1)] = head;
	q->avail_shadow = (uint16_t)(pos + 1);
	q->num_free -= ndesc;
	return head;
}

int pvring_drv_add(struct pvring_drv *q, const struct pvring_buf *bufs,
		   unsigned int nout, unsigned int nin, void *token)
{
	unsigned int n = nout + nin, k;
	uint16_t head, i;
	uint32_t wcap;
	int err;

	err = drv_check_bufs(q, bufs, nout, nin, &wcap);
	if (err)
		return err;
	if (n > q->num)
		return PVRING_ERR_INVAL;
	if (n > q->num_free)
		return PVRING_ERR_NOSPC;

	/* The chain is the first n entries of the private free list. */
	head = i = q->free_head;
	for (k = 0; k < n; k++) {
		uint16_t next = q->slot[i].next;

		drv_fill(&q->desc[i], &bufs[k], k >= nout, k + 1 < n, next);
		q->slot[i].len = bufs[k].len;
		q->slot[i].dflags = k >= nout ? PVRING_DESC_F_WRITE : 0;
		if (k + 1 < n)
			i = next;
	}
	q->free_head = q->slot[i].next;
	return drv_stage(q, head, (uint16_t)n, wcap, token);
}

int pvring_drv_add_indirect(struct pvring_drv *q, const struct pvring_buf *bufs,
			    unsigned int nout, unsigned int nin,
			    struct pvring_desc *table, uint64_t table_addr,
			    void *token)
{
	unsigned int n = nout + nin, k;
	struct pvring_desc *d;
	uint16_t head;
	uint32_t wcap;
	int err;

	err = drv_check_bufs(q, bufs, nout, nin, &wcap);
	if (err)
		return err;
	if (!q->indirect || !table ||
	    !pvring_aligned(table, PVRING_INDIRECT_ALIGN) ||
	    (table_addr & (PVRING_INDIRECT_ALIGN - 1)))
		return PVRING_ERR_INVAL;
	if (q->num_free == 0)
		return PVRING_ERR_NOSPC;

	for (k = 0; k < n; k++)
		drv_fill(&table[k], &bufs[k], k >= nout, k + 1 < n,
			 (uint16_t)(k + 1));
	head = q->free_head;
	q->free_head = q->slot[head].next;
	d = &q->desc[head];
	d->addr = table_addr;
	d->len = (uint32_t)(n * sizeof(struct pvring_desc));
	d->flags = PVRING_DESC_F_INDIRECT;
	d->next = 0;
	q->slot[head].len = d->len;
	q->slot[head].dflags = PVRING_DESC_F_INDIRECT;
	return drv_stage(q, head, 1, wcap, token);
}

void pvring_drv_publish(struct pvring_drv *q)
{
	uint16_t pos, old = q->avail_pub, mask = (uint16_t)(q->num - 1);

	if (q->avail_shadow == old)
		return;
	for (pos = old; pos != q->avail_shadow; pos++)
		q->slot[q->slot[pos & mask].avail_head].state =
			PVRING_SLOT_PUBLISHED;
	q->outstanding += (uint16_t)(q->avail_shadow - old);
	q->added_since_kick += (uint16_t)(q->avail_shadow - old);
	PVRING_STORE_RELEASE(&q->avail->idx, q->avail_shadow);
	q->avail_pub = q->avail_shadow;
	if (q->trace)
		for (pos = old; pos != q->avail_pub; pos++)
			pvring_emit(q->trace, q->trace_ctx, q->qid,
				    PVRING_ROLE_DRIVER, PVRING_EV_PUBLISH,
				    q->slot[pos & mask].avail_head, pos, 0, 0,
				    0, 0);
}

bool pvring_drv_kick_prepare(struct pvring_drv *q)
{
	uint16_t new_idx, old, ev;
	bool notify;

	pvring_drv_publish(q);
	/* Our avail.idx store must be visible before we read the device's
	 * suppression state, or both sides may decide not to notify. */
	pvring_mb();
	new_idx = q->avail_pub;
	old = q->kick_old;
	q->kick_old = new_idx;
	if (q->added_since_kick == 0)
		return false;
	if (q->event_idx) {
		ev = PVRING_READ_ONCE(q->avail_event);
		/* u16 arithmetic cannot see 64K chains since the last kick */
		notify = pvring_need_event(ev, new_idx, old) ||
			 q->added_since_kick > 0xffffu;
	} else {
		ev = PVRING_READ_ONCE(&q->used->flags);
		notify = !(ev & PVRING_USED_F_NO_NOTIFY);
	}
	q->added_since_kick = 0;
	if (q->trace)
		pvring_emit(q->trace, q->trace_ctx, q->qid, PVRING_ROLE_DRIVER,
			    notify ? PVRING_EV_NOTIFY : PVRING_EV_SUPPRESS,
			    PVRING_NO_HEAD, new_idx, old, ev, 0, 0);
	return notify;
}

/* Entries the device claims to have completed, checked against what we
 * published: more than that is a lie. */
static int drv_used_pending(struct pvring_drv *q, uint16_t uidx)
{
	uint16_t pending = (uint16_t)(uidx - q->last_used);

	if (pending > q->outstanding)
		return pvring_drv_fail(q, PVRING_ERR_USED_IDX, PVRING_NO_HEAD);
	return pending;
}

void pvring_drv_trace_reap(struct pvring_drv *q, uint16_t id, uint32_t len)
{
	pvring_emit(q->trace, q->trace_ctx, q->qid, PVRING_ROLE_DRIVER,
		    PVRING_EV_REAP, id, q->last_used, 0, 0, len, 0);
}

/* A kept chain's descriptors back onto the free list, via the private
 * links (never by reading the shared table back). */
static void drv_free_chain(struct pvring_drv *q, uint16_t id)
{
	struct pvring_drv_slot *s = &q->slot[id];
	uint16_t i = id, k;

	for (k = 1; k < s->ndesc; k++)
		i = q->slot[i].next;
	q->slot[i].next = q->free_head;
	q->free_head = id;
	q->num_free += s->ndesc;
	s->state = PVRING_SLOT_FREE;
	s->token = NULL;
}

int pvring_drv_get_used(struct pvring_drv *q, void **token, uint32_t *len)
{
	uint16_t id = 0;
	void *tok = NULL;
	int n = pvring_drv_get_used_kept(q, &id, &tok, len);

	if (n <= 0)
		return n;
	drv_free_chain(q, id);
	if (token)
		*token = tok;
	return 1;
}

int pvring_drv_release(struct pvring_drv *q, uint16_t head)
{
	if (head >= q->num || q->slot[head].state != PVRING_SLOT_KEPT)
		return PVRING_ERR_INVAL;
	drv_free_chain(q, head);
	return 0;
}

void pvring_drv_disable_cb(struct pvring_drv *q)
{
	if (q->avail_flags & PVRING_AVAIL_F_NO_INTERRUPT)
		return;
	q->avail_flags |= PVRING_AVAIL_F_NO_INTERRUPT;
	/* With EVENT_IDX avail.flags must stay 0: used_event is left behind,
	 * so the device stops interrupting once it has passed it. */
	if (!q->event_idx)
		PVRING_WRITE_ONCE(&q->avail->flags, q->avail_flags);
}

int pvring_drv_enable_cb(struct pvring_drv *q)
{
	int n;

	if (q->broken)
		return PVRING_ERR_BROKEN;
	q->avail_flags &= (uint16_t)~PVRING_AVAIL_F_NO_INTERRUPT;
	if (q->event_idx)
		PVRING_WRITE_ONCE(q->used_event, q->last_used);
	else
		PVRING_WRITE_ONCE(&q->avail->flags, q->avail_flags);
	/* The request must be visible before the re-check, or a used entry
	 * pushed in between goes unnoticed by both sides. */
	pvring_mb();
	n = drv_used_pending(q, PVRING_LOAD_ACQUIRE(&q->used->idx));
	return n > 0 ? 1 : n;
}

int pvring_drv_enable_cb_delayed(struct pvring_drv *q, unsigned int count)
{
	int n;

	if (count > q->outstanding)
		count = q->outstanding;
	if (!q->event_idx || count <= 1)
		return pvring_drv_enable_cb(q);
	if (q->broken)
		return PVRING_ERR_BROKEN;
	q->avail_flags &= (uint16_t)~PVRING_AVAIL_F_NO_INTERRUPT;
	/* the device interrupts when it pushes entry last_used + count - 1 */
	PVRING_WRITE_ONCE(q->used_event, (uint16_t)(q->last_used + count - 1));
	/* as in enable_cb: either we see those entries, or the device sees
	 * the new used_event when it pushes the last of them */
	pvring_mb();
	n = drv_used_pending(q, PVRING_LOAD_ACQUIRE(&q->used->idx));
	if (n < 0)
		return n;
	return (unsigned int)n >= count;
}

unsigned int pvring_drv_num_free(const struct pvring_drv *q)
{
	return q->num_free;
}
