/* SPDX-License-Identifier: MIT */
/* Open files: what a file descriptor points to. A regular file of the
 * in-memory file system, or a device under /dev: a character device
 * (/dev/console and the consoles by name) or a block device (/dev/vda),
 * both driven by requests that complete later (drivers/dev.h). */
#ifndef GK_FILE_H
#define GK_FILE_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

#include "arch/spinlock.h"
#include "drivers/dev.h"
#include "fs/fs.h"
#include "mm/uio.h"

enum file_type { FILE_INODE = 1, FILE_CHAR = 2, FILE_BLOCK = 3 };

struct chardev;
struct blkdev;

struct file {
	struct spinlock lock;
	uint32_t refs;
	uint8_t type;
	int flags; /* O_* */
	uint64_t off;
	union {
		struct inode *ino;
		struct chardev *cd;
		struct blkdev *bd;
	};
};

#define GK_MAX_FD 16
#define FILE_PENDING LONG_MIN
#define FILE_CHAR_CHUNK 128 /* bytes one console read returns at most */
#define FILE_BLOCK_CHUNK 65536 /* bytes per block device request, at most */

/* One read or write in progress: the coroutine state file_rw keeps
 * between its calls. Zeroed by file_io_init. */
struct file_io {
	struct dev_req req;
	uint64_t done; /* bytes moved */
	int64_t at; /* file position, -1: the file's offset */
	uint8_t busy; /* req is with the device */
	uint8_t *bounce; /* block files: up to FILE_BLOCK_CHUNK bytes */
	char cbuf[FILE_CHAR_CHUNK]; /* console reads */
};

struct file *file_console(void);
int file_open(const char *path, int flags, struct file **out);
void file_get(struct file *f);
void file_put(struct file *f);
/* Reads or writes may wait for a device. */
static inline bool file_may_block(const struct file *f)
{
	return f->type != FILE_INODE;
}

void file_io_init(struct file_io *io, int64_t at);
/* A file that never waits (file_may_block false): the whole transfer at
 * at (-1: the file's offset); bytes moved or -errno. */
long file_rw_now(struct file *f, const struct uio *u, bool write, int64_t at);
/* Moves bytes between f and u (write: from u into the file). Returns the
 * bytes moved, -errno, or FILE_PENDING after arranging a wake of waker
 * (then call again with the same io). A console read returns what is
 * there once there is something. */
long file_rw(struct file *f, const struct uio *u, bool write,
	     struct file_io *io, struct task *waker);
/* The caller gives up: withdraws what can be withdrawn. 1 when io may be
 * dropped now, 0 when a device still owns its buffer (call file_rw until
 * it stops returning FILE_PENDING). */
int file_io_cancel(struct file *f, struct file_io *io);
/* Sets the offset (regular and block files); the offset or -EINVAL. */
long file_seek(struct file *f, int64_t off);

#endif
