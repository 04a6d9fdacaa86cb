/* SPDX-License-Identifier: MIT */
/* In-memory file system: a flat table of regular files named by absolute
 * path ("/bin/sh"), seeded from the initrd cpio archive. */
#ifndef GK_FS_H
#define GK_FS_H

#include <stdint.h>

#include "gk_abi.h"
#include "arch/spinlock.h"

#define FS_FILE_MAX (4ull << 20)

struct inode {
	struct inode *next;
	struct spinlock lock;
	uint32_t refs; /* open files + 1 while linked */
	int linked;
	char name[GK_NAME_MAX];
	uint8_t *data;
	uint64_t size, cap;
};

/* Loads every regular file of a cpio archive; returns the count or a
 * negative error (a malformed archive stops at the bad entry). */
int fs_seed_cpio(const void *buf, uint64_t len);
/* Looks up (and with O_CREAT creates) a file; takes a reference. */
int fs_open(const char *path, int flags, struct inode **out);
void fs_put(struct inode *ino);
int fs_unlink(const char *path);
/* index-th file (0-based) into d; 1 found, 0 past the end. */
int fs_list(uint64_t index, struct gk_dirent *d);

long fs_read(struct inode *ino, uint64_t off, void *buf, uint64_t len);
long fs_write(struct inode *ino, uint64_t off, const void *buf, uint64_t len);
void fs_truncate(struct inode *ino);
/* Kernel-side whole-file view, for the ELF loader: data stays valid while a
 * reference is held and nobody writes. */
const uint8_t *fs_data(struct inode *ino, uint64_t *size);

#endif
