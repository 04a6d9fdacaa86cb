// SPDX-License-Identifier: MIT
/* libFuzzer target for the trace converter (scripts/trace/): the reader of
 * untrusted binary traces and everything after it (linking, JSON, summary;
 * not the plots, which run gnuplot).
 *
 * Input: byte 0 picks the mode (% 3):
 *   0  the rest is the trace file as is;
 *   1  a valid header (timebase from the next byte) then the rest as raw
 *      records, so the fuzzer does not have to find the magic;
 *   2  compact records of 8 bytes each, drawn from the kinds, rings, heads
 *      and ids that make the linker work: equal keys, reused heads, time
 *      going back, huge durations, unknown kinds.
 *
 * Checked (besides ASan/UBSan): a rejected trace leaves nothing allocated
 * and a message naming a record; an accepted one never holds more records
 * than the file; every linked event belongs to exactly one request; the
 * JSON and the summary are written without error, and the JSON's brackets
 * and strings balance. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_input.h"
#include "trc.h"

static const uint16_t kinds[] = {
	TRACE_META_NAME,    TRACE_META_LOST,	TRACE_EXIT,
	TRACE_SBI,	    TRACE_MMIO,		TRACE_VCPU_LOAD,
	TRACE_VCPU_PUT,	    TRACE_IRQ_INJECT,	TRACE_VQ_NOTIFY,
	TRACE_VQ_POP,	    TRACE_VQ_PUSH,	TRACE_VQ_IRQ,
	TRACE_HDISK_SUBMIT, TRACE_HDISK_DONE,	TRACE_PVR_PUBLISH,
	TRACE_PVR_POP,	    TRACE_PVR_PUSH,	TRACE_PVR_REAP,
	TRACE_PVR_NOTIFY,   TRACE_SYSCALL,	TRACE_RSYS_SEEN,
	TRACE_RSYS_POP,	    TRACE_RSYS_START,	TRACE_RSYS_DONE,
	TRACE_RSYS_PUSH,    TRACE_TASK_POLL,	TRACE_TASK_WAKE,
	TRACE_BLK_SUBMIT,   TRACE_BLK_DONE,	TRACE_USER_SUBMIT,
	TRACE_USER_REAP,    0x7f /* unknown */, TRACE_META_HEADER,
};

static const uint16_t rings[] = {
	0,
	TRACE_RING_DEV(0x10001000u, 0),
	TRACE_RING_DEV(0x10001000u, 1),
	TRACE_RING_SYSCALL(1),
	TRACE_RING_HOSTDISK(0),
	0xffff,
};

static void header(struct trace_rec *r, uint64_t timebase)
{
	memset(r, 0, sizeof(*r));
	r->kind = TRACE_META_HEADER;
	r->idx = TRACE_VERSION;
	r->len = sizeof(*r);
	r->arg0 = TRACE_MAGIC;
	r->arg1 = timebase;
}

static void compact(struct input *in, struct trace_rec *r, uint64_t *time)
{
	uint8_t b[8];

	for (int i = 0; i < 8; i++)
		b[i] = take8(in);
	memset(r, 0, sizeof(*r));
	r->kind = kinds[b[0] % (sizeof(kinds) / sizeof(kinds[0]))];
	r->guest = b[1] & 0x80 ? TRACE_NONE8 : b[1] % 3;
	r->vcpu = b[2] & 0x80 ? TRACE_NONE8 : b[2] % 3;
	r->hart = r->vcpu;
	r->ring = rings[b[3] % (sizeof(rings) / sizeof(rings[0]))];
	r->idx = b[3] >> 4;
	if (b[4] == 0xff)
		*time = UINT64_MAX - b[5];
	else if (b[5] & 0x80)
		*time -= b[4] < *time ? b[4] : *time;
	else
		*time += b[4];
	r->time = *time;
	r->len = b[5] == 0xff ? UINT32_MAX : b[5] & 0x3f;
	r->req = b[6] % 5;
	r->flags = b[7];
	r->arg0 = b[6] == 0xff ? UINT64_MAX : b[7];
	r->arg1 = b[2];
	if (r->kind == TRACE_META_HEADER)
		header(r, 1 + b[6]);
}

/* brackets balance outside strings; strings end; no raw control bytes.
 * A check, not code under test: no coverage feedback from its loop. */
__attribute__((no_sanitize("coverage"))) static bool
json_balanced(const char *s, size_t n)
{
	int depth = 0;
	bool str = false;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if ((unsigned char)c < 0x20 && c != '\n')
			return false;
		if (str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				str = false;
			else if (c == '\n')
				return false;
			continue;
		}
		if (c == '"')
			str = true;
		else if (c == '{' || c == '[')
			depth++;
		else if (c == '}' || c == ']')
			if (--depth < 0)
				return false;
	}
	return !str && depth == 0;
}

static void convert(const struct trc_trace *t)
{
	struct trc_analysis a;
	struct trc_json_stats st;
	size_t linked = 0, inreqs = 0, len;
	char *out = NULL;
	FILE *f;

	if (trc_link(t, &a))
		return; /* out of memory only */
	for (size_t i = 0; i < t->nrec; i++)
		linked += a.req[i] != 0;
	for (size_t q = 0; q < a.nreqs; q++) {
		CHECK(a.reqs[q].n > 0);
		CHECK(a.reqs[q].t0 <= a.reqs[q].t1);
		for (uint32_t k = 0; k < a.reqs[q].n; k++)
			CHECK(a.req[a.node[a.reqs[q].first + k]] ==
			      a.reqs[q].id);
		inreqs += a.reqs[q].n;
	}
	CHECK(linked == inreqs);

	f = open_memstream(&out, &len);
	CHECK(f);
	CHECK(trc_json_write(f, t, &a, "fuzz\"\\", &st) == 0);
	CHECK(fclose(f) == 0);
	CHECK(json_balanced(out, len));
	free(out);

	f = fopen("/dev/null", "w");
	CHECK(f);
	CHECK(trc_summary_write(f, t, &a) == 0);
	fclose(f);
	trc_analysis_free(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = {data, size};
	uint8_t mode = take8(&in) % 3;
	struct trace_rec *buf;
	struct trc_trace t;
	char err[TRC_ERR_MAX];
	size_t n = 0, cap;
	uint64_t time = 1000;

	if (mode == 0) {
		buf = malloc(in.n ? in.n : 1);
		CHECK(buf);
		memcpy(buf, in.p, in.n);
		n = in.n;
	} else {
		cap = 1 + (mode == 1 ? in.n / sizeof(*buf) + 1 : in.n / 8 + 1);
		buf = calloc(cap, sizeof(*buf));
		CHECK(buf);
		header(&buf[0], 1 + take8(&in) * 100000ull);
		if (mode == 1) {
			memcpy(&buf[1], in.p, in.n);
			n = sizeof(*buf) + in.n;
		} else {
			size_t k = 1;

			while (in.n)
				compact(&in, &buf[k++], &time);
			n = k * sizeof(*buf);
		}
	}
	if (trc_parse(buf, n, &t, err)) {
		CHECK(!t.rec && !t.nrec && !t.names);
		CHECK(strncmp(err, "record ", 7) == 0 || strstr(err, "memory"));
	} else {
		CHECK(t.nrec <= t.file_records);
		CHECK(t.file_records == n / sizeof(struct trace_rec));
		CHECK(t.timebase > 0);
		convert(&t);
		trc_free(&t);
	}
	free(buf);
	return 0;
}
