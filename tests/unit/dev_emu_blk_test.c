// SPDX-License-Identifier: MIT
/* Unit tests of the emulated block controller (hypervisor/dev/emu_blk.c)
 * over a fake guest RAM and a fake asynchronous host disk: every register,
 * DMA and PIO, every error path, a reset while the host has a request. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "emu_blk.h"

#define RAM_BASE 0x80000000ull
#define RAM_SIZE (256 * 1024)
#define DISK_SECTORS 1024
#define SEC EMU_BLK_SECTOR_SIZE

struct fake {
	struct emu_blk b;
	uint8_t ram[RAM_SIZE];
	uint8_t disk[DISK_SECTORS * SEC];
	struct emu_blk_io *q[8]; /* submitted, not completed */
	unsigned int nq, submits;
	bool sync; /* complete inside submit */
	bool refuse; /* submit returns -1 */
	bool fail; /* complete with an I/O error */
	bool line;
	unsigned int irq_calls, reports;
};

static void disk_io(struct fake *f, struct emu_blk_io *io)
{
	uint8_t *d = f->disk + io->sector * SEC;

	/* the model never asks past the end */
	assert_true(io->sector * SEC + io->len <= sizeof(f->disk));
	if (io->op == EMU_BLK_IO_READ)
		memcpy(io->buf, d, io->len);
	else if (io->op == EMU_BLK_IO_WRITE)
		memcpy(d, io->buf, io->len);
}

static int fake_submit(void *ctx, struct emu_blk_io *io)
{
	struct fake *f = ctx;

	f->submits++;
	if (f->refuse)
		return -1;
	if (f->sync) {
		disk_io(f, io);
		emu_blk_complete(&f->b, io, !f->fail);
		return 0;
	}
	assert_true(f->nq < 8);
	f->q[f->nq++] = io;
	return 0;
}

static void *fake_translate(void *ctx, uint64_t gpa, uint64_t len)
{
	struct fake *f = ctx;

	if (gpa < RAM_BASE || gpa - RAM_BASE > RAM_SIZE ||
	    len > RAM_SIZE - (gpa - RAM_BASE))
		return NULL;
	return f->ram + (gpa - RAM_BASE);
}

static void fake_irq(void *ctx, bool level)
{
	struct fake *f = ctx;

	assert_true(level != f->line); /* only changes */
	f->line = level;
	f->irq_calls++;
}

static void fake_report(void *ctx, const char *what)
{
	struct fake *f = ctx;

	assert_non_null(what);
	f->reports++;
}

static const struct emu_blk_ops fake_ops = {
	.submit = fake_submit,
	.translate = fake_translate,
	.irq = fake_irq,
	.report = fake_report,
};

/* complete the oldest submitted request (doing its I/O first) */
static void host_done(struct fake *f, bool ok)
{
	struct emu_blk_io *io;

	assert_true(f->nq > 0);
	io = f->q[0];
	memmove(f->q, f->q + 1, --f->nq * sizeof(f->q[0]));
	if (ok)
		disk_io(f, io);
	emu_blk_complete(&f->b, io, ok);
}

static int setup_ro(void **state, bool ro)
{
	struct fake *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	for (size_t i = 0; i < sizeof(f->disk); i++)
		f->disk[i] = (uint8_t)(i * 7 + i / SEC);
	emu_blk_init(&f->b, &fake_ops, f, DISK_SECTORS, ro, "emu-disk-0");
	*state = f;
	return 0;
}

static int setup(void **state)
{
	return setup_ro(state, false);
}

static int setup_readonly(void **state)
{
	return setup_ro(state, true);
}

static int teardown(void **state)
{
	free(*state);
	return 0;
}

static uint64_t rd(struct fake *f, uint64_t off, unsigned int w)
{
	uint64_t v = 0xdeadbeef;

	assert_int_equal(emu_blk_read(&f->b, off, w, &v), 0);
	return v;
}

static void wr(struct fake *f, uint64_t off, unsigned int w, uint64_t v)
{
	assert_int_equal(emu_blk_write(&f->b, off, w, v), 0);
}

static uint32_t status(struct fake *f)
{
	return (uint32_t)rd(f, EMU_BLK_STATUS, 4);
}

static void cmd(struct fake *f, uint64_t sector, uint32_t count,
		uint64_t buffer, uint32_t command)
{
	wr(f, EMU_BLK_SECTOR, 8, sector);
	wr(f, EMU_BLK_COUNT, 4, count);
	wr(f, EMU_BLK_BUFFER, 8, buffer);
	wr(f, EMU_BLK_COMMAND, 4, command);
}

/* a refused command: DONE, ERR with code, nothing sent to the host */
static void expect_refused(struct fake *f, uint32_t code)
{
	uint32_t s = status(f);

	assert_int_equal(s & (EMU_BLK_ST_BUSY | EMU_BLK_ST_DRQ), 0);
	assert_true(s & EMU_BLK_ST_ERR);
	assert_int_equal(EMU_BLK_ST_CODE(s), code);
	assert_true(rd(f, EMU_BLK_INT_STATUS, 4) & EMU_BLK_INT_DONE);
	assert_int_equal(f->nq, 0);
	assert_int_equal(emu_blk_inflight(&f->b), 0);
	wr(f, EMU_BLK_INT_ACK, 4, EMU_BLK_INT_DONE);
}

