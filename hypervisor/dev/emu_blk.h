/* SPDX-License-Identifier: MIT */
/* The emulated block controller's register model (layout and semantics:
 * firmware/include/hw/emu_blk.h). Pure: no globals, no hardware; the owner
 * serialises every call on one struct emu_blk (the device's lock), and
 * wires a backend for the disk, guest RAM and the interrupt line.
 *
 * One command at a time. Host requests (struct emu_blk_io) live in a few
 * slots so that a reset while the host disk still has one does not wait:
 * the slot stays with the host until emu_blk_complete, which then finds
 * its generation old and changes nothing else. A command finding no free
 * slot (the guest reset twice with both requests still out) is refused
 * with EMU_BLK_E_HOST_BUSY. */
#ifndef EMU_BLK_H
#define EMU_BLK_H

#include <stdbool.h>
#include <stdint.h>

#include "hw/emu_blk.h"

#define EMU_BLK_SLOTS 2

enum emu_blk_io_op { EMU_BLK_IO_READ, EMU_BLK_IO_WRITE, EMU_BLK_IO_FLUSH };

/* One request for the host disk; owned by the model. */
struct emu_blk_io {
	uint32_t op; /* enum emu_blk_io_op */
	uint64_t sector;
	void *buf; /* guest RAM (DMA) or sector[] (PIO); NULL for FLUSH */
	uint32_t len; /* bytes, a multiple of 512 */
	/* private to the model */
	uint32_t gen;
	uint8_t state;
	uint8_t sector_buf[EMU_BLK_SECTOR_SIZE] __attribute__((aligned(8)));
};

struct emu_blk_ops {
	/* 0: queued, emu_blk_complete follows (maybe before submit returns);
	 * -1: the host's queue is full (the command fails HOST_BUSY) */
	int (*submit)(void *ctx, struct emu_blk_io *io);
	/* host pointer for [gpa, gpa + len) if wholly in guest RAM, or NULL */
	void *(*translate)(void *ctx, uint64_t gpa, uint64_t len);
	void (*irq)(void *ctx, bool level); /* only on changes */
	/* the guest broke a rule (once until the next reset); may be NULL */
	void (*report)(void *ctx, const char *what);
};

struct emu_blk_stats {
	uint64_t commands, dma, pio, sectors, errors, bad_accesses, stale;
};

/* Treat as opaque; fields are visible only so that the owner can embed it. */
struct emu_blk {
	const struct emu_blk_ops *ops;
	void *ctx;
	uint64_t capacity;
	bool ro;
	char serial[20];
	uint32_t gen; /* bumped by every reset */
	/* registers */
	uint64_t sector, buffer;
	uint32_t count, status, isr, ier, done, accerr;
	/* the running command */
	struct emu_blk_io *cur; /* its slot, NULL when idle */
	uint32_t op, flags; /* EMU_BLK_CMD_* */
	uint64_t c_sector; /* next sector to move */
	uint32_t c_left; /* sectors still to move */
	uint32_t pos; /* PIO: bytes of the sector moved through DATA */
	bool line, reported;
	struct emu_blk_io slot[EMU_BLK_SLOTS];
	struct emu_blk_stats stats;
};

/* Power-on state for a disk of capacity sectors; serial at most 20 bytes
 * used (NULL: none). The line starts low. */
void emu_blk_init(struct emu_blk *b, const struct emu_blk_ops *ops, void *ctx,
		  uint64_t capacity, bool ro, const char *serial);
/* Guest (re)boot or CONTROL.RESET: drops the command and the line. */
void emu_blk_reset(struct emu_blk *b);
/* Guest accesses. A bad one returns EMU_BLK_E_ACCESS/_DATA/_BUSY (and
 * latches it, see hw/emu_blk.h); 0 otherwise. Never a fault to pass on. */
int emu_blk_read(struct emu_blk *b, uint64_t off, unsigned int width,
		 uint64_t *val);
int emu_blk_write(struct emu_blk *b, uint64_t off, unsigned int width,
		  uint64_t val);
/* The host finished io: ok false for an I/O error. */
void emu_blk_complete(struct emu_blk *b, struct emu_blk_io *io, bool ok);
/* Slots with the host disk (for tests and the owner's checks). */
unsigned int emu_blk_inflight(const struct emu_blk *b);

#endif
