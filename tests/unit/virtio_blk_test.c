// SPDX-License-Identifier: MIT
/* Unit tests of the virtio-blk model (hypervisor/virtio/virtio_blk.c) on
 * the transport, driven as Linux's virtio_blk driver does, over a fake
 * guest RAM and a fake asynchronous backend that completes when and in
 * what order the test says. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "virtio_blk.h"
#include "virtio_test_util.h"

#define CAP 256 /* sectors: more than one request of seg_max sectors */
#define V1 VIRTIO_BIT(VIRTIO_F_VERSION_1)
#define OK_STATUS                                           \
	(VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | \
	 VIRTIO_STATUS_FEATURES_OK)

struct fake_be {
	uint8_t disk[CAP * 512];
	bool ro;
	const char *serial;
	bool busy; /* submit refuses */
	int sync_status; /* >= 0: complete inside submit with it */
	struct vblk_io *q[512]; /* submitted, not completed */
	unsigned int n;
	unsigned int submits;
	uint32_t types[512]; /* type of each submit, in order */
};

static struct fake_be BE;
static struct vblk B;

static void be_do(struct vblk_io *io, int status)
{
	uint64_t off = io->sector * 512;

	if (status == VIRTIO_BLK_S_OK && io->type != VIRTIO_BLK_T_FLUSH) {
		for (unsigned int i = 0; i < io->nseg; i++) {
			struct vblk_io_seg *s = &io->seg[i];

			assert_true(off + s->len <= sizeof(BE.disk));
			assert_int_equal(s->write, io->type == VIRTIO_BLK_T_IN);
			if (s->write)
				memcpy(s->ptr, BE.disk + off, s->len);
			else
				memcpy(BE.disk + off, s->ptr, s->len);
			off += s->len;
		}
	}
	vblk_complete(&B, io, (uint8_t)status);
}

static int be_submit(void *ctx, struct vblk_io *io)
{
	(void)ctx;
	if (BE.busy)
		return -1;
	BE.types[BE.submits % 512] = io->type;
	BE.submits++;
	if (BE.sync_status >= 0) {
		be_do(io, BE.sync_status);
		return 0;
	}
	assert_true(BE.n < 512);
	BE.q[BE.n++] = io;
	return 0;
}

static uint64_t be_capacity(void *ctx)
{
	(void)ctx;
	return CAP;
}

static bool be_ro(void *ctx)
{
	(void)ctx;
	return BE.ro;
}

static const char *be_serial(void *ctx)
{
	(void)ctx;
	return BE.serial;
}

static const struct vblk_backend be_ops = {
	.submit = be_submit,
	.capacity = be_capacity,
	.read_only = be_ro,
	.serial = be_serial,
};

/* complete the k-th outstanding backend request */
static void be_complete(unsigned int k, int status)
{
	struct vblk_io *io;

	assert_true(k < BE.n);
	io = BE.q[k];
	memmove(&BE.q[k], &BE.q[k + 1], (BE.n - k - 1) * sizeof(BE.q[0]));
	BE.n--;
	be_do(io, status);
}

static struct vt_queue Q;

static void start(bool ro, uint64_t feat, unsigned int num)
{
	vt_reset_host();
	memset(&BE, 0, sizeof(BE));
	BE.ro = ro;
	BE.serial = "disk-serial-0001";
	BE.sync_status = -1;
	for (size_t i = 0; i < sizeof(BE.disk); i++)
		BE.disk[i] = (uint8_t)(i * 7 + 3);
	vblk_init(&B, &be_ops, NULL, &vt_host_ops, NULL);
	assert_int_equal(vt_negotiate(&B.t, feat | V1), OK_STATUS);
	assert_int_equal(vt_queue(&B.t, 0, &Q, num, feat | V1), 1);
	vt_driver_ok(&B.t);
}

static int setup(void **state)
{
	(void)state;
	start(false, 0, VBLK_QUEUE_MAX);
	return 0;
}

/* A request in guest RAM: header, data, status. */
struct req {
	uint64_t hdr, data, status;
	uint32_t len;
};

static struct req *req_new(uint32_t type, uint64_t sector, uint32_t len)
{
	struct req *r = calloc(1, sizeof(*r));
	struct virtio_blk_req_hdr *h;