static void test_identity_registers(void **state)
{
	struct fake *f = *state;

	assert_int_equal(rd(f, EMU_BLK_MAGIC, 4), EMU_BLK_MAGIC_VALUE);
	assert_int_equal(rd(f, EMU_BLK_VERSION, 4), EMU_BLK_VERSION_VALUE);
	assert_int_equal(rd(f, EMU_BLK_CAPACITY, 8), DISK_SECTORS);
	assert_int_equal(rd(f, EMU_BLK_CAPACITY, 4), DISK_SECTORS);
	assert_int_equal(rd(f, EMU_BLK_CAPACITY + 4, 4), 0);
	assert_int_equal(rd(f, EMU_BLK_MAX_COUNT, 4), EMU_BLK_MAX_SECTORS);
	assert_int_equal(rd(f, EMU_BLK_FEATURES, 4), EMU_BLK_F_FLUSH);
	assert_int_equal(status(f), 0);
	assert_int_equal(rd(f, EMU_BLK_INT_STATUS, 4), 0);
	assert_int_equal(rd(f, EMU_BLK_INT_ENABLE, 4), 0);
	assert_int_equal(rd(f, EMU_BLK_DONE_COUNT, 4), 0);
	assert_int_equal(rd(f, EMU_BLK_ACCESS_ERROR, 4), 0);
	assert_int_equal(rd(f, EMU_BLK_SECTOR, 8), 0);
	assert_int_equal(rd(f, EMU_BLK_BUFFER, 8), 0);
	assert_int_equal(rd(f, EMU_BLK_COUNT, 4), 0);
}

static void test_readonly_features(void **state)
{
	struct fake *f = *state;

	assert_int_equal(rd(f, EMU_BLK_FEATURES, 4),
			 EMU_BLK_F_FLUSH | EMU_BLK_F_READ_ONLY);
	cmd(f, 0, 1, RAM_BASE, EMU_BLK_CMD_WRITE);
	expect_refused(f, EMU_BLK_E_READ_ONLY);
	cmd(f, 0, 1, 0, EMU_BLK_CMD_WRITE | EMU_BLK_CMD_PIO);
	expect_refused(f, EMU_BLK_E_READ_ONLY);
	/* reads still work */
	cmd(f, 3, 1, RAM_BASE, EMU_BLK_CMD_READ);
	host_done(f, true);
	assert_int_equal(status(f), 0);
	assert_memory_equal(f->ram, f->disk + 3 * SEC, SEC);
}

static void test_parameter_registers(void **state)
{
	struct fake *f = *state;

	wr(f, EMU_BLK_SECTOR, 8, 0x1122334455667788ull);
	assert_int_equal(rd(f, EMU_BLK_SECTOR, 8), 0x1122334455667788ull);
	assert_int_equal(rd(f, EMU_BLK_SECTOR + 4, 4), 0x11223344);
	wr(f, EMU_BLK_SECTOR + 4, 4, 0xaabbccdd);
	assert_int_equal(rd(f, EMU_BLK_SECTOR, 8), 0xaabbccdd55667788ull);
	wr(f, EMU_BLK_SECTOR, 4, 0x01020304);
	assert_int_equal(rd(f, EMU_BLK_SECTOR, 8), 0xaabbccdd01020304ull);
	wr(f, EMU_BLK_BUFFER, 8, 0x80001000);
	wr(f, EMU_BLK_BUFFER + 4, 4, 0x1);
	assert_int_equal(rd(f, EMU_BLK_BUFFER, 8), 0x180001000ull);
	wr(f, EMU_BLK_COUNT, 4, 0xffffffff);
	assert_int_equal(rd(f, EMU_BLK_COUNT, 4), 0xffffffff);
	wr(f, EMU_BLK_INT_ENABLE, 4, 0xffffffff);
	assert_int_equal(rd(f, EMU_BLK_INT_ENABLE, 4),
			 EMU_BLK_INT_DONE | EMU_BLK_INT_DRQ);
	assert_int_equal(status(f), 0); /* none of it was an error */
	assert_int_equal(f->reports, 0);
}

