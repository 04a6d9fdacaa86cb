// SPDX-License-Identifier: MIT
/* The emulated block controller's register model (see emu_blk.h). */
#include <stddef.h>
#include <string.h>

#include "emu_blk.h"

#define SECTOR EMU_BLK_SECTOR_SIZE

enum { SLOT_FREE, SLOT_HOST, SLOT_DATA }; /* DATA: PIO sector for DATA */

static void irq_update(struct emu_blk *b)
{
	bool level = (b->isr & b->ier) != 0;

	if (level == b->line)
		return;
	b->line = level;
	if (b->ops->irq)
		b->ops->irq(b->ctx, level);
}

static void raise(struct emu_blk *b, uint32_t bits)
{
	b->isr |= bits;
	irq_update(b);
}

/* The command ends: its slot is free unless the host still has it. */
static void finish(struct emu_blk *b, uint32_t code)
{
	if (b->cur && b->cur->state == SLOT_DATA)
		b->cur->state = SLOT_FREE;
	b->cur = NULL;
	b->status &= EMU_BLK_ST_ACCERR;
	if (code) {
		b->status |= EMU_BLK_ST_ERR | code << EMU_BLK_ST_CODE_SHIFT;
		b->stats.errors++;
	}
	raise(b, EMU_BLK_INT_DONE);
}

static int bad_access(struct emu_blk *b, int code, const char *what)
{
	if (!(b->status & EMU_BLK_ST_ACCERR))
		b->accerr = (uint32_t)code;
	b->status |= EMU_BLK_ST_ACCERR;
	b->stats.bad_accesses++;
	if (!b->reported && b->ops->report) {
		b->reported = true;
		b->ops->report(b->ctx, what);
	}
	return code;
}

/* PIO: the current sector is in (read) or wanted from (write) DATA */
static void drq(struct emu_blk *b)
{
	b->cur->state = SLOT_DATA;
	b->pos = 0;
	b->status = (b->status & EMU_BLK_ST_ACCERR) | EMU_BLK_ST_DRQ;
	raise(b, EMU_BLK_INT_DRQ);
}

/* Hand io to the host; its completion may arrive before this returns. */
static void start_io(struct emu_blk *b, struct emu_blk_io *io, uint32_t op,
		     uint64_t sector, void *buf, uint32_t len)
{
	io->op = op;
	io->sector = sector;
	io->buf = buf;
	io->len = len;
	io->state = SLOT_HOST;
	b->status = (b->status & EMU_BLK_ST_ACCERR) | EMU_BLK_ST_BUSY;
	if (b->ops->submit(b->ctx, io) == 0)
		return;
	io->state = SLOT_FREE;
	finish(b, EMU_BLK_E_HOST_BUSY);
}

static void identify(struct emu_blk *b, uint8_t *buf)
{
	struct emu_blk_identify id = {
		.magic = EMU_BLK_MAGIC_VALUE,
		.version = EMU_BLK_VERSION_VALUE,
		.capacity = b->capacity,
		.max_count = EMU_BLK_MAX_SECTORS,
		.features = EMU_BLK_F_FLUSH | (b->ro ? EMU_BLK_F_READ_ONLY : 0),
	};

	memcpy(id.serial, b->serial, sizeof(id.serial));
	memset(buf, 0, SECTOR);
	memcpy(buf, &id, sizeof(id));
}

static struct emu_blk_io *slot_get(struct emu_blk *b)
{
	for (unsigned int i = 0; i < EMU_BLK_SLOTS; i++)
		if (b->slot[i].state == SLOT_FREE) {
			b->slot[i].gen = b->gen;
			return &b->slot[i];
		}
	return NULL;
}

/* READ or WRITE: parameters that fail give the command's error code */
static uint32_t check_rw(const struct emu_blk *b)
{
	if (!b->count || b->count > EMU_BLK_MAX_SECTORS)
		return EMU_BLK_E_COUNT;
	if (b->sector > b->capacity || b->count > b->capacity - b->sector)
		return EMU_BLK_E_RANGE;
	if (b->op == EMU_BLK_CMD_WRITE && b->ro)
		return EMU_BLK_E_READ_ONLY;
	return 0;
}

