/* SPDX-License-Identifier: MIT */
#ifndef GK_ELF_H
#define GK_ELF_H

#include <stdint.h>

#include "mm/vm.h"

/* The parts of the ELF64 format the loader reads (tests build images). */
struct elf64_ehdr {
	uint8_t ident[16];
	uint16_t type, machine;
	uint32_t version;
	uint64_t entry, phoff, shoff;
	uint32_t flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf64_phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

#define ET_EXEC 2
#define EM_RISCV 243
#define PT_LOAD 1
#define PF_X 1
#define PF_W 2
#define PF_R 4

/* Loads a riscv64 ELF executable image into vs (user pages). The image is
 * untrusted: every header field is checked. Returns 0 with the entry point
 * and the first address past the highest segment, or -ENOEXEC / -ENOMEM. */
int elf_load(struct vmspace *vs, const uint8_t *img, uint64_t size,
	     uint64_t *entry, uint64_t *end);

#endif
