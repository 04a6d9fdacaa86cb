// SPDX-License-Identifier: MIT
/*
 * Driver role: descriptors it writes, its free list, and its checks of a
 * hostile device's used ring (the test writes used entries directly).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "pvring_test_util.h"

#define NUM 8
#define F_ALL (PVRING_F_INDIRECT_DESC | PVRING_F_EVENT_IDX)

static struct pvt_queue q_store;

static int setup_f(void **state, uint64_t features)
{
	if (pvt_queue_init(&q_store, NUM, features, 65536))
		return -1;
	*state = &q_store;
	return 0;
}

static int setup(void **state)
{
	return setup_f(state, F_ALL);
}

static int setup_noindirect(void **state)
{
	return setup_f(state, 0);
}

static int teardown(void **state)
{
	pvt_queue_free(*state);
	return 0;
}

static struct pvring_buf B(struct pvt_queue *t, size_t off, uint32_t len) {
	struct pvring_buf b = {pvt_addr(t, t->data_off + off), len};

	return b;
}

/* The device "completes" head with len, directly in the used ring. */
static void
dev_complete(struct pvt_queue *t, uint32_t id, uint32_t len)
{
	uint16_t u = t->used->idx;

	t->used->ring[u % t->num].id = id;
	t->used->ring[u % t->num].len = len;
	__atomic_store_n(&t->used->idx, (uint16_t)(u + 1), __ATOMIC_RELEASE);
}

static void test_init_invalid(void **state)
{
	struct pvt_queue *t = *state;
	struct pvring_drv d;
	uint8_t *desc = (uint8_t *)t->desc, *avail = (uint8_t *)t->avail;
	uint8_t *used = (uint8_t *)t->used;

	assert_int_equal(
		pvring_drv_init(&d, 0, desc, avail, used, t->slots, 0, 0),
		PVRING_ERR_INVAL);
	assert_int_equal(
		pvring_drv_init(&d, 12, desc, avail, used, t->slots, 0, 0),
		PVRING_ERR_INVAL);
	assert_int_equal(
		pvring_drv_init(&d, 65536, desc, avail, used, t->slots, 0, 0),
		PVRING_ERR_INVAL);
	assert_int_equal(
		pvring_drv_init(&d, NUM, desc + 4, avail, used, t->slots, 0, 0),
		PVRING_ERR_INVAL);
	assert_int_equal(
		pvring_drv_init(&d, NUM, desc, avail + 1, used, t->slots, 0, 0),
		PVRING_ERR_INVAL);
	assert_int_equal(
		pvring_drv_init(&d, NUM, desc, avail, used + 2, t->slots, 0, 0),
		PVRING_ERR_INVAL);
	assert_int_equal(
		pvring_drv_init(&d, NUM, desc, avail, used, NULL, 0, 0),
		PVRING_ERR_INVAL);
}

static void test_init_zeroes_rings(void **state)
{
	struct pvt_queue *t = *state;
	size_t i;

	memset(t->mem.host, 0xa5, t->lay.total);
	assert_int_equal(pvring_drv_init(&t->drv, NUM, t->desc, t->avail,
					 t->used, t->slots, F_ALL, 1),
			 0);
	for (i = 0; i < pvring_desc_bytes(NUM); i++)
		assert_int_equal(((uint8_t *)t->desc)[i], 0);
	for (i = 0; i < pvring_avail_bytes(NUM); i++)
		assert_int_equal(((uint8_t *)t->avail)[i], 0);
	for (i = 0; i < pvring_used_bytes(NUM); i++)
		assert_int_equal(((uint8_t *)t->used)[i], 0);
	assert_int_equal(pvring_drv_num_free(&t->drv), NUM);
}

