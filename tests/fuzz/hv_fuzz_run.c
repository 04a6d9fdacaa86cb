// SPDX-License-Identifier: MIT
/* TAP wrapper around one libFuzzer target, built once per target with
 * FUZZ_NAME, FUZZ_BIN, FUZZ_SEEDS and FUZZ_WORK defined (tests/fuzz/hv.mk).
 * Runs the target for HV_FUZZ_SECONDS (default 10) over the committed seed
 * corpus plus a growing work corpus under build/, prints one TAP line, and
 * on failure the end of libFuzzer's log and where the crashing input is. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define TAIL_LINES 30

static void tail_log(const char *path)
{
	static char lines[TAIL_LINES][512];
	unsigned n = 0;
	FILE *f = fopen(path, "r");

	if (!f)
		return;
	while (fgets(lines[n % TAIL_LINES], sizeof(lines[0]), f))
		n++;
	fclose(f);
	for (unsigned i = n > TAIL_LINES ? n - TAIL_LINES : 0; i < n; i++)
		printf("# %s", lines[i % TAIL_LINES]);
	printf("\n");
}

/* libFuzzer's "stat::number_of_executed_units: N" line. */
static long executed_units(const char *path)
{
	char line[512];
	long units = -1;
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "stat::number_of_executed_units: %ld",
			   &units) == 1)
			break;
	fclose(f);
	return units;
}

static int mkdir_p(const char *path)
{
	char buf[1024];

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *p = buf + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			if (mkdir(buf, 0755) && errno != EEXIST)
				return -1;
			*p = '/';
		}
	return mkdir(buf, 0755) && errno != EEXIST ? -1 : 0;
}

int main(void)
{
	const char *secs = getenv("HV_FUZZ_SECONDS");
	char corpus[1024], logpath[1024], arg_time[64], arg_art[1100];
	int status, fd;
	pid_t pid;

	if (!secs || !*secs)
		secs = "10";
	snprintf(corpus, sizeof(corpus), "%s/corpus", FUZZ_WORK);
	snprintf(logpath, sizeof(logpath), "%s/fuzz.log", FUZZ_WORK);
	snprintf(arg_time, sizeof(arg_time), "-max_total_time=%s", secs);
	snprintf(arg_art, sizeof(arg_art), "-artifact_prefix=%s/", FUZZ_WORK);
	printf("1..1\n");
	fflush(stdout);
	if (mkdir_p(corpus)) {
		printf("not ok 1 - %s: cannot create %s: %s\n", FUZZ_NAME,
		       corpus, strerror(errno));
		return 1;
	}

	pid = fork();
	if (pid == 0) {
		char *argv[] = {FUZZ_BIN,
				arg_time,
				"-timeout=10",
				"-rss_limit_mb=2048",
				"-print_final_stats=1",
				arg_art,
				corpus,
				FUZZ_SEEDS,
				NULL};

		fd = open(logpath, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0)
			_exit(126);
		dup2(fd, 1);
		dup2(fd, 2);
		execv(FUZZ_BIN, argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid) {
		printf("not ok 1 - %s: cannot run %s\n", FUZZ_NAME, FUZZ_BIN);
		return 1;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		printf("ok 1 - %s: %ld inputs in %s s, no crash\n", FUZZ_NAME,
		       executed_units(logpath), secs);
		return 0;
	}
	printf("not ok 1 - %s: libFuzzer %s %d (crashing input saved under "
	       "%s/, log %s)\n",
	       FUZZ_NAME, WIFEXITED(status) ? "exit status" : "signal",
	       WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status),
	       FUZZ_WORK, logpath);
	tail_log(logpath);
	return 1;
}
