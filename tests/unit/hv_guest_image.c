// SPDX-License-Identifier: MIT
/* Unit tests for hypervisor/guest_image.c. ELF images are assembled here
 * field by field (little-endian, ELF64 gABI layout) so each test can break
 * exactly one thing. Guest RAM is a heap buffer pre-filled with a pattern:
 * a rejected image must leave it untouched. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "guest_image.h"

#define RAM_BASE 0x80000000ULL
#define RAM_SIZE (4ULL << 20)
#define FILL 0xaa
#define IMG_MAX 8192

struct tseg {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz;
};

struct telf {
	uint8_t class_, data, version;
	uint16_t type, machine, phentsize, phnum;
	uint64_t entry, phoff;
	struct tseg seg[4];
};

struct fixture {
	uint8_t *ram;
	uint8_t img[IMG_MAX];
	struct guest_image_info info;
	char err[256];
};

static void put(uint8_t *p, uint64_t v, int n)
{
	for (int i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* Text at 0x80200000 (executable), data+bss at 0x80300000. */
static struct telf good_elf(void)
{
	struct telf e = {
		.class_ = 2,
		.data = 1,
		.version = 1,
		.type = 2,
		.machine = 243,
		.phentsize = 56,
		.phnum = 2,
		.entry = 0x80200008ULL,
		.phoff = 64,
		.seg =
			{
				{1, 5, 0x200, 0x80200000ULL, 0x80200000ULL, 32,
				 32},
				{1, 6, 0x220, 0x80300000ULL, 0x80300000ULL, 16,
				 0x1000},
			},
	};
	return e;
}

/* Serialize; segment file bytes are offset-derived so copies can be checked. */
static size_t build_elf(uint8_t *img, const struct telf *e)
{
	memset(img, 0, IMG_MAX);
	memcpy(img, "\177ELF", 4);
	img[4] = e->class_;
	img[5] = e->data;
	img[6] = e->version;
	put(img + 16, e->type, 2);
	put(img + 18, e->machine, 2);
	put(img + 20, 1, 4);
	put(img + 24, e->entry, 8);
	put(img + 32, e->phoff, 8);
	put(img + 52, 64, 2);
	put(img + 54, e->phentsize, 2);
	put(img + 56, e->phnum, 2);
	for (unsigned i = 0; i < e->phnum && i < 4; i++) {
		uint8_t *p = img + e->phoff + 56 * i;

		put(p + 0, e->seg[i].type, 4);
		put(p + 4, e->seg[i].flags, 4);
		put(p + 8, e->seg[i].offset, 8);
		put(p + 16, e->seg[i].vaddr, 8);
		put(p + 24, e->seg[i].paddr, 8);
		put(p + 32, e->seg[i].filesz, 8);
		put(p + 40, e->seg[i].memsz, 8);
		put(p + 48, 0x1000, 8);
	}
	for (size_t i = 0x200; i < 0x400; i++)
		img[i] = (uint8_t)(i * 7 + 1);
	return 0x400;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	f->ram = malloc(RAM_SIZE);
	*state = f;
	return f->ram ? 0 : -1;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	free(f->ram);
	free(f);
	return 0;
}

static int reset(void **state)
{
	struct fixture *f = *state;

	memset(f->ram, FILL, RAM_SIZE);
	memset(f->err, 0, sizeof(f->err));
	return 0;
}

static int load(struct fixture *f, size_t len)
{
	return guest_image_load(f->img, len, f->ram, RAM_BASE, RAM_SIZE,
				&f->info, f->err, sizeof(f->err));
}

static void assert_ram_untouched(const struct fixture *f)
{
	for (size_t i = 0; i < RAM_SIZE; i++)
		if (f->ram[i] != FILL)
			fail_msg("RAM byte 0x%zx written by a rejected image",
				 i);
}

/* Build e, expect rejection mentioning needle, and an untouched RAM. */
static void expect_reject(struct fixture *f, const struct telf *e, size_t len,
			  const char *needle)
{
	size_t full = build_elf(f->img, e);

	if (load(f, len ? len : full) != -1)
		fail_msg("accepted; expected an error with '%s'", needle);
	if (!strstr(f->err, needle))
		fail_msg("error '%s' lacks '%s'", f->err, needle);
	assert_ram_untouched(f);
}

