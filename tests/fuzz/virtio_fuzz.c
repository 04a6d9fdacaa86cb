// SPDX-License-Identifier: MIT
/* libFuzzer target for the virtio devices: arbitrary register-access
 * sequences and ring contents against the virtio-mmio transport with the
 * blk, console and rng models on top (hypervisor/virtio/), over one small
 * fake guest RAM, with fake asynchronous backends completing in the order
 * the input says -- also after resets.
 *
 * Checked after every step (besides ASan/UBSan on every access): every
 * pointer a device hands to a backend or a sink lies inside guest RAM;
 * the interrupt callback reports changes only and follows InterruptStatus;
 * a rule is reported at most once between resets; FEATURES_OK is only ever
 * set for a subset of the offered features that includes VERSION_1; no
 * backend request is completed twice and every model's slot count adds up.
 *
 * Input: steps, each an opcode byte (op % 12) and its operands, see
 * LLVMFuzzerTestOneInput. Missing bytes read as 0. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_input.h"
#include "virtio_blk.h"
#include "virtio_console.h"
#include "virtio_rng.h"

#define RAM_BASE 0x80000000ull
#define RAM_SIZE 0x10000u
#define DISK_SECTORS 16
#define NDEV 3

static uint16_t take16(struct input *in)
{
	return (uint16_t)(take8(in) | take8(in) << 8);
}

static uint32_t take32(struct input *in)
{
	return take16(in) | (uint32_t)take16(in) << 16;
}

/* per device: what the transport owner sees */
struct owner {
	bool level;
	unsigned int reports; /* since the last reset */
};

static struct world {
	uint8_t *ram; /* exactly RAM_SIZE bytes: ASan sees any overflow */
	uint8_t disk[DISK_SECTORS * 512];
	struct vblk blk;
	struct vcons cons;
	struct vrng rng;
	struct owner own[NDEV];
	struct vblk_io *blk_q[VBLK_INFLIGHT];
	unsigned int blk_n;
	struct vrng_io *rng_q[VRNG_INFLIGHT];
	unsigned int rng_n;
	bool blk_busy, rng_busy;
	int blk_sync; /* >= 0: complete inside submit with that status */
	uint8_t rx[64];
} W;

static bool in_ram(const void *p, size_t len)
{
	const uint8_t *b = p;

	return b >= W.ram && b <= W.ram + RAM_SIZE &&
	       len <= (size_t)(W.ram + RAM_SIZE - b);
}

static void *translate(void *ctx, uint64_t gpa, uint32_t len, bool w)
{
	(void)ctx;
	(void)w;
	if (gpa < RAM_BASE || gpa - RAM_BASE > RAM_SIZE ||
	    len > RAM_SIZE - (gpa - RAM_BASE))
		return NULL;
	return W.ram + (gpa - RAM_BASE);
}

static struct vmmio *transport(unsigned int d)
{
	return d == 0 ? &W.blk.t : d == 1 ? &W.cons.t : &W.rng.t;
}

static void irq(void *ctx, bool level)
{
	struct owner *o = ctx;

	CHECK(level != o->level);
	o->level = level;
}

static void report(void *ctx, int q, const char *rule)
{
	struct owner *o = ctx;

	CHECK(rule && rule[0]);
	CHECK(q >= -1 && q < VMMIO_QUEUES_MAX);
	o->reports++;
	CHECK(o->reports == 1);
}

static const struct vmmio_host_ops host = {
	.translate = translate,
	.irq = irq,
	.report = report,
};

/* ---- backends ---------------------------------------------------------- */

static void blk_do(struct vblk_io *io, uint8_t status)
{
	uint64_t off = io->sector * 512;

	CHECK(io->nseg <= VBLK_CHAIN_MAX);
	for (unsigned int i = 0; i < io->nseg; i++) {
		const struct vblk_io_seg *s = &io->seg[i];

		CHECK(in_ram(s->ptr, s->len));
		if (io->type == VIRTIO_BLK_T_FLUSH || off >= sizeof(W.disk))
			continue;
		uint32_t l = s->len;
		if (l > sizeof(W.disk) - off)
			l = (uint32_t)(sizeof(W.disk) - off);
		if (s->write)
			memcpy(s->ptr, W.disk + off, l);
		else
			memcpy(W.disk + off, s->ptr, l);
		off += l;
	}
	vblk_complete(&W.blk, io, status);
}