static void test_dma_read(void **state)
{
	struct fake *f = *state;

	wr(f, EMU_BLK_INT_ENABLE, 4, EMU_BLK_INT_DONE);
	cmd(f, 5, 8, RAM_BASE + 0x1000, EMU_BLK_CMD_READ);
	assert_int_equal(status(f), EMU_BLK_ST_BUSY);
	assert_int_equal(f->nq, 1);
	assert_int_equal(f->q[0]->op, EMU_BLK_IO_READ);
	assert_int_equal(f->q[0]->sector, 5);
	assert_int_equal(f->q[0]->len, 8 * SEC);
	assert_ptr_equal(f->q[0]->buf, f->ram + 0x1000);
	assert_false(f->line);
	assert_int_equal(rd(f, EMU_BLK_INT_STATUS, 4), 0);
	host_done(f, true);
	assert_int_equal(status(f), 0);
	assert_int_equal(rd(f, EMU_BLK_DONE_COUNT, 4), 8);
	assert_int_equal(rd(f, EMU_BLK_INT_STATUS, 4), EMU_BLK_INT_DONE);
	assert_true(f->line);
	assert_memory_equal(f->ram + 0x1000, f->disk + 5 * SEC, 8 * SEC);
	wr(f, EMU_BLK_INT_ACK, 4, EMU_BLK_INT_DONE);
	assert_false(f->line);
	assert_int_equal(rd(f, EMU_BLK_INT_STATUS, 4), 0);
	assert_int_equal(emu_blk_inflight(&f->b), 0);
}

static void test_dma_write_max(void **state)
{
	struct fake *f = *state;

	for (unsigned int i = 0; i < EMU_BLK_MAX_SECTORS * SEC; i++)
		f->ram[i] = (uint8_t)(i ^ 0x5a);
	cmd(f, DISK_SECTORS - EMU_BLK_MAX_SECTORS, EMU_BLK_MAX_SECTORS,
	    RAM_BASE, EMU_BLK_CMD_WRITE);
	assert_int_equal(f->q[0]->op, EMU_BLK_IO_WRITE);
	host_done(f, true);
	assert_int_equal(status(f), 0);
	assert_int_equal(rd(f, EMU_BLK_DONE_COUNT, 4), EMU_BLK_MAX_SECTORS);
	assert_memory_equal(f->disk +
				    (DISK_SECTORS - EMU_BLK_MAX_SECTORS) * SEC,
			    f->ram, EMU_BLK_MAX_SECTORS * SEC);
}

/* the host may finish inside submit (host_blk refusing a request) */
static void test_dma_completion_inside_submit(void **state)
{
	struct fake *f = *state;

	f->sync = true;
	wr(f, EMU_BLK_INT_ENABLE, 4, EMU_BLK_INT_DONE);
	cmd(f, 1, 2, RAM_BASE, EMU_BLK_CMD_READ);
	assert_int_equal(status(f), 0);
	assert_true(f->line);
	assert_memory_equal(f->ram, f->disk + SEC, 2 * SEC);
	wr(f, EMU_BLK_INT_ACK, 4, EMU_BLK_INT_DONE);
	f->fail = true;
	cmd(f, 1, 2, RAM_BASE, EMU_BLK_CMD_READ);
	assert_int_equal(EMU_BLK_ST_CODE(status(f)), EMU_BLK_E_IO);
	assert_true(f->line);
}

/* parameters are latched when COMMAND is written */
static void test_parameters_latched(void **state)
{
	struct fake *f = *state;

	cmd(f, 2, 4, RAM_BASE, EMU_BLK_CMD_READ);
	wr(f, EMU_BLK_COUNT, 4, 1);
	wr(f, EMU_BLK_SECTOR, 8, 900);
	host_done(f, true);
	assert_int_equal(rd(f, EMU_BLK_DONE_COUNT, 4), 4);
	assert_memory_equal(f->ram, f->disk + 2 * SEC, 4 * SEC);
}

static void pio_read_sector(struct fake *f, uint8_t *out)
{
	for (unsigned int i = 0; i < SEC; i += 8) {
		uint64_t v;

		assert_true(status(f) & EMU_BLK_ST_DRQ);
		v = rd(f, EMU_BLK_DATA, 8);
		memcpy(out + i, &v, 8);
	}
}

static void test_pio_read(void **state)
{
	struct fake *f = *state;
	uint8_t got[3 * SEC];

	wr(f, EMU_BLK_INT_ENABLE, 4, EMU_BLK_INT_DONE | EMU_BLK_INT_DRQ);
	cmd(f, 7, 3, 0, EMU_BLK_CMD_READ | EMU_BLK_CMD_PIO);
	for (unsigned int s = 0; s < 3; s++) {
		assert_int_equal(status(f), EMU_BLK_ST_BUSY);
		assert_int_equal(f->nq, 1);
		assert_int_equal(f->q[0]->sector, 7 + s);
		assert_int_equal(f->q[0]->len, SEC);
		assert_false(f->line);
		host_done(f, true);
		assert_int_equal(status(f), EMU_BLK_ST_DRQ);
		assert_int_equal(rd(f, EMU_BLK_INT_STATUS, 4), EMU_BLK_INT_DRQ);
		assert_true(f->line);
		wr(f, EMU_BLK_INT_ACK, 4, EMU_BLK_INT_DRQ);
		assert_false(f->line);
		assert_int_equal(rd(f, EMU_BLK_DONE_COUNT, 4), s);
		pio_read_sector(f, got + s * SEC);
	}
	assert_int_equal(status(f), 0);
	assert_int_equal(rd(f, EMU_BLK_DONE_COUNT, 4), 3);
	assert_int_equal(rd(f, EMU_BLK_INT_STATUS, 4), EMU_BLK_INT_DONE);
	assert_true(f->line);
	assert_memory_equal(got, f->disk + 7 * SEC, sizeof(got));
	assert_int_equal(f->submits, 3); /* one host request a sector */
	/* no sector ready now */
	assert_int_equal(emu_blk_read(&f->b, EMU_BLK_DATA, 8, &(uint64_t){0}),
			 EMU_BLK_E_DATA);
}

