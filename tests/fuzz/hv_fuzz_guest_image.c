// SPDX-License-Identifier: MIT
/* libFuzzer target: hypervisor/guest_image.c. Each input is loaded into two
 * guest RAMs, one at the usual 0x80000000 and one ending just below 2^64, so
 * the end-of-range arithmetic is exercised where it would wrap. The RAM
 * buffers are exactly sized heap blocks: ASan flags any write outside. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "guest_image.h"

#define REQUIRE(c)               \
	do {                     \
		if (!(c))        \
			abort(); \
	} while (0)

#define RAM_SIZE (GUEST_RAW_LOAD_OFFSET + (1ULL << 20))

static void run(const uint8_t *data, size_t size, uint8_t *ram, uint64_t base)
{
	struct guest_image_info info;
	char err[200];
	int ret;

	memset(err, 'E', sizeof(err));
	ret = guest_image_load(data, size, ram, base, RAM_SIZE, &info, err,
			       sizeof(err));
	if (ret) {
		REQUIRE(ret == -1);
		REQUIRE(memchr(err, '\0', sizeof(err)) && err[0]);
		return;
	}
	REQUIRE(info.load_lo >= base && info.load_lo < info.load_hi);
	REQUIRE(info.load_hi - base <= RAM_SIZE);
	REQUIRE(info.entry >= base && info.entry - base < RAM_SIZE);
	REQUIRE(info.is_elf == (size >= 4 && !memcmp(data, "\177ELF", 4)));
	if (!info.is_elf) {
		REQUIRE(info.entry == base + GUEST_RAW_LOAD_OFFSET);
		REQUIRE(info.load_hi - info.load_lo == size);
		REQUIRE(!memcmp(ram + GUEST_RAW_LOAD_OFFSET, data, size));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t *lo, *hi;

	if (!lo) {
		lo = malloc(RAM_SIZE);
		hi = malloc(RAM_SIZE);
		REQUIRE(lo && hi);
	}
	run(data, size, lo, 0x80000000ULL);
	run(data, size, hi, UINT64_MAX - RAM_SIZE - 0xfff);
	return 0;
}
