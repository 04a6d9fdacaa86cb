// SPDX-License-Identifier: MIT
/*
 * Device role against a hostile driver: the test writes descriptors and
 * ring slots directly (pvt_set_desc / pvt_offer) and checks that every bad
 * ring gives its own error code, consumes nothing and breaks the queue.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "pvring_test_util.h"

#define NUM 8
#define MAXSEG 64
#define F_ALL (PVRING_F_INDIRECT_DESC | PVRING_F_EVENT_IDX)
#define R 0
#define W PVRING_DESC_F_WRITE
#define N PVRING_DESC_F_NEXT
#define I PVRING_DESC_F_INDIRECT

struct fix {
	struct pvt_queue q;
	struct pvring_seg segs[MAXSEG];
	struct pvring_chain ch;
};

static int setup_features(void **state, uint64_t features, unsigned int num)
{
	static struct fix f;

	memset(&f, 0, sizeof(f));
	if (pvt_queue_init(&f.q, num, features, 65536))
		return -1;
	*state = &f;
	return 0;
}

static int setup(void **state)
{
	return setup_features(state, F_ALL, NUM);
}

static int setup_noindirect(void **state)
{
	return setup_features(state, PVRING_F_EVENT_IDX, NUM);
}

static int teardown(void **state)
{
	struct fix *f = *state;

	pvt_queue_free(&f->q);
	return 0;
}

/* device-visible address / host pointer of data offset off */
static uint64_t A(struct fix *f, size_t off)
{
	return pvt_addr(&f->q, f->q.data_off + off);
}

static void *P(struct fix *f, size_t off)
{
	return pvt_ptr(&f->q, f->q.data_off + off);
}

static int pop(struct fix *f)
{
	return pvring_dev_pop(&f->q.dev, f->segs, MAXSEG, &f->ch);
}

/* A bad ring: the specific error once, nothing consumed, then BROKEN. */
static void expect_bad(struct fix *f, int err)
{
	uint16_t before = f->q.dev.last_avail;

	assert_int_equal(pop(f), err);
	assert_int_equal(f->q.dev.last_avail, before);
	assert_int_equal(f->q.dev.broken, err);
	assert_int_equal(pop(f), PVRING_ERR_BROKEN);
	assert_int_equal(pvring_dev_avail_count(&f->q.dev), PVRING_ERR_BROKEN);
	assert_int_equal(pvring_dev_push(&f->q.dev, 0, 0), PVRING_ERR_BROKEN);
	assert_int_equal(pvring_dev_enable_notify(&f->q.dev),
			 PVRING_ERR_BROKEN);
	assert_false(pvring_dev_irq_prepare(&f->q.dev));
}

/* Table of n descriptors at data offset off (host view). */
static struct pvring_desc *table(struct fix *f, size_t off)
{
	return P(f, off);
}

static void tdesc(struct pvring_desc *t, unsigned int i, uint64_t addr,
		  uint32_t len, uint16_t flags, uint16_t next)
{
	t[i].addr = addr;
	t[i].len = len;
	t[i].flags = flags;
	t[i].next = next;
}

/* ---- valid chains ------------------------------------------------------ */

static void test_pop_empty(void **state)
{
	struct fix *f = *state;

	assert_int_equal(pop(f), 0);
	assert_int_equal(pvring_dev_avail_count(&f->q.dev), 0);
	assert_int_equal(f->q.dev.broken, 0);
}

