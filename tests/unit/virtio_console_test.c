// SPDX-License-Identifier: MIT
/* Unit tests of the virtio-console model (hypervisor/virtio/
 * virtio_console.c): transmit to a sink, receive from bytes the owner
 * pushes, one port, over a fake guest RAM. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "virtio_console.h"
#include "virtio_test_util.h"

#define V1 VIRTIO_BIT(VIRTIO_F_VERSION_1)
#define RXQ VIRTIO_CONSOLE_RX_QUEUE
#define TXQ VIRTIO_CONSOLE_TX_QUEUE

static struct vcons C;
static struct vt_queue RX, TX;
static uint8_t out[8192];
static size_t nout;
static unsigned int wanted;

static void sink(void *ctx, const uint8_t *buf, size_t n)
{
	(void)ctx;
	assert_true(nout + n <= sizeof(out));
	memcpy(out + nout, buf, n);
	nout += n;
}

static void rx_wanted(void *ctx)
{
	(void)ctx;
	wanted++;
}

static const struct vcons_ops ops = {.tx = sink, .rx_wanted = rx_wanted};

static int setup(void **state)
{
	(void)state;
	vt_reset_host();
	nout = 0;
	wanted = 0;
	vcons_init(&C, &ops, NULL, &vt_host_ops, NULL);
	assert_int_equal(vt_negotiate(&C.t, V1),
			 VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
				 VIRTIO_STATUS_FEATURES_OK);
	assert_int_equal(vt_queue(&C.t, RXQ, &RX, 8, V1), 1);
	assert_int_equal(vt_queue(&C.t, TXQ, &TX, 8, V1), 1);
	vt_driver_ok(&C.t);
	/* going live tells the owner that input may go in */
	assert_int_equal(wanted, 1);
	wanted = 0;
	return 0;
}

static uint64_t put_str(const char *s)
{
	uint64_t a = vt_alloc(strlen(s), 1);

	memcpy(vt_ptr(a), s, strlen(s));
	return a;
}

