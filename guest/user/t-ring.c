/* SPDX-License-Identifier: MIT */
/* Every ring operation, out-of-order completion, a batch of 64, and the
 * user coroutine runtime awaiting ring completions. The same program runs
 * under both serving modes (bootargs ring=poll or not). */
#include "coro.h"
#include "ulib.h"

static struct uring ring;

/* submits what is staged, waits for one completion, reaps it */
static int one(struct uring_cqe *c)
{
	int e = uring_submit_and_wait(&ring, 1);

	if (e < 0)
		return e;
	return uring_reap(&ring, c) == 1 ? 0 : -EIO;
}

/* coroutine test: each writes its own file through the ring, reads it back */
struct fcoro {
	struct coro c;
	int id;
	int fd;
	char name[24];
	char out[32], in[32];
	int ok;
};

static int fcoro_poll(struct coro *c)
{
	struct fcoro *f = (struct fcoro *)c;
	struct uring *r = c->ex->ring;

	CORO_BEGIN(c);
	snprintf(f->name, sizeof(f->name), "/t-ring.c%d", f->id);
	snprintf(f->out, sizeof(f->out), "coroutine %d was here", f->id);
	CORO_AWAIT_RING(c, uring_prep_open(r, f->name, O_CREAT | O_RDWR, 0, c));
	f->fd = (int)c->res;
	if (f->fd < 0)
		return CORO_DONE;
	CORO_AWAIT_RING(c, uring_prep_write(r, f->fd, f->out,
					    (uint32_t)strlen(f->out), 0, c));
	if (c->res != (int64_t)strlen(f->out))
		return CORO_DONE;
	/* a short sleep in the middle: others run meanwhile */
	CORO_AWAIT_RING(
		c, uring_prep_sleep(r, 1000 + 500 * (uint64_t)f->id, 0, c));
	CORO_AWAIT_RING(c, uring_prep_close(r, f->fd, 0, c));
	CORO_AWAIT_RING(c, uring_prep_open(r, f->name, O_RDONLY, 0, c));
	f->fd = (int)c->res;
	CORO_AWAIT_RING(
		c, uring_prep_read(r, f->fd, f->in, sizeof(f->in) - 1, 0, c));
	if (c->res > 0) {
		f->in[c->res] = 0;
		f->ok = !strcmp(f->in, f->out);
	}
	CORO_AWAIT_RING(c, uring_prep_close(r, f->fd, 0, c));
	unlink(f->name);
	CORO_END(c);
}