static void test_pop_direct_chain(void **state)
{
	struct fix *f = *state;

	pvt_set_desc(&f->q, 3, A(f, 0), 16, R | N, 5);
	pvt_set_desc(&f->q, 5, A(f, 100), 32, R | N, 0);
	pvt_set_desc(&f->q, 0, A(f, 200), 64, W, 7);
	pvt_offer(&f->q, 3);
	assert_int_equal(pvring_dev_avail_count(&f->q.dev), 1);
	assert_int_equal(pop(f), 1);
	assert_int_equal(f->ch.head, 3);
	assert_int_equal(f->ch.avail_idx, 0);
	assert_int_equal(f->ch.nseg, 3);
	assert_int_equal(f->ch.nread, 2);
	assert_int_equal(f->ch.read_len, 48);
	assert_int_equal(f->ch.write_len, 64);
	assert_false(f->ch.indirect);
	assert_true(f->segs[0].ptr == P(f, 0));
	assert_true(f->segs[1].ptr == P(f, 100));
	assert_true(f->segs[2].ptr == P(f, 200));
	assert_true(f->segs[0].addr == A(f, 0));
	assert_int_equal(f->segs[1].len, 32);
	assert_false(f->segs[1].writable);
	assert_true(f->segs[2].writable);
	assert_int_equal(pop(f), 0);
	assert_int_equal(f->q.dev.inflight, 1);
}

static void test_pop_indirect_chain(void **state)
{
	struct fix *f = *state;
	struct pvring_desc *t = table(f, 4096);

	tdesc(t, 0, A(f, 0), 10, R | N, 2);
	tdesc(t, 2, A(f, 10), 20, W | N, 1);
	tdesc(t, 1, A(f, 30), 30, W, 0);
	/* WRITE on the indirect descriptor itself is ignored (spec) */
	pvt_set_desc(&f->q, 6, A(f, 4096), 3 * 16, I | W, 0);
	pvt_offer(&f->q, 6);
	assert_int_equal(pop(f), 1);
	assert_true(f->ch.indirect);
	assert_int_equal(f->ch.head, 6);
	assert_int_equal(f->ch.nseg, 3);
	assert_int_equal(f->ch.nread, 1);
	assert_int_equal(f->ch.read_len, 10);
	assert_int_equal(f->ch.write_len, 50);
	assert_true(f->segs[2].ptr == P(f, 30));
}

/* Direct descriptors followed by one indirect one (allowed by the spec). */
static void test_pop_direct_then_indirect(void **state)
{
	struct fix *f = *state;
	struct pvring_desc *t = table(f, 4096 + 8); /* 8-aligned is enough */

	tdesc(t, 0, A(f, 50), 5, W, 0);
	pvt_set_desc(&f->q, 1, A(f, 0), 7, R | N, 2);
	pvt_set_desc(&f->q, 2, A(f, 4096 + 8), 16, I, 0);
	pvt_offer(&f->q, 1);
	assert_int_equal(pop(f), 1);
	assert_int_equal(f->ch.nseg, 2);
	assert_int_equal(f->ch.nread, 1);
	assert_true(f->segs[1].writable);
	assert_true(f->segs[1].ptr == P(f, 50));
}

static void test_pop_zero_length_segment(void **state)
{
	struct fix *f = *state;

	pvt_set_desc(&f->q, 0, A(f, 0), 0, R | N, 1);
	pvt_set_desc(&f->q, 1, A(f, 0), 1, W, 0);
	pvt_offer(&f->q, 0);
	assert_int_equal(pop(f), 1);
	assert_int_equal(f->ch.nseg, 2);
	assert_int_equal(f->ch.read_len, 0);
}

/* A chain of exactly max_segs fits; exactly N descriptors is no loop. */
static void test_pop_chain_at_bounds(void **state)
{
	struct fix *f = *state;
	unsigned int i;

	for (i = 0; i < NUM; i++)
		pvt_set_desc(&f->q, i, A(f, i), 1, (i + 1 < NUM) ? N : 0,
			     (uint16_t)(i + 1));
	pvt_offer(&f->q, 0);
	assert_int_equal(pvring_dev_pop(&f->q.dev, f->segs, NUM, &f->ch), 1);
	assert_int_equal(f->ch.nseg, NUM);
}