static void test_ids_and_config(void **state)
{
	uint64_t v;

	(void)state;
	assert_int_equal(vt_rd(&C.t, VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_CONSOLE);
	vt_wr(&C.t, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	/* one port: no MULTIPORT, no SIZE */
	assert_int_equal(vt_rd(&C.t, VIRTIO_MMIO_DEVICE_FEATURES) & 0x7, 0);
	assert_int_equal(vmmio_read(&C.t, 0x100, 2, &v), VMMIO_OK);
	assert_int_equal(v, 0);
	assert_int_equal(vmmio_read(&C.t, 0x104, 4, &v), VMMIO_OK);
	assert_int_equal(v, 0);
	assert_int_equal(vmmio_write(&C.t, 0x108, 4, 'x'), VMMIO_OK);
	assert_int_equal(vmmio_write(&C.t, 0x10c, 4, 'x'), VMMIO_ERR_OFFSET);
	assert_int_equal(nout, 0); /* no EMERG_WRITE */
	vt_wr(&C.t, VIRTIO_MMIO_QUEUE_SEL, 2);
	assert_int_equal(vt_rd(&C.t, VIRTIO_MMIO_QUEUE_NUM_MAX), 0);
}

static void test_tx(void **state)
{
	struct pvring_buf b[2] = {{put_str("hello, "), 7},
				  {put_str("world\n"), 6}};
	struct pvring_buf c = {put_str("again"), 5};
	void *tok;
	uint32_t len;

	(void)state;
	assert_true(vt_add(&C.t, TXQ, &TX, b, 2, 0, b) >= 0);
	assert_int_equal(nout, 13);
	assert_memory_equal(out, "hello, world\n", 13);
	assert_int_equal(vt_used(&TX, &tok, &len), 1);
	assert_ptr_equal(tok, b);
	assert_int_equal(len, 0);
	assert_true(vt.level);
	assert_true(vt_add(&C.t, TXQ, &TX, &c, 1, 0, &c) >= 0);
	assert_memory_equal(out + 13, "again", 5);
	assert_int_equal(C.stats.tx_bytes, 18);
	assert_int_equal(wanted, 0);
}

static void test_tx_many(void **state)
{
	(void)state;
	/* more chains than the ring holds, in several rounds */
	for (int round = 0; round < 5; round++) {
		for (int i = 0; i < 8; i++) {
			struct pvring_buf b = {vt_alloc(1, 1), 1};

			*(char *)vt_ptr(b.addr) =
				(char)('a' + (round * 8 + i) % 26);
			assert_true(pvring_drv_add(&TX.drv, &b, 1, 0, NULL) >=
				    0);
		}
		if (pvring_drv_kick_prepare(&TX.drv))
			vt_wr(&C.t, VIRTIO_MMIO_QUEUE_NOTIFY, TXQ);
		while (vt_used(&TX, NULL, NULL) == 1)
			;
	}
	assert_int_equal(nout, 40);
	for (int k = 0; k < 40; k++)
		assert_int_equal(out[k], 'a' + k % 26);
}

static void test_rx(void **state)
{
	uint64_t b1 = vt_alloc(4, 1), b2 = vt_alloc(4, 1);
	struct pvring_buf a = {b1, 4}, b = {b2, 4};
	void *tok;
	uint32_t len;

	(void)state;
	/* nothing posted: nothing taken */
	assert_int_equal(vcons_rx_push(&C, (const uint8_t *)"abc", 3), 0);
	assert_true(vt_add(&C.t, RXQ, &RX, &a, 0, 1, &a) >= 0);
	assert_true(vt_add(&C.t, RXQ, &RX, &b, 0, 1, &b) >= 0);
	assert_int_equal(wanted, 2); /* the owner is told to push */
	assert_false(vt.level);
	assert_int_equal(vcons_rx_push(&C, (const uint8_t *)"abcdefghij", 10),
			 8);
	assert_true(vt.level);
	assert_memory_equal(vt_ptr(b1), "abcd", 4);
	assert_memory_equal(vt_ptr(b2), "efgh", 4);
	assert_int_equal(vt_used(&RX, &tok, &len), 1);
	assert_ptr_equal(tok, &a);
	assert_int_equal(len, 4);
	assert_int_equal(vt_used(&RX, &tok, &len), 1);
	assert_ptr_equal(tok, &b);
	assert_int_equal(len, 4);
	/* repost: a short push leaves a partly filled buffer */
	assert_true(vt_add(&C.t, RXQ, &RX, &a, 0, 1, &a) >= 0);
	assert_int_equal(vcons_rx_push(&C, (const uint8_t *)"ij", 2), 2);
	assert_int_equal(vt_used(&RX, &tok, &len), 1);
	assert_int_equal(len, 2);
	assert_memory_equal(vt_ptr(b1), "ij", 2);
	assert_int_equal(C.stats.rx_bytes, 10);
}

static void test_rx_not_live(void **state)
{
	uint64_t b1 = vt_alloc(4, 1);
	struct pvring_buf a = {b1, 4};

	(void)state;
	assert_true(vt_add(&C.t, RXQ, &RX, &a, 0, 1, &a) >= 0);
	vt_wr(&C.t, VIRTIO_MMIO_STATUS, 0);
	assert_int_equal(vcons_rx_push(&C, (const uint8_t *)"zz", 2), 0);
	assert_int_equal(*(uint8_t *)vt_ptr(b1), 0);
}

static void test_hostile_tx(void **state)
{
	struct pvring_desc *d = vt_desc(&TX);
	struct pvring_avail *av = vt_avail(&TX);

	(void)state;
	/* a buffer reaching past guest RAM */
	d[0] = (struct pvring_desc){VT_RAM_BASE + VT_RAM_SIZE - 2, 16, 0, 0};
	av->ring[0] = 0;
	av->idx = 1;
	vt_wr(&C.t, VIRTIO_MMIO_QUEUE_NOTIFY, TXQ);
	assert_int_equal(nout, 0);
	assert_true(vt_rd(&C.t, VIRTIO_MMIO_STATUS) &
		    VIRTIO_STATUS_DEVICE_NEEDS_RESET);
	assert_int_equal(vt.reports, 1);
	assert_int_equal(vt.report_queue, TXQ);
	assert_non_null(strstr(vt.report_rule, "outside guest RAM"));
	/* the receive side is stopped too until the reset */
	assert_int_equal(vcons_rx_push(&C, (const uint8_t *)"q", 1), 0);
	/* reset, set up again, and it works */
	setup(NULL);
	struct pvring_buf b = {put_str("ok"), 2};
	assert_true(vt_add(&C.t, TXQ, &TX, &b, 1, 0, NULL) >= 0);
	assert_int_equal(nout, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_ids_and_config, setup),
		cmocka_unit_test_setup(test_tx, setup),
		cmocka_unit_test_setup(test_tx_many, setup),
		cmocka_unit_test_setup(test_rx, setup),
		cmocka_unit_test_setup(test_rx_not_live, setup),
		cmocka_unit_test_setup(test_hostile_tx, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