static void command_rw(struct emu_blk *b, struct emu_blk_io *io)
{
	uint32_t err = check_rw(b);
	uint32_t io_op =
		b->op == EMU_BLK_CMD_READ ? EMU_BLK_IO_READ : EMU_BLK_IO_WRITE;
	void *buf;

	if (err) {
		finish(b, err);
		return;
	}
	if (b->flags & EMU_BLK_CMD_PIO) {
		b->stats.pio++;
		b->c_sector = b->sector;
		b->c_left = b->count;
		if (io_op == EMU_BLK_IO_WRITE) {
			drq(b);
			return;
		}
		start_io(b, io, io_op, b->c_sector, io->sector_buf, SECTOR);
		return;
	}
	buf = b->ops->translate(b->ctx, b->buffer, (uint64_t)b->count * SECTOR);
	if (!buf) {
		finish(b, EMU_BLK_E_BUFFER);
		return;
	}
	b->stats.dma++;
	start_io(b, io, io_op, b->sector, buf, b->count * SECTOR);
}

static void command_identify(struct emu_blk *b, struct emu_blk_io *io)
{
	void *buf;

	identify(b, io->sector_buf);
	if (b->flags & EMU_BLK_CMD_PIO) {
		b->c_left = 1;
		drq(b);
		return;
	}
	buf = b->ops->translate(b->ctx, b->buffer, SECTOR);
	if (!buf) {
		finish(b, EMU_BLK_E_BUFFER);
		return;
	}
	memcpy(buf, io->sector_buf, SECTOR);
	b->done = 1;
	finish(b, 0);
}

static int command(struct emu_blk *b, uint32_t val)
{
	struct emu_blk_io *io;

	if (b->cur)
		return bad_access(b, EMU_BLK_E_BUSY,
				  "COMMAND written while a command runs");
	b->status = 0;
	b->accerr = 0;
	b->done = 0;
	b->op = val & EMU_BLK_CMD_OP_MASK;
	b->flags = val & EMU_BLK_CMD_PIO;
	b->stats.commands++;
	if (val & ~(EMU_BLK_CMD_OP_MASK | EMU_BLK_CMD_PIO) || !b->op ||
	    b->op > EMU_BLK_CMD_IDENTIFY) {
		finish(b, EMU_BLK_E_COMMAND);
		return 0;
	}
	io = slot_get(b);
	if (!io) {
		finish(b, EMU_BLK_E_HOST_BUSY);
		return 0;
	}
	b->cur = io;
	if (b->op == EMU_BLK_CMD_FLUSH)
		start_io(b, io, EMU_BLK_IO_FLUSH, 0, NULL, 0);
	else if (b->op == EMU_BLK_CMD_IDENTIFY)
		command_identify(b, io);
	else
		command_rw(b, io);
	return 0;
}

/* PIO: one sector moved through DATA */
static void sector_moved(struct emu_blk *b)
{
	b->done++;
	b->c_sector++;
	b->c_left--;
	b->stats.sectors++;
	if (!b->c_left)
		finish(b, 0);
}

void emu_blk_complete(struct emu_blk *b, struct emu_blk_io *io, bool ok)
{
	if (io->state != SLOT_HOST)
		return; /* not with the host: a backend bug, ignored */
	io->state = SLOT_FREE;
	if (io->gen != b->gen || io != b->cur) {
		b->stats.stale++; /* from before a reset: nothing to change */
		return;
	}
	if (!ok) {
		finish(b, EMU_BLK_E_IO);
		return;
	}
	if (io->op == EMU_BLK_IO_FLUSH) {
		finish(b, 0);
		return;
	}
	if (!(b->flags & EMU_BLK_CMD_PIO)) {
		b->done = io->len / SECTOR; /* COUNT may have changed since */
		b->stats.sectors += b->done;
		finish(b, 0);
		return;
	}
	if (io->op == EMU_BLK_IO_READ) {
		drq(b);
		return;
	}
	sector_moved(b);
	if (b->c_left)
		drq(b);
}

