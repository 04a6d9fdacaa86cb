/* SPDX-License-Identifier: MIT */
/* Soak load for `make soak` (scripts/soak/soak.sh):
 *   soak TAG SECONDS BYTES   the disk load on /dev/vda (BYTES: its size)
 *   soak worker SECONDS      system calls and sleeps beside it
 * The disk load writes 4 KiB blocks (soak_block.h) in rounds, through
 * the ring (DEPTH requests in flight) and by trap, then reads back and
 * checks random blocks through both paths, and spawns a worker that keeps
 * the other vCPU busy with short sleeps, yields and calls (timers, IPIs,
 * tasks moving between vCPUs). A heartbeat line each second; at the end
 * the number of writes done, which tells the host what every block of the
 * image must hold. A write counts as done when the round's flush (fsync,
 * virtio-blk FLUSH, by trap and through the ring in turn) came back. */
#include "soak_block.h"
#include "ulib.h"
#include "uring.h"

#define DEPTH 8
#define TRAP_WRITES 4
#define READS 6
#define STRIDE 1031 /* odd: write k covers every block once per lap */

static struct uring ring;
static unsigned char buf[DEPTH][SOAK_BLOCK] __attribute__((aligned(4096)));
static unsigned char rbuf[SOAK_BLOCK] __attribute__((aligned(4096)));

static uint64_t blocks, done_writes, reads, errors, bad_reads, calls, flushes;
static uint32_t tag;
static int fd;
static uint64_t rnd_state = 88172645463325252ull;

static uint64_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

static uint64_t now(void)
{
	uint64_t t;

	__asm__ volatile("rdtime %0" : "=r"(t));
	return t;
}

static void error(const char *what, uint64_t block, long r)
{
	errors++;
	if (errors <= 20)
		printf("soak: ERROR %s block %lu: %ld\n", what,
		       (unsigned long)block, r);
}

/* the write that block b last got, out of the first n (UINT64_MAX: none) */
static uint64_t last_write(uint64_t b, uint64_t n)
{
	uint64_t k0 = 0;

	/* k0: the first write to b (stride is invertible mod blocks) */
	while (soak_block_of(k0, STRIDE, blocks) != b)
		k0++;
	if (k0 >= n)
		return UINT64_MAX;
	return k0 + (n - 1 - k0) / blocks * blocks;
}

/* DEPTH writes through the ring at once */
static void ring_writes(void)
{
	struct uring_cqe c;
	unsigned n = 0;

	for (unsigned i = 0; i < DEPTH; i++) {
		uint64_t k = done_writes + i;
		uint64_t b = soak_block_of(k, STRIDE, blocks);
		struct pvring_buf d = {(uintptr_t)buf[i], SOAK_BLOCK};

		soak_fill(buf[i], tag, b, k);
		if (uring_prep(&ring, GK_OP_WRITE, fd, b * SOAK_BLOCK,
			       GK_REQ_F_OFFSET, b, &d, 1, 0,
			       (void *)(uintptr_t)(i + 1))) {
			error("ring prep", b, -1);
			break;
		}
		n++;
	}
	while (n) {
		if (uring_submit_and_wait(&ring, 1)) {
			error("ring submit", 0, -1);
			return;
		}
		while (n && uring_reap(&ring, &c) == 1) {
			n--;
			if (c.result != SOAK_BLOCK)
				error("ring write", c.user_data, c.result);
		}
	}
	done_writes += DEPTH;
}

static void trap_writes(void)
{
	for (unsigned i = 0; i < TRAP_WRITES; i++) {
		uint64_t k = done_writes;
		uint64_t b = soak_block_of(k, STRIDE, blocks);
		long r;

		soak_fill(buf[0], tag, b, k);
		r = pwrite(fd, buf[0], SOAK_BLOCK, b * SOAK_BLOCK);
		if (r != SOAK_BLOCK)
			error("trap write", b, r);
		done_writes++;
	}
}

/* FLUSH: the round's writes are in the host's image file; by trap and
 * through the ring in turn */
static void flush(uint64_t round)
{
	struct uring_cqe c;
	long r = -9999;

	if (round & 1)
		r = fsync(fd);
	else if (!uring_prep(&ring, GK_OP_FSYNC, fd, 0, 0, 0, 0, 0, 0,
			     (void *)1) &&
		 !uring_submit_and_wait(&ring, 1) && uring_reap(&ring, &c) == 1)
		r = c.result;
	flushes++;
	if (r)
		error(round & 1 ? "trap fsync" : "ring fsync", 0, r);
}

