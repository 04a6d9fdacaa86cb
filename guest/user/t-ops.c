/* SPDX-License-Identifier: MIT */
/* Every operation through both system-call paths: the same request (op,
 * fd, off, flags, buffer) once by ecall and once through the ring, and
 * the two answers (result and aux) must agree, errors included. Where a
 * request changes something (a file written, a child reaped), the effect
 * is checked too. Operations that need the calling thread (exit,
 * ring_setup, ring_enter) must answer -EOPNOTSUPP on the ring. */
#include "ulib.h"
#include "uring.h"

struct answer {
	long result, aux;
	uint32_t len; /* ring: bytes the kernel wrote into the buffer */
};

enum { BUF_NONE, BUF_IN, BUF_OUT };

static struct uring ring;
static int ring_dead;

static struct answer by_trap(long op, long fd, long off, long flags,
			     const void *buf, unsigned long len)
{
	struct answer a = {0, 0, 0};

	a.result = gk_call_aux(op, fd, off, flags, buf, len, &a.aux);
	if (op != GK_OP_WAIT)
		a.aux = 0; /* only wait gives one; a1 is otherwise unchanged */
	return a;
}

static struct answer by_ring(long op, long fd, long off, long flags,
			     const void *buf, unsigned long len, int dir)
{
	struct answer a = {-9999, 0, 0};
	struct pvring_buf b = {(uintptr_t)buf, (uint32_t)len};
	struct uring_cqe c;

	if (ring_dead)
		return a;
	int e = uring_prep(&ring, (uint32_t)op, (int32_t)fd, (uint64_t)off,
			   (uint32_t)flags, 0x5eed, &b, dir == BUF_IN,
			   dir == BUF_OUT, 0);
	if (!e)
		e = uring_submit_and_wait(&ring, 1);
	if (!e)
		e = uring_reap(&ring, &c) == 1 ? 0 : -EIO;
	if (e || c.user_data != 0x5eed) {
		tap_diag("ring failed (%d)", e);
		ring_dead = 1;
		return a;
	}
	a.result = c.result;
	a.aux = c.aux;
	a.len = c.len;
	return a;
}

/* the same request both ways; buffers may differ (each path its own) */
static void same(const char *name, long op, long fd, long off, long flags,
		 const void *tbuf, const void *rbuf, unsigned long len, int dir)
{
	struct answer t = by_trap(op, fd, off, flags, tbuf, len);
	struct answer r = by_ring(op, fd, off, flags, rbuf, len, dir);

	tap_ok(t.result == r.result && t.aux == r.aux,
	       "%s: trap %ld/%ld, ring %ld/%ld", name, t.result, t.aux,
	       r.result, r.aux);
}

static long make_file(const char *path, const char *text)
{
	long fd = open(path, O_CREAT | O_TRUNC | O_RDWR);

	if (fd >= 0)
		write((int)fd, text, strlen(text));
	return fd;
}

