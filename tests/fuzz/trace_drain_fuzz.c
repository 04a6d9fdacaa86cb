// SPDX-License-Identifier: MIT
/*
 * libFuzzer target: a guest's trace buffer as the hypervisor checks and
 * drains it (hypervisor/trace/trace_drain.c). The input plays a hostile
 * guest: SET_BUFFER arguments and header, then rounds in which it writes
 * any bytes anywhere in its buffer (head, lost, records) between drains
 * into a sink of varying room. Invariants: the checks accept only what
 * lies in RAM with a sound header; a drain reads at most nrec records,
 * gives the sink only kinds a guest may write, with the truth in guest,
 * vcpu and hart; tail only moves forward and never passes head unless
 * the records between were counted as lost.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_input.h"
#include "sbi_abi.h"
#include "trace/trace_drain.h"

#define RAM 0x80000000ULL
#define RAM_SIZE (1ULL << 20)
#define BUF_MAX 4096

struct sink {
	unsigned int n, room, lost_recs;
};

static int sink(void *ctx, const struct trace_rec *r)
{
	struct sink *s = ctx;

	if (s->n >= s->room)
		return -1;
	s->n++;
	CHECK(r->guest == 3 && r->vcpu == 1 && r->hart == 2);
	if (r->kind == TRACE_META_LOST) {
		s->lost_recs++;
		CHECK(r->arg0 || r->arg1);
	} else {
		CHECK(trace_gbuf_kind_ok(r->kind));
	}
	return 0;
}

static void fuzz_checks(struct input *in)
{
	uint64_t gpa = RAM + take_be(in, 3) - 0x1000, bytes = take_be(in, 3);
	struct trace_buf_hdr h;
	long r;

	if (take8(in) & 1)
		gpa = take_be(in, 8);
	if (take8(in) & 1)
		bytes = take_be(in, 8);
	r = trace_gbuf_check_range(RAM, RAM_SIZE, gpa, bytes);
	CHECK(r == 0 || r == SBI_ERR_INVALID_ADDRESS ||
	      r == SBI_ERR_INVALID_PARAM);
	if (!r)
		CHECK(gpa >= RAM && gpa % 64 == 0 && bytes >= 64 &&
		      bytes <= RAM_SIZE && gpa - RAM <= RAM_SIZE - bytes);
	for (size_t i = 0; i < sizeof(h); i++)
		((uint8_t *)&h)[i] = take8(in);
	r = trace_gbuf_check_hdr(&h, bytes);
	CHECK(r == 0 || r == SBI_ERR_INVALID_PARAM);
	if (!r)
		CHECK(h.magic == TRACE_BUF_MAGIC && h.nrec &&
		      !(h.nrec & (h.nrec - 1)) &&
		      64 + (uint64_t)h.nrec * 48 <= bytes);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t mem[BUF_MAX] __attribute__((aligned(64)));
	struct input in = {data, size};
	struct trace_buf_hdr *h = (struct trace_buf_hdr *)mem;
	struct trace_gbuf b;
	uint32_t nrec;

	fuzz_checks(&in);
	/* a registered buffer of 1..64 records (the header was checked) */
	memset(mem, 0, sizeof(mem));
	nrec = 1u << (take8(&in) % 7);
	for (size_t i = 0; i < 64 + (size_t)nrec * 48; i++)
		mem[i] = take8(&in);
	h->magic = TRACE_BUF_MAGIC;
	h->version = TRACE_VERSION;
	h->rec_size = sizeof(struct trace_rec);
	h->nrec = nrec;
	trace_gbuf_attach(&b, mem, nrec, 0x1ff);
	CHECK(h->tail == h->head && h->classes == 0x1ff);
	for (int round = 0; round < 16 && in.n; round++) {
		unsigned int writes = take8(&in) % 8;
		uint64_t tail0 = b.tail, head, lost0 = b.lost;
		struct sink s = {.room = take8(&in) % 80};
		uint32_t taken;
		int full;

		/* the guest writes anywhere, head included */
		for (unsigned int w = 0; w < writes; w++) {
			size_t off = take_be(&in, 2) % (64 + nrec * 48);

			mem[off] = take8(&in);
		}
		if (take8(&in) & 1)
			h->head += take8(&in) % (2 * nrec + 2);
		head = h->head;
		taken = trace_gbuf_drain(&b, 3, 1, 2, 42, sink, &s, &full);
		CHECK(taken <= nrec);
		CHECK(s.n <= nrec + 1);
		CHECK(s.n == taken + s.lost_recs);
		CHECK(h->tail == b.tail);
		CHECK(b.tail - tail0 <= head - tail0 || b.lost > lost0);
		if (head - tail0 <= nrec)
			CHECK(b.tail - tail0 <= head - tail0);
		if (!full && head - tail0 <= nrec)
			CHECK(b.tail == head);
	}
	return 0;
}
