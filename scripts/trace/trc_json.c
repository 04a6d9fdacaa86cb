// SPDX-License-Identifier: MIT
/*
 * The Chrome JSON trace-event file that ui.perfetto.dev opens. Every event
 * is a complete slice ("X"): the ones with a duration (exits, system calls,
 * task polls, a vCPU's stay on a hart) as such, the others with dur 0,
 * because Perfetto binds flow arrows (flow_in / flow_out with bind_id, the
 * v2 flow form) only to slices; lost-record markers are instants ("i").
 * Slices on one track must nest: one that starts inside another and ends
 * after it is clipped to its parent's end (args.clipped_us says by how
 * much). Times are microseconds since the first event, printed from whole
 * nanoseconds so that clipping and nesting survive the conversion.
 */
#include <stdlib.h>
#include <string.h>

#include "trc.h"

#define NO_REC UINT32_MAX
#define FLOW_IN 1u
#define FLOW_OUT 2u

struct jev {
	uint64_t ts, dur, clip; /* ns */
	struct trc_track_id track;
	uint32_t rec; /* record index, NO_REC for a vCPU's stay on a hart */
	uint32_t load; /* for a stay: the VCPU_LOAD record */
	uint32_t flow_id, seq;
	uint8_t ph, flow;
};

struct jctx {
	FILE *f;
	const struct trc_trace *t;
	const struct trc_analysis *a;
	struct jev *ev;
	size_t n;
	struct trc_map tracks; /* pid << 32 | tid -> 1 */
};

static uint64_t track_key(struct trc_track_id id)
{
	return (uint64_t)id.pid << 32 | id.tid;
}

static struct jev *add(struct jctx *c, uint64_t ts, uint64_t end,
		       struct trc_track_id track, uint32_t rec, char ph)
{
	struct jev *e = &c->ev[c->n];

	memset(e, 0, sizeof(*e));
	e->ts = ts;
	e->dur = end > ts ? end - ts : 0;
	e->track = track;
	e->rec = rec;
	e->ph = (uint8_t)ph;
	e->seq = (uint32_t)c->n++;
	return e;
}

/* records to events; a vCPU's LOAD..PUT on a hart becomes one slice */
static int make_events(struct jctx *c, uint32_t *rec2ev)
{
	const struct trc_trace *t = c->t;
	const struct trc_analysis *a = c->a;
	struct trc_map stay = {0}; /* hart -> LOAD record index */
	uint64_t li;

	for (size_t n = 0; n < t->nrec; n++) {
		uint32_t i = a->order[n];
		const struct trace_rec *r = &t->rec[i];
		uint64_t ts = trc_ns(t, a, r->time);
		struct jev *e;

		rec2ev[i] = NO_REC;
		if (r->kind == TRACE_VCPU_LOAD || r->kind == TRACE_VCPU_PUT) {
			bool open = trc_map_get(&stay, r->hart, &li);

			if (open) {
				e = add(c, trc_ns(t, a, t->rec[li].time), ts,
					trc_track_hart(r->hart), NO_REC, 'X');
				e->load = (uint32_t)li;
				trc_map_del(&stay, r->hart);
			}
			if (r->kind == TRACE_VCPU_LOAD) {
				if (trc_map_put(&stay, r->hart, i))
					goto oom;
			} else if (!open) {
				rec2ev[i] = (uint32_t)c->n;
				add(c, ts, ts, trc_track_hart(r->hart), i, 'X');
			}
			continue;
		}
		rec2ev[i] = (uint32_t)c->n;
		add(c, ts, trc_ns(t, a, trc_end(r)), trc_track_of(r), i,
		    r->kind == TRACE_META_LOST ? 'i' : 'X');
	}
	/* still on a hart when the trace ends */
	for (size_t s = 0; s < stay.cap; s++) {
		struct jev *e;

		if (!stay.used[s])
			continue;
		li = stay.val[s];
		e = add(c, trc_ns(t, a, t->rec[li].time), trc_ns(t, a, a->tmax),
			trc_track_hart((uint8_t)stay.key[s]), NO_REC, 'X');
		e->load = (uint32_t)li;
	}
	trc_map_free(&stay);
	return 0;
oom:
	trc_map_free(&stay);
	return -1;
}

