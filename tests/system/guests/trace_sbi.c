/* SPDX-License-Identifier: MIT */
/* The trace-buffer SBI extension (SBI_EXT_RVH_TRACE) called as a guest
 * that lies would: buffers outside RAM, across its end, misaligned, with a
 * bad header or a huge nrec each get an SBI error and nothing else; then a
 * good buffer. With tracing on (the good call returns the classes) the
 * guest writes records, some of kinds it may not write and some with lies
 * in guest/vcpu/hart, and a head far ahead of the tail; tracesbi.t finds
 * in the trace file what the hypervisor made of them. */
#include <string.h>

#include "tg.h"
#include "trace_abi.h"

const char tg_name[] = "trace_sbi";

#define NREC 16
#define BYTES (sizeof(struct trace_buf_hdr) + NREC * sizeof(struct trace_rec))
#define TAG 0xabc0u /* idx of the good records, found by the script */

static struct {
	struct trace_buf_hdr h;
	struct trace_rec r[NREC];
	uint8_t pad[64];
} buf __attribute__((aligned(64)));

static struct sbiret call(unsigned long fid, unsigned long a0, unsigned long a1)
{
	return sbi_ecall(SBI_EXT_RVH_TRACE, fid, a0, a1, 0, 0, 0, 0);
}

static struct sbiret set(unsigned long gpa, unsigned long bytes)
{
	return call(SBI_RVH_TRACE_SET_BUFFER, gpa, bytes);
}

static void hdr_good(void)
{
	memset(&buf, 0, sizeof(buf));
	buf.h.magic = TRACE_BUF_MAGIC;
	buf.h.version = TRACE_VERSION;
	buf.h.rec_size = sizeof(struct trace_rec);
	buf.h.nrec = NREC;
}

static void produce(uint16_t kind, uint32_t idx)
{
	struct trace_rec *r = &buf.r[buf.h.head % NREC];

	memset(r, 0, sizeof(*r));
	r->time = tg_time();
	r->kind = kind;
	r->idx = idx;
	r->guest = 7; /* lies */
	r->vcpu = 9;
	r->hart = 5;
	__atomic_store_n(&buf.h.head, buf.h.head + 1, __ATOMIC_RELEASE);
}

static void bad_buffers(void)
{
	uint64_t end = tg_ram_base + tg_ram_size;
	struct sbiret r;

	hdr_good();
	r = set(0x1000, BYTES);
	tg_eqi(r.error, SBI_ERR_INVALID_ADDRESS, "buffer at 0x1000 (not RAM)");
	r = set(end - 64, BYTES);
	tg_eqi(r.error, SBI_ERR_INVALID_ADDRESS, "buffer straddling RAM end");
	r = set(end, 64);
	tg_eqi(r.error, SBI_ERR_INVALID_ADDRESS, "buffer just past RAM end");
	r = set(~0UL - 63, 128);
	tg_eqi(r.error, SBI_ERR_INVALID_ADDRESS, "buffer wrapping around 0");
	r = set((uintptr_t)&buf + 8, BYTES);
	tg_eqi(r.error, SBI_ERR_INVALID_PARAM, "buffer not 64-byte aligned");
	r = set((uintptr_t)&buf, 32);
	tg_eqi(r.error, SBI_ERR_INVALID_PARAM, "buffer smaller than header");
	buf.h.magic = 0x12345678;
	r = set((uintptr_t)&buf, BYTES);
	tg_eqi(r.error, SBI_ERR_INVALID_PARAM, "bad magic");
	hdr_good();
	buf.h.version = TRACE_VERSION + 1;
	r = set((uintptr_t)&buf, BYTES);
	tg_eqi(r.error, SBI_ERR_INVALID_PARAM, "bad version");
	hdr_good();
	buf.h.rec_size = 64;
	r = set((uintptr_t)&buf, BYTES);
	tg_eqi(r.error, SBI_ERR_INVALID_PARAM, "bad record size");
	hdr_good();
	buf.h.nrec = 12;
	r = set((uintptr_t)&buf, BYTES);
	tg_eqi(r.error, SBI_ERR_INVALID_PARAM, "nrec not a power of two");
	hdr_good();
	buf.h.nrec = 0x80000000u;
	r = set((uintptr_t)&buf, BYTES);
	tg_eqi(r.error, SBI_ERR_INVALID_PARAM, "huge nrec (past the bytes)");
	hdr_good();
	r = set((uintptr_t)&buf, BYTES - 1);
	tg_eqi(r.error, SBI_ERR_INVALID_PARAM, "nrec records do not fit");
	r = call(7, 0, 0);
	tg_eqi(r.error, SBI_ERR_NOT_SUPPORTED, "unknown function 7");
}

static void records(unsigned long classes)
{
	struct sbiret r;

	for (uint32_t i = 0; i < 4; i++)
		produce(TRACE_RSYS_POP, TAG + i);
	produce(TRACE_EXIT, TAG + 8); /* hypervisor kinds: rejected */
	produce(0x99, TAG + 9);
	r = call(SBI_RVH_TRACE_FLUSH, 0, 0);
	tg_ok(!r.error && r.value == (classes ? 4 : 0),
	      "FLUSH takes the 4 good records # error %ld value %ld", r.error,
	      r.value);
	/* tracing off: nobody consumes, the tail stays where it was */
	tg_eqx(buf.h.tail, classes ? buf.h.head : 5,
	       "tail follows head after FLUSH");
	/* a head far ahead: counted as lost, not read */
	buf.h.head += 1ULL << 40;
	r = call(SBI_RVH_TRACE_FLUSH, 0, 0);
	tg_ok(!r.error && r.value == 0,
	      "FLUSH with head 2^40 ahead takes nothing # error %ld value %ld",
	      r.error, r.value);
	tg_eqx(buf.h.tail, classes ? buf.h.head : 5, "tail skipped to head");
	produce(TRACE_RSYS_DONE, TAG + 4);
	r = call(SBI_RVH_TRACE_FLUSH, 0, 0);
	tg_ok(!r.error && r.value == (classes ? 1 : 0),
	      "then one more record is taken # error %ld value %ld", r.error,
	      r.value);
}

void tg_main(void)
{
	unsigned long classes;
	struct sbiret r;

	tg_plan(23);
	r = sbi_ecall(SBI_EXT_BASE, SBI_BASE_PROBE_EXT, SBI_EXT_RVH_TRACE, 0, 0,
		      0, 0, 0);
	tg_eqi(r.value, 1, "BASE probe_extension finds the trace extension");
	bad_buffers();
	hdr_good();
	buf.h.head = buf.h.tail = 5; /* not from 0: the hypervisor follows */
	r = set((uintptr_t)&buf, BYTES);
	tg_eqi(r.error, 0, "good buffer accepted");
	classes = (unsigned long)r.value;
	tg_diag("tracing classes 0x%lx", classes);
	tg_eqx(buf.h.classes, classes, "classes written into the header");
	records(classes);
	r = set(0, 0);
	tg_eqi(r.error, 0, "unregister");
	r = call(SBI_RVH_TRACE_FLUSH, 0, 0);
	tg_eqi(r.error, classes ? SBI_ERR_NO_SHMEM : 0,
	       "FLUSH without a buffer (NO_SHMEM when tracing is on)");
	tg_printf("tg-trace: classes 0x%lx\n", classes);
}