static void test_pop_many_and_wrap(void **state)
{
	struct fix *f = *state;
	unsigned int round;

	/* 3 * 65536 chains: avail and used indices wrap several times */
	pvt_set_desc(&f->q, 4, A(f, 0), 8, W, 0);
	for (round = 0; round < 3 * 65536; round++) {
		pvt_offer(&f->q, 4);
		assert_int_equal(pop(f), 1);
		assert_int_equal(f->ch.avail_idx, (uint16_t)round);
		assert_int_equal(pvring_dev_push(&f->q.dev, 4, 8), 0);
		pvring_dev_publish(&f->q.dev);
		assert_int_equal(f->q.used->idx, (uint16_t)(round + 1));
		assert_int_equal(f->q.used->ring[round % NUM].id, 4);
	}
}

/* The device reads each descriptor once: a driver that rewrites it while
 * the device looks at it (here: from inside translate) changes nothing. */
static void rewrite_hook(struct pvt_mem *m, uint64_t addr, uint32_t len)
{
	struct pvring_desc *d = m->hook_ctx;

	(void)addr;
	(void)len;
	d->len = 0xffffffffu;
	d->flags = N | W;
	d->next = 200;
	d->addr = 0;
}

static void test_descriptor_read_once(void **state)
{
	struct fix *f = *state;

	pvt_set_desc(&f->q, 2, A(f, 64), 128, R, 0);
	f->q.mem.hook = rewrite_hook;
	f->q.mem.hook_ctx = &f->q.desc[2];
	pvt_offer(&f->q, 2);
	assert_int_equal(pop(f), 1);
	f->q.mem.hook = NULL;
	assert_int_equal(f->ch.nseg, 1);
	assert_int_equal(f->segs[0].len, 128);
	assert_true(f->segs[0].addr == A(f, 64));
	assert_false(f->segs[0].writable);
	assert_true(f->segs[0].ptr == P(f, 64));
}

/* ---- bad rings, one per error code --------------------------------------- */

static void test_err_avail_idx_ahead(void **state)
{
	struct fix *f = *state;

	pvt_set_desc(&f->q, 0, A(f, 0), 1, R, 0);
	f->q.avail->idx = NUM; /* exactly N ahead is still fine */
	assert_int_equal(pvring_dev_avail_count(&f->q.dev), NUM);
	f->q.avail->idx = NUM + 1;
	expect_bad(f, PVRING_ERR_AVAIL_IDX);
}

static void test_err_avail_idx_far_behind(void **state)
{
	struct fix *f = *state;

	f->q.avail->idx = 0xffff; /* "behind" = 65535 ahead modulo 2^16 */
	expect_bad(f, PVRING_ERR_AVAIL_IDX);
}

static void test_err_head_range(void **state)
{
	struct fix *f = *state;

	pvt_offer(&f->q, NUM);
	expect_bad(f, PVRING_ERR_HEAD_RANGE);
}

static void test_err_head_range_ffff(void **state)
{
	struct fix *f = *state;

	pvt_offer(&f->q, 0xffff);
	expect_bad(f, PVRING_ERR_HEAD_RANGE);
}

static void test_err_next_range(void **state)
{
	struct fix *f = *state;

	pvt_set_desc(&f->q, 0, A(f, 0), 1, R | N, NUM);
	pvt_offer(&f->q, 0);
	expect_bad(f, PVRING_ERR_NEXT_RANGE);
}

static void test_err_next_range_indirect(void **state)
{
	struct fix *f = *state;
	struct pvring_desc *t = table(f, 4096);

	tdesc(t, 0, A(f, 0), 1, R | N, 1);
	tdesc(t, 1, A(f, 0), 1, R | N, 2); /* table has 2 entries */
	pvt_set_desc(&f->q, 0, A(f, 4096), 32, I, 0);
	pvt_offer(&f->q, 0);
	expect_bad(f, PVRING_ERR_NEXT_RANGE);
}

static void test_err_loop_self(void **state)
{
	struct fix *f = *state;

	pvt_set_desc(&f->q, 5, A(f, 0), 1, R | N, 5);
	pvt_offer(&f->q, 5);
	expect_bad(f, PVRING_ERR_LOOP);
}