static void test_pio_write(void **state)
{
	struct fake *f = *state;
	uint8_t src[2 * SEC];

	for (unsigned int i = 0; i < sizeof(src); i++)
		src[i] = (uint8_t)(0xc3 ^ i);
	cmd(f, 10, 2, 0, EMU_BLK_CMD_WRITE | EMU_BLK_CMD_PIO);
	for (unsigned int s = 0; s < 2; s++) {
		assert_int_equal(status(f), EMU_BLK_ST_DRQ);
		assert_true(rd(f, EMU_BLK_INT_STATUS, 4) & EMU_BLK_INT_DRQ);
		wr(f, EMU_BLK_INT_ACK, 4, EMU_BLK_INT_DRQ);
		for (unsigned int i = 0; i < SEC; i += 8) {
			uint64_t v;

			assert_int_equal(f->nq, 0);
			memcpy(&v, src + s * SEC + i, 8);
			wr(f, EMU_BLK_DATA, 8, v);
		}
		assert_int_equal(status(f), EMU_BLK_ST_BUSY);
		assert_int_equal(f->q[0]->op, EMU_BLK_IO_WRITE);
		assert_int_equal(f->q[0]->sector, 10 + s);
		host_done(f, true);
	}
	assert_int_equal(status(f), 0);
	assert_int_equal(rd(f, EMU_BLK_DONE_COUNT, 4), 2);
	assert_int_equal(rd(f, EMU_BLK_INT_STATUS, 4), EMU_BLK_INT_DONE);
	assert_memory_equal(f->disk + 10 * SEC, src, sizeof(src));
}

static void test_pio_write_io_error(void **state)
{
	struct fake *f = *state;

	cmd(f, 10, 2, 0, EMU_BLK_CMD_WRITE | EMU_BLK_CMD_PIO);
	for (unsigned int i = 0; i < SEC; i += 8)
		wr(f, EMU_BLK_DATA, 8, i);
	host_done(f, false);
	assert_int_equal(status(f),
			 EMU_BLK_ST_ERR | EMU_BLK_E_IO
						  << EMU_BLK_ST_CODE_SHIFT);
	assert_int_equal(rd(f, EMU_BLK_DONE_COUNT, 4), 0);
	assert_true(rd(f, EMU_BLK_INT_STATUS, 4) & EMU_BLK_INT_DONE);
	/* the data register no longer takes data */
	assert_int_equal(emu_blk_write(&f->b, EMU_BLK_DATA, 8, 1),
			 EMU_BLK_E_DATA);
}

static void test_pio_read_host_busy_midway(void **state)
{
	struct fake *f = *state;
	uint8_t got[SEC];

	cmd(f, 0, 2, 0, EMU_BLK_CMD_READ | EMU_BLK_CMD_PIO);
	host_done(f, true);
	f->refuse = true;
	pio_read_sector(f, got);
	assert_int_equal(EMU_BLK_ST_CODE(status(f)), EMU_BLK_E_HOST_BUSY);
	assert_true(status(f) & EMU_BLK_ST_ERR);
	assert_int_equal(rd(f, EMU_BLK_DONE_COUNT, 4), 1);
	assert_int_equal(emu_blk_inflight(&f->b), 0);
	f->refuse = false;
	cmd(f, 0, 1, RAM_BASE, EMU_BLK_CMD_READ); /* the device recovers */
	host_done(f, true);
	assert_int_equal(status(f), 0);
}

static void test_flush(void **state)
{
	struct fake *f = *state;

	cmd(f, 0, 0, 0, EMU_BLK_CMD_FLUSH); /* count and buffer not used */
	assert_int_equal(status(f), EMU_BLK_ST_BUSY);
	assert_int_equal(f->q[0]->op, EMU_BLK_IO_FLUSH);
	assert_int_equal(f->q[0]->len, 0);
	host_done(f, true);
	assert_int_equal(status(f), 0);
	assert_true(rd(f, EMU_BLK_INT_STATUS, 4) & EMU_BLK_INT_DONE);
	wr(f, EMU_BLK_INT_ACK, 4, EMU_BLK_INT_DONE);
	cmd(f, 0, 0, 0, EMU_BLK_CMD_FLUSH);
	host_done(f, false);
	assert_int_equal(EMU_BLK_ST_CODE(status(f)), EMU_BLK_E_IO);
}

