/* SPDX-License-Identifier: MIT */
/* Helper for the process tests:
 *   child exit N            exit with status N
 *   child sleep US N        sleep US microseconds, exit N
 *   child fault             load from an unmapped address (killed)
 *   child spin MS           busy for MS ms; exit status = mask of vCPUs seen
 *   child write PATH TEXT   create PATH holding TEXT, exit 0 */
#include "ulib.h"

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
		uint64_t end = rdtime() + (uint64_t)atol_u(argv[2]) *
						  (timebase() / 1000);
		int mask = 0;
		while (rdtime() < end) {
			mask |= 1 << getcpu();
			for (volatile int i = 0; i < 1000; i++)
				;
		}
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
	dprintf(2, "child: bad arguments\n");
	return 99;
}
