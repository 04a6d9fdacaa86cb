/* SPDX-License-Identifier: MIT */
/* libFuzzer target for the guest kernel's parsers of untrusted input,
 * chosen by the first input byte: the ELF loader (odd; the address-space
 * calls stubbed to check bounds), the initrd cpio reader (0 mod 8), what a
 * process sends with a system call (2 mod 4): the spawn argument block
 * and a path split over ring segments; and a process's trace area as the
 * kernel drains it (4 mod 8). */
#include <stddef.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "fs/cpio.h"
#include "mm/uio.h"
#include "proc/elf.h"
#include "syscall/op_args.h"
#include "gk_abi.h"
#include "tbuf.h"

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

/* ring-path buffers only: a user range never reaches uio here */
void *vm_user_ptr(const struct vmspace *vs, uint64_t va, uint64_t len,
		  bool write)
{
	(void)vs;
	(void)va;
	(void)len;
	(void)write;
	__builtin_trap();
}

/* data[0]: segment count (1..8); then one length byte per segment, then
 * the bytes, cut where the lengths say (each segment its own copy, so
 * ASan sees a read past any of them) */
static void fuzz_syscall_input(const uint8_t *data, size_t size)
{
	const char *argv[GK_ARG_MAX], *path = 0;
	char *copy = malloc(size ? size : 1);

	memcpy(copy, data, size);
	int argc = op_args_split(copy, (uint32_t)size, &path, argv, GK_ARG_MAX);
	if (argc > 0) { /* every string lies inside the block */
		if (path < copy || path >= copy + size ||
		    strlen(path) >= (size_t)(copy + size - path))
			__builtin_trap();
		for (int i = 0; i < argc; i++)
			if (argv[i] < copy || argv[i] >= copy + size ||
			    strlen(argv[i]) >= (size_t)(copy + size - argv[i]))
				__builtin_trap();
	}
	free(copy);

	if (size < 1)
		return;
	unsigned nseg = (data[0] & 7) + 1;
	if (size < 1 + nseg)
		return;
	const uint8_t *lens = data + 1, *p = data + 1 + nseg;
	size_t left = size - 1 - nseg;
	struct pvring_seg segs[8];
	struct uio u = {0};
	u.segs = segs;
	for (unsigned i = 0; i < nseg; i++) {
		size_t l = lens[i] < left ? lens[i] : left;
		char *b = malloc(l ? l : 1);
		memcpy(b, p, l);
		segs[i] = (struct pvring_seg){0, b, (uint32_t)l, false};
		p += l;
		left -= l;
		u.len += l;
	}
	u.nseg = nseg;
	char dst[GK_NAME_MAX];
	long n = uio_string(&u, dst, sizeof(dst));
	if (n >= 0 && (n >= GK_NAME_MAX || strlen(dst) != (size_t)n))
		__builtin_trap();
	for (unsigned i = 0; i < nseg; i++)
		free(segs[i].ptr);
}

static void fuzz_take(void *ctx, const struct trace_rec *r)
{
	*(uint64_t *)ctx += r->time ^ r->idx; /* every field readable */
}

/* A trace area whose header and records are the input, drained a few
 * times while the "program" moves head and lost as the input says. */
static void fuzz_trace_area(const uint8_t *data, size_t size)
{
	static uint64_t area[(64 + 16 * 48) / 8];
	struct tbuf_reader rd;
	uint64_t lost = 0, sink = 0;
	size_t n = size < sizeof(area) ? size : sizeof(area);

	memset(area, 0, sizeof(area));
	memcpy(area, data, n);
	data += n;
	size -= n;
	tbuf_reader_init(&rd, area, sizeof(area));
	if (rd.nrec != 16)
		__builtin_trap();
	for (int round = 0; round < 8; round++) {
		uint64_t before = rd.tail, head = rd.hdr->head;
		uint32_t got =
			tbuf_drain(&rd, 1 + round * 3, fuzz_take, &sink, &lost);
		if (got > rd.nrec || got > 1u + round * 3 ||
		    rd.hdr->tail != rd.tail ||
		    ((int64_t)(head - before) >= 0 &&
		     (int64_t)(head - rd.tail) < 0))
			__builtin_trap();
		if (size >= 16) {
			memcpy(&rd.hdr->head, data, 8);
			memcpy(&rd.hdr->lost, data + 8, 8);
			data += 16;
			size -= 16;
		}
	}
	gk_fuzz_sink = (char)(sink + lost);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	if ((data[0] & 7) == 4) {
		fuzz_trace_area(data + 1, size - 1);
		return 0;
	}
	if ((data[0] & 3) == 2) {
		fuzz_syscall_input(data + 1, size - 1);
		return 0;
	}
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
