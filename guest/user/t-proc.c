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

	tap_plan(19);
	tap_ok(me > 0, "getpid returns a positive pid (%ld)", me);

	const char *ex7[] = { "child", "exit", "7", 0 };
	long pid = run(ex7, &st);
	tap_ok(pid > me && st == 7, "child exit status 7 reaches wait (pid %ld, "
				    "status %d)", pid, st);

	/* wait for a specific pid among several */
	const char *s1[] = { "child", "sleep", "30000", "11", 0 };
	const char *s2[] = { "child", "exit", "12", 0 };
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

	const char *flt[] = { "child", "fault", 0 };
	pid = run(flt, &st);
	tap_ok(pid > 0 && st == 128 + 13,
	       "faulting child is killed with 128+cause (status %d)", st);
	tap_ok(getpid() == me, "parent goes on after the child's fault");

	/* argv reaches the child: it writes its argument into a file */
	const char *wr[] = { "child", "write", "/t-proc.out", "argv-ok", 0 };
	pid = run(wr, &st);
	char buf[32] = { 0 };
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
	TAP_EQ(SYSCALL0(1000), -ENOSYS, "unknown system call: -ENOSYS");
	return tap_done();
}
