// SPDX-License-Identifier: MIT
/*
 * Unit tests of the trace converter (scripts/trace/) on small hand-made
 * traces: the reader's checks and messages, linking one request across the
 * layers, latency per layer, the JSON (flows complete, time order, nesting,
 * loss markers) and the summary's numbers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "trace_build.h"
#include "trc.h"

struct conv {
	struct trc_trace t;
	struct trc_analysis a;
	char *out;
	size_t outlen;
};

static void parse_ok(struct tb *b, struct conv *c)
{
	char err[TRC_ERR_MAX];

	if (trc_parse(b->r, b->n * sizeof(*b->r), &c->t, err))
		fail_msg("parse failed: %s", err);
	assert_int_equal(trc_link(&c->t, &c->a), 0);
	free(b->r);
	memset(b, 0, sizeof(*b));
}

static void conv_free(struct conv *c)
{
	trc_analysis_free(&c->a);
	trc_free(&c->t);
	free(c->out);
}

static void json(struct conv *c, struct trc_json_stats *st)
{
	FILE *f = open_memstream(&c->out, &c->outlen);

	assert_non_null(f);
	assert_int_equal(trc_json_write(f, &c->t, &c->a, "test", st), 0);
	assert_int_equal(fclose(f), 0);
}

static void summary(struct conv *c)
{
	FILE *f = open_memstream(&c->out, &c->outlen);

	assert_non_null(f);
	assert_int_equal(trc_summary_write(f, &c->t, &c->a), 0);
	assert_int_equal(fclose(f), 0);
}

static size_t count(const char *s, const char *what)
{
	size_t n = 0;

	for (; (s = strstr(s, what)); s += strlen(what))
		n++;
	return n;
}

static const struct trc_req *req_by_id(const struct conv *c, uint64_t id)
{
	for (size_t q = 0; q < c->a.nreqs; q++)
		if (c->a.reqs[q].id == id)
			return &c->a.reqs[q];
	fail_msg("no request 0x%llx", (unsigned long long)id);
	return NULL;
}

/* ---- reading ---- */

static void test_parse_records_and_names(void **state)
{
	struct tb b = {0};
	struct conv c = {0};

	(void)state;
	tb_header(&b, TB_TIMEBASE);
	tb_name(&b, 0, 0, "a-guest-with-a-long-name-28b!"); /* 29: cut to 28 */
	tb_name(&b, 0, TB_BLK, "bl\x01k");
	tb_ring_request(&b, 100, 5, 1, 2, 20);
	parse_ok(&b, &c);
	assert_int_equal(c.t.timebase, TB_TIMEBASE);
	assert_int_equal(c.t.file_records, 3 + 21);
	assert_int_equal(c.t.nrec, 21);
	assert_int_equal(c.t.recno[0], 3);
	assert_string_equal(trc_name_of(&c.t, 0, 0),
			    "a-guest-with-a-long-name-28b");
	assert_string_equal(trc_name_of(&c.t, 0, TB_BLK), "bl?k");
	assert_null(trc_name_of(&c.t, 1, 0));
	assert_int_equal(c.t.unknown + c.t.trailing_bytes, 0);
	conv_free(&c);
}

struct bad_case {
	const char *what;
	void (*spoil)(struct tb *b);
	size_t cut; /* bytes taken off the end */
	const char *msg;
};

static void spoil_kind(struct tb *b)
{
	b->r[0].kind = TRACE_EXIT;
}
static void spoil_magic(struct tb *b)
{
	b->r[0].arg0 = 0x1234;
}
static void spoil_version(struct tb *b)
{
	b->r[0].idx = 2;
}
static void spoil_size(struct tb *b)
{
	b->r[0].len = 64;
}
static void spoil_timebase(struct tb *b)
{
	b->r[0].arg1 = 0;
}
static void spoil_second(struct tb *b)
{
	b->r[2] = b->r[0];
	b->r[2].arg1 = 1;
}
static void spoil_second_magic(struct tb *b)
{
	b->r[3] = b->r[0];
	b->r[3].arg0 = 0;
}
static void spoil_none(struct tb *b)
{
	(void)b;
}