static int data_read(struct emu_blk *b, uint64_t *val)
{
	struct emu_blk_io *io = b->cur;

	if (!(b->status & EMU_BLK_ST_DRQ) || b->op == EMU_BLK_CMD_WRITE)
		return bad_access(b, EMU_BLK_E_DATA,
				  "DATA read with no sector ready");
	memcpy(val, io->sector_buf + b->pos, 8);
	b->pos += 8;
	if (b->pos < SECTOR)
		return 0;
	sector_moved(b);
	if (b->c_left)
		start_io(b, io, EMU_BLK_IO_READ, b->c_sector, io->sector_buf,
			 SECTOR);
	return 0;
}

static int data_write(struct emu_blk *b, uint64_t val)
{
	struct emu_blk_io *io = b->cur;

	if (!(b->status & EMU_BLK_ST_DRQ) || b->op != EMU_BLK_CMD_WRITE)
		return bad_access(b, EMU_BLK_E_DATA,
				  "DATA written with no sector wanted");
	memcpy(io->sector_buf + b->pos, &val, 8);
	b->pos += 8;
	if (b->pos == SECTOR)
		start_io(b, io, EMU_BLK_IO_WRITE, b->c_sector, io->sector_buf,
			 SECTOR);
	return 0;
}

/* ---- the register table ------------------------------------------------ */

static uint64_t r_magic(struct emu_blk *b)
{
	(void)b;
	return EMU_BLK_MAGIC_VALUE;
}
static uint64_t r_version(struct emu_blk *b)
{
	(void)b;
	return EMU_BLK_VERSION_VALUE;
}
static uint64_t r_capacity(struct emu_blk *b)
{
	return b->capacity;
}
static uint64_t r_max_count(struct emu_blk *b)
{
	(void)b;
	return EMU_BLK_MAX_SECTORS;
}
static uint64_t r_features(struct emu_blk *b)
{
	return EMU_BLK_F_FLUSH | (b->ro ? EMU_BLK_F_READ_ONLY : 0);
}
static uint64_t r_sector(struct emu_blk *b)
{
	return b->sector;
}
static uint64_t r_buffer(struct emu_blk *b)
{
	return b->buffer;
}
static uint64_t r_count(struct emu_blk *b)
{
	return b->count;
}
static uint64_t r_status(struct emu_blk *b)
{
	return b->status;
}
static uint64_t r_isr(struct emu_blk *b)
{
	return b->isr;
}
static uint64_t r_ier(struct emu_blk *b)
{
	return b->ier;
}
static uint64_t r_done(struct emu_blk *b)
{
	return b->done;
}
static uint64_t r_accerr(struct emu_blk *b)
{
	return b->accerr;
}

static int w_sector(struct emu_blk *b, uint64_t v)
{
	b->sector = v;
	return 0;
}
static int w_buffer(struct emu_blk *b, uint64_t v)
{
	b->buffer = v;
	return 0;
}
static int w_count(struct emu_blk *b, uint64_t v)
{
	b->count = (uint32_t)v;
	return 0;
}
static int w_command(struct emu_blk *b, uint64_t v)
{
	return command(b, (uint32_t)v);
}
static int w_ack(struct emu_blk *b, uint64_t v)
{
	b->isr &= ~(uint32_t)v;
	irq_update(b);
	return 0;
}
static int w_ier(struct emu_blk *b, uint64_t v)
{
	b->ier = (uint32_t)v & (EMU_BLK_INT_DONE | EMU_BLK_INT_DRQ);
	irq_update(b);
	return 0;
}
static int w_control(struct emu_blk *b, uint64_t v)
{
	if (v & EMU_BLK_CTL_RESET)
		emu_blk_reset(b);
	return 0;
}

struct emu_blk_reg {
	uint16_t off;
	uint8_t size; /* 4 or 8 */
	bool halves; /* an 8-byte register also as two 4-byte halves */
	uint64_t (*read)(struct emu_blk *b); /* no side effects */
	int (*write)(struct emu_blk *b, uint64_t v);
};