static void test_add_writes_chain(void **state)
{
	struct pvt_queue *t = *state;
	struct pvring_buf b[3] = {B(t, 0, 16), B(t, 16, 32), B(t, 64, 100)};
	int head, i;
	uint16_t d;

	head = pvring_drv_add(&t->drv, b, 2, 1, (void *)0x1234);
	assert_true(head >= 0 && head < NUM);
	assert_int_equal(pvring_drv_num_free(&t->drv), NUM - 3);
	assert_int_equal(t->avail->ring[0], head);
	assert_int_equal(t->avail->idx, 0); /* not yet published */
	for (d = (uint16_t)head, i = 0; i < 3; i++) {
		struct pvring_desc *x = &t->desc[d];

		assert_true(x->addr == b[i].addr);
		assert_int_equal(x->len, b[i].len);
		assert_int_equal(x->flags & PVRING_DESC_F_WRITE,
				 i == 2 ? PVRING_DESC_F_WRITE : 0);
		assert_int_equal(!!(x->flags & PVRING_DESC_F_NEXT), i < 2);
		d = x->next;
	}
	pvring_drv_publish(&t->drv);
	assert_int_equal(t->avail->idx, 1);
}

static void test_add_invalid_and_nospc(void **state)
{
	struct pvt_queue *t = *state;
	struct pvring_buf b[NUM + 1];
	unsigned int i;

	for (i = 0; i < NUM + 1; i++)
		b[i] = B(t, i * 8, 8);
	assert_int_equal(pvring_drv_add(&t->drv, b, 0, 0, NULL),
			 PVRING_ERR_INVAL);
	assert_int_equal(pvring_drv_add(&t->drv, NULL, 1, 0, NULL),
			 PVRING_ERR_INVAL);
	assert_int_equal(pvring_drv_add(&t->drv, b, NUM, 1, NULL),
			 PVRING_ERR_INVAL);
	b[0].len = 0xffffffffu;
	b[1].len = 1;
	assert_int_equal(pvring_drv_add(&t->drv, b, 0, 2, NULL),
			 PVRING_ERR_INVAL);
	b[0].len = 8;
	b[1].len = 8;
	assert_true(pvring_drv_add(&t->drv, b, 3, 3, NULL) >= 0);
	assert_int_equal(pvring_drv_add(&t->drv, b, 2, 1, NULL),
			 PVRING_ERR_NOSPC);
	assert_true(pvring_drv_add(&t->drv, b, 1, 1, NULL) >= 0);
	assert_int_equal(pvring_drv_add(&t->drv, b, 1, 0, NULL),
			 PVRING_ERR_NOSPC);
	assert_int_equal(t->drv.broken, 0);
}

static void test_add_indirect(void **state)
{
	struct pvt_queue *t = *state;
	struct pvring_buf b[3] = {B(t, 0, 16), B(t, 16, 32), B(t, 64, 100)};
	size_t toff = t->data_off + 8192;
	struct pvring_desc *table = pvt_ptr(t, toff);
	int head;

	assert_int_equal(pvring_drv_add_indirect(&t->drv, b, 1, 2, NULL,
						 pvt_addr(t, toff), NULL),
			 PVRING_ERR_INVAL);
	head = pvring_drv_add_indirect(&t->drv, b, 1, 2, table,
				       pvt_addr(t, toff), (void *)7);
	assert_true(head >= 0);
	assert_int_equal(pvring_drv_num_free(&t->drv), NUM - 1);
	assert_int_equal(t->desc[head].flags, PVRING_DESC_F_INDIRECT);
	assert_int_equal(t->desc[head].len, 48);
	assert_true(t->desc[head].addr == pvt_addr(t, toff));
	assert_int_equal(table[0].flags, PVRING_DESC_F_NEXT);
	assert_int_equal(table[0].next, 1);
	assert_int_equal(table[1].flags,
			 PVRING_DESC_F_NEXT | PVRING_DESC_F_WRITE);
	assert_int_equal(table[2].flags, PVRING_DESC_F_WRITE);
	assert_int_equal(table[2].len, 100);
	/* misaligned table (host pointer or address) is the caller's error */
	assert_int_equal(pvring_drv_add_indirect(&t->drv, b, 1, 2,
						 (void *)((uint8_t *)table + 4),
						 pvt_addr(t, toff), NULL),
			 PVRING_ERR_INVAL);
	assert_int_equal(pvring_drv_add_indirect(&t->drv, b, 1, 2, table,
						 pvt_addr(t, toff) + 4, NULL),
			 PVRING_ERR_INVAL);
}

