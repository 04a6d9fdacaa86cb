// SPDX-License-Identifier: MIT
/*
 * The text summary: what the trace holds, exits by cause per guest, traffic
 * per ring, lost records per buffer, request latency per layer, the slowest
 * requests with their path, and how many block requests link across layers.
 */
#include <stdlib.h>
#include <string.h>

#include "trc.h"

#define SLOWEST 10
#define PATH_MAX_SHOWN 16
#define LINKED_LAYERS 4

struct cause_stat {
	uint64_t key; /* guest << 33 | interrupt << 32 | code */
	uint64_t count, ticks;
};

static double us(const struct trc_trace *t, uint64_t ticks)
{
	return (double)ticks * 1e6 / (double)t->timebase;
}

static void summary_head(FILE *f, const struct trc_trace *t,
			 const struct trc_analysis *a)
{
	size_t by_kind[256] = {0};

	fprintf(f,
		"trace: %zu records of 48 bytes, version %u, timebase %llu Hz,"
		" %.3f ms of events\n",
		t->file_records, TRACE_VERSION, (unsigned long long)t->timebase,
		us(t, a->tmax - a->tmin) / 1000.0);
	if (t->unknown)
		fprintf(f,
			"skipped: %zu records of unknown kinds (first: record"
			" %u, kind 0x%x)\n",
			t->unknown, t->first_unknown, t->first_unknown_kind);
	if (t->extra_headers)
		fprintf(f,
			"appended: %zu more headers (drains written one after "
			"another)\n",
			t->extra_headers);
	if (t->trailing_bytes)
		fprintf(f,
			"truncated: %zu bytes after record %zu are not a "
			"whole record\n",
			t->trailing_bytes, t->file_records - 1);
	for (size_t i = 0; i < t->nrec; i++)
		by_kind[t->rec[i].kind & 0xff]++;
	fprintf(f, "\nevents by kind:\n");
	for (int k = 0; k < 256; k++)
		if (by_kind[k])
			fprintf(f, "  %-14s %10zu\n",
				trc_kind((uint16_t)k)->name, by_kind[k]);
}

static int cmp_cause(const void *pa, const void *pb)
{
	const struct cause_stat *a = pa, *b = pb;

	return a->key < b->key ? -1 : a->key > b->key;
}

static void print_exits(FILE *f, const struct trc_trace *t,
			const struct cause_stat *st, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned int g = (unsigned int)(st[i].key >> 33);
		const char *name = trc_name_of(t, (uint8_t)g, 0);
		uint64_t total = 0;
		size_t end = i;

		for (; end < n && st[end].key >> 33 == g; end++)
			total += st[end].count;
		if (g == TRACE_NONE8)
			fprintf(f, "  no guest: %llu exits\n",
				(unsigned long long)total);
		else
			fprintf(f, "  guest %u%s%s: %llu exits\n", g,
				name ? " " : "", name ? name : "",
				(unsigned long long)total);
		fprintf(f, "    %-34s %10s %14s %10s\n", "cause", "count",
			"total us", "mean us");
		for (; i < end; i++) {
			bool intr = st[i].key >> 32 & 1;
			uint32_t code = (uint32_t)st[i].key;
			char what[64];

			snprintf(what, sizeof(what), "%s %s (%u)",
				 intr ? "irq" : "exc",
				 trc_cause_name(code, intr), code);
			fprintf(f, "    %-34s %10llu %14.3f %10.3f\n", what,
				(unsigned long long)st[i].count,
				us(t, st[i].ticks),
				us(t, st[i].ticks) / (double)st[i].count);
		}
	}
}

static void summary_exits(FILE *f, const struct trc_trace *t)
{
	struct cause_stat *st = calloc(t->nrec + 1, sizeof(*st));
	struct trc_map idx = {0};
	size_t n = 0;
	uint64_t j;

	fprintf(f, "\nexits by cause:\n");
	if (!st)
		return;
	for (size_t i = 0; i < t->nrec; i++) {
		const struct trace_rec *r = &t->rec[i];
		uint64_t key = (uint64_t)r->guest << 33 |
			       (uint64_t) !!(r->flags & TRACE_F_INTR) << 32 |
			       r->idx;

		if (r->kind != TRACE_EXIT)
			continue;
		if (!trc_map_get(&idx, key, &j)) {
			j = n++;
			st[j].key = key;
			if (trc_map_put(&idx, key, j))
				break;
		}
		st[j].count++;
		st[j].ticks += r->len;
	}
	qsort(st, n, sizeof(*st), cmp_cause);
	if (!n)
		fprintf(f, "  (no exits)\n");
	print_exits(f, t, st, n);
	trc_map_free(&idx);
	free(st);
}

struct ring_stat {
	uint8_t guest;
	uint16_t ring;
	uint64_t events, popped, pushed;
};

static int cmp_ring(const void *pa, const void *pb)
{
	const struct ring_stat *a = pa, *b = pb;
	uint32_t ka = (uint32_t)a->guest << 16 | a->ring;
	uint32_t kb = (uint32_t)b->guest << 16 | b->ring;

	return ka < kb ? -1 : ka > kb;
}

