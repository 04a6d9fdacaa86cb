// SPDX-License-Identifier: MIT
/* host_blk.c and host_rng.c, the hypervisor's drivers of QEMU's virtio-blk
 * and virtio-rng, against fake devices that serve the ring with pvring's
 * device role (host_virtio_fake.c): probe (GET_ID, capacity, read-only,
 * slots), requests built as QEMU wants them, completions only from the
 * interrupt handler with no lock held, requests refused before reaching
 * the device, a full ring, and a broken device failing every request. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "host_blk.h"
#include "host_fdt.h"
#include "host_rng.h"
#include "host_virtio_fake.h"
#include "hw/virtio.h"
#include "spinlock.h" /* the test's: counts held locks */

enum { S_RW, S_EMPTY, S_RO, S_DIRECT, S_RNG, S_MUTE, S_DUP, S_VICTIM };

static uint8_t disk_rw[4096 * 512], disk_small[128 * 512];

struct result {
	int calls;
	uint8_t status;
	uint32_t len;
	int locks_held; /* at the call */
};

static void on_done(struct host_blk_req *r, uint8_t status, uint32_t len)
{
	struct result *res = r->ctx;

	res->calls++;
	res->status = status;
	res->len = len;
	res->locks_held = hvt_locks_held;
}

static struct host_blk_req reqs[300];
static struct result results[300];

static struct host_blk_req *req(unsigned int i, uint32_t type, uint64_t sector)
{
	struct host_blk_req *r = &reqs[i];

	memset(r, 0, sizeof(*r));
	results[i] = (struct result){0};
	r->type = type;
	r->sector = sector;
	r->done = on_done;
	r->ctx = &results[i];
	return r;
}

static void seg(struct host_blk_req *r, void *p, uint32_t len, bool write)
{
	r->seg[r->nseg++] = (struct host_blk_seg){(uintptr_t)p, len, write};
}

static void blk(unsigned int s, const char *serial, uint64_t offered,
		unsigned int qmax, uint8_t *disk, uint64_t sectors)
{
	struct fake_dev *f = &fake_devs[s];

	f->device_id = VIRTIO_ID_BLOCK;
	f->offered = VIRTIO_BIT(VIRTIO_F_VERSION_1) | offered;
	f->qnum_max = qmax;
	f->seg_max = qmax - 2; /* QEMU's default */
	/* NUL-padded, not NUL-ended when 20 bytes long (GET_ID's field) */
	memset(f->serial, 0, sizeof(f->serial));
	memcpy(f->serial, serial, strnlen(serial, sizeof(f->serial)));
	f->disk = disk;
	f->sectors = sectors;
}

static int setup(void **state)
{
	uint64_t all = VIRTIO_BIT(VIRTIO_F_EVENT_IDX) |
		       VIRTIO_BIT(VIRTIO_F_INDIRECT_DESC) |
		       VIRTIO_BIT(VIRTIO_BLK_F_FLUSH) |
		       VIRTIO_BIT(VIRTIO_BLK_F_SEG_MAX) |
		       VIRTIO_BIT(VIRTIO_BLK_F_BLK_SIZE);

	(void)state;
	host.timebase_hz = 10000000;
	/* 20 bytes: GET_ID's whole field, no NUL */
	blk(S_RW, "abcdefghijklmnopqrst", all, 256, disk_rw, 4096);
	blk(S_RO, "ro-disk", all | VIRTIO_BIT(VIRTIO_BLK_F_RO), 256, disk_small,
	    64);
	blk(S_DIRECT, "direct", VIRTIO_BIT(VIRTIO_BLK_F_FLUSH), 8, disk_small,
	    128);
	fake_devs[S_RNG] =
		(struct fake_dev){.device_id = VIRTIO_ID_RNG,
				  .offered = VIRTIO_BIT(VIRTIO_F_VERSION_1) |
					     VIRTIO_BIT(VIRTIO_F_EVENT_IDX),
				  .qnum_max = 1024};
	blk(S_MUTE, "mute", all, 256, disk_small, 128);
	fake_devs[S_MUTE].mode = FAKE_MUTE;
	blk(S_DUP, "ro-disk", all, 256, disk_small, 128);
	blk(S_VICTIM, "victim", all, 256, disk_small, 128);
	host_blk_init();
	host_rng_init();
	return 0;
}

