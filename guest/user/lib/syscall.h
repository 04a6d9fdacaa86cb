/* SPDX-License-Identifier: MIT */
/* Trap-path system call wrappers (ecall, number in a7). Results are the
 * kernel's: >= 0 success, -errno failure. */
#ifndef U_SYSCALL_H
#define U_SYSCALL_H

#include <stdint.h>

#include "gk_abi.h"

static inline long __syscall(long n, long a0, long a1, long a2, long a3)
{
	register long r0 __asm__("a0") = a0;
	register long r1 __asm__("a1") = a1;
	register long r2 __asm__("a2") = a2;
	register long r3 __asm__("a3") = a3;
	register long r7 __asm__("a7") = n;

	__asm__ volatile("ecall"
			 : "+r"(r0)
			 : "r"(r1), "r"(r2), "r"(r3), "r"(r7)
			 : "memory");
	return r0;
}

#define SYSCALL0(n) __syscall(n, 0, 0, 0, 0)
#define SYSCALL1(n, a) __syscall(n, (long)(a), 0, 0, 0)
#define SYSCALL2(n, a, b) __syscall(n, (long)(a), (long)(b), 0, 0)
#define SYSCALL3(n, a, b, c) __syscall(n, (long)(a), (long)(b), (long)(c), 0)

static inline long sys_nop(void)
{
	return SYSCALL0(SYS_NOP);
}
_Noreturn void exit(int status);
static inline long getpid(void)
{
	return SYSCALL0(SYS_GETPID);
}
static inline long spawn(const char *path, const char *const *argv)
{
	return SYSCALL2(SYS_SPAWN, path, argv);
}
static inline long waitpid(long pid, int *status)
{
	return SYSCALL2(SYS_WAIT, pid, status);
}
static inline long read(int fd, void *buf, unsigned long len)
{
	return SYSCALL3(SYS_READ, fd, buf, len);
}
static inline long write(int fd, const void *buf, unsigned long len)
{
	return SYSCALL3(SYS_WRITE, fd, buf, len);
}
static inline long open(const char *path, int flags)
{
	return SYSCALL2(SYS_OPEN, path, flags);
}
static inline long close(int fd)
{
	return SYSCALL1(SYS_CLOSE, fd);
}
static inline long list(unsigned long index, struct gk_dirent *d)
{
	return SYSCALL2(SYS_LIST, index, d);
}
static inline long unlink(const char *path)
{
	return SYSCALL1(SYS_UNLINK, path);
}
static inline long seek(int fd, unsigned long off)
{
	return SYSCALL2(SYS_SEEK, fd, off);
}
static inline long usleep(unsigned long us)
{
	return SYSCALL1(SYS_SLEEP, us);
}
static inline long yield(void)
{
	return SYSCALL0(SYS_YIELD);
}
static inline long sbrk(long inc)
{
	return SYSCALL1(SYS_SBRK, inc);
}
static inline long ps(unsigned long index, struct gk_procinfo *pi)
{
	return SYSCALL2(SYS_PS, index, pi);
}
static inline long poweroff(int code)
{
	return SYSCALL1(SYS_POWEROFF, code);
}
static inline long getcpu(void)
{
	return SYSCALL0(SYS_GETCPU);
}
static inline long getstats(struct gk_stats *s)
{
	return SYSCALL1(SYS_STATS, s);
}
static inline long ktest(long id, long arg, struct gk_ktest_result *r)
{
	return SYSCALL3(SYS_KTEST, id, arg, r);
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
