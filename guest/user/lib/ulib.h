/* SPDX-License-Identifier: MIT */
/* User library: formatted output, heap, small helpers, TAP. */
#ifndef U_ULIB_H
#define U_ULIB_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "syscall.h"

int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int dprintf(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int puts(const char *s);
void *malloc(size_t n);
void *calloc(size_t n, size_t size);
void free(void *p);
long atol_u(const char *s); /* decimal, optional '-' */
const char *strerr(long err); /* "EFAULT" for -14 */
uint64_t timebase(void); /* Hz of rdtime */

/* TAP */
void tap_plan(int n);
int tap_ok(int cond, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void tap_skip(const char *why, ...) __attribute__((format(printf, 1, 2)));
void tap_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* exit status: number of failed tests */
int tap_done(void);

/* evaluates got once */
#define TAP_EQ(got, want, name)                                          \
	({                                                               \
		long tap_g_ = (long)(got), tap_w_ = (long)(want);        \
		tap_ok(tap_g_ == tap_w_, "%s (got %ld, want %ld)", name, \
		       tap_g_, tap_w_);                                  \
	})

#endif
