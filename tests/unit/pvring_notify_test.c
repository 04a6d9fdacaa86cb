// SPDX-License-Identifier: MIT
/*
 * Notification suppression in both directions, with and without EVENT_IDX,
 * the re-check that closes the enable/sleep race, and the trace hook.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "pvring_test_util.h"

#define NUM 8

static struct pvt_queue q_store;

static int setup_f(void **state, uint64_t features)
{
	if (pvt_queue_init(&q_store, NUM, features, 4096))
		return -1;
	*state = &q_store;
	return 0;
}

static int setup_plain(void **state)
{
	return setup_f(state, 0);
}

static int setup_event(void **state)
{
	return setup_f(state, PVRING_F_EVENT_IDX);
}

static int teardown(void **state)
{
	pvt_queue_free(*state);
	return 0;
}

static void add(struct pvt_queue *t)
{
	struct pvring_buf b[2] = {{pvt_addr(t, t->data_off), 8},
				  {pvt_addr(t, t->data_off + 8), 8}};

	assert_true(pvring_drv_add(&t->drv, b, 1, 1, NULL) >= 0);
}

/* device pops, completes and publishes everything available; the
 * interrupt decision is separate (irq_prepare) */
static int serve(struct pvt_queue *t)
{
	struct pvring_seg segs[4];
	struct pvring_chain ch;
	int n = 0;

	while (pvring_dev_pop(&t->dev, segs, 4, &ch) == 1) {
		assert_int_equal(pvring_dev_push(&t->dev, ch.head, 4), 0);
		n++;
	}
	pvring_dev_publish(&t->dev);
	return n;
}

/* device completes one chain and publishes it */
static int serve_one(struct pvt_queue *t)
{
	struct pvring_seg segs[4];
	struct pvring_chain ch;

	if (pvring_dev_pop(&t->dev, segs, 4, &ch) != 1)
		return 0;
	assert_int_equal(pvring_dev_push(&t->dev, ch.head, 4), 0);
	pvring_dev_publish(&t->dev);
	return 1;
}

static int reap(struct pvt_queue *t)
{
	int n = 0;

	while (pvring_drv_get_used(&t->drv, NULL, NULL) == 1)
		n++;
	return n;
}

/* ---- without EVENT_IDX: flags ------------------------------------------ */

static void test_plain_kick_follows_no_notify(void **state)
{
	struct pvt_queue *t = *state;

	add(t);
	assert_true(pvring_drv_kick_prepare(&t->drv));
	/* nothing new since the last decision: never notify */
	assert_false(pvring_drv_kick_prepare(&t->drv));
	pvring_dev_disable_notify(&t->dev);
	assert_int_equal(t->used->flags, PVRING_USED_F_NO_NOTIFY);
	add(t);
	add(t);
	assert_false(pvring_drv_kick_prepare(&t->drv));
	assert_int_equal(t->avail->idx, 3); /* published anyway */
	assert_int_equal(serve(t), 3);
	assert_int_equal(pvring_dev_enable_notify(&t->dev), 0);
	assert_int_equal(t->used->flags, 0);
	add(t);
	assert_true(pvring_drv_kick_prepare(&t->drv));
}

static void test_plain_irq_follows_no_interrupt(void **state)
{
	struct pvt_queue *t = *state;

	add(t);
	pvring_drv_publish(&t->drv);
	assert_int_equal(serve(t), 1);
	assert_true(pvring_dev_irq_prepare(&t->dev));
	assert_false(pvring_dev_irq_prepare(&t->dev)); /* nothing new */
	assert_int_equal(reap(t), 1);
	pvring_drv_disable_cb(&t->drv);
	assert_int_equal(t->avail->flags, PVRING_AVAIL_F_NO_INTERRUPT);
	add(t);
	pvring_drv_publish(&t->drv);
	serve(t);
	assert_false(pvring_dev_irq_prepare(&t->dev));
	assert_int_equal(t->used->idx, 2); /* published anyway */
	/* enable_cb sees the entry that came while disabled */
	assert_int_equal(pvring_drv_enable_cb(&t->drv), 1);
	assert_int_equal(t->avail->flags, 0);
	assert_int_equal(reap(t), 1);
	assert_int_equal(pvring_drv_enable_cb(&t->drv), 0);
}

/* ---- EVENT_IDX ------------------------------------------------------- */

static void test_event_kick(void **state)
{
	struct pvt_queue *t = *state;

	/* fresh ring: avail_event = 0, so the first publish notifies */
	add(t);
	add(t);
	add(t);
	assert_true(pvring_drv_kick_prepare(&t->drv));
	/* device has not re-armed: later batches are suppressed */
	add(t);
	assert_false(pvring_drv_kick_prepare(&t->drv));
	assert_int_equal(serve(t), 4);
	assert_int_equal(reap(t), 4);
	/* device re-arms at avail index 4, nothing pending */
	assert_int_equal(pvring_dev_enable_notify(&t->dev), 0);
	assert_int_equal(*pvring_avail_event(t->used, NUM), 4);
	add(t);
	assert_true(pvring_drv_kick_prepare(&t->drv));
	/* with EVENT_IDX the flag words stay 0 */
	pvring_dev_disable_notify(&t->dev);
	pvring_drv_disable_cb(&t->drv);
	assert_int_equal(t->used->flags, 0);
	assert_int_equal(t->avail->flags, 0);
}