static void files(void)
{
	char tb[32], rb[32];
	long fd = make_file("/t-ops.a", "0123456789abcdefghij");
	long ro = open("/t-ops.a", O_RDONLY);
	long wo = open("/t-ops.a", O_WRONLY);

	/* open: a path in, a new descriptor out (numbers differ) */
	struct answer t = by_trap(GK_OP_OPEN, 0, 0, O_RDONLY, "/etc/motd", 0);
	struct answer r =
		by_ring(GK_OP_OPEN, 0, 0, O_RDONLY, "/etc/motd", 10, BUF_IN);
	tap_ok(t.result >= 3 && r.result >= 3 && t.result != r.result,
	       "open: a new fd each way (%ld, %ld)", t.result, r.result);
	struct answer tc = by_trap(GK_OP_CLOSE, t.result, 0, 0, 0, 0);
	struct answer rc = by_ring(GK_OP_CLOSE, r.result, 0, 0, 0, 0, 0);
	tap_ok(tc.result == 0 && rc.result == 0, "close: 0 each way (%ld, %ld)",
	       tc.result, rc.result);
	same("close a closed fd: -EBADF", GK_OP_CLOSE, t.result, 0, 0, 0, 0, 0,
	     0);
	same("close fd 99: -EBADF", GK_OP_CLOSE, 99, 0, 0, 0, 0, 0, 0);
	same("open a missing file: -ENOENT", GK_OP_OPEN, 0, 0, O_RDONLY,
	     "/nope", "/nope", 6, BUF_IN);
	static const char longname[] =
		"/a-name-longer-than-sixty-three-bytes-is-refused-by-both-"
		"paths-alike";
	same("open a name too long: -ENAMETOOLONG", GK_OP_OPEN, 0, 0, O_RDONLY,
	     longname, longname, sizeof(longname), BUF_IN);

	/* read at an offset: same bytes */
	memset(tb, 0, sizeof(tb));
	memset(rb, 0, sizeof(rb));
	same("read 8 bytes at offset 4", GK_OP_READ, ro, 4, GK_REQ_F_OFFSET, tb,
	     rb, 8, BUF_OUT);
	tap_ok(!memcmp(tb, "456789ab", 8) && !memcmp(rb, tb, 8),
	       "read: both got \"%.8s\" (ring \"%.8s\")", tb, rb);
	same("read past the end: 0", GK_OP_READ, ro, 100, GK_REQ_F_OFFSET, tb,
	     rb, 8, BUF_OUT);
	same("read a bad fd: -EBADF", GK_OP_READ, 77, 0, 0, tb, rb, 8, BUF_OUT);
	same("read a write-only fd: -EBADF", GK_OP_READ, wo, 0, 0, tb, rb, 8,
	     BUF_OUT);
	same("read at a negative offset: -EINVAL", GK_OP_READ, ro, -5,
	     GK_REQ_F_OFFSET, tb, rb, 8, BUF_OUT);
	/* write at offsets: both land */
	same("write 3 bytes at offset 2", GK_OP_WRITE, fd, 2, GK_REQ_F_OFFSET,
	     "XYZ", "XYZ", 3, BUF_IN);
	same("write 3 bytes at offset 10", GK_OP_WRITE, fd, 10, GK_REQ_F_OFFSET,
	     "PQR", "PQR", 3, BUF_IN);
	memset(tb, 0, sizeof(tb));
	pread((int)ro, tb, 20, 0);
	tap_ok(!strcmp(tb, "01XYZ56789PQRdefghij"), "writes landed: %s", tb);
	same("write a read-only fd: -EBADF", GK_OP_WRITE, ro, 0, 0, "x", "x", 1,
	     BUF_IN);
	same("write a bad fd: -EBADF", GK_OP_WRITE, 55, 0, 0, "x", "x", 1,
	     BUF_IN);
	/* seek, then read at the file offset */
	same("seek to 10", GK_OP_SEEK, ro, 10, 0, 0, 0, 0, 0);
	same("seek to -1: -EINVAL", GK_OP_SEEK, ro, -1, 0, 0, 0, 0, 0);
	same("seek a bad fd: -EBADF", GK_OP_SEEK, 66, 0, 0, 0, 0, 0, 0);
	same("fsync of a regular file: 0", GK_OP_FSYNC, ro, 0, 0, 0, 0, 0, 0);
	same("fsync of a bad fd: -EBADF", GK_OP_FSYNC, 66, 0, 0, 0, 0, 0, 0);
	t = by_trap(GK_OP_SEEK, ro, 3, 0, 0, 0);
	t = by_trap(GK_OP_READ, ro, 0, 0, tb, 2);
	r = by_ring(GK_OP_READ, ro, 0, 0, rb, 2, BUF_OUT);
	tap_ok(t.result == 2 && r.result == 2 && !memcmp(tb, "YZ", 2) &&
		       !memcmp(rb, "56", 2) &&
		       r.len == 2 + sizeof(struct gk_ring_res),
	       "reads at the file offset move it, either path (%.2s, %.2s)", tb,
	       rb);
	/* list, unlink */
	struct gk_dirent dt, dr;
	same("list entry 0", GK_OP_LIST, 0, 0, 0, &dt, &dr, sizeof(dt),
	     BUF_OUT);
	tap_ok(!strcmp(dt.name, dr.name) && dt.size == dr.size,
	       "list: the same entry (%s)", dt.name);
	same("list past the end: 0", GK_OP_LIST, 0, 100000, 0, &dt, &dr,
	     sizeof(dt), BUF_OUT);
	same("list into a short buffer: -EINVAL", GK_OP_LIST, 0, 0, 0, &dt, &dr,
	     8, BUF_OUT);
	close((int)fd);
	close((int)ro);
	close((int)wo);
	make_file("/t-ops.b", "b");
	t = by_trap(GK_OP_UNLINK, 0, 0, 0, "/t-ops.a", 0);
	r = by_ring(GK_OP_UNLINK, 0, 0, 0, "/t-ops.b", 9, BUF_IN);
	tap_ok(t.result == 0 && r.result == 0 &&
		       open("/t-ops.a", O_RDONLY) == -ENOENT &&
		       open("/t-ops.b", O_RDONLY) == -ENOENT,
	       "unlink: both files gone (%ld, %ld)", t.result, r.result);
	same("unlink a missing file: -ENOENT", GK_OP_UNLINK, 0, 0, 0,
	     "/t-ops.a", "/t-ops.a", 9, BUF_IN);
}

