/* SPDX-License-Identifier: MIT */
/* Host unit tests (cmocka) for the guest kernel's untrusted-input parser
 * (initrd cpio) and the formatter shared by kernel and user library. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "fs/cpio.h"
#include "fmt.h"
#include "gk_abi.h"

/* appends one newc entry to buf at *len */
static void put(uint8_t *buf, size_t *len, const char *name, const char *data,
		unsigned mode)
{
	size_t ns = strlen(name) + 1, ds = data ? strlen(data) : 0;

	*len += (size_t)sprintf(
		(char *)buf + *len,
		"070701%08X%08X%08X%08X%08X%08X%08zX%08X%08X%08X"
		"%08X%08zX%08X",
		1u, mode, 0u, 0u, 1u, 0u, ds, 0u, 0u, 0u, 0u, ns, 0u);
	memcpy(buf + *len, name, ns);
	*len += ns;
	while (*len % 4)
		buf[(*len)++] = 0;
	if (ds)
		memcpy(buf + *len, data, ds);
	*len += ds;
	while (*len % 4)
		buf[(*len)++] = 0;
}

static size_t archive(uint8_t *buf)
{
	size_t len = 0;

	put(buf, &len, "bin", 0, CPIO_MODE_DIR | 0755);
	put(buf, &len, "bin/a", "hello", CPIO_MODE_REG | 0755);
	put(buf, &len, "etc/b", "", CPIO_MODE_REG | 0644);
	put(buf, &len, "TRAILER!!!", 0, 0);
	return len;
}

static void cpio_valid(void **state)
{
	uint8_t buf[1024];
	size_t len = archive(buf);
	struct cpio_iter it;
	struct cpio_entry e;

	(void)state;
	cpio_iter_init(&it, buf, len);
	assert_int_equal(cpio_next(&it, &e), 1);
	assert_string_equal(e.name, "bin");
	assert_int_equal(e.mode & CPIO_MODE_TYPE, CPIO_MODE_DIR);
	assert_int_equal(cpio_next(&it, &e), 1);
	assert_string_equal(e.name, "bin/a");
	assert_int_equal(e.size, 5);
	assert_memory_equal(e.data, "hello", 5);
	assert_int_equal(cpio_next(&it, &e), 1);
	assert_string_equal(e.name, "etc/b");
	assert_int_equal(e.size, 0);
	assert_int_equal(cpio_next(&it, &e), 0);
	assert_int_equal(cpio_next(&it, &e), 0); /* stays at the end */
}

/* every truncation of a valid archive is an error or a clean prefix,
 * never a read past the buffer (ASan in the fuzz build checks that) */
static void cpio_truncated(void **state)
{
	uint8_t buf[1024];
	size_t len = archive(buf);

	(void)state;
	for (size_t cut = 0; cut < len; cut++) {
		struct cpio_iter it;
		struct cpio_entry e;
		int r, n = 0;
		cpio_iter_init(&it, buf, cut);
		while ((r = cpio_next(&it, &e)) > 0) {
			assert_true(e.data + e.size <= buf + cut);
			n++;
		}
		assert_true(r < 0); /* no trailer inside the cut */
		assert_true(n <= 3);
	}
}

static void cpio_bad_fields(void **state)
{
	uint8_t buf[1024], bad[1024];
	size_t len = archive(buf);
	struct cpio_iter it;
	struct cpio_entry e;

	(void)state;
	/* bad magic */
	memcpy(bad, buf, len);
	bad[5] = '9';
	cpio_iter_init(&it, bad, len);
	assert_int_equal(cpio_next(&it, &e), -EINVAL);
	/* non-hex digit in a field */
	memcpy(bad, buf, len);
	bad[6 + 8 * 6 + 3] = 'g';
	cpio_iter_init(&it, bad, len);
	assert_int_equal(cpio_next(&it, &e), -EINVAL);
	/* file size beyond the buffer */
	memcpy(bad, buf, len);
	memcpy(bad + 6 + 8 * 6, "7FFFFFFF", 8);
	cpio_iter_init(&it, bad, len);
	assert_int_equal(cpio_next(&it, &e), -EINVAL);
	/* name size 0 and a name without its NUL */
	memcpy(bad, buf, len);
	memcpy(bad + 6 + 8 * 11, "00000000", 8);
	cpio_iter_init(&it, bad, len);
	assert_int_equal(cpio_next(&it, &e), -EINVAL);
	memcpy(bad, buf, len);
	memcpy(bad + 6 + 8 * 11, "00000003", 8); /* "bin" without NUL */
	cpio_iter_init(&it, bad, len);
	assert_int_equal(cpio_next(&it, &e), -EINVAL);
}

static void check_fmt(const char *want, const char *fmt, ...)
{
	char buf[128];
	va_list ap;

	va_start(ap, fmt);
	int n = fmt_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	assert_string_equal(buf, want);
	assert_int_equal(n, (int)strlen(want));
}

static void fmt_formats(void **state)
{
	(void)state;
	check_fmt("42 -7 ff FF 0x10", "%d %i %x %X %p", 42, -7, 255u, 255u,
		  (void *)16);
	check_fmt("18446744073709551615", "%lu", (unsigned long)-1);
	check_fmt("-9223372036854775808", "%ld", (long)INT64_MIN);
	check_fmt("[  abc][abc  ][00042][ -42]", "[%5s][%-5s][%05d][%4d]",
		  "abc", "abc", 42, -42);
	check_fmt("ab (null) c %", "%.2s %s %c %%", "abcdef", (char *)NULL,
		  'c');
	check_fmt("0000007b 17", "%08x %o", 123u, 15u);
}

static void fmt_truncates(void **state)
{
	char buf[8];

	(void)state;
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(fmt_snprintf(buf, 5, "%s", "abcdefgh"), 8);
	assert_string_equal(buf, "abcd");
	assert_int_equal(buf[5], 'x'); /* nothing written past size */
	assert_int_equal(fmt_snprintf(buf, 0, "%d", 12345), 5);
	assert_int_equal(buf[0], 'a');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cpio_valid),
		cmocka_unit_test(cpio_truncated),
		cmocka_unit_test(cpio_bad_fields),
		cmocka_unit_test(fmt_formats),
		cmocka_unit_test(fmt_truncates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