static long ring_read(uint64_t b)
{
	struct pvring_buf d = {(uintptr_t)rbuf, SOAK_BLOCK};
	struct uring_cqe c;

	if (uring_prep(&ring, GK_OP_READ, fd, b * SOAK_BLOCK, GK_REQ_F_OFFSET,
		       b, &d, 0, 1, (void *)1) ||
	    uring_submit_and_wait(&ring, 1) || uring_reap(&ring, &c) != 1)
		return -9999;
	return c.result;
}

/* read random blocks back, by ring and by trap, and check them */
static void verify(void)
{
	for (unsigned i = 0; i < READS; i++) {
		uint64_t b = rnd() & (blocks - 1);
		uint64_t k = last_write(b, done_writes);
		long r = i & 1 ? ring_read(b)
			       : pread(fd, rbuf, SOAK_BLOCK, b * SOAK_BLOCK);
		int bad;

		reads++;
		if (r != SOAK_BLOCK) {
			error(i & 1 ? "ring read" : "trap read", b, r);
			continue;
		}
		if (k == UINT64_MAX)
			continue; /* not written yet */
		bad = soak_check(rbuf, tag, b, k);
		if (bad) {
			bad_reads++;
			error("read back: wrong content (1 magic, 2 block, 3 "
			      "sum, 4 older write)",
			      b, bad);
		}
	}
}

static void misc_calls(void)
{
	getpid();
	getcpu();
	sys_nop();
	calls += 3;
	if (!(rnd() & 7)) {
		usleep(50 + rnd() % 500);
		calls++;
	}
}

static int worker(uint64_t secs)
{
	uint64_t end = now() + secs * timebase(), ops = 0;
	struct gk_stats st;

	while (now() < end) {
		switch (rnd() % 4) {
		case 0:
			usleep(20 + rnd() % 2000);
			break;
		case 1:
			yield();
			break;
		case 2:
			getstats(&st);
			break;
		default:
			getcpu();
		}
		ops++;
	}
	printf("soak-worker: %lu calls\n", (unsigned long)ops);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "worker"))
		return worker((uint64_t)atol_u(argv[2]));
	if (argc != 4) {
		printf("usage: soak TAG SECONDS BYTES | soak worker SECONDS\n");
		return 2;
	}
	tag = (uint32_t)argv[1][0];
	uint64_t secs = (uint64_t)atol_u(argv[2]);
	blocks = (uint64_t)atol_u(argv[3]) / SOAK_BLOCK;
	if (!blocks || (blocks & (blocks - 1)) || blocks < DEPTH) {
		printf("soak: the disk size must be a power of two of at least "
		       "%u blocks of 4 KiB\n",
		       DEPTH);
		return 2;
	}
	fd = (int)open("/dev/vda", O_RDWR);
	if (fd < 0 || uring_init(&ring, 64)) {
		printf("soak: no disk (%s) or no ring\n", strerr(fd));
		return 2;
	}
	rnd_state ^= now() | 1;
	char s[24];
	snprintf(s, sizeof(s), "%lu", (unsigned long)secs);
	const char *wargv[] = {"soak", "worker", s, 0};
	long wpid = spawn("/bin/soak", wargv);
	if (wpid < 0)
		error("spawn worker", 0, wpid);
	printf("soak: tag %c blocks %lu stride %u for %lu s\n", (char)tag,
	       (unsigned long)blocks, STRIDE, (unsigned long)secs);

	uint64_t tb = timebase(), start = now(), end = start + secs * tb;
	uint64_t beat = start + tb, rounds = 0;
	while (now() < end) {
		ring_writes();
		trap_writes();
		flush(rounds);
		verify();
		misc_calls();
		rounds++;
		if (now() >= beat) {
			beat += tb;
			printf("soak: hb t=%lu writes=%lu reads=%lu calls=%lu "
			       "errors=%lu\n",
			       (unsigned long)((now() - start) / tb),
			       (unsigned long)done_writes, (unsigned long)reads,
			       (unsigned long)calls, (unsigned long)errors);
		}
	}
	int st = -1;
	if (wpid >= 0 && (waitpid(wpid, &st) != wpid || st != 0))
		error("worker exit", 0, st);
	close(fd);
	printf("soak: end tag=%c blocks=%lu stride=%u writes=%lu flushes=%lu "
	       "reads=%lu bad_reads=%lu calls=%lu rounds=%lu errors=%lu\n",
	       (char)tag, (unsigned long)blocks, STRIDE,
	       (unsigned long)done_writes, (unsigned long)flushes,
	       (unsigned long)reads, (unsigned long)bad_reads,
	       (unsigned long)calls, (unsigned long)rounds,
	       (unsigned long)errors);
	return errors ? 1 : 0;
}
