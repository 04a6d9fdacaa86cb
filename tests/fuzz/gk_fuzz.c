/* SPDX-License-Identifier: MIT */
/* libFuzzer target for the guest kernel's parsers of untrusted input: the
 * initrd cpio reader (first input byte even) and the ELF loader (odd), the
 * latter with the address-space calls stubbed to check bounds. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fs/cpio.h"
#include "proc/elf.h"
#include "gk_abi.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct {
	uint64_t va, size;
} maps[16];
static int nmaps;

int vm_map_anon(struct vmspace *vs, uint64_t va, uint64_t size, uint64_t perm,
		uint64_t *done)
{
	(void)vs;
	(void)perm;
	(void)done;
	if (nmaps == 16 || (va | size) & 4095 || va < USER_BASE ||
	    va + size > USER_TOP || va + size < va)
		__builtin_trap(); /* the loader must never ask for this */
	for (int i = 0; i < nmaps; i++)
		if (va < maps[i].va + maps[i].size && maps[i].va < va + size)
			return -EEXIST;
	maps[nmaps].va = va;
	maps[nmaps++].size = size;
	return 0;
}

/* reads land here so the compiler keeps them (ASan checks each) */
volatile uint8_t gk_fuzz_sink;

int copy_to_user_force(const struct vmspace *vs, uint64_t dst, const void *src,
		       uint64_t len)
{
	(void)vs;
	for (int i = 0; i < nmaps; i++)
		if (dst >= maps[i].va &&
		    dst + len <= maps[i].va + maps[i].size) {
			/* touch the source: ASan checks it is inside the input */
			for (uint64_t k = 0; k < len; k++)
				gk_fuzz_sink = ((const uint8_t *)src)[k];
			return 0;
		}
	__builtin_trap(); /* copy outside what was mapped */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	if (data[0] & 1) {
		struct vmspace vs = {0};
		uint64_t entry, end;
		nmaps = 0;
		elf_load(&vs, data + 1, size - 1, &entry, &end);
		return 0;
	}
	struct cpio_iter it;
	struct cpio_entry e;
	cpio_iter_init(&it, data + 1, size - 1);
	for (int n = 0; n < 1000 && cpio_next(&it, &e) > 0; n++) {
		gk_fuzz_sink = e.name[strlen(e.name)];
		for (uint64_t k = 0; k < e.size; k++)
			gk_fuzz_sink = e.data[k];
	}
	return 0;
}
