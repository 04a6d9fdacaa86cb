/* SPDX-License-Identifier: MIT */
/* The bookkeeping of one block request on rvh,emu-blk, without registers
 * (host unit tests: tests/unit/gk_emu_cmd_test.c): which command comes
 * next (a request longer than MAX_COUNT sectors takes several), where PIO
 * data goes, and what a command's STATUS means for the request. */
#ifndef GK_EMU_BLK_CMD_H
#define GK_EMU_BLK_CMD_H

#include <stdint.h>

#define EMU_CMD_FINISHED 0 /* the request is over: result set */
#define EMU_CMD_AGAIN 1 /* issue the next (or the same) command */
#define EMU_CMD_RETRIES 8 /* E_HOST_BUSY retries of one command */

struct emu_cmd {
	uint32_t op; /* EMU_BLK_CMD_READ, WRITE, FLUSH */
	uint32_t pio; /* 0 or EMU_BLK_CMD_PIO */
	uint8_t *buf;
	uint32_t len; /* bytes, a multiple of 512 (0 for a flush) */
	uint32_t done; /* bytes moved by finished commands */
	uint32_t count; /* sectors of the command in flight */
	uint32_t pio_pos; /* bytes of it moved through DATA */
	uint32_t max_count; /* sectors per command, at least 1 */
	uint32_t retries;
	uint64_t sector; /* the request's first sector */
	long result; /* bytes or -errno, once FINISHED */
};

/* op is EMU_BLK_CMD_*; max_count from the controller (0 taken as 1). */
void emu_cmd_init(struct emu_cmd *c, uint32_t op, void *buf, uint32_t len,
		  uint64_t sector, uint32_t pio, uint32_t max_count);
/* The next command's first sector and count (0 for a flush); resets the
 * PIO position. */
uint64_t emu_cmd_next(struct emu_cmd *c, uint32_t *count);
/* PIO: the sector DATA is to move now, NULL when the command has none
 * left (a DRQ the driver did not expect). */
uint64_t *emu_cmd_pio_next(struct emu_cmd *c);
/* The command ended with STATUS st: FINISHED (c->result) or AGAIN. */
int emu_cmd_done(struct emu_cmd *c, uint32_t st);

#endif