/* DATA has side effects on every access and is handled apart */
static const struct emu_blk_reg regs[] = {
	{EMU_BLK_MAGIC, 4, false, r_magic, NULL},
	{EMU_BLK_VERSION, 4, false, r_version, NULL},
	{EMU_BLK_CAPACITY, 8, true, r_capacity, NULL},
	{EMU_BLK_MAX_COUNT, 4, false, r_max_count, NULL},
	{EMU_BLK_FEATURES, 4, false, r_features, NULL},
	{EMU_BLK_SECTOR, 8, true, r_sector, w_sector},
	{EMU_BLK_BUFFER, 8, true, r_buffer, w_buffer},
	{EMU_BLK_COUNT, 4, false, r_count, w_count},
	{EMU_BLK_COMMAND, 4, false, NULL, w_command},
	{EMU_BLK_STATUS, 4, false, r_status, NULL},
	{EMU_BLK_INT_STATUS, 4, false, r_isr, NULL},
	{EMU_BLK_INT_ACK, 4, false, NULL, w_ack},
	{EMU_BLK_INT_ENABLE, 4, false, r_ier, w_ier},
	{EMU_BLK_CONTROL, 4, false, NULL, w_control},
	{EMU_BLK_DONE_COUNT, 4, false, r_done, NULL},
	{EMU_BLK_ACCESS_ERROR, 4, false, r_accerr, NULL},
};

/* The register an access hits, with the shift of a 4-byte half (or 0);
 * NULL for a bad width, offset or alignment. */
static const struct emu_blk_reg *reg_find(uint64_t off, unsigned int width,
					  unsigned int *shift)
{
	for (size_t i = 0; i < sizeof(regs) / sizeof(regs[0]); i++) {
		const struct emu_blk_reg *r = &regs[i];

		if (off < r->off || off >= (uint64_t)r->off + r->size)
			continue;
		*shift = (unsigned int)(off - r->off) * 8;
		if (width == r->size && off == r->off)
			return r;
		if (r->halves && width == 4 && (off - r->off) % 4 == 0)
			return r;
		return NULL;
	}
	return NULL;
}

int emu_blk_read(struct emu_blk *b, uint64_t off, unsigned int width,
		 uint64_t *val)
{
	const struct emu_blk_reg *r;
	unsigned int shift = 0;

	*val = 0;
	if (off == EMU_BLK_DATA && width == 8)
		return data_read(b, val);
	r = reg_find(off, width, &shift);
	if (!r || !r->read)
		return bad_access(b, EMU_BLK_E_ACCESS,
				  "read of no register at that offset and "
				  "width");
	*val = r->read(b) >> shift;
	if (width == 4)
		*val &= 0xffffffffu;
	return 0;
}

int emu_blk_write(struct emu_blk *b, uint64_t off, unsigned int width,
		  uint64_t val)
{
	const struct emu_blk_reg *r;
	unsigned int shift = 0;

	if (off == EMU_BLK_DATA && width == 8)
		return data_write(b, val);
	r = reg_find(off, width, &shift);
	if (!r || !r->write)
		return bad_access(b, EMU_BLK_E_ACCESS,
				  "write to no writable register at that "
				  "offset and width");
	if (width == 4 && r->size == 8) {
		uint64_t mask = 0xffffffffull << shift;

		val = (r->read(b) & ~mask) | (val & 0xffffffffu) << shift;
	}
	return r->write(b, val);
}

unsigned int emu_blk_inflight(const struct emu_blk *b)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < EMU_BLK_SLOTS; i++)
		n += b->slot[i].state == SLOT_HOST;
	return n;
}

void emu_blk_reset(struct emu_blk *b)
{
	b->gen++;
	for (unsigned int i = 0; i < EMU_BLK_SLOTS; i++)
		if (b->slot[i].state == SLOT_DATA)
			b->slot[i].state = SLOT_FREE;
	b->cur = NULL;
	b->sector = b->buffer = 0;
	b->count = b->status = b->isr = b->ier = b->done = b->accerr = 0;
	b->op = b->flags = b->pos = b->c_left = 0;
	b->c_sector = 0;
	b->reported = false;
	irq_update(b);
}

void emu_blk_init(struct emu_blk *b, const struct emu_blk_ops *ops, void *ctx,
		  uint64_t capacity, bool ro, const char *serial)
{
	memset(b, 0, sizeof(*b));
	b->ops = ops;
	b->ctx = ctx;
	b->capacity = capacity;
	b->ro = ro;
	for (size_t i = 0; serial && serial[i] && i < sizeof(b->serial); i++)
		b->serial[i] = serial[i];
}
