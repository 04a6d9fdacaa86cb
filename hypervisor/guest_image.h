/* SPDX-License-Identifier: MIT */
/* Loads a guest image (ELF64 RISC-V, or a raw binary) into guest RAM. */
#ifndef GUEST_IMAGE_H
#define GUEST_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#define GUEST_RAW_LOAD_OFFSET 0x200000ULL /* raw images load at RAM + 2 MiB */

struct guest_image_info {
	uint64_t entry; /* GPA the vCPU starts at */
	uint64_t load_lo; /* lowest GPA written */
	uint64_t load_hi; /* one past the highest GPA written (incl. bss) */
	int is_elf;
};

/* ram points at the host copy of guest RAM [ram_base, ram_base + ram_size).
 * Every segment is checked to lie in it. Returns 0, or -1 with err set. */
int guest_image_load(const void *img, size_t len, uint8_t *ram,
		     uint64_t ram_base, uint64_t ram_size,
		     struct guest_image_info *info, char *err, size_t errlen);

#endif