static void check_identify(const uint8_t *buf)
{
	struct emu_blk_identify id;

	memcpy(&id, buf, sizeof(id));
	assert_int_equal(id.magic, EMU_BLK_MAGIC_VALUE);
	assert_int_equal(id.version, EMU_BLK_VERSION_VALUE);
	assert_int_equal(id.capacity, DISK_SECTORS);
	assert_int_equal(id.max_count, EMU_BLK_MAX_SECTORS);
	assert_int_equal(id.features, EMU_BLK_F_FLUSH);
	assert_memory_equal(id.serial, "emu-disk-0\0\0\0\0\0\0\0\0\0\0", 20);
	for (size_t i = sizeof(id); i < SEC; i++)
		assert_int_equal(buf[i], 0);
}

static void test_identify(void **state)
{
	struct fake *f = *state;
	uint8_t got[SEC];

	memset(f->ram, 0xee, SEC);
	cmd(f, 0, 0, RAM_BASE, EMU_BLK_CMD_IDENTIFY);
	assert_int_equal(status(f), 0);
	assert_int_equal(rd(f, EMU_BLK_DONE_COUNT, 4), 1);
	check_identify(f->ram);
	cmd(f, 0, 0, 0, EMU_BLK_CMD_IDENTIFY | EMU_BLK_CMD_PIO);
	assert_int_equal(status(f), EMU_BLK_ST_DRQ);
	pio_read_sector(f, got);
	assert_int_equal(status(f), 0);
	check_identify(got);
	assert_int_equal(f->submits, 0); /* answered without the host */
	cmd(f, 0, 0, RAM_BASE + RAM_SIZE - SEC + 8, EMU_BLK_CMD_IDENTIFY);
	expect_refused(f, EMU_BLK_E_BUFFER);
}

static void test_command_errors(void **state)
{
	struct fake *f = *state;
	static const struct {
		uint64_t sector, buffer;
		uint32_t count, command, code;
	} bad[] = {
		{0, RAM_BASE, 0, EMU_BLK_CMD_READ, EMU_BLK_E_COUNT},
		{0, RAM_BASE, 0, EMU_BLK_CMD_READ | EMU_BLK_CMD_PIO,
		 EMU_BLK_E_COUNT},
		{0, RAM_BASE, EMU_BLK_MAX_SECTORS + 1, EMU_BLK_CMD_READ,
		 EMU_BLK_E_COUNT},
		{0, RAM_BASE, 0xffffffff, EMU_BLK_CMD_WRITE, EMU_BLK_E_COUNT},
		{DISK_SECTORS, RAM_BASE, 1, EMU_BLK_CMD_READ, EMU_BLK_E_RANGE},
		{DISK_SECTORS - 1, RAM_BASE, 2, EMU_BLK_CMD_WRITE,
		 EMU_BLK_E_RANGE},
		{UINT64_MAX, RAM_BASE, 2, EMU_BLK_CMD_READ, EMU_BLK_E_RANGE},
		{UINT64_MAX - 1, 0, 4, EMU_BLK_CMD_READ | EMU_BLK_CMD_PIO,
		 EMU_BLK_E_RANGE},
		{0, RAM_BASE - SEC, 1, EMU_BLK_CMD_READ, EMU_BLK_E_BUFFER},
		{0, RAM_BASE + RAM_SIZE - SEC, 2, EMU_BLK_CMD_READ,
		 EMU_BLK_E_BUFFER},
		{0, UINT64_MAX - 100, 1, EMU_BLK_CMD_WRITE, EMU_BLK_E_BUFFER},
		{0, 0, 1, EMU_BLK_CMD_WRITE, EMU_BLK_E_BUFFER},
		{0, RAM_BASE, 1, 0, EMU_BLK_E_COMMAND},
		{0, RAM_BASE, 1, EMU_BLK_CMD_IDENTIFY + 1, EMU_BLK_E_COMMAND},
		{0, RAM_BASE, 1, 0xff, EMU_BLK_E_COMMAND},
		{0, RAM_BASE, 1, EMU_BLK_CMD_READ | 0x200, EMU_BLK_E_COMMAND},
		{0, RAM_BASE, 1, 0x80000001, EMU_BLK_E_COMMAND},
	};

	wr(f, EMU_BLK_INT_ENABLE, 4, EMU_BLK_INT_DONE);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cmd(f, bad[i].sector, bad[i].count, bad[i].buffer,
		    bad[i].command);
		assert_true(f->line); /* a waiting driver hears of it */
		expect_refused(f, bad[i].code);
		assert_false(f->line);
	}
	assert_int_equal(f->submits, 0);
	/* a good command clears the error */
	cmd(f, DISK_SECTORS - 1, 1, RAM_BASE + RAM_SIZE - SEC,
	    EMU_BLK_CMD_READ);
	host_done(f, true);
	assert_int_equal(status(f), 0);
	assert_int_equal(f->reports, 0); /* errors of commands, not rules */
}

