/* SPDX-License-Identifier: MIT */
/*
 * Building hand-made traces for the converter's tests: records appended to
 * a growing buffer, written as the hypervisor would write them.
 */
#ifndef TRACE_BUILD_H
#define TRACE_BUILD_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace_abi.h"

#define TB_TIMEBASE 10000000ull /* QEMU virt: 10 MHz */

struct tb {
	struct trace_rec *r;
	size_t n, cap;
};

static inline struct trace_rec *tb_add(struct tb *b, uint64_t time,
				       uint16_t kind, uint8_t guest,
				       uint8_t vcpu, uint16_t ring,
				       uint32_t idx)
{
	struct trace_rec *r;

	if (b->n == b->cap) {
		b->cap = b->cap ? 2 * b->cap : 64;
		b->r = realloc(b->r, b->cap * sizeof(*b->r));
		if (!b->r)
			abort();
	}
	r = &b->r[b->n++];
	memset(r, 0, sizeof(*r));
	r->time = time;
	r->kind = kind;
	r->guest = guest;
	r->vcpu = vcpu;
	r->hart = vcpu; /* vCPU n runs on hart n in these traces */
	r->ring = ring;
	r->idx = idx;
	return r;
}

static inline void tb_header(struct tb *b, uint64_t timebase)
{
	struct trace_rec *r = tb_add(b, 0, TRACE_META_HEADER, TRACE_NONE8,
				     TRACE_NONE8, 0, TRACE_VERSION);

	r->hart = TRACE_NONE8;
	r->len = sizeof(struct trace_rec);
	r->arg0 = TRACE_MAGIC;
	r->arg1 = timebase;
}

/* the name's bytes go into idx, req, arg0, arg1 in that order */
static inline void tb_name(struct tb *b, uint8_t guest, uint16_t ring,
			   const char *s)
{
	struct trace_rec *r =
		tb_add(b, 0, TRACE_META_NAME, guest, TRACE_NONE8, ring, 0);
	uint8_t raw[28] = {0};

	memcpy(raw, s, strlen(s) < sizeof(raw) ? strlen(s) : sizeof(raw));
	for (int i = 0; i < 4; i++)
		r->idx |= (uint32_t)raw[i] << (8 * i);
	for (int i = 0; i < 8; i++) {
		r->req |= (uint64_t)raw[4 + i] << (8 * i);
		r->arg0 |= (uint64_t)raw[12 + i] << (8 * i);
		r->arg1 |= (uint64_t)raw[20 + i] << (8 * i);
	}
}

static inline struct trace_rec *tb_slice(struct tb *b, uint64_t time,
					 uint32_t dur, uint16_t kind,
					 uint8_t guest, uint8_t vcpu,
					 uint32_t idx)
{
	struct trace_rec *r = tb_add(b, time, kind, guest, vcpu, 0, idx);

	r->len = dur;
	r->flags |= TRACE_F_SLICE;
	return r;
}

static inline int tb_write(const struct tb *b, const char *path)
{
	FILE *f = fopen(path, "wb");
	int rc;

	if (!f)
		return -1;
	rc = fwrite(b->r, sizeof(*b->r), b->n, f) == b->n ? 0 : -1;
	return fclose(f) || rc ? -1 : 0;
}

/* guest 0's block device (virtio-mmio at 0x10001000) and a process ring */
#define TB_BLK TRACE_RING_DEV(0x10001000u, 0)
#define TB_SYS TRACE_RING_SYSCALL(1)

/*
 * One request through every layer, ring path: user submit on the syscall
 * ring, the kernel pops it and runs its task, which puts a chain on the
 * block device; the hypervisor pops it and hands it to the host disk; back
 * up to the user's reap. Ids only where the header says they are known.
 * The host disk takes `disk` ticks; the whole takes 40 + disk ticks.
 */
