// SPDX-License-Identifier: MIT
/* A guest's trace buffer as the hypervisor checks and drains it
 * (hypervisor/trace/trace_drain.h): the guest here is a test that writes
 * the buffer as a well-behaved guest would, then as a hostile one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "sbi_abi.h"
#include "trace/trace_drain.h"

#define RAM 0x80000000ULL
#define SZ (128ULL << 20)
#define NREC 8

struct gbuf {
	struct trace_buf_hdr h;
	struct trace_rec r[NREC];
} __attribute__((aligned(64)));

/* a sink holding up to `room` records */
struct sink {
	struct trace_rec got[4 * NREC];
	unsigned int n, room;
};

static int sink(void *ctx, const struct trace_rec *r)
{
	struct sink *s = ctx;

	if (s->n >= s->room)
		return -1;
	s->got[s->n++] = *r;
	return 0;
}

static void hdr_init(struct trace_buf_hdr *h, uint32_t nrec)
{
	memset(h, 0, sizeof(*h));
	h->magic = TRACE_BUF_MAGIC;
	h->version = TRACE_VERSION;
	h->rec_size = sizeof(struct trace_rec);
	h->nrec = nrec;
}

/* the guest produces one record of kind k, as a guest would */
static void produce(struct gbuf *g, uint16_t kind, uint32_t idx)
{
	struct trace_rec *r = &g->r[g->h.head % NREC];

	memset(r, 0, sizeof(*r));
	r->time = 1000 + g->h.head;
	r->kind = kind;
	r->idx = idx;
	/* lies the hypervisor must overwrite */
	r->guest = 7;
	r->vcpu = 9;
	r->hart = 5;
	g->h.head++;
}

static void range_checks(void **state)
{
	(void)state;
	assert_int_equal(trace_gbuf_check_range(RAM, SZ, RAM + 0x1000, 4096),
			 0);
	/* outside RAM, straddling its end, wrapping */
	assert_int_equal(trace_gbuf_check_range(RAM, SZ, 0x1000, 4096),
			 SBI_ERR_INVALID_ADDRESS);
	assert_int_equal(trace_gbuf_check_range(RAM, SZ, RAM + SZ - 64, 4096),
			 SBI_ERR_INVALID_ADDRESS);
	assert_int_equal(trace_gbuf_check_range(RAM, SZ, RAM + SZ, 64),
			 SBI_ERR_INVALID_ADDRESS);
	assert_int_equal(trace_gbuf_check_range(RAM, SZ, ~0ULL - 63, 128),
			 SBI_ERR_INVALID_ADDRESS);
	assert_int_equal(trace_gbuf_check_range(RAM, SZ, RAM, ~0ULL),
			 SBI_ERR_INVALID_ADDRESS);
	/* misaligned, too small for the header */
	assert_int_equal(trace_gbuf_check_range(RAM, SZ, RAM + 8, 4096),
			 SBI_ERR_INVALID_PARAM);
	assert_int_equal(trace_gbuf_check_range(RAM, SZ, RAM + 64, 63),
			 SBI_ERR_INVALID_PARAM);
	assert_int_equal(trace_gbuf_check_range(RAM, SZ, RAM + SZ - 64, 64), 0);
}

static void header_checks(void **state)
{
	struct trace_buf_hdr h;
	uint64_t bytes = 64 + NREC * 48;

	(void)state;
	hdr_init(&h, NREC);
	assert_int_equal(trace_gbuf_check_hdr(&h, bytes), 0);
	assert_int_equal(trace_gbuf_check_hdr(&h, bytes - 1),
			 SBI_ERR_INVALID_PARAM);
	h.magic ^= 1;
	assert_int_equal(trace_gbuf_check_hdr(&h, bytes),
			 SBI_ERR_INVALID_PARAM);
	hdr_init(&h, NREC);
	h.version = TRACE_VERSION + 1;
	assert_int_equal(trace_gbuf_check_hdr(&h, bytes),
			 SBI_ERR_INVALID_PARAM);
	hdr_init(&h, NREC);
	h.rec_size = 32;
	assert_int_equal(trace_gbuf_check_hdr(&h, bytes),
			 SBI_ERR_INVALID_PARAM);
	hdr_init(&h, 0);
	assert_int_equal(trace_gbuf_check_hdr(&h, bytes),
			 SBI_ERR_INVALID_PARAM);
	hdr_init(&h, 6); /* not a power of two */
	assert_int_equal(trace_gbuf_check_hdr(&h, bytes),
			 SBI_ERR_INVALID_PARAM);
	/* a huge nrec: no overflow lets it pass */
	hdr_init(&h, 0x80000000u);
	assert_int_equal(trace_gbuf_check_hdr(&h, bytes),
			 SBI_ERR_INVALID_PARAM);
	assert_int_equal(trace_gbuf_check_hdr(&h, ~0ULL), 0);
}