	assert_non_null(r);
	r->hdr = vt_alloc(16, 16);
	r->data = len ? vt_alloc(len, 16) : 0;
	r->status = vt_alloc(1, 1);
	r->len = len;
	h = vt_ptr(r->hdr);
	h->type = type;
	h->sector = sector;
	*(uint8_t *)vt_ptr(r->status) = 0xee;
	return r;
}

/* Post it the usual way: data readable for OUT, writable otherwise. */
static void req_post(struct req *r)
{
	struct pvring_buf b[3] = {{r->hdr, 16}};
	const struct virtio_blk_req_hdr *h = vt_ptr(r->hdr);
	unsigned int n = 1, nout;

	if (r->len)
		b[n++] = (struct pvring_buf){r->data, r->len};
	nout = h->type == VIRTIO_BLK_T_OUT && r->len ? 2 : 1;
	b[n++] = (struct pvring_buf){r->status, 1};
	assert_true(vt_add(&B.t, 0, &Q, b, nout, n - nout, r) >= 0);
}

static uint8_t status_of(const struct req *r)
{
	return *(uint8_t *)vt_ptr(r->status);
}

/* reap one used entry: it must be r's, with len */
static void reap(struct req *r, uint32_t len)
{
	void *tok = NULL;
	uint32_t l = 0;

	assert_int_equal(vt_used(&Q, &tok, &l), 1);
	assert_ptr_equal(tok, r);
	assert_int_equal(l, len);
}

