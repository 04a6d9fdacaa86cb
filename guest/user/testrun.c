/* SPDX-License-Identifier: MIT */
/* Non-interactive init for automated runs: runs each argument as a program
 * (in order, one at a time), reports its exit status, and exits with the
 * number of programs that failed; the kernel then powers off with that
 * verdict. Arguments are program names or paths; "a,b" runs a with
 * argument b. */
#include "ulib.h"

int main(int argc, char **argv)
{
	int failed = 0;

	printf("testrun: %d program%s\n", argc - 1, argc == 2 ? "" : "s");
	for (int i = 1; i < argc; i++) {
		char path[GK_NAME_MAX], words[128];
		const char *av[GK_ARG_MAX + 1];
		int ac = 0;
		strncpy(words, argv[i], sizeof(words) - 1);
		words[sizeof(words) - 1] = 0;
		for (char *w = words; w && *w && ac < GK_ARG_MAX;) {
			av[ac++] = w;
			w = strchr(w, ',');
			if (w)
				*w++ = 0;
		}
		av[ac] = 0;
		if (av[0][0] == '/')
			snprintf(path, sizeof(path), "%s", av[0]);
		else
			snprintf(path, sizeof(path), "/bin/%s", av[0]);
		printf("# testrun: start %s\n", argv[i]);
		long pid = spawn(path, av);
		int status = -1;
		if (pid < 0) {
			printf("# testrun: %s: cannot spawn: %s\n", path,
			       strerr(pid));
			failed++;
			continue;
		}
		long r = waitpid(pid, &status);
		if (r != pid)
			status = -1;
		printf("# testrun: end %s status %d\n", argv[i], status);
		if (status)
			failed++;
	}
	printf("testrun: %d failed\n", failed);
	return failed;
}
