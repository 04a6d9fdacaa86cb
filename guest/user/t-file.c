/* SPDX-License-Identifier: MIT */
/* File operations over the trap path: create, write, read, seek, append,
 * list, unlink, the initrd's files, and the error cases. */
#include "ulib.h"

static int listed(const char *name, uint64_t *size)
{
	struct gk_dirent d;

	for (unsigned long i = 0; list(i, &d) > 0; i++) {
		if (!strcmp(d.name, name)) {
			*size = d.size;
			return 1;
		}
	}
	return 0;
}

int main(void)
{
	char buf[128];
	uint64_t size = 0;

	tap_plan(22);
	long fd = open("/etc/motd", O_RDONLY);
	long n = fd >= 0 ? read((int)fd, buf, sizeof(buf) - 1) : -1;
	buf[n > 0 ? n : 0] = 0;
	tap_ok(n > 8 && !strncmp(buf, "Welcome", 7),
	       "initrd file /etc/motd reads back (%ld bytes)", n);
	TAP_EQ(read((int)fd, buf, 10), 0, "read at end of file returns 0");
	TAP_EQ(close((int)fd), 0, "close");
	TAP_EQ(close((int)fd), -EBADF, "second close: -EBADF");

	TAP_EQ(open("/t-file.a", O_RDONLY), -ENOENT, "open missing: -ENOENT");
	fd = open("/t-file.a", O_CREAT | O_RDWR);
	tap_ok(fd >= 3, "create /t-file.a (fd %ld)", fd);
	TAP_EQ(write((int)fd, "hello, world", 12), 12, "write 12 bytes");
	TAP_EQ(seek((int)fd, 7), 7, "seek to 7");
	memset(buf, 0, sizeof(buf));
	TAP_EQ(read((int)fd, buf, 100), 5, "read the rest (5 bytes)");
	tap_ok(!strcmp(buf, "world"), "read data matches (%s)", buf);
	close((int)fd);
	tap_ok(listed("/t-file.a", &size) && size == 12,
	       "list shows the new file with its size (%lu)",
	       (unsigned long)size);

	fd = open("/t-file.a", O_WRONLY | O_APPEND);
	write((int)fd, "!!", 2);
	close((int)fd);
	tap_ok(listed("/t-file.a", &size) && size == 14, "append grows to 14");
	fd = open("/t-file.a", O_WRONLY | O_TRUNC);
	close((int)fd);
	tap_ok(listed("/t-file.a", &size) && size == 0, "O_TRUNC empties");

	fd = open("/etc/lines.txt", O_RDONLY);
	TAP_EQ(write((int)fd, "x", 1), -EBADF, "write to O_RDONLY: -EBADF");
	close((int)fd);
	TAP_EQ(read(42, buf, 1), -EBADF, "read bad fd: -EBADF");

	/* a big file: several chunks through the kernel's bounce buffer */
	static char big[20000];
	for (unsigned i = 0; i < sizeof(big); i++)
		big[i] = (char)(i * 7);
	fd = open("/t-file.big", O_CREAT | O_RDWR);
	n = write((int)fd, big, sizeof(big));
	seek((int)fd, 0);
	static char back[20000];
	long m = read((int)fd, back, sizeof(back));
	close((int)fd);
	tap_ok(n == 20000 && m == 20000 && !memcmp(big, back, sizeof(big)),
	       "20000-byte file round trip (%ld/%ld)", n, m);

	TAP_EQ(unlink("/t-file.a"), 0, "unlink");
	tap_ok(!listed("/t-file.a", &size), "unlinked file is gone from list");
	TAP_EQ(unlink("/t-file.a"), -ENOENT, "unlink again: -ENOENT");
	unlink("/t-file.big");

	long fds[20];
	int k = 0;
	for (; k < 20; k++) {
		fds[k] = open("/etc/motd", O_RDONLY);
		if (fds[k] < 0)
			break;
	}
	tap_ok(k < 20 && fds[k] == -EMFILE, "fd table full: -EMFILE after %d",
	       k);
	for (int i = 0; i < k; i++)
		close((int)fds[i]);

	char longname[100];
	memset(longname, 'a', sizeof(longname));
	longname[0] = '/';
	longname[99] = 0;
	TAP_EQ(open(longname, O_CREAT | O_RDWR), -ENAMETOOLONG,
	       "99-char path: -ENAMETOOLONG");
	TAP_EQ(open("relative", O_CREAT | O_RDWR), -ENOENT,
	       "relative path: -ENOENT");
	return tap_done();
}