static void test_err_loop_cycle(void **state)
{
	struct fix *f = *state;

	pvt_set_desc(&f->q, 0, A(f, 0), 1, R | N, 1);
	pvt_set_desc(&f->q, 1, A(f, 0), 1, W | N, 2);
	pvt_set_desc(&f->q, 2, A(f, 0), 1, W | N, 1);
	pvt_offer(&f->q, 0);
	expect_bad(f, PVRING_ERR_LOOP);
}

static void test_err_loop_indirect(void **state)
{
	struct fix *f = *state;
	struct pvring_desc *t = table(f, 4096);

	tdesc(t, 0, A(f, 0), 1, R | N, 1);
	tdesc(t, 1, A(f, 0), 1, R | N, 0);
	pvt_set_desc(&f->q, 3, A(f, 4096), 32, I, 0);
	pvt_offer(&f->q, 3);
	expect_bad(f, PVRING_ERR_LOOP);
}

static void test_err_chain_long(void **state)
{
	struct fix *f = *state;
	unsigned int i;

	for (i = 0; i < 5; i++)
		pvt_set_desc(&f->q, i, A(f, i), 1, (i < 4) ? N : 0,
			     (uint16_t)(i + 1));
	pvt_offer(&f->q, 0);
	assert_int_equal(pvring_dev_pop(&f->q.dev, f->segs, 4, &f->ch),
			 PVRING_ERR_CHAIN_LONG);
	assert_int_equal(f->q.dev.last_avail, 0);
	assert_int_equal(f->q.dev.broken, PVRING_ERR_CHAIN_LONG);
}

/* An indirect table may be longer than N; the caller's bound still holds. */
static void test_err_chain_long_indirect(void **state)
{
	struct fix *f = *state;
	struct pvring_desc *t = table(f, 4096);
	unsigned int i;

	for (i = 0; i < 100; i++)
		tdesc(t, i, A(f, 0), 1, (i < 99) ? N : 0, (uint16_t)(i + 1));
	pvt_set_desc(&f->q, 0, A(f, 4096), 100 * 16, I, 0);
	pvt_offer(&f->q, 0);
	expect_bad(f, PVRING_ERR_CHAIN_LONG);
}

static void test_indirect_longer_than_queue_ok(void **state)
{
	struct fix *f = *state;
	struct pvring_desc *t = table(f, 4096);
	unsigned int i;

	for (i = 0; i < 40; i++)
		tdesc(t, i, A(f, 0), 1, (i < 39) ? N : 0, (uint16_t)(i + 1));
	pvt_set_desc(&f->q, 0, A(f, 4096), 40 * 16, I, 0);
	pvt_offer(&f->q, 0);
	assert_int_equal(pop(f), 1);
	assert_int_equal(f->ch.nseg, 40);
}

static void test_err_readable_after_writable(void **state)
{
	struct fix *f = *state;

	pvt_set_desc(&f->q, 0, A(f, 0), 4, R | N, 1);
	pvt_set_desc(&f->q, 1, A(f, 4), 4, W | N, 2);
	pvt_set_desc(&f->q, 2, A(f, 8), 4, R, 0);
	pvt_offer(&f->q, 0);
	expect_bad(f, PVRING_ERR_ORDER);
}

static void test_err_order_across_indirect(void **state)
{
	struct fix *f = *state;
	struct pvring_desc *t = table(f, 4096);

	tdesc(t, 0, A(f, 0), 4, R, 0);
	pvt_set_desc(&f->q, 0, A(f, 0), 4, W | N, 1);
	pvt_set_desc(&f->q, 1, A(f, 4096), 16, I, 0);
	pvt_offer(&f->q, 0);
	expect_bad(f, PVRING_ERR_ORDER);
}

