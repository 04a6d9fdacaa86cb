// SPDX-License-Identifier: MIT
/* The virtual SBI's argument checks (hypervisor/vcpu_sbi_args.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "vcpu_sbi_args.h"

#define RAM 0x80000000ULL
#define SZ (128ULL << 20)

static void srst_types_and_reasons(void **state)
{
	(void)state;
	assert_int_equal(sbi_srst_check(SBI_SRST_TYPE_SHUTDOWN, 0), 0);
	assert_int_equal(sbi_srst_check(SBI_SRST_TYPE_COLD_REBOOT, 1), 0);
	assert_int_equal(sbi_srst_check(SBI_SRST_TYPE_WARM_REBOOT, 0), 0);
	/* reserved and unimplemented vendor types */
	assert_int_equal(sbi_srst_check(3, 0), SBI_ERR_INVALID_PARAM);
	assert_int_equal(sbi_srst_check(0xEFFFFFFF, 0), SBI_ERR_INVALID_PARAM);
	assert_int_equal(sbi_srst_check(0xF0000000, 0), SBI_ERR_INVALID_PARAM);
	/* reasons: 2..0xDFFFFFFF reserved; SBI and vendor ranges accepted */
	assert_int_equal(sbi_srst_check(0, 2), SBI_ERR_INVALID_PARAM);
	assert_int_equal(sbi_srst_check(0, 0xDFFFFFFF), SBI_ERR_INVALID_PARAM);
	assert_int_equal(sbi_srst_check(0, 0xE0000000), 0);
	assert_int_equal(sbi_srst_check(0, 0xFFFFFFFF), 0);
}

static void hsm_suspend_types(void **state)
{
	(void)state;
	assert_int_equal(sbi_hsm_suspend_check(0), 0);
	assert_int_equal(sbi_hsm_suspend_check(0x80000000u), 0);
	assert_int_equal(sbi_hsm_suspend_check(1), SBI_ERR_INVALID_PARAM);
	assert_int_equal(sbi_hsm_suspend_check(0x10000000u),
			 SBI_ERR_INVALID_PARAM);
	assert_int_equal(sbi_hsm_suspend_check(0x80000001u),
			 SBI_ERR_INVALID_PARAM);
	assert_int_equal(sbi_hsm_suspend_check(0xFFFFFFFFu),
			 SBI_ERR_INVALID_PARAM);
}

static void dbcn_buffers(void **state)
{
	(void)state;
	assert_int_equal(sbi_dbcn_check(RAM, SZ, 16, RAM, 0), 0);
	assert_int_equal(sbi_dbcn_check(RAM, SZ, 16, RAM + SZ - 16, 0), 0);
	assert_int_equal(sbi_dbcn_check(RAM, SZ, 0, RAM + SZ, 0), 0);
	assert_int_equal(sbi_dbcn_check(RAM, SZ, 17, RAM + SZ - 16, 0),
			 SBI_ERR_INVALID_PARAM); /* straddles the end */
	assert_int_equal(sbi_dbcn_check(RAM, SZ, 1, RAM - 1, 0),
			 SBI_ERR_INVALID_PARAM); /* below RAM */
	assert_int_equal(sbi_dbcn_check(RAM, SZ, 16, RAM, 1),
			 SBI_ERR_INVALID_PARAM); /* base_hi set */
	assert_int_equal(sbi_dbcn_check(RAM, SZ, UINT64_MAX, RAM + 8, 0),
			 SBI_ERR_INVALID_PARAM); /* length wraps */
	assert_int_equal(sbi_dbcn_check(RAM, SZ, 2, UINT64_MAX, 0),
			 SBI_ERR_INVALID_PARAM);
}

static void start_addresses(void **state)
{
	(void)state;
	assert_int_equal(sbi_start_addr_check(RAM, SZ, RAM + 0x200000), 0);
	assert_int_equal(sbi_start_addr_check(RAM, SZ, 0x1000),
			 SBI_ERR_INVALID_ADDRESS);
	assert_int_equal(sbi_start_addr_check(RAM, SZ, RAM + SZ),
			 SBI_ERR_INVALID_ADDRESS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(srst_types_and_reasons),
		cmocka_unit_test(hsm_suspend_types),
		cmocka_unit_test(dbcn_buffers),
		cmocka_unit_test(start_addresses),
	};

	return cmocka_run_group_tests_name("sbi_args", tests, NULL, NULL);
}