static void test_probe(void **state)
{
	struct host_blk *rw = host_blk_find("abcdefghijklmnopqrst");
	struct host_blk *ro = host_blk_find("ro-disk");

	(void)state;
	assert_non_null(rw);
	assert_non_null(ro);
	assert_string_equal(host_blk_serial(rw), "abcdefghijklmnopqrst");
	assert_int_equal(host_blk_capacity(rw), 4096);
	assert_false(host_blk_read_only(rw));
	assert_int_equal(host_blk_capacity(ro), 64);
	assert_true(host_blk_read_only(ro));
	assert_non_null(host_blk_find("direct"));
	assert_non_null(host_blk_find("victim"));
	assert_null(host_blk_find("mute"));
	assert_null(host_blk_find(""));
	assert_null(host_blk_find("abcdefghijklmnopqrs"));
	assert_int_equal(fake_log_count("host disk 'abcdefghijklmnopqrst': "
					"4096 sectors (2 MiB), read-write, "
					"slot 0 (0x0 irq 1)"),
			 1);
	assert_int_equal(fake_log_count("host disk 'ro-disk': 64 sectors (0 "
					"MiB), read-only, slot 2"),
			 1);
	/* a second disk with a serial taken: said, and the first one wins */
	assert_int_equal(fake_log_count("serial 'ro-disk' is also in host "
					"virtio slot 6"),
			 1);
	assert_ptr_equal(host_blk_find("ro-disk"), ro);
	/* GET_ID never answered: the disk is not used, the device failed */
	assert_int_equal(fake_log_count("host disk in host virtio slot 5 not "
					"used: it did not answer GET_ID"),
			 1);
	assert_true(fake_devs[S_MUTE].failed);
	for (unsigned int s = 0; s < FAKE_SLOTS; s++) {
		if (s == S_EMPTY || s == S_MUTE)
			continue;
		assert_true(fake_devs[s].driver_ok);
		assert_false(fake_devs[s].failed);
		if (s != S_RNG)
			assert_int_equal(fake_devs[s].get_ids, 1);
	}
	assert_false(fake_devs[S_EMPTY].queue_ready);
	/* features: what QEMU offers and we use, nothing else */
	assert_int_equal(fake_devs[S_RW].features, fake_devs[S_RW].offered);
	assert_int_equal(fake_devs[S_DIRECT].num, 8);
	assert_int_equal(fake_devs[S_RW].num, 256);
	assert_true(host_rng_present());
	assert_int_equal(fake_devs[S_RNG].num, 64);
	assert_int_equal(fake_log_count("host rng: slot 4"), 1);
}

static void test_write_read(void **state)
{
	struct host_blk *b = host_blk_find("abcdefghijklmnopqrst");
	static uint8_t out[4096], in[4096];
	struct host_blk_req *r;

	(void)state;
	for (unsigned int i = 0; i < sizeof(out); i++)
		out[i] = (uint8_t)(i * 13 + 1);
	r = req(0, VIRTIO_BLK_T_OUT, 10);
	seg(r, out, 512, false);
	seg(r, out + 512, 1024, false);
	seg(r, out + 1536, 2560, false);
	assert_int_equal(host_blk_submit(b, r), 0);
	/* QEMU has it, but completions come by interrupt only */
	assert_int_equal(fake_devs[S_RW].served, 2); /* GET_ID, this */
	assert_int_equal(results[0].calls, 0);
	fake_irq(S_RW);
	assert_int_equal(results[0].calls, 1);
	assert_int_equal(results[0].status, VIRTIO_BLK_S_OK);
	assert_int_equal(results[0].len, 0);
	assert_int_equal(results[0].locks_held, 0);
	assert_memory_equal(disk_rw + 10 * 512, out, sizeof(out));

	r = req(1, VIRTIO_BLK_T_IN, 10);
	seg(r, in, 3000, true);
	seg(r, in + 3000, 1096, true);
	assert_int_equal(host_blk_submit(b, r), 0);
	fake_irq(S_RW);
	assert_int_equal(results[1].calls, 1);
	assert_int_equal(results[1].status, VIRTIO_BLK_S_OK);
	assert_int_equal(results[1].len, 4096);
	assert_memory_equal(in, out, sizeof(out));
	/* a second interrupt with nothing new calls nobody again */
	fake_irq(S_RW);
	assert_int_equal(results[0].calls + results[1].calls, 2);
}

