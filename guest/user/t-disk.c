/* SPDX-License-Identifier: MIT */
/* The first disk (/dev/vda) through both system-call paths:
 *   t-disk BYTES   (the disk's size, a multiple of 8 KiB)
 * writes a known pattern, the first half by trap (pwrite), the second
 * half through the ring (8 requests in flight), reads each half back
 * through the other path, and checks the errors both paths give. The
 * pattern stays on the disk: the host checks every byte of the image. */
#include "ulib.h"
#include "uring.h"

#define CHUNK 4096
#define DEPTH 8

static struct uring ring;
/* page-aligned: a ring buffer must be one contiguous piece */
static unsigned char buf[DEPTH][CHUNK] __attribute__((aligned(4096)));
static unsigned char chk[CHUNK] __attribute__((aligned(4096)));

/* byte at disk offset i: depends on the sector, so a block written to
 * the wrong place shows */
static unsigned char pattern(uint64_t i)
{
	return (unsigned char)((i >> 9) * 29 ^ i * 37 ^ 0xa5);
}

static void fill(unsigned char *b, uint64_t off)
{
	for (unsigned k = 0; k < CHUNK; k++)
		b[k] = pattern(off + k);
}

static int matches(const unsigned char *b, uint64_t off, unsigned n)
{
	for (unsigned k = 0; k < n; k++)
		if (b[k] != pattern(off + k))
			return 0;
	return 1;
}

static void span_fill(unsigned char *b, uint64_t off, void *ctx)
{
	(void)ctx;
	fill(b, off);
}

static int span_check(const unsigned char *b, uint64_t off, void *ctx)
{
	(void)ctx;
	return matches(b, off, CHUNK);
}

/* DEPTH requests in flight over [from, to): write (pattern) or read
 * (checked); returns how many chunks went right, -1 if the ring failed. */
static long ring_pass(int fd, uint64_t from, uint64_t to, int write)
{
	static unsigned char *bufs[DEPTH];
	const struct uring_span s = {
		.fd = fd,
		.write = write,
		.chunk = CHUNK,
		.nbuf = DEPTH,
		.buf = bufs,
		.fill = span_fill,
		.check = span_check,
		.ctx = 0,
	};
	long bad;

	for (unsigned i = 0; i < DEPTH; i++)
		bufs[i] = buf[i];
	bad = uring_span(&ring, &s, from, to);
	return bad < 0 ? -1 : (long)((to - from) / CHUNK) - bad;
}

static long ring_one(int op, int fd, uint64_t off, void *p, uint32_t len)
{
	struct pvring_buf b = {(uintptr_t)p, len};
	struct uring_cqe c;
	int w = op == GK_OP_WRITE;

	if (uring_prep(&ring, (uint32_t)op, fd, off, GK_REQ_F_OFFSET, 0, &b, w,
		       !w, 0) ||
	    uring_submit_and_wait(&ring, 1) || uring_reap(&ring, &c) != 1)
		return -9999;
	return c.result;
}

int main(int argc, char **argv)
{
	uint64_t size = argc > 1 ? (uint64_t)atol_u(argv[1]) : 0;
	uint64_t half = size / 2;

	tap_plan(14);
	long fd = open("/dev/vda", O_RDWR);
	if (fd < 0 || !size || size % (2 * CHUNK) || uring_init(&ring, 64)) {
		tap_diag("no disk (%s) or bad size %lu", strerr(fd),
			 (unsigned long)size);
		return tap_done() + 1;
	}
	long good = 0;
	for (uint64_t off = 0; off < half; off += CHUNK) {
		fill(buf[0], off);
		good += pwrite((int)fd, buf[0], CHUNK, off) == CHUNK;
	}
	TAP_EQ(good, half / CHUNK, "trap: first half written in 4 KiB writes");
	TAP_EQ(ring_pass((int)fd, half, size, 1), (size - half) / CHUNK,
	       "ring: second half written, 8 requests in flight");
	TAP_EQ(ring_pass((int)fd, 0, half, 0), half / CHUNK,
	       "ring: the first half reads back right");
	good = 0;
	for (uint64_t off = half; off < size; off += CHUNK)
		good += pread((int)fd, chk, CHUNK, off) == CHUNK &&
			matches(chk, off, CHUNK);
	TAP_EQ(good, half / CHUNK, "trap: the second half reads back right");

	/* the file offset: seek, then read where it points */
	TAP_EQ(seek((int)fd, 1024), 1024, "seek to sector 2");
	tap_ok(read((int)fd, chk, 512) == 512 && matches(chk, 1024, 512) &&
		       read((int)fd, chk, 512) == 512 &&
		       matches(chk, 1536, 512),
	       "reads at the file offset follow each other");
	TAP_EQ(seek((int)fd, 100), -EINVAL, "seek off a sector boundary");

	/* errors: the same on both paths */
	long t = pwrite((int)fd, chk, 512, 100);
	long r = ring_one(GK_OP_WRITE, (int)fd, 100, chk, 512);
	tap_ok(t == -EINVAL && r == -EINVAL,
	       "write off a sector boundary: -EINVAL (%ld, %ld)", t, r);
	t = pread((int)fd, chk, 100, 0);
	r = ring_one(GK_OP_READ, (int)fd, 0, chk, 100);
	tap_ok(t == -EINVAL && r == -EINVAL,
	       "read of a partial sector: -EINVAL (%ld, %ld)", t, r);
	t = pwrite((int)fd, chk, 512, size);
	r = ring_one(GK_OP_WRITE, (int)fd, size, chk, 512);
	tap_ok(t == -ENOSPC && r == -ENOSPC,
	       "write at the end: -ENOSPC (%ld, %ld)", t, r);
	t = pread((int)fd, chk, 512, size);
	r = ring_one(GK_OP_READ, (int)fd, size, chk, 512);
	tap_ok(t == 0 && r == 0, "read at the end: 0 (%ld, %ld)", t, r);
	t = pread((int)fd, chk, 1024, size - 512);
	tap_ok(t == 512 && matches(chk, size - 512, 512),
	       "a read over the end stops there (%ld)", t);
	TAP_EQ(open("/dev/vdz", O_RDWR), -ENOENT, "no such disk: -ENOENT");
	close((int)fd);
	tap_ok(!uring_broken(&ring), "the ring still works");
	return tap_done();
}