static void test_event_enable_notify_recheck(void **state)
{
	struct pvt_queue *t = *state;

	pvring_dev_disable_notify(&t->dev);
	add(t);
	/* driver published before the device re-armed: no kick needed,
	 * the re-check reports it */
	pvring_drv_publish(&t->drv);
	assert_int_equal(pvring_dev_enable_notify(&t->dev), 1);
}

static void test_event_irq(void **state)
{
	struct pvt_queue *t = *state;

	/* driver waits for used index 0 */
	assert_int_equal(pvring_drv_enable_cb(&t->drv), 0);
	assert_int_equal(*pvring_used_event(t->avail, NUM), 0);
	add(t);
	add(t);
	pvring_drv_publish(&t->drv);
	assert_int_equal(serve(t), 2);
	assert_true(pvring_dev_irq_prepare(&t->dev));
	/* driver has not reaped: used_event still 0, no more interrupts */
	add(t);
	pvring_drv_publish(&t->drv);
	serve(t);
	assert_false(pvring_dev_irq_prepare(&t->dev));
	/* reaping with callbacks on moves used_event along */
	assert_int_equal(reap(t), 3);
	assert_int_equal(*pvring_used_event(t->avail, NUM), 3);
	add(t);
	pvring_drv_publish(&t->drv);
	serve(t);
	assert_true(pvring_dev_irq_prepare(&t->dev));
	/* callbacks off: used_event is left behind, so no interrupt */
	pvring_drv_disable_cb(&t->drv);
	assert_int_equal(reap(t), 1);
	assert_int_equal(*pvring_used_event(t->avail, NUM), 3);
	add(t);
	pvring_drv_publish(&t->drv);
	serve(t);
	assert_false(pvring_dev_irq_prepare(&t->dev));
	/* re-enable: the entry that came meanwhile is reported */
	assert_int_equal(pvring_drv_enable_cb(&t->drv), 1);
}

/* A driver waiting for a batch of n gets one interrupt, at the n-th. */
static void test_event_irq_delayed(void **state)
{
	struct pvt_queue *t = *state;
	unsigned int i;

	pvring_drv_disable_cb(&t->drv);
	for (i = 0; i < 4; i++)
		add(t);
	pvring_drv_publish(&t->drv);
	assert_int_equal(pvring_drv_enable_cb_delayed(&t->drv, 4), 0);
	assert_int_equal(*pvring_used_event(t->avail, NUM), 3);
	for (i = 0; i < 3; i++) {
		assert_int_equal(serve_one(t), 1);
		assert_false(pvring_dev_irq_prepare(&t->dev));
	}
	assert_int_equal(serve_one(t), 1);
	assert_true(pvring_dev_irq_prepare(&t->dev));
	assert_int_equal(reap(t), 4);

	/* the re-check: the batch completed before the driver re-armed */
	pvring_drv_disable_cb(&t->drv);
	add(t);
	add(t);
	pvring_drv_publish(&t->drv);
	assert_int_equal(serve(t), 2);
	assert_int_equal(pvring_drv_enable_cb_delayed(&t->drv, 2), 1);
	/* more than outstanding is clamped; 1 is plain enable_cb */
	assert_int_equal(reap(t), 2);
	add(t);
	pvring_drv_publish(&t->drv);
	assert_int_equal(pvring_drv_enable_cb_delayed(&t->drv, 50), 0);
	assert_int_equal(*pvring_used_event(t->avail, NUM), 6);
	assert_int_equal(serve(t), 1);
	assert_true(pvring_dev_irq_prepare(&t->dev));
}

/* Suppression decisions stay right when the indices wrap at 2^16. */
static void test_event_wrap(void **state)
{
	struct pvt_queue *t = *state;
	unsigned int i, kicks = 0, irqs = 0;

	pvring_drv_disable_cb(&t->drv);
	for (i = 0; i < 65536 + 100; i++) {
		/* device re-arms every time, so every publish must kick */
		assert_int_equal(pvring_dev_enable_notify(&t->dev), 0);
		/* driver re-arms every time, so every push must interrupt */
		assert_int_equal(pvring_drv_enable_cb(&t->drv), 0);
		add(t);
		kicks += pvring_drv_kick_prepare(&t->drv);
		assert_int_equal(serve(t), 1);
		irqs += pvring_dev_irq_prepare(&t->dev);
		pvring_drv_disable_cb(&t->drv);
		assert_int_equal(reap(t), 1);
	}
	assert_int_equal(kicks, 65536 + 100);
	assert_int_equal(irqs, 65536 + 100);
	assert_int_equal(t->avail->idx, (uint16_t)(65536 + 100));
}