/* one flow per request: out of its first event, through, into its last */
static size_t make_flows(struct jctx *c, const uint32_t *rec2ev)
{
	const struct trc_analysis *a = c->a;
	size_t flows = 0;

	for (size_t q = 0; q < a->nreqs; q++) {
		const struct trc_req *rq = &a->reqs[q];

		if (rq->n < 2)
			continue;
		flows++;
		for (uint32_t k = 0; k < rq->n; k++) {
			struct jev *e = &c->ev[rec2ev[a->node[rq->first + k]]];

			e->flow_id = (uint32_t)flows;
			e->flow = (k ? FLOW_IN : 0) |
				  (k + 1 < rq->n ? FLOW_OUT : 0);
		}
	}
	return flows;
}

static int cmp_nest(const void *pa, const void *pb)
{
	const struct jev *a = *(const struct jev *const *)pa;
	const struct jev *b = *(const struct jev *const *)pb;
	uint64_t ka = track_key(a->track), kb = track_key(b->track);

	if (ka != kb)
		return ka < kb ? -1 : 1;
	if (a->ts != b->ts)
		return a->ts < b->ts ? -1 : 1;
	if (a->dur != b->dur)
		return a->dur > b->dur ? -1 : 1; /* parents first */
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* clip slices that end after the slice they start in; returns how many */
static size_t nest(struct jctx *c, struct jev **p, struct jev **stack)
{
	size_t clipped = 0, sp = 0;

	for (size_t i = 0; i < c->n; i++)
		p[i] = &c->ev[i];
	qsort(p, c->n, sizeof(*p), cmp_nest);
	for (size_t i = 0; i < c->n; i++) {
		struct jev *e = p[i];

		if (i && track_key(p[i - 1]->track) != track_key(e->track))
			sp = 0;
		while (sp && stack[sp - 1]->ts + stack[sp - 1]->dur <= e->ts)
			sp--;
		if (e->ph != 'X' || !e->dur)
			continue;
		if (sp) {
			uint64_t pend = stack[sp - 1]->ts + stack[sp - 1]->dur;

			if (e->ts + e->dur > pend) {
				e->clip = e->ts + e->dur - pend;
				e->dur = pend - e->ts;
				clipped++;
			}
		}
		if (e->dur)
			stack[sp++] = e;
	}
	return clipped;
}

static int cmp_out(const void *pa, const void *pb)
{
	const struct jev *a = *(const struct jev *const *)pa;
	const struct jev *b = *(const struct jev *const *)pb;

	if (a->ts != b->ts)
		return a->ts < b->ts ? -1 : 1;
	if (a->dur != b->dur)
		return a->dur > b->dur ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static void put_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			fprintf(f, "\\%c", ch);
		else if (ch < 0x20 || ch >= 0x7f)
			fprintf(f, "\\u%04x", ch);
		else
			fputc(ch, f);
	}
	fputc('"', f);
}

static void put_us(FILE *f, uint64_t ns)
{
	fprintf(f, "%llu.%03llu", (unsigned long long)(ns / 1000),
		(unsigned long long)(ns % 1000));
}