/* done() runs with the lock released: it may submit the next request */
static struct host_blk *chain_disk;
static int chain_left;
static uint8_t chain_buf[512];

static void on_done_chain(struct host_blk_req *r, uint8_t status, uint32_t len)
{
	on_done(r, status, len);
	if (chain_left-- > 0) {
		r->sector++;
		assert_int_equal(host_blk_submit(chain_disk, r), 0);
	}
}

static void test_done_resubmits(void **state)
{
	struct host_blk_req *r = req(0, VIRTIO_BLK_T_IN, 0);

	(void)state;
	chain_disk = host_blk_find("abcdefghijklmnopqrst");
	chain_left = 3;
	seg(r, chain_buf, sizeof(chain_buf), true);
	r->done = on_done_chain;
	assert_int_equal(host_blk_submit(chain_disk, r), 0);
	fake_irq(S_RW); /* the first, and the ones submitted from done() */
	assert_int_equal(results[0].calls, 4);
	assert_int_equal(results[0].locks_held, 0);
	assert_int_equal(r->sector, 3);
}

static void test_flush(void **state)
{
	struct host_blk *b = host_blk_find("abcdefghijklmnopqrst");
	unsigned int flushes = fake_devs[S_RW].flushes;
	struct host_blk_req *r = req(0, VIRTIO_BLK_T_FLUSH, 0);
	uint8_t x[512];

	(void)state;
	assert_int_equal(host_blk_submit(b, r), 0);
	fake_irq(S_RW);
	assert_int_equal(results[0].calls, 1);
	assert_int_equal(results[0].status, VIRTIO_BLK_S_OK);
	assert_int_equal(fake_devs[S_RW].flushes, flushes + 1);
	/* a FLUSH with data is not one */
	r = req(1, VIRTIO_BLK_T_FLUSH, 0);
	seg(r, x, sizeof(x), false);
	assert_int_equal(host_blk_submit(b, r), 0);
	assert_int_equal(results[1].calls, 1);
	assert_int_equal(results[1].status, VIRTIO_BLK_S_IOERR);
	assert_int_equal(fake_devs[S_RW].flushes, flushes + 1);
}

/* refused before QEMU sees them: done() at once, nothing kicked */
static void test_refused(void **state)
{
	static uint8_t buf[HOST_BLK_SEGS_MAX + 1][512];
	struct host_blk *rw = host_blk_find("abcdefghijklmnopqrst");
	struct host_blk *ro = host_blk_find("ro-disk");
	unsigned int kicks = fake_devs[S_RW].kicks + fake_devs[S_RO].kicks;
	struct {
		const char *what;
		struct host_blk *b;
		uint32_t type;
		unsigned int nseg;
		bool write;
		uint32_t len;
		uint8_t want;
	} cases[] = {
		{"OUT on a read-only disk", ro, VIRTIO_BLK_T_OUT, 1, false, 512,
		 VIRTIO_BLK_S_IOERR},
		{"DISCARD (not negotiated)", rw, VIRTIO_BLK_T_DISCARD, 1, false,
		 16, VIRTIO_BLK_S_UNSUPP},
		{"unknown type", rw, 0x7777, 1, false, 512,
		 VIRTIO_BLK_S_UNSUPP},
		{"IN without data", rw, VIRTIO_BLK_T_IN, 0, true, 0,
		 VIRTIO_BLK_S_IOERR},
		{"IN into a readable segment", rw, VIRTIO_BLK_T_IN, 1, false,
		 512, VIRTIO_BLK_S_IOERR},
		{"OUT from a writable segment", rw, VIRTIO_BLK_T_OUT, 1, true,
		 512, VIRTIO_BLK_S_IOERR},
		{"zero-length segment", rw, VIRTIO_BLK_T_IN, 1, true, 0,
		 VIRTIO_BLK_S_IOERR},
		{"more than HOST_BLK_SEGS_MAX segments", rw, VIRTIO_BLK_T_IN,
		 HOST_BLK_SEGS_MAX + 1, true, 512, VIRTIO_BLK_S_IOERR},
	};

	(void)state;
	for (unsigned int i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct host_blk_req *r = req(i, cases[i].type, 0);

		for (unsigned int k = 0; k < cases[i].nseg; k++)
			r->seg[k % HOST_BLK_SEGS_MAX] = (struct host_blk_seg){
				(uintptr_t)buf[k], cases[i].len,
				cases[i].write};
		r->nseg = cases[i].nseg;
		assert_int_equal(host_blk_submit(cases[i].b, r), 0);
		if (results[i].calls != 1 || results[i].status != cases[i].want)
			fail_msg("%s: %d call(s), status %u (want %u)",
				 cases[i].what, results[i].calls,
				 results[i].status, cases[i].want);
	}
	assert_int_equal(fake_devs[S_RW].kicks + fake_devs[S_RO].kicks, kicks);
	/* reads from a read-only disk go through */
	{
		struct host_blk_req *r = req(0, VIRTIO_BLK_T_IN, 1);

		seg(r, buf[0], 512, true);
		assert_int_equal(host_blk_submit(ro, r), 0);
		fake_irq(S_RO);
		assert_int_equal(results[0].status, VIRTIO_BLK_S_OK);
	}
}

