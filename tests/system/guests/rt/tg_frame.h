/* SPDX-License-Identifier: MIT */
/* Layout shared by crt0.S and C: the trap frame and the boot-state record. */
#ifndef TG_FRAME_H
#define TG_FRAME_H

#define TG_FRAME_SEPC (32 * 8)
#define TG_FRAME_SSTATUS (33 * 8)
#define TG_FRAME_SCAUSE (34 * 8)
#define TG_FRAME_STVAL (35 * 8)
#define TG_FRAME_SIZE (36 * 8)

/* tg_boot_state[]: x0..x31 at entry, then these CSRs and the entry pc */
#define TG_BOOT_SATP 32
#define TG_BOOT_SSTATUS 33
#define TG_BOOT_SIE 34
#define TG_BOOT_SIP 35
#define TG_BOOT_PC 36
#define TG_BOOT_NR 37

#ifndef __ASSEMBLER__
struct tg_frame {
	unsigned long x[32];
	unsigned long sepc, sstatus, scause, stval;
};
_Static_assert(sizeof(struct tg_frame) == TG_FRAME_SIZE, "frame layout");
#endif

#endif