static void event_name(const struct trc_trace *t, const struct jev *e,
		       char *buf, size_t n)
{
	const struct trace_rec *r;
	const char *s;

	if (e->rec == NO_REC) {
		r = &t->rec[e->load];
		s = trc_name_of(t, r->guest, 0);
		snprintf(buf, n, "guest %u%s%s vCPU %u", r->guest, s ? " " : "",
			 s ? s : "", r->vcpu);
		return;
	}
	r = &t->rec[e->rec];
	switch (r->kind) {
	case TRACE_EXIT:
		snprintf(buf, n, "%s %s",
			 r->flags & TRACE_F_INTR ? "irq" : "exit",
			 trc_cause_name(r->idx, r->flags & TRACE_F_INTR));
		break;
	case TRACE_SBI:
		s = trc_sbi_name(r->arg0);
		if (s)
			snprintf(buf, n, "SBI %s", s);
		else
			snprintf(buf, n, "SBI 0x%llx",
				 (unsigned long long)r->arg0);
		break;
	case TRACE_MMIO:
		snprintf(buf, n, "MMIO %s",
			 r->flags & TRACE_F_WRITE ? "write" : "read");
		break;
	case TRACE_SYSCALL:
		snprintf(buf, n, "syscall %u", r->idx);
		break;
	case TRACE_TASK_POLL:
		snprintf(buf, n, "poll task %u", r->idx);
		break;
	case TRACE_META_LOST:
		snprintf(buf, n, "LOST %llu records",
			 (unsigned long long)r->arg0);
		break;
	default:
		snprintf(buf, n, "%s", trc_kind(r->kind)->name);
		break;
	}
}

/* the record's fields; the ones that are 0 are left out but for idx */
static void put_args(struct jctx *c, const struct jev *e)
{
	uint32_t i = e->rec == NO_REC ? e->load : e->rec;
	const struct trace_rec *r = &c->t->rec[i];
	FILE *f = c->f;

	fprintf(f,
		",\"args\":{\"rec\":%u,\"kind\":\"%s\",\"guest\":%u,"
		"\"vcpu\":%u,\"hart\":%u,\"idx\":%u",
		c->t->recno[i], trc_kind(r->kind)->name, r->guest, r->vcpu,
		r->hart, r->idx);
	if (r->ring)
		fprintf(f, ",\"ring\":\"0x%04x\"", r->ring);
	if (r->flags)
		fprintf(f, ",\"flags\":%u", r->flags);
	if (r->len)
		fprintf(f, ",\"len\":%u", r->len);
	if (r->req)
		fprintf(f, ",\"req\":\"0x%llx\"", (unsigned long long)r->req);
	if (c->a->req[i] && c->a->req[i] != r->req)
		fprintf(f, ",\"linked_req\":\"0x%llx\"",
			(unsigned long long)c->a->req[i]);
	if (r->arg0)
		fprintf(f, ",\"arg0\":\"0x%llx\"", (unsigned long long)r->arg0);
	if (r->arg1)
		fprintf(f, ",\"arg1\":\"0x%llx\"", (unsigned long long)r->arg1);
	if (e->clip) {
		fputs(",\"clipped_us\":", f);
		put_us(f, e->clip);
	}
	fputc('}', f);
}

static void put_event(struct jctx *c, const struct jev *e)
{
	const struct trc_kind *k;
	char name[96];

	k = trc_kind(c->t->rec[e->rec == NO_REC ? e->load : e->rec].kind);
	event_name(c->t, e, name, sizeof(name));
	fputs(",\n{\"name\":", c->f);
	put_str(c->f, name);
	fprintf(c->f, ",\"cat\":\"%s\",\"ph\":\"%c\",\"ts\":", k->cat, e->ph);
	put_us(c->f, e->ts);
	if (e->ph == 'X') {
		fputs(",\"dur\":", c->f);
		put_us(c->f, e->dur);
	} else {
		fputs(",\"s\":\"t\"", c->f);
	}
	fprintf(c->f, ",\"pid\":%u,\"tid\":%u", e->track.pid, e->track.tid);
	if (e->flow) {
		fprintf(c->f, ",\"bind_id\":%u", e->flow_id);
		if (e->flow & FLOW_IN)
			fputs(",\"flow_in\":true", c->f);
		if (e->flow & FLOW_OUT)
			fputs(",\"flow_out\":true", c->f);
	}
	put_args(c, e);
	fputc('}', c->f);
}

