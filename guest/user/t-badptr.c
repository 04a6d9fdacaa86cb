/* SPDX-License-Identifier: MIT */
/* Bad user pointers: every call that takes one answers -EFAULT for that
 * call only; the process, and anything it did before, carry on. */
#include "ulib.h"

#define UNMAPPED ((void *)(uintptr_t)0x200000000ull)
#define KERNEL ((void *)(uintptr_t)0x80200000ull)

int main(void)
{
	struct gk_ring_params prm;
	struct gk_ktest_result kr;
	int st;

	tap_plan(18);
	TAP_EQ(write(1, UNMAPPED, 10), -EFAULT, "write from unmapped memory");
	TAP_EQ(write(1, KERNEL, 10), -EFAULT, "write from a kernel address");
	TAP_EQ(write(1, (void *)(uintptr_t)0xfffffffffffffff0ull, 64), -EFAULT,
	       "write range that wraps around");
	/* our own text is mapped but not writable */
	long fd = open("/etc/motd", O_RDONLY);
	TAP_EQ(read((int)fd, (void *)(uintptr_t)main, 8), -EFAULT,
	       "read into read-only text");
	char c;
	TAP_EQ(read((int)fd, &c, 1), 1, "the file offset did not move");
	tap_ok(c == 'W', "and the next read starts at the beginning (%c)", c);
	close((int)fd);
	TAP_EQ(open(UNMAPPED, O_RDONLY), -EFAULT, "open with a bad path");
	TAP_EQ(spawn(KERNEL, 0), -EFAULT, "spawn with a kernel path");
	const char *bad_argv[] = {"child", UNMAPPED, 0};
	TAP_EQ(spawn("/bin/child", bad_argv), -EFAULT,
	       "spawn with a bad argv string");
	TAP_EQ(spawn("/bin/child", UNMAPPED), -EFAULT,
	       "spawn with an unmapped argv array");

	const char *ok[] = {"child", "exit", "5", 0};
	long pid = spawn("/bin/child", ok);
	TAP_EQ(waitpid(pid, UNMAPPED), -EFAULT,
	       "wait with a bad status pointer");
	st = -1;
	tap_ok(waitpid(pid, &st) == pid && st == 5,
	       "the child was not consumed by the failed wait (status %d)", st);

	TAP_EQ(list(0, UNMAPPED), -EFAULT, "list into unmapped memory");
	TAP_EQ(ps(0, KERNEL), -EFAULT, "ps into kernel memory");
	TAP_EQ(getstats(UNMAPPED), -EFAULT, "stats into unmapped memory");
	TAP_EQ(ktest(GK_KTEST_SWITCH, 10, UNMAPPED), -EFAULT,
	       "ktest result into unmapped memory");
	TAP_EQ(gk_call(GK_OP_RING_SETUP, 0, 8, 0, UNMAPPED, sizeof(prm)),
	       -EFAULT, "ring setup with a bad params pointer");
	(void)prm;
	(void)kr;
	tap_ok(getpid() > 0 && write(1, "", 0) == 0,
	       "process still works after all of that");
	return tap_done();
}