static void procs(void)
{
	static const char rargs[] = "/bin/child\0child\0exit\0"
				    "5";
	const char *targv[] = {"child", "exit", "5", 0};

	struct answer t = by_trap(GK_OP_SPAWN, 0, 0, 0, "/bin/child",
				  (unsigned long)targv);
	struct answer r =
		by_ring(GK_OP_SPAWN, 0, 0, 0, rargs, sizeof(rargs), BUF_IN);
	tap_ok(t.result > 0 && r.result > 0, "spawn: two children (%ld, %ld)",
	       t.result, r.result);
	int st = -1;
	struct answer tw = by_trap(GK_OP_WAIT, t.result, 0, 0, &st, 0);
	struct answer rw = by_ring(GK_OP_WAIT, r.result, 0, 0, 0, 0, BUF_NONE);
	tap_ok(tw.result == t.result && rw.result == r.result && tw.aux == 5 &&
		       rw.aux == 5 && st == 5,
	       "wait: each its child, status 5 (trap %ld/%ld/%d, ring "
	       "%ld/%ld)",
	       tw.result, tw.aux, st, rw.result, rw.aux);
	same("wait without children: -ECHILD", GK_OP_WAIT, -1, 0, 0, 0, 0, 0,
	     0);
	static const char missing[] = "/bin/nope\0nope";
	t = by_trap(GK_OP_SPAWN, 0, 0, 0, "/bin/nope", 0);
	r = by_ring(GK_OP_SPAWN, 0, 0, 0, missing, sizeof(missing), BUF_IN);
	tap_ok(t.result == -ENOENT && r.result == -ENOENT,
	       "spawn a missing file: -ENOENT (%ld, %ld)", t.result, r.result);
	static const char text[] = "/etc/motd";
	t = by_trap(GK_OP_SPAWN, 0, 0, 0, text, 0);
	r = by_ring(GK_OP_SPAWN, 0, 0, 0, text, sizeof(text), BUF_IN);
	tap_ok(t.result == -ENOEXEC && r.result == -ENOEXEC,
	       "spawn a text file: -ENOEXEC (%ld, %ld)", t.result, r.result);
	same("getpid", GK_OP_GETPID, 0, 0, 0, 0, 0, 0, 0);
	struct gk_procinfo pt, pr;
	same("ps entry 0", GK_OP_PS, 0, 0, 0, &pt, &pr, sizeof(pt), BUF_OUT);
	tap_ok(pt.pid == pr.pid && !strcmp(pt.name, pr.name),
	       "ps: the same process (%d %s)", pt.pid, pt.name);
	same("ps past the end: 0", GK_OP_PS, 0, 100000, 0, &pt, &pr, sizeof(pt),
	     BUF_OUT);
	same("sbrk 0: the same break", GK_OP_SBRK, 0, 0, 0, 0, 0, 0, 0);
	same("sbrk negative: -EINVAL", GK_OP_SBRK, 0, -4096, 0, 0, 0, 0, 0);
	same("sbrk too much: -ENOMEM", GK_OP_SBRK, 0, 1l << 40, 0, 0, 0, 0, 0);
}