static void attach(struct gbuf *g, struct trace_gbuf *b)
{
	trace_gbuf_attach(b, g, NREC, 0x1ff);
	assert_int_equal(g->h.classes, 0x1ff);
	assert_int_equal(g->h.tail, g->h.head);
}

static void drains_in_order_with_truth(void **state)
{
	static struct gbuf g;
	struct trace_gbuf b;
	struct sink s = {.room = 100};
	int full;

	(void)state;
	hdr_init(&g.h, NREC);
	g.h.head = g.h.tail = 3; /* a guest that ran before: not ours */
	attach(&g, &b);
	for (uint32_t i = 0; i < 5; i++)
		produce(&g, TRACE_RSYS_POP, i);
	assert_int_equal(trace_gbuf_drain(&b, 2, 1, 0, 99, sink, &s, &full), 5);
	assert_false(full);
	assert_int_equal(s.n, 5);
	for (unsigned int i = 0; i < 5; i++) {
		assert_int_equal(s.got[i].idx, i);
		assert_int_equal(s.got[i].guest, 2);
		assert_int_equal(s.got[i].vcpu, 1);
		assert_int_equal(s.got[i].hart, 0);
		assert_int_equal(s.got[i].kind, TRACE_RSYS_POP);
	}
	assert_int_equal(g.h.tail, 8);
	/* nothing new: nothing taken, no LOST record */
	assert_int_equal(trace_gbuf_drain(&b, 2, 1, 0, 99, sink, &s, &full), 0);
	assert_int_equal(s.n, 5);
	/* wraps around the slots */
	for (uint32_t i = 0; i < NREC; i++)
		produce(&g, TRACE_TASK_POLL, 100 + i);
	assert_int_equal(trace_gbuf_drain(&b, 2, 1, 0, 99, sink, &s, &full),
			 NREC);
	assert_int_equal(s.got[5].idx, 100);
	assert_int_equal(s.got[5 + NREC - 1].idx, 100 + NREC - 1);
	assert_int_equal(b.taken, 5 + NREC);
}

static void unknown_kinds_rejected(void **state)
{
	static struct gbuf g;
	struct trace_gbuf b;
	struct sink s = {.room = 100};
	int full;

	(void)state;
	hdr_init(&g.h, NREC);
	attach(&g, &b);
	produce(&g, TRACE_META_HEADER, 0); /* a guest may not write these */
	produce(&g, TRACE_EXIT, 1);
	produce(&g, TRACE_BLK_SUBMIT, 2);
	produce(&g, 0xffff, 3);
	produce(&g, TRACE_PVR_PUBLISH, 4);
	assert_int_equal(trace_gbuf_drain(&b, 0, 0, 1, 77, sink, &s, &full), 2);
	assert_int_equal(s.n, 3); /* two records and the LOST */
	assert_int_equal(s.got[0].idx, 2);
	assert_int_equal(s.got[1].idx, 4);
	assert_int_equal(s.got[2].kind, TRACE_META_LOST);
	assert_int_equal(s.got[2].arg0, 0);
	assert_int_equal(s.got[2].arg1, 3);
	assert_int_equal(s.got[2].time, 77);
	assert_int_equal(s.got[2].guest, 0);
	assert_int_equal(b.rejected, 3);
	assert_int_equal(g.h.tail, 5);
}