static void test_config(void **state)
{
	uint64_t v;

	(void)state;
	assert_int_equal(vt_rd(&B.t, VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_BLOCK);
	assert_int_equal(vmmio_read(&B.t, 0x100, 4, &v), VMMIO_OK);
	assert_int_equal(v, CAP);
	assert_int_equal(vmmio_read(&B.t, 0x104, 4, &v), VMMIO_OK);
	assert_int_equal(v, 0);
	assert_int_equal(vmmio_read(&B.t, 0x100 + 12, 4, &v), VMMIO_OK);
	assert_int_equal(v, VBLK_SEG_MAX);
	assert_int_equal(vmmio_read(&B.t, 0x100 + 20, 4, &v), VMMIO_OK);
	assert_int_equal(v, 512);
	assert_int_equal(vmmio_read(&B.t, 0x100 + 36, 1, &v), VMMIO_ERR_OFFSET);
	/* config is read-only: writes are dropped */
	assert_int_equal(vmmio_write(&B.t, 0x100, 4, 5), VMMIO_OK);
	assert_int_equal(vmmio_read(&B.t, 0x100, 4, &v), VMMIO_OK);
	assert_int_equal(v, CAP);
	vt_wr(&B.t, VIRTIO_MMIO_QUEUE_SEL, 0);
	assert_int_equal(vt_rd(&B.t, VIRTIO_MMIO_QUEUE_NUM_MAX),
			 VBLK_QUEUE_MAX);
	vt_wr(&B.t, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	v = vt_rd(&B.t, VIRTIO_MMIO_DEVICE_FEATURES);
	assert_true(v & VIRTIO_BIT(VIRTIO_BLK_F_SEG_MAX));
	assert_true(v & VIRTIO_BIT(VIRTIO_BLK_F_BLK_SIZE));
	assert_true(v & VIRTIO_BIT(VIRTIO_BLK_F_FLUSH));
	assert_false(v & VIRTIO_BIT(VIRTIO_BLK_F_RO));
	start(true, 0, 8);
	vt_wr(&B.t, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	assert_true(vt_rd(&B.t, VIRTIO_MMIO_DEVICE_FEATURES) &
		    VIRTIO_BIT(VIRTIO_BLK_F_RO));
}

static void test_write_then_read(void **state)
{
	struct req *w = req_new(VIRTIO_BLK_T_OUT, 3, 1024);
	struct req *r = req_new(VIRTIO_BLK_T_IN, 3, 1536);

	(void)state;
	for (int i = 0; i < 1024; i++)
		((uint8_t *)vt_ptr(w->data))[i] = (uint8_t)(i ^ 0x5a);
	req_post(w);
	assert_int_equal(BE.n, 1);
	assert_int_equal(vblk_inflight(&B), 1);
	assert_false(vt.level); /* nothing done yet */
	be_complete(0, VIRTIO_BLK_S_OK);
	assert_true(vt.level);
	assert_int_equal(status_of(w), VIRTIO_BLK_S_OK);
	reap(w, 1);
	assert_memory_equal(BE.disk + 3 * 512, vt_ptr(w->data), 1024);
	req_post(r);
	be_complete(0, VIRTIO_BLK_S_OK);
	assert_int_equal(status_of(r), VIRTIO_BLK_S_OK);
	reap(r, 1536 + 1);
	assert_memory_equal(vt_ptr(r->data), vt_ptr(w->data), 1024);
	assert_memory_equal((uint8_t *)vt_ptr(r->data) + 1024,
			    BE.disk + 5 * 512, 512);
	assert_int_equal(vblk_inflight(&B), 0);
	assert_int_equal(B.stats.reads, 1);
	assert_int_equal(B.stats.writes, 1);
	free(w);
	free(r);
}

static void test_flush_and_backend_error(void **state)
{
	struct req *f = req_new(VIRTIO_BLK_T_FLUSH, 0, 0);
	struct req *r = req_new(VIRTIO_BLK_T_IN, 0, 512);

	(void)state;
	req_post(f);
	assert_int_equal(BE.n, 1);
	assert_int_equal(BE.types[0], VIRTIO_BLK_T_FLUSH);
	assert_int_equal(BE.q[0]->nseg, 0);
	be_complete(0, VIRTIO_BLK_S_OK);
	assert_int_equal(status_of(f), VIRTIO_BLK_S_OK);
	reap(f, 1);
	/* an error of the host disk reaches the guest as IOERR */
	req_post(r);
	be_complete(0, 77);
	assert_int_equal(status_of(r), VIRTIO_BLK_S_IOERR);
	reap(r, 1);
	free(f);
	free(r);
}

static void test_get_id(void **state)
{
	struct req *r = req_new(VIRTIO_BLK_T_GET_ID, 0, 20);
	struct req *s = req_new(VIRTIO_BLK_T_GET_ID, 0, 8);

	(void)state;
	memset(vt_ptr(r->data), 0xff, 20);
	req_post(r);
	assert_int_equal(BE.submits, 0); /* answered by the model */
	assert_int_equal(status_of(r), VIRTIO_BLK_S_OK);
	reap(r, 21);
	assert_memory_equal(vt_ptr(r->data), "disk-serial-0001\0\0\0\0", 20);
	/* a short buffer gets what fits */
	req_post(s);
	reap(s, 9);
	assert_memory_equal(vt_ptr(s->data), "disk-ser", 8);
	free(r);
	free(s);
}

static void test_unsupported(void **state)
{
	static const uint32_t types[] = {VIRTIO_BLK_T_DISCARD,
					 VIRTIO_BLK_T_WRITE_ZEROES,
					 VIRTIO_BLK_T_GET_LIFETIME,
					 2,
					 99,
					 0xffffffffu};

	(void)state;
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		struct req *r = req_new(types[i], 0, 512);

		req_post(r);
		assert_int_equal(status_of(r), VIRTIO_BLK_S_UNSUPP);
		reap(r, 1);
		free(r);
	}
	assert_int_equal(BE.submits, 0);
	assert_int_equal(vt.reports, 0);
}

static void test_past_end(void **state)
{
	static const struct {
		uint32_t type;
		uint64_t sector;
		uint32_t len;
	} cases[] = {
		{VIRTIO_BLK_T_IN, CAP, 512},
		{VIRTIO_BLK_T_IN, CAP - 1, 1024},
		{VIRTIO_BLK_T_OUT, CAP - 2, 2048},
		{VIRTIO_BLK_T_IN, 0xffffffffffffffffull, 512},
		{VIRTIO_BLK_T_OUT, 0xfffffffffffffff0ull, 8192},
		{VIRTIO_BLK_T_IN, CAP + 1, 0},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct req *r =
			req_new(cases[i].type, cases[i].sector, cases[i].len);

		req_post(r);
		assert_int_equal(status_of(r), VIRTIO_BLK_S_IOERR);
		reap(r, 1);
		free(r);
	}
	assert_int_equal(BE.submits, 0);
	/* the last sector itself is fine */
	struct req *r = req_new(VIRTIO_BLK_T_IN, CAP - 1, 512);
	req_post(r);
	be_complete(0, VIRTIO_BLK_S_OK);
	assert_int_equal(status_of(r), VIRTIO_BLK_S_OK);
	free(r);
}

static void test_malformed_ioerr(void **state)
{
	uint64_t hdr = vt_alloc(16, 16), data = vt_alloc(1024, 16);
	uint64_t st = vt_alloc(1, 1);
	struct virtio_blk_req_hdr *h = vt_ptr(hdr);
	struct {
		struct pvring_buf b[3];
		unsigned int nout, nin;
		uint32_t type;
	} cases[] = {
		/* header too short */
		{{{hdr, 8}, {st, 1}}, 1, 1, VIRTIO_BLK_T_IN},
		/* data not a multiple of 512 */
		{{{hdr, 16}, {data, 100}, {st, 1}}, 1, 2, VIRTIO_BLK_T_IN},
		{{{hdr, 16}, {data, 513}, {st, 1}}, 2, 1, VIRTIO_BLK_T_OUT},
		/* IN with device-readable data */
		{{{hdr, 16}, {data, 512}, {st, 1}}, 2, 1, VIRTIO_BLK_T_IN},
		/* OUT with device-writable data */
		{{{hdr, 16}, {data, 512}, {st, 1}}, 1, 2, VIRTIO_BLK_T_OUT},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		h->type = cases[i].type;
		h->sector = 0;
		*(uint8_t *)vt_ptr(st) = 0xee;
		assert_true(vt_add(&B.t, 0, &Q, cases[i].b, cases[i].nout,
				   cases[i].nin, &cases[i]) >= 0);
		assert_int_equal(*(uint8_t *)vt_ptr(st), VIRTIO_BLK_S_IOERR);
		void *tok;
		uint32_t len;
		assert_int_equal(vt_used(&Q, &tok, &len), 1);
		assert_ptr_equal(tok, &cases[i]);
		assert_int_equal(len, 1);
	}
	assert_int_equal(BE.submits, 0);
	assert_int_equal(B.stats.ioerr, 5);
	/* none of it is a broken ring */
	assert_int_equal(vt.reports, 0);
}

static void test_read_only_write(void **state)
{
	struct req *w, *r;

	(void)state;
	start(true, 0, 8);
	w = req_new(VIRTIO_BLK_T_OUT, 0, 512);
	r = req_new(VIRTIO_BLK_T_IN, 0, 512);
	req_post(w);
	assert_int_equal(status_of(w), VIRTIO_BLK_S_IOERR);
	reap(w, 1);
	req_post(r);
	be_complete(0, VIRTIO_BLK_S_OK);
	assert_int_equal(status_of(r), VIRTIO_BLK_S_OK);
	assert_int_equal(BE.submits, 1);
	free(w);
	free(r);
}

static void test_no_status_byte_needs_reset(void **state)
{
	uint64_t hdr = vt_alloc(16, 16), data = vt_alloc(512, 16);
	struct pvring_buf b[2] = {{hdr, 16}, {data, 512}};
	struct req *r;

	(void)state;
	((struct virtio_blk_req_hdr *)vt_ptr(hdr))->type = VIRTIO_BLK_T_OUT;
	assert_true(vt_add(&B.t, 0, &Q, b, 2, 0, NULL) >= 0);
	assert_true(vt_rd(&B.t, VIRTIO_MMIO_STATUS) &
		    VIRTIO_STATUS_DEVICE_NEEDS_RESET);
	assert_int_equal(vt.reports, 1);
	assert_non_null(strstr(vt.report_rule, "status byte"));
	assert_int_equal(BE.submits, 0);
	assert_int_equal(vblk_inflight(&B), 0);
	/* the guest resets and goes on */
	assert_int_equal(vt_negotiate(&B.t, V1), OK_STATUS);
	assert_int_equal(vt_queue(&B.t, 0, &Q, 8, V1), 1);
	vt_driver_ok(&B.t);
	r = req_new(VIRTIO_BLK_T_IN, 1, 512);
	req_post(r);
	be_complete(0, VIRTIO_BLK_S_OK);
	reap(r, 513);
	free(r);
}

static void test_too_many_segments(void **state)
{
	struct pvring_buf b[VBLK_CHAIN_MAX + 1];
	uint64_t data;
	struct req *r;
	unsigned int n = 0;

	(void)state;
	start(false, 0, VBLK_QUEUE_MAX);
	r = req_new(VIRTIO_BLK_T_IN, 0, 0);
	data = vt_alloc(512 * (VBLK_CHAIN_MAX - 1), 16);
	/* seg_max + 1 data segments: one more than offered */
	b[n++] = (struct pvring_buf){r->hdr, 16};
	for (unsigned int i = 0; i < VBLK_SEG_MAX + 1; i++)
		b[n++] = (struct pvring_buf){data + 512 * i, 512};
	b[n++] = (struct pvring_buf){r->status, 1};
	assert_true(vt_add(&B.t, 0, &Q, b, 1, n - 1, r) >= 0);
	assert_true(vt_rd(&B.t, VIRTIO_MMIO_STATUS) &
		    VIRTIO_STATUS_DEVICE_NEEDS_RESET);
	assert_int_equal(vt.reports, 1);
	assert_non_null(strstr(vt.report_rule, "seg_max"));
	assert_int_equal(BE.submits, 0);
	free(r);
}

static void test_max_segments_ok(void **state)
{
	struct pvring_buf b[VBLK_CHAIN_MAX];
	uint64_t data;
	struct req *r;
	unsigned int n = 0;

	(void)state;
	r = req_new(VIRTIO_BLK_T_IN, 0, 0);
	data = vt_alloc(512 * VBLK_SEG_MAX, 16);
	b[n++] = (struct pvring_buf){r->hdr, 16};
	for (unsigned int i = 0; i < VBLK_SEG_MAX; i++)
		b[n++] = (struct pvring_buf){data + 512 * i, 512};
	b[n++] = (struct pvring_buf){r->status, 1};
	assert_true(vt_add(&B.t, 0, &Q, b, 1, n - 1, r) >= 0);
	assert_int_equal(BE.n, 1);
	assert_int_equal(BE.q[0]->nseg, VBLK_SEG_MAX);
	be_complete(0, VIRTIO_BLK_S_OK);
	reap(r, 512 * VBLK_SEG_MAX + 1);
	assert_memory_equal(vt_ptr(data), BE.disk, 512 * VBLK_SEG_MAX);
	free(r);
}

/* The device may not assume framing (spec 2.6.4): header split over two
 * descriptors; data and status in one; indirect tables. */
static void test_framing(void **state)
{
	uint64_t hdr = vt_alloc(16, 16), buf = vt_alloc(513, 16);
	struct virtio_blk_req_hdr *h = vt_ptr(hdr);
	struct pvring_buf b[3] = {{hdr, 5}, {hdr + 5, 11}, {buf, 513}};
	void *tok;
	uint32_t len;

	(void)state;
	start(false, VIRTIO_BIT(VIRTIO_F_INDIRECT_DESC), 16);
	h->type = VIRTIO_BLK_T_IN;
	h->sector = 2;
	assert_true(vt_add(&B.t, 0, &Q, b, 2, 1, &b) >= 0);
	assert_int_equal(BE.n, 1);
	assert_int_equal(BE.q[0]->nseg, 1);
	assert_int_equal(BE.q[0]->seg[0].len, 512);
	be_complete(0, VIRTIO_BLK_S_OK);
	assert_int_equal(vt_used(&Q, &tok, &len), 1);
	assert_int_equal(len, 513);
	assert_memory_equal(vt_ptr(buf), BE.disk + 1024, 512);
	assert_int_equal(((uint8_t *)vt_ptr(buf))[512], VIRTIO_BLK_S_OK);
	/* the same through an indirect table, header and data in one
	 * readable buffer for an OUT */
	uint64_t tbl = vt_alloc(3 * 16, 16), out = vt_alloc(16 + 512, 16);
	uint64_t st = vt_alloc(1, 1);
	struct pvring_buf ib[2] = {{out, 16 + 512}, {st, 1}};
	h = vt_ptr(out);
	h->type = VIRTIO_BLK_T_OUT;
	h->sector = 9;
	memset((uint8_t *)vt_ptr(out) + 16, 0x42, 512);
	assert_true(pvring_drv_add_indirect(&Q.drv, ib, 1, 1, vt_ptr(tbl), tbl,
					    &ib) >= 0);
	if (pvring_drv_kick_prepare(&Q.drv))
		vt_wr(&B.t, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	assert_int_equal(BE.n, 1);
	be_complete(0, VIRTIO_BLK_S_OK);
	assert_int_equal(vt_used(&Q, &tok, &len), 1);
	assert_ptr_equal(tok, &ib);
	assert_int_equal(*(uint8_t *)vt_ptr(st), VIRTIO_BLK_S_OK);
	assert_int_equal(BE.disk[9 * 512], 0x42);
	assert_int_equal(BE.disk[10 * 512 - 1], 0x42);
}

static void test_many_in_flight(void **state)
{
	enum { N = 80 }; /* 3 descriptors each: 240 of the 256 */
	struct req *r[N];
	unsigned int done = 0, seen[N] = {0};

	(void)state;
	start(false, VIRTIO_BIT(VIRTIO_F_EVENT_IDX), 256);
	for (int i = 0; i < N; i++) {
		r[i] = req_new(i % 2 ? VIRTIO_BLK_T_IN : VIRTIO_BLK_T_OUT,
			       (uint64_t)(i % CAP), 512);
		memset(vt_ptr(r[i]->data), i, 512);
	}
	/* the odd (IN) ones read what is on disk before any OUT lands */
	for (int i = 0; i < N; i++)
		req_post(r[i]);
	/* the model keeps VBLK_INFLIGHT with the backend, the rest waits */
	assert_int_equal(BE.n, VBLK_INFLIGHT);
	assert_int_equal(vblk_inflight(&B), VBLK_INFLIGHT);
	/* complete in a scrambled order; each completion lets one more in */
	while (BE.n) {
		unsigned int k = (BE.n * 37 + 11) % BE.n;

		be_complete(k, VIRTIO_BLK_S_OK);
		for (;;) {
			void *tok;
			uint32_t len;
			int got = vt_used(&Q, &tok, &len);

			assert_true(got >= 0);
			if (!got)
				break;
			struct req *q = tok;
			int i;
			for (i = 0; i < N && r[i] != q; i++)
				;
			assert_true(i < N);
			assert_false(seen[i]);
			seen[i] = 1;
			assert_int_equal(len, i % 2 ? 513 : 1);
			assert_int_equal(status_of(q), VIRTIO_BLK_S_OK);
			done++;
		}
		if (pvring_drv_enable_cb(&Q.drv) == 1)
			continue;
	}
	assert_int_equal(done, N);
	assert_int_equal(BE.submits, N);
	assert_int_equal(vblk_inflight(&B), 0);
	for (int i = 0; i < N; i++)
		free(r[i]);
}

static void test_backend_busy(void **state)
{
	struct req *a = req_new(VIRTIO_BLK_T_IN, 0, 512);
	struct req *b = req_new(VIRTIO_BLK_T_IN, 1, 512);
	struct req *c = req_new(VIRTIO_BLK_T_IN, 2, 512);

	(void)state;
	req_post(a);
	BE.busy = true;
	req_post(b);
	req_post(c);
	assert_int_equal(BE.submits, 1);
	assert_int_equal(B.wait_count, 1); /* c stays in the ring */
	BE.busy = false;
	be_complete(0, VIRTIO_BLK_S_OK); /* frees the backend: b, then c */
	assert_int_equal(BE.submits, 3);
	assert_int_equal(BE.q[0]->sector, 1);
	assert_int_equal(BE.q[1]->sector, 2);
	be_complete(0, VIRTIO_BLK_S_OK);
	be_complete(0, VIRTIO_BLK_S_OK);
	reap(a, 513);
	reap(b, 513);
	reap(c, 513);
	free(a);
	free(b);
	free(c);
}

static void test_sync_completion(void **state)
{
	struct req *r[4];

	(void)state;
	BE.sync_status = VIRTIO_BLK_S_IOERR; /* fails before reaching a disk */
	for (int i = 0; i < 4; i++)
		r[i] = req_new(VIRTIO_BLK_T_IN, (uint64_t)i, 512);
	for (int i = 0; i < 4; i++)
		req_post(r[i]);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(status_of(r[i]), VIRTIO_BLK_S_IOERR);
		reap(r[i], 1);
		free(r[i]);
	}
	assert_int_equal(vblk_inflight(&B), 0);
	assert_true(vt.level);
}

static void test_completion_after_reset_dropped(void **state)
{
	struct req *old = req_new(VIRTIO_BLK_T_IN, 4, 512);
	struct req *w = req_new(VIRTIO_BLK_T_IN, 5, 512);
	struct req *nw;
	struct pvring_used *used_old;

	(void)state;
	req_post(old);
	BE.busy = true;
	req_post(w); /* waiting for the backend */
	assert_int_equal(BE.n, 1);
	used_old = vt_usedring(&Q);
	/* the guest resets the device while a request is with the disk */
	vt_wr(&B.t, VIRTIO_MMIO_STATUS, 0);
	assert_int_equal(vblk_inflight(&B), 1); /* the waiting one is gone */
	BE.busy = false;
	/* ... sets it up again, the new ring over the old memory */
	assert_int_equal(vt_negotiate(&B.t, V1), OK_STATUS);
	vt.next = Q.desc; /* reuse the same guest memory for the new ring */
	assert_int_equal(vt_queue(&B.t, 0, &Q, 128, V1), 1);
	vt_driver_ok(&B.t);
	assert_int_equal(BE.submits, 1); /* nothing resubmitted */
	memset(vt_ptr(old->status), 0xee, 1);
	/* the old request completes now: no status, no used entry */
	be_complete(0, VIRTIO_BLK_S_OK);
	assert_int_equal(status_of(old), 0xee);
	assert_int_equal(used_old->idx, 0);
	assert_int_equal(vt_used(&Q, NULL, NULL), 0);
	assert_int_equal(vblk_inflight(&B), 0);
	assert_true(B.t.stats.dropped >= 1);
	/* the new generation works */
	nw = req_new(VIRTIO_BLK_T_IN, 6, 512);
	req_post(nw);
	be_complete(0, VIRTIO_BLK_S_OK);
	reap(nw, 513);
	assert_memory_equal(vt_ptr(nw->data), BE.disk + 6 * 512, 512);
	free(old);
	free(w);
	free(nw);
}

static void test_completion_after_needs_reset_dropped(void **state)
{
	struct req *r = req_new(VIRTIO_BLK_T_IN, 4, 512);

	(void)state;
	req_post(r);
	/* the guest breaks the ring while the request is with the disk */
	vt_avail(&Q)->idx += VBLK_QUEUE_MAX + 44; /* more than N ahead */
	vt_wr(&B.t, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	assert_true(vt_rd(&B.t, VIRTIO_MMIO_STATUS) &
		    VIRTIO_STATUS_DEVICE_NEEDS_RESET);
	assert_int_equal(vt.reports, 1);
	be_complete(0, VIRTIO_BLK_S_OK);
	assert_int_equal(status_of(r), 0xee);
	assert_int_equal(vt_usedring(&Q)->idx, 0);
	assert_int_equal(vblk_inflight(&B), 0);
	free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_config, setup),
		cmocka_unit_test_setup(test_write_then_read, setup),
		cmocka_unit_test_setup(test_flush_and_backend_error, setup),
		cmocka_unit_test_setup(test_get_id, setup),
		cmocka_unit_test_setup(test_unsupported, setup),
		cmocka_unit_test_setup(test_past_end, setup),
		cmocka_unit_test_setup(test_malformed_ioerr, setup),
		cmocka_unit_test_setup(test_read_only_write, setup),
		cmocka_unit_test_setup(test_no_status_byte_needs_reset, setup),
		cmocka_unit_test_setup(test_too_many_segments, setup),
		cmocka_unit_test_setup(test_max_segments_ok, setup),
		cmocka_unit_test_setup(test_framing, setup),
		cmocka_unit_test_setup(test_many_in_flight, setup),
		cmocka_unit_test_setup(test_backend_busy, setup),
		cmocka_unit_test_setup(test_sync_completion, setup),
		cmocka_unit_test_setup(test_completion_after_reset_dropped,
				       setup),
		cmocka_unit_test_setup(
			test_completion_after_needs_reset_dropped, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
