/* SPDX-License-Identifier: MIT */
#include "fs/file.h"

#include <string.h>

#include "base/errno.h"
#include "drivers/blkdev.h"
#include "drivers/chardev.h"
#include "mm/kmalloc.h"

static struct file *file_new(int type, int flags)
{
	struct file *f = kmalloc(sizeof(*f));

	if (f) {
		memset(f, 0, sizeof(*f));
		f->refs = 1;
		f->type = (uint8_t)type;
		f->flags = flags;
	}
	return f;
}

struct file *file_console(void)
{
	struct chardev *cd = chardev_console();
	struct file *f = cd ? file_new(FILE_CHAR, O_RDWR) : 0;

	if (f)
		f->cd = cd;
	return f;
}

/* /dev/console, /dev/<chardev>, /dev/<blkdev> */
static int file_open_dev(const char *name, int flags, struct file **out)
{
	struct chardev *cd = strcmp(name, "console") ? chardev_find(name)
						     : chardev_console();
	struct blkdev *bd = cd ? 0 : blkdev_find(name);

	if (!cd && !bd)
		return -ENOENT;
	if (bd && bd->read_only && (flags & O_ACCMODE) != O_RDONLY)
		return -EBADF;
	struct file *f = file_new(cd ? FILE_CHAR : FILE_BLOCK, flags);
	if (!f)
		return -ENOMEM;
	if (cd)
		f->cd = cd;
	else
		f->bd = bd;
	*out = f;
	return 0;
}

int file_open(const char *path, int flags, struct file **out)
{
	struct inode *ino;

	if (!strncmp(path, "/dev/", 5))
		return file_open_dev(path + 5, flags, out);
	struct file *f = file_new(FILE_INODE, flags);
	if (!f)
		return -ENOMEM;
	int err = fs_open(path, flags, &ino);
	if (err) {
		kfree(f);
		return err;
	}
	f->ino = ino;
	*out = f;
	return 0;
}

void file_get(struct file *f)
{
	__atomic_add_fetch(&f->refs, 1, __ATOMIC_RELAXED);
}

void file_put(struct file *f)
{
	if (__atomic_sub_fetch(&f->refs, 1, __ATOMIC_ACQ_REL))
		return;
	if (f->type == FILE_INODE)
		fs_put(f->ino);
	kfree(f);
}

static int file_can(const struct file *f, bool write)
{
	int acc = f->flags & O_ACCMODE;

	return write ? acc != O_RDONLY : acc != O_WRONLY;
}

void file_io_init(struct file_io *io, int64_t at)
{
	io->done = 0;
	io->at = at;
	io->busy = 0;
	io->bounce = 0;
}

/* Regular file: the bytes move between user pages and the file's memory
 * directly, no wait. */
long file_rw_now(struct file *f, const struct uio *u, bool write, int64_t at)
{
	unsigned long fl = 0;
	uint64_t pos, done = 0;
	long r = 0;

	if (!file_can(f, write))
		return -EBADF;
	if (at < 0) {
		fl = spin_lock_irqsave(&f->lock);
		if (write && (f->flags & O_APPEND))
			f->off = f->ino->size;
		pos = f->off;
	} else {
		pos = (uint64_t)at;
	}
	while (done < u->len) {
		uint64_t n;
		void *p = uio_map(u, done, u->len - done, &n);
		if (!p) {
			r = -EFAULT;
			break;
		}
		r = write ? fs_write(f->ino, pos + done, p, n)
			  : fs_read(f->ino, pos + done, p, n);
		if (r <= 0)
			break;
		done += (uint64_t)r;
		if ((uint64_t)r < n)
			break;
	}
	if (at < 0) {
		f->off = pos + done;
		spin_unlock_irqrestore(&f->lock, fl);
	}
	return done ? (long)done : r;
}

/* Console: one device request per call (a read returns what arrived). */
static __attribute__((noinline)) long
file_rw_char(struct file *f, const struct uio *u, bool write,
	     struct file_io *io, struct task *waker)
{
	for (;;) {
		if (io->busy) {
			if (!dev_req_done(&io->req))
				return FILE_PENDING;
			io->busy = 0;
			long r = io->req.result;
			if (r <= 0)
				return io->done ? (long)io->done : r;
			if (!write) {
				if (uio_copy_to(u, 0, io->cbuf, (uint64_t)r))
					return -EFAULT;
				return r;
			}
			io->done += (uint64_t)r;
		}
		if (io->done >= u->len)
			return (long)io->done;
		uint64_t n;
		void *p;
		if (write) {
			p = uio_map(u, io->done, u->len - io->done, &n);
			if (!p)
				return io->done ? (long)io->done : -EFAULT;
		} else {
			p = io->cbuf;
			n = u->len < sizeof(io->cbuf) ? u->len
						      : sizeof(io->cbuf);
		}
		dev_req_init(&io->req, write ? DEV_WRITE : DEV_READ, p,
			     (uint32_t)n, waker);
		io->busy = 1;
		chardev_submit(f->cd, &io->req);
	}
}