static int blk_submit(void *ctx, struct vblk_io *io)
{
	(void)ctx;
	if (W.blk_busy)
		return -1;
	for (unsigned int i = 0; i < io->nseg; i++)
		CHECK(in_ram(io->seg[i].ptr, io->seg[i].len));
	/* the model checked the range against the capacity */
	if (io->type != VIRTIO_BLK_T_FLUSH)
		CHECK(io->sector <= DISK_SECTORS);
	if (W.blk_sync >= 0) {
		blk_do(io, (uint8_t)W.blk_sync);
		return 0;
	}
	for (unsigned int i = 0; i < W.blk_n; i++)
		CHECK(W.blk_q[i] != io); /* a slot is never given twice */
	CHECK(W.blk_n < VBLK_INFLIGHT);
	W.blk_q[W.blk_n++] = io;
	return 0;
}

static uint64_t blk_capacity(void *ctx)
{
	(void)ctx;
	return DISK_SECTORS;
}

static const char *blk_serial(void *ctx)
{
	(void)ctx;
	return "fuzz-disk-serial-number-long";
}

static const struct vblk_backend blk_be = {
	.submit = blk_submit,
	.capacity = blk_capacity,
	.serial = blk_serial,
};

static int rng_submit(void *ctx, struct vrng_io *io)
{
	(void)ctx;
	if (W.rng_busy)
		return -1;
	CHECK(io->len > 0 && in_ram(io->ptr, io->len));
	CHECK(W.rng_n < VRNG_INFLIGHT);
	W.rng_q[W.rng_n++] = io;
	return 0;
}

static const struct vrng_backend rng_be = {.submit = rng_submit};

static void cons_tx(void *ctx, const uint8_t *buf, size_t n)
{
	(void)ctx;
	CHECK(n > 0 && in_ram(buf, n));
}

static void cons_rx_wanted(void *ctx)
{
	(void)ctx;
}

static const struct vcons_ops cons_ops = {.tx = cons_tx,
					  .rx_wanted = cons_rx_wanted};

/* ---- invariants -------------------------------------------------------- */

static void check_transport(unsigned int d)
{
	struct vmmio *t = transport(d);
	uint64_t st = 0, is = 0;

	CHECK(vmmio_read(t, VIRTIO_MMIO_STATUS, 4, &st) == VMMIO_OK);
	CHECK(vmmio_read(t, VIRTIO_MMIO_INTERRUPT_STATUS, 4, &is) == VMMIO_OK);
	CHECK(W.own[d].level == (is != 0));
	CHECK((is & ~3ull) == 0);
	if (st & VIRTIO_STATUS_FEATURES_OK) {
		uint64_t f = vmmio_features(t);

		CHECK(f & VIRTIO_BIT(VIRTIO_F_VERSION_1));
		CHECK((f & ~t->offered) == 0);
	}
	if (st & VIRTIO_STATUS_DRIVER_OK)
		CHECK(st & VIRTIO_STATUS_FEATURES_OK);
	for (unsigned int q = 0; q < VMMIO_QUEUES_MAX; q++)
		if (t->q[q].ready)
			CHECK(pvring_size_valid(t->q[q].num));
}

static void check_slots(void)
{
	unsigned int waiting = 0;

	for (unsigned int i = 0; i < VBLK_INFLIGHT; i++)
		waiting += W.blk.slot[i].state == VBLK_WAITING;
	CHECK(waiting == W.blk.wait_count);
	/* with the backend: exactly the ones it holds */
	CHECK(vblk_inflight(&W.blk) == W.blk_n + W.blk.wait_count);
	CHECK(vrng_inflight(&W.rng) == W.rng_n + (W.rng.waiting >= 0));
}

/* ---- steps ------------------------------------------------------------- */

static void reset_owner(unsigned int d)
{
	W.own[d].reports = 0;
}