static void test_elf_happy(void **state)
{
	struct fixture *f = *state;
	struct telf e = good_elf();
	size_t len = build_elf(f->img, &e);
	uint8_t *text = f->ram + 0x200000, *data = f->ram + 0x300000;

	assert_int_equal(load(f, len), 0);
	assert_int_equal(f->info.is_elf, 1);
	assert_int_equal(f->info.entry, 0x80200008ULL);
	assert_int_equal(f->info.load_lo, 0x80200000ULL);
	assert_int_equal(f->info.load_hi, 0x80301000ULL);
	assert_memory_equal(text, f->img + 0x200, 32);
	assert_memory_equal(data, f->img + 0x220, 16);
	for (size_t i = 16; i < 0x1000; i++) /* bss zeroed */
		assert_int_equal(data[i], 0);
	assert_int_equal(data[0x1000], FILL); /* nothing past memsz */
	assert_int_equal(text[32], FILL);
	assert_int_equal(f->ram[0x1fffff], FILL);
}

/* A kernel linked high (vaddr != paddr, e_entry virtual, like vmlinux). */
static void test_elf_virtual_entry(void **state)
{
	struct fixture *f = *state;
	struct telf e = good_elf();

	e.seg[0].vaddr = 0xffffffff80000000ULL;
	e.seg[1].vaddr = 0xffffffff80100000ULL;
	e.entry = 0xffffffff80000010ULL;
	assert_int_equal(load(f, build_elf(f->img, &e)), 0);
	assert_int_equal(f->info.entry, 0x80200010ULL);

	/* e_entry given as a physical address works too */
	e.entry = 0x80200004ULL;
	assert_int_equal(load(f, build_elf(f->img, &e)), 0);
	assert_int_equal(f->info.entry, 0x80200004ULL);
}

static void test_elf_entry(void **state)
{
	struct fixture *f = *state;
	struct telf e = good_elf();

	/* in RAM but not in an executable segment: accepted */
	e.entry = 0x80300000ULL;
	assert_int_equal(load(f, build_elf(f->img, &e)), 0);
	assert_int_equal(f->info.entry, 0x80300000ULL);
	reset(state);
	/* nowhere */
	e.entry = 0x1000;
	expect_reject(f, &e, 0, "entry point 0x1000");
	e.entry = RAM_BASE + RAM_SIZE;
	expect_reject(f, &e, 0, "entry point");
}

static void test_elf_segment_outside_ram(void **state)
{
	struct fixture *f = *state;
	struct telf e = good_elf();

	e.seg[1].paddr = RAM_BASE - 0x1000; /* below RAM */
	expect_reject(f, &e, 0, "segment 1");
	e = good_elf();
	e.seg[1].paddr = RAM_BASE + RAM_SIZE - 0x800; /* runs off the end */
	expect_reject(f, &e, 0, "outside guest RAM");
	e = good_elf();
	e.seg[1].paddr = RAM_BASE + RAM_SIZE; /* starts at the end */
	expect_reject(f, &e, 0, "outside guest RAM");
	e = good_elf();
	e.seg[1].paddr = RAM_BASE + RAM_SIZE - 0x1000; /* ends at the end: ok */
	assert_int_equal(load(f, build_elf(f->img, &e)), 0);
	assert_int_equal(f->info.load_hi, RAM_BASE + RAM_SIZE);
}

static void test_elf_overflow(void **state)
{
	struct fixture *f = *state;
	struct telf e = good_elf();

	/* p_paddr + p_memsz wraps around to inside RAM */
	e.seg[1].paddr = 0xfffffffffffff000ULL;
	e.seg[1].memsz = RAM_BASE + 0x2000 + 0x1000;
	expect_reject(f, &e, 0, "outside guest RAM");
	e = good_elf();
	e.seg[1].memsz = UINT64_MAX; /* in RAM, absurd size */
	expect_reject(f, &e, 0, "outside guest RAM");
	e = good_elf();
	e.seg[1].offset = UINT64_MAX - 4; /* p_offset + p_filesz wraps */
	expect_reject(f, &e, 0, "past the end");
	e = good_elf();
	e.phoff = UINT64_MAX - 8; /* program header table offset wraps */
	e.phnum = 1;
	{
		/* build_elf cannot write there: lay out by hand */
		size_t len = build_elf(f->img, &(struct telf){.class_ = 2,
							      .data = 1,
							      .version = 1,
							      .type = 2,
							      .machine = 243,
							      .phentsize = 56,
							      .phnum = 0,
							      .phoff = 64});

		put(f->img + 32, e.phoff, 8);
		put(f->img + 56, 1, 2);
		assert_int_equal(load(f, len), -1);
		assert_non_null(strstr(f->err, "program headers"));
		assert_ram_untouched(f);
	}
}