static void test_host_refuses(void **state)
{
	struct fake *f = *state;

	f->refuse = true;
	cmd(f, 0, 1, RAM_BASE, EMU_BLK_CMD_READ);
	expect_refused(f, EMU_BLK_E_HOST_BUSY);
	cmd(f, 0, 1, 0, EMU_BLK_CMD_READ | EMU_BLK_CMD_PIO);
	expect_refused(f, EMU_BLK_E_HOST_BUSY);
	assert_int_equal(f->submits, 2);
}

static void test_command_while_busy(void **state)
{
	struct fake *f = *state;

	cmd(f, 4, 1, RAM_BASE, EMU_BLK_CMD_READ);
	assert_int_equal(
		emu_blk_write(&f->b, EMU_BLK_COMMAND, 4, EMU_BLK_CMD_WRITE),
		EMU_BLK_E_BUSY);
	assert_int_equal(status(f), EMU_BLK_ST_BUSY | EMU_BLK_ST_ACCERR);
	assert_int_equal(rd(f, EMU_BLK_ACCESS_ERROR, 4), EMU_BLK_E_BUSY);
	assert_int_equal(f->nq, 1); /* nothing more went to the host */
	assert_int_equal(f->reports, 1);
	host_done(f, true); /* the running command is unaffected */
	assert_int_equal(status(f) & ~EMU_BLK_ST_ACCERR, 0);
	assert_memory_equal(f->ram, f->disk + 4 * SEC, SEC);
	/* also while DRQ: a PIO command in the middle of its data */
	cmd(f, 0, 1, 0, EMU_BLK_CMD_WRITE | EMU_BLK_CMD_PIO);
	assert_int_equal(status(f), EMU_BLK_ST_DRQ); /* ACCERR cleared */
	assert_int_equal(
		emu_blk_write(&f->b, EMU_BLK_COMMAND, 4, EMU_BLK_CMD_READ),
		EMU_BLK_E_BUSY);
	assert_int_equal(status(f), EMU_BLK_ST_DRQ | EMU_BLK_ST_ACCERR);
	assert_int_equal(f->reports, 1); /* once until reset */
}

static void test_bad_accesses(void **state)
{
	struct fake *f = *state;
	static const struct {
		uint64_t off;
		unsigned int width;
		bool write;
	} bad[] = {
		{EMU_BLK_MAGIC, 1, false},
		{EMU_BLK_MAGIC, 2, false},
		{EMU_BLK_MAGIC, 8, false},
		{EMU_BLK_MAGIC + 1, 1, false},
		{EMU_BLK_MAGIC, 4, true},
		{EMU_BLK_VERSION, 4, true},
		{EMU_BLK_CAPACITY, 8, true},
		{EMU_BLK_CAPACITY + 2, 4, false},
		{EMU_BLK_SECTOR + 1, 8, true},
		{EMU_BLK_SECTOR, 2, true},
		{EMU_BLK_COUNT, 8, true},
		{EMU_BLK_COMMAND, 4, false},
		{EMU_BLK_STATUS, 4, true},
		{EMU_BLK_STATUS, 1, false},
		{EMU_BLK_INT_STATUS, 4, true},
		{EMU_BLK_INT_ACK, 4, false},
		{EMU_BLK_CONTROL, 4, false},
		{EMU_BLK_DATA, 4, false},
		{EMU_BLK_DATA + 4, 4, true},
		{EMU_BLK_DATA, 1, true},
		{EMU_BLK_DONE_COUNT, 4, true},
		{EMU_BLK_ACCESS_ERROR, 4, true},
		{0x54, 4, false},
		{0x800, 8, true},
		{EMU_BLK_MMIO_SIZE - 8, 8, false},
		{EMU_BLK_MMIO_SIZE, 4, false},
		{UINT64_MAX, 8, true},
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint64_t v = 0x1234;
		int err;

		emu_blk_reset(&f->b);
		wr(f, EMU_BLK_SECTOR, 8, 77);
		if (bad[i].write)
			err = emu_blk_write(&f->b, bad[i].off, bad[i].width,
					    0xffffffffffffffffull);
		else
			err = emu_blk_read(&f->b, bad[i].off, bad[i].width, &v);
		assert_int_equal(err, EMU_BLK_E_ACCESS);
		if (!bad[i].write)
			assert_int_equal(v, 0);
		assert_int_equal(status(f), EMU_BLK_ST_ACCERR);
		assert_int_equal(rd(f, EMU_BLK_ACCESS_ERROR, 4),
				 EMU_BLK_E_ACCESS);
		/* nothing changed */
		assert_int_equal(rd(f, EMU_BLK_SECTOR, 8), 77);
		assert_int_equal(rd(f, EMU_BLK_MAGIC, 4), EMU_BLK_MAGIC_VALUE);
		assert_int_equal(f->submits, 0);
	}
	assert_int_equal(f->reports, sizeof(bad) / sizeof(bad[0]));
}

