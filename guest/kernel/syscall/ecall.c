/* SPDX-License-Identifier: MIT */
/* The trap path's front end: an ecall from U-mode with the operation in
 * a7, fd in a0, off in a1, flags in a2, the buffer in a3/a4 (gk_abi.h).
 * Pointers are checked while decoding, so a bad one is -EFAULT before the
 * operation does anything. */
#include "mm/kmalloc.h"
#include "proc/proc.h"
#include "syscall/uthread.h"

/* OPB_ARGV: a3 = path, a4 = NULL-terminated argv (or NULL), copied into
 * one "path\0arg\0...\0" buffer as the ring carries it. */
static __attribute__((noinline)) long ecall_argv(struct op_req *q,
						 const struct vmspace *vm,
						 uint64_t upath, uint64_t uargv)
{
	char *b = kmalloc(OP_ARGS_MAX);
	long n;

	if (!b)
		return -ENOMEM;
	n = strncpy_from_user(vm, b, upath, GK_NAME_MAX);
	if (n < 0) {
		kfree(b);
		return n == -ENAMETOOLONG ? -ENOENT : n;
	}
	uint64_t used = (uint64_t)n + 1;
	for (int i = 0; uargv; i++) {
		uint64_t p;
		if (copy_from_user(vm, &p, uargv + 8 * (uint64_t)i, 8)) {
			n = -EFAULT;
			break;
		}
		if (!p)
			break;
		if (i == GK_ARG_MAX) {
			n = -E2BIG;
			break;
		}
		n = strncpy_from_user(vm, b + used, p, OP_ARGS_MAX - used);
		if (n < 0) {
			if (n == -ENAMETOOLONG)
				n = -E2BIG;
			break;
		}
		used += (uint64_t)n + 1;
	}
	if (n < 0) {
		kfree(b);
		return n;
	}
	q->args = b;
	q->args_len = (uint32_t)used;
	return 0;
}

static __attribute__((noinline)) long
ecall_decode_other(struct uthread *u, const struct op_def *d);

static inline long ecall_decode(struct uthread *u, const struct op_def *d)
{
	struct op_req *q = &u->req;
	const struct vmspace *vm = &u->proc->vm;
	uint64_t a3 = u->tf.a3, a4 = u->tf.a4;

	switch (d->buf) {
	case OPB_NONE:
		break;
	case OPB_IN:
	case OPB_OUT: {
		bool out = d->buf == OPB_OUT;
		if (a4 < d->min_len)
			return -EINVAL;
		/* one contiguous piece (a buffer inside a page): translated
		 * once, as the ring's are; else checked whole now and
		 * translated page by page as it is used */
		void *k = a4 <= 4096 ? vm_user_ptr(vm, a3, a4, out) : 0;
		if (k) {
			q->seg.ptr = k;
			q->seg.len = (uint32_t)a4;
			q->buf.vm = 0;
			q->buf.segs = &q->seg;
			q->buf.nseg = 1;
			q->buf.len = a4;
			q->buf.write = out;
			break;
		}
		if (!vm_user_range_ok(vm, a3, a4, out))
			return -EFAULT;
		uio_user(&q->buf, vm, a3, a4, out);
		break;
	}
	default:
		return ecall_decode_other(u, d);
	}
	if (d->flags & OPF_AUX_OUT)
		return ecall_decode_other(u, d);
	return 0;
}

/* Strings, argument lists, the status pointer. */
static long ecall_decode_other(struct uthread *u, const struct op_def *d)
{
	struct op_req *q = &u->req;
	const struct vmspace *vm = &u->proc->vm;
	uint64_t a3 = u->tf.a3, a4 = u->tf.a4;

	if (d->buf == OPB_STR) {
		long n = strncpy_from_user(vm, q->str, a3, sizeof(q->str));
		if (n < 0)
			return n;
	}
	if (d->buf == OPB_ARGV)
		return ecall_argv(q, vm, a3, a4);
	/* the status pointer fails before a child is consumed */
	if ((d->flags & OPF_AUX_OUT) && a3 &&
	    !vm_user_range_ok(vm, a3, sizeof(int), true))
		return -EFAULT;
	return 0;
}

long ecall_start_slow(struct uthread *u, const struct op_def *d)
{
	struct op_req *q = &u->req;

	q->args = 0;
	long e = ecall_decode(u, d);
	if (e)
		return e;
	long r = op_start(q, d);
	if (r == OP_PENDING)
		return r;
	return ecall_done(u, r);
}

long ecall_finish(struct uthread *u, long r)
{
	struct op_req *q = &u->req;
	const struct op_def *d = &op_table[q->nr];

	if (q->args) {
		kfree(q->args);
		q->args = 0;
	}
	if ((d->flags & OPF_AUX_OUT) && r > 0) {
		int aux = (int)q->aux;
		u->tf.a1 = (uint64_t)q->aux;
		if (u->tf.a3 &&
		    copy_to_user(&u->proc->vm, u->tf.a3, &aux, sizeof(aux)))
			return -EFAULT;
	}
	return r;
}
