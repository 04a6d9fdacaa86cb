/* SPDX-License-Identifier: MIT */
/* The guest kernel's trace buffer writer (core/tbuf.c): layout, wrap,
 * full buffer (lost counted), the watermark flush call, a consumer that
 * writes a tail it should not; and the reader the kernel drains a user
 * program's trace area with, against a producer that lies. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "tbuf.h"

static uint64_t mem[(64 + 8 * 48) / 8 + 5]; /* room for 8 records + a bit */
static struct tbuf tb;
static int flushes;
static int drain_on_flush;

static long fake_flush(void)
{
	flushes++;
	if (drain_on_flush)
		tb.hdr->tail = tb.hdr->head;
	return 0;
}

static int setup(void **state)
{
	(void)state;
	memset(mem, 0xa5, sizeof(mem));
	flushes = 0;
	drain_on_flush = 0;
	return tbuf_init(&tb, mem, sizeof(mem), fake_flush, 0);
}

static void put(uint32_t idx)
{
	struct trace_rec *r = tbuf_reserve(&tb);

	if (r) {
		r->idx = idx;
		tbuf_commit(&tb);
	}
}

static void test_layout(void **state)
{
	(void)state;
	assert_int_equal(tb.hdr->magic, TRACE_BUF_MAGIC);
	assert_int_equal(tb.hdr->version, TRACE_VERSION);
	assert_int_equal(tb.hdr->rec_size, sizeof(struct trace_rec));
	assert_int_equal(tb.hdr->nrec, 8); /* largest power of two that fits */
	assert_int_equal(tb.hdr->head, 0);
	assert_int_equal(tb.hdr->tail, 0);
	assert_int_equal(tb.hdr->lost, 0);
	assert_int_equal(tb.hdr->classes, 0);
	assert_int_equal(tbuf_bytes(&tb), 64 + 8 * 48);
	assert_ptr_equal(tb.rec, (void *)((char *)mem + 64));
	assert_int_equal(tb.watermark, 4);
	struct tbuf small;
	assert_int_equal(tbuf_init(&small, mem, 64 + 47, 0, 0), -1);
	assert_int_equal(tbuf_init(&small, mem, 64 + 48, 0, 0), 0);
	assert_int_equal(small.hdr->nrec, 1);
}

static void test_order_and_wrap(void **state)
{
	(void)state;
	drain_on_flush = 0;
	for (uint32_t i = 0; i < 6; i++)
		put(100 + i);
	assert_int_equal(tb.hdr->head, 6);
	/* the consumer takes 5; the next ones wrap to slots 6, 7, 0, 1, 2 */
	tb.hdr->tail = 5;
	for (uint32_t i = 6; i < 11; i++)
		put(100 + i);
	assert_int_equal(tb.hdr->head, 11);
	assert_int_equal(tb.hdr->lost, 0);
	for (uint32_t n = 5; n < 11; n++)
		assert_int_equal(tb.rec[n % 8].idx, 100 + n);
	/* the next record goes into the oldest consumed slot */
	struct trace_rec *r = tbuf_reserve(&tb);
	assert_ptr_equal(r, &tb.rec[11 % 8]);
}

static void test_full_counts_lost(void **state)
{
	(void)state;
	for (uint32_t i = 0; i < 8; i++)
		put(i);
	assert_int_equal(tb.hdr->lost, 0);
	assert_null(tbuf_reserve(&tb));
	put(99);
	put(99);
	assert_int_equal(tb.hdr->head, 8);
	assert_int_equal(tb.hdr->lost, 3);
	/* nothing overwritten */
	for (uint32_t i = 0; i < 8; i++)
		assert_int_equal(tb.rec[i].idx, i);
	/* drained: records go in again, lost stays what it was */
	tb.hdr->tail = 8;
	put(42);
	assert_int_equal(tb.hdr->head, 9);
	assert_int_equal(tb.rec[0].idx, 42);
	assert_int_equal(tb.hdr->lost, 3);
}

static void test_watermark_flush(void **state)
{
	(void)state;
	/* a consumer that drains when asked: one call per 4 records */
	drain_on_flush = 1;
	for (uint32_t i = 0; i < 3; i++)
		put(i);
	assert_int_equal(flushes, 0);
	put(3);
	assert_int_equal(flushes, 1);
	assert_int_equal(tb.hdr->tail, 4);
	for (uint32_t i = 4; i < 12; i++)
		put(i);
	assert_int_equal(flushes, 3);
	assert_int_equal(tb.hdr->lost, 0);
}

static void test_watermark_consumer_slow(void **state)
{
	(void)state;
	/* a consumer that does not drain is asked again only every
	 * watermark/4 records (each ask is a trap), and the rest is lost */
	drain_on_flush = 0;
	for (uint32_t i = 0; i < 4; i++)
		put(i);
	assert_int_equal(flushes, 1);
	put(4);
	assert_int_equal(flushes, 2);
	put(5);
	put(6);
	put(7);
	assert_int_equal(flushes, 5);
	put(8);
	put(9);
	assert_int_equal(flushes, 5); /* full: nothing committed */
	assert_int_equal(tb.hdr->lost, 2);
}

