/* SPDX-License-Identifier: MIT */
/* Files: read, write, open, close, list, unlink, seek, fsync. */
#include <string.h>

#include "drivers/blkdev.h"
#include "proc/proc.h"
#include "syscall/op.h"

/* read and write: one coroutine for regular files (done at once),
 * consoles and disks (which wait for their device). */
static long op_rw(struct op_req *q, bool write)
{
	struct file *f;
	long r;

	if (q->step == 0) {
		int64_t at = -1;
		if (q->flags & GK_REQ_F_OFFSET) {
			at = (int64_t)q->off;
			if (at < 0)
				return -EINVAL;
		}
		f = fd_get(q->proc, q->fd);
		if (!f)
			return -EBADF;
		if (!file_may_block(f)) { /* regular files: at once */
			r = file_rw_now(f, &q->buf, write, at);
			file_put(f);
			if (!write && r > 0)
				q->out_len = (uint32_t)r;
			return r;
		}
		if (!q->waker) {
			file_put(f);
			return OP_BLOCK;
		}
		q->st.rw.f = f;
		file_io_init(&q->st.rw.io, at);
		q->step = 1;
	}
	f = q->st.rw.f;
	if (op_cancelled(q) && file_io_cancel(f, &q->st.rw.io)) {
		r = -ECANCELED;
	} else {
		r = file_rw(f, &q->buf, write, &q->st.rw.io, q->waker);
		if (r == FILE_PENDING)
			return OP_PENDING;
	}
	file_put(f);
	if (!write && r > 0)
		q->out_len = (uint32_t)r;
	return r;
}

long op_read(struct op_req *q)
{
	return op_rw(q, false);
}

long op_write(struct op_req *q)
{
	return op_rw(q, true);
}

long op_open(struct op_req *q)
{
	struct file *f;
	int err = file_open(q->str, (int)q->flags, &f);

	if (err)
		return err;
	int fd = fd_alloc(q->proc, f);
	if (fd < 0)
		file_put(f);
	return fd;
}

long op_close(struct op_req *q)
{
	return fd_close(q->proc, q->fd);
}

long op_list(struct op_req *q)
{
	struct gk_dirent d;

	if (!fs_list(q->off, &d))
		return 0;
	if (uio_copy_to(&q->buf, 0, &d, sizeof(d)))
		return -EFAULT;
	q->out_len = sizeof(d);
	return 1;
}

long op_unlink(struct op_req *q)
{
	return fs_unlink(q->str);
}

long op_seek(struct op_req *q)
{
	struct file *f = fd_get(q->proc, q->fd);

	if (!f)
		return -EBADF;
	long r = file_seek(f, (int64_t)q->off);
	file_put(f);
	return r;
}

/* fsync: a disk's FLUSH, so that what it completed is on the medium (the
 * host's image file); other files have nothing to flush. A flush in flight
 * cannot be taken back: a cancelled one is waited for too. */
long op_fsync(struct op_req *q)
{
	if (q->step == 0) {
		struct file *f = fd_get(q->proc, q->fd);

		if (!f)
			return -EBADF;
		if (f->type != FILE_BLOCK) {
			file_put(f);
			return 0;
		}
		if (!q->waker) {
			file_put(f);
			return OP_BLOCK;
		}
		q->st.fsync.f = f;
		dev_req_init(&q->st.fsync.req, DEV_FLUSH, 0, 0, q->waker);
		q->step = 1;
		blkdev_submit(f->bd, &q->st.fsync.req);
	}
	if (!dev_req_done(&q->st.fsync.req))
		return OP_PENDING;
	file_put(q->st.fsync.f);
	return q->st.fsync.req.result < 0 ? q->st.fsync.req.result : 0;
}