static void test_add_indirect_not_negotiated(void **state)
{
	struct pvt_queue *t = *state;
	struct pvring_buf b[1] = {B(t, 0, 16)};

	assert_int_equal(pvring_drv_add_indirect(
				 &t->drv, b, 1, 0, pvt_ptr(t, t->data_off),
				 pvt_addr(t, t->data_off), NULL),
			 PVRING_ERR_INVAL);
}

/* Full round trip through the device role in one thread. */
static void test_round_trip(void **state)
{
	struct pvt_queue *t = *state;
	struct pvring_buf b[2] = {B(t, 0, 16), B(t, 100, 50)};
	struct pvring_seg segs[4];
	struct pvring_chain ch;
	void *tok = NULL;
	uint32_t len = 0;
	int head;

	memcpy(pvt_ptr(t, t->data_off), "request-payload!", 16);
	head = pvring_drv_add(&t->drv, b, 1, 1, &tok);
	assert_true(head >= 0);
	pvring_drv_publish(&t->drv);
	assert_int_equal(pvring_dev_pop(&t->dev, segs, 4, &ch), 1);
	assert_int_equal(ch.head, head);
	assert_memory_equal(segs[0].ptr, "request-payload!", 16);
	memcpy(segs[1].ptr, "answer", 6);
	assert_int_equal(pvring_dev_push(&t->dev, ch.head, 6), 0);
	assert_int_equal(pvring_drv_get_used(&t->drv, &tok, &len), 0);
	pvring_dev_publish(&t->dev);
	assert_int_equal(pvring_drv_get_used(&t->drv, &tok, &len), 1);
	assert_ptr_equal(tok, &tok);
	assert_int_equal(len, 6);
	assert_memory_equal(pvt_ptr(t, t->data_off + 100), "answer", 6);
	assert_int_equal(pvring_drv_num_free(&t->drv), NUM);
	assert_int_equal(pvring_drv_get_used(&t->drv, &tok, &len), 0);
}

/* Out-of-order completion and descriptor reuse keep the free list exact. */
static void test_out_of_order_reuse(void **state)
{
	struct pvt_queue *t = *state;
	struct pvring_buf b[2] = {B(t, 0, 8), B(t, 8, 8)};
	int heads[4], i, round;
	uintptr_t tok;

	for (round = 0; round < 1000; round++) {
		for (i = 0; i < 4; i++) {
			heads[i] = pvring_drv_add(&t->drv, b, 1, 1,
						  (void *)(uintptr_t)(i + 1));
			assert_true(heads[i] >= 0);
		}
		assert_int_equal(pvring_drv_num_free(&t->drv), 0);
		pvring_drv_publish(&t->drv);
		/* complete in the order 2, 0, 3, 1 */
		dev_complete(t, (uint32_t)heads[2], 8);
		dev_complete(t, (uint32_t)heads[0], 0);
		dev_complete(t, (uint32_t)heads[3], 1);
		dev_complete(t, (uint32_t)heads[1], 2);
		assert_int_equal(
			pvring_drv_get_used(&t->drv, (void **)&tok, NULL), 1);
		assert_int_equal(tok, 3);
		assert_int_equal(
			pvring_drv_get_used(&t->drv, (void **)&tok, NULL), 1);
		assert_int_equal(tok, 1);
		assert_int_equal(
			pvring_drv_get_used(&t->drv, (void **)&tok, NULL), 1);
		assert_int_equal(tok, 4);
		assert_int_equal(
			pvring_drv_get_used(&t->drv, (void **)&tok, NULL), 1);
		assert_int_equal(tok, 2);
		assert_int_equal(pvring_drv_num_free(&t->drv), NUM);
	}
}

