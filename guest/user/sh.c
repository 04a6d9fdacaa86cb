/* SPDX-License-Identifier: MIT */
/* The interactive shell `make run` boots into. Builtins: help, echo, ls,
 * cat, rm, ps, stats, sleep, dread, dwrite, poweroff, exit; anything else
 * runs /bin/NAME.
 * "cmd ... > file" sends a builtin's output to a file; a trailing "&"
 * runs a program without waiting. End of input (Ctrl-D on an empty line)
 * powers off like poweroff. */
#include "ulib.h"

#define SH_LINE 256
#define SH_ARGS 16

static int out_fd = 1;

static int sh_readline(char *buf, int size)
{
	int n = 0;

	for (;;) {
		char c;
		long r = read(0, &c, 1);
		if (r <= 0)
			return -1;
		if (c == '\r' || c == '\n') {
			write(1, "\n", 1);
			buf[n] = 0;
			return n;
		}
		if (c == 4) { /* Ctrl-D */
			if (n == 0)
				return -1;
			continue;
		}
		if (c == 3) { /* Ctrl-C */
			write(1, "^C\n", 3);
			n = 0;
			buf[0] = 0;
			return 0;
		}
		if (c == 0x7f || c == 8) {
			if (n > 0) {
				n--;
				write(1, "\b \b", 3);
			}
			continue;
		}
		if (c < ' ' || n >= size - 1)
			continue;
		buf[n++] = c;
		write(1, &c, 1);
	}
}

static int sh_split(char *line, char **av)
{
	int ac = 0;

	for (char *p = line; *p && ac < SH_ARGS - 1;) {
		while (*p == ' ' || *p == '\t')
			*p++ = 0;
		if (!*p)
			break;
		av[ac++] = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
	}
	av[ac] = 0;
	return ac;
}

static void cmd_help(void)
{
	dprintf(out_fd,
		"builtins: help echo ls cat rm ps stats sleep poweroff exit\n"
		"  dread N [DEV]         show 512-byte block N of a disk\n"
		"  dwrite N TEXT [DEV]   write TEXT (zero-filled) into block "
		"N\n"
		"  (DEV: /dev/vda unless given)\n"
		"programs: ls-able in /bin, e.g. hello, t-ring, bench-syscall\n"
		"  cmd > file   builtin output to a file;  prog &   no wait\n"
		"  Ctrl-D on an empty line: power off\n");
}

/* dread N [DEV]: block N as hex and text, 16 bytes a line */
static void cmd_dread(int ac, char **av)
{
	static unsigned char b[512];
	const char *dev = ac > 2 ? av[2] : "/dev/vda";
	long fd = ac > 1 ? open(dev, O_RDONLY) : -EINVAL;
	long n = fd >= 0 ? pread((int)fd, b, sizeof(b),
				 (unsigned long)atol_u(av[1]) * 512)
			 : fd;

	if (fd >= 0)
		close((int)fd);
	if (n <= 0) {
		dprintf(2, "dread: %s: %s\n", ac > 1 ? dev : "usage: dread N",
			n ? strerr(n) : "past the end");
		return;
	}
	for (int o = 0; o < n; o += 16) {
		char txt[17];
		dprintf(out_fd, "%04x ", o);
		for (int i = 0; i < 16; i++) {
			dprintf(out_fd, " %02x", b[o + i]);
			txt[i] = b[o + i] >= 32 && b[o + i] < 127
					 ? (char)b[o + i]
					 : '.';
		}
		txt[16] = 0;
		dprintf(out_fd, "  %s\n", txt);
	}
}

/* dwrite N TEXT [DEV] */
static void cmd_dwrite(int ac, char **av)
{
	static char b[512];
	const char *dev = ac > 3 ? av[3] : "/dev/vda";
	long fd = ac > 2 ? open(dev, O_RDWR) : -EINVAL;

	if (fd < 0) {
		dprintf(2, "dwrite: %s: %s\n",
			ac > 2 ? dev : "usage: dwrite N TEXT", strerr(fd));
		return;
	}
	memset(b, 0, sizeof(b));
	strncpy(b, av[2], sizeof(b));
	long n = pwrite((int)fd, b, sizeof(b),
			(unsigned long)atol_u(av[1]) * 512);
	close((int)fd);
	if (n != (long)sizeof(b))
		dprintf(2, "dwrite: %s: %s\n", dev, strerr(n));
}

static void cmd_ls(void)
{
	struct gk_dirent d;

	for (unsigned long i = 0; list(i, &d) > 0; i++)
		dprintf(out_fd, "%8lu  %s\n", (unsigned long)d.size, d.name);
}

static void cmd_cat(int ac, char **av)
{
	char buf[256];

	for (int i = 1; i < ac; i++) {
		long fd = open(av[i], O_RDONLY);
		if (fd < 0) {
			dprintf(2, "cat: %s: %s\n", av[i], strerr(fd));
			continue;
		}
		long n;
		while ((n = read((int)fd, buf, sizeof(buf))) > 0)
			write(out_fd, buf, (unsigned long)n);
		close((int)fd);
	}
}