static void test_host_ioerr(void **state)
{
	struct host_blk *b = host_blk_find("abcdefghijklmnopqrst");
	static uint8_t buf[1024];
	struct host_blk_req *r = req(0, VIRTIO_BLK_T_IN, 99);

	(void)state;
	fake_devs[S_RW].ioerr_sector = 100;
	seg(r, buf, sizeof(buf), true);
	assert_int_equal(host_blk_submit(b, r), 0);
	fake_irq(S_RW);
	fake_devs[S_RW].ioerr_sector = 0;
	assert_int_equal(results[0].calls, 1);
	assert_int_equal(results[0].status, VIRTIO_BLK_S_IOERR);
	/* past the end: QEMU says IOERR too */
	r = req(1, VIRTIO_BLK_T_IN, 4095);
	seg(r, buf, sizeof(buf), true);
	assert_int_equal(host_blk_submit(b, r), 0);
	fake_irq(S_RW);
	assert_int_equal(results[1].status, VIRTIO_BLK_S_IOERR);
}

/* one ring entry a request (indirect): 256 in flight, then -1 */
static void test_ring_full(void **state)
{
	struct host_blk *b = host_blk_find("abcdefghijklmnopqrst");
	static uint8_t buf[512];
	unsigned int i;

	(void)state;
	fake_devs[S_RW].mode = FAKE_LATER;
	for (i = 0; i < 300; i++) {
		struct host_blk_req *r = req(i, VIRTIO_BLK_T_IN, i);

		seg(r, buf, sizeof(buf), true);
		if (host_blk_submit(b, r))
			break;
	}
	assert_int_equal(i, 256);
	assert_int_equal(results[256].calls, 0); /* -1: done() not called */
	assert_int_equal(fake_serve(S_RW), 256);
	fake_irq(S_RW);
	for (i = 0; i < 256; i++)
		assert_int_equal(results[i].calls, 1);
	assert_int_equal(host_blk_submit(b, &reqs[256]), 0);
	fake_serve(S_RW);
	fake_irq(S_RW);
	assert_int_equal(results[256].calls, 1);
	fake_devs[S_RW].mode = FAKE_AT_KICK;
}

/* a batch: one notification; refused ones done at once and counted as
 * taken; stops where the ring is full */
