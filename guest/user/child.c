/* SPDX-License-Identifier: MIT */
/* Helper for the process tests:
 *   child exit N            exit with status N
 *   child sleep US N        sleep US microseconds, exit N
 *   child fault             load from an unmapped address (killed)
 *   child spin MS           busy for MS ms; exit status = mask of vCPUs seen
 *   child write PATH TEXT   create PATH holding TEXT, exit 0
 *   child ringexit          exit with ring requests still in flight
 *   child fp SEED           floating point across sleeps and yields: 0 if
 *                           every register kept its value */
#include "ulib.h"
#include "uring.h"

int main(int argc, char **argv)
{
	if (argc >= 3 && !strcmp(argv[1], "exit"))
		return (int)atol_u(argv[2]);
	if (argc >= 4 && !strcmp(argv[1], "sleep")) {
		usleep((unsigned long)atol_u(argv[2]));
		return (int)atol_u(argv[3]);
	}
	if (argc >= 2 && !strcmp(argv[1], "fault")) {
		/* through a volatile variable: the compiler cannot see it */
		volatile uintptr_t addr = 0x10;
		return *(volatile int *)addr;
	}
	if (argc >= 3 && !strcmp(argv[1], "spin")) {
		uint64_t end = rdtime() +
			       (uint64_t)atol_u(argv[2]) * (timebase() / 1000);
		int mask = 0;
		/* at least one round, however late this runs */
		do {
			mask |= 1 << getcpu();
			for (volatile int i = 0; i < 1000; i++)
				;
		} while (rdtime() < end);
		return mask;
	}
	if (argc >= 4 && !strcmp(argv[1], "write")) {
		long fd = open(argv[2], O_CREAT | O_TRUNC | O_WRONLY);
		if (fd < 0)
			return 1;
		write((int)fd, argv[3], strlen(argv[3]));
		close((int)fd);
		return 0;
	}
	if (argc >= 3 && !strcmp(argv[1], "fp")) {
		/* values live in FP registers across system calls and
		 * preemption; other processes use theirs meanwhile */
		volatile double seed = (double)atol_u(argv[2]);
		double a = seed, b = seed * 0.5, c = seed + 0.25;
		for (int i = 0; i < 50; i++) {
			a = a * 1.0000001 + 1.0;
			b = b + a * 0.001;
			c = c - b * 0.0001;
			if (i % 10 == 0)
				usleep(1000);
			else
				yield();
		}
		/* same computation again, straight through */
		double x = seed, y = seed * 0.5, z = seed + 0.25;
		for (int i = 0; i < 50; i++) {
			x = x * 1.0000001 + 1.0;
			y = y + x * 0.001;
			z = z - y * 0.0001;
		}
		return a == x && b == y && c == z ? 0 : 1;
	}
	if (argc >= 2 && !strcmp(argv[1], "ringexit")) {
		static struct uring r;
		if (uring_init(&r, 16))
			return 1;
		uring_prep_sleep(&r, 10000000, 1, 0); /* 10 s */
		uring_prep_wait(&r, -1, 2, 0); /* no children: -ECHILD */
		uring_prep_read(&r, 0, (char[8]){0}, 8, 3, 0); /* console */
		uring_prep_nop(&r, 4, 0);
		if (uring_submit_and_wait(&r, 2))
			return 2;
		return 0; /* the sleep and the console read are in flight */
	}
	dprintf(2, "child: bad arguments\n");
	return 99;
}
