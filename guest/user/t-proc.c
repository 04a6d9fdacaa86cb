/* SPDX-License-Identifier: MIT */
/* Process lifecycle over the trap path: spawn, exit status, wait (one and
 * any), getpid, faults contained, sleep, yield, sbrk/malloc, ps. */
#include "ulib.h"

static long run(const char *const *av, int *status)
{
	long pid = spawn("/bin/child", av);

	if (pid < 0)
		return pid;
	return waitpid(pid, status) == pid ? pid : -1;
}

int main(void)
{
	int st = -1;
	long me = getpid();

	tap_plan(23);
	tap_ok(me > 0, "getpid returns a positive pid (%ld)", me);

	const char *ex7[] = {"child", "exit", "7", 0};
	long pid = run(ex7, &st);
	tap_ok(pid > me && st == 7,
	       "child exit status 7 reaches wait (pid %ld, "
	       "status %d)",
	       pid, st);

	/* wait for a specific pid among several */
	const char *s1[] = {"child", "sleep", "30000", "11", 0};
	const char *s2[] = {"child", "exit", "12", 0};
	long a = spawn("/bin/child", s1), b = spawn("/bin/child", s2);
	long r = waitpid(a, &st);
	tap_ok(r == a && st == 11, "waitpid(pid) picks that child (%ld, %d)", r,
	       st);
	r = waitpid(-1, &st);
	tap_ok(r == b && st == 12, "waitpid(-1) reaps the other (%ld, %d)", r,
	       st);
	TAP_EQ(waitpid(-1, &st), -ECHILD, "no children left: -ECHILD");
	TAP_EQ(waitpid(a, &st), -ECHILD, "a reaped pid cannot be waited again");

	TAP_EQ(spawn("/bin/nonexistent", 0), -ENOENT, "spawn missing file");
	TAP_EQ(spawn("/etc/motd", 0), -ENOEXEC, "spawn a text file: -ENOEXEC");

	const char *flt[] = {"child", "fault", 0};
	pid = run(flt, &st);
	tap_ok(pid > 0 && st == 128 + 13,
	       "faulting child is killed with 128+cause (status %d)", st);
	tap_ok(getpid() == me, "parent goes on after the child's fault");

	/* argv reaches the child: it writes its argument into a file */
	const char *wr[] = {"child", "write", "/t-proc.out", "argv-ok", 0};
	pid = run(wr, &st);
	char buf[32] = {0};
	long fd = open("/t-proc.out", O_RDONLY);
	long n = fd >= 0 ? read((int)fd, buf, sizeof(buf) - 1) : fd;
	close((int)fd);
	unlink("/t-proc.out");
	tap_ok(st == 0 && n == 7 && !strcmp(buf, "argv-ok"),
	       "argv passed to the child (%ld bytes: %s)", n, buf);

	uint64_t tb = timebase(), t0 = rdtime();
	TAP_EQ(usleep(20000), 0, "sleep 20 ms returns 0");
	uint64_t dt = (rdtime() - t0) * 1000000 / tb;
	tap_ok(dt >= 20000 && dt < 2000000, "slept at least 20 ms (%lu us)",
	       (unsigned long)dt);
	TAP_EQ(yield(), 0, "yield returns 0");

	long brk0 = sbrk(0);
	long old = sbrk(100000);
	tap_ok(old == brk0 && sbrk(0) == brk0 + 100000,
	       "sbrk grows the heap by the increment");
	char *p = (char *)(uintptr_t)old;
	memset(p, 0xab, 100000);
	tap_ok(p[0] == (char)0xab && p[99999] == (char)0xab,
	       "new heap memory is writable");
	TAP_EQ(sbrk(-4096), -EINVAL, "sbrk cannot shrink");

	struct gk_procinfo pi;
	int found = 0;
	for (unsigned long i = 0; ps(i, &pi) > 0; i++)
		if (pi.pid == me && !strcmp(pi.name, "t-proc"))
			found = 1;
	tap_ok(found, "ps lists this process by name");
	TAP_EQ(gk_call(1000, 0, 0, 0, 0, 0), -ENOSYS,
	       "unknown system call: -ENOSYS");

	/* floating point: three processes keep their FP registers apart */
	long fp[3];
	const char *fa[3][4] = {{"child", "fp", "3", 0},
				{"child", "fp", "1000", 0},
				{"child", "fp", "777777", 0}};
	for (int i = 0; i < 3; i++)
		fp[i] = spawn("/bin/child", fa[i]);
	int fp_ok = 0;
	for (int i = 0; i < 3; i++) {
		st = -1;
		if (waitpid(fp[i], &st) == fp[i] && st == 0)
			fp_ok++;
	}
	tap_ok(fp_ok == 3,
	       "3 processes keep their FP state across switches "
	       "(%d ok)",
	       fp_ok);

	/* a child leaving with ring requests in flight (a 10 s sleep, a
	 * console read) is gone at once and frees everything */
	const char *rx[] = {"child", "ringexit", 0};
	t0 = rdtime();
	pid = run(rx, &st);
	dt = (rdtime() - t0) * 1000000 / tb;
	tap_ok(pid > 0 && st == 0 && dt < 5000000,
	       "exit with ring requests in flight (status %d, %lu us)", st,
	       (unsigned long)dt);

	/* no leaks: after a warm-up round, 10 more rounds of children that
	 * run, fault, and use rings give back all their memory. An exited
	 * child's last pieces (its ring, after the cancelled requests finish)
	 * may go a little after wait returns: settle before each reading. */
	struct gk_stats m0, m1;
	const char *const *kinds[] = {ex7, flt, rx};
	for (int round = 0; round < 11; round++) {
		if (round == 1) {
			usleep(50000);
			getstats(&m0);
		}
		for (int k = 0; k < 3; k++)
			run(kinds[k], &st);
	}
	for (int tries = 0; tries < 100; tries++) {
		usleep(10000);
		getstats(&m1);
		if (m1.free_pages + m1.slab_pages ==
			    m0.free_pages + m0.slab_pages &&
		    m1.kmalloc_bytes == m0.kmalloc_bytes)
			break;
	}
	/* pages the small-object allocator took for its size classes stay
	 * with it: count them as free */
	tap_ok(m1.free_pages + m1.slab_pages == m0.free_pages + m0.slab_pages,
	       "30 children later the free pages are the same (%lu+%lu, "
	       "%lu+%lu)",
	       (unsigned long)m0.free_pages, (unsigned long)m0.slab_pages,
	       (unsigned long)m1.free_pages, (unsigned long)m1.slab_pages);
	tap_ok(m1.kmalloc_bytes == m0.kmalloc_bytes,
	       "and so are the kernel's small objects (%lu, %lu bytes)",
	       (unsigned long)m0.kmalloc_bytes,
	       (unsigned long)m1.kmalloc_bytes);
	return tap_done();
}