static void summary_rings(FILE *f, const struct trc_trace *t)
{
	struct ring_stat *rs = calloc(t->nrec + 1, sizeof(*rs));
	struct trc_map idx = {0};
	size_t n = 0;
	uint64_t j;

	if (!rs)
		return;
	for (size_t i = 0; i < t->nrec; i++) {
		const struct trace_rec *r = &t->rec[i];
		const struct trc_kind *k = trc_kind(r->kind);
		uint64_t key = (uint64_t)r->guest << 16 | r->ring;

		if (!r->ring)
			continue;
		if (!trc_map_get(&idx, key, &j)) {
			j = n++;
			if (trc_map_put(&idx, key, j))
				break;
			rs[j].guest = r->guest;
			rs[j].ring = r->ring;
		}
		rs[j].events++;
		if (k->bytes == TRC_B_POP)
			rs[j].popped += r->len;
		else if (k->bytes == TRC_B_PUSH)
			rs[j].pushed += r->len;
	}
	qsort(rs, n, sizeof(*rs), cmp_ring);
	fprintf(f, "\nrings (bytes: chains taken by the device side, used "
		   "lengths it gave back):\n");
	fprintf(f, "  %-6s %-30s %10s %14s %14s\n", "guest", "ring", "events",
		"bytes taken", "bytes back");
	for (size_t i = 0; i < n; i++) {
		char name[64];

		trc_ring_name(t, rs[i].guest, rs[i].ring, name, sizeof(name));
		fprintf(f, "  %-6u %-30s %10llu %14llu %14llu\n", rs[i].guest,
			name, (unsigned long long)rs[i].events,
			(unsigned long long)rs[i].popped,
			(unsigned long long)rs[i].pushed);
	}
	if (!n)
		fprintf(f, "  (no ring events)\n");
	trc_map_free(&idx);
	free(rs);
}

static void summary_lost(FILE *f, const struct trc_trace *t)
{
	struct trc_map idx = {0};
	uint64_t *lost = calloc(t->nrec + 1, sizeof(*lost));
	uint64_t *marks = calloc(t->nrec + 1, sizeof(*marks));
	uint64_t *keys = calloc(t->nrec + 1, sizeof(*keys));
	uint64_t total = 0, j;
	size_t n = 0;

	if (!lost || !marks || !keys)
		goto out;
	for (size_t i = 0; i < t->nrec; i++) {
		const struct trace_rec *r = &t->rec[i];
		uint64_t key;

		if (r->kind != TRACE_META_LOST)
			continue;
		/* a guest's buffer is per vCPU, the hypervisor's per hart */
		key = r->guest == TRACE_NONE8
			      ? (uint64_t)1 << 48 | r->idx
			      : (uint64_t)r->guest << 8 | r->vcpu;
		if (!trc_map_get(&idx, key, &j)) {
			j = n++;
			keys[j] = key;
			if (trc_map_put(&idx, key, j))
				goto out;
		}
		lost[j] += r->arg0;
		marks[j]++;
		total += r->arg0;
	}
	fprintf(f, "\nlost records: %llu in %zu buffer%s\n",
		(unsigned long long)total, n, n == 1 ? "" : "s");
	for (size_t i = 0; i < n; i++) {
		char what[48];

		if (keys[i] >> 48)
			snprintf(what, sizeof(what), "hypervisor hart %u",
				 (unsigned)(keys[i] & 0xffffffffu));
		else
			snprintf(what, sizeof(what), "guest %u vCPU %u",
				 (unsigned)(keys[i] >> 8),
				 (unsigned)(keys[i] & 0xff));
		fprintf(f, "  %-24s %12llu lost, %llu marker%s\n", what,
			(unsigned long long)lost[i],
			(unsigned long long)marks[i], marks[i] == 1 ? "" : "s");
	}
out:
	trc_map_free(&idx);
	free(lost);
	free(marks);
	free(keys);
}

static int cmp_u64(const void *pa, const void *pb)
{
	uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;

	return a < b ? -1 : a > b;
}

/* nearest rank */
static uint64_t pct(const uint64_t *v, size_t n, unsigned int p)
{
	size_t r = (n * p + 99) / 100;

	return v[r ? r - 1 : 0];
}

static void summary_latency(FILE *f, const struct trc_trace *t,
			    const struct trc_analysis *a)
{
	uint64_t *v = malloc((a->nreqs + 1) * sizeof(*v));

	if (!v)
		return;
	fprintf(f, "\nrequest latency per layer (us; %zu requests):\n",
		a->nreqs);
	fprintf(f, "  %-20s %8s %12s %12s %12s %12s\n", "layer", "count", "p50",
		"p90", "p99", "max");
	for (int s = 0; s < TRC_S_COUNT; s++) {
		size_t n = 0;

		for (size_t q = 0; q < a->nreqs; q++) {
			uint64_t seg[TRC_S_COUNT];
			bool have[TRC_S_COUNT];

			trc_req_segments(t, a, &a->reqs[q], seg, have);
			if (have[s])
				v[n++] = seg[s];
		}
		if (!n) {
			fprintf(f, "  %-20s %8d %12s %12s %12s %12s\n",
				trc_seg_name[s], 0, "-", "-", "-", "-");
			continue;
		}
		qsort(v, n, sizeof(*v), cmp_u64);
		fprintf(f, "  %-20s %8zu %12.3f %12.3f %12.3f %12.3f\n",
			trc_seg_name[s], n, us(t, pct(v, n, 50)),
			us(t, pct(v, n, 90)), us(t, pct(v, n, 99)),
			us(t, v[n - 1]));
	}
	free(v);
}

