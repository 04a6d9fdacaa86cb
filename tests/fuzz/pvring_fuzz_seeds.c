// SPDX-License-Identifier: MIT
/*
 * Writes the committed seed corpus of the pvring fuzz target: one input per
 * ring shape and per error rule, so bounded runs start from every branch.
 *   usage: pvring_fuzz_seeds DIR
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pvring.h"
#include "pvring_fuzz.h"

#define NUM_LOG 3
#define NUM (1u << NUM_LOG)
#define R 0
#define W PVRING_DESC_F_WRITE
#define N PVRING_DESC_F_NEXT
#define I PVRING_DESC_F_INDIRECT
#define D(off) (PVF_DATA_GPA + (off))

struct seed {
	uint8_t hdr[4];
	uint8_t ops[255];
	unsigned int nops;
	struct pvring_desc desc[NUM];
	uint16_t avail[3 + NUM]; /* flags, idx, ring[N], used_event */
	uint8_t data[PVF_DATA_SIZE];
	size_t data_len; /* bytes of data worth writing */
};

static const char *outdir;

static void seed_init(struct seed *s, bool driver, uint8_t feat,
		      uint8_t max_segs)
{
	memset(s, 0, sizeof(*s));
	s->hdr[0] = (uint8_t)(NUM_LOG | feat | (driver ? PVF_ROLE_DRIVER : 0));
	s->hdr[1] = max_segs;
}

static void op(struct seed *s, unsigned int o)
{
	if (s->nops < sizeof(s->ops))
		s->ops[s->nops++] = (uint8_t)o;
}

static void desc(struct seed *s, unsigned int i, uint64_t addr, uint32_t len,
		 uint16_t flags, uint16_t next)
{
	s->desc[i] = (struct pvring_desc){addr, len, flags, next};
}

/* An indirect table placed in the data area at off. */
static void tdesc(struct seed *s, size_t off, unsigned int i, uint64_t addr,
		  uint32_t len, uint16_t flags, uint16_t next)
{
	struct pvring_desc d = {addr, len, flags, next};

	memcpy(s->data + off + 16 * i, &d, sizeof(d));
	if (off + 16 * (i + 1) > s->data_len)
		s->data_len = off + 16 * (i + 1);
}

static void offer(struct seed *s, uint16_t head)
{
	s->avail[2 + (s->avail[1] & (NUM - 1))] = head;
	s->avail[1]++;
}

static void seed_write(struct seed *s, const char *name)
{
	char path[512];
	FILE *f;

	s->hdr[3] = (uint8_t)s->nops;
	snprintf(path, sizeof(path), "%s/%s", outdir, name);
	f = fopen(path, "wb");
	if (!f) {
		perror(path);
		exit(1);
	}
	fwrite(s->hdr, 1, 4, f);
	fwrite(s->ops, 1, s->nops, f);
	fwrite(s->desc, 1, sizeof(s->desc), f);
	fwrite(s->avail, 1, sizeof(s->avail), f);
	fwrite(s->data, 1, s->data_len, f);
	fclose(f);
}

/* pop everything, push it back, decide, re-arm */
static void dev_ops(struct seed *s, unsigned int chains)
{
	unsigned int i;

	op(s, PVF_DEV_DISABLE);
	for (i = 0; i < chains; i++)
		op(s, PVF_DEV_POP);
	op(s, PVF_DEV_COUNT);
	for (i = 0; i < chains; i++)
		op(s, PVF_DEV_PUSH | (7 << 5));
	op(s, PVF_DEV_IRQ);
	op(s, PVF_DEV_ENABLE);
	op(s, PVF_DEV_POP);
}

static const uint8_t ALL = PVF_F_INDIRECT | PVF_F_EVENT;

