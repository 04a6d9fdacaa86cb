// SPDX-License-Identifier: MIT
/* libFuzzer target for the emulated block controller's register model
 * (hypervisor/dev/emu_blk.c): arbitrary guest accesses (any offset, width,
 * value), commands with hostile parameters, host completions in any order
 * and outcome, completions inside submit, a full host queue, resets.
 *
 * Checked after every step: every request handed to the host lies in the
 * disk, in the guest's RAM or in a sector buffer of the model, never
 * writes a read-only disk, at most EMU_BLK_SLOTS at once; STATUS is one of
 * idle, BUSY or DRQ and agrees with the model's slots; the line follows
 * INT_STATUS & INT_ENABLE and is reported only on changes; every 8 bytes
 * a PIO read returns are the disk's bytes of the sector and offset the
 * guest asked for (a stale completion landing in a later command's buffer
 * breaks this). ASan/UBSan catch the rest.
 *
 * Input: byte 0 picks capacity and read-only; then steps, an opcode byte
 * (op % 8) and its operands, see LLVMFuzzerTestOneInput. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu_blk.h"
#include "fuzz_input.h"

#define RAM_BASE 0x80000000ull
#define RAM_SIZE (192 * 1024) /* more than one largest command */
#define SEC EMU_BLK_SECTOR_SIZE

static uint64_t take64(struct input *in)
{
	return take_be(in, 8);
}

struct world {
	struct emu_blk b;
	uint8_t *ram;
	uint64_t capacity;
	bool ro, sync, refuse, line;
	struct emu_blk_io *q[EMU_BLK_SLOTS + 1];
	unsigned int nq;
	/* shadow of a PIO read: the next word the guest must get */
	bool pio_read;
	uint64_t pio_sector;
	unsigned int pio_word;
};

/* the disk's content: every word names its sector and place */
static uint64_t disk_word(uint64_t sector, unsigned int word)
{
	return (sector * 64 + word) * 0x9e3779b97f4a7c15ull + 1;
}

static void disk_io(struct emu_blk_io *io)
{
	if (io->op != EMU_BLK_IO_READ)
		return; /* writes were checked at submit */
	for (uint32_t i = 0; i < io->len; i += 8) {
		uint64_t v = disk_word(io->sector + i / SEC, (i % SEC) / 8);

		memcpy((uint8_t *)io->buf + i, &v, 8);
	}
}

static bool in_ram(const struct world *w, const void *p, uint32_t len)
{
	const uint8_t *c = p;

	return c >= w->ram && c <= w->ram + RAM_SIZE &&
	       len <= (size_t)(w->ram + RAM_SIZE - c);
}

static bool in_slot(const struct world *w, const void *p, uint32_t len)
{
	for (unsigned int i = 0; i < EMU_BLK_SLOTS; i++)
		if (p == w->b.slot[i].sector_buf && len == SEC)
			return true;
	return false;
}

static int w_submit(void *ctx, struct emu_blk_io *io)
{
	struct world *w = ctx;

	CHECK(io->op <= EMU_BLK_IO_FLUSH);
	if (io->op == EMU_BLK_IO_FLUSH) {
		CHECK(!io->len && !io->buf);
	} else {
		CHECK(io->len && io->len % SEC == 0);
		CHECK(io->len <= EMU_BLK_MAX_SECTORS * SEC);
		CHECK(io->sector <= w->capacity &&
		      io->len / SEC <= w->capacity - io->sector);
		CHECK(in_ram(w, io->buf, io->len) ||
		      in_slot(w, io->buf, io->len));
		CHECK(io->op == EMU_BLK_IO_READ || !w->ro);
	}
	for (unsigned int i = 0; i < w->nq; i++)
		CHECK(w->q[i] != io); /* a slot the host has is not reused */
	if (w->refuse)
		return -1;
	if (w->sync) {
		disk_io(io);
		emu_blk_complete(&w->b, io, io->sector & 1);
		return 0;
	}
	CHECK(w->nq < EMU_BLK_SLOTS);
	w->q[w->nq++] = io;
	return 0;
}

static void *w_translate(void *ctx, uint64_t gpa, uint64_t len)
{
	struct world *w = ctx;

	if (gpa < RAM_BASE || gpa - RAM_BASE > RAM_SIZE ||
	    len > RAM_SIZE - (gpa - RAM_BASE))
		return NULL;
	return w->ram + (gpa - RAM_BASE);
}

static void w_irq(void *ctx, bool level)
{
	struct world *w = ctx;

	CHECK(level != w->line);
	w->line = level;
}

static const struct emu_blk_ops w_ops = {
	.submit = w_submit,
	.translate = w_translate,
	.irq = w_irq,
	.report = NULL,
};

static void complete(struct world *w, unsigned int i, bool ok)
{
	struct emu_blk_io *io;

	if (i >= w->nq)
		return;
	io = w->q[i];
	memmove(&w->q[i], &w->q[i + 1], (w->nq - i - 1) * sizeof(w->q[0]));
	w->nq--;
	if (ok)
		disk_io(io);
	emu_blk_complete(&w->b, io, ok);
}