static void test_elf_bad_sizes(void **state)
{
	struct fixture *f = *state;
	struct telf e = good_elf();
	size_t len;

	e.seg[1].filesz = 0x2000; /* > memsz */
	expect_reject(f, &e, 0, "p_filesz 0x2000 > p_memsz 0x1000");
	e = good_elf();
	e.seg[1].offset = 0x3f8; /* file bytes past the end of the image */
	expect_reject(f, &e, 0x400, "past the end");
	e = good_elf();
	len = build_elf(f->img, &e);
	expect_reject(f, &e, 63, "truncated ELF header");
	expect_reject(f, &e, 4, "truncated ELF header");
	/* header whole, program headers cut */
	expect_reject(f, &e, 64 + 56 + 20, "program headers");
	(void)len;
}

static void test_elf_header_fields(void **state)
{
	struct fixture *f = *state;
	struct telf e;

	e = good_elf();
	e.class_ = 1;
	expect_reject(f, &e, 0, "not ELF64");
	e = good_elf();
	e.data = 2;
	expect_reject(f, &e, 0, "little-endian");
	e = good_elf();
	e.version = 0;
	expect_reject(f, &e, 0, "ELF version");
	e = good_elf();
	e.machine = 62; /* x86-64 */
	expect_reject(f, &e, 0, "machine 62 is not RISC-V");
	e = good_elf();
	e.type = 3; /* ET_DYN */
	expect_reject(f, &e, 0, "not an executable");
	e = good_elf();
	e.phentsize = 32;
	expect_reject(f, &e, 0, "program header size");
	e = good_elf();
	e.phnum = 0;
	expect_reject(f, &e, 0, "no program headers");
	e = good_elf();
	e.phnum = 300;
	expect_reject(f, &e, 0, "300 program headers");
}

static void test_elf_segments(void **state)
{
	struct fixture *f = *state;
	struct telf e;

	e = good_elf();
	e.seg[0].type = 4; /* PT_NOTE */
	e.seg[1].type = 4;
	expect_reject(f, &e, 0, "no loadable segment");
	e = good_elf();
	e.seg[1].paddr = 0x80200010ULL; /* overlaps the text */
	expect_reject(f, &e, 0, "overlap");
	/* non-PT_LOAD headers are ignored even if they point anywhere */
	e = good_elf();
	e.phnum = 3;
	e.seg[2] = (struct tseg){4, 0, UINT64_MAX, 0, 0, UINT64_MAX, 1};
	assert_int_equal(load(f, build_elf(f->img, &e)), 0);
	reset(state);
	/* a PT_LOAD with memsz 0 loads nothing */
	e.seg[2] = (struct tseg){1, 0, 0, 0, 0, 0, 0};
	assert_int_equal(load(f, build_elf(f->img, &e)), 0);
	assert_int_equal(f->info.load_lo, 0x80200000ULL);
	/* a later bad segment leaves RAM untouched although the first was ok */
	reset(state);
	e = good_elf();
	e.seg[1].paddr = 0x1000;
	expect_reject(f, &e, 0, "segment 1");
}

static void test_raw(void **state)
{
	struct fixture *f = *state;
	uint8_t *big;
	size_t fit = RAM_SIZE - GUEST_RAW_LOAD_OFFSET;

	memcpy(f->img, "\x13\x05\x10\x00raw!", 8);
	assert_int_equal(load(f, 8), 0);
	assert_int_equal(f->info.is_elf, 0);
	assert_int_equal(f->info.entry, RAM_BASE + GUEST_RAW_LOAD_OFFSET);
	assert_int_equal(f->info.load_lo, RAM_BASE + GUEST_RAW_LOAD_OFFSET);
	assert_int_equal(f->info.load_hi, RAM_BASE + GUEST_RAW_LOAD_OFFSET + 8);
	assert_memory_equal(f->ram + GUEST_RAW_LOAD_OFFSET, f->img, 8);
	assert_int_equal(f->ram[GUEST_RAW_LOAD_OFFSET - 1], FILL);
	assert_int_equal(f->ram[GUEST_RAW_LOAD_OFFSET + 8], FILL);

	/* three bytes of ELF magic are not ELF */
	reset(state);
	assert_int_equal(guest_image_load("\177EL", 3, f->ram, RAM_BASE,
					  RAM_SIZE, &f->info, f->err,
					  sizeof(f->err)),
			 0);
	assert_int_equal(f->info.is_elf, 0);

	/* exactly fills RAM, then one byte too many */
	big = malloc(fit + 1);
	assert_non_null(big);
	memset(big, 0x5c, fit + 1);
	reset(state);
	assert_int_equal(guest_image_load(big, fit, f->ram, RAM_BASE, RAM_SIZE,
					  &f->info, f->err, sizeof(f->err)),
			 0);
	assert_int_equal(f->info.load_hi, RAM_BASE + RAM_SIZE);
	assert_int_equal(f->ram[RAM_SIZE - 1], 0x5c);
	reset(state);
	assert_int_equal(guest_image_load(big, fit + 1, f->ram, RAM_BASE,
					  RAM_SIZE, &f->info, f->err,
					  sizeof(f->err)),
			 -1);
	assert_non_null(strstr(f->err, "does not fit"));
	assert_ram_untouched(f);
	free(big);

	/* RAM smaller than the load offset */
	assert_int_equal(guest_image_load("x", 1, f->ram, RAM_BASE,
					  GUEST_RAW_LOAD_OFFSET, &f->info,
					  f->err, sizeof(f->err)),
			 -1);
	assert_non_null(strstr(f->err, "does not fit"));
}