static void device_seeds(void)
{
	struct seed s;

	seed_init(&s, false, ALL, 16);
	desc(&s, 0, D(0), 16, R | N, 1);
	desc(&s, 1, D(16), 32, R | N, 2);
	desc(&s, 2, D(64), 64, W, 0);
	desc(&s, 5, D(128), 8, W, 0);
	offer(&s, 0);
	offer(&s, 5);
	dev_ops(&s, 2);
	seed_write(&s, "dev_direct");

	seed_init(&s, false, ALL, 16);
	tdesc(&s, 1024, 0, D(0), 16, R | N, 1);
	tdesc(&s, 1024, 1, D(32), 16, W | N, 2);
	tdesc(&s, 1024, 2, D(64), 16, W, 0);
	desc(&s, 3, D(1024), 48, I, 0);
	desc(&s, 4, D(200), 4, R | N, 6);
	tdesc(&s, 2048, 0, D(300), 4, W, 0);
	desc(&s, 6, D(2048), 16, I, 0);
	offer(&s, 3);
	offer(&s, 4);
	dev_ops(&s, 2);
	seed_write(&s, "dev_indirect");

	seed_init(&s, false, PVF_F_EVENT, 16);
	desc(&s, 0, D(1024), 16, I, 0);
	offer(&s, 0);
	dev_ops(&s, 1);
	seed_write(&s, "dev_indirect_not_negotiated");

	seed_init(&s, false, 0, 16);
	desc(&s, 0, D(0), 1, W | N, 1);
	desc(&s, 1, D(0), 1, W | N, 0);
	offer(&s, 0);
	dev_ops(&s, 1);
	seed_write(&s, "dev_loop");

	seed_init(&s, false, 0, 16);
	offer(&s, NUM);
	dev_ops(&s, 1);
	seed_write(&s, "dev_head_range");

	seed_init(&s, false, 0, 16);
	desc(&s, 0, D(0), 1, R | N, NUM + 3);
	offer(&s, 0);
	dev_ops(&s, 1);
	seed_write(&s, "dev_next_range");

	seed_init(&s, false, ALL, 16);
	s.avail[1] = NUM + 1;
	dev_ops(&s, 1);
	seed_write(&s, "dev_avail_idx");

	seed_init(&s, false, 0, 16);
	desc(&s, 0, D(0), 1, W | N, 1);
	desc(&s, 1, D(0), 1, R, 0);
	offer(&s, 0);
	dev_ops(&s, 1);
	seed_write(&s, "dev_order");

	seed_init(&s, false, ALL, 16);
	tdesc(&s, 1024, 0, D(1024), 16, I, 0);
	desc(&s, 0, D(1024), 16, I, 0);
	offer(&s, 0);
	dev_ops(&s, 1);
	seed_write(&s, "dev_indirect_nested");

	/* misaligned, partial-length, zero-length, with NEXT */
	seed_init(&s, false, ALL, 16);
	desc(&s, 0, D(1028), 16, I, 0);
	offer(&s, 0);
	dev_ops(&s, 1);
	seed_write(&s, "dev_indirect_align");
	desc(&s, 0, D(1024), 20, I, 0);
	seed_write(&s, "dev_indirect_len");
	desc(&s, 0, D(1024), 0, I, 0);
	seed_write(&s, "dev_indirect_len0");
	desc(&s, 0, D(1024), 16, I | N, 1);
	seed_write(&s, "dev_indirect_next");
	desc(&s, 0, 0xfffffffffffffff8ull, 16, I, 0);
	seed_write(&s, "dev_indirect_wrap");
	desc(&s, 0, D(PVF_DATA_SIZE), 16, I, 0);
	seed_write(&s, "dev_indirect_refused");
	/* loop inside an indirect table */
	tdesc(&s, 1024, 0, D(0), 4, R | N, 1);
	tdesc(&s, 1024, 1, D(0), 4, R | N, 0);
	desc(&s, 0, D(1024), 32, I, 0);
	seed_write(&s, "dev_indirect_loop");

	/* max_segs 0: the caller's mistake, queue stays usable */
	seed_init(&s, false, ALL, 0);
	desc(&s, 0, D(0), 4, R, 0);
	offer(&s, 0);
	dev_ops(&s, 1);
	seed_write(&s, "dev_max_segs_0");

	seed_init(&s, false, ALL, 16);
	desc(&s, 0, 0xfffffffffffffff0ull, 64, R, 0);
	offer(&s, 0);
	dev_ops(&s, 1);
	seed_write(&s, "dev_len_overflow");

	seed_init(&s, false, ALL, 16);
	desc(&s, 0, D(PVF_DATA_SIZE - 8), 16, R, 0);
	offer(&s, 0);
	dev_ops(&s, 1);
	seed_write(&s, "dev_translate_refused");

	/* writable segment placed on the used ring, translate refuses */
	seed_init(&s, false, ALL, 16);
	s.hdr[2] = 1;
	desc(&s, 0, PVF_USED_GPA, 8, W, 0);
	offer(&s, 0);
	dev_ops(&s, 1);
	seed_write(&s, "dev_translate_ring_write");

	seed_init(&s, false, ALL, 2);
	desc(&s, 0, D(0), 1, R | N, 1);
	desc(&s, 1, D(0), 1, R | N, 2);
	desc(&s, 2, D(0), 1, W, 0);
	offer(&s, 0);
	dev_ops(&s, 1);
	seed_write(&s, "dev_chain_long");

	/* the driver rewrites the ring between operations */
	seed_init(&s, false, ALL, 16);
	desc(&s, 0, D(0), 8, R, 0);
	offer(&s, 0);
	op(&s, PVF_DEV_POP);
	op(&s, PVF_DEV_POKE);
	op(&s, 200); /* somewhere in avail */
	op(&s, 0x07);
	op(&s, PVF_DEV_POKE);
	op(&s, 0);
	op(&s, 0x40);
	op(&s, PVF_DEV_POP);
	op(&s, PVF_DEV_RESET);
	op(&s, PVF_DEV_POP);
	op(&s, PVF_DEV_PUSH);
	op(&s, PVF_DEV_IRQ);
	seed_write(&s, "dev_poke_reset");

	/* more pops than N without pushes */
	seed_init(&s, false, ALL, 16);
	desc(&s, 0, D(0), 8, W, 0);
	s.avail[1] = NUM;
	for (unsigned int i = 0; i < NUM + 1; i++)
		op(&s, PVF_DEV_POP);
	/* poke avail.idx (byte 130 of desc+avail = 222 of 256) to N + 1 */
	op(&s, PVF_DEV_POKE);
	op(&s, 222);
	op(&s, NUM + 1);
	op(&s, PVF_DEV_POP);
	seed_write(&s, "dev_inflight");
}

