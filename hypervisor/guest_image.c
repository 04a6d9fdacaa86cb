/* SPDX-License-Identifier: MIT */
/* Guest image loader. The image is untrusted: every header field is read
 * with bounds checks (the image may sit unaligned inside the bundle, so all
 * reads are bytewise), every segment is checked to lie in guest RAM with
 * overflow-safe arithmetic, and nothing is written until the whole image
 * has been checked, so a rejected image leaves guest RAM untouched. */
#include <stdio.h>
#include <string.h>

#include "guest_image.h"
#include "parse_err.h"

/* ELF64 layout (System V gABI), only what we read. */
#define ELF_EHDR_SIZE 64
#define ELF_PHDR_SIZE 56
#define ELFCLASS64 2
#define ELFDATA2LSB 1
#define EV_CURRENT 1
#define ET_EXEC 2
#define EM_RISCV 243
#define PT_LOAD 1
#define PF_X 1
#define ELF_PHNUM_MAX 256 /* real kernels have < 10; bounds the overlap scan */

struct elf_seg {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz;
};

struct img_ctx {
	const uint8_t *img;
	size_t len;
	uint64_t ram_base, ram_size;
	char *err;
	size_t errlen;
};

static uint64_t le_load(const uint8_t *p, int n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

/* Program header i; the caller has checked the table lies in the image. */
static void read_seg(const struct img_ctx *c, uint64_t phoff, unsigned i,
		     struct elf_seg *s)
{
	const uint8_t *p = c->img + phoff + (uint64_t)i * ELF_PHDR_SIZE;

	s->type = (uint32_t)le_load(p + 0, 4);
	s->flags = (uint32_t)le_load(p + 4, 4);
	s->offset = le_load(p + 8, 8);
	s->vaddr = le_load(p + 16, 8);
	s->paddr = le_load(p + 24, 8);
	s->filesz = le_load(p + 32, 8);
	s->memsz = le_load(p + 40, 8);
}

/* [gpa, gpa + n) inside guest RAM, without overflowing. */
static int in_ram(const struct img_ctx *c, uint64_t gpa, uint64_t n)
{
	uint64_t off = gpa - c->ram_base;

	return gpa >= c->ram_base && off <= c->ram_size &&
	       n <= c->ram_size - off;
}

static int check_seg(struct img_ctx *c, unsigned i, const struct elf_seg *s)
{
	if (s->filesz > s->memsz)
		return fail(c,
			    "guest image: ELF segment %u has p_filesz 0x%llx > "
			    "p_memsz 0x%llx; the ELF file is corrupt",
			    i, (unsigned long long)s->filesz,
			    (unsigned long long)s->memsz);
	if (!s->memsz) /* loads nothing: where it points does not matter */
		return 0;
	if (s->offset > c->len || s->filesz > c->len - s->offset)
		return fail(c,
			    "guest image: ELF segment %u (file offset 0x%llx, "
			    "0x%llx bytes) runs past the end of the %zu-byte "
			    "image; "
			    "the file is truncated",
			    i, (unsigned long long)s->offset,
			    (unsigned long long)s->filesz, c->len);
	if (!in_ram(c, s->paddr, s->memsz))
		return fail(
			c,
			"guest image: ELF segment %u [0x%llx, +0x%llx) is "
			"outside "
			"guest RAM [0x%llx, +0x%llx); relink the guest or give "
			"it more memory",
			i, (unsigned long long)s->paddr,
			(unsigned long long)s->memsz,
			(unsigned long long)c->ram_base,
			(unsigned long long)c->ram_size);
	return 0;
}

static int overlaps(const struct elf_seg *a, const struct elf_seg *b)
{
	/* Both lie in RAM, so the ends cannot overflow. */
	return a->paddr < b->paddr + b->memsz && b->paddr < a->paddr + a->memsz;
}

static int is_loaded(const struct elf_seg *s)
{
	return s->type == PT_LOAD && s->memsz > 0;
}

/* The entry GPA. e_entry is a virtual address (p_vaddr) for kernels linked
 * to run high, as Linux's vmlinux is: translate it through the executable
 * segment that holds it. */
static int find_entry(struct img_ctx *c, uint64_t phoff, unsigned phnum,
		      uint64_t entry, uint64_t *gpa)
{
	struct elf_seg s;

	for (unsigned i = 0; i < phnum; i++) {
		read_seg(c, phoff, i, &s);
		if (!is_loaded(&s) || !(s.flags & PF_X))
			continue;
		if (entry >= s.vaddr && entry - s.vaddr < s.memsz) {
			*gpa = s.paddr + (entry - s.vaddr);
			return 0;
		}
		if (entry >= s.paddr && entry - s.paddr < s.memsz) {
			*gpa = entry;
			return 0;
		}
	}
	if (in_ram(c, entry, 1)) { /* e.g. no segment marked executable */
		*gpa = entry;
		return 0;
	}
	return fail(
		c,
		"guest image: ELF entry point 0x%llx is in no executable "
		"segment and outside guest RAM; check the guest's link address",
		(unsigned long long)entry);
}

static int check_ehdr(struct img_ctx *c, uint64_t *phoff, unsigned *phnum)
{
	const uint8_t *e = c->img;
	unsigned type, machine, phentsize;

	if (c->len < ELF_EHDR_SIZE)
		return fail(c,
			    "guest image: truncated ELF header (%zu bytes, "
			    "need %d)",
			    c->len, ELF_EHDR_SIZE);
	if (e[4] != ELFCLASS64)
		return fail(c,
			    "guest image: ELF class %u is not ELF64; build the "
			    "guest "
			    "for rv64",
			    e[4]);
	if (e[5] != ELFDATA2LSB)
		return fail(c,
			    "guest image: ELF data encoding %u is not "
			    "little-endian",
			    e[5]);
	if (e[6] != EV_CURRENT)
		return fail(c, "guest image: unknown ELF version %u", e[6]);
	type = (unsigned)le_load(e + 16, 2);
	machine = (unsigned)le_load(e + 18, 2);
	phentsize = (unsigned)le_load(e + 54, 2);
	*phoff = le_load(e + 32, 8);
	*phnum = (unsigned)le_load(e + 56, 2);
	if (machine != EM_RISCV)
		return fail(c, "guest image: ELF machine %u is not RISC-V (%d)",
			    machine, EM_RISCV);
	if (type != ET_EXEC)
		return fail(
			c,
			"guest image: ELF type %u is not an executable "
			"(ET_EXEC); "
			"link the guest statically, not as PIE, or pass a raw "
			"binary",
			type);
	if (phentsize != ELF_PHDR_SIZE)
		return fail(
			c,
			"guest image: ELF program header size %u, expected %d",
			phentsize, ELF_PHDR_SIZE);
	if (*phnum == 0)
		return fail(
			c,
			"guest image: ELF has no program headers; nothing to "
			"load");
	if (*phnum > ELF_PHNUM_MAX)
		return fail(
			c,
			"guest image: ELF has %u program headers, more than %d",
			*phnum, ELF_PHNUM_MAX);
	if (*phoff > c->len ||
	    (uint64_t)*phnum * ELF_PHDR_SIZE > c->len - *phoff)
		return fail(
			c,
			"guest image: ELF program headers (offset 0x%llx, %u "
			"entries) run past the end of the %zu-byte image; the "
			"file is truncated",
			(unsigned long long)*phoff, *phnum, c->len);
	return 0;
}

static int load_elf(struct img_ctx *c, uint8_t *ram,
		    struct guest_image_info *info)
{
	struct elf_seg s, t;
	uint64_t phoff, lo = UINT64_MAX, hi = 0, entry;
	unsigned phnum, nload = 0;

	if (check_ehdr(c, &phoff, &phnum))
		return -1;
	for (unsigned i = 0; i < phnum; i++) {
		read_seg(c, phoff, i, &s);
		if (s.type != PT_LOAD)
			continue;
		if (check_seg(c, i, &s))
			return -1;
		if (!s.memsz)
			continue;
		for (unsigned j = 0; j < i; j++) {
			read_seg(c, phoff, j, &t);
			if (is_loaded(&t) && overlaps(&s, &t))
				return fail(
					c,
					"guest image: ELF segments %u and %u "
					"overlap in guest memory; the file is "
					"corrupt",
					j, i);
		}
		if (s.paddr < lo)
			lo = s.paddr;
		if (s.paddr + s.memsz > hi)
			hi = s.paddr + s.memsz;
		nload++;
	}
	if (!nload)
		return fail(c, "guest image: ELF has no loadable segment");
	if (find_entry(c, phoff, phnum, le_load(c->img + 24, 8), &entry))
		return -1;

	/* Everything checked: now write guest RAM. memmove because nothing
	 * stops the caller's image buffer from aliasing guest RAM. */
	for (unsigned i = 0; i < phnum; i++) {
		uint8_t *dst;

		read_seg(c, phoff, i, &s);
		if (!is_loaded(&s))
			continue;
		dst = ram + (s.paddr - c->ram_base);
		memmove(dst, c->img + s.offset, (size_t)s.filesz);
		memset(dst + s.filesz, 0, (size_t)(s.memsz - s.filesz));
	}
	info->entry = entry;
	info->load_lo = lo;
	info->load_hi = hi;
	info->is_elf = 1;
	return 0;
}

static int load_raw(struct img_ctx *c, uint8_t *ram,
		    struct guest_image_info *info)
{
	if (c->ram_size < GUEST_RAW_LOAD_OFFSET ||
	    c->len > c->ram_size - GUEST_RAW_LOAD_OFFSET)
		return fail(
			c,
			"guest image: raw image of %zu bytes does not fit in "
			"guest RAM (%llu KiB, loaded at +2 MiB); give the "
			"guest "
			"more memory",
			c->len, (unsigned long long)(c->ram_size >> 10));
	memmove(ram + GUEST_RAW_LOAD_OFFSET, c->img, c->len);
	info->entry = c->ram_base + GUEST_RAW_LOAD_OFFSET;
	info->load_lo = info->entry;
	info->load_hi = info->entry + c->len;
	info->is_elf = 0;
	return 0;
}

int guest_image_load(const void *img, size_t len, uint8_t *ram,
		     uint64_t ram_base, uint64_t ram_size,
		     struct guest_image_info *info, char *err, size_t errlen)
{
	struct img_ctx ctx = {img, len, ram_base, ram_size, err, errlen};
	struct img_ctx *c = &ctx;

	if (err && errlen)
		err[0] = '\0';
	if (!info)
		return fail(c, "guest image: no info to fill");
	memset(info, 0, sizeof(*info));
	if (!img || len == 0)
		return fail(
			c,
			"guest image: the image is empty; give a kernel image");
	/* The end of RAM must be representable: all end checks rely on it. */
	if (!ram || ram_size == 0 || ram_size > UINT64_MAX - ram_base)
		return fail(c, "guest image: bad guest RAM [0x%llx, +0x%llx)",
			    (unsigned long long)ram_base,
			    (unsigned long long)ram_size);
	if (len >= 4 && !memcmp(img, "\177ELF", 4))
		return load_elf(c, ram, info);
	return load_raw(c, ram, info);
}
