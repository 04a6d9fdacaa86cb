/* SPDX-License-Identifier: MIT */
#include "ulib.h"

#include "fmt.h"

/* ---- output ------------------------------------------------------------ */

struct outbuf {
	int fd;
	unsigned n;
	char buf[256];
};

static void out_flush(struct outbuf *o)
{
	unsigned done = 0;

	while (done < o->n) {
		long w = write(o->fd, o->buf + done, o->n - done);
		if (w <= 0)
			break;
		done += (unsigned)w;
	}
	o->n = 0;
}

static void out_char(void *ctx, char c)
{
	struct outbuf *o = ctx;

	o->buf[o->n++] = c;
	if (o->n == sizeof(o->buf))
		out_flush(o);
}

static int vdprintf_u(int fd, const char *fmt, va_list ap)
{
	struct outbuf o = {.fd = fd};
	int n = fmt_vformat(out_char, &o, fmt, ap);

	out_flush(&o);
	return n;
}

int printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = vdprintf_u(1, fmt, ap);
	va_end(ap);
	return n;
}

int dprintf(int fd, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = vdprintf_u(fd, fmt, ap);
	va_end(ap);
	return n;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int puts(const char *s)
{
	write(1, s, strlen(s));
	return (int)write(1, "\n", 1);
}

_Noreturn void exit(int status)
{
	for (;;)
		gk_call(GK_OP_EXIT, status, 0, 0, 0, 0);
}

/* ---- heap: first fit over sbrk, blocks carry their size ------------------ */

struct blk {
	size_t size; /* bytes after the header */
	struct blk *next; /* free list */
};

static struct blk *free_list;

void *malloc(size_t n)
{
	n = (n + 15) & ~(size_t)15;
	for (struct blk **pp = &free_list; *pp; pp = &(*pp)->next) {
		struct blk *b = *pp;
		if (b->size >= n) {
			*pp = b->next;
			return b + 1;
		}
	}
	size_t total = n + sizeof(struct blk);
	long p = sbrk((long)total);
	if (p < 0)
		return 0;
	struct blk *b = (struct blk *)(uintptr_t)p;
	b->size = n;
	return b + 1;
}

void *calloc(size_t n, size_t size)
{
	if (size && n > (size_t)-1 / size)
		return 0;
	void *p = malloc(n * size);
	if (p)
		memset(p, 0, n * size);
	return p;
}

void free(void *p)
{
	if (!p)
		return;
	struct blk *b = (struct blk *)p - 1;
	b->next = free_list;
	free_list = b;
}

/* ---- helpers --------------------------------------------------------- */

long atol_u(const char *s)
{
	long v = 0, neg = 0;

	if (*s == '-') {
		neg = 1;
		s++;
	}
	while (*s >= '0' && *s <= '9')
		v = v * 10 + (*s++ - '0');
	return neg ? -v : v;
}

const char *strerr(long err)
{
	switch (-err) {
	case 0:
		return "OK";
	case ENOENT:
		return "ENOENT";
	case EIO:
		return "EIO";
	case E2BIG:
		return "E2BIG";
	case ENOEXEC:
		return "ENOEXEC";
	case EBADF:
		return "EBADF";
	case ECHILD:
		return "ECHILD";
	case EAGAIN:
		return "EAGAIN";
	case ENOMEM:
		return "ENOMEM";
	case EFAULT:
		return "EFAULT";
	case EBUSY:
		return "EBUSY";
	case EINVAL:
		return "EINVAL";
	case EMFILE:
		return "EMFILE";
	case ENAMETOOLONG:
		return "ENAMETOOLONG";
	case ENOSYS:
		return "ENOSYS";
	case ENODEV:
		return "ENODEV";
	default:
		return "error";
	}
}

uint64_t timebase(void)
{
	static uint64_t tb;
	struct gk_stats s;

	if (!tb && !getstats(&s))
		tb = s.timebase;
	return tb ? tb : 10000000;
}

/* ---- TAP --------------------------------------------------------------- */

static int tap_n, tap_failed;

void tap_plan(int n)
{
	printf("1..%d\n", n);
}

static void tap_line(int cond, const char *fmt, va_list ap)
{
	char msg[200];

	fmt_vsnprintf(msg, sizeof(msg), fmt, ap);
	tap_n++;
	if (!cond)
		tap_failed++;
	printf("%sok %d - %s\n", cond ? "" : "not ", tap_n, msg);
}

int tap_ok(int cond, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_line(cond, fmt, ap);
	va_end(ap);
	return cond;
}

void tap_skip(const char *fmt, ...)
{
	char msg[160];
	va_list ap;

	va_start(ap, fmt);
	fmt_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	tap_n++;
	printf("ok %d # SKIP %s\n", tap_n, msg);
}

void tap_diag(const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	fmt_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printf("# %s\n", msg);
}

int tap_done(void)
{
	return tap_failed;
}
