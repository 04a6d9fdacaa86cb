/* SPDX-License-Identifier: MIT */
/* The soak's disk block (guest/user/soak.c writes it, scripts/soak/
 * soak-check.c reads the image): 4 KiB, a header then a payload that
 * depends on the write's sequence number, and a checksum over all of it.
 * Write k goes to block (k * stride) % blocks, stride odd and blocks a
 * power of two, so every block's last write follows from the number of
 * writes done. Shared by the guest program and the host tool. */
#ifndef SOAK_BLOCK_H
#define SOAK_BLOCK_H

#include <stdint.h>

#define SOAK_BLOCK 4096u
#define SOAK_MAGIC 0x4b414f53u /* "SOAK" */

struct soak_hdr {
	uint32_t magic;
	uint32_t tag; /* which guest wrote it */
	uint64_t block; /* where it was meant to go */
	uint64_t seq; /* write number k */
	uint64_t sum; /* soak_sum() with this field 0 */
};

static inline uint64_t soak_block_of(uint64_t k, uint64_t stride,
				     uint64_t blocks)
{
	return (k * stride) & (blocks - 1);
}

/* 64-bit FNV-1a over the block with the sum field taken as 0 */
static inline uint64_t soak_sum(const unsigned char *b)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (unsigned i = 0; i < SOAK_BLOCK; i++) {
		unsigned char c = (i >= 24 && i < 32) ? 0 : b[i];

		h = (h ^ c) * 0x100000001b3ull;
	}
	return h;
}

/* fills block b with write k of guest tag */
static inline void soak_fill(unsigned char *b, uint32_t tag, uint64_t block,
			     uint64_t k)
{
	struct soak_hdr *h = (struct soak_hdr *)b;
	uint64_t x = k * 0x9e3779b97f4a7c15ull + block + 1;

	for (unsigned i = sizeof(*h); i < SOAK_BLOCK; i += 8) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		for (unsigned j = 0; j < 8; j++)
			b[i + j] = (unsigned char)(x >> (8 * j));
	}
	h->magic = SOAK_MAGIC;
	h->tag = tag;
	h->block = block;
	h->seq = k;
	h->sum = 0;
	h->sum = soak_sum(b);
}

/* 0 when b is write k of tag to block; else what is wrong (1 magic or
 * tag, 2 block, 3 checksum, 4 another write) */
static inline int soak_check(const unsigned char *b, uint32_t tag,
			     uint64_t block, uint64_t k)
{
	const struct soak_hdr *h = (const struct soak_hdr *)b;

	if (h->magic != SOAK_MAGIC || h->tag != tag)
		return 1;
	if (h->block != block)
		return 2;
	if (h->sum != soak_sum(b))
		return 3;
	return h->seq == k ? 0 : 4;
}

#endif