static void test_err_indirect_nested(void **state)
{
	struct fix *f = *state;
	struct pvring_desc *t = table(f, 4096);

	tdesc(t, 0, A(f, 0), 4, R | N, 1);
	tdesc(t, 1, A(f, 4096), 32, I, 0); /* points at its own table */
	pvt_set_desc(&f->q, 0, A(f, 4096), 32, I, 0);
	pvt_offer(&f->q, 0);
	expect_bad(f, PVRING_ERR_INDIRECT_NESTED);
}

static void test_err_indirect_misaligned(void **state)
{
	struct fix *f = *state;
	struct pvring_desc *t = table(f, 4096);

	tdesc(t, 0, A(f, 0), 4, R, 0);
	pvt_set_desc(&f->q, 0, A(f, 4096 + 4), 16, I, 0);
	pvt_offer(&f->q, 0);
	expect_bad(f, PVRING_ERR_INDIRECT_ALIGN);
}

/* Address aligned, but the translated host pointer is not. */
static uint8_t odd_buf[64] __attribute__((aligned(16)));

static void *odd_translate(void *ctx, uint64_t addr, uint32_t len, bool w)
{
	(void)ctx;
	(void)addr;
	(void)len;
	(void)w;
	return odd_buf + 4;
}

static void test_err_indirect_misaligned_host(void **state)
{
	struct fix *f = *state;

	assert_int_equal(pvring_dev_init(&f->q.dev, NUM, f->q.desc, f->q.avail,
					 f->q.used, F_ALL, odd_translate, NULL,
					 1),
			 0);
	pvt_set_desc(&f->q, 0, A(f, 4096), 16, I, 0);
	pvt_offer(&f->q, 0);
	expect_bad(f, PVRING_ERR_INDIRECT_ALIGN);
}

static void test_err_indirect_len_zero(void **state)
{
	struct fix *f = *state;

	pvt_set_desc(&f->q, 0, A(f, 4096), 0, I, 0);
	pvt_offer(&f->q, 0);
	expect_bad(f, PVRING_ERR_INDIRECT_LEN);
}

static void test_err_indirect_len_partial(void **state)
{
	struct fix *f = *state;

	pvt_set_desc(&f->q, 0, A(f, 4096), 24, I, 0);
	pvt_offer(&f->q, 0);
	expect_bad(f, PVRING_ERR_INDIRECT_LEN);
}

static void test_err_indirect_with_next(void **state)
{
	struct fix *f = *state;
	struct pvring_desc *t = table(f, 4096);

	tdesc(t, 0, A(f, 0), 4, R, 0);
	pvt_set_desc(&f->q, 0, A(f, 4096), 16, I | N, 1);
	pvt_set_desc(&f->q, 1, A(f, 0), 4, W, 0);
	pvt_offer(&f->q, 0);
	expect_bad(f, PVRING_ERR_INDIRECT_NEXT);
}

static void test_err_indirect_not_negotiated(void **state)
{
	struct fix *f = *state;
	struct pvring_desc *t = table(f, 4096);

	tdesc(t, 0, A(f, 0), 4, R, 0);
	pvt_set_desc(&f->q, 0, A(f, 4096), 16, I, 0);
	pvt_offer(&f->q, 0);
	expect_bad(f, PVRING_ERR_INDIRECT_FEATURE);
}

static void test_err_len_wraps_address_space(void **state)
{
	struct fix *f = *state;

	pvt_set_desc(&f->q, 0, 0xfffffffffffffff0ull, 32, R, 0);
	pvt_offer(&f->q, 0);
	expect_bad(f, PVRING_ERR_LEN_OVERFLOW);
	/* the wrap is caught before anyone is asked to translate it */
	assert_int_equal(f->q.mem.calls, 0);
}

static void test_err_indirect_table_wraps(void **state)
{
	struct fix *f = *state;

	pvt_set_desc(&f->q, 0, 0xfffffffffffffff8ull, 16, I, 0);
	pvt_offer(&f->q, 0);
	expect_bad(f, PVRING_ERR_LEN_OVERFLOW);
}