static void mmio_write(struct input *in)
{
	static const unsigned int widths[] = {4, 4, 4, 1, 2, 8, 3, 0};
	unsigned int d = take8(in) % NDEV;
	uint64_t off = take16(in) % 0x1100;
	unsigned int w = widths[take8(in) % 8];
	uint32_t v = take32(in);

	if (off == VIRTIO_MMIO_STATUS && v == 0 && w == 4)
		reset_owner(d);
	(void)vmmio_write(transport(d), off, w, v);
}

static void mmio_read(struct input *in)
{
	static const unsigned int widths[] = {4, 1, 2, 8};
	unsigned int d = take8(in) % NDEV;
	uint64_t off = take16(in) % 0x1100, v = 0;
	unsigned int w = widths[take8(in) % 4];

	if (vmmio_read(transport(d), off, w, &v) == VMMIO_OK && w < 8)
		CHECK(v < 1ull << (8 * w));
}

static void ram_write(struct input *in)
{
	uint16_t off = take16(in) % RAM_SIZE;
	unsigned int n = take8(in) % 32;

	for (unsigned int i = 0; i < n && off + i < RAM_SIZE; i++)
		W.ram[off + i] = take8(in);
}

/* A driver's set-up, with addresses and sizes from the input (mostly
 * plausible, sometimes not): gets the fuzzer to live queues quickly. */
static void driver_setup(struct input *in)
{
	unsigned int d = take8(in) % NDEV;
	struct vmmio *t = transport(d);
	uint8_t flags = take8(in);
	uint32_t f0 = take32(in);

	reset_owner(d);
	vmmio_write(t, VIRTIO_MMIO_STATUS, 4, 0);
	vmmio_write(t, VIRTIO_MMIO_STATUS, 4, 1);
	vmmio_write(t, VIRTIO_MMIO_STATUS, 4, 3);
	vmmio_write(t, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 4, 0);
	vmmio_write(t, VIRTIO_MMIO_DRIVER_FEATURES, 4,
		    flags & 1 ? f0 : (uint32_t)t->offered & f0);
	vmmio_write(t, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 4, 1);
	vmmio_write(t, VIRTIO_MMIO_DRIVER_FEATURES, 4, flags & 2 ? 0 : 1);
	vmmio_write(t, VIRTIO_MMIO_STATUS, 4, 0xb);
	for (unsigned int q = 0; q < t->dev->nqueues; q++) {
		uint32_t num = 1u << (take8(in) % 10);
		uint64_t base = RAM_BASE + (take16(in) & 0xfff0u);
		uint64_t avail = base + pvring_desc_bytes(num);
		uint64_t used = (avail + pvring_avail_bytes(num) + 3) & ~3ull;

		if (flags & 4) /* misplace one area */
			used += take8(in);
		vmmio_write(t, VIRTIO_MMIO_QUEUE_SEL, 4, q);
		vmmio_write(t, VIRTIO_MMIO_QUEUE_NUM, 4, num);
		vmmio_write(t, VIRTIO_MMIO_QUEUE_DESC_LOW, 4, (uint32_t)base);
		vmmio_write(t, VIRTIO_MMIO_QUEUE_DRIVER_LOW, 4,
			    (uint32_t)avail);
		vmmio_write(t, VIRTIO_MMIO_QUEUE_DEVICE_LOW, 4, (uint32_t)used);
		vmmio_write(t, VIRTIO_MMIO_QUEUE_READY, 4, 1);
	}
	vmmio_write(t, VIRTIO_MMIO_STATUS, 4, 0xf);
}

/* Write a chain of descriptors into a live queue's table, offer it and
 * notify: descriptor fields from the input, addresses mostly in RAM. */