/* ---- hostile used ring ------------------------------------------------- */

static void expect_broken(struct pvt_queue *t, int err)
{
	struct pvring_buf b[1] = {B(t, 0, 8)};
	void *tok;

	assert_int_equal(pvring_drv_get_used(&t->drv, &tok, NULL), err);
	assert_int_equal(t->drv.broken, err);
	assert_int_equal(pvring_drv_get_used(&t->drv, &tok, NULL),
			 PVRING_ERR_BROKEN);
	assert_int_equal(pvring_drv_add(&t->drv, b, 1, 0, NULL),
			 PVRING_ERR_BROKEN);
	assert_int_equal(pvring_drv_enable_cb(&t->drv), PVRING_ERR_BROKEN);
}

static int add_publish(struct pvt_queue *t, unsigned int nin, uint32_t len)
{
	struct pvring_buf b[2] = {B(t, 0, 8), B(t, 8, len)};
	int head = pvring_drv_add(&t->drv, b, 1, nin, NULL);

	assert_true(head >= 0);
	pvring_drv_publish(&t->drv);
	return head;
}

static void test_err_used_idx_nothing_outstanding(void **state)
{
	struct pvt_queue *t = *state;

	dev_complete(t, 0, 0);
	expect_broken(t, PVRING_ERR_USED_IDX);
}

static void test_err_used_idx_ahead(void **state)
{
	struct pvt_queue *t = *state;

	add_publish(t, 1, 8);
	add_publish(t, 1, 8);
	t->used->idx = 3;
	expect_broken(t, PVRING_ERR_USED_IDX);
}

static void test_err_used_idx_enable_cb(void **state)
{
	struct pvt_queue *t = *state;

	t->used->idx = 0x8000;
	assert_int_equal(pvring_drv_enable_cb(&t->drv), PVRING_ERR_USED_IDX);
	assert_int_equal(t->drv.broken, PVRING_ERR_USED_IDX);
}

static void test_err_used_id_range(void **state)
{
	struct pvt_queue *t = *state;

	add_publish(t, 1, 8);
	dev_complete(t, NUM, 0);
	expect_broken(t, PVRING_ERR_USED_ID);
}

static void test_err_used_id_huge(void **state)
{
	struct pvt_queue *t = *state;

	add_publish(t, 1, 8);
	dev_complete(t, 0x80000000u, 0);
	expect_broken(t, PVRING_ERR_USED_ID);
}

/* id of a descriptor inside a chain, not its head */
static void test_err_used_id_not_head(void **state)
{
	struct pvt_queue *t = *state;
	int head = add_publish(t, 1, 8);

	dev_complete(t, t->slots[head].next, 0);
	expect_broken(t, PVRING_ERR_USED_ID);
}

static void test_err_used_id_twice(void **state)
{
	struct pvt_queue *t = *state;
	int h1 = add_publish(t, 1, 8);

	add_publish(t, 1, 8);
	dev_complete(t, (uint32_t)h1, 0);
	dev_complete(t, (uint32_t)h1, 0);
	assert_int_equal(pvring_drv_get_used(&t->drv, NULL, NULL), 1);
	expect_broken(t, PVRING_ERR_USED_ID);
}

/* staged but not yet published: the device cannot know it */
static void test_err_used_id_unpublished(void **state)
{
	struct pvt_queue *t = *state;
	struct pvring_buf b[1] = {B(t, 0, 8)};
	int h2;

	add_publish(t, 1, 8);
	h2 = pvring_drv_add(&t->drv, b, 1, 0, NULL);
	assert_true(h2 >= 0);
	dev_complete(t, (uint32_t)h2, 0);
	expect_broken(t, PVRING_ERR_USED_ID);
}