static inline void tb_ring_request(struct tb *b, uint64_t t, uint64_t req,
				   uint32_t head, uint32_t dhead, uint32_t disk)
{
	tb_add(b, t, TRACE_USER_SUBMIT, 0, 0, TB_SYS, head)->arg0 = 7;
	tb_add(b, t + 2, TRACE_RSYS_SEEN, 0, 0, TB_SYS, head);
	tb_add(b, t + 3, TRACE_RSYS_POP, 0, 0, TB_SYS, head)->req = req;
	tb_add(b, t + 4, TRACE_RSYS_START, 0, 0, TB_SYS, head)->req = req;
	tb_slice(b, t + 4, 8, TRACE_TASK_POLL, 0, 0, 100 + head)->req = req;
	tb_add(b, t + 6, TRACE_BLK_SUBMIT, 0, 0, TB_BLK, dhead)->req = req;
	tb_slice(b, t + 7, 4, TRACE_EXIT, 0, 0, 23)->arg0 = 0x80201234;
	tb_add(b, t + 8, TRACE_MMIO, 0, 0, TB_BLK, 0)->flags = TRACE_F_WRITE;
	tb_add(b, t + 8, TRACE_VQ_NOTIFY, 0, 0, TB_BLK, dhead + 1);
	tb_add(b, t + 9, TRACE_VQ_POP, 0, 0, TB_BLK, dhead)->len = 4096;
	tb_add(b, t + 10, TRACE_HDISK_SUBMIT, 0, 0, TB_BLK, dhead)->len = 4096;
	t += disk - 20; /* the rest comes after the disk */
	tb_slice(b, t + 29, 5, TRACE_EXIT, 0, 0, 9)->flags |= TRACE_F_INTR;
	tb_add(b, t + 30, TRACE_HDISK_DONE, 0, 0, TB_BLK, dhead)->len = 4096;
	tb_add(b, t + 31, TRACE_VQ_PUSH, 0, 0, TB_BLK, dhead)->len = 4097;
	tb_add(b, t + 32, TRACE_VQ_IRQ, 0, 0, TB_BLK, 0);
	tb_add(b, t + 33, TRACE_IRQ_INJECT, 0, 0, 0, 9);
	tb_slice(b, t + 34, 6, TRACE_TASK_POLL, 0, 0, 100 + head)->req = req;
	tb_add(b, t + 35, TRACE_BLK_DONE, 0, 0, TB_BLK, dhead)->req = req;
	tb_add(b, t + 36, TRACE_RSYS_DONE, 0, 0, TB_SYS, head)->req = req;
	tb_add(b, t + 37, TRACE_RSYS_PUSH, 0, 0, TB_SYS, head)->req = req;
	tb_add(b, t + 45, TRACE_USER_REAP, 0, 0, TB_SYS, head);
}

/* The same block read through the trap path: one SYSCALL slice around it.
 * Takes 40 + disk ticks. */
static inline void tb_trap_request(struct tb *b, uint64_t t, uint64_t req,
				   uint32_t dhead, uint32_t disk)
{
	tb_slice(b, t, 20 + disk, TRACE_SYSCALL, 0, 0, 7)->req = req;
	tb_add(b, t + 6, TRACE_BLK_SUBMIT, 0, 0, TB_BLK, dhead)->req = req;
	tb_add(b, t + 9, TRACE_VQ_POP, 0, 0, TB_BLK, dhead)->len = 512;
	tb_add(b, t + 10, TRACE_HDISK_SUBMIT, 0, 0, TB_BLK, dhead)->len = 512;
	t += disk - 20;
	tb_add(b, t + 30, TRACE_HDISK_DONE, 0, 0, TB_BLK, dhead)->len = 512;
	tb_add(b, t + 31, TRACE_VQ_PUSH, 0, 0, TB_BLK, dhead)->len = 513;
	tb_add(b, t + 35, TRACE_BLK_DONE, 0, 0, TB_BLK, dhead)->req = req;
}

#endif