static void test_hostile_tail(void **state)
{
	(void)state;
	put(1);
	/* a consumer claiming to have read past what exists */
	tb.hdr->tail = 1000;
	assert_null(tbuf_reserve(&tb));
	assert_int_equal(tb.hdr->lost, 1);
	tb.hdr->tail = 1;
	put(2);
	assert_int_equal(tb.hdr->head, 2);
	assert_int_equal(tb.rec[1].idx, 2);
	/* the writer's own head is kept privately: a consumer rewriting
	 * head does not move where the next record goes */
	tb.hdr->head = 7;
	put(3);
	assert_int_equal(tb.hdr->head, 3);
	assert_int_equal(tb.rec[2].idx, 3);
}

/* ---- the reader (the kernel draining a user program's area) ---------- */

static uint32_t taken[64];
static unsigned ntaken;

static void take(void *ctx, const struct trace_rec *r)
{
	(void)ctx;
	if (ntaken < 64)
		taken[ntaken] = r->idx;
	ntaken++;
}

static void test_reader_round_trip(void **state)
{
	struct tbuf_reader rd;
	uint64_t lost = 0;

	(void)state;
	ntaken = 0;
	tbuf_reader_init(&rd, mem, sizeof(mem));
	assert_int_equal(rd.nrec, 8);
	for (uint32_t i = 0; i < 5; i++)
		put(10 + i);
	assert_int_equal(tbuf_drain(&rd, 3, take, 0, &lost), 3);
	assert_int_equal(tb.hdr->tail, 3);
	assert_int_equal(tbuf_drain(&rd, 100, take, 0, &lost), 2);
	assert_int_equal(ntaken, 5);
	for (unsigned i = 0; i < 5; i++)
		assert_int_equal(taken[i], 10 + i);
	assert_int_equal(lost, 0);
	/* the writer sees the space: 8 more fit (wrapping) */
	for (uint32_t i = 0; i < 8; i++)
		put(20 + i);
	assert_int_equal(tb.hdr->lost, 0);
	assert_int_equal(tbuf_drain(&rd, 100, take, 0, &lost), 8);
	assert_int_equal(taken[12], 27);
	assert_int_equal(tbuf_drain(&rd, 100, take, 0, &lost), 0);
}

static void test_reader_hostile_producer(void **state)
{
	struct tbuf_reader rd;
	uint64_t lost = 0;

	(void)state;
	ntaken = 0;
	tbuf_reader_init(&rd, mem, sizeof(mem));
	/* a head far ahead: only the last nrec slots are read, the rest is
	 * counted lost */
	tb.hdr->head = 1000;
	assert_int_equal(tbuf_drain(&rd, 100, take, 0, &lost), 8);
	assert_int_equal(lost, 992);
	assert_int_equal(rd.tail, 1000);
	/* a head going back: nothing taken, resynced there */
	tb.hdr->head = 10;
	assert_int_equal(tbuf_drain(&rd, 100, take, 0, &lost), 0);
	assert_int_equal(rd.tail, 10);
	assert_int_equal(lost, 992);
	/* the producer's own lost count: its growth is added, a decrease
	 * is not "negative loss" */
	tb.hdr->lost = 5;
	tbuf_drain(&rd, 100, take, 0, &lost);
	assert_int_equal(lost, 997);
	tb.hdr->lost = 2;
	tbuf_drain(&rd, 100, take, 0, &lost);
	assert_int_equal(lost, 997);
	tb.hdr->lost = 4;
	tbuf_drain(&rd, 100, take, 0, &lost);
	assert_int_equal(lost, 999);
	/* our tail is ours: a producer writing it changes nothing */
	tb.hdr->tail = 0;
	tb.hdr->head = 12;
	assert_int_equal(tbuf_drain(&rd, 100, take, 0, &lost), 2);
	/* too small an area: never reads */
	tbuf_reader_init(&rd, mem, 64);
	assert_int_equal(tbuf_drain(&rd, 100, take, 0, &lost), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_layout, setup),
		cmocka_unit_test_setup(test_order_and_wrap, setup),
		cmocka_unit_test_setup(test_full_counts_lost, setup),
		cmocka_unit_test_setup(test_watermark_flush, setup),
		cmocka_unit_test_setup(test_watermark_consumer_slow, setup),
		cmocka_unit_test_setup(test_hostile_tail, setup),
		cmocka_unit_test_setup(test_reader_round_trip, setup),
		cmocka_unit_test_setup(test_reader_hostile_producer, setup),
	};

	return cmocka_run_group_tests_name("gk_tbuf", tests, NULL, NULL);
}
