// SPDX-License-Identifier: MIT
/* Unit tests of the virtio-mmio transport (hypervisor/virtio/virtio_mmio.c)
 * with a fake device on top: registers, status and feature negotiation,
 * queue set-up and its checks, notify, interrupts, reset, config space, and
 * rings broken by a hostile driver. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "virtio_test_util.h"

#define FAKE_ID 0x2a
#define FAKE_QMAX 16
#define FAKE_FEATURE (1ull << 3)
#define ALL_OK                                              \
	(VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | \
	 VIRTIO_STATUS_FEATURES_OK)
#define V1 VIRTIO_BIT(VIRTIO_F_VERSION_1)

struct fake {
	struct vmmio t;
	uint8_t cfg[8];
	unsigned int notifies[VMMIO_QUEUES_MAX];
	unsigned int resets;
};

static struct fake F;

static int fake_cfg_read(void *ctx, uint64_t off, unsigned int width,
			 uint64_t *val)
{
	struct fake *f = ctx;

	return vmmio_config_bytes(f->cfg, sizeof(f->cfg), off, width, val);
}

static int fake_cfg_write(void *ctx, uint64_t off, unsigned int width,
			  uint64_t val)
{
	struct fake *f = ctx;
	uint64_t old;
	int err = vmmio_config_bytes(f->cfg, sizeof(f->cfg), off, width, &old);

	if (err)
		return err;
	for (unsigned int i = 0; i < width; i++)
		f->cfg[off + i] = (uint8_t)(val >> (8 * i));
	return VMMIO_OK;
}

static void fake_notify(void *ctx, unsigned int q)
{
	struct fake *f = ctx;

	assert_true(q < 2);
	f->notifies[q]++;
}

static void fake_reset(void *ctx)
{
	((struct fake *)ctx)->resets++;
}

static const struct vmmio_dev_ops fake_ops = {
	.device_id = FAKE_ID,
	.nqueues = 2,
	.queue_max = FAKE_QMAX,
	.config_read = fake_cfg_read,
	.config_write = fake_cfg_write,
	.notify = fake_notify,
	.reset = fake_reset,
};

static int setup(void **state)
{
	(void)state;
	vt_reset_host();
	memset(&F, 0, sizeof(F));
	for (int i = 0; i < 8; i++)
		F.cfg[i] = (uint8_t)(0x10 + i);
	vmmio_init(&F.t, &fake_ops, &F, &vt_host_ops, NULL, FAKE_FEATURE);
	return 0;
}

static struct vmmio *T(void)
{
	return &F.t;
}

/* A live device with queue 0 of `num` entries set up. */
static void live_queue(struct vt_queue *q, unsigned int num, uint64_t feat)
{
	assert_int_equal(vt_negotiate(T(), feat | V1), ALL_OK);
	assert_int_equal(vt_queue(T(), 0, q, num, feat | V1), 1);
	vt_driver_ok(T());
}

static void test_ids(void **state)
{
	(void)state;
	assert_int_equal(vt_rd(T(), VIRTIO_MMIO_MAGIC_VALUE), 0x74726976);
	assert_int_equal(vt_rd(T(), VIRTIO_MMIO_VERSION), 2);
	assert_int_equal(vt_rd(T(), VIRTIO_MMIO_DEVICE_ID), FAKE_ID);
	assert_int_equal(vt_rd(T(), VIRTIO_MMIO_VENDOR_ID), VMMIO_VENDOR_ID);
	assert_int_equal(vt_rd(T(), VIRTIO_MMIO_STATUS), 0);
	assert_int_equal(vt_rd(T(), VIRTIO_MMIO_INTERRUPT_STATUS), 0);
	/* no shared memory regions: length reads as -1 */
	assert_int_equal(vt_rd(T(), VIRTIO_MMIO_SHM_LEN_LOW), 0xffffffffu);
	assert_int_equal(vt_rd(T(), VIRTIO_MMIO_SHM_LEN_HIGH), 0xffffffffu);
	/* reserved and write-only registers read 0 */
	assert_int_equal(vt_rd(T(), 0x018), 0);
	assert_int_equal(vt_rd(T(), VIRTIO_MMIO_QUEUE_NOTIFY), 0);
	assert_int_equal(vt_rd(T(), VIRTIO_MMIO_DRIVER_FEATURES), 0);
}