static void misc(void)
{
	same("nop", GK_OP_NOP, 0, 0, 0, 0, 0, 0, 0);
	same("yield", GK_OP_YIELD, 0, 0, 0, 0, 0, 0, 0);
	same("sleep 0", GK_OP_SLEEP, 0, 0, 0, 0, 0, 0, 0);
	uint64_t t0 = rdtime();
	same("sleep 2 ms", GK_OP_SLEEP, 0, 2000, 0, 0, 0, 0, 0);
	uint64_t us = (rdtime() - t0) * 1000000 / timebase();
	tap_ok(us >= 4000, "both sleeps slept (%lu us for 2 x 2 ms)",
	       (unsigned long)us);
	same("sleep over an hour: -EINVAL", GK_OP_SLEEP, 0, 3601000000l, 0, 0,
	     0, 0, 0);
	struct answer t = by_trap(GK_OP_GETCPU, 0, 0, 0, 0, 0);
	struct answer r = by_ring(GK_OP_GETCPU, 0, 0, 0, 0, 0, 0);
	struct gk_stats st, sr;
	same("stats", GK_OP_STATS, 0, 0, 0, &st, &sr, sizeof(st), BUF_OUT);
	tap_ok(st.ncpus == sr.ncpus && st.timebase == sr.timebase &&
		       sr.task_polls >= st.task_polls,
	       "stats: the same machine, counters only grow (%u cpus)",
	       st.ncpus);
	/* the ring may be served by another vCPU (polling mode) */
	tap_ok(t.result >= 0 && t.result < st.ncpus && r.result >= 0 &&
		       r.result < st.ncpus,
	       "getcpu: a vCPU each way (%ld, %ld)", t.result, r.result);
	same("stats into a short buffer: -EINVAL", GK_OP_STATS, 0, 0, 0, &st,
	     &sr, 16, BUF_OUT);
	struct gk_ktest_result kt, kr;
	same("ktest priorities", GK_OP_KTEST, GK_KTEST_PRIO, 1, 0, &kt, &kr,
	     sizeof(kt), BUF_OUT);
	tap_ok(kt.status == 0 && kr.status == 0,
	       "ktest: both passed (%ld, %ld)", (long)kt.status,
	       (long)kr.status);
	same("ktest n = 0: -EINVAL", GK_OP_KTEST, GK_KTEST_PRIO, 0, 0, &kt, &kr,
	     sizeof(kt), BUF_OUT);
	same("unknown operation: -ENOSYS", 1000, 0, 0, 0, 0, 0, 0, 0);
	/* the thread's own operations: the ring cannot do them */
	struct gk_ring_params prm;
	r = by_ring(GK_OP_RING_SETUP, 0, 8, 0, &prm, sizeof(prm), BUF_OUT);
	TAP_EQ(r.result, -EOPNOTSUPP, "ring_setup through the ring");
	r = by_ring(GK_OP_RING_ENTER, 0, 0, 0, 0, 0, 0);
	TAP_EQ(r.result, -EOPNOTSUPP, "ring_enter through the ring");
	r = by_ring(GK_OP_EXIT, 3, 0, 0, 0, 0, 0);
	TAP_EQ(r.result, -EOPNOTSUPP, "exit through the ring");
	t = by_trap(GK_OP_RING_SETUP, 0, 8, 0, &prm, sizeof(prm));
	TAP_EQ(t.result, -EBUSY, "ring_setup by trap: this process has one");
}

int main(void)
{
	tap_plan(60);
	if (uring_init(&ring, 16)) {
		tap_diag("no ring");
		ring_dead = 1;
	}
	files();
	procs();
	misc();
	tap_ok(!ring_dead && !uring_broken(&ring), "the ring still works");
	return tap_done();
}