static void driver_seeds(void)
{
	struct seed s;
	unsigned int i;

	/* honest round trips, direct and indirect, both suppression modes */
	for (i = 0; i < 2; i++) {
		seed_init(&s, true, i ? ALL : 0, 16);
		op(&s, PVF_DRV_ENABLE);
		op(&s, PVF_DRV_ADD | (1 << 3) | (1 << 5));
		op(&s, PVF_DRV_ADD | (2 << 3) | (2 << 5) | 0x80);
		op(&s, PVF_DRV_ADD | (3 << 3));
		op(&s, PVF_DRV_KICK);
		op(&s, PVF_DRV_SERVE);
		op(&s, PVF_DRV_REAP);
		op(&s, PVF_DRV_DISABLE);
		op(&s, PVF_DRV_REAP);
		op(&s, PVF_DRV_REAP);
		op(&s, PVF_DRV_ENABLE);
		op(&s, PVF_DRV_REAP);
		seed_write(&s, i ? "drv_round_trip_event" : "drv_round_trip");
	}

	seed_init(&s, true, ALL, 16);
	op(&s, PVF_DRV_ADD | (1 << 3) | (1 << 5));
	op(&s, PVF_DRV_KICK);
	op(&s, PVF_DRV_USED);
	op(&s, 5); /* not a head */
	op(&s, 1);
	op(&s, PVF_DRV_REAP);
	seed_write(&s, "drv_used_id");

	seed_init(&s, true, ALL, 16);
	op(&s, PVF_DRV_ADD | (1 << 3) | (1 << 5));
	op(&s, PVF_DRV_KICK);
	op(&s, PVF_DRV_USED);
	op(&s, 0);
	op(&s, 200); /* 800 bytes > capacity */
	op(&s, PVF_DRV_REAP);
	seed_write(&s, "drv_used_len");

	seed_init(&s, true, ALL, 16);
	op(&s, PVF_DRV_ADD | (1 << 3));
	op(&s, PVF_DRV_POKE);
	op(&s, 8); /* byte 2 of the used ring: low byte of used.idx */
	op(&s, 0x30);
	op(&s, PVF_DRV_KICK);
	op(&s, PVF_DRV_ENABLE);
	op(&s, PVF_DRV_REAP);
	seed_write(&s, "drv_used_idx");

	seed_init(&s, true, ALL, 16);
	for (i = 0; i < NUM + 2; i++)
		op(&s, PVF_DRV_ADD | (1 << 3));
	op(&s, PVF_DRV_KICK);
	op(&s, PVF_DRV_SERVE);
	for (i = 0; i < NUM + 2; i++)
		op(&s, PVF_DRV_REAP);
	seed_write(&s, "drv_fill_ring");
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	outdir = argv[1];
	device_seeds();
	driver_seeds();
	return 0;
}