/* ---- trace hook ------------------------------------------------------ */

#define MAXREC 32
static struct pvring_trace_rec recs[MAXREC];
static unsigned int nrec;

static void trace_cb(void *ctx, const struct pvring_trace_rec *r)
{
	assert_ptr_equal(ctx, &nrec);
	if (nrec < MAXREC)
		recs[nrec++] = *r;
}

static void expect_rec(unsigned int i, enum pvring_event ev,
		       enum pvring_role role, uint16_t head, uint16_t idx)
{
	assert_true(i < nrec);
	assert_int_equal(recs[i].event, ev);
	assert_int_equal(recs[i].role, role);
	assert_int_equal(recs[i].qid, 1);
	if (head != 0xfffe)
		assert_int_equal(recs[i].head, head);
	assert_int_equal(recs[i].idx, idx);
}

static void test_trace_events(void **state)
{
	struct pvt_queue *t = *state;
	struct pvring_buf b[1] = {{pvt_addr(t, t->data_off), 8}};
	int h;

	nrec = 0;
	pvring_drv_set_trace(&t->drv, trace_cb, &nrec);
	pvring_dev_set_trace(&t->dev, trace_cb, &nrec);
	h = pvring_drv_add(&t->drv, b, 0, 1, NULL);
	assert_int_equal(nrec, 0); /* staged is not published */
	assert_int_equal(pvring_drv_enable_cb(&t->drv), 0);
	assert_true(pvring_drv_kick_prepare(&t->drv));
	assert_int_equal(serve(t), 1);
	assert_true(pvring_dev_irq_prepare(&t->dev));
	assert_int_equal(reap(t), 1);
	add(t);
	assert_false(pvring_drv_kick_prepare(&t->drv)); /* suppressed */

	assert_int_equal(nrec, 8);
	expect_rec(0, PVRING_EV_PUBLISH, PVRING_ROLE_DRIVER, (uint16_t)h, 0);
	expect_rec(1, PVRING_EV_NOTIFY, PVRING_ROLE_DRIVER, PVRING_NO_HEAD, 1);
	assert_int_equal(recs[1].old_idx, 0);
	assert_int_equal(recs[1].event_idx, 0);
	expect_rec(2, PVRING_EV_POP, PVRING_ROLE_DEVICE, (uint16_t)h, 0);
	assert_int_equal(recs[2].len, 8);
	expect_rec(3, PVRING_EV_PUSH, PVRING_ROLE_DEVICE, (uint16_t)h, 0);
	assert_int_equal(recs[3].len, 4);
	expect_rec(4, PVRING_EV_NOTIFY, PVRING_ROLE_DEVICE, PVRING_NO_HEAD, 1);
	expect_rec(5, PVRING_EV_REAP, PVRING_ROLE_DRIVER, (uint16_t)h, 0);
	assert_int_equal(recs[5].len, 4);
	expect_rec(6, PVRING_EV_PUBLISH, PVRING_ROLE_DRIVER, 0xfffe, 1);
	expect_rec(7, PVRING_EV_SUPPRESS, PVRING_ROLE_DRIVER, PVRING_NO_HEAD,
		   2);
	assert_int_equal(recs[7].old_idx, 1);

	/* a bad ring is traced once, with its error code */
	nrec = 0;
	t->avail->idx = 100;
	assert_int_equal(pvring_dev_avail_count(&t->dev), PVRING_ERR_AVAIL_IDX);
	assert_int_equal(pvring_dev_avail_count(&t->dev), PVRING_ERR_BROKEN);
	assert_int_equal(nrec, 1);
	assert_int_equal(recs[0].event, PVRING_EV_ERROR);
	assert_int_equal(recs[0].err, PVRING_ERR_AVAIL_IDX);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_plain_kick_follows_no_notify, setup_plain,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_plain_irq_follows_no_interrupt, setup_plain,
			teardown),
		cmocka_unit_test_setup_teardown(test_event_kick, setup_event,
						teardown),
		cmocka_unit_test_setup_teardown(
			test_event_enable_notify_recheck, setup_event,
			teardown),
		cmocka_unit_test_setup_teardown(test_event_irq, setup_event,
						teardown),
		cmocka_unit_test_setup_teardown(test_event_irq_delayed,
						setup_event, teardown),
		cmocka_unit_test_setup_teardown(test_event_wrap, setup_event,
						teardown),
		cmocka_unit_test_setup_teardown(test_trace_events, setup_event,
						teardown),
	};

	return cmocka_run_group_tests_name("pvring_notify", tests, NULL, NULL);
}
