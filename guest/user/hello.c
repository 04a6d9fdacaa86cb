/* SPDX-License-Identifier: MIT */
/* Prints a greeting and its arguments. */
#include "ulib.h"

int main(int argc, char **argv)
{
	printf("hello from pid %ld on vCPU %ld", getpid(), getcpu());
	for (int i = 1; i < argc; i++)
		printf(" %s", argv[i]);
	printf("\n");
	return 0;
}
