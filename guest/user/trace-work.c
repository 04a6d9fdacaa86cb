/* SPDX-License-Identifier: MIT */
/*
 * The tracing workload (make trace): one process doing file and block I/O
 * through both system-call paths while another computes.
 *   trace-work [ROUNDS [DISK_BYTES]]      (defaults 4, 1 MiB)
 * spawns `trace-work cpu MS` (a computing child, no system calls while it
 * computes), then per round:
 *   - trap path: a file in the in-memory file system written and read
 *     back (4 KiB x 4), /dev/vda written and read back (4 KiB x 4, pwrite,
 *     pread);
 *   - ring path, 8 requests in flight: /dev/vda written and read back
 *     (4 KiB x 16 at other offsets), the file read back through the ring.
 * Every read is checked; waits for the child; exit status 0 if all went
 * right (as init, the kernel then powers off). Without /dev/vda it does
 * the file half only and says so.
 */
#include "ulib.h"
#include "uring.h"

#define CHUNK 4096
#define DEPTH 8
#define TRAP_CHUNKS 4
#define RING_CHUNKS 16

static struct uring ring;
static unsigned char buf[DEPTH][CHUNK] __attribute__((aligned(4096)));
static unsigned char chk[CHUNK] __attribute__((aligned(4096)));

static unsigned char pattern(uint64_t i, unsigned round)
{
	return (unsigned char)((i >> 9) * 31 ^ i * 7 ^ round * 13 ^ 0x5a);
}

static void fill(unsigned char *b, uint64_t off, unsigned round)
{
	for (unsigned k = 0; k < CHUNK; k++)
		b[k] = pattern(off + k, round);
}

static int matches(const unsigned char *b, uint64_t off, unsigned round)
{
	for (unsigned k = 0; k < CHUNK; k++)
		if (b[k] != pattern(off + k, round))
			return 0;
	return 1;
}

/* The computing child: integer work for about ms milliseconds. */
static int compute(unsigned ms)
{
	uint64_t end = rdtime() + (uint64_t)ms * 10000; /* 10 MHz timebase */
	uint64_t x = 1, n = 0;

	while (rdtime() < end) {
		for (unsigned i = 0; i < 10000; i++)
			x = x * 6364136223846793005ull + 1442695040888963407ull;
		n++;
	}
	printf("trace-work: cpu: %lu rounds (%lx)\n", (unsigned long)n,
	       (unsigned long)(x & 0xffff));
	return 0;
}

/* Trap path: CHUNKs at [base, base + n * CHUNK) written then read back. */
static long trap_pass(int fd, uint64_t base, unsigned n, unsigned round)
{
	long bad = 0;

	for (unsigned k = 0; k < n; k++) {
		uint64_t off = base + (uint64_t)k * CHUNK;
		fill(chk, off, round);
		bad += pwrite(fd, chk, CHUNK, off) != CHUNK;
	}
	for (unsigned k = 0; k < n; k++) {
		uint64_t off = base + (uint64_t)k * CHUNK;
		bad += pread(fd, chk, CHUNK, off) != CHUNK ||
		       !matches(chk, off, round);
	}
	return bad;
}

static void span_fill(unsigned char *b, uint64_t off, void *ctx)
{
	fill(b, off, *(unsigned *)ctx);
}

static int span_check(const unsigned char *b, uint64_t off, void *ctx)
{
	return matches(b, off, *(unsigned *)ctx);
}

/* Ring path, DEPTH in flight over [from, to): write or read (checked). */
static long ring_pass(int fd, uint64_t from, uint64_t to, int write,
		      unsigned round)
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
		.ctx = &round,
	};
	long bad;

	for (unsigned i = 0; i < DEPTH; i++)
		bufs[i] = buf[i];
	bad = uring_span(&ring, &s, from, to);
	return bad < 0 ? -1000 : bad;
}

int main(int argc, char **argv)
{
	if (argc > 2 && !strcmp(argv[1], "cpu"))
		return compute((unsigned)atol_u(argv[2]));
	unsigned rounds = argc > 1 ? (unsigned)atol_u(argv[1]) : 4;
	uint64_t disk = argc > 2 ? (uint64_t)atol_u(argv[2]) : 1u << 20;
	const char *cargv[] = {"trace-work", "cpu", "200", 0};
	long bad = 0, child = spawn("/bin/trace-work", cargv);

	if (child < 0)
		printf("trace-work: no computing child (%s)\n", strerr(child));
	if (uring_init(&ring, 64)) {
		printf("trace-work: no syscall ring\n");
		return 1;
	}
	long ffd = open("/trace-work.dat", O_RDWR | O_CREAT);
	long dfd = open("/dev/vda", O_RDWR);
	if (ffd < 0) {
		printf("trace-work: no file (%s)\n", strerr(ffd));
		return 1;
	}
	if (dfd < 0)
		printf("trace-work: no /dev/vda (%s): file I/O only\n",
		       strerr(dfd));
	uint64_t ring_base = TRAP_CHUNKS * CHUNK;
	uint64_t ring_end = ring_base + RING_CHUNKS * CHUNK;
	if (dfd >= 0 && disk < ring_end) {
		printf("trace-work: disk of %lu bytes is too small (%lu)\n",
		       (unsigned long)disk, (unsigned long)ring_end);
		return 1;
	}
	for (unsigned r = 0; r < rounds; r++) {
		bad += trap_pass((int)ffd, 0, TRAP_CHUNKS, r);
		bad += ring_pass((int)ffd, 0, TRAP_CHUNKS * CHUNK, 0, r);
		if (dfd >= 0) {
			bad += trap_pass((int)dfd, 0, TRAP_CHUNKS, r);
			bad += ring_pass((int)dfd, ring_base, ring_end, 1, r);
			bad += ring_pass((int)dfd, ring_base, ring_end, 0, r);
		}
	}
	int st = -1;
	if (child > 0 && (waitpid(child, &st) != child || st != 0))
		bad++;
	close((int)ffd);
	if (dfd >= 0)
		close((int)dfd);
	printf("trace-work: %u rounds, %s, %ld bad\n", rounds,
	       dfd >= 0 ? "file and disk" : "file only", bad);
	return bad != 0;
}
