// SPDX-License-Identifier: MIT
/*
 * Linking events into requests (the rule is in trace_abi.h): an event's own
 * request id if it has one; else the id of the nearest earlier event with
 * the same (guest, ring, idx = head) key. Two refinements the rule needs:
 * events that happen before the kernel assigns the id (the user's submit,
 * the kernel seeing it, a driver publishing) take the id of the nearest
 * later event of their key instead, and a chain put on a device ring with
 * no id gets a made-up one so the device and disk events still link to it.
 * A request's last driver-side event (reap, BLK_DONE) ends the key, so an
 * event whose own start was lost does not link to the previous user of the
 * same head.
 */
#include <stdlib.h>
#include <string.h>

#include "trc.h"

struct sort_key {
	uint64_t time;
	uint32_t rank, idx;
};

static int cmp_key(const void *pa, const void *pb)
{
	const struct sort_key *a = pa, *b = pb;

	if (a->time != b->time)
		return a->time < b->time ? -1 : 1;
	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static uint64_t link_key(const struct trace_rec *r)
{
	return (uint64_t)r->guest << 48 | (uint64_t)r->ring << 32 | r->idx;
}

uint64_t trc_end(const struct trace_rec *r)
{
	if (!trc_is_slice(r))
		return r->time;
	return r->time + r->len < r->time ? UINT64_MAX : r->time + r->len;
}

uint64_t trc_ns(const struct trc_trace *t, const struct trc_analysis *a,
		uint64_t ticks)
{
	unsigned __int128 ns;

	if (ticks <= a->tmin || !t->timebase)
		return 0;
	ns = (unsigned __int128)(ticks - a->tmin) * 1000000000u / t->timebase;
	return ns > UINT64_MAX ? UINT64_MAX : (uint64_t)ns;
}

size_t trc_layer_count(uint32_t layers)
{
	size_t n = 0;

	for (int l = TRC_L_USER; l < TRC_L_COUNT; l++)
		n += (layers >> l) & 1;
	return n;
}

static int sort_records(const struct trc_trace *t, struct trc_analysis *a)
{
	struct sort_key *k = malloc((t->nrec ? t->nrec : 1) * sizeof(*k));

	if (!k)
		return -1;
	for (size_t i = 0; i < t->nrec; i++) {
		k[i].time = t->rec[i].time;
		k[i].rank = trc_kind(t->rec[i].kind)->rank;
		k[i].idx = (uint32_t)i;
	}
	qsort(k, t->nrec, sizeof(*k), cmp_key);
	for (size_t i = 0; i < t->nrec; i++)
		a->order[i] = k[i].idx;
	free(k);
	return 0;
}

static int link_forward(const struct trc_trace *t, struct trc_analysis *a)
{
	struct trc_map last = {0};
	uint64_t synth = 0;
	int rc = 0;

	for (size_t n = 0; n < t->nrec && !rc; n++) {
		uint32_t i = a->order[n];
		const struct trace_rec *r = &t->rec[i];
		const struct trc_kind *k = trc_kind(r->kind);
		uint64_t id = r->req, key = link_key(r);

		switch (k->link) {
		case TRC_LINK_NONE:
			id = 0;
			break;
		case TRC_LINK_START:
			if (!id)
				id = TRC_SYNTH_REQ | ++synth;
			break;
		case TRC_LINK_BACK:
			if (!id)
				trc_map_get(&last, key, &id);
			break;
		default:
			break;
		}
		a->req[i] = id;
		if (id && k->link != TRC_LINK_NONE && r->ring)
			rc = trc_map_put(&last, key, id);
		if (k->closes)
			trc_map_del(&last, key);
	}
	trc_map_free(&last);
	return rc;
}

static int link_backward(const struct trc_trace *t, struct trc_analysis *a)
{
	struct trc_map next = {0};
	int rc = 0;

	for (size_t n = t->nrec; n-- > 0 && !rc;) {
		uint32_t i = a->order[n];
		const struct trace_rec *r = &t->rec[i];
		const struct trc_kind *k = trc_kind(r->kind);
		uint64_t key = link_key(r);

		if (k->link == TRC_LINK_FWD && !a->req[i])
			trc_map_get(&next, key, &a->req[i]);
		if (a->req[i] && k->link != TRC_LINK_NONE && r->ring)
			rc = trc_map_put(&next, key, a->req[i]);
		if (k->opens)
			trc_map_del(&next, key);
	}
	trc_map_free(&next);
	return rc;
}

static int group(const struct trc_trace *t, struct trc_analysis *a)
{
	struct trc_map byid = {0};
	uint32_t *fill;
	uint64_t q;

	a->reqs = calloc(t->nrec ? t->nrec : 1, sizeof(*a->reqs));
	a->node = malloc((t->nrec ? t->nrec : 1) * sizeof(*a->node));
	fill = calloc(t->nrec ? t->nrec : 1, sizeof(*fill));
	if (!a->reqs || !a->node || !fill)
		goto oom;
	for (size_t n = 0; n < t->nrec; n++) {
		uint32_t i = a->order[n];
		const struct trace_rec *r = &t->rec[i];
		uint64_t end = trc_end(r);
		struct trc_req *rq;

		if (!a->req[i])
			continue;
		if (!trc_map_get(&byid, a->req[i], &q)) {
			q = a->nreqs++;
			if (trc_map_put(&byid, a->req[i], q))
				goto oom;
			a->reqs[q].id = a->req[i];
			a->reqs[q].t0 = r->time;
		}
		rq = &a->reqs[q];
		rq->n++;
		rq->layers |= 1u << trc_layer_of(r);
		if (r->kind == TRACE_BLK_SUBMIT ||
		    r->kind == TRACE_HDISK_SUBMIT)
			rq->block = true;
		if (end > rq->t1)
			rq->t1 = end;
	}
	for (size_t j = 0, at = 0; j < a->nreqs; j++) {
		a->reqs[j].first = (uint32_t)at;
		at += a->reqs[j].n;
	}
	for (size_t n = 0; n < t->nrec; n++) {
		uint32_t i = a->order[n];

		if (!a->req[i])
			continue;
		trc_map_get(&byid, a->req[i], &q);
		a->node[a->reqs[q].first + fill[q]++] = i;
	}
	free(fill);
	trc_map_free(&byid);
	return 0;
oom:
	free(fill);
	trc_map_free(&byid);
	return -1;
}

int trc_link(const struct trc_trace *t, struct trc_analysis *a)
{
	size_t n = t->nrec ? t->nrec : 1;

	memset(a, 0, sizeof(*a));
	a->order = malloc(n * sizeof(*a->order));
	a->req = calloc(n, sizeof(*a->req));
	if (!a->order || !a->req || sort_records(t, a))
		goto oom;
	for (size_t i = 0; i < t->nrec; i++) {
		uint64_t end = trc_end(&t->rec[i]);

		if (!i || t->rec[i].time < a->tmin)
			a->tmin = t->rec[i].time;
		if (end > a->tmax)
			a->tmax = end;
	}
	if (link_forward(t, a) || link_backward(t, a) || group(t, a))
		goto oom;
	return 0;
oom:
	trc_analysis_free(a);
	return -1;
}

void trc_analysis_free(struct trc_analysis *a)
{
	free(a->order);
	free(a->req);
	free(a->reqs);
	free(a->node);
	memset(a, 0, sizeof(*a));
}