static void test_submit_many(void **state)
{
	struct host_blk *b = host_blk_find("abcdefghijklmnopqrst");
	struct host_blk_req *batch[300];
	static uint8_t buf[512];
	unsigned int kicks, i;

	(void)state;
	fake_devs[S_RW].mode = FAKE_LATER;
	for (i = 0; i < 8; i++) {
		batch[i] = req(i, i == 3 ? 0x7777 : VIRTIO_BLK_T_IN, i);
		seg(batch[i], buf, sizeof(buf), true);
	}
	kicks = fake_devs[S_RW].kicks;
	assert_int_equal(host_blk_submit_many(b, batch, 8), 8);
	assert_int_equal(fake_devs[S_RW].kicks, kicks + 1);
	assert_int_equal(results[3].calls, 1);
	assert_int_equal(results[3].status, VIRTIO_BLK_S_UNSUPP);
	assert_int_equal(fake_serve(S_RW), 7);
	fake_irq(S_RW);
	for (i = 0; i < 8; i++)
		assert_int_equal(results[i].calls, 1);

	/* 250 in flight, then 10 more: 6 fit */
	for (i = 0; i < 260; i++) {
		batch[i] = req(i, VIRTIO_BLK_T_IN, i);
		seg(batch[i], buf, sizeof(buf), true);
	}
	assert_int_equal(host_blk_submit_many(b, batch, 250), 250);
	assert_int_equal(host_blk_submit_many(b, batch + 250, 10), 6);
	assert_int_equal(results[256].calls, 0);
	assert_int_equal(fake_serve(S_RW), 256);
	fake_irq(S_RW);
	for (i = 0; i < 260; i++)
		assert_int_equal(results[i].calls, i < 256);
	fake_devs[S_RW].mode = FAKE_AT_KICK;
}

/* no INDIRECT_DESC: header + data + status descriptors, at most N - 2
 * data segments, ring full by descriptors */
static void test_direct(void **state)
{
	struct host_blk *b = host_blk_find("direct");
	static uint8_t buf[8][512];
	struct host_blk_req *r;
	unsigned int i;

	(void)state;
	assert_int_equal(fake_devs[S_DIRECT].features,
			 VIRTIO_BIT(VIRTIO_F_VERSION_1) |
				 VIRTIO_BIT(VIRTIO_BLK_F_FLUSH));
	r = req(0, VIRTIO_BLK_T_OUT, 2);
	for (i = 0; i < 6; i++) {
		memset(buf[i], 'a' + i, 512);
		seg(r, buf[i], 512, false);
	}
	assert_int_equal(host_blk_submit(b, r), 0);
	fake_irq(S_DIRECT);
	assert_int_equal(results[0].status, VIRTIO_BLK_S_OK);
	assert_int_equal(disk_small[2 * 512 + 5 * 512], 'f');
	r = req(1, VIRTIO_BLK_T_OUT, 2);
	for (i = 0; i < 7; i++)
		seg(r, buf[i], 512, false);
	assert_int_equal(host_blk_submit(b, r), 0);
	assert_int_equal(results[1].status, VIRTIO_BLK_S_IOERR);

	fake_devs[S_DIRECT].mode = FAKE_LATER;
	for (i = 0; i < 3; i++) {
		r = req(i, VIRTIO_BLK_T_IN, i);
		seg(r, buf[i], 512, true);
		if (host_blk_submit(b, r))
			break;
	}
	assert_int_equal(i, 2); /* 3 + 3 of 8 descriptors */
	fake_serve(S_DIRECT);
	fake_irq(S_DIRECT);
	assert_int_equal(results[0].calls + results[1].calls, 2);
}

/* QEMU's used ring names no request of ours: every request in flight
 * fails with IOERR, said once; the disk stays out of use */
