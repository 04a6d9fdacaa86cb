/* SPDX-License-Identifier: MIT */
/* Host unit tests (cmocka) for the ELF loader, which parses untrusted
 * input (any user can write a file and spawn it). The address-space calls
 * are stubbed: they record what the loader maps and copies and check that
 * every copy stays inside what was mapped. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "proc/elf.h"
#include "gk_abi.h"

#define MAXMAP 16
static struct {
	uint64_t va, size, perm;
} maps[MAXMAP];
static int nmaps;
static uint64_t copied;

int vm_map_anon(struct vmspace *vs, uint64_t va, uint64_t size, uint64_t perm,
		uint64_t *done)
{
	(void)vs;
	(void)done;
	for (int i = 0; i < nmaps; i++)
		if (va < maps[i].va + maps[i].size && maps[i].va < va + size)
			return -EEXIST;
	if (nmaps == MAXMAP || (va | size) & 4095)
		return -EINVAL;
	maps[nmaps].va = va;
	maps[nmaps].size = size;
	maps[nmaps++].perm = perm;
	return 0;
}

int copy_to_user_force(const struct vmspace *vs, uint64_t dst, const void *src,
		       uint64_t len)
{
	(void)vs;
	(void)src;
	for (int i = 0; i < nmaps; i++)
		if (dst >= maps[i].va &&
		    dst + len <= maps[i].va + maps[i].size) {
			copied += len;
			return 0;
		}
	return len ? -EFAULT : 0;
}

struct img {
	struct elf64_ehdr eh;
	struct elf64_phdr ph[2];
	uint8_t text[64];
};

static void good(struct img *m)
{
	memset(m, 0, sizeof(*m));
	memcpy(m->eh.ident, "\177ELF\2\1\1", 7);
	m->eh.type = ET_EXEC;
	m->eh.machine = EM_RISCV;
	m->eh.version = 1;
	m->eh.entry = USER_BASE + 0x10;
	m->eh.phoff = offsetof(struct img, ph);
	m->eh.phentsize = sizeof(m->ph[0]);
	m->eh.phnum = 2;
	m->ph[0].type = 1; /* text: R+X */
	m->ph[0].flags = 5;
	m->ph[0].offset = offsetof(struct img, text);
	m->ph[0].vaddr = USER_BASE;
	m->ph[0].filesz = sizeof(m->text);
	m->ph[0].memsz = sizeof(m->text);
	m->ph[1].type = 1; /* data+bss: R+W */
	m->ph[1].flags = 6;
	m->ph[1].offset = offsetof(struct img, text);
	m->ph[1].vaddr = USER_BASE + 0x1000;
	m->ph[1].filesz = 16;
	m->ph[1].memsz = 0x2000;
}

static int load(struct img *m, uint64_t size, uint64_t *entry, uint64_t *end)
{
	struct vmspace vs = {0};

	nmaps = 0;
	copied = 0;
	return elf_load(&vs, (const uint8_t *)m, size, entry, end);
}

static void elf_good(void **state)
{
	struct img m;
	uint64_t entry, end;

	(void)state;
	good(&m);
	assert_int_equal(load(&m, sizeof(m), &entry, &end), 0);
	assert_int_equal(entry, USER_BASE + 0x10);
	assert_int_equal(end, USER_BASE + 0x3000);
	assert_int_equal(nmaps, 2);
	assert_true(maps[0].perm & PTE_X);
	assert_false(maps[0].perm & PTE_W);
	assert_true(maps[1].perm & PTE_W);
	assert_true(maps[0].perm & PTE_U);
	assert_int_equal(copied, 64 + 16);
}

/* each corruption alone must be refused */
static void elf_bad(void **state)
{
	struct img m;
	uint64_t entry, end;

	(void)state;
	for (int k = 0; k < 14; k++) {
		uint64_t size = sizeof(m);
		good(&m);
		switch (k) {
		case 0:
			m.eh.ident[1] = 'X';
			break;
		case 1:
			m.eh.ident[4] = 1;
			break; /* 32-bit */
		case 2:
			m.eh.machine = 62;
			break; /* x86-64 */
		case 3:
			m.eh.type = 3;
			break; /* shared object */
		case 4:
			m.eh.phoff = 1u << 30;
			break;
		case 5:
			m.eh.phnum = 1000;
			break;
		case 6:
			m.ph[0].filesz = 1u << 20;
			break; /* past the file */
		case 7:
			m.ph[0].offset = ~0ull - 8;
			break;
		case 8:
			m.ph[1].vaddr = 0x80200000;
			break; /* kernel */
		case 9:
			m.ph[1].vaddr = USER_TOP - 0x1000;
			break; /* past top */
		case 10:
			m.ph[1].memsz = ~0ull - USER_BASE;
			break; /* wraps */
		case 11:
			m.ph[1].vaddr = USER_BASE;
			break; /* overlaps text */
		case 12:
			m.eh.entry = USER_BASE + 0x1010;
			break; /* not X */
		case 13:
			size = 40;
			break; /* truncated header */
		}
		assert_int_equal(load(&m, size, &entry, &end), -ENOEXEC);
	}
}

/* every truncation of a good image is refused or loads within bounds */
static void elf_truncated(void **state)
{
	struct img m;
	uint64_t entry, end;

	(void)state;
	good(&m);
	for (uint64_t size = 0; size < sizeof(m); size++)
		assert_int_equal(load(&m, size, &entry, &end), -ENOEXEC);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(elf_good),
		cmocka_unit_test(elf_bad),
		cmocka_unit_test(elf_truncated),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