static void test_data_without_drq(void **state)
{
	struct fake *f = *state;
	uint64_t v = 1;

	assert_int_equal(emu_blk_read(&f->b, EMU_BLK_DATA, 8, &v),
			 EMU_BLK_E_DATA);
	assert_int_equal(v, 0);
	assert_int_equal(rd(f, EMU_BLK_ACCESS_ERROR, 4), EMU_BLK_E_DATA);
	/* the first bad access is the one kept */
	assert_int_equal(emu_blk_write(&f->b, EMU_BLK_MAGIC, 4, 0),
			 EMU_BLK_E_ACCESS);
	assert_int_equal(rd(f, EMU_BLK_ACCESS_ERROR, 4), EMU_BLK_E_DATA);
	/* while a PIO read waits for the host */
	cmd(f, 0, 1, 0, EMU_BLK_CMD_READ | EMU_BLK_CMD_PIO);
	assert_int_equal(rd(f, EMU_BLK_ACCESS_ERROR, 4), 0);
	assert_int_equal(emu_blk_read(&f->b, EMU_BLK_DATA, 8, &v),
			 EMU_BLK_E_DATA);
	assert_int_equal(emu_blk_write(&f->b, EMU_BLK_DATA, 8, 5),
			 EMU_BLK_E_DATA); /* wrong way once ready too */
	host_done(f, true);
	assert_int_equal(emu_blk_write(&f->b, EMU_BLK_DATA, 8, 5),
			 EMU_BLK_E_DATA);
	assert_int_equal(status(f), EMU_BLK_ST_DRQ | EMU_BLK_ST_ACCERR);
	/* a PIO write's data register cannot be read */
	emu_blk_reset(&f->b);
	cmd(f, 0, 1, 0, EMU_BLK_CMD_WRITE | EMU_BLK_CMD_PIO);
	assert_int_equal(emu_blk_read(&f->b, EMU_BLK_DATA, 8, &v),
			 EMU_BLK_E_DATA);
	assert_int_equal(status(f), EMU_BLK_ST_DRQ | EMU_BLK_ST_ACCERR);
}

static void test_interrupt_enable(void **state)
{
	struct fake *f = *state;

	cmd(f, 0, 1, RAM_BASE, EMU_BLK_CMD_IDENTIFY);
	assert_false(f->line); /* pending, not enabled */
	wr(f, EMU_BLK_INT_ENABLE, 4, EMU_BLK_INT_DRQ);
	assert_false(f->line);
	wr(f, EMU_BLK_INT_ENABLE, 4, EMU_BLK_INT_DONE);
	assert_true(f->line);
	wr(f, EMU_BLK_INT_ENABLE, 4, 0);
	assert_false(f->line);
	wr(f, EMU_BLK_INT_ACK, 4, 0xffffffff);
	assert_int_equal(rd(f, EMU_BLK_INT_STATUS, 4), 0);
	wr(f, EMU_BLK_INT_ENABLE, 4, EMU_BLK_INT_DONE);
	assert_false(f->line);
	assert_int_equal(f->irq_calls, 2);
}

/* The host still has a DMA read when the guest resets: its completion
 * must change nothing of the commands after the reset. */
static void test_reset_while_busy_dma(void **state)
{
	struct fake *f = *state;
	struct emu_blk_io *old;

	wr(f, EMU_BLK_INT_ENABLE, 4, EMU_BLK_INT_DONE);
	cmd(f, 1, 1, RAM_BASE, EMU_BLK_CMD_READ);
	old = f->q[0];
	wr(f, EMU_BLK_CONTROL, 4, EMU_BLK_CTL_RESET);
	assert_int_equal(status(f), 0);
	assert_int_equal(rd(f, EMU_BLK_INT_ENABLE, 4), 0);
	assert_int_equal(rd(f, EMU_BLK_COUNT, 4), 0);
	assert_int_equal(emu_blk_inflight(&f->b), 1); /* still the host's */
	/* a new command meanwhile gets the other slot */
	wr(f, EMU_BLK_INT_ENABLE, 4, EMU_BLK_INT_DONE);
	cmd(f, 2, 1, RAM_BASE + SEC, EMU_BLK_CMD_READ);
	assert_int_equal(f->nq, 2);
	assert_ptr_not_equal(f->q[1], old);
	host_done(f, true); /* the old one */
	assert_int_equal(status(f), EMU_BLK_ST_BUSY); /* the new one runs */
	assert_int_equal(rd(f, EMU_BLK_INT_STATUS, 4), 0);
	assert_false(f->line);
	assert_int_equal(f->b.stats.stale, 1);
	host_done(f, true);
	assert_int_equal(status(f), 0);
	assert_true(f->line);
	assert_int_equal(rd(f, EMU_BLK_DONE_COUNT, 4), 1);
	assert_memory_equal(f->ram + SEC, f->disk + 2 * SEC, SEC);
	assert_int_equal(emu_blk_inflight(&f->b), 0);
}

