/* SPDX-License-Identifier: MIT */
/* memcpy/memmove/memset/memcmp for the guest kernel and user programs.
 * picolibc's riscv64 versions are byte loops (6 instructions a byte); these
 * move 8 bytes at a time when the pointers allow it. Linked before libc,
 * so they take precedence. Built with -fno-tree-loop-distribute-patterns:
 * the loops must not be turned back into calls to themselves. */
#include <stddef.h>
#include <stdint.h>

typedef uint64_t __attribute__((may_alias)) mem_word;

void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;

	if ((((uintptr_t)d | (uintptr_t)s) & 7) == 0) {
		for (; n >= 32; n -= 32, d += 32, s += 32) {
			mem_word a = ((const mem_word *)s)[0];
			mem_word b = ((const mem_word *)s)[1];
			mem_word c = ((const mem_word *)s)[2];
			mem_word e = ((const mem_word *)s)[3];
			((mem_word *)d)[0] = a;
			((mem_word *)d)[1] = b;
			((mem_word *)d)[2] = c;
			((mem_word *)d)[3] = e;
		}
		for (; n >= 8; n -= 8, d += 8, s += 8)
			*(mem_word *)d = *(const mem_word *)s;
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;

	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);
	d += n;
	s += n;
	if ((((uintptr_t)d | (uintptr_t)s) & 7) == 0)
		for (; n >= 8; n -= 8) {
			d -= 8;
			s -= 8;
			*(mem_word *)d = *(const mem_word *)s;
		}
	while (n--)
		*--d = *--s;
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	uint8_t *d = dst;
	mem_word w = (uint8_t)c;

	w |= w << 8;
	w |= w << 16;
	w |= w << 32;
	while (n && ((uintptr_t)d & 7)) {
		*d++ = (uint8_t)c;
		n--;
	}
	for (; n >= 32; n -= 32, d += 32) {
		((mem_word *)d)[0] = w;
		((mem_word *)d)[1] = w;
		((mem_word *)d)[2] = w;
		((mem_word *)d)[3] = w;
	}
	for (; n >= 8; n -= 8, d += 8)
		*(mem_word *)d = w;
	while (n--)
		*d++ = (uint8_t)c;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const uint8_t *x = a, *y = b;

	if ((((uintptr_t)x | (uintptr_t)y) & 7) == 0)
		for (; n >= 8 && *(const mem_word *)x == *(const mem_word *)y;
		     n -= 8, x += 8, y += 8)
			;
	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x < *y ? -1 : 1;
	return 0;
}