/* Block device: whole sectors at 512-byte aligned positions, through a
 * bounce buffer of up to FILE_BLOCK_CHUNK bytes (user pages are not
 * contiguous), one device request per chunk. */
static __attribute__((noinline)) long
file_rw_block(struct file *f, const struct uio *u, bool write,
	      struct file_io *io, struct task *waker)
{
	uint64_t size = f->bd->sectors * BLK_SECTOR;

	if (io->at < 0 && !io->busy && !io->done) {
		unsigned long fl = spin_lock_irqsave(&f->lock);
		io->at = (int64_t)f->off;
		spin_unlock_irqrestore(&f->lock, fl);
		io->req.tag = 1; /* advance the file offset at the end */
	}
	uint64_t pos = (uint64_t)io->at;
	if (!io->busy && !io->done && (pos % BLK_SECTOR || u->len % BLK_SECTOR))
		return -EINVAL;
	for (;;) {
		if (io->busy) {
			if (!dev_req_done(&io->req))
				return FILE_PENDING;
			io->busy = 0;
			long r = io->req.result;
			if (r >= 0 && !write &&
			    uio_copy_to(u, io->done, io->bounce, (uint64_t)r))
				r = -EFAULT;
			if (r < 0) {
				kfree(io->bounce);
				io->bounce = 0;
				return io->done ? (long)io->done : r;
			}
			io->done += (uint64_t)r;
		}
		uint64_t at = pos + io->done;
		uint64_t n = u->len - io->done;
		if (n > FILE_BLOCK_CHUNK)
			n = FILE_BLOCK_CHUNK;
		if (at + n > size) {
			if (write && at >= size && !io->done) {
				kfree(io->bounce);
				io->bounce = 0;
				return -ENOSPC;
			}
			n = at < size ? size - at : 0;
		}
		if (!n) {
			kfree(io->bounce);
			io->bounce = 0;
			if (io->req.tag == 1) {
				unsigned long fl = spin_lock_irqsave(&f->lock);
				f->off = pos + io->done;
				spin_unlock_irqrestore(&f->lock, fl);
			}
			return (long)io->done;
		}
		if (!io->bounce) {
			/* contiguous (kmalloc): the device sees one buffer */
			io->bounce = kmalloc(u->len < FILE_BLOCK_CHUNK
						     ? u->len
						     : FILE_BLOCK_CHUNK);
			if (!io->bounce)
				return io->done ? (long)io->done : -ENOMEM;
		}
		if (write && uio_copy_from(u, io->done, io->bounce, n)) {
			kfree(io->bounce);
			io->bounce = 0;
			return io->done ? (long)io->done : -EFAULT;
		}
		uint16_t tag = io->req.tag;
		dev_req_init(&io->req, write ? DEV_WRITE : DEV_READ, io->bounce,
			     (uint32_t)n, waker);
		io->req.tag = tag;
		io->req.sector = at / BLK_SECTOR;
		io->busy = 1;
		blkdev_submit(f->bd, &io->req);
	}
}

long file_rw(struct file *f, const struct uio *u, bool write,
	     struct file_io *io, struct task *waker)
{
	if (f->type == FILE_INODE)
		return file_rw_now(f, u, write, io->at);
	if (!file_can(f, write))
		return -EBADF;
	switch (f->type) {
	case FILE_CHAR:
		return file_rw_char(f, u, write, io, waker);
	case FILE_BLOCK:
		return file_rw_block(f, u, write, io, waker);
	}
	return -EBADF;
}

int file_io_cancel(struct file *f, struct file_io *io)
{
	if (!io->busy)
		return 1;
	if (f->type == FILE_CHAR && io->req.op == DEV_READ &&
	    chardev_cancel(f->cd, &io->req)) {
		io->busy = 0;
		return 1;
	}
	if (dev_req_done(&io->req)) {
		io->busy = 0;
		kfree(io->bounce);
		io->bounce = 0;
		return 1;
	}
	return 0;
}

long file_seek(struct file *f, int64_t off)
{
	if (off < 0 || f->type == FILE_CHAR)
		return -EINVAL;
	if (f->type == FILE_BLOCK &&
	    (off % BLK_SECTOR || (uint64_t)off > f->bd->sectors * BLK_SECTOR))
		return -EINVAL;
	unsigned long fl = spin_lock_irqsave(&f->lock);
	f->off = (uint64_t)off;
	spin_unlock_irqrestore(&f->lock, fl);
	return off;
}