static void test_device_features(void **state)
{
	(void)state;
	vt_wr(T(), VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	assert_int_equal(vt_rd(T(), VIRTIO_MMIO_DEVICE_FEATURES),
			 (uint32_t)(FAKE_FEATURE |
				    VIRTIO_BIT(VIRTIO_F_EVENT_IDX) |
				    VIRTIO_BIT(VIRTIO_F_INDIRECT_DESC)));
	vt_wr(T(), VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	assert_int_equal(vt_rd(T(), VIRTIO_MMIO_DEVICE_FEATURES), 1);
	vt_wr(T(), VIRTIO_MMIO_DEVICE_FEATURES_SEL, 2);
	assert_int_equal(vt_rd(T(), VIRTIO_MMIO_DEVICE_FEATURES), 0);
}

static void test_features_ok_accepted(void **state)
{
	(void)state;
	assert_int_equal(
		vt_negotiate(T(), V1 | FAKE_FEATURE |
					  VIRTIO_BIT(VIRTIO_F_EVENT_IDX)),
		ALL_OK);
	assert_int_equal(vmmio_features(T()),
			 V1 | FAKE_FEATURE | VIRTIO_BIT(VIRTIO_F_EVENT_IDX));
	assert_int_equal(vt.reports, 0);
	/* no new features once FEATURES_OK is set */
	vt_wr(T(), VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	vt_wr(T(), VIRTIO_MMIO_DRIVER_FEATURES, 0);
	assert_int_equal(vmmio_features(T()),
			 V1 | FAKE_FEATURE | VIRTIO_BIT(VIRTIO_F_EVENT_IDX));
}

static void test_features_ok_refused(void **state)
{
	static const struct {
		uint64_t low_high; /* written to words 0 and 1 */
		uint32_t word2; /* written to word 2 */
		const char *rule;
	} cases[] = {
		{FAKE_FEATURE, 0, "VIRTIO_F_VERSION_1"},
		{V1 | (1ull << 7), 0, "never offered"},
		{V1 | VIRTIO_BIT(VIRTIO_F_RING_PACKED), 0, "never offered"},
		{V1, 1, "never offered"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		setup(NULL);
		vt_wr(T(), VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
		vt_wr(T(), VIRTIO_MMIO_STATUS,
		      VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
		for (uint32_t w = 0; w < 3; w++) {
			vt_wr(T(), VIRTIO_MMIO_DRIVER_FEATURES_SEL, w);
			vt_wr(T(), VIRTIO_MMIO_DRIVER_FEATURES,
			      w == 2 ? cases[i].word2
				     : (uint32_t)(cases[i].low_high >>
						  (32 * w)));
		}
		vt_wr(T(), VIRTIO_MMIO_STATUS, ALL_OK);
		assert_int_equal(vt_rd(T(), VIRTIO_MMIO_STATUS),
				 VIRTIO_STATUS_ACKNOWLEDGE |
					 VIRTIO_STATUS_DRIVER);
		assert_int_equal(vt.reports, 1);
		assert_non_null(strstr(vt.report_rule, cases[i].rule));
		assert_int_equal(vmmio_features(T()), 0);
		/* DRIVER_OK without FEATURES_OK is refused too */
		vt_driver_ok(T());
		assert_int_equal(vt_rd(T(), VIRTIO_MMIO_STATUS) &
					 VIRTIO_STATUS_DRIVER_OK,
				 0);
		assert_false(vmmio_live(T()));
	}
}

static void test_status_order(void **state)
{
	(void)state;
	/* DRIVER without ACKNOWLEDGE is taken (U-Boot 2023.01 does it) */
	vt_wr(T(), VIRTIO_MMIO_STATUS, VIRTIO_STATUS_DRIVER);
	assert_int_equal(vt_rd(T(), VIRTIO_MMIO_STATUS), VIRTIO_STATUS_DRIVER);
	assert_int_equal(vt.reports, 0);
	vt_wr(T(), VIRTIO_MMIO_STATUS, 0);
	/* FEATURES_OK and DRIVER_OK without DRIVER: only ACK is kept */
	vt_wr(T(), VIRTIO_MMIO_STATUS,
	      VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_FEATURES_OK |
		      VIRTIO_STATUS_DRIVER_OK);
	assert_int_equal(vt_rd(T(), VIRTIO_MMIO_STATUS),
			 VIRTIO_STATUS_ACKNOWLEDGE);
	assert_int_equal(vt.reports, 1);
	assert_non_null(strstr(vt.report_rule, "out of order"));
	/* DRIVER_OK without FEATURES_OK: refused, reported once until a reset */
	vt_wr(T(), VIRTIO_MMIO_STATUS,
	      VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER |
		      VIRTIO_STATUS_DRIVER_OK);
	assert_int_equal(vt_rd(T(), VIRTIO_MMIO_STATUS),
			 VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);
	assert_int_equal(vt.reports, 1);
	/* all in one write, in order: fine */
	vt_wr(T(), VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	vt_wr(T(), VIRTIO_MMIO_DRIVER_FEATURES, 1);
	vt_wr(T(), VIRTIO_MMIO_STATUS, ALL_OK | VIRTIO_STATUS_DRIVER_OK);
	assert_int_equal(vt_rd(T(), VIRTIO_MMIO_STATUS),
			 ALL_OK | VIRTIO_STATUS_DRIVER_OK);
	assert_true(vmmio_live(T()));
	/* clearing a bit without a reset is refused */
	vt_wr(T(), VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
	assert_int_equal(vt_rd(T(), VIRTIO_MMIO_STATUS),
			 ALL_OK | VIRTIO_STATUS_DRIVER_OK);
	/* only 0 resets: reserved bits above 7 do not make a write one */
	F.resets = 0;
	vt_wr(T(), VIRTIO_MMIO_STATUS, 0x100);
	assert_int_equal(F.resets, 0);
	assert_int_equal(vt_rd(T(), VIRTIO_MMIO_STATUS),
			 ALL_OK | VIRTIO_STATUS_DRIVER_OK);
	/* FAILED is taken at any time and stops the device */
	vt_wr(T(), VIRTIO_MMIO_STATUS,
	      ALL_OK | VIRTIO_STATUS_DRIVER_OK | VIRTIO_STATUS_FAILED);
	assert_false(vmmio_live(T()));
	/* the device owns DEVICE_NEEDS_RESET: the driver cannot set it */
	vt_wr(T(), VIRTIO_MMIO_STATUS, 0);
	vt_wr(T(), VIRTIO_MMIO_STATUS,
	      VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DEVICE_NEEDS_RESET);
	assert_int_equal(vt_rd(T(), VIRTIO_MMIO_STATUS),
			 VIRTIO_STATUS_ACKNOWLEDGE);
}

static void test_queue_setup(void **state)
{
	struct vt_queue q;

	(void)state;
	assert_int_equal(vt_negotiate(T(), V1), ALL_OK);
	vt_wr(T(), VIRTIO_MMIO_QUEUE_SEL, 1);
	assert_int_equal(vt_rd(T(), VIRTIO_MMIO_QUEUE_NUM_MAX), FAKE_QMAX);
	assert_int_equal(vt_rd(T(), VIRTIO_MMIO_QUEUE_READY), 0);
	assert_int_equal(vt_queue(T(), 1, &q, 8, V1), 1);
	assert_int_equal(vt_rd(T(), VIRTIO_MMIO_QUEUE_DESC_LOW),
			 (uint32_t)q.desc);
	assert_int_equal(vt_rd(T(), VIRTIO_MMIO_QUEUE_DRIVER_LOW),
			 (uint32_t)q.avail);
	assert_int_equal(vt_rd(T(), VIRTIO_MMIO_QUEUE_DEVICE_LOW),
			 (uint32_t)q.used);
	assert_int_equal(vt_rd(T(), VIRTIO_MMIO_QUEUE_DEVICE_HIGH), 0);
	assert_int_equal(vt_rd(T(), VIRTIO_MMIO_QUEUE_NUM), 8);
	/* a live queue's registers stay as they are */
	vt_wr(T(), VIRTIO_MMIO_QUEUE_NUM, 4);
	vt_wr(T(), VIRTIO_MMIO_QUEUE_DESC_LOW, 0x1000);
	assert_int_equal(vt_rd(T(), VIRTIO_MMIO_QUEUE_NUM), 8);
	assert_int_equal(vt_rd(T(), VIRTIO_MMIO_QUEUE_DESC_LOW),
			 (uint32_t)q.desc);
	/* queue 0 untouched; queue 2 does not exist */
	vt_wr(T(), VIRTIO_MMIO_QUEUE_SEL, 0);
	assert_int_equal(vt_rd(T(), VIRTIO_MMIO_QUEUE_READY), 0);
	vt_wr(T(), VIRTIO_MMIO_QUEUE_SEL, 2);
	assert_int_equal(vt_rd(T(), VIRTIO_MMIO_QUEUE_NUM_MAX), 0);
	vt_wr(T(), VIRTIO_MMIO_QUEUE_NUM, 8);
	vt_wr(T(), VIRTIO_MMIO_QUEUE_READY, 1);
	assert_int_equal(vt_rd(T(), VIRTIO_MMIO_QUEUE_READY), 0);
	assert_int_equal(vt_rd(T(), VIRTIO_MMIO_QUEUE_NUM), 0);
	assert_int_equal(vt.reports, 0);
	/* QueueReady = 0 takes the queue down; its registers open again */
	vt_wr(T(), VIRTIO_MMIO_QUEUE_SEL, 1);
	vt_wr(T(), VIRTIO_MMIO_QUEUE_READY, 0);
	assert_int_equal(vt_rd(T(), VIRTIO_MMIO_QUEUE_READY), 0);
	vt_wr(T(), VIRTIO_MMIO_QUEUE_NUM, 4);
	assert_int_equal(vt_rd(T(), VIRTIO_MMIO_QUEUE_NUM), 4);
}

enum bad_what { BAD_NUM, BAD_DESC, BAD_DRIVER, BAD_DEVICE, BAD_EARLY };

static void test_queue_setup_checks(void **state)
{
	static const struct {
		enum bad_what what;
		uint64_t val;
		const char *rule;
	} cases[] = {
		{BAD_NUM, 0, "QueueNum"},
		{BAD_NUM, 6, "QueueNum"},
		{BAD_NUM, 32, "QueueNum"},
		{BAD_DESC, 8, "descriptor area not 16-byte"},
		{BAD_DRIVER, 1, "driver area not 2-byte"},
		{BAD_DEVICE, 2, "device area not 4-byte"},
		{BAD_DESC, 0x1000, "descriptor area outside"},
		{BAD_DRIVER, VT_RAM_BASE + VT_RAM_SIZE - 8,
		 "driver area outside"},
		{BAD_DEVICE, VT_RAM_BASE + VT_RAM_SIZE - 64,
		 "device area outside"},
		{BAD_DEVICE, 0xfffffffffffffff0ull, "device area outside"},
		{BAD_EARLY, 0, "before FEATURES_OK"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint64_t desc, avail, used, off = 0, v = cases[i].val;
		uint32_t num = 8;

		setup(NULL);
		if (cases[i].what != BAD_EARLY)
			assert_int_equal(vt_negotiate(T(), V1), ALL_OK);
		desc = vt_alloc(pvring_desc_bytes(8), 16);
		avail = vt_alloc(pvring_avail_bytes(8), 2);
		used = vt_alloc(pvring_used_bytes(8), 4);
		switch (cases[i].what) {
		case BAD_NUM:
			num = (uint32_t)v;
			break;
		case BAD_DESC:
			desc = v < 16 ? desc + v : v;
			break;
		case BAD_DRIVER:
			avail = v < 16 ? avail + v : v;
			break;
		case BAD_DEVICE:
			used = v < 16 ? used + v : v;
			break;
		default:
			break;
		}
		vt_wr(T(), VIRTIO_MMIO_QUEUE_SEL, 0);
		vt_wr(T(), VIRTIO_MMIO_QUEUE_NUM, num);
		for (int k = 0; k < 3; k++, off += 0x10) {
			uint64_t a = k == 0 ? desc : k == 1 ? avail : used;

			vt_wr(T(), VIRTIO_MMIO_QUEUE_DESC_LOW + off,
			      (uint32_t)a);
			vt_wr(T(), VIRTIO_MMIO_QUEUE_DESC_HIGH + off,
			      (uint32_t)(a >> 32));
		}
		vt_wr(T(), VIRTIO_MMIO_QUEUE_READY, 1);
		assert_int_equal(vt_rd(T(), VIRTIO_MMIO_QUEUE_READY), 0);
		assert_true(vt_rd(T(), VIRTIO_MMIO_STATUS) &
			    VIRTIO_STATUS_DEVICE_NEEDS_RESET);
		assert_int_equal(vt_rd(T(), VIRTIO_MMIO_INTERRUPT_STATUS),
				 VIRTIO_MMIO_INT_CONFIG);
		assert_true(vt.level);
		assert_int_equal(vt.reports, 1);
		assert_int_equal(vt.report_queue, 0);
		assert_non_null(strstr(vt.report_rule, cases[i].rule));
		/* nothing else is reported until a reset */
		vt_wr(T(), VIRTIO_MMIO_QUEUE_READY, 1);
		assert_int_equal(vt.reports, 1);
		/* a reset recovers: the same queue, set up right, goes live */
		struct vt_queue q;
		assert_int_equal(vt_negotiate(T(), V1), ALL_OK);
		assert_false(vt.level);
		assert_int_equal(vt_queue(T(), 0, &q, 8, V1), 1);
		assert_int_equal(vt.reports, 1);
	}
}

static void test_notify(void **state)
{
	struct vt_queue q;

	(void)state;
	assert_int_equal(vt_negotiate(T(), V1), ALL_OK);
	assert_int_equal(vt_queue(T(), 0, &q, 8, V1), 1);
	/* not live yet: nothing reaches the device */
	vt_wr(T(), VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	assert_int_equal(F.notifies[0], 0);
	/* DRIVER_OK tells the device about ready queues once */
	vt_driver_ok(T());
	assert_int_equal(F.notifies[0], 1);
	assert_int_equal(F.notifies[1], 0);
	vt_wr(T(), VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	assert_int_equal(F.notifies[0], 2);
	/* queue 1 not ready, queue 7 does not exist */
	vt_wr(T(), VIRTIO_MMIO_QUEUE_NOTIFY, 1);
	vt_wr(T(), VIRTIO_MMIO_QUEUE_NOTIFY, 7);
	vt_wr(T(), VIRTIO_MMIO_QUEUE_NOTIFY, 0xffffffffu);
	assert_int_equal(F.notifies[0], 2);
	assert_int_equal(F.notifies[1], 0);
	assert_int_equal(F.t.stats.notifies, 5);
}

/* pop what the driver added and give it back with len */
static int serve(unsigned int qi, uint32_t len)
{
	struct pvring_seg segs[8];
	struct pvring_chain c;
	int n = 0, r;

	while ((r = vmmio_pop(T(), qi, segs, 8, &c)) == 1) {
		assert_true(vmmio_push(T(), qi, vmmio_queue_gen(T(), qi),
				       c.head, len));
		n++;
	}
	vmmio_used(T(), qi);
	return r < 0 ? r : n;
}

static void test_interrupt_ack(void **state)
{
	struct vt_queue q;
	uint64_t buf = vt_alloc(64, 8);
	struct pvring_buf b = {buf, 64};
	void *tok;
	uint32_t len;

	(void)state;
	live_queue(&q, 8, 0);
	assert_true(vt_add(T(), 0, &q, &b, 0, 1, &q) >= 0);
	assert_int_equal(serve(0, 10), 1);
	assert_int_equal(vt_rd(T(), VIRTIO_MMIO_INTERRUPT_STATUS),
			 VIRTIO_MMIO_INT_VRING);
	assert_true(vt.level);
	assert_int_equal(vt_used(&q, &tok, &len), 1);
	assert_ptr_equal(tok, &q);
	assert_int_equal(len, 10);
	/* a config change on top; acking one bit keeps the line up */
	vmmio_config_changed(T());
	assert_int_equal(vt_rd(T(), VIRTIO_MMIO_INTERRUPT_STATUS),
			 VIRTIO_MMIO_INT_VRING | VIRTIO_MMIO_INT_CONFIG);
	vt_wr(T(), VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_MMIO_INT_VRING);
	assert_true(vt.level);
	vt_wr(T(), VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_MMIO_INT_CONFIG);
	assert_false(vt.level);
	assert_int_equal(vt.irq_changes, 2);
	/* the driver asks for no interrupts: none comes */
	pvring_drv_disable_cb(&q.drv);
	assert_true(vt_add(T(), 0, &q, &b, 0, 1, &q) >= 0);
	assert_int_equal(serve(0, 0), 1);
	assert_false(vt.level);
	assert_int_equal(vt_rd(T(), VIRTIO_MMIO_INTERRUPT_STATUS), 0);
	assert_int_equal(F.t.stats.suppressed, 1);
}

static void test_event_idx(void **state)
{
	struct vt_queue q;
	uint64_t buf = vt_alloc(64, 8);
	struct pvring_buf b = {buf, 64};
	void *tok;

	(void)state;
	live_queue(&q, 8, VIRTIO_BIT(VIRTIO_F_EVENT_IDX));
	/* the device asks for a notification at its next chain */
	assert_false(vmmio_arm(T(), 0));
	assert_int_equal(*pvring_avail_event(vt_usedring(&q), 8), 0);
	assert_true(vt_add(T(), 0, &q, &b, 0, 1, NULL) >= 0);
	assert_int_equal(F.notifies[0], 2); /* DRIVER_OK, then the kick */
	assert_true(vt_add(T(), 0, &q, &b, 0, 1, NULL) >= 0);
	assert_int_equal(F.notifies[0], 2); /* not re-armed: no kick */
	assert_int_equal(serve(0, 0), 2);
	assert_true(vt.level);
	assert_false(vmmio_arm(T(), 0));
	assert_int_equal(*pvring_avail_event(vt_usedring(&q), 8), 2);
	assert_int_equal(vt_used(&q, &tok, NULL), 1);
	assert_int_equal(vt_used(&q, &tok, NULL), 1);
}

static void test_reset_clears_everything(void **state)
{
	struct vt_queue q;
	uint64_t buf = vt_alloc(64, 8);
	struct pvring_buf b = {buf, 64};
	struct pvring_seg segs[4];
	struct pvring_chain c;
	uint32_t gen;

	(void)state;
	live_queue(&q, 8, 0);
	assert_true(vt_add(T(), 0, &q, &b, 0, 1, NULL) >= 0);
	assert_int_equal(vmmio_pop(T(), 0, segs, 4, &c), 1);
	gen = vmmio_queue_gen(T(), 0);
	vmmio_config_changed(T());
	assert_true(vt.level);
	vt_wr(T(), VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	vt_wr(T(), VIRTIO_MMIO_QUEUE_SEL, 0);
	F.resets = 0;
	vt_wr(T(), VIRTIO_MMIO_STATUS, 0);
	assert_int_equal(F.resets, 1);
	assert_false(vt.level);
	assert_int_equal(vt_rd(T(), VIRTIO_MMIO_STATUS), 0);
	assert_int_equal(vt_rd(T(), VIRTIO_MMIO_INTERRUPT_STATUS), 0);
	assert_int_equal(vt_rd(T(), VIRTIO_MMIO_QUEUE_READY), 0);
	assert_int_equal(vt_rd(T(), VIRTIO_MMIO_QUEUE_NUM), 0);
	assert_int_equal(vt_rd(T(), VIRTIO_MMIO_QUEUE_DESC_LOW), 0);
	assert_int_equal(vt_rd(T(), VIRTIO_MMIO_QUEUE_DRIVER_LOW), 0);
	assert_int_equal(vt_rd(T(), VIRTIO_MMIO_QUEUE_DEVICE_LOW), 0);
	/* the feature select went back to word 0 */
	assert_int_equal(vt_rd(T(), VIRTIO_MMIO_DEVICE_FEATURES),
			 (uint32_t)(VMMIO_F_TRANSPORT | FAKE_FEATURE));
	assert_int_equal(vmmio_features(T()), 0);
	/* the config generation is not reset (it only moves on) */
	assert_int_equal(vt_rd(T(), VIRTIO_MMIO_CONFIG_GENERATION), 1);
	/* the chain popped before the reset cannot come back */
	assert_false(vmmio_push(T(), 0, gen, c.head, 0));
	assert_int_equal(F.t.stats.dropped, 1);
	assert_int_equal(vt_usedring(&q)->idx, 0);
	/* set up again: the new ring works, the old generation stays dead */
	memset(vt_ptr(q.desc), 0xaa, pvring_desc_bytes(8));
	assert_int_equal(vt_negotiate(T(), V1), ALL_OK);
	assert_int_equal(vt_queue(T(), 0, &q, 8, V1), 1);
	vt_driver_ok(T());
	assert_true(vmmio_queue_gen(T(), 0) != gen);
	assert_false(vmmio_push(T(), 0, gen, 0, 0));
	assert_true(vt_add(T(), 0, &q, &b, 0, 1, NULL) >= 0);
	assert_int_equal(serve(0, 3), 1);
	assert_int_equal(vt_used(&q, NULL, NULL), 1);
}

static void test_config_space(void **state)
{
	uint64_t v;

	(void)state;
	assert_int_equal(vmmio_read(T(), 0x100, 1, &v), VMMIO_OK);
	assert_int_equal(v, 0x10);
	assert_int_equal(vmmio_read(T(), 0x102, 2, &v), VMMIO_OK);
	assert_int_equal(v, 0x1312);
	assert_int_equal(vmmio_read(T(), 0x104, 4, &v), VMMIO_OK);
	assert_int_equal(v, 0x17161514);
	assert_int_equal(vmmio_read(T(), 0x100, 8, &v), VMMIO_ERR_WIDTH);
	assert_int_equal(vmmio_read(T(), 0x101, 2, &v), VMMIO_ERR_ALIGN);
	assert_int_equal(vmmio_read(T(), 0x102, 4, &v), VMMIO_ERR_ALIGN);
	assert_int_equal(vmmio_read(T(), 0x108, 1, &v), VMMIO_ERR_OFFSET);
	assert_int_equal(vmmio_read(T(), 0xffc, 4, &v), VMMIO_ERR_OFFSET);
	assert_int_equal(vmmio_write(T(), 0x104, 2, 0xbeef), VMMIO_OK);
	assert_int_equal(vmmio_read(T(), 0x104, 4, &v), VMMIO_OK);
	assert_int_equal(v, 0x1716beef);
	assert_int_equal(vmmio_write(T(), 0x103, 2, 0), VMMIO_ERR_ALIGN);
	/* the generation moves when the device changes its config */
	assert_int_equal(vt_rd(T(), VIRTIO_MMIO_CONFIG_GENERATION), 0);
	vmmio_config_changed(T());
	vmmio_config_changed(T());
	assert_int_equal(vt_rd(T(), VIRTIO_MMIO_CONFIG_GENERATION), 2);
	assert_int_equal(vt_rd(T(), VIRTIO_MMIO_INTERRUPT_STATUS),
			 VIRTIO_MMIO_INT_CONFIG);
}

static void test_bad_accesses(void **state)
{
	static const unsigned int widths[] = {0, 1, 2, 3, 8};
	uint64_t v;

	(void)state;
	for (size_t i = 0; i < sizeof(widths) / sizeof(widths[0]); i++) {
		assert_int_equal(
			vmmio_read(T(), VIRTIO_MMIO_STATUS, widths[i], &v),
			VMMIO_ERR_WIDTH);
		assert_int_equal(
			vmmio_write(T(), VIRTIO_MMIO_STATUS, widths[i], 1),
			VMMIO_ERR_WIDTH);
	}
	assert_int_equal(vmmio_read(T(), 0x72, 4, &v), VMMIO_ERR_ALIGN);
	assert_int_equal(vmmio_write(T(), 0x71, 4, 1), VMMIO_ERR_ALIGN);
	assert_int_equal(vmmio_read(T(), 0x1000, 4, &v), VMMIO_ERR_OFFSET);
	assert_int_equal(vmmio_write(T(), 0xfffffffffffffffcull, 4, 1),
			 VMMIO_ERR_OFFSET);
	/* nothing happened */
	assert_int_equal(vt_rd(T(), VIRTIO_MMIO_STATUS), 0);
	/* read-only registers ignore writes */
	vt_wr(T(), VIRTIO_MMIO_MAGIC_VALUE, 0);
	vt_wr(T(), VIRTIO_MMIO_INTERRUPT_STATUS, 3);
	vt_wr(T(), VIRTIO_MMIO_QUEUE_RESET, 1);
	assert_int_equal(vt_rd(T(), VIRTIO_MMIO_MAGIC_VALUE), 0x74726976);
	assert_int_equal(vt_rd(T(), VIRTIO_MMIO_INTERRUPT_STATUS), 0);
	assert_int_equal(vt_rd(T(), VIRTIO_MMIO_QUEUE_RESET), 0);
}

/* Hostile rings: each breaks the queue, the device needs reset, the rule
 * is reported once, and a reset gives a working queue again. */
enum hostile {
	H_LOOP,
	H_HEAD_RANGE,
	H_NEXT_RANGE,
	H_OUTSIDE_RAM,
	H_AVAIL_JUMP,
	H_INDIRECT_NO_FEATURE,
	H_WRAP
};

static void test_hostile_rings(void **state)
{
	static const struct {
		enum hostile h;
		const char *rule;
	} cases[] = {
		{H_LOOP, "loops"},
		{H_HEAD_RANGE, "descriptor >= QueueNum"},
		{H_NEXT_RANGE, "next index"},
		{H_OUTSIDE_RAM, "outside guest RAM"},
		{H_AVAIL_JUMP, "avail.idx"},
		{H_INDIRECT_NO_FEATURE, "VIRTIO_F_INDIRECT_DESC"},
		{H_WRAP, "wraps"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct vt_queue q;
		struct pvring_desc *d;
		struct pvring_avail *a;
		uint64_t buf;

		setup(NULL);
		buf = vt_alloc(64, 8);
		live_queue(&q, 8, 0);
		d = vt_desc(&q);
		a = vt_avail(&q);
		d[0] = (struct pvring_desc){buf, 16, PVRING_DESC_F_NEXT, 1};
		d[1] = (struct pvring_desc){buf + 16, 16, PVRING_DESC_F_WRITE,
					    0};
		a->ring[0] = 0;
		a->idx = 1;
		switch (cases[i].h) {
		case H_LOOP:
			d[1].flags = PVRING_DESC_F_NEXT; /* 1 -> 0 -> 1 */
			break;
		case H_HEAD_RANGE:
			a->ring[0] = 8;
			break;
		case H_NEXT_RANGE:
			d[0].next = 200;
			break;
		case H_OUTSIDE_RAM:
			d[1].addr = VT_RAM_BASE + VT_RAM_SIZE - 8;
			break;
		case H_AVAIL_JUMP:
			a->idx = 9;
			break;
		case H_INDIRECT_NO_FEATURE:
			d[0].flags = PVRING_DESC_F_INDIRECT;
			break;
		case H_WRAP:
			d[0].addr = 0xfffffffffffffff8ull;
			break;
		}
		vt_wr(T(), VIRTIO_MMIO_QUEUE_NOTIFY, 0);
		assert_true(serve(0, 0) < 0);
		assert_true(vt_rd(T(), VIRTIO_MMIO_STATUS) &
			    VIRTIO_STATUS_DEVICE_NEEDS_RESET);
		assert_true(vt_rd(T(), VIRTIO_MMIO_INTERRUPT_STATUS) &
			    VIRTIO_MMIO_INT_CONFIG);
		assert_true(vt.level);
		assert_int_equal(vt.reports, 1);
		assert_int_equal(vt.report_queue, 0);
		if (!strstr(vt.report_rule, cases[i].rule))
			fail_msg("case %zu: rule \"%s\"", i, vt.report_rule);
		assert_int_equal(vt_usedring(&q)->idx, 0);
		/* a storm of notifies: no more reports, no more work */
		unsigned long tr = vt.translates;
		for (int k = 0; k < 1000; k++) {
			vt_wr(T(), VIRTIO_MMIO_QUEUE_NOTIFY, 0);
			assert_int_equal(serve(0, 0), 0);
		}
		assert_int_equal(vt.reports, 1);
		assert_int_equal(vt.translates, tr);
		/* reset and go on */
		buf = vt_alloc(64, 8);
		live_queue(&q, 8, 0);
		struct pvring_buf b = {buf, 64};
		assert_true(vt_add(T(), 0, &q, &b, 0, 1, NULL) >= 0);
		assert_int_equal(serve(0, 5), 1);
		assert_int_equal(vt_used(&q, NULL, NULL), 1);
		assert_int_equal(vt.reports, 1);
		assert_false(vt_rd(T(), VIRTIO_MMIO_STATUS) &
			     VIRTIO_STATUS_DEVICE_NEEDS_RESET);
	}
}

static void test_notify_storm_bounded(void **state)
{
	struct vt_queue q;

	(void)state;
	live_queue(&q, 8, 0);
	/* with nothing available, a notify costs no ring walk at all */
	unsigned long tr = vt.translates;
	for (int k = 0; k < 10000; k++) {
		vt_wr(T(), VIRTIO_MMIO_QUEUE_NOTIFY, 0);
		assert_int_equal(serve(0, 0), 0);
	}
	assert_int_equal(vt.translates, tr);
	assert_int_equal(F.notifies[0], 10001);
	assert_false(vt.level);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_ids, setup),
		cmocka_unit_test_setup(test_device_features, setup),
		cmocka_unit_test_setup(test_features_ok_accepted, setup),
		cmocka_unit_test_setup(test_features_ok_refused, setup),
		cmocka_unit_test_setup(test_status_order, setup),
		cmocka_unit_test_setup(test_queue_setup, setup),
		cmocka_unit_test_setup(test_queue_setup_checks, setup),
		cmocka_unit_test_setup(test_notify, setup),
		cmocka_unit_test_setup(test_interrupt_ack, setup),
		cmocka_unit_test_setup(test_event_idx, setup),
		cmocka_unit_test_setup(test_reset_clears_everything, setup),
		cmocka_unit_test_setup(test_config_space, setup),
		cmocka_unit_test_setup(test_bad_accesses, setup),
		cmocka_unit_test_setup(test_hostile_rings, setup),
		cmocka_unit_test_setup(test_notify_storm_bounded, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