static void put_meta(struct jctx *c, const char *what, uint32_t pid,
		     uint32_t tid, const char *name, bool first)
{
	fprintf(c->f,
		"%s{\"name\":\"%s\",\"ph\":\"M\",\"pid\":%u,\"tid\":%u,"
		"\"args\":{\"name\":",
		first ? "" : ",\n", what, pid, tid);
	put_str(c->f, name);
	fputs("}}", c->f);
}

static void put_tracks(struct jctx *c)
{
	struct trc_map procs = {0};
	char name[128];
	bool first = true;

	for (size_t s = 0; s < c->tracks.cap; s++) {
		struct trc_track_id id;

		if (!c->tracks.used[s])
			continue;
		id.pid = (uint32_t)(c->tracks.key[s] >> 32);
		id.tid = (uint32_t)c->tracks.key[s];
		if (!trc_map_get(&procs, id.pid, &(uint64_t){0})) {
			trc_map_put(&procs, id.pid, 1);
			trc_process_name(c->t, id.pid, name, sizeof(name));
			put_meta(c, "process_name", id.pid, 0, name, first);
			first = false;
			fprintf(c->f,
				",\n{\"name\":\"process_sort_index\",\"ph\":"
				"\"M\","
				"\"pid\":%u,\"tid\":0,\"args\":{\"sort_index\":"
				"%u}}",
				id.pid, id.pid);
		}
		trc_thread_name(c->t, id, name, sizeof(name));
		put_meta(c, "thread_name", id.pid, id.tid, name, false);
		fprintf(c->f,
			",\n{\"name\":\"thread_sort_index\",\"ph\":\"M\","
			"\"pid\":%u,\"tid\":%u,\"args\":{\"sort_index\":%u}}",
			id.pid, id.tid, id.tid % 1000000u);
	}
	if (first) /* no events at all: still a valid array */
		put_meta(c, "process_name", 1, 0, "hypervisor", true);
	trc_map_free(&procs);
}

int trc_json_write(FILE *f, const struct trc_trace *t,
		   const struct trc_analysis *a, const char *source,
		   struct trc_json_stats *st)
{
	size_t cap = 2 * t->nrec + 1;
	struct jctx c = {.f = f, .t = t, .a = a};
	uint32_t *rec2ev = malloc((t->nrec + 1) * sizeof(*rec2ev));
	struct jev **p = malloc(cap * sizeof(*p));
	struct jev **stack = malloc(cap * sizeof(*stack));
	uint64_t lost = 0;
	int rc = -1;

	memset(st, 0, sizeof(*st));
	c.ev = malloc(cap * sizeof(*c.ev));
	if (!rec2ev || !p || !stack || !c.ev || make_events(&c, rec2ev))
		goto out;
	st->flows = make_flows(&c, rec2ev);
	st->clipped = nest(&c, p, stack);
	st->events = c.n;
	for (size_t i = 0; i < c.n; i++)
		if (trc_map_put(&c.tracks, track_key(c.ev[i].track), 1))
			goto out;
	for (size_t i = 0; i < t->nrec; i++)
		if (t->rec[i].kind == TRACE_META_LOST)
			lost += t->rec[i].arg0;

	fputs("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[\n", f);
	put_tracks(&c);
	/* p is sorted by track for nesting; the file goes by time */
	qsort(p, c.n, sizeof(*p), cmp_out);
	for (size_t i = 0; i < c.n; i++)
		put_event(&c, p[i]);
	fputs("\n],\"otherData\":{\"source\":", f);
	put_str(f, source);
	fprintf(f,
		",\"trace_version\":%u,\"timebase_hz\":%llu,\"records\":%zu,"
		"\"lost_records\":%llu,\"start_ticks\":%llu}}\n",
		TRACE_VERSION, (unsigned long long)t->timebase, t->file_records,
		(unsigned long long)lost, (unsigned long long)a->tmin);
	rc = ferror(f) ? -1 : 0;
out:
	trc_map_free(&c.tracks);
	free(c.ev);
	free(rec2ev);
	free(p);
	free(stack);
	return rc;
}