static void test_err_used_len(void **state)
{
	struct pvt_queue *t = *state;
	int h1 = add_publish(t, 1, 100), h2 = add_publish(t, 0, 0);

	dev_complete(t, (uint32_t)h1, 100); /* == capacity: fine */
	assert_int_equal(pvring_drv_get_used(&t->drv, NULL, NULL), 1);
	dev_complete(t, (uint32_t)h2, 1); /* no writable buffer at all */
	expect_broken(t, PVRING_ERR_USED_LEN);
}

/* ---- standing chains --------------------------------------------------- */

/* Completes and reaps one chain with the kept variant; returns its head. */
static uint16_t kept_round(struct pvt_queue *t, uint32_t len)
{
	struct pvring_seg segs[4];
	struct pvring_chain ch;
	uint16_t head = 0xffff;
	void *tok = NULL;
	uint32_t ulen = 0;

	pvring_drv_publish(&t->drv);
	assert_int_equal(pvring_dev_pop(&t->dev, segs, 4, &ch), 1);
	assert_int_equal(pvring_dev_push(&t->dev, ch.head, len), 0);
	pvring_dev_publish(&t->dev);
	assert_int_equal(pvring_drv_get_used_kept(&t->drv, &head, &tok, &ulen),
			 1);
	assert_int_equal(head, ch.head);
	assert_int_equal(ulen, len);
	return head;
}

static void test_kept_repost_same_chain(void **state)
{
	struct pvt_queue *t = *state;
	struct pvring_buf b[2] = {B(t, 0, 16), B(t, 100, 24)};
	struct pvring_seg segs[4];
	struct pvring_chain ch;
	int tok1, tok2;
	uint16_t head, h2 = 0;
	void *tok = NULL;

	int h = pvring_drv_add(&t->drv, b, 1, 1, &tok1);
	assert_true(h >= 0);
	head = kept_round(t, 24);
	assert_int_equal(head, h);
	/* the chain's two descriptors stay out of the free list */
	assert_int_equal(pvring_drv_num_free(&t->drv), NUM - 2);
	assert_int_equal(pvring_drv_repost(&t->drv, head, &tok2), 0);
	assert_int_equal(pvring_drv_num_free(&t->drv), NUM - 2);
	pvring_drv_publish(&t->drv);
	assert_int_equal(pvring_dev_pop(&t->dev, segs, 4, &ch), 1);
	assert_int_equal(ch.head, head);
	assert_int_equal(ch.nseg, 2);
	assert_int_equal(segs[0].addr, b[0].addr);
	assert_int_equal(segs[1].addr, b[1].addr);
	assert_true(segs[1].writable);
	assert_int_equal(pvring_dev_push(&t->dev, ch.head, 1), 0);
	pvring_dev_publish(&t->dev);
	assert_int_equal(pvring_drv_get_used_kept(&t->drv, &h2, &tok, NULL), 1);
	assert_int_equal(h2, head);
	assert_ptr_equal(tok, &tok2); /* the new token */
	assert_int_equal(pvring_drv_release(&t->drv, head), 0);
	assert_int_equal(pvring_drv_num_free(&t->drv), NUM);
	/* released: no longer a kept chain */
	assert_int_equal(pvring_drv_repost(&t->drv, head, NULL),
			 PVRING_ERR_INVAL);
	assert_int_equal(pvring_drv_release(&t->drv, head), PVRING_ERR_INVAL);
}

