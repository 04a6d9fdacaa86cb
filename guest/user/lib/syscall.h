/* SPDX-License-Identifier: MIT */
/* Trap-path system call wrappers. Results are the kernel's: >= 0
 * success, -errno failure. */
#ifndef U_SYSCALL_H
#define U_SYSCALL_H

#include <stdint.h>

#include "gk_abi.h"

/* One request of either path (gk_abi.h): op in a7, fd in a0, off in a1,
 * flags in a2, buffer in a3/a4; result in a0. */
static inline long gk_call(long op, long fd, long off, long flags,
			   const void *buf, unsigned long len)
{
	register long r0 __asm__("a0") = fd;
	register long r1 __asm__("a1") = off;
	register long r2 __asm__("a2") = flags;
	register long r3 __asm__("a3") = (long)buf;
	register long r4 __asm__("a4") = (long)len;
	register long r7 __asm__("a7") = op;

	__asm__ volatile("ecall"
			 : "+r"(r0), "+r"(r1)
			 : "r"(r2), "r"(r3), "r"(r4), "r"(r7)
			 : "memory");
	return r0;
}

/* The same with the second result (aux, in a1). */
static inline long gk_call_aux(long op, long fd, long off, long flags,
			       const void *buf, unsigned long len, long *aux)
{
	register long r0 __asm__("a0") = fd;
	register long r1 __asm__("a1") = off;
	register long r2 __asm__("a2") = flags;
	register long r3 __asm__("a3") = (long)buf;
	register long r4 __asm__("a4") = (long)len;
	register long r7 __asm__("a7") = op;

	__asm__ volatile("ecall"
			 : "+r"(r0), "+r"(r1)
			 : "r"(r2), "r"(r3), "r"(r4), "r"(r7)
			 : "memory");
	*aux = r1;
	return r0;
}

static inline long sys_nop(void)
{
	register long r0 __asm__("a0");
	register long r7 __asm__("a7") = GK_OP_NOP;

	__asm__ volatile("ecall" : "=r"(r0) : "r"(r7) : "memory");
	return r0;
}
_Noreturn void exit(int status);
static inline long getpid(void)
{
	return gk_call(GK_OP_GETPID, 0, 0, 0, 0, 0);
}
/* argv: NULL-terminated, may be NULL (then argv = {path}) */
static inline long spawn(const char *path, const char *const *argv)
{
	return gk_call(GK_OP_SPAWN, 0, 0, 0, path, (unsigned long)argv);
}
/* status may be NULL */
static inline long waitpid(long pid, int *status)
{
	return gk_call(GK_OP_WAIT, pid, 0, 0, status, 0);
}
static inline long read(int fd, void *buf, unsigned long len)
{
	return gk_call(GK_OP_READ, fd, 0, 0, buf, len);
}
static inline long write(int fd, const void *buf, unsigned long len)
{
	return gk_call(GK_OP_WRITE, fd, 0, 0, buf, len);
}
static inline long pread(int fd, void *buf, unsigned long len,
			 unsigned long off)
{
	return gk_call(GK_OP_READ, fd, (long)off, GK_REQ_F_OFFSET, buf, len);
}
static inline long pwrite(int fd, const void *buf, unsigned long len,
			  unsigned long off)
{
	return gk_call(GK_OP_WRITE, fd, (long)off, GK_REQ_F_OFFSET, buf, len);
}
static inline long open(const char *path, int flags)
{
	return gk_call(GK_OP_OPEN, 0, 0, flags, path, 0);
}
static inline long close(int fd)
{
	return gk_call(GK_OP_CLOSE, fd, 0, 0, 0, 0);
}
static inline long list(unsigned long index, struct gk_dirent *d)
{
	return gk_call(GK_OP_LIST, 0, (long)index, 0, d, sizeof(*d));
}
static inline long unlink(const char *path)
{
	return gk_call(GK_OP_UNLINK, 0, 0, 0, path, 0);
}
static inline long seek(int fd, unsigned long off)
{
	return gk_call(GK_OP_SEEK, fd, (long)off, 0, 0, 0);
}
/* a disk's writes flushed to its medium (0 for other files) */
static inline long fsync(int fd)
{
	return gk_call(GK_OP_FSYNC, fd, 0, 0, 0, 0);
}
static inline long usleep(unsigned long us)
{
	return gk_call(GK_OP_SLEEP, 0, (long)us, 0, 0, 0);
}
static inline long yield(void)
{
	return gk_call(GK_OP_YIELD, 0, 0, 0, 0, 0);
}
static inline long sbrk(long inc)
{
	return gk_call(GK_OP_SBRK, 0, inc, 0, 0, 0);
}
static inline long ps(unsigned long index, struct gk_procinfo *pi)
{
	return gk_call(GK_OP_PS, 0, (long)index, 0, pi, sizeof(*pi));
}
static inline long poweroff(int code)
{
	return gk_call(GK_OP_POWEROFF, code, 0, 0, 0, 0);
}
static inline long getcpu(void)
{
	return gk_call(GK_OP_GETCPU, 0, 0, 0, 0, 0);
}
static inline long getstats(struct gk_stats *s)
{
	return gk_call(GK_OP_STATS, 0, 0, 0, s, sizeof(*s));
}
static inline long ktest(long id, long arg, struct gk_ktest_result *r)
{
	return gk_call(GK_OP_KTEST, id, arg, 0, r, sizeof(*r));
}
static inline long ring_setup(unsigned entries, struct gk_ring_params *p)
{
	return gk_call(GK_OP_RING_SETUP, 0, entries, 0, p, sizeof(*p));
}
/* flags GK_ENTER_GETEVENTS: wait until the used index reaches idx */
static inline long ring_enter(unsigned flags, uint16_t idx)
{
	return gk_call(GK_OP_RING_ENTER, 0, idx, flags, 0, 0);
}

static inline uint64_t rdtime(void)
{
	uint64_t v;
	__asm__ volatile("rdtime %0" : "=r"(v));
	return v;
}

static inline uint64_t rdinstret(void)
{
	uint64_t v;
	__asm__ volatile("rdinstret %0" : "=r"(v));
	return v;
}

#endif