static const struct trc_analysis *sort_a;

static int cmp_slow(const void *pa, const void *pb)
{
	const struct trc_req *a = &sort_a->reqs[*(const uint32_t *)pa];
	const struct trc_req *b = &sort_a->reqs[*(const uint32_t *)pb];
	uint64_t da = a->t1 - a->t0, db = b->t1 - b->t0;

	if (da != db)
		return da > db ? -1 : 1;
	return a->t0 < b->t0 ? -1 : a->t0 > b->t0;
}

static void layers_str(uint32_t layers, char *buf, size_t n)
{
	static const char *const names[TRC_L_COUNT] = {
		[TRC_L_USER] = "user",	     [TRC_L_KERNEL] = "kernel",
		[TRC_L_DEV] = "device",	     [TRC_L_HV] = "hypervisor",
		[TRC_L_HDISK] = "host disk",
	};
	size_t at = 0;

	buf[0] = 0;
	for (int l = TRC_L_USER; l < TRC_L_COUNT; l++)
		if (layers >> l & 1)
			at += (size_t)snprintf(buf + at, n - at, "%s%s",
					       at ? "," : "", names[l]);
}

/* what a record's idx holds, for the request paths */
static const char *idx_label(uint16_t kind)
{
	switch (kind) {
	case TRACE_TASK_POLL:
	case TRACE_TASK_WAKE:
		return "task";
	case TRACE_SYSCALL:
		return "op";
	default:
		return "head";
	}
}

static void summary_slowest(FILE *f, const struct trc_trace *t,
			    const struct trc_analysis *a)
{
	uint32_t *ix = malloc((a->nreqs + 1) * sizeof(*ix));
	size_t show = a->nreqs < SLOWEST ? a->nreqs : SLOWEST;

	if (!ix)
		return;
	for (size_t q = 0; q < a->nreqs; q++)
		ix[q] = (uint32_t)q;
	sort_a = a;
	qsort(ix, a->nreqs, sizeof(*ix), cmp_slow);
	fprintf(f, "\nslowest requests:\n");
	if (!show)
		fprintf(f, "  (no requests)\n");
	for (size_t s = 0; s < show; s++) {
		const struct trc_req *q = &a->reqs[ix[s]];
		char layers[64];

		layers_str(q->layers, layers, sizeof(layers));
		fprintf(f,
			"  %zu. req 0x%llx%s: %.3f us, %u events, layers %s\n",
			s + 1, (unsigned long long)(q->id & ~TRC_SYNTH_REQ),
			q->id & TRC_SYNTH_REQ ? " (no id: device chain)" : "",
			us(t, q->t1 - q->t0), q->n, layers);
		for (uint32_t k = 0; k < q->n && k < PATH_MAX_SHOWN; k++) {
			const struct trace_rec *r =
				&t->rec[a->node[q->first + k]];
			char ring[64];

			trc_ring_name(t, r->guest, r->ring, ring, sizeof(ring));
			fprintf(f,
				"     +%10.3f us  %-12s guest %u vCPU %u %s %s "
				"%u\n",
				us(t, r->time - q->t0), trc_kind(r->kind)->name,
				r->guest, r->vcpu, r->ring ? ring : "-",
				idx_label(r->kind), r->idx);
		}
		if (q->n > PATH_MAX_SHOWN)
			fprintf(f, "     ... %u more events\n",
				q->n - PATH_MAX_SHOWN);
	}
	free(ix);
}

static void summary_flows(FILE *f, const struct trc_analysis *a)
{
	size_t block = 0, linked = 0;

	for (size_t q = 0; q < a->nreqs; q++) {
		if (!a->reqs[q].block)
			continue;
		block++;
		if (trc_layer_count(a->reqs[q].layers) >= LINKED_LAYERS)
			linked++;
	}
	fprintf(f, "\n");
	if (block)
		/* rounded down: 98.96% must not read as 99.0% */
		fprintf(f,
			"flows: %zu block requests, %zu linked >=%d layers "
			"(%zu.%zu%%)\n",
			block, linked, LINKED_LAYERS,
			linked * 1000 / block / 10, linked * 1000 / block % 10);
	else
		fprintf(f,
			"flows: 0 block requests, 0 linked >=%d layers (n/a)\n",
			LINKED_LAYERS);
}

int trc_summary_write(FILE *f, const struct trc_trace *t,
		      const struct trc_analysis *a)
{
	summary_head(f, t, a);
	summary_exits(f, t);
	summary_rings(f, t);
	summary_lost(f, t);
	summary_latency(f, t, a);
	summary_slowest(f, t, a);
	summary_flows(f, a);
	return ferror(f) ? -1 : 0;
}
