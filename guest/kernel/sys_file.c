/* SPDX-License-Identifier: MIT */
/* File system calls. User buffers are checked whole before any byte
 * moves, so a bad pointer is -EFAULT with nothing consumed or written. */
#include <string.h>

#include "console.h"
#include "errno.h"
#include "proc.h"
#include "syscall.h"

#define IO_CHUNK 512

static long read_try(struct uthread *u);

/* Moves up to len bytes from f to the user buffer; -EAGAIN passes up. */
static long do_read(struct proc *p, struct file *f, uint64_t ubuf, uint64_t len)
{
	char kbuf[IO_CHUNK];
	uint64_t done = 0;

	while (done < len) {
		uint64_t n = len - done < IO_CHUNK ? len - done : IO_CHUNK;
		long r = file_read(f, kbuf, n, -1);
		if (r < 0)
			return done ? (long)done : r;
		if (r == 0)
			break;
		if (copy_to_user(&p->vm, ubuf + done, kbuf, (uint64_t)r))
			return -EFAULT; /* unmapped meanwhile */
		done += (uint64_t)r;
		if ((uint64_t)r < n || f->type == FILE_CONSOLE)
			break;
	}
	return (long)done;
}

static long read_try(struct uthread *u)
{
	struct proc *p = u->proc;
	struct file *f = u->op.read.f;

	for (int round = 0; round < 2; round++) {
		long r = do_read(p, f, u->op.read.buf, u->op.read.len);
		if (r != -EAGAIN) {
			console_unwait(&u->op.read.w);
			file_put(f);
			return r;
		}
		console_wait(&u->op.read.w, &u->task);
	}
	u->resume = read_try;
	return SYS_PENDING;
}

long sys_read(struct uthread *u, const uint64_t *a)
{
	struct proc *p = u->proc;
	struct file *f = fd_get(p, (int)a[0]);

	if (!f)
		return -EBADF;
	if (!vm_user_range_ok(&p->vm, a[1], a[2], true)) {
		file_put(f);
		return -EFAULT;
	}
	if (a[2] == 0) {
		file_put(f);
		return 0;
	}
	if (f->type != FILE_CONSOLE) {
		long r = do_read(p, f, a[1], a[2]);
		file_put(f);
		return r;
	}
	memset(&u->op, 0, sizeof(u->op));
	u->op.read.f = f;
	u->op.read.buf = a[1];
	u->op.read.len = a[2];
	return read_try(u);
}

long sys_write(struct uthread *u, const uint64_t *a)
{
	struct proc *p = u->proc;
	char kbuf[IO_CHUNK];
	uint64_t ubuf = a[1], len = a[2], done = 0;
	struct file *f = fd_get(p, (int)a[0]);

	if (!f)
		return -EBADF;
	if (!vm_user_range_ok(&p->vm, ubuf, len, false)) {
		file_put(f);
		return -EFAULT;
	}
	long r = 0;
	while (done < len) {
		uint64_t n = len - done < IO_CHUNK ? len - done : IO_CHUNK;
		const void *src = vm_user_ptr(&p->vm, ubuf + done, n, false);
		if (!src) {
			if (copy_from_user(&p->vm, kbuf, ubuf + done, n)) {
				r = -EFAULT;
				break;
			}
			src = kbuf;
		}
		r = file_write(f, src, n, -1);
		if (r <= 0)
			break;
		done += (uint64_t)r;
	}
	file_put(f);
	return done ? (long)done : r;
}

long sys_open(struct uthread *u, const uint64_t *a)
{
	struct proc *p = u->proc;
	char path[GK_NAME_MAX];
	struct file *f;
	long n = strncpy_from_user(&p->vm, path, a[0], sizeof(path));

	if (n < 0)
		return n;
	int err = file_open(path, (int)a[1], &f);
	if (err)
		return err;
	int fd = fd_alloc(p, f);
	if (fd < 0)
		file_put(f);
	return fd;
}

long sys_close(struct uthread *u, const uint64_t *a)
{
	return fd_close(u->proc, (int)a[0]);
}

long sys_list(struct uthread *u, const uint64_t *a)
{
	struct gk_dirent d;

	if (!vm_user_range_ok(&u->proc->vm, a[1], sizeof(d), true))
		return -EFAULT;
	if (!fs_list(a[0], &d))
		return 0;
	if (copy_to_user(&u->proc->vm, a[1], &d, sizeof(d)))
		return -EFAULT;
	return 1;
}

long sys_unlink(struct uthread *u, const uint64_t *a)
{
	char path[GK_NAME_MAX];
	long n = strncpy_from_user(&u->proc->vm, path, a[0], sizeof(path));

	if (n < 0)
		return n;
	return fs_unlink(path);
}

long sys_seek(struct uthread *u, const uint64_t *a)
{
	struct file *f = fd_get(u->proc, (int)a[0]);

	if (!f)
		return -EBADF;
	long r = -EINVAL;
	if (f->type == FILE_INODE && (int64_t)a[1] >= 0) {
		unsigned long fl = spin_lock_irqsave(&f->lock);
		f->off = a[1];
		spin_unlock_irqrestore(&f->lock, fl);
		r = (long)a[1];
	}
	file_put(f);
	return r;
}
