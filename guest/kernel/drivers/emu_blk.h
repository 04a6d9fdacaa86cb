/* SPDX-License-Identifier: MIT */
/* rvh,emu-blk (firmware/include/hw/emu_blk.h): the hypervisor's emulated
 * block controller, every register access a trap. Each controller gives
 * two block devices on the same disk, one per transfer mode: "edN" moves
 * data by DMA (one command per request), "edN-pio" through the 64-bit
 * DATA register (one access per 8 bytes, an interrupt per sector). */
#ifndef GK_EMU_BLK_H
#define GK_EMU_BLK_H

/* Probes every rvh,emu-blk node of the DTB; returns the controllers
 * taken. */
unsigned emu_blk_probe_all(void);

#endif