/* Chain total over 4 GiB - 1 (used.len is 32 bits): a translate that
 * accepts anything, so only the length rule can stop it. */
static uint8_t any_buf[16] __attribute__((aligned(16)));

static void *any_translate(void *ctx, uint64_t addr, uint32_t len, bool w)
{
	(void)ctx;
	(void)addr;
	(void)len;
	(void)w;
	return any_buf;
}

static void test_err_chain_total_overflow(void **state)
{
	struct fix *f = *state;

	assert_int_equal(pvring_dev_init(&f->q.dev, NUM, f->q.desc, f->q.avail,
					 f->q.used, F_ALL, any_translate, NULL,
					 1),
			 0);
	pvt_set_desc(&f->q, 0, 0x1000, 0x80000000u, R | N, 1);
	pvt_set_desc(&f->q, 1, 0x1000, 0x7fffffffu, W | N, 2);
	pvt_set_desc(&f->q, 2, 0x1000, 1, W, 0);
	pvt_offer(&f->q, 0);
	expect_bad(f, PVRING_ERR_LEN_OVERFLOW);
}

static void test_chain_total_max_ok(void **state)
{
	struct fix *f = *state;

	assert_int_equal(pvring_dev_init(&f->q.dev, NUM, f->q.desc, f->q.avail,
					 f->q.used, F_ALL, any_translate, NULL,
					 1),
			 0);
	pvt_set_desc(&f->q, 0, 0x1000, 0x80000000u, R | N, 1);
	pvt_set_desc(&f->q, 1, 0x1000, 0x7fffffffu, W, 0);
	pvt_offer(&f->q, 0);
	assert_int_equal(pop(f), 1);
	assert_int_equal(f->ch.write_len, 0x7fffffffu);
}

static void test_err_translate_outside(void **state)
{
	struct fix *f = *state;

	pvt_set_desc(&f->q, 0, PVT_BASE - 16, 8, R, 0);
	pvt_offer(&f->q, 0);
	expect_bad(f, PVRING_ERR_TRANSLATE);
	assert_int_equal(f->q.mem.refused, 1);
}

static void test_err_translate_straddles_end(void **state)
{
	struct fix *f = *state;
	uint64_t end = PVT_BASE + f->q.mem.size;

	pvt_set_desc(&f->q, 0, end - 8, 8, R | N, 1); /* last 8 bytes: ok */
	pvt_set_desc(&f->q, 1, end - 8, 9, W, 0); /* one byte past */
	pvt_offer(&f->q, 0);
	expect_bad(f, PVRING_ERR_TRANSLATE);
	assert_int_equal(f->q.mem.calls, 2);
}

static void test_err_translate_indirect_table(void **state)
{
	struct fix *f = *state;

	pvt_set_desc(&f->q, 0, PVT_BASE + f->q.mem.size, 16, I, 0);
	pvt_offer(&f->q, 0);
	expect_bad(f, PVRING_ERR_TRANSLATE);
}

/* The writable flag reaches the callback: a read-only window refuses. */
static void *ro_translate(void *ctx, uint64_t addr, uint32_t len, bool w)
{
	return w ? NULL : pvt_translate(ctx, addr, len, w);
}

static void test_err_translate_readonly(void **state)
{
	struct fix *f = *state;

	assert_int_equal(pvring_dev_init(&f->q.dev, NUM, f->q.desc, f->q.avail,
					 f->q.used, F_ALL, ro_translate,
					 &f->q.mem, 1),
			 0);
	pvt_set_desc(&f->q, 0, A(f, 0), 8, R, 0);
	pvt_set_desc(&f->q, 1, A(f, 0), 8, W, 0);
	pvt_offer(&f->q, 0);
	pvt_offer(&f->q, 1);
	assert_int_equal(pop(f), 1);
	expect_bad(f, PVRING_ERR_TRANSLATE);
}