static void test_kept_set_buf(void **state)
{
	struct pvt_queue *t = *state;
	struct pvring_buf b[3] = {B(t, 0, 16), B(t, 64, 8), B(t, 100, 24)};
	struct pvring_buf nb = B(t, 200, 40), small = B(t, 300, 4);
	struct pvring_seg segs[4];
	struct pvring_chain ch;

	assert_true(pvring_drv_add(&t->drv, b, 1, 2, NULL) >= 0);
	uint16_t head = kept_round(t, 0);

	/* only a kept chain's own descriptors can be rewritten */
	assert_int_equal(pvring_drv_set_buf(&t->drv, head, 3, &nb),
			 PVRING_ERR_INVAL);
	assert_int_equal(pvring_drv_set_buf(&t->drv, (uint16_t)NUM, 0, &nb),
			 PVRING_ERR_INVAL);
	/* the middle (writable) one grows: writable capacity follows */
	assert_int_equal(pvring_drv_set_buf(&t->drv, head, 1, &nb), 0);
	assert_int_equal(pvring_drv_repost(&t->drv, head, NULL), 0);
	assert_int_equal(pvring_drv_set_buf(&t->drv, head, 1, &nb),
			 PVRING_ERR_INVAL); /* in flight again */
	pvring_drv_publish(&t->drv);
	assert_int_equal(pvring_dev_pop(&t->dev, segs, 4, &ch), 1);
	assert_int_equal(segs[1].addr, nb.addr);
	assert_int_equal(segs[1].len, 40);
	assert_int_equal(ch.write_len, 64);
	assert_int_equal(pvring_dev_push(&t->dev, ch.head, 64), 0);
	pvring_dev_publish(&t->dev);
	uint16_t h2;
	void *tok;
	assert_int_equal(pvring_drv_get_used_kept(&t->drv, &h2, &tok, NULL), 1);
	/* shrink it: a device claiming the old capacity now lies */
	assert_int_equal(pvring_drv_set_buf(&t->drv, head, 1, &small), 0);
	assert_int_equal(pvring_drv_repost(&t->drv, head, NULL), 0);
	pvring_drv_publish(&t->drv);
	dev_complete(t, head, 64);
	expect_broken(t, PVRING_ERR_USED_LEN);
}

static void test_kept_indirect_not_rewritable(void **state)
{
	struct pvt_queue *t = *state;
	struct pvring_buf b[2] = {B(t, 0, 16), B(t, 100, 24)};
	struct pvring_buf nb = B(t, 200, 40);
	struct pvring_desc *table = pvt_ptr(t, t->data_off + 1024);

	assert_true(pvring_drv_add_indirect(&t->drv, b, 1, 1, table,
					    pvt_addr(t, t->data_off + 1024),
					    NULL) >= 0);
	uint16_t head = kept_round(t, 0);
	assert_int_equal(pvring_drv_set_buf(&t->drv, head, 0, &nb),
			 PVRING_ERR_INVAL);
	assert_int_equal(pvring_drv_repost(&t->drv, head, NULL), 0);
}

/* a kept (reaped) chain completed again is a device lie */
static void test_err_used_id_kept(void **state)
{
	struct pvt_queue *t = *state;
	struct pvring_buf b[1] = {B(t, 0, 8)};

	assert_true(pvring_drv_add(&t->drv, b, 1, 0, NULL) >= 0);
	uint16_t head = kept_round(t, 0);
	add_publish(t, 1, 8);
	dev_complete(t, head, 0);
	expect_broken(t, PVRING_ERR_USED_ID);
	assert_int_equal(pvring_drv_repost(&t->drv, head, NULL),
			 PVRING_ERR_BROKEN);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_init_invalid),
		T(test_init_zeroes_rings),
		T(test_add_writes_chain),
		T(test_add_invalid_and_nospc),
		T(test_add_indirect),
		cmocka_unit_test_setup_teardown(
			test_add_indirect_not_negotiated, setup_noindirect,
			teardown),
		T(test_round_trip),
		T(test_out_of_order_reuse),
		T(test_err_used_idx_nothing_outstanding),
		T(test_err_used_idx_ahead),
		T(test_err_used_idx_enable_cb),
		T(test_err_used_id_range),
		T(test_err_used_id_huge),
		T(test_err_used_id_not_head),
		T(test_err_used_id_twice),
		T(test_err_used_id_unpublished),
		T(test_err_used_len),
		T(test_kept_repost_same_chain),
		T(test_kept_set_buf),
		T(test_kept_indirect_not_rewritable),
		T(test_err_used_id_kept),
	};

	return cmocka_run_group_tests_name("pvring_drv", tests, NULL, NULL);
}
