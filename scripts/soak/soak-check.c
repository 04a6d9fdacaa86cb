// SPDX-License-Identifier: MIT
/* Checks a soak disk image after QEMU has exited:
 *   soak-check IMAGE TAG BLOCKS STRIDE WRITES
 * (the guest's "soak: end" line gives TAG, BLOCKS, STRIDE and WRITES).
 * Every block must hold the last of the WRITES writes that went to it
 * (soak_block.h: header, sequence number, checksum), or be all zero when
 * none did. A block holding an older write is a lost write. Prints one
 * summary line; exit status 0 only when nothing is lost or wrong. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "soak_block.h"

static int all_zero(const unsigned char *b)
{
	for (unsigned i = 0; i < SOAK_BLOCK; i++)
		if (b[i])
			return 0;
	return 1;
}

static int arg_u64(const char *s, uint64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 0);
	return errno || !*s || *end;
}

int main(int argc, char **argv)
{
	uint64_t blocks, stride, writes, written = 0, verified = 0;
	uint64_t lost = 0, corrupt = 0, empty = 0, *first;
	unsigned char b[SOAK_BLOCK];
	FILE *f;

	if (argc != 6 || !argv[2][0] || arg_u64(argv[3], &blocks) ||
	    arg_u64(argv[4], &stride) || arg_u64(argv[5], &writes) || !blocks ||
	    (blocks & (blocks - 1)) || !(stride & 1)) {
		fprintf(stderr, "usage: soak-check IMAGE TAG BLOCKS STRIDE "
				"WRITES (BLOCKS a power of two, STRIDE odd)\n");
		return 2;
	}
	f = fopen(argv[1], "rb");
	first = calloc(blocks, sizeof(*first));
	if (!f || !first) {
		fprintf(stderr, "soak-check: %s: %s\n", argv[1],
			strerror(errno));
		return 2;
	}
	/* the first write of each block; the last is that plus laps */
	for (uint64_t k = 0; k < blocks; k++)
		first[soak_block_of(k, stride, blocks)] = k;
	for (uint64_t blk = 0; blk < blocks; blk++) {
		uint64_t k0 = first[blk];
		int bad;

		if (fread(b, 1, SOAK_BLOCK, f) != SOAK_BLOCK) {
			fprintf(stderr,
				"soak-check: %s: short at block %llu of %llu "
				"(the image is smaller than the guest said)\n",
				argv[1], (unsigned long long)blk,
				(unsigned long long)blocks);
			return 2;
		}
		if (k0 >= writes) {
			empty += all_zero(b);
			if (!all_zero(b)) {
				corrupt++;
				fprintf(stderr,
					"soak-check: block %llu: never written "
					"but not empty\n",
					(unsigned long long)blk);
			}
			continue;
		}
		written++;
		uint64_t k = k0 + (writes - 1 - k0) / blocks * blocks;
		bad = soak_check(b, (uint32_t)argv[2][0], blk, k);
		if (!bad) {
			verified++;
			continue;
		}
		if (bad == 4 || all_zero(b))
			lost++;
		else
			corrupt++;
		if (lost + corrupt <= 20)
			fprintf(stderr,
				"soak-check: block %llu: want write %llu, %s "
				"(seq %llu)\n",
				(unsigned long long)blk, (unsigned long long)k,
				all_zero(b) ? "empty: lost"
				: bad == 4  ? "holds another write: lost"
				: bad == 3  ? "checksum wrong"
				: bad == 2  ? "holds another block's data"
					    : "no soak header of this guest",
				(unsigned long long)((struct soak_hdr *)b)
					->seq);
	}
	fclose(f);
	printf("soak-check: %s: %llu blocks, %llu written, %llu verified, "
	       "%llu lost writes, %llu corrupt, %llu never written (empty)\n",
	       argv[1], (unsigned long long)blocks, (unsigned long long)written,
	       (unsigned long long)verified, (unsigned long long)lost,
	       (unsigned long long)corrupt, (unsigned long long)empty);
	free(first);
	return lost || corrupt ? 1 : 0;
}
