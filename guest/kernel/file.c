/* SPDX-License-Identifier: MIT */
#include "file.h"

#include "console.h"
#include "errno.h"
#include "kmalloc.h"

struct file *file_console(void)
{
	struct file *f = kmalloc(sizeof(*f));

	if (f) {
		f->refs = 1;
		f->type = FILE_CONSOLE;
		f->flags = O_RDWR;
	}
	return f;
}

int file_open(const char *path, int flags, struct file **out)
{
	struct inode *ino;
	struct file *f = kmalloc(sizeof(*f));

	if (!f)
		return -ENOMEM;
	int err = fs_open(path, flags, &ino);
	if (err) {
		kfree(f);
		return err;
	}
	f->refs = 1;
	f->type = FILE_INODE;
	f->flags = flags;
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

static int file_can(struct file *f, int write)
{
	int acc = f->flags & O_ACCMODE;

	return write ? acc != O_RDONLY : acc != O_WRONLY;
}

long file_read(struct file *f, void *buf, uint64_t len, int64_t at)
{
	if (!file_can(f, 0))
		return -EBADF;
	if (f->type == FILE_CONSOLE)
		return console_read_nb(buf, len);
	if (at >= 0)
		return fs_read(f->ino, (uint64_t)at, buf, len);
	unsigned long fl = spin_lock_irqsave(&f->lock);
	long n = fs_read(f->ino, f->off, buf, len);
	if (n > 0)
		f->off += (uint64_t)n;
	spin_unlock_irqrestore(&f->lock, fl);
	return n;
}

long file_write(struct file *f, const void *buf, uint64_t len, int64_t at)
{
	if (!file_can(f, 1))
		return -EBADF;
	if (f->type == FILE_CONSOLE)
		return console_write(buf, len);
	if (at >= 0)
		return fs_write(f->ino, (uint64_t)at, buf, len);
	unsigned long fl = spin_lock_irqsave(&f->lock);
	if (f->flags & O_APPEND)
		f->off = f->ino->size;
	long n = fs_write(f->ino, f->off, buf, len);
	if (n > 0)
		f->off += (uint64_t)n;
	spin_unlock_irqrestore(&f->lock, fl);
	return n;
}
