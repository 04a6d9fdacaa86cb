// SPDX-License-Identifier: MIT
/* Unit tests of the virtio-rng model (hypervisor/virtio/virtio_rng.c) with
 * a fake asynchronous entropy backend, over a fake guest RAM. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "virtio_rng.h"
#include "virtio_test_util.h"

#define V1 VIRTIO_BIT(VIRTIO_F_VERSION_1)

static struct vrng R;
static struct vt_queue Q;
static struct vrng_io *pending[16];
static unsigned int npending, submits;
static bool busy;

static int be_submit(void *ctx, struct vrng_io *io)
{
	(void)ctx;
	if (busy)
		return -1;
	assert_true(npending < 16);
	pending[npending++] = io;
	submits++;
	return 0;
}

static const struct vrng_backend be = {.submit = be_submit};

/* the backend fills the oldest pending request with n bytes of 0xa5 */
static void be_fill(uint32_t n)
{
	struct vrng_io *io = pending[0];

	assert_true(npending > 0);
	memmove(pending, pending + 1, --npending * sizeof(pending[0]));
	memset(io->ptr, 0xa5, n < io->len ? n : io->len);
	vrng_complete(&R, io, n);
}

static void start(void)
{
	vt_reset_host();
	assert_int_equal(vt_negotiate(&R.t, V1),
			 VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
				 VIRTIO_STATUS_FEATURES_OK);
	assert_int_equal(vt_queue(&R.t, 0, &Q, 16, V1), 1);
	vt_driver_ok(&R.t);
}

static int setup(void **state)
{
	(void)state;
	npending = submits = 0;
	busy = false;
	vrng_init(&R, &be, NULL, &vt_host_ops, NULL);
	start();
	return 0;
}

static void test_ids(void **state)
{
	uint64_t v;

	(void)state;
	assert_int_equal(vt_rd(&R.t, VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_RNG);
	/* no configuration space */
	assert_int_equal(vmmio_read(&R.t, 0x100, 4, &v), VMMIO_ERR_OFFSET);
	vt_wr(&R.t, VIRTIO_MMIO_QUEUE_SEL, 1);
	assert_int_equal(vt_rd(&R.t, VIRTIO_MMIO_QUEUE_NUM_MAX), 0);
}

static void test_fill_async(void **state)
{
	uint64_t a = vt_alloc(32, 8), b = vt_alloc(64, 8);
	struct pvring_buf ba = {a, 32}, bb = {b, 64};
	void *tok;
	uint32_t len;

	(void)state;
	assert_true(vt_add(&R.t, 0, &Q, &ba, 0, 1, &ba) >= 0);
	assert_true(vt_add(&R.t, 0, &Q, &bb, 0, 1, &bb) >= 0);
	assert_int_equal(npending, 2);
	assert_int_equal(vrng_inflight(&R), 2);
	assert_false(vt.level); /* nothing until the backend answers */
	be_fill(32);
	assert_true(vt.level);
	assert_int_equal(vt_used(&Q, &tok, &len), 1);
	assert_ptr_equal(tok, &ba);
	assert_int_equal(len, 32);
	assert_int_equal(((uint8_t *)vt_ptr(a))[31], 0xa5);
	/* fewer bytes than asked is fine; more is clamped */
	be_fill(1000);
	assert_int_equal(vt_used(&Q, &tok, &len), 1);
	assert_int_equal(len, 64);
	assert_int_equal(R.bytes, 96);
}

static void test_nothing_writable(void **state)
{
	uint64_t a = vt_alloc(8, 8);
	struct pvring_buf ba = {a, 8};
	uint32_t len = 99;

	(void)state;
	assert_true(vt_add(&R.t, 0, &Q, &ba, 1, 0, NULL) >= 0);
	assert_int_equal(npending, 0);
	assert_int_equal(vt_used(&Q, NULL, &len), 1);
	assert_int_equal(len, 0);
}

static void test_slots_and_busy(void **state)
{
	uint64_t a = vt_alloc(16 * 8, 8);
	unsigned int got = 0;

	(void)state;
	for (int i = 0; i < 12; i++) {
		struct pvring_buf b = {a + 8 * (uint64_t)i, 8};

		assert_true(vt_add(&R.t, 0, &Q, &b, 0, 1, NULL) >= 0);
	}
	/* VRNG_INFLIGHT with the backend, the rest stays in the ring */
	assert_int_equal(npending, VRNG_INFLIGHT);
	busy = true;
	be_fill(8); /* a slot frees but the backend is busy now */
	assert_int_equal(npending, VRNG_INFLIGHT - 1);
	busy = false;
	while (npending)
		be_fill(8);
	while (vt_used(&Q, NULL, NULL) == 1)
		got++;
	assert_int_equal(got, 12);
	assert_int_equal(submits, 12);
}

static void test_completion_after_reset_dropped(void **state)
{
	uint64_t a = vt_alloc(16, 8);
	struct pvring_buf ba = {a, 16};

	(void)state;
	assert_true(vt_add(&R.t, 0, &Q, &ba, 0, 1, NULL) >= 0);
	assert_int_equal(npending, 1);
	start(); /* the guest resets the device and sets it up again */
	struct vrng_io *io = pending[0];
	npending = 0;
	vrng_complete(&R, io, 16);
	assert_int_equal(vt_usedring(&Q)->idx, 0);
	assert_int_equal(vrng_inflight(&R), 0);
	assert_int_equal(R.bytes, 0);
	/* and the new generation works */
	assert_true(vt_add(&R.t, 0, &Q, &ba, 0, 1, NULL) >= 0);
	be_fill(16);
	assert_int_equal(vt_used(&Q, NULL, NULL), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_ids, setup),
		cmocka_unit_test_setup(test_fill_async, setup),
		cmocka_unit_test_setup(test_nothing_writable, setup),
		cmocka_unit_test_setup(test_slots_and_busy, setup),
		cmocka_unit_test_setup(test_completion_after_reset_dropped,
				       setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
