/* SPDX-License-Identifier: MIT */
/* The guest driver's bookkeeping of one request on rvh,emu-blk
 * (guest/kernel/drivers/emu_blk_cmd.c): commands a request is split into,
 * where PIO sectors go, and what each STATUS means. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/errno.h"
#include "drivers/emu_blk_cmd.h"
#include "hw/emu_blk.h"

static uint8_t buf[64 * 1024];

static uint32_t st_err(uint32_t code)
{
	return EMU_BLK_ST_ERR | (code << EMU_BLK_ST_CODE_SHIFT);
}

static void test_dma_one_command(void **state)
{
	struct emu_cmd c;
	uint32_t count;
	(void)state;

	emu_cmd_init(&c, EMU_BLK_CMD_READ, buf, 4096, 100, 0, 256);
	assert_int_equal(emu_cmd_next(&c, &count), 100);
	assert_int_equal(count, 8);
	assert_null(emu_cmd_pio_next(&c)); /* DMA: no DATA traffic */
	assert_int_equal(emu_cmd_done(&c, 0), EMU_CMD_FINISHED);
	assert_int_equal(c.result, 4096);
}

/* 64 KiB with MAX_COUNT 48: commands of 48, 48, 32 sectors, each
 * starting where the last ended */
static void test_split_at_max_count(void **state)
{
	struct emu_cmd c;
	uint32_t count;
	(void)state;

	emu_cmd_init(&c, EMU_BLK_CMD_WRITE, buf, 65536, 7, 0, 48);
	assert_int_equal(emu_cmd_next(&c, &count), 7);
	assert_int_equal(count, 48);
	assert_int_equal(emu_cmd_done(&c, 0), EMU_CMD_AGAIN);
	assert_int_equal(emu_cmd_next(&c, &count), 7 + 48);
	assert_int_equal(count, 48);
	assert_int_equal(emu_cmd_done(&c, 0), EMU_CMD_AGAIN);
	assert_int_equal(emu_cmd_next(&c, &count), 7 + 96);
	assert_int_equal(count, 32);
	assert_int_equal(emu_cmd_done(&c, 0), EMU_CMD_FINISHED);
	assert_int_equal(c.result, 65536);
}

static void test_pio_sectors_in_order(void **state)
{
	struct emu_cmd c;
	uint32_t count;
	(void)state;

	emu_cmd_init(&c, EMU_BLK_CMD_READ, buf, 3 * 512, 0, EMU_BLK_CMD_PIO, 2);
	emu_cmd_next(&c, &count);
	assert_int_equal(count, 2);
	assert_ptr_equal(emu_cmd_pio_next(&c), buf);
	assert_ptr_equal(emu_cmd_pio_next(&c), buf + 512);
	assert_null(emu_cmd_pio_next(&c)); /* a third DRQ: nothing to move */
	assert_int_equal(emu_cmd_done(&c, 0), EMU_CMD_AGAIN);
	emu_cmd_next(&c, &count);
	assert_int_equal(count, 1);
	assert_ptr_equal(emu_cmd_pio_next(&c), buf + 1024);
	assert_int_equal(emu_cmd_done(&c, 0), EMU_CMD_FINISHED);
	assert_int_equal(c.result, 1536);
}

/* DONE before all PIO data moved: the data is not all there */
static void test_pio_short_is_error(void **state)
{
	struct emu_cmd c;
	uint32_t count;
	(void)state;

	emu_cmd_init(&c, EMU_BLK_CMD_READ, buf, 1024, 0, EMU_BLK_CMD_PIO, 8);
	emu_cmd_next(&c, &count);
	emu_cmd_pio_next(&c);
	assert_int_equal(emu_cmd_done(&c, 0), EMU_CMD_FINISHED);
	assert_int_equal(c.result, -EIO);
}

static void test_access_error_is_error(void **state)
{
	struct emu_cmd c;
	uint32_t count;
	(void)state;

	emu_cmd_init(&c, EMU_BLK_CMD_WRITE, buf, 512, 0, 0, 8);
	emu_cmd_next(&c, &count);
	assert_int_equal(emu_cmd_done(&c, EMU_BLK_ST_ACCERR), EMU_CMD_FINISHED);
	assert_int_equal(c.result, -EIO);
}

static void test_error_codes(void **state)
{
	static const struct {
		uint32_t code;
		long err;
	} map[] = {
		{EMU_BLK_E_RANGE, -ENOSPC},	  {EMU_BLK_E_READ_ONLY, -EBADF},
		{EMU_BLK_E_COMMAND, -EOPNOTSUPP}, {EMU_BLK_E_IO, -EIO},
		{EMU_BLK_E_BUFFER, -EIO},	  {EMU_BLK_E_COUNT, -EIO},
	};
	(void)state;

	for (unsigned i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		struct emu_cmd c;
		uint32_t count;
		emu_cmd_init(&c, EMU_BLK_CMD_READ, buf, 4096, 0, 0, 256);
		emu_cmd_next(&c, &count);
		assert_int_equal(emu_cmd_done(&c, st_err(map[i].code)),
				 EMU_CMD_FINISHED);
		assert_int_equal(c.result, map[i].err);
	}
}

/* a full host queue: the same command again, a bounded number of times */
static void test_host_busy_retries(void **state)
{
	struct emu_cmd c;
	uint32_t count;
	(void)state;

	emu_cmd_init(&c, EMU_BLK_CMD_READ, buf, 8192, 40, 0, 8);
	emu_cmd_next(&c, &count);
	assert_int_equal(emu_cmd_done(&c, 0), EMU_CMD_AGAIN);
	for (int i = 0; i < EMU_CMD_RETRIES; i++) {
		assert_int_equal(emu_cmd_next(&c, &count), 48);
		assert_int_equal(emu_cmd_done(&c, st_err(EMU_BLK_E_HOST_BUSY)),
				 EMU_CMD_AGAIN);
	}
	assert_int_equal(emu_cmd_next(&c, &count), 48);
	assert_int_equal(emu_cmd_done(&c, st_err(EMU_BLK_E_HOST_BUSY)),
			 EMU_CMD_FINISHED);
	assert_int_equal(c.result, -EIO);
}

static void test_flush(void **state)
{
	struct emu_cmd c;
	uint32_t count;
	(void)state;

	emu_cmd_init(&c, EMU_BLK_CMD_FLUSH, buf, 4096, 0, EMU_BLK_CMD_PIO, 8);
	emu_cmd_next(&c, &count);
	assert_int_equal(count, 0);
	assert_null(emu_cmd_pio_next(&c));
	assert_int_equal(emu_cmd_done(&c, 0), EMU_CMD_FINISHED);
	assert_int_equal(c.result, 0);
}

static void test_zero_max_count(void **state)
{
	struct emu_cmd c;
	uint32_t count;
	(void)state;

	emu_cmd_init(&c, EMU_BLK_CMD_READ, buf, 1024, 0, 0, 0);
	emu_cmd_next(&c, &count);
	assert_int_equal(count, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dma_one_command),
		cmocka_unit_test(test_split_at_max_count),
		cmocka_unit_test(test_pio_sectors_in_order),
		cmocka_unit_test(test_pio_short_is_error),
		cmocka_unit_test(test_access_error_is_error),
		cmocka_unit_test(test_error_codes),
		cmocka_unit_test(test_host_busy_retries),
		cmocka_unit_test(test_flush),
		cmocka_unit_test(test_zero_max_count),
	};

	return cmocka_run_group_tests(tests, 0, 0);
}