static void cmd_ps(void)
{
	struct gk_procinfo pi;

	dprintf(out_fd, "  PID  PPID  CPU  STATE   NAME\n");
	for (unsigned long i = 0; ps(i, &pi) > 0; i++)
		dprintf(out_fd, "%5d %5d %4u  %-7s %s\n", pi.pid, pi.ppid,
			pi.cpu,
			pi.state == GK_PROC_ZOMBIE ? "zombie" : "running",
			pi.name);
}

static void cmd_stats(void)
{
	struct gk_stats s;

	if (getstats(&s))
		return;
	dprintf(out_fd,
		"vcpus %u  ring mode %s\ntraps from U %lu (ecalls %lu, irqs "
		"%lu)\nring requests %lu, ring kicks %lu\ntask polls %lu, "
		"steals %lu, ipis %lu\n",
		s.ncpus,
		s.ring_mode == GK_RING_MODE_POLL ? "poll" : "on-demand",
		(unsigned long)s.traps_user, (unsigned long)s.ecalls,
		(unsigned long)s.irqs_user, (unsigned long)s.ring_requests,
		(unsigned long)s.ring_kicks, (unsigned long)s.task_polls,
		(unsigned long)s.steals, (unsigned long)s.ipis_sent);
}

static void sh_run(int ac, char **av)
{
	char path[GK_NAME_MAX];
	int bg = 0;

	if (!strcmp(av[ac - 1], "&")) {
		av[--ac] = 0;
		bg = 1;
		if (!ac)
			return;
	}
	if (av[0][0] == '/')
		snprintf(path, sizeof(path), "%s", av[0]);
	else
		snprintf(path, sizeof(path), "/bin/%s", av[0]);
	long pid = spawn(path, (const char *const *)av);
	if (pid < 0) {
		dprintf(2, "sh: %s: %s\n", av[0],
			pid == -ENOENT ? "command not found" : strerr(pid));
		return;
	}
	if (bg) {
		dprintf(1, "[%ld]\n", pid);
		return;
	}
	int status = 0;
	if (waitpid(pid, &status) == pid && status)
		dprintf(1, "sh: %s exited with status %d\n", av[0], status);
}

/* Returns 1 when the shell should stop. */
static int sh_exec(char *line, int *code)
{
	char *av[SH_ARGS];
	int ac = sh_split(line, av);

	if (!ac || av[0][0] == '#')
		return 0;
	out_fd = 1;
	/* builtin redirection: "... > file" */
	if (ac >= 3 && !strcmp(av[ac - 2], ">")) {
		long fd = open(av[ac - 1], O_CREAT | O_TRUNC | O_WRONLY);
		if (fd < 0) {
			dprintf(2, "sh: %s: %s\n", av[ac - 1], strerr(fd));
			return 0;
		}
		out_fd = (int)fd;
		ac -= 2;
		av[ac] = 0;
	}
	const char *c = av[0];
	int stop = 0;
	if (!strcmp(c, "help"))
		cmd_help();
	else if (!strcmp(c, "echo")) {
		for (int i = 1; i < ac; i++)
			dprintf(out_fd, "%s%s", av[i], i + 1 < ac ? " " : "");
		dprintf(out_fd, "\n");
	} else if (!strcmp(c, "ls"))
		cmd_ls();
	else if (!strcmp(c, "cat"))
		cmd_cat(ac, av);
	else if (!strcmp(c, "rm")) {
		for (int i = 1; i < ac; i++)
			if (unlink(av[i]))
				dprintf(2, "rm: %s: not found\n", av[i]);
	} else if (!strcmp(c, "ps"))
		cmd_ps();
	else if (!strcmp(c, "stats"))
		cmd_stats();
	else if (!strcmp(c, "sleep"))
		usleep(ac > 1 ? (unsigned long)atol_u(av[1]) * 1000 : 1000);
	else if (!strcmp(c, "dread"))
		cmd_dread(ac, av);
	else if (!strcmp(c, "dwrite"))
		cmd_dwrite(ac, av);
	else if (!strcmp(c, "poweroff"))
		poweroff(ac > 1 ? (int)atol_u(av[1]) : 0);
	else if (!strcmp(c, "exit")) {
		*code = ac > 1 ? (int)atol_u(av[1]) : 0;
		stop = 1;
	} else
		sh_run(ac, av);
	if (out_fd != 1)
		close(out_fd);
	out_fd = 1;
	return stop;
}

int main(int argc, char **argv)
{
	char line[SH_LINE];
	int code = 0;

	(void)argc;
	(void)argv;
	cmd_cat(2, (char *[]){"cat", "/etc/motd", 0});
	for (;;) {
		printf("gk$ ");
		if (sh_readline(line, sizeof(line)) < 0) {
			printf("\n");
			poweroff(0); /* end of input */
		}
		if (sh_exec(line, &code))
			return code;
	}
}
