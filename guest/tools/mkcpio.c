/* SPDX-License-Identifier: MIT */
/* Writes a "newc" cpio archive (the guest's initrd) from NAME=PATH pairs:
 *   mkcpio OUT bin/sh=build/guest/user/sh.elf etc/motd=guest/user/motd
 * Deterministic: inode numbers count up, times are 0. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void put_hdr(FILE *o, unsigned ino, unsigned mode, unsigned long size,
		    unsigned long namesize)
{
	fprintf(o,
		"070701%08X%08X%08X%08X%08X%08X%08lX%08X%08X%08X%08X%08lX%08X",
		ino, mode, 0u, 0u, 1u, 0u, size, 0u, 0u, 0u, 0u, namesize, 0u);
}

static void pad4(FILE *o, unsigned long len)
{
	static const char zero[4];

	fwrite(zero, 1, (4 - len % 4) % 4, o);
}

static void put_entry(FILE *o, unsigned ino, unsigned mode, const char *name,
		      const unsigned char *data, unsigned long size)
{
	unsigned long ns = strlen(name) + 1;

	put_hdr(o, ino, mode, size, ns);
	fwrite(name, 1, ns, o);
	pad4(o, 110 + ns);
	if (size)
		fwrite(data, 1, size, o);
	pad4(o, size);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: mkcpio OUT [NAME=PATH]...\n");
		return 2;
	}
	FILE *o = fopen(argv[1], "wb");
	if (!o) {
		perror(argv[1]);
		return 1;
	}
	for (int i = 2; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		if (!eq) {
			fprintf(stderr, "mkcpio: %s: want NAME=PATH\n",
				argv[i]);
			return 2;
		}
		*eq = 0;
		FILE *in = fopen(eq + 1, "rb");
		if (!in) {
			perror(eq + 1);
			return 1;
		}
		fseek(in, 0, SEEK_END);
		long size = ftell(in);
		fseek(in, 0, SEEK_SET);
		unsigned char *buf = malloc(size ? (size_t)size : 1);
		if (!buf || fread(buf, 1, (size_t)size, in) != (size_t)size) {
			fprintf(stderr, "mkcpio: cannot read %s\n", eq + 1);
			return 1;
		}
		fclose(in);
		unsigned mode = strncmp(argv[i], "bin/", 4) ? 0100644 : 0100755;
		put_entry(o, (unsigned)i, mode, argv[i], buf,
			  (unsigned long)size);
		free(buf);
	}
	put_entry(o, 0, 0, "TRAILER!!!", 0, 0);
	if (fclose(o)) {
		perror(argv[1]);
		return 1;
	}
	return 0;
}
