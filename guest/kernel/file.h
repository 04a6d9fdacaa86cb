/* SPDX-License-Identifier: MIT */
/* Open files: what a file descriptor points to. */
#ifndef GK_FILE_H
#define GK_FILE_H

#include <stdint.h>

#include "fs.h"
#include "spinlock.h"

enum file_type { FILE_INODE = 1, FILE_CONSOLE = 2 };

struct file {
	struct spinlock lock;
	uint32_t refs;
	uint8_t type;
	int flags; /* O_* */
	uint64_t off;
	struct inode *ino;
};

#define GK_MAX_FD 16

struct file *file_console(void);
int file_open(const char *path, int flags, struct file **out);
void file_get(struct file *f);
void file_put(struct file *f);
/* Kernel buffers. at < 0: use and advance the file offset. Console read
 * returns -EAGAIN when no input is buffered. */
long file_read(struct file *f, void *buf, uint64_t len, int64_t at);
long file_write(struct file *f, const void *buf, uint64_t len, int64_t at);

#endif
