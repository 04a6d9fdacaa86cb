/* SPDX-License-Identifier: MIT */
/* "rvh,emu-blk": the hypervisor's emulated block controller, one 4 KiB
 * register window, little-endian, every register at its natural alignment.
 * 32-bit registers take 4-byte accesses; 64-bit ones 8-byte accesses or
 * two 4-byte halves; DATA only 8-byte accesses. Any other access (width,
 * offset, a write to a read-only register, DATA without DRQ, COMMAND while
 * BUSY or DRQ) is ignored (reads give 0) and latches STATUS.ACCERR with its
 * code in ACCESS_ERROR.
 *
 * A command takes SECTOR, COUNT and (DMA) BUFFER as they are when COMMAND
 * is written. DMA: the device moves COUNT sectors between the disk and the
 * guest-physical buffer (wholly in guest RAM), then INT_STATUS.DONE. PIO:
 * one sector at a time through DATA, 8 bytes an access; when a sector is
 * ready for the guest (read, IDENTIFY) or wanted from it (write),
 * STATUS.DRQ and INT_STATUS.DRQ are set; after the last sector, DONE.
 * Every command ends with DONE, also a refused one (STATUS.ERR, code in
 * STATUS bits 8..15). The interrupt line is (INT_STATUS & INT_ENABLE) != 0;
 * writing 1s to INT_ACK clears those bits. */
#ifndef HW_EMU_BLK_H
#define HW_EMU_BLK_H

#include <stdint.h>

#define EMU_BLK_MMIO_SIZE 0x1000
#define EMU_BLK_SECTOR_SIZE 512
#define EMU_BLK_MAGIC_VALUE 0x6b6c4265u /* "eBlk" */
#define EMU_BLK_VERSION_VALUE 1
#define EMU_BLK_MAX_SECTORS 256 /* per command (128 KiB) */

/* registers: offset, width, access */
#define EMU_BLK_MAGIC 0x00 /* 32 RO */
#define EMU_BLK_VERSION 0x04 /* 32 RO */
#define EMU_BLK_CAPACITY 0x08 /* 64 RO: disk size in sectors */
#define EMU_BLK_MAX_COUNT 0x10 /* 32 RO: EMU_BLK_MAX_SECTORS */
#define EMU_BLK_FEATURES 0x14 /* 32 RO: EMU_BLK_F_* */
#define EMU_BLK_SECTOR 0x18 /* 64 RW: first sector */
#define EMU_BLK_BUFFER 0x20 /* 64 RW: DMA buffer, guest-physical */
#define EMU_BLK_COUNT 0x28 /* 32 RW: sectors, 1..MAX_COUNT */
#define EMU_BLK_COMMAND 0x2c /* 32 WO: EMU_BLK_CMD_* | EMU_BLK_CMD_PIO */
#define EMU_BLK_STATUS 0x30 /* 32 RO: EMU_BLK_ST_*, error code */
#define EMU_BLK_INT_STATUS 0x34 /* 32 RO: EMU_BLK_INT_* */
#define EMU_BLK_INT_ACK 0x38 /* 32 WO: 1s clear INT_STATUS bits */
#define EMU_BLK_INT_ENABLE 0x3c /* 32 RW: EMU_BLK_INT_*, 0 at reset */
#define EMU_BLK_DATA 0x40 /* 64 RW: PIO data, 8 bytes an access */
#define EMU_BLK_CONTROL 0x48 /* 32 WO: EMU_BLK_CTL_* */
#define EMU_BLK_DONE_COUNT 0x4c /* 32 RO: sectors moved by the command */
#define EMU_BLK_ACCESS_ERROR 0x50 /* 32 RO: code of the first bad access */

#define EMU_BLK_F_READ_ONLY (1u << 0)
#define EMU_BLK_F_FLUSH (1u << 1)

#define EMU_BLK_CMD_READ 1
#define EMU_BLK_CMD_WRITE 2
#define EMU_BLK_CMD_FLUSH 3
#define EMU_BLK_CMD_IDENTIFY 4 /* one sector: struct emu_blk_identify */
#define EMU_BLK_CMD_OP_MASK 0xff
#define EMU_BLK_CMD_PIO (1u << 8) /* data through DATA, not BUFFER */

#define EMU_BLK_ST_BUSY (1u << 0) /* the host disk has the request */
#define EMU_BLK_ST_DRQ (1u << 1) /* DATA holds / wants a sector */
#define EMU_BLK_ST_ERR (1u << 2) /* the command failed: code below */
#define EMU_BLK_ST_ACCERR (1u << 3) /* a bad access: ACCESS_ERROR */
#define EMU_BLK_ST_CODE_SHIFT 8
#define EMU_BLK_ST_CODE(s) (((s) >> EMU_BLK_ST_CODE_SHIFT) & 0xff)

/* error codes (STATUS bits 8..15, ACCESS_ERROR) */
#define EMU_BLK_E_NONE 0
#define EMU_BLK_E_COUNT 1 /* COUNT 0 or above MAX_COUNT */
#define EMU_BLK_E_RANGE 2 /* sectors past the end of the disk */
#define EMU_BLK_E_BUFFER 3 /* DMA buffer not wholly in guest RAM */
#define EMU_BLK_E_COMMAND 4 /* unknown command */
#define EMU_BLK_E_READ_ONLY 5 /* write to a read-only disk */
#define EMU_BLK_E_IO 6 /* the host disk failed the request */
#define EMU_BLK_E_HOST_BUSY 7 /* the host disk's queue is full: retry */
#define EMU_BLK_E_BUSY 8 /* COMMAND while BUSY or DRQ */
#define EMU_BLK_E_ACCESS 9 /* bad width, offset, or read-only register */
#define EMU_BLK_E_DATA 10 /* DATA accessed without DRQ, or wrong way */

#define EMU_BLK_INT_DONE (1u << 0) /* the command ended (see STATUS) */
#define EMU_BLK_INT_DRQ (1u << 1) /* STATUS.DRQ became set */

#define EMU_BLK_CTL_RESET (1u << 0) /* abandon the command, power-on state */

/* IDENTIFY's sector (the rest is zero) */
struct emu_blk_identify {
	uint32_t magic; /* EMU_BLK_MAGIC_VALUE */
	uint32_t version;
	uint64_t capacity; /* sectors */
	uint32_t max_count;
	uint32_t features; /* EMU_BLK_F_* */
	char serial[20]; /* NUL-padded */
};

#endif