static void check(struct world *w)
{
	const struct emu_blk *b = &w->b;
	uint32_t st = b->status;
	uint32_t busy = st & (EMU_BLK_ST_BUSY | EMU_BLK_ST_DRQ);

	CHECK(w->line == ((b->isr & b->ier) != 0));
	CHECK(busy != (EMU_BLK_ST_BUSY | EMU_BLK_ST_DRQ));
	CHECK(!busy == !b->cur);
	CHECK(!(st & EMU_BLK_ST_ERR) || EMU_BLK_ST_CODE(st));
	CHECK(emu_blk_inflight(b) <= EMU_BLK_SLOTS);
	if (!w->sync)
		CHECK(emu_blk_inflight(b) == w->nq);
	if (busy == EMU_BLK_ST_DRQ)
		CHECK(b->pos < SEC && b->c_left);
	if (!busy)
		w->pio_read = false;
}

/* after a write to COMMAND: a PIO read that started is shadowed */
static void command_written(struct world *w, uint64_t sector)
{
	const struct emu_blk *b = &w->b;

	if (b->cur && b->op == EMU_BLK_CMD_READ &&
	    (b->flags & EMU_BLK_CMD_PIO)) {
		w->pio_read = true;
		w->pio_sector = sector;
		w->pio_word = 0;
	}
}

static void data_read(struct world *w)
{
	bool shadow = w->pio_read;
	uint64_t v;

	if (emu_blk_read(&w->b, EMU_BLK_DATA, 8, &v)) {
		CHECK(v == 0);
		return;
	}
	if (!shadow)
		return; /* IDENTIFY */
	CHECK(v == disk_word(w->pio_sector, w->pio_word));
	if (++w->pio_word == SEC / 8) {
		w->pio_word = 0;
		w->pio_sector++;
	}
}

static void access(struct world *w, struct input *in, bool write)
{
	uint8_t o = take8(in), wb = take8(in);
	/* mostly register offsets, sometimes anywhere in (or past) the
	 * window */
	uint64_t off = o & 0x80 ? take64(in) % (2 * EMU_BLK_MMIO_SIZE)
				: (uint64_t)(o & 0x7f);
	unsigned int width = 1u << (wb & 3);
	uint64_t val = take64(in), sector = w->b.sector;

	if (!write) {
		if (off == EMU_BLK_DATA && width == 8)
			data_read(w);
		else
			emu_blk_read(&w->b, off, width, &val);
		return;
	}
	if (off == EMU_BLK_CONTROL && width == 4 && (val & 1)) {
		w->pio_read = false;
		emu_blk_write(&w->b, off, width, val);
		return;
	}
	bool idle = !w->b.cur;

	emu_blk_write(&w->b, off, width, val);
	if (off == EMU_BLK_COMMAND && width == 4 && idle)
		command_written(w, sector);
}

/* a well-formed command with chosen (often edge) parameters */
static void command(struct world *w, struct input *in)
{
	uint8_t k = take8(in), c = take8(in);
	uint64_t sector = k & 1 ? take64(in) : take8(in) % 8 + w->capacity - 4;
	uint32_t count = k & 2 ? (uint32_t)take64(in) : take8(in) % 9;
	uint64_t buffer = k & 4 ? take64(in)
				: RAM_BASE + (uint64_t)take8(in) * 1024 - 4096;
	uint32_t cmd = (c % 5) | (c & 0x10 ? EMU_BLK_CMD_PIO : 0);
	bool idle = !w->b.cur;

	emu_blk_write(&w->b, EMU_BLK_SECTOR, 8, sector);
	emu_blk_write(&w->b, EMU_BLK_COUNT, 4, count);
	emu_blk_write(&w->b, EMU_BLK_BUFFER, 8, buffer);
	emu_blk_write(&w->b, EMU_BLK_COMMAND, 4, cmd);
	if (idle)
		command_written(w, sector);
}

static void data_burst(struct world *w, struct input *in)
{
	uint8_t n = take8(in);
	bool write = n & 0x80;

	for (unsigned int i = 0; i < (n & 0x7fu) + 1; i++) {
		if (write)
			emu_blk_write(&w->b, EMU_BLK_DATA, 8, i);
		else
			data_read(w);
		check(w);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint64_t caps[] = {0, 1, 9, 300, 1 << 20, UINT64_MAX};
	struct input in = {data, size};
	struct world *w = calloc(1, sizeof(*w));
	uint8_t cfg = take8(&in);

	CHECK(w);
	w->ram = calloc(1, RAM_SIZE);
	CHECK(w->ram);
	w->capacity = caps[cfg % 6];
	w->ro = cfg & 0x80;
	emu_blk_init(&w->b, &w_ops, w, w->capacity, w->ro, "fuzz-disk");
	for (unsigned int steps = 0; in.n && steps < 4096; steps++) {
		uint8_t op = take8(&in);

		switch (op % 8) {
		case 0:
			access(w, &in, true);
			break;
		case 1:
			access(w, &in, false);
			break;
		case 2:
			complete(w, 0, op & 0x80);
			break;
		case 3:
			complete(w, w->nq - 1, op & 0x80);
			break;
		case 4:
			emu_blk_reset(&w->b);
			w->pio_read = false;
			break;
		case 5:
			command(w, &in);
			break;
		case 6:
			data_burst(w, &in);
			break;
		case 7:
			w->sync = op & 0x10;
			w->refuse = op & 0x20;
			break;
		}
		check(w);
	}
	/* the host finishes everything: the device ends idle or in DRQ */
	while (w->nq)
		complete(w, 0, true);
	check(w);
	CHECK(emu_blk_inflight(&w->b) == 0);
	free(w->ram);
	free(w);
	return 0;
}