static void test_bad_args(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(guest_image_load(f->img, 0, f->ram, RAM_BASE, RAM_SIZE,
					  &f->info, f->err, sizeof(f->err)),
			 -1);
	assert_non_null(strstr(f->err, "empty"));
	assert_int_equal(guest_image_load(NULL, 10, f->ram, RAM_BASE, RAM_SIZE,
					  &f->info, f->err, sizeof(f->err)),
			 -1);
	assert_int_equal(guest_image_load(f->img, 10, NULL, RAM_BASE, RAM_SIZE,
					  &f->info, f->err, sizeof(f->err)),
			 -1);
	assert_non_null(strstr(f->err, "bad guest RAM"));
	assert_int_equal(guest_image_load(f->img, 10, f->ram, RAM_BASE, 0,
					  &f->info, f->err, sizeof(f->err)),
			 -1);
	/* RAM whose end is not representable */
	assert_int_equal(guest_image_load(f->img, 10, f->ram,
					  UINT64_MAX - RAM_SIZE + 1, RAM_SIZE,
					  &f->info, f->err, sizeof(f->err)),
			 -1);
	assert_int_equal(guest_image_load(f->img, 10, f->ram, RAM_BASE,
					  RAM_SIZE, NULL, f->err,
					  sizeof(f->err)),
			 -1);
	/* NULL err is allowed */
	assert_int_equal(guest_image_load(f->img, 0, f->ram, RAM_BASE, RAM_SIZE,
					  &f->info, NULL, 0),
			 -1);
	assert_ram_untouched(f);
}

/* RAM high in the address space: the end checks must not wrap. */
static void test_high_ram(void **state)
{
	struct fixture *f = *state;
	const uint64_t base = 0xffffffff00000000ULL;
	struct telf e = good_elf();
	size_t len;

	e.seg[0].paddr = e.seg[0].vaddr = base + 0x200000;
	e.seg[1].paddr = e.seg[1].vaddr = base + 0x300000;
	e.entry = base + 0x200000;
	len = build_elf(f->img, &e);
	assert_int_equal(guest_image_load(f->img, len, f->ram, base, RAM_SIZE,
					  &f->info, f->err, sizeof(f->err)),
			 0);
	assert_int_equal(f->info.load_hi, base + 0x301000);
	reset(state);
	e.seg[1].memsz = UINT64_MAX - (base + 0x300000) + 0x10; /* wraps */
	len = build_elf(f->img, &e);
	assert_int_equal(guest_image_load(f->img, len, f->ram, base, RAM_SIZE,
					  &f->info, f->err, sizeof(f->err)),
			 -1);
	assert_ram_untouched(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_elf_happy, reset),
		cmocka_unit_test_setup(test_elf_virtual_entry, reset),
		cmocka_unit_test_setup(test_elf_entry, reset),
		cmocka_unit_test_setup(test_elf_segment_outside_ram, reset),
		cmocka_unit_test_setup(test_elf_overflow, reset),
		cmocka_unit_test_setup(test_elf_bad_sizes, reset),
		cmocka_unit_test_setup(test_elf_header_fields, reset),
		cmocka_unit_test_setup(test_elf_segments, reset),
		cmocka_unit_test_setup(test_raw, reset),
		cmocka_unit_test_setup(test_bad_args, reset),
		cmocka_unit_test_setup(test_high_ram, reset),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP); /* prove reads TAP */
	return cmocka_run_group_tests_name("hv_guest_image", tests, setup,
					   teardown);
}