static void test_err_inflight(void **state)
{
	struct fix *f = *state;
	unsigned int i;

	pvt_set_desc(&f->q, 0, A(f, 0), 8, W, 0);
	for (i = 0; i < NUM; i++) {
		pvt_offer(&f->q, 0);
		assert_int_equal(pop(f), 1);
	}
	/* N chains popped and none returned: a further one is a lie */
	pvt_offer(&f->q, 0);
	expect_bad(f, PVRING_ERR_INFLIGHT);
}

/* After a reset (init again) a repaired ring works: nothing was consumed. */
static void test_reset_after_error(void **state)
{
	struct fix *f = *state;

	pvt_set_desc(&f->q, 0, A(f, 0), 1, R | N, 0);
	pvt_offer(&f->q, 0);
	expect_bad(f, PVRING_ERR_LOOP);
	assert_int_equal(pvring_dev_init(&f->q.dev, NUM, f->q.desc, f->q.avail,
					 f->q.used, F_ALL, pvt_translate,
					 &f->q.mem, 1),
			 0);
	pvt_set_desc(&f->q, 0, A(f, 0), 1, R, 0);
	assert_int_equal(pop(f), 1);
	assert_int_equal(f->ch.avail_idx, 0);
}

/* ---- local caller mistakes: INVAL, queue still usable -------------------- */

static void test_push_invalid(void **state)
{
	struct fix *f = *state;

	assert_int_equal(pvring_dev_push(&f->q.dev, 0, 0), PVRING_ERR_INVAL);
	pvt_set_desc(&f->q, 0, A(f, 0), 8, W, 0);
	pvt_offer(&f->q, 0);
	assert_int_equal(pop(f), 1);
	assert_int_equal(pvring_dev_push(&f->q.dev, NUM, 0), PVRING_ERR_INVAL);
	assert_int_equal(f->q.dev.broken, 0);
	assert_int_equal(pvring_dev_push(&f->q.dev, 0, 5), 0);
	assert_int_equal(f->q.used->idx, 0); /* staged only */
	pvring_dev_publish(&f->q.dev);
	assert_int_equal(f->q.used->idx, 1);
	assert_int_equal(f->q.used->ring[0].id, 0);
	assert_int_equal(f->q.used->ring[0].len, 5);
	assert_int_equal(pvring_dev_push(&f->q.dev, 0, 0), PVRING_ERR_INVAL);
}

static void test_pop_invalid_args(void **state)
{
	struct fix *f = *state;

	pvt_set_desc(&f->q, 0, A(f, 0), 8, W, 0);
	pvt_offer(&f->q, 0);
	assert_int_equal(pvring_dev_pop(&f->q.dev, f->segs, 0, &f->ch),
			 PVRING_ERR_INVAL);
	assert_int_equal(pvring_dev_pop(&f->q.dev, NULL, 4, &f->ch),
			 PVRING_ERR_INVAL);
	assert_int_equal(pvring_dev_pop(&f->q.dev, f->segs, 4, NULL),
			 PVRING_ERR_INVAL);
	assert_int_equal(f->q.dev.broken, 0);
	assert_int_equal(pop(f), 1);
}

