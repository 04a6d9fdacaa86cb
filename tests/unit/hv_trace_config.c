// SPDX-License-Identifier: MIT
/* The host bootargs words that switch tracing on
 * (hypervisor/trace/trace_config.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "trace/trace_config.h"
#include "trace_abi.h"

static void off_by_default(void **state)
{
	struct trace_config c;
	char err[300];

	(void)state;
	assert_int_equal(trace_config_parse(NULL, &c, err, sizeof(err)), 0);
	assert_int_equal(c.classes, 0);
	assert_int_equal(
		trace_config_parse("console=ttyS0 quiet", &c, err, sizeof(err)),
		0);
	assert_int_equal(c.classes, 0);
	assert_int_equal(c.guests, ~0u);
	assert_int_equal(c.kib, TRACE_KIB_DEFAULT);
	assert_string_equal(c.file, "trace.bin");
}

static void classes_guests_file(void **state)
{
	struct trace_config c;
	char err[300];

	(void)state;
	assert_int_equal(trace_config_parse(
				 "x rvh.trace=exits,sbi,virtio  "
				 "rvh.trace.guests=0,2 rvh.trace.file=/t/a.bin "
				 "rvh.trace.kib=128",
				 &c, err, sizeof(err)),
			 0);
	assert_int_equal(c.classes,
			 TRACE_C_EXITS | TRACE_C_SBI | TRACE_C_VIRTIO);
	assert_int_equal(c.guests, 5);
	assert_string_equal(c.file, "/t/a.bin");
	assert_int_equal(c.kib, 128);
	assert_int_equal(
		trace_config_parse("rvh.trace=all", &c, err, sizeof(err)), 0);
	assert_int_equal(c.classes, TRACE_C_ALL);
	assert_int_equal(trace_class_bit("mmio", 4), TRACE_C_MMIO);
	assert_int_equal(trace_class_bit("mmi", 3), 0);
}

static void bad_words(void **state)
{
	static const char *const bad[] = {
		"rvh.trace=",
		"rvh.trace=exit",
		"rvh.trace=exits,",
		"rvh.trace=,sbi",
		"rvh.trace.guests=32",
		"rvh.trace.guests=a",
		"rvh.trace.guests=",
		"rvh.trace.kib=1",
		"rvh.trace.kib=99999999999",
		"rvh.trace.file=",
		"rvh.trace.frobnicate=1",
	};
	struct trace_config c;
	char err[300];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = 0;
		assert_int_equal(
			trace_config_parse(bad[i], &c, err, sizeof(err)), -1);
		assert_non_null(strstr(err, bad[i]));
		assert_int_equal(c.classes, 0); /* and tracing stays off */
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(off_by_default),
		cmocka_unit_test(classes_guests_file),
		cmocka_unit_test(bad_words),
	};

	return cmocka_run_group_tests_name("trace_config", tests, NULL, NULL);
}
