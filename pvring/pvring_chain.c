// SPDX-License-Identifier: MIT
/*
 * Device role: walk one descriptor chain the driver offered and turn it into
 * a bounded list of translated segments. Everything here is hostile input:
 * each descriptor is copied once (the driver may rewrite it meanwhile) and
 * only the copy is checked and used. Every step either adds a segment,
 * enters the one allowed indirect table, or fails, so the walk is bounded
 * by max_segs + 1 steps whatever the memory holds.
 */
#include "pvring_internal.h"

static void desc_read_once(const struct pvring_desc *src, struct pvring_desc *d)
{
	d->addr = PVRING_READ_ONCE(&src->addr);
	d->len = PVRING_READ_ONCE(&src->len);
	d->flags = PVRING_READ_ONCE(&src->flags);
	d->next = PVRING_READ_ONCE(&src->next);
}

static bool range_wraps(uint64_t addr, uint32_t len)
{
	return len != 0 && addr > UINT64_MAX - (len - 1);
}

/* Switch the walk to the indirect table described by d. */
static int enter_indirect(struct pvring_dev *q, const struct pvring_desc *d,
			  bool nested, const struct pvring_desc **table,
			  uint32_t *tsize)
{
	void *p;

	if (!q->indirect)
		return PVRING_ERR_INDIRECT_FEATURE;
	if (nested)
		return PVRING_ERR_INDIRECT_NESTED;
	if (d->flags & PVRING_DESC_F_NEXT)
		return PVRING_ERR_INDIRECT_NEXT;
	if (d->len == 0 || d->len % sizeof(struct pvring_desc))
		return PVRING_ERR_INDIRECT_LEN;
	if (d->addr & (PVRING_INDIRECT_ALIGN - 1))
		return PVRING_ERR_INDIRECT_ALIGN;
	if (range_wraps(d->addr, d->len))
		return PVRING_ERR_LEN_OVERFLOW;
	/* the device only reads the table (its WRITE flag is ignored) */
	p = q->translate(q->translate_ctx, d->addr, d->len, false);
	if (!p)
		return PVRING_ERR_TRANSLATE;
	if (!pvring_aligned(p, PVRING_INDIRECT_ALIGN))
		return PVRING_ERR_INDIRECT_ALIGN;
	*table = p;
	*tsize = d->len / (uint32_t)sizeof(struct pvring_desc);
	return 0;
}

/* Goes on with the walk w from where it stands (pvring.h): from cur, the
 * descriptor at hand, or else by reading entry w->i. */
int pvring_dev_walk_from(struct pvring_dev *q, struct pvring_walk *w,
			 struct pvring_seg *segs, unsigned int max_segs,
			 const struct pvring_desc *cur)
{
	const struct pvring_desc *table = w->table;
	uint32_t tsize = w->tsize, i = w->i, visited = w->visited;
	uint64_t total, rlen = w->rlen, wlen = w->wlen;
	unsigned int nseg = w->nseg, nread = w->nread;
	bool in_indirect = w->in_indirect, seen_write = w->seen_write;
	struct pvring_desc d;
	void *p;
	int err;

	for (;;) {
		if (cur) {
			d = *cur; /* read by the fast path, checked from here */
			cur = NULL;
		} else {
			if (i >= tsize)
				return PVRING_ERR_NEXT_RANGE;
			/* more steps than entries in this table: it loops */
			if (++visited > tsize)
				return PVRING_ERR_LOOP;
			desc_read_once(&table[i], &d);
		}

		if (d.flags & PVRING_DESC_F_INDIRECT) {
			err = enter_indirect(q, &d, in_indirect, &table,
					     &tsize);
			if (err)
				return err;
			in_indirect = true;
			i = 0;
			visited = 0;
			continue;
		}

		if (nseg >= max_segs)
			return PVRING_ERR_CHAIN_LONG;
		if (d.flags & PVRING_DESC_F_WRITE) {
			seen_write = true;
			wlen += d.len;
		} else if (seen_write) {
			return PVRING_ERR_ORDER;
		} else {
			rlen += d.len;
			nread++;
		}
		total = rlen + wlen;
		if (range_wraps(d.addr, d.len) || total > UINT32_MAX)
			return PVRING_ERR_LEN_OVERFLOW;
		p = q->translate(q->translate_ctx, d.addr, d.len,
				 (d.flags & PVRING_DESC_F_WRITE) != 0);
		if (!p)
			return PVRING_ERR_TRANSLATE;
		segs[nseg].addr = d.addr;
		segs[nseg].ptr = p;
		segs[nseg].len = d.len;
		segs[nseg].writable = (d.flags & PVRING_DESC_F_WRITE) != 0;
		nseg++;

		if (!(d.flags & PVRING_DESC_F_NEXT))
			break;
		i = d.next;
	}

	w->nseg = nseg;
	w->nread = nread;
	w->rlen = rlen;
	w->wlen = wlen;
	w->in_indirect = in_indirect;
	return 0;
}