/* A stale PIO read must not land in a later PIO read's sector buffer. */
static void test_reset_while_busy_pio(void **state)
{
	struct fake *f = *state;
	uint8_t got[SEC];

	cmd(f, 1, 1, 0, EMU_BLK_CMD_READ | EMU_BLK_CMD_PIO);
	emu_blk_reset(&f->b);
	cmd(f, 9, 1, 0, EMU_BLK_CMD_READ | EMU_BLK_CMD_PIO);
	assert_ptr_not_equal(f->q[0]->buf, f->q[1]->buf);
	/* the new one finishes first, then the stale one */
	struct emu_blk_io *stale = f->q[0];

	f->q[0] = f->q[1];
	f->q[1] = stale;
	host_done(f, true);
	host_done(f, true);
	assert_int_equal(status(f), EMU_BLK_ST_DRQ);
	pio_read_sector(f, got);
	assert_memory_equal(got, f->disk + 9 * SEC, SEC);
	assert_int_equal(status(f), 0);
}

/* Two resets with both requests still out: no slot, the command is
 * refused until the host gives one back. */
static void test_reset_twice_no_slot(void **state)
{
	struct fake *f = *state;

	cmd(f, 1, 1, RAM_BASE, EMU_BLK_CMD_READ);
	emu_blk_reset(&f->b);
	cmd(f, 1, 1, RAM_BASE, EMU_BLK_CMD_READ);
	emu_blk_reset(&f->b);
	assert_int_equal(emu_blk_inflight(&f->b), EMU_BLK_SLOTS);
	wr(f, EMU_BLK_SECTOR, 8, 1);
	wr(f, EMU_BLK_COUNT, 4, 1);
	wr(f, EMU_BLK_BUFFER, 8, RAM_BASE);
	wr(f, EMU_BLK_COMMAND, 4, EMU_BLK_CMD_READ);
	assert_int_equal(EMU_BLK_ST_CODE(status(f)), EMU_BLK_E_HOST_BUSY);
	assert_int_equal(f->nq, 2);
	host_done(f, true);
	assert_int_equal(EMU_BLK_ST_CODE(status(f)), EMU_BLK_E_HOST_BUSY);
	cmd(f, 1, 1, RAM_BASE, EMU_BLK_CMD_READ);
	assert_int_equal(status(f), EMU_BLK_ST_BUSY);
	host_done(f, true); /* stale */
	host_done(f, true);
	assert_int_equal(status(f), 0);
	assert_int_equal(f->b.stats.stale, 2);
}

static void test_reset_drops_line_and_drq(void **state)
{
	struct fake *f = *state;

	wr(f, EMU_BLK_INT_ENABLE, 4, EMU_BLK_INT_DRQ);
	cmd(f, 0, 2, 0, EMU_BLK_CMD_WRITE | EMU_BLK_CMD_PIO);
	assert_true(f->line);
	wr(f, EMU_BLK_DATA, 8, 1);
	wr(f, EMU_BLK_CONTROL, 4, 0); /* no reset bit: nothing */
	assert_int_equal(status(f), EMU_BLK_ST_DRQ);
	wr(f, EMU_BLK_CONTROL, 4, EMU_BLK_CTL_RESET);
	assert_false(f->line);
	assert_int_equal(status(f), 0);
	assert_int_equal(emu_blk_inflight(&f->b), 0);
	/* the half-written sector went nowhere; a new command starts clean */
	cmd(f, 0, 1, 0, EMU_BLK_CMD_WRITE | EMU_BLK_CMD_PIO);
	for (unsigned int i = 0; i < SEC; i += 8)
		wr(f, EMU_BLK_DATA, 8, 0x0101010101010101ull * (i / 8));
	host_done(f, true);
	for (unsigned int i = 0; i < SEC; i++)
		assert_int_equal(f->disk[i], i / 8);
	assert_int_equal(f->submits, 1);
}

/* a backend completing what is not with it changes nothing */
static void test_spurious_completion(void **state)
{
	struct fake *f = *state;

	emu_blk_complete(&f->b, &f->b.slot[0], true);
	emu_blk_complete(&f->b, &f->b.slot[1], false);
	assert_int_equal(status(f), 0);
	assert_int_equal(rd(f, EMU_BLK_INT_STATUS, 4), 0);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_identity_registers),
		cmocka_unit_test_setup_teardown(test_readonly_features,
						setup_readonly, teardown),
		T(test_parameter_registers),
		T(test_dma_read),
		T(test_dma_write_max),
		T(test_dma_completion_inside_submit),
		T(test_parameters_latched),
		T(test_pio_read),
		T(test_pio_write),
		T(test_pio_write_io_error),
		T(test_pio_read_host_busy_midway),
		T(test_flush),
		T(test_identify),
		T(test_command_errors),
		T(test_host_refuses),
		T(test_command_while_busy),
		T(test_bad_accesses),
		T(test_data_without_drq),
		T(test_interrupt_enable),
		T(test_reset_while_busy_dma),
		T(test_reset_while_busy_pio),
		T(test_reset_twice_no_slot),
		T(test_reset_drops_line_and_drq),
		T(test_spurious_completion),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