static void test_parse_rejects_bad_headers(void **state)
{
	static const struct bad_case cases[] = {
		{"no header", spoil_kind, 0,
		 "record 0: header is not a trace header (kind 0x01) (kind "
		 "0x10"},
		{"magic", spoil_magic, 0, "record 0: header has a wrong magic"},
		{"version", spoil_version, 0,
		 "record 0: header has an unsupported version (kind 0x1, "
		 "version 2"},
		{"record size", spoil_size, 0,
		 "record 0: header gives a record size other than 48"},
		{"timebase", spoil_timebase, 0,
		 "record 0: header gives a timebase of 0 Hz"},
		{"second header", spoil_second, 0,
		 "record 2: a second header gives timebase 1 Hz, the first "
		 "10000000 Hz"},
		{"second header magic", spoil_second_magic, 0,
		 "record 3: header has a wrong magic"},
		{"shorter than a record", spoil_none, 48 * 6 - 47,
		 "record 0: file is 47 bytes, shorter than one 48-byte record"},
		{"empty", spoil_none, 48 * 6, "record 0: file is 0 bytes"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct tb b = {0};
		struct trc_trace t;
		char err[TRC_ERR_MAX];

		tb_header(&b, TB_TIMEBASE);
		for (int k = 0; k < 5; k++)
			tb_add(&b, 10 + k, TRACE_VQ_NOTIFY, 0, 0, TB_BLK, k);
		cases[i].spoil(&b);
		if (!trc_parse(b.r, b.n * sizeof(*b.r) - cases[i].cut, &t, err))
			fail_msg("%s: accepted", cases[i].what);
		if (!strstr(err, cases[i].msg))
			fail_msg("%s: message \"%s\" lacks \"%s\"",
				 cases[i].what, err, cases[i].msg);
		assert_null(t.rec);
		free(b.r);
	}
}

static void test_parse_skips_unknown_and_cut(void **state)
{
	struct tb b = {0};
	struct trc_trace t;
	char err[TRC_ERR_MAX];

	(void)state;
	tb_header(&b, TB_TIMEBASE);
	tb_add(&b, 10, TRACE_VQ_NOTIFY, 0, 0, TB_BLK, 1);
	tb_add(&b, 11, 0x99, 0, 0, 0, 0);
	tb_add(&b, 12, 0x05, 0, 0, 0, 0);
	tb_header(&b, TB_TIMEBASE); /* a concatenated drain */
	tb_add(&b, 13, TRACE_VQ_NOTIFY, 0, 0, TB_BLK, 2);
	assert_int_equal(trc_parse(b.r, b.n * sizeof(*b.r) - 7, &t, err), 0);
	assert_int_equal(t.unknown, 2);
	assert_int_equal(t.first_unknown, 2);
	assert_int_equal(t.first_unknown_kind, 0x99);
	assert_int_equal(t.extra_headers, 1);
	assert_int_equal(t.trailing_bytes, 41);
	assert_int_equal(t.file_records, 5);
	assert_int_equal(t.nrec, 1); /* the cut one is not read */
	assert_int_equal(t.rec[0].idx, 1);
	trc_free(&t);
	free(b.r);
}

/* ---- linking ---- */

static void test_link_ring_request_all_layers(void **state)
{
	struct tb b = {0};
	struct conv c = {0};
	const struct trc_req *q;

	(void)state;
	tb_header(&b, TB_TIMEBASE);
	tb_ring_request(&b, 100, 5, 1, 2, 20);
	parse_ok(&b, &c);
	assert_int_equal(c.a.nreqs, 1);
	q = req_by_id(&c, 5);
	/* all but the exits, MMIO, notify, irq and injection */
	assert_int_equal(q->n, 15);
	assert_true(q->block);
	assert_int_equal(trc_layer_count(q->layers), 5);
	assert_int_equal(c.t.rec[c.a.node[q->first]].kind, TRACE_USER_SUBMIT);
	assert_int_equal(c.t.rec[c.a.node[q->first + q->n - 1]].kind,
			 TRACE_USER_REAP);
	for (uint32_t k = 1; k < q->n; k++)
		assert_true(c.t.rec[c.a.node[q->first + k - 1]].time <=
			    c.t.rec[c.a.node[q->first + k]].time);
	conv_free(&c);
}

static void test_link_trap_request_four_layers(void **state)
{
	struct tb b = {0};
	struct conv c = {0};
	const struct trc_req *q;

	(void)state;
	tb_header(&b, TB_TIMEBASE);
	tb_trap_request(&b, 100, 9, 3, 30);
	parse_ok(&b, &c);
	q = req_by_id(&c, 9);
	assert_int_equal(q->n, 7);
	assert_int_equal(trc_layer_count(q->layers), 4);
	assert_false(q->layers & (1u << TRC_L_USER));
	conv_free(&c);
}

/* The second request on head 4 lost its BLK_SUBMIT: its pop must not be
 * taken for the first request, which finished (BLK_DONE) before. */
static void test_link_reused_head_does_not_leak(void **state)
{
	struct tb b = {0};
	struct conv c = {0};

	(void)state;
	tb_header(&b, TB_TIMEBASE);
	tb_trap_request(&b, 100, 1, 4, 20);
	tb_add(&b, 300, TRACE_VQ_POP, 0, 0, TB_BLK, 4);
	tb_add(&b, 301, TRACE_HDISK_SUBMIT, 0, 0, TB_BLK, 4);
	parse_ok(&b, &c);
	assert_int_equal(c.a.nreqs, 1);
	assert_int_equal(req_by_id(&c, 1)->n, 7);
	for (size_t i = 0; i < c.t.nrec; i++)
		if (c.t.rec[i].time >= 300)
			assert_int_equal(c.a.req[i], 0);
	conv_free(&c);
}

/* The user's submit comes before the kernel names the request: it takes
 * the id of the pop after it, not of the previous request on its head. */
static void test_link_submit_takes_the_later_id(void **state)
{
	struct tb b = {0};
	struct conv c = {0};

	(void)state;
	tb_header(&b, TB_TIMEBASE);
	tb_ring_request(&b, 100, 1, 2, 0, 20);
	tb_ring_request(&b, 200, 2, 2, 0, 20);
	parse_ok(&b, &c);
	assert_int_equal(c.a.nreqs, 2);
	for (size_t i = 0; i < c.t.nrec; i++) {
		if (c.t.rec[i].kind != TRACE_USER_SUBMIT &&
		    c.t.rec[i].kind != TRACE_USER_REAP)
			continue;
		assert_int_equal(c.a.req[i], c.t.rec[i].time < 200 ? 1 : 2);
	}
	conv_free(&c);
}

/* A chain the kernel put on the ring for itself (no id): it still links
 * the device, hypervisor and disk events into one request of 3 layers. */
static void test_link_chain_without_id(void **state)
{
	struct tb b = {0};
	struct conv c = {0};
	const struct trc_req *q;

	(void)state;
	tb_header(&b, TB_TIMEBASE);
	tb_add(&b, 10, TRACE_BLK_SUBMIT, 0, 0, TB_BLK, 6);
	tb_add(&b, 12, TRACE_VQ_POP, 0, 0, TB_BLK, 6);
	tb_add(&b, 13, TRACE_HDISK_SUBMIT, 0, 0, TB_BLK, 6);
	tb_add(&b, 40, TRACE_HDISK_DONE, 0, 0, TB_BLK, 6);
	tb_add(&b, 41, TRACE_VQ_PUSH, 0, 0, TB_BLK, 6);
	tb_add(&b, 45, TRACE_BLK_DONE, 0, 0, TB_BLK, 6);
	parse_ok(&b, &c);
	assert_int_equal(c.a.nreqs, 1);
	q = &c.a.reqs[0];
	assert_true(q->id & TRC_SYNTH_REQ);
	assert_int_equal(q->n, 6);
	assert_int_equal(trc_layer_count(q->layers), 3);
	conv_free(&c);
}

static void test_latency_segments(void **state)
{
	struct tb b = {0};
	struct conv c = {0};
	uint64_t seg[TRC_S_COUNT];
	bool have[TRC_S_COUNT];
	/* tb_ring_request's offsets with a 50-tick disk */
	static const uint64_t want[TRC_S_COUNT] = {
		[TRC_S_USER_KERNEL] = 2, [TRC_S_KERNEL_DEV] = 4,
		[TRC_S_DEV_HDISK] = 4,	 [TRC_S_HDISK] = 50,
		[TRC_S_HDISK_DEV] = 5,	 [TRC_S_DEV_KERNEL] = 2,
		[TRC_S_KERNEL_USER] = 8, [TRC_S_TOTAL] = 75,
	};

	(void)state;
	tb_header(&b, TB_TIMEBASE);
	tb_ring_request(&b, 1000, 3, 0, 0, 50);
	parse_ok(&b, &c);
	trc_req_segments(&c.t, &c.a, req_by_id(&c, 3), seg, have);
	for (int s = 0; s < TRC_S_COUNT; s++) {
		assert_true(have[s]);
		assert_int_equal(seg[s], want[s]);
	}
	conv_free(&c);

	/* trap path: no user side; the kernel is done when the call ends */
	tb_header(&b, TB_TIMEBASE);
	tb_trap_request(&b, 1000, 4, 0, 50);
	parse_ok(&b, &c);
	trc_req_segments(&c.t, &c.a, req_by_id(&c, 4), seg, have);
	assert_false(have[TRC_S_USER_KERNEL]);
	assert_false(have[TRC_S_KERNEL_USER]);
	assert_true(have[TRC_S_DEV_KERNEL]);
	assert_int_equal(seg[TRC_S_DEV_KERNEL],
			 5); /* BLK_DONE 1065, end 1070 */
	assert_int_equal(seg[TRC_S_TOTAL], 70);
	conv_free(&c);
}

/* ---- JSON ---- */

/* every "ts": in the file, in file order */
static size_t all_ts(const char *s, double *ts, size_t max)
{
	size_t n = 0;

	for (; (s = strstr(s, "\"ts\":")) && n < max; s += 5)
		ts[n++] = strtod(s + 5, NULL);
	return n;
}

static void test_json_flow_complete_and_ordered(void **state)
{
	struct tb b = {0};
	struct conv c = {0};
	struct trc_json_stats st;
	double ts[256];
	size_t n;

	(void)state;
	tb_header(&b, TB_TIMEBASE);
	tb_ring_request(&b, 100, 5, 1, 2, 20);
	tb_trap_request(&b, 200, 6, 3, 20);
	parse_ok(&b, &c);
	json(&c, &st);
	assert_int_equal(st.flows, 2);
	/* 15 + 7 events: one start and one end each, the rest both */
	assert_int_equal(count(c.out, "\"bind_id\":1,"), 15);
	assert_int_equal(count(c.out, "\"bind_id\":2,"), 7);
	assert_int_equal(count(c.out, "\"flow_out\":true"), 14 + 6);
	assert_int_equal(count(c.out, "\"flow_in\":true"), 14 + 6);
	assert_int_equal(count(c.out, "\"bind_id\":1,\"flow_out\":true,"), 1);
	assert_int_equal(count(c.out, "\"bind_id\":1,\"flow_in\":true,\"args"),
			 1);
	/* times: since the first event, in us, never going back */
	n = all_ts(c.out, ts, 256);
	assert_int_equal(n, st.events);
	assert_true(ts[0] == 0.0);
	for (size_t i = 1; i < n; i++)
		assert_true(ts[i - 1] <= ts[i]);
	/* 10 MHz: the reap at tick 100 + 45 is 4.5 us after the submit */
	assert_non_null(strstr(c.out,
			       "\"name\":\"USER_REAP\",\"cat\":\"user\","
			       "\"ph\":\"X\",\"ts\":4.500,\"dur\":0.000"));
	assert_non_null(strstr(c.out, "{\"name\":\"thread_name\",\"ph\":\"M\","
				      "\"pid\":100,\"tid\":100104112,\"args\":{"
				      "\"name\":\"dev page ..01 q0\"}}"));
	conv_free(&c);
}

static void test_json_overlap_clipped_to_nest(void **state)
{
	struct tb b = {0};
	struct conv c = {0};
	struct trc_json_stats st;

	(void)state;
	tb_header(&b, TB_TIMEBASE);
	tb_slice(&b, 100, 50, TRACE_TASK_POLL, 0, 0, 1);
	tb_slice(&b, 120, 60, TRACE_TASK_POLL, 0, 0, 3); /* ends 30 late */
	tb_slice(&b, 130, 10, TRACE_TASK_POLL, 0, 0, 4); /* nested: kept */
	tb_slice(&b, 120, 60, TRACE_EXIT, 0, 0, 23); /* other track: kept */
	parse_ok(&b, &c);
	json(&c, &st);
	assert_int_equal(st.clipped, 1);
	assert_non_null(strstr(c.out,
			       "\"name\":\"poll task 3\",\"cat\":\"task\","
			       "\"ph\":\"X\",\"ts\":2.000,\"dur\":3.000"));
	assert_non_null(strstr(c.out, "\"clipped_us\":3.000"));
	assert_non_null(strstr(c.out,
			       "\"name\":\"poll task 4\",\"cat\":\"task\","
			       "\"ph\":\"X\",\"ts\":3.000,\"dur\":1.000"));
	assert_non_null(strstr(c.out,
			       "\"name\":\"exit store guest-page fault\","
			       "\"cat\":\"exit\",\"ph\":\"X\",\"ts\":2.000,"
			       "\"dur\":6.000"));
	conv_free(&c);
}

static void test_json_loss_markers_and_stays(void **state)
{
	struct tb b = {0};
	struct conv c = {0};
	struct trc_json_stats st;

	(void)state;
	tb_header(&b, TB_TIMEBASE);
	tb_add(&b, 100, TRACE_VCPU_LOAD, 0, 1, 0, 0)->hart = 3;
	tb_add(&b, 150, TRACE_META_LOST, TRACE_NONE8, TRACE_NONE8, 0, 3)->arg0 =
		9;
	tb_add(&b, 160, TRACE_META_LOST, 0, 1, 0, 0)->arg0 = 4;
	tb_add(&b, 200, TRACE_VCPU_PUT, 0, 1, 0, 0)->hart = 3;
	parse_ok(&b, &c);
	json(&c, &st);
	/* on the hart's track and on the vCPU's, as instants */
	assert_non_null(strstr(c.out,
			       "\"name\":\"LOST 9 records\",\"cat\":\"lost\","
			       "\"ph\":\"i\",\"ts\":5.000,\"s\":\"t\","
			       "\"pid\":1,\"tid\":1003,"));
	assert_non_null(strstr(c.out,
			       "\"name\":\"LOST 4 records\",\"cat\":\"lost\","
			       "\"ph\":\"i\",\"ts\":6.000,\"s\":\"t\","
			       "\"pid\":100,\"tid\":100000014,"));
	/* LOAD..PUT: one slice on hart 3 */
	assert_non_null(strstr(c.out,
			       "\"name\":\"guest 0 vCPU 1\",\"cat\":\"sched\","
			       "\"ph\":\"X\",\"ts\":0.000,\"dur\":10.000,"
			       "\"pid\":1,\"tid\":1003,"));
	assert_non_null(strstr(c.out, "\"lost_records\":13"));
	conv_free(&c);
}

/* ---- summary ---- */

static void test_summary_numbers(void **state)
{
	struct tb b = {0};
	struct conv c = {0};

	(void)state;
	tb_header(&b, TB_TIMEBASE);
	tb_name(&b, 0, 0, "gk");
	tb_trap_request(&b, 100, 1, 0, 20);
	tb_trap_request(&b, 200, 2, 2, 30);
	/* a kernel-internal chain: 3 layers only */
	tb_add(&b, 300, TRACE_BLK_SUBMIT, 0, 0, TB_BLK, 6);
	tb_add(&b, 302, TRACE_VQ_POP, 0, 0, TB_BLK, 6);
	tb_add(&b, 303, TRACE_HDISK_SUBMIT, 0, 0, TB_BLK, 6);
	tb_add(&b, 350, TRACE_META_LOST, TRACE_NONE8, TRACE_NONE8, 0, 0)->arg0 =
		5;
	tb_add(&b, 360, TRACE_META_LOST, TRACE_NONE8, TRACE_NONE8, 0, 0)->arg0 =
		6;
	parse_ok(&b, &c);
	summary(&c);
	/* 2 of 3 is 66.66...%: rounded down */
	assert_non_null(strstr(c.out, "\nflows: 3 block requests, 2 linked >=4 "
				      "layers (66.6%)\n"));
	assert_non_null(strstr(c.out, "lost records: 11 in 1 buffer\n"));
	assert_non_null(strstr(c.out, "11 lost, 2 markers"));
	/* host disk: 2 and 3 us; nearest rank: p50 2 us, p90 and max 3 us */
	assert_non_null(strstr(c.out,
			       "  host disk                   2        2.000"
			       "        3.000        3.000        3.000\n"));
	assert_non_null(strstr(c.out, "  1. req 0x2: "));
	conv_free(&c);
}

static void test_summary_exit_causes(void **state)
{
	struct tb b = {0};
	struct conv c = {0};

	(void)state;
	tb_header(&b, TB_TIMEBASE);
	tb_name(&b, 1, 0, "linux");
	tb_slice(&b, 10, 10, TRACE_EXIT, 1, 0, 21);
	tb_slice(&b, 30, 30, TRACE_EXIT, 1, 0, 21);
	tb_slice(&b, 70, 5, TRACE_EXIT, 1, 0, 6)->flags |= TRACE_F_INTR;
	tb_slice(&b, 80, 5, TRACE_EXIT, 1, 0, 4000);
	parse_ok(&b, &c);
	summary(&c);
	assert_non_null(strstr(c.out, "  guest 1 linux: 4 exits\n"));
	assert_non_null(strstr(c.out,
			       "    exc load guest-page fault (21)"
			       "              2          4.000      2.000\n"));
	assert_non_null(strstr(c.out, "    irq VS timer (6)"));
	assert_non_null(strstr(c.out, "    exc ? (4000)"));
	assert_non_null(strstr(
		c.out, "flows: 0 block requests, 0 linked >=4 layers (n/a)"));
	conv_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_records_and_names),
		cmocka_unit_test(test_parse_rejects_bad_headers),
		cmocka_unit_test(test_parse_skips_unknown_and_cut),
		cmocka_unit_test(test_link_ring_request_all_layers),
		cmocka_unit_test(test_link_trap_request_four_layers),
		cmocka_unit_test(test_link_reused_head_does_not_leak),
		cmocka_unit_test(test_link_submit_takes_the_later_id),
		cmocka_unit_test(test_link_chain_without_id),
		cmocka_unit_test(test_latency_segments),
		cmocka_unit_test(test_json_flow_complete_and_ordered),
		cmocka_unit_test(test_json_overlap_clipped_to_nest),
		cmocka_unit_test(test_json_loss_markers_and_stays),
		cmocka_unit_test(test_summary_numbers),
		cmocka_unit_test(test_summary_exit_causes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