static void head_far_ahead_is_lost(void **state)
{
	static struct gbuf g;
	struct trace_gbuf b;
	struct sink s = {.room = 100};
	int full;

	(void)state;
	hdr_init(&g.h, NREC);
	attach(&g, &b);
	g.h.head = 1ULL << 62; /* a lie: no loop over it */
	assert_int_equal(trace_gbuf_drain(&b, 0, 3, 0, 5, sink, &s, &full), 0);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.got[0].kind, TRACE_META_LOST);
	assert_int_equal(s.got[0].idx, 3);
	assert_int_equal(s.got[0].vcpu, 3);
	assert_int_equal(s.got[0].arg0, 1ULL << 62);
	assert_int_equal(g.h.tail, 1ULL << 62);
	/* one more than the capacity: lost too, none read */
	g.h.head += NREC + 1;
	assert_int_equal(trace_gbuf_drain(&b, 0, 3, 0, 5, sink, &s, &full), 0);
	assert_int_equal(s.got[1].arg0, NREC + 1);
	/* a head that went backwards */
	g.h.head -= 2;
	assert_int_equal(trace_gbuf_drain(&b, 0, 3, 0, 5, sink, &s, &full), 0);
	assert_int_equal(s.got[2].kind, TRACE_META_LOST);
	assert_int_equal(s.got[2].arg0, (uint64_t)-2);
	/* exactly full: all taken */
	g.h.head = b.tail;
	for (int i = 0; i < NREC; i++)
		produce(&g, TRACE_RSYS_DONE, (uint32_t)i);
	assert_int_equal(trace_gbuf_drain(&b, 0, 3, 0, 5, sink, &s, &full),
			 NREC);
}

static void guest_lost_reported(void **state)
{
	static struct gbuf g;
	struct trace_gbuf b;
	struct sink s = {.room = 100};
	int full;

	(void)state;
	hdr_init(&g.h, NREC);
	g.h.lost = 10; /* from before: not reported */
	attach(&g, &b);
	g.h.lost = 14;
	produce(&g, TRACE_RSYS_SEEN, 0);
	assert_int_equal(trace_gbuf_drain(&b, 1, 0, 0, 5, sink, &s, &full), 1);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.got[1].kind, TRACE_META_LOST);
	assert_int_equal(s.got[1].arg0, 4);
	/* a count going down only resyncs */
	g.h.lost = 2;
	assert_int_equal(trace_gbuf_drain(&b, 1, 0, 0, 5, sink, &s, &full), 0);
	assert_int_equal(s.n, 2);
	g.h.lost = 3;
	trace_gbuf_drain(&b, 1, 0, 0, 5, sink, &s, &full);
	assert_int_equal(s.n, 3);
	assert_int_equal(s.got[2].arg0, 1);
	assert_int_equal(b.lost, 5);
}

static void full_sink_keeps_the_rest(void **state)
{
	static struct gbuf g;
	struct trace_gbuf b;
	struct sink s = {.room = 3};
	int full;

	(void)state;
	hdr_init(&g.h, NREC);
	attach(&g, &b);
	for (uint32_t i = 0; i < 6; i++)
		produce(&g, TRACE_USER_SUBMIT, i);
	assert_int_equal(trace_gbuf_drain(&b, 0, 0, 0, 5, sink, &s, &full), 3);
	assert_true(full);
	assert_int_equal(g.h.tail, 3);
	s.n = 0; /* exported */
	assert_int_equal(trace_gbuf_drain(&b, 0, 0, 0, 5, sink, &s, &full), 3);
	assert_false(full);
	assert_int_equal(s.got[0].idx, 3);
	assert_int_equal(s.got[2].idx, 5);
	/* a LOST record that does not fit waits for the next drain */
	g.h.head += 100;
	s.n = 3;
	trace_gbuf_drain(&b, 0, 0, 0, 5, sink, &s, &full);
	assert_true(full);
	s.n = 0;
	trace_gbuf_drain(&b, 0, 0, 0, 5, sink, &s, &full);
	assert_false(full);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.got[0].arg0, 100);
}

static void detached_drains_nothing(void **state)
{
	static struct gbuf g;
	struct trace_gbuf b;
	struct sink s = {.room = 100};
	int full;

	(void)state;
	hdr_init(&g.h, NREC);
	attach(&g, &b);
	produce(&g, TRACE_USER_REAP, 0);
	trace_gbuf_detach(&b);
	assert_int_equal(trace_gbuf_drain(&b, 0, 0, 0, 5, sink, &s, &full), 0);
	assert_int_equal(s.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(range_checks),
		cmocka_unit_test(header_checks),
		cmocka_unit_test(drains_in_order_with_truth),
		cmocka_unit_test(unknown_kinds_rejected),
		cmocka_unit_test(head_far_ahead_is_lost),
		cmocka_unit_test(guest_lost_reported),
		cmocka_unit_test(full_sink_keeps_the_rest),
		cmocka_unit_test(detached_drains_nothing),
	};

	return cmocka_run_group_tests_name("trace_drain", tests, NULL, NULL);
}