static void test_init_invalid(void **state)
{
	struct fix *f = *state;
	struct pvring_dev d;
	uint8_t *desc = (uint8_t *)f->q.desc;
	uint8_t *avail = (uint8_t *)f->q.avail;
	uint8_t *used = (uint8_t *)f->q.used;

	assert_int_equal(pvring_dev_init(&d, 0, desc, avail, used, 0,
					 pvt_translate, NULL, 0),
			 PVRING_ERR_INVAL);
	assert_int_equal(pvring_dev_init(&d, 6, desc, avail, used, 0,
					 pvt_translate, NULL, 0),
			 PVRING_ERR_INVAL);
	assert_int_equal(pvring_dev_init(&d, 65536, desc, avail, used, 0,
					 pvt_translate, NULL, 0),
			 PVRING_ERR_INVAL);
	assert_int_equal(pvring_dev_init(&d, NUM, desc + 8, avail, used, 0,
					 pvt_translate, NULL, 0),
			 PVRING_ERR_INVAL);
	assert_int_equal(pvring_dev_init(&d, NUM, desc, avail + 1, used, 0,
					 pvt_translate, NULL, 0),
			 PVRING_ERR_INVAL);
	assert_int_equal(pvring_dev_init(&d, NUM, desc, avail, used + 2, 0,
					 pvt_translate, NULL, 0),
			 PVRING_ERR_INVAL);
	assert_int_equal(
		pvring_dev_init(&d, NUM, desc, avail, used, 0, NULL, NULL, 0),
		PVRING_ERR_INVAL);
	assert_int_equal(pvring_dev_init(&d, NUM, NULL, avail, used, 0,
					 pvt_translate, NULL, 0),
			 PVRING_ERR_INVAL);
	assert_int_equal(pvring_dev_init(&d, NUM, desc, avail, used, 0,
					 pvt_translate, NULL, 0),
			 0);
}

static int setup_big(void **state)
{
	return setup_features(state, F_ALL, PVRING_MAX_SIZE);
}

static void test_max_queue_size(void **state)
{
	struct fix *f = *state;

	pvt_set_desc(&f->q, 32767, A(f, 0), 8, R | N, 32766);
	pvt_set_desc(&f->q, 32766, A(f, 8), 8, W, 0);
	pvt_offer(&f->q, 32767);
	assert_int_equal(pop(f), 1);
	assert_int_equal(f->ch.head, 32767);
	assert_int_equal(f->ch.nseg, 2);
	pvt_set_desc(&f->q, 1, A(f, 0), 8, R | N, 1);
	pvt_offer(&f->q, 1);
	/* a self-loop in a 32768 table: stopped by the bound (64 segments) */
	expect_bad(f, PVRING_ERR_CHAIN_LONG);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_pop_empty),
		T(test_pop_direct_chain),
		T(test_pop_indirect_chain),
		T(test_pop_direct_then_indirect),
		T(test_pop_zero_length_segment),
		T(test_pop_chain_at_bounds),
		T(test_pop_many_and_wrap),
		T(test_descriptor_read_once),
		T(test_err_avail_idx_ahead),
		T(test_err_avail_idx_far_behind),
		T(test_err_head_range),
		T(test_err_head_range_ffff),
		T(test_err_next_range),
		T(test_err_next_range_indirect),
		T(test_err_loop_self),
		T(test_err_loop_cycle),
		T(test_err_loop_indirect),
		T(test_err_chain_long),
		T(test_err_chain_long_indirect),
		T(test_indirect_longer_than_queue_ok),
		T(test_err_readable_after_writable),
		T(test_err_order_across_indirect),
		T(test_err_indirect_nested),
		T(test_err_indirect_misaligned),
		T(test_err_indirect_misaligned_host),
		T(test_err_indirect_len_zero),
		T(test_err_indirect_len_partial),
		T(test_err_indirect_with_next),
		cmocka_unit_test_setup_teardown(
			test_err_indirect_not_negotiated, setup_noindirect,
			teardown),
		T(test_err_len_wraps_address_space),
		T(test_err_indirect_table_wraps),
		T(test_err_chain_total_overflow),
		T(test_chain_total_max_ok),
		T(test_err_translate_outside),
		T(test_err_translate_straddles_end),
		T(test_err_translate_indirect_table),
		T(test_err_translate_readonly),
		T(test_err_inflight),
		T(test_reset_after_error),
		T(test_push_invalid),
		T(test_pop_invalid_args),
		T(test_init_invalid),
		cmocka_unit_test_setup_teardown(test_max_queue_size, setup_big,
						teardown),
	};

	return cmocka_run_group_tests_name("pvring_dev", tests, NULL, NULL);
}
