/* SPDX-License-Identifier: MIT */
#ifndef GK_ELF_H
#define GK_ELF_H

#include <stdint.h>

#include "vm.h"

/* Loads a riscv64 ELF executable image into vs (user pages). The image is
 * untrusted: every header field is checked. Returns 0 with the entry point
 * and the first address past the highest segment, or -ENOEXEC / -ENOMEM. */
int elf_load(struct vmspace *vs, const uint8_t *img, uint64_t size,
	     uint64_t *entry, uint64_t *end);

#endif
