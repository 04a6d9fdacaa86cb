/* SPDX-License-Identifier: MIT */
#include "drivers/emu_blk_cmd.h"

#include "base/errno.h"
#include "hw/emu_blk.h"

void emu_cmd_init(struct emu_cmd *c, uint32_t op, void *buf, uint32_t len,
		  uint64_t sector, uint32_t pio, uint32_t max_count)
{
	c->op = op;
	c->pio = pio;
	c->buf = buf;
	c->len = op == EMU_BLK_CMD_FLUSH ? 0 : len;
	c->done = 0;
	c->count = 0;
	c->pio_pos = 0;
	c->max_count = max_count ? max_count : 1;
	c->retries = 0;
	c->sector = sector;
	c->result = 0;
}

uint64_t emu_cmd_next(struct emu_cmd *c, uint32_t *count)
{
	uint32_t left = (c->len - c->done) / EMU_BLK_SECTOR_SIZE;

	c->count = left < c->max_count ? left : c->max_count;
	c->pio_pos = 0;
	*count = c->count;
	return c->sector + c->done / EMU_BLK_SECTOR_SIZE;
}

uint64_t *emu_cmd_pio_next(struct emu_cmd *c)
{
	if (!c->pio || c->pio_pos >= c->count * EMU_BLK_SECTOR_SIZE)
		return 0;
	uint8_t *p = c->buf + c->done + c->pio_pos;
	c->pio_pos += EMU_BLK_SECTOR_SIZE;
	return (uint64_t *)(void *)p;
}

static long emu_cmd_errno(uint32_t code)
{
	switch (code) {
	case EMU_BLK_E_RANGE:
		return -ENOSPC;
	case EMU_BLK_E_READ_ONLY:
		return -EBADF;
	case EMU_BLK_E_COMMAND:
		return -EOPNOTSUPP;
	default:
		return -EIO;
	}
}

int emu_cmd_done(struct emu_cmd *c, uint32_t st)
{
	if (st & EMU_BLK_ST_ERR) {
		uint32_t code = EMU_BLK_ST_CODE(st);
		if (code == EMU_BLK_E_HOST_BUSY &&
		    c->retries++ < EMU_CMD_RETRIES)
			return EMU_CMD_AGAIN; /* the same command again */
		c->result = emu_cmd_errno(code);
		return EMU_CMD_FINISHED;
	}
	/* a PIO command that ended before its data moved, or a bad access
	 * on the way (ACCERR), lost data: the request failed */
	if ((st & EMU_BLK_ST_ACCERR) ||
	    (c->pio && c->pio_pos != c->count * EMU_BLK_SECTOR_SIZE)) {
		c->result = -EIO;
		return EMU_CMD_FINISHED;
	}
	c->done += c->count * EMU_BLK_SECTOR_SIZE;
	c->retries = 0;
	if (c->done < c->len)
		return EMU_CMD_AGAIN;
	c->result = c->op == EMU_BLK_CMD_FLUSH ? 0 : (long)c->len;
	return EMU_CMD_FINISHED;
}