int main(void)
{
	struct uring_cqe c;
	char buf[64];
	int e;

	tap_plan(24);
	e = uring_init(&ring, 128);
	tap_ok(e == 0, "ring set up (%s)", strerr(e));
	tap_diag("ring mode: %s",
		 ring.prm.mode == GK_RING_MODE_POLL ? "poll" : "on demand");
	TAP_EQ(ring_setup(128, &ring.prm), -EBUSY,
	       "a second ring setup: -EBUSY");

	uring_prep_nop(&ring, 0x1234, 0);
	e = one(&c);
	tap_ok(e == 0 && c.result == 0 && c.user_data == 0x1234,
	       "nop completes with its user data (%lx)",
	       (unsigned long)c.user_data);

	uring_prep_open(&ring, "/t-ring.f", O_CREAT | O_RDWR, 1, 0);
	e = one(&c);
	int fd = (int)c.result;
	tap_ok(e == 0 && fd >= 3, "open creates a file (fd %d)", fd);
	uring_prep_write(&ring, fd, "ring write", 10, 2, 0);
	e = one(&c);
	tap_ok(e == 0 && c.result == 10, "write 10 bytes (%ld)",
	       (long)c.result);
	/* read at offset 5 through the request's offset field */
	struct pvring_buf b = {(uintptr_t)buf, sizeof(buf)};
	memset(buf, 0, sizeof(buf));
	uring_prep(&ring, GK_OP_READ, fd, 5, GK_REQ_F_OFFSET, 3, &b, 0, 1, 0);
	e = one(&c);
	tap_ok(e == 0 && c.result == 5 && !memcmp(buf, "write", 5),
	       "read at offset 5 returns \"write\" (%ld)", (long)c.result);
	tap_ok(c.len == 5 + sizeof(struct gk_ring_res),
	       "used length counts data and result (%u)", c.len);
	uring_prep_close(&ring, fd, 4, 0);
	e = one(&c);
	tap_ok(e == 0 && c.result == 0, "close");
	uring_prep_close(&ring, fd, 5, 0);
	e = one(&c);
	TAP_EQ(c.result, -EBADF, "close again: -EBADF in the result");
	uring_prep_open(&ring, "/nope", O_RDONLY, 6, 0);
	e = one(&c);
	TAP_EQ(c.result, -ENOENT, "open missing: -ENOENT in the result");
	unlink("/t-ring.f");

	/* spawn + wait through the ring */
	static const char args[] = "/bin/child\0child\0exit\0"
				   "23";
	uring_prep_spawn(&ring, args, sizeof(args), 7, 0);
	e = one(&c);
	long pid = c.result;
	tap_ok(e == 0 && pid > 0, "spawn a child (pid %ld)", pid);
	uring_prep_wait(&ring, (int)pid, 8, 0);
	e = one(&c);
	tap_ok(e == 0 && c.result == pid && c.aux == 23,
	       "wait returns its pid and status 23 (%ld, %ld)", (long)c.result,
	       (long)c.aux);

	/* out of order: a 30 ms sleep submitted first finishes last */
	uint64_t t0 = rdtime();
	uring_prep_sleep(&ring, 30000, 100, 0);
	uring_prep_nop(&ring, 101, 0);
	uring_prep_nop(&ring, 102, 0);
	uint64_t order[3];
	int n = 0;
	while (n < 3) {
		e = uring_submit_and_wait(&ring, 1);
		if (e < 0)
			break;
		while (n < 3 && uring_reap(&ring, &c) == 1)
			order[n++] = c.user_data;
	}
	uint64_t us = (rdtime() - t0) * 1000000 / timebase();
	tap_ok(n == 3 && order[2] == 100 && order[0] != 100,
	       "nops submitted after a sleep complete before it "
	       "(%lu %lu %lu)",
	       (unsigned long)order[0], (unsigned long)order[1],
	       (unsigned long)order[2]);
	tap_ok(us >= 30000, "the sleep lasted 30 ms or more (%lu us)",
	       (unsigned long)us);

	/* a batch of 64 nops, one submit */
	for (int i = 0; i < 64; i++)
		uring_prep_nop(&ring, 1000 + (uint64_t)i, 0);
	e = uring_submit_and_wait(&ring, 64);
	int got = 0, sum_ok = 1;
	uint64_t seen = 0;
	while (uring_reap(&ring, &c) == 1) {
		got++;
		if (c.user_data < 1000 || c.user_data >= 1064 || c.result)
			sum_ok = 0;
		else
			seen |= 1ull << (c.user_data - 1000);
	}
	tap_ok(e == 0 && got == 64 && sum_ok && seen == ~0ull,
	       "batch of 64 nops: all 64 complete once (%d)", got);

	/* a request whose header is too short gets -EINVAL; ring survives */
	struct pvring_buf bad[2] = {{(uintptr_t)buf, 4},
				    {(uintptr_t)buf + 8, 24}};
	uring_release_kept(&ring);
	pvring_drv_add(&ring.drv, bad, 1, 1, (void *)(uintptr_t)1);
	e = uring_submit_and_wait(&ring, 1);
	void *tok;
	uint32_t len;
	int gu = pvring_drv_get_used(&ring.drv, &tok, &len);
	ring.reaped++;
	int64_t res;
	memcpy(&res, buf + 8, sizeof(res));
	tap_ok(e == 0 && gu == 1 && res == -EINVAL,
	       "short header: -EINVAL result (%ld)", (long)res);
	tap_ok(!uring_broken(&ring), "a bad request does not break the ring");

	/* coroutines */
	struct coro_exec ex;
	static struct fcoro fc[8];
	coro_exec_init(&ex, &ring);
	for (int i = 0; i < 8; i++) {
		fc[i].id = i;
		coro_spawn(&ex, &fc[i].c, fcoro_poll);
	}
	e = coro_run(&ex);
	int good = 0;
	for (int i = 0; i < 8; i++)
		good += fc[i].ok;
	tap_ok(e == 0 && good == 8,
	       "8 coroutines each open/write/sleep/read their file (%d ok)",
	       good);
	tap_ok(ex.polls > 8 * 7 && ex.polls < 8 * 7 * 4,
	       "coroutines resumed once per completion (%lu polls)",
	       (unsigned long)ex.polls);

	/* kept chains: fill every descriptor with nop chains (2 each), then
	 * a write (3) must take some of them apart, and nops reuse theirs */
	uint64_t built = ring.rebuilt;
	int nops_ok = 1, nr = 0;
	for (unsigned i = 0; i < ring.entries / 2; i++)
		nops_ok &= uring_prep_nop(&ring, i, 0) == 0;
	nops_ok &= uring_submit_and_wait(&ring, ring.entries / 2) == 0;
	while (uring_reap(&ring, &c) == 1)
		nops_ok &= c.result == 0 && ++nr;
	nops_ok &= nr == (int)ring.entries / 2;
	nops_ok &= uring_prep_nop(&ring, 7, 0) == 0 && one(&c) == 0 &&
		   c.user_data == 7;
	tap_ok(nops_ok && ring.inflight == 0 &&
		       ring.rebuilt - built <= ring.entries / 2,
	       "%u nops hold every descriptor; a nop after them reuses a "
	       "kept chain (%lu chains built)",
	       ring.entries / 2, (unsigned long)(ring.rebuilt - built));
	int wfd = (int)open("/kept.txt", O_CREAT | O_TRUNC | O_RDWR);
	built = ring.rebuilt;
	int wok = wfd >= 0 &&
		  uring_prep_write(&ring, wfd, "kept", 4, 9, 0) == 0 &&
		  one(&c) == 0 && c.result == 4 && c.user_data == 9;
	wok = wok && uring_prep_nop(&ring, 10, 0) == 0 && one(&c) == 0 &&
	      c.user_data == 10;
	char kb[8] = {0};
	close(wfd);
	wfd = (int)open("/kept.txt", 0);
	wok = wok && read(wfd, kb, sizeof(kb)) == 4 && !memcmp(kb, "kept", 4);
	close(wfd);
	tap_ok(wok && ring.rebuilt - built == 1,
	       "a write with every descriptor kept by nops frees some and "
	       "completes (%lu built)",
	       (unsigned long)(ring.rebuilt - built));

	/* one kept write chain, its data descriptor rewritten between
	 * posts (address, then length, then back): the kernel caches
	 * translations and must still see every change */
	static char ba[8] = "AAAA", bb[8] = "BBBB";
	wfd = (int)open("/memo.txt", O_CREAT | O_TRUNC | O_RDWR);
	const char *src[] = {ba, bb, ba, bb, ba};
	const uint32_t wl[] = {4, 4, 4, 2, 1};
	int mok = wfd >= 0;
	for (int i = 0; i < 5 && mok; i++)
		mok = uring_prep_write(&ring, wfd, src[i], wl[i], 20 + i, 0) ==
			      0 &&
		      one(&c) == 0 && c.result == wl[i];
	char mb[32] = {0};
	close(wfd);
	wfd = (int)open("/memo.txt", 0);
	long mr = mok ? read(wfd, mb, sizeof(mb) - 1) : -1;
	close(wfd);
	unlink("/memo.txt");
	tap_ok(mr == 15 && !strcmp(mb, "AAAABBBBAAAABBA"),
	       "a reposted write chain with its buffer moved and resized "
	       "between posts writes each buffer (\"%s\")",
	       mb);

	struct gk_stats st;
	getstats(&st);
	tap_ok(st.ring_requests >= 80, "kernel counted ring requests (%lu)",
	       (unsigned long)st.ring_requests);
	tap_ok(!uring_broken(&ring) && ring.ctl->error == 0,
	       "ring healthy at the end");
	return tap_done();
}