static void test_broken_ring(void **state)
{
	struct host_blk *b = host_blk_find("victim");
	static uint8_t buf[512];
	struct host_blk_req *r;

	(void)state;
	fake_log_clear();
	fake_devs[S_VICTIM].mode = FAKE_LATER;
	for (unsigned int i = 0; i < 3; i++) {
		r = req(i, VIRTIO_BLK_T_IN, i);
		seg(r, buf, sizeof(buf), true);
		assert_int_equal(host_blk_submit(b, r), 0);
	}
	fake_corrupt_used(S_VICTIM);
	fake_irq(S_VICTIM);
	for (unsigned int i = 0; i < 3; i++) {
		assert_int_equal(results[i].calls, 1);
		assert_int_equal(results[i].status, VIRTIO_BLK_S_IOERR);
		assert_int_equal(results[i].locks_held, 0);
	}
	assert_int_equal(fake_log_count("host disk 'victim' (host virtio slot "
					"7): PVRING_ERR_USED_ID; 3 request(s) "
					"failed with IOERR"),
			 1);
	assert_true(fake_devs[S_VICTIM].failed);
	r = req(3, VIRTIO_BLK_T_IN, 0);
	seg(r, buf, sizeof(buf), true);
	assert_int_equal(host_blk_submit(b, r), 0);
	assert_int_equal(results[3].status, VIRTIO_BLK_S_IOERR);
	fake_corrupt_used(S_VICTIM);
	fake_irq(S_VICTIM);
	assert_int_equal(fake_log_count("host disk 'victim'"), 1);
}

static void test_needs_reset(void **state)
{
	struct host_blk *b = host_blk_find("direct");
	static uint8_t buf[512];
	struct host_blk_req *r = req(0, VIRTIO_BLK_T_IN, 0);

	(void)state;
	fake_log_clear();
	fake_devs[S_DIRECT].mode = FAKE_LATER;
	seg(r, buf, sizeof(buf), true);
	assert_int_equal(host_blk_submit(b, r), 0);
	fake_needs_reset(S_DIRECT);
	fake_irq(S_DIRECT);
	assert_int_equal(results[0].calls, 1);
	assert_int_equal(results[0].status, VIRTIO_BLK_S_IOERR);
	assert_int_equal(fake_log_count("QEMU set DEVICE_NEEDS_RESET"), 1);
}

static struct host_rng_req rreqs[70];
static int rng_calls[70];
static uint32_t rng_len[70];

static void on_rng(struct host_rng_req *r, uint32_t len)
{
	unsigned int i = (unsigned int)(r - rreqs);

	rng_calls[i]++;
	rng_len[i] = len;
	assert_int_equal(hvt_locks_held, 0);
}

static void test_rng(void **state)
{
	static uint8_t buf[70][16];
	unsigned int i;

	(void)state;
	memset(buf, 0xee, sizeof(buf));
	rreqs[0] = (struct host_rng_req){
		.hpa = (uintptr_t)buf[0], .len = 16, .done = on_rng};
	assert_int_equal(host_rng_submit(&rreqs[0]), 0);
	assert_int_equal(rng_calls[0], 0);
	fake_irq(S_RNG);
	assert_int_equal(rng_calls[0], 1);
	assert_int_equal(rng_len[0], 16);
	for (i = 0; i < 16; i++)
		assert_int_equal(buf[0][i], i); /* the fake's counter */
	/* nothing asked, nothing queued */
	rreqs[1] = (struct host_rng_req){
		.hpa = (uintptr_t)buf[1], .len = 0, .done = on_rng};
	assert_int_equal(host_rng_submit(&rreqs[1]), 0);
	assert_int_equal(rng_calls[1], 1);
	assert_int_equal(rng_len[1], 0);
	/* 64 entries, one a request */
	fake_devs[S_RNG].mode = FAKE_LATER;
	memset(rng_calls, 0, sizeof(rng_calls));
	for (i = 0; i < 70; i++) {
		rreqs[i] = (struct host_rng_req){
			.hpa = (uintptr_t)buf[i], .len = 16, .done = on_rng};
		if (host_rng_submit(&rreqs[i]))
			break;
	}
	assert_int_equal(i, 64);
	assert_int_equal(fake_serve(S_RNG), 64);
	fake_irq(S_RNG);
	for (i = 0; i < 64; i++)
		assert_int_equal(rng_calls[i], 1);
	assert_int_equal(rng_calls[64], 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_probe),
		cmocka_unit_test(test_write_read),
		cmocka_unit_test(test_done_resubmits),
		cmocka_unit_test(test_flush),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_host_ioerr),
		cmocka_unit_test(test_ring_full),
		cmocka_unit_test(test_submit_many),
		cmocka_unit_test(test_direct),
		cmocka_unit_test(test_broken_ring),
		cmocka_unit_test(test_needs_reset),
		cmocka_unit_test(test_rng),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
