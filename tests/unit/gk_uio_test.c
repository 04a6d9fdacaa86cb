/* SPDX-License-Identifier: MIT */
/* A system call's buffer (mm/uio.c) as either front end hands it over:
 * ring segments and a user range (vm_user_ptr stubbed: three pages of
 * "user memory", the middle one unmapped); and the spawn argument block
 * (syscall/op_args.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "gk_abi.h"
#include "mm/uio.h"
#include "mm/vm.h"
#include "syscall/op_args.h"

#define UBASE 0x100000000ull
static uint8_t user[3 * 4096] __attribute__((aligned(4096)));

/* page 1 is not mapped; a range must stay inside one page (as the kernel's
 * does when pages are not contiguous) */
void *vm_user_ptr(const struct vmspace *vs, uint64_t va, uint64_t len,
		  bool write)
{
	(void)vs;
	(void)write;
	if (va < UBASE || va + len > UBASE + sizeof(user) || !len)
		return 0;
	uint64_t off = va - UBASE;
	if (off / 4096 != (off + len - 1) / 4096 || off / 4096 == 1)
		return 0;
	return user + off;
}

static struct vmspace fake_vm;

static void segs3(struct pvring_seg *s, char *a, char *b, char *c,
		  struct uio *u, bool write)
{
	s[0] = (struct pvring_seg){0, a, 3, write};
	s[1] = (struct pvring_seg){0, b, 1, write};
	s[2] = (struct pvring_seg){0, c, 4, write};
	u->vm = 0;
	u->segs = s;
	u->nseg = 3;
	u->len = 8;
	u->write = write;
}

static void test_map_segments(void **state)
{
	(void)state;
	char a[3] = "abc", b[1] = {'d'}, c[4] = "efgh";
	struct pvring_seg s[3];
	struct uio u;
	uint64_t n;

	segs3(s, a, b, c, &u, false);
	assert_ptr_equal(uio_map(&u, 0, 100, &n), a);
	assert_int_equal(n, 3);
	assert_ptr_equal(uio_map(&u, 1, 1, &n), a + 1); /* cut to max */
	assert_int_equal(n, 1);
	assert_ptr_equal(uio_map(&u, 3, 100, &n), b);
	assert_int_equal(n, 1);
	assert_ptr_equal(uio_map(&u, 6, 100, &n), c + 2);
	assert_int_equal(n, 2);
	assert_null(uio_map(&u, 8, 100, &n)); /* the end */
	assert_int_equal(n, 0);
}

static void test_copy_segments(void **state)
{
	(void)state;
	char a[3], b[1], c[4], out[8];
	struct pvring_seg s[3];
	struct uio u;

	segs3(s, a, b, c, &u, true);
	assert_int_equal(uio_copy_to(&u, 0, "01234567", 8), 0);
	assert_memory_equal(a, "012", 3);
	assert_memory_equal(b, "3", 1);
	assert_memory_equal(c, "4567", 4);
	assert_int_equal(uio_copy_from(&u, 2, out, 5), 0);
	assert_memory_equal(out, "23456", 5);
	/* past the end: nothing beyond the buffer is touched */
	assert_int_equal(uio_copy_to(&u, 6, "xyz", 3), -EFAULT);
}

static void test_user_range(void **state)
{
	(void)state;
	struct uio u;
	uint64_t n;

	memset(user, 'u', sizeof(user));
	/* 100 bytes up to the end of page 0: one piece, then the hole */
	uio_user(&u, &fake_vm, UBASE + 4096 - 100, 200, true);
	assert_ptr_equal(uio_map(&u, 0, 1000, &n), user + 4096 - 100);
	assert_int_equal(n, 100);
	assert_null(uio_map(&u, 100, 1000, &n));
	assert_int_not_equal(n, 0); /* unmapped, not the end */
	assert_int_equal(uio_copy_to(&u, 0, user + 8192, 200), -EFAULT);
	/* page 2 is fine */
	uio_user(&u, &fake_vm, UBASE + 8192, 16, true);
	assert_int_equal(uio_copy_to(&u, 0, "0123456789abcdef", 16), 0);
	assert_memory_equal(user + 8192, "0123456789abcdef", 16);
}

static void test_string(void **state)
{
	(void)state;
	char a[3] = {'/', 'e', 't'}, b[1] = {'c'}, c[4] = {'/', 'x', 0, 'z'};
	char dst[GK_NAME_MAX];
	struct pvring_seg s[3];
	struct uio u;

	segs3(s, a, b, c, &u, false);
	assert_int_equal(uio_string(&u, dst, sizeof(dst)), 6);
	assert_string_equal(dst, "/etc/x");
	c[2] = 'y'; /* no NUL anywhere */
	c[3] = 'y';
	assert_int_equal(uio_string(&u, dst, sizeof(dst)), -EINVAL);
	assert_int_equal(uio_string(&u, dst, 4), -ENAMETOOLONG);
	u.nseg = 0; /* no segment at all */
	u.len = 0;
	assert_int_equal(uio_string(&u, dst, sizeof(dst)), -EINVAL);
	/* user range: a string running into the unmapped page */
	memset(user, 'u', sizeof(user));
	uio_user(&u, &fake_vm, UBASE + 4096 - 2, GK_NAME_MAX, false);
	assert_int_equal(uio_string(&u, dst, sizeof(dst)), -EFAULT);
	user[4095] = 0;
	assert_int_equal(uio_string(&u, dst, sizeof(dst)), 1);
	assert_string_equal(dst, "u");
	uio_user(&u, &fake_vm, UBASE + 8192, GK_NAME_MAX, false);
	user[8192] = 0; /* empty string: length 0 */
	assert_int_equal(uio_string(&u, dst, sizeof(dst)), 0);
}

static void test_args(void **state)
{
	(void)state;
	const char *argv[GK_ARG_MAX], *path = 0;
	static const char one[] = "/bin/x";
	static const char three[] = "/bin/x\0x\0-v";
	static const char open_end[] = {'/', 'b', 0, 'a', 'b'};

	assert_int_equal(op_args_split(one, sizeof(one), &path, argv, 16), 1);
	assert_string_equal(path, "/bin/x");
	assert_ptr_equal(argv[0], path); /* argv = {path} */
	assert_int_equal(op_args_split(three, sizeof(three), &path, argv, 16),
			 2);
	assert_string_equal(argv[0], "x");
	assert_string_equal(argv[1], "-v");
	assert_int_equal(
		op_args_split(open_end, sizeof(open_end), &path, argv, 16),
		-EINVAL);
	assert_int_equal(op_args_split("", 1, &path, argv, 16), -ENOENT);
	assert_int_equal(op_args_split("x", 0, &path, argv, 16), -ENOENT);
	/* the path and max arguments fit, one more does not */
	char many[64];
	unsigned n = 0;
	for (int i = 0; i < 18; i++) {
		many[n++] = (char)('a' + i);
		many[n++] = 0;
	}
	assert_int_equal(op_args_split(many, 2 * 17, &path, argv, 16), 16);
	assert_string_equal(argv[15], "q");
	assert_int_equal(op_args_split(many, 2 * 18, &path, argv, 16), -E2BIG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_map_segments),
		cmocka_unit_test(test_copy_segments),
		cmocka_unit_test(test_user_range),
		cmocka_unit_test(test_string),
		cmocka_unit_test(test_args),
	};
	return cmocka_run_group_tests(tests, 0, 0);
}