static void post_chain(struct input *in)
{
	unsigned int d = take8(in) % NDEV;
	struct vmmio *t = transport(d);
	unsigned int qi = take8(in) % t->dev->nqueues;
	struct vmmio_queue *q = &t->q[qi];
	unsigned int n = 1 + take8(in) % 8;
	struct pvring_desc *desc;
	struct pvring_avail *avail;
	uint16_t head;

	if (!q->ready)
		return;
	desc = translate(NULL, q->desc, (uint32_t)pvring_desc_bytes(q->num),
			 false);
	avail = translate(NULL, q->driver, (uint32_t)pvring_avail_bytes(q->num),
			  false);
	if (!desc || !avail)
		return;
	head = take16(in) % q->num;
	for (unsigned int k = 0, i = head; k < n; k++) {
		uint8_t fl = take8(in);
		struct pvring_desc dd;

		dd.addr = fl & 0x80 ? (uint64_t)take32(in) << 16 | take16(in)
				    : RAM_BASE + take16(in);
		dd.len = fl & 0x40 ? take32(in) : take16(in) % 2048;
		dd.flags = (uint16_t)(fl & 7);
		if (k + 1 < n)
			dd.flags |= PVRING_DESC_F_NEXT;
		dd.next = fl & 0x20 ? take16(in) : (uint16_t)((i + 1) % q->num);
		memcpy(&desc[i], &dd, sizeof(dd));
		i = dd.next % q->num;
	}
	avail->ring[avail->idx % q->num] = head;
	avail->idx++;
	vmmio_write(t, VIRTIO_MMIO_QUEUE_NOTIFY, 4, qi);
}

static void blk_complete_step(struct input *in)
{
	unsigned int k;
	struct vblk_io *io;

	if (!W.blk_n)
		return;
	k = take8(in) % W.blk_n;
	io = W.blk_q[k];
	memmove(&W.blk_q[k], &W.blk_q[k + 1],
		(W.blk_n - k - 1) * sizeof(W.blk_q[0]));
	W.blk_n--;
	blk_do(io, take8(in) % 4);
}

static void rng_complete_step(struct input *in)
{
	unsigned int k;
	struct vrng_io *io;
	uint32_t len;

	if (!W.rng_n)
		return;
	k = take8(in) % W.rng_n;
	io = W.rng_q[k];
	memmove(&W.rng_q[k], &W.rng_q[k + 1],
		(W.rng_n - k - 1) * sizeof(W.rng_q[0]));
	W.rng_n--;
	len = take16(in);
	memset(io->ptr, 0x5a, len < io->len ? len : io->len);
	vrng_complete(&W.rng, io, len);
}

static void world_init(void)
{
	static uint8_t *ram;

	if (!ram)
		ram = malloc(RAM_SIZE);
	CHECK(ram);
	memset(&W, 0, sizeof(W));
	memset(ram, 0, RAM_SIZE);
	W.ram = ram;
	W.blk_sync = -1;
	vblk_init(&W.blk, &blk_be, NULL, &host, &W.own[0]);
	vcons_init(&W.cons, &cons_ops, NULL, &host, &W.own[1]);
	vrng_init(&W.rng, &rng_be, NULL, &host, &W.own[2]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = {data, size};
	unsigned int steps = 0;

	world_init();
	while (in.n && steps++ < 4096) {
		uint8_t op = take8(&in) % 12;

		switch (op) {
		case 0:
		case 1:
			mmio_write(&in);
			break;
		case 2:
			mmio_read(&in);
			break;
		case 3:
			ram_write(&in);
			break;
		case 4:
			driver_setup(&in);
			break;
		case 5:
		case 6:
			post_chain(&in);
			break;
		case 7:
			blk_complete_step(&in);
			break;
		case 8:
			rng_complete_step(&in);
			break;
		case 9: {
			size_t n = take8(&in) % sizeof(W.rx);

			for (size_t i = 0; i < n; i++)
				W.rx[i] = take8(&in);
			CHECK(vcons_rx_push(&W.cons, W.rx, n) <= n);
			break;
		}
		case 10: {
			uint8_t b = take8(&in);

			W.blk_busy = b & 1;
			W.rng_busy = b & 2;
			W.blk_sync = b & 4 ? (b >> 4) % 4 : -1;
			break;
		}
		case 11: {
			unsigned int d = take8(&in) % NDEV;

			reset_owner(d); /* a guest reboot */
			vmmio_reset(transport(d));
			break;
		}
		}
		for (unsigned int d = 0; d < NDEV; d++)
			check_transport(d);
		check_slots();
	}
	/* the backends finish everything; nothing may go wrong then either */
	W.blk_busy = W.rng_busy = false;
	W.blk_sync = -1;
	while (W.blk_n) {
		struct vblk_io *io = W.blk_q[--W.blk_n];

		blk_do(io, 0);
	}
	while (W.rng_n)
		vrng_complete(&W.rng, W.rng_q[--W.rng_n], 1);
	check_slots();
	return 0;
}
