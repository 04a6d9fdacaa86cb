/* SPDX-License-Identifier: MIT */
#include "proc/elf.h"

#include <string.h>

#include "base/errno.h"

#define ELF_MAX_PHDRS 16

static int elf_check_header(const struct elf64_ehdr *h, uint64_t size)
{
	if (size < sizeof(*h) || memcmp(h->ident, "\177ELF", 4) ||
	    h->ident[4] != 2 /* 64-bit */ || h->ident[5] != 1 /* LE */ ||
	    h->type != ET_EXEC || h->machine != EM_RISCV ||
	    h->phentsize != sizeof(struct elf64_phdr) || h->phnum == 0 ||
	    h->phnum > ELF_MAX_PHDRS || h->phoff > size ||
	    (uint64_t)h->phnum * sizeof(struct elf64_phdr) > size - h->phoff)
		return -ENOEXEC;
	return 0;
}

int elf_load(struct vmspace *vs, const uint8_t *img, uint64_t size,
	     uint64_t *entry, uint64_t *end)
{
	struct elf64_ehdr h;
	uint64_t top = USER_BASE;
	int entry_ok = 0;

	if (!img || size < sizeof(h))
		return -ENOEXEC;
	memcpy(&h, img, sizeof(h));
	if (elf_check_header(&h, size))
		return -ENOEXEC;
	for (unsigned i = 0; i < h.phnum; i++) {
		struct elf64_phdr p;
		memcpy(&p, img + h.phoff + i * sizeof(p), sizeof(p));
		if (p.type != PT_LOAD || p.memsz == 0)
			continue;
		uint64_t start = p.vaddr & ~4095ull;
		uint64_t stop = p.vaddr + p.memsz;
		if (p.filesz > p.memsz || p.offset > size ||
		    p.filesz > size - p.offset || stop < p.vaddr ||
		    p.vaddr < USER_BASE || stop > USER_TOP)
			return -ENOEXEC;
		stop = (stop + 4095) & ~4095ull;
		uint64_t perm = PTE_U | (p.flags & PF_R ? PTE_R : 0) |
				(p.flags & PF_W ? PTE_W | PTE_R : 0) |
				(p.flags & PF_X ? PTE_X : 0);
		/* segments must not share pages (the user linker script
		 * page-aligns them); vm_map refuses overlaps */
		int err = vm_map_anon(vs, start, stop - start, perm, 0);
		if (err)
			return err == -EEXIST ? -ENOEXEC : err;
		if (copy_to_user_force(vs, p.vaddr, img + p.offset, p.filesz))
			return -ENOEXEC;
		if (h.entry >= p.vaddr && h.entry < p.vaddr + p.memsz &&
		    (p.flags & PF_X))
			entry_ok = 1;
		if (stop > top)
			top = stop;
	}
	if (!entry_ok)
		return -ENOEXEC;
	*entry = h.entry;
	*end = top;
	return 0;
}
