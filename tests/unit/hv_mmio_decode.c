// SPDX-License-Identifier: MIT
/* Unit tests for hypervisor/mmio_decode.c: raw and htinst decode.
 * Literal encodings below come from GNU as (riscv64-unknown-elf-as 2.40,
 * objdump -M no-aliases), an oracle independent of the decoder. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "mmio_decode.h"

struct expect {
	const char *asm_text;
	uint32_t insn;
	int ret;
	uint8_t is_store, width, sign_extend, reg, insn_len;
	uint8_t base_reg; /* the address is x[base_reg] + imm */
	int16_t imm;
};

#define OK MMIO_DECODE_OK
#define NLS MMIO_DECODE_NOT_LOADSTORE
#define RSV MMIO_DECODE_RESERVED
#define IMP MMIO_DECODE_IMPLICIT

static const struct expect raw32[] = {
	{"lb a0,-1(a1)", 0xfff58503, OK, 0, 1, 1, 10, 4, 11, -1},
	{"lh t1,2(sp)", 0x00211303, OK, 0, 2, 1, 6, 4, 2, 2},
	{"lw s11,2047(t6)", 0x7fffad83, OK, 0, 4, 1, 27, 4, 31, 2047},
	{"ld ra,-2048(a0)", 0x80053083, OK, 0, 8, 0, 1, 4, 10, -2048},
	{"lbu t6,0(zero)", 0x00004f83, OK, 0, 1, 0, 31, 4, 0, 0},
	{"lhu zero,4(a1)", 0x0045d003, OK, 0, 2, 0, 0, 4, 11, 4},
	{"lwu a5,12(s0)", 0x00c46783, OK, 0, 4, 0, 15, 4, 8, 12},
	{"sb a0,1(a1)", 0x00a580a3, OK, 1, 1, 0, 10, 4, 11, 1},
	{"sh t6,-2(sp)", 0xfff11f23, OK, 1, 2, 0, 31, 4, 2, -2},
	{"sw zero,0(a2)", 0x00062023, OK, 1, 4, 0, 0, 4, 12, 0},
	{"sd s1,2040(t0)", 0x7e92bc23, OK, 1, 8, 0, 9, 4, 5, 2040},
	{"lw zero,0(a0)", 0x00052003, OK, 0, 4, 1, 0, 4, 10, 0},
	{"flw fa0,4(a1)", 0x0045a507, NLS, 0, 0, 0, 0, 0, 0, 0},
	{"fld fa1,8(a2)", 0x00863587, NLS, 0, 0, 0, 0, 0, 0, 0},
	{"fsw fa0,4(a1)", 0x00a5a227, NLS, 0, 0, 0, 0, 0, 0, 0},
	{"fsd fa1,8(a2)", 0x00b63427, NLS, 0, 0, 0, 0, 0, 0, 0},
	{"amoadd.w a0,a1,(a2)", 0x00b6252f, NLS, 0, 0, 0, 0, 0, 0, 0},
	{"lr.d a0,(a1)", 0x1005b52f, NLS, 0, 0, 0, 0, 0, 0, 0},
	{"sc.w a0,a1,(a2)", 0x18b6252f, NLS, 0, 0, 0, 0, 0, 0, 0},
	{"addi a0,a1,1", 0x00158513, NLS, 0, 0, 0, 0, 0, 0, 0},
	{"csrrs a0,sstatus,zero", 0x10002573, NLS, 0, 0, 0, 0, 0, 0, 0},
	{"all ones (opcode 0x7f)", 0xffffffff, NLS, 0, 0, 0, 0, 0, 0, 0},
	{"LOAD funct3=7", 0x0005f503, RSV, 0, 0, 0, 0, 0, 0, 0},
	{"STORE funct3=4 (sq)", 0x00a5c023, RSV, 0, 0, 0, 0, 0, 0, 0},
	{"STORE funct3=7", 0x00a5f023, RSV, 0, 0, 0, 0, 0, 0, 0},
	{"sw a0,-2048(a1)", 0x80a5a023, OK, 1, 4, 0, 10, 4, 11, -2048},
	{"sb a0,2047(a1)", 0x7ea58fa3, OK, 1, 1, 0, 10, 4, 11, 2047},
};

static const struct expect raw16[] = {
	{"c.lw a0,4(a1)", 0x41c8, OK, 0, 4, 1, 10, 2, 11, 4},
	{"c.lw s0,124(a5)", 0x5fe0, OK, 0, 4, 1, 8, 2, 15, 124},
	{"c.ld a5,248(s0)", 0x7c7c, OK, 0, 8, 0, 15, 2, 8, 248},
	{"c.sw s1,0(a0)", 0xc104, OK, 1, 4, 0, 9, 2, 10, 0},
	{"c.sd a4,8(a3)", 0xe698, OK, 1, 8, 0, 14, 2, 13, 8},
	{"c.lwsp ra,252(sp)", 0x50fe, OK, 0, 4, 1, 1, 2, 2, 252},
	{"c.lwsp t6,0(sp)", 0x4f82, OK, 0, 4, 1, 31, 2, 2, 0},
	{"c.ldsp s0,504(sp)", 0x747e, OK, 0, 8, 0, 8, 2, 2, 504},
	{"c.swsp zero,4(sp)", 0xc202, OK, 1, 4, 0, 0, 2, 2, 4},
	{"c.swsp t6,252(sp)", 0xdffe, OK, 1, 4, 0, 31, 2, 2, 252},
	{"c.sdsp ra,504(sp)", 0xff86, OK, 1, 8, 0, 1, 2, 2, 504},
	/* one offset bit each */
	{"c.lw a0,64(a1)", 0x41a8, OK, 0, 4, 1, 10, 2, 11, 64},
	{"c.lw a0,8(a1)", 0x4588, OK, 0, 4, 1, 10, 2, 11, 8},
	{"c.ld a0,128(a1)", 0x61c8, OK, 0, 8, 0, 10, 2, 11, 128},
	{"c.ld a0,8(a1)", 0x6588, OK, 0, 8, 0, 10, 2, 11, 8},
	{"c.sw a0,64(a1)", 0xc1a8, OK, 1, 4, 0, 10, 2, 11, 64},
	{"c.sd a0,128(a1)", 0xe1c8, OK, 1, 8, 0, 10, 2, 11, 128},
	{"c.lwsp a0,32(sp)", 0x5502, OK, 0, 4, 1, 10, 2, 2, 32},
	{"c.lwsp a0,64(sp)", 0x4506, OK, 0, 4, 1, 10, 2, 2, 64},
	{"c.lwsp a0,4(sp)", 0x4512, OK, 0, 4, 1, 10, 2, 2, 4},
	{"c.ldsp a0,256(sp)", 0x6512, OK, 0, 8, 0, 10, 2, 2, 256},
	{"c.ldsp a0,32(sp)", 0x7502, OK, 0, 8, 0, 10, 2, 2, 32},
	{"c.ldsp a0,8(sp)", 0x6522, OK, 0, 8, 0, 10, 2, 2, 8},
	{"c.swsp a0,128(sp)", 0xc12a, OK, 1, 4, 0, 10, 2, 2, 128},
	{"c.swsp a0,4(sp)", 0xc22a, OK, 1, 4, 0, 10, 2, 2, 4},
	{"c.sdsp a0,256(sp)", 0xe22a, OK, 1, 8, 0, 10, 2, 2, 256},
	{"c.sdsp a0,8(sp)", 0xe42a, OK, 1, 8, 0, 10, 2, 2, 8},
	{"c.fld fa0,8(a1)", 0x2588, NLS, 0, 0, 0, 0, 0, 0, 0},
	{"c.fsd fa0,8(a1)", 0xa588, NLS, 0, 0, 0, 0, 0, 0, 0},
	{"c.fldsp fa0,8(sp)", 0x2522, NLS, 0, 0, 0, 0, 0, 0, 0},
	{"c.fsdsp fa0,8(sp)", 0xa42a, NLS, 0, 0, 0, 0, 0, 0, 0},
	{"c.addi4spn a0,sp,16", 0x0808, NLS, 0, 0, 0, 0, 0, 0, 0},
	{"c.li a0,1", 0x4505, NLS, 0, 0, 0, 0, 0, 0, 0},
	{"c.mv a0,a1", 0x852e, NLS, 0, 0, 0, 0, 0, 0, 0},
	{"c.nop", 0x0001, NLS, 0, 0, 0, 0, 0, 0, 0},
	{"defined illegal 0x0000", 0x0000, NLS, 0, 0, 0, 0, 0, 0, 0},
	{"c.lwsp x0 (reserved)", 0x4002, RSV, 0, 0, 0, 0, 0, 0, 0},
	{"c.ldsp x0 (reserved)", 0x6002, RSV, 0, 0, 0, 0, 0, 0, 0},
	{"quadrant 0 funct3=100 (reserved)", 0x8000, RSV, 0, 0, 0, 0, 0, 0, 0},
};

static void check(const struct expect *e, int ret, const struct mmio_access *a)
{
	char what[96];

	snprintf(what, sizeof(what), "%s (0x%08x)", e->asm_text, e->insn);
	if (ret != e->ret)
		fail_msg("%s: ret %d, expected %d", what, ret, e->ret);
	if (a->is_store != e->is_store || a->width != e->width ||
	    a->sign_extend != e->sign_extend || a->reg != e->reg ||
	    a->insn_len != e->insn_len || a->base_reg != e->base_reg ||
	    a->imm != e->imm)
		fail_msg("%s: got store=%u width=%u sext=%u reg=%u len=%u "
			 "base=x%u imm=%d",
			 what, a->is_store, a->width, a->sign_extend, a->reg,
			 a->insn_len, a->base_reg, a->imm);
	assert_int_equal(a->addr_offset, 0);
}

static void test_raw32_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(raw32) / sizeof(raw32[0]); i++) {
		struct mmio_access a;

		memset(&a, 0x5a, sizeof(a)); /* must be overwritten */
		check(&raw32[i], mmio_decode_insn(raw32[i].insn, &a), &a);
	}
}

static void test_raw16_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(raw16) / sizeof(raw16[0]); i++) {
		struct mmio_access a;

		memset(&a, 0x5a, sizeof(a));
		check(&raw16[i], mmio_decode_insn(raw16[i].insn, &a), &a);
	}
}

/* The upper half of a 32-bit fetch holding a compressed instruction is the
 * next instruction: it must not change the decode. */
static void test_raw16_ignores_upper_half(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(raw16) / sizeof(raw16[0]); i++) {
		struct mmio_access a;
		uint32_t insn = raw16[i].insn | 0xdead0000u;

		check(&raw16[i], mmio_decode_insn(insn, &a), &a);
	}
}

static uint32_t enc_load(unsigned f3, unsigned rd, unsigned rs1, int imm)
{
	return ((uint32_t)imm & 0xfff) << 20 | rs1 << 15 | f3 << 12 | rd << 7 |
	       0x03;
}

static uint32_t enc_store(unsigned f3, unsigned rs2, unsigned rs1, int imm)
{
	uint32_t u = (uint32_t)imm & 0xfff;

	return (u >> 5) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 |
	       (u & 0x1f) << 7 | 0x23;
}

/* Every register in the data slot, and the base register / offset never
 * leaking into the result. */
static void test_register_fields(void **state)
{
	static const uint8_t lw[7] = {1, 2, 4, 8, 1, 2, 4};
	(void)state;

	for (unsigned f3 = 0; f3 < 7; f3++)
		for (unsigned r = 0; r < 32; r++) {
			struct mmio_access a;
			uint32_t insn =
				enc_load(f3, r, 31 - r, (int)r * 13 - 200);

			assert_int_equal(mmio_decode_insn(insn, &a), OK);
			assert_int_equal(a.reg, r);
			assert_int_equal(a.width, lw[f3]);
			assert_int_equal(a.is_store, 0);
			assert_int_equal(a.sign_extend, f3 < 3);
			assert_int_equal(a.insn_len, 4);
			assert_int_equal(a.base_reg, 31 - r);
			assert_int_equal(a.imm, (int)r * 13 - 200);
		}
	for (unsigned f3 = 0; f3 < 4; f3++)
		for (unsigned r = 0; r < 32; r++) {
			struct mmio_access a;
			uint32_t insn = enc_store(f3, r, (r + 5) % 32, -(int)r);

			assert_int_equal(mmio_decode_insn(insn, &a), OK);
			assert_int_equal(a.reg, r);
			assert_int_equal(a.width, 1u << f3);
			assert_int_equal(a.is_store, 1);
			assert_int_equal(a.sign_extend, 0);
			assert_int_equal(a.base_reg, (r + 5) % 32);
			assert_int_equal(a.imm, -(int)r);
		}
}

/* Compressed register fields: c.lw/c.sw use x8+rd'; c.lwsp/c.swsp x0..x31. */
static void test_compressed_register_fields(void **state)
{
	(void)state;
	for (unsigned r = 0; r < 8; r++) {
		struct mmio_access a;

		/* c.lw rd'=r, rs1'=7-r, uimm bits set */
		assert_int_equal(mmio_decode_insn(0x4000 | (7 - r) << 7 |
							  0x1c60 | r << 2,
						  &a),
				 OK);
		assert_int_equal(a.reg, 8 + r);
		/* c.sd rs2'=r */
		assert_int_equal(
			mmio_decode_insn(0xe000 | (7 - r) << 7 | r << 2, &a),
			OK);
		assert_int_equal(a.reg, 8 + r);
		assert_int_equal(a.is_store, 1);
		assert_int_equal(a.width, 8);
	}
	for (unsigned r = 1; r < 32; r++) {
		struct mmio_access a;

		assert_int_equal(mmio_decode_insn(0x6002 | r << 7 | 0x7c, &a),
				 OK);
		assert_int_equal(a.reg, r); /* c.ldsp */
		assert_int_equal(a.width, 8);
		assert_int_equal(mmio_decode_insn(0xc002 | r << 2 | 0x1f80, &a),
				 OK);
		assert_int_equal(a.reg, r); /* c.swsp */
		assert_int_equal(a.width, 4);
	}
}

/* All 2^16 compressed encodings, counted against the RV64C opcode map:
 * c.lw c.ld c.sw c.sd c.swsp c.sdsp have 11 free bits each (2048
 * encodings); c.lwsp and c.ldsp lose the 64 with rd=x0, which are reserved,
 * as is quadrant 0 funct3=100 (2048). */
static void test_compressed_exhaustive_counts(void **state)
{
	unsigned ok = 0, rsv = 0, nls = 0, loads = 0, stores = 0;
	(void)state;

	for (uint32_t c = 0; c < 0x10000; c++) {
		struct mmio_access a;
		int ret;

		if ((c & 3) == 3)
			continue;
		ret = mmio_decode_insn(c, &a);
		if (ret == OK) {
			ok++;
			assert_int_equal(a.insn_len, 2);
			assert_true(a.reg < 32);
			assert_true(a.width == 4 || a.width == 8);
			if (a.is_store)
				stores++;
			else
				loads++;
		} else if (ret == RSV) {
			rsv++;
		} else {
			assert_int_equal(ret, NLS);
			nls++;
		}
	}
	assert_int_equal(ok, 6 * 2048 + 2 * (2048 - 64));
	assert_int_equal(loads, 2 * 2048 + 2 * (2048 - 64));
	assert_int_equal(stores, 4 * 2048);
	assert_int_equal(rsv, 2048 + 2 * 64);
	assert_int_equal(ok + rsv + nls, 3 * 0x4000);
}

/* htinst: the privileged spec's transformation of each trapping instruction
 * (imm fields zero, rs1 = address offset, bit 1 cleared if compressed). */
struct expect_h {
	const char *what;
	uint64_t htinst;
	int ret;
	uint8_t is_store, width, sign_extend, reg, insn_len, addr_offset;
};

static const struct expect_h htinsts[] = {
	/* from lw s11,2047(t6): rd=27 funct3=2 LOAD */
	{"lw s11", 0x00002d83, OK, 0, 4, 1, 27, 4, 0},
	{"lb a0", 0x00000503, OK, 0, 1, 1, 10, 4, 0},
	{"lhu zero", 0x00005003, OK, 0, 2, 0, 0, 4, 0},
	{"lwu a5", 0x00006783, OK, 0, 4, 0, 15, 4, 0},
	{"ld ra", 0x00003083, OK, 0, 8, 0, 1, 4, 0},
	{"sd s1", 0x00903023, OK, 1, 8, 0, 9, 4, 0},
	{"sh t6", 0x01f01023, OK, 1, 2, 0, 31, 4, 0},
	{"sb a0", 0x00a00023, OK, 1, 1, 0, 10, 4, 0},
	/* misaligned lw a0 split by the hart: Addr. Offset 3 in rs1 */
	{"lw a0 offset 3", 0x0001a503, OK, 0, 4, 1, 10, 4, 3},
	{"sd a1 offset 7", 0x00b3b023, OK, 1, 8, 0, 11, 4, 7},
	/* compressed origins: expanded, transformed, bit 1 cleared */
	{"c.lw a0 -> lw a0", 0x00002501, OK, 0, 4, 1, 10, 2, 0},
	{"c.ld a5 -> ld a5", 0x00003781, OK, 0, 8, 0, 15, 2, 0},
	{"c.sw s1 -> sw s1", 0x00902021, OK, 1, 4, 0, 9, 2, 0},
	{"c.sd a4 -> sd a4", 0x00e03021, OK, 1, 8, 0, 14, 2, 0},
	{"c.lwsp t6 -> lw t6", 0x00002f81, OK, 0, 4, 1, 31, 2, 0},
	{"c.ldsp s0 -> ld s0", 0x00003401, OK, 0, 8, 0, 8, 2, 0},
	{"c.swsp zero -> sw zero", 0x00002021, OK, 1, 4, 0, 0, 2, 0},
	{"c.sdsp ra -> sd ra", 0x00103021, OK, 1, 8, 0, 1, 2, 0},
	{"c.lw offset 2", 0x00012501, OK, 0, 4, 1, 10, 2, 2},
	/* an implementation may leave the immediates in: still decodes */
	{"lw s11 with imm", 0x7ff02d83, OK, 0, 4, 1, 27, 4, 0},
	/* no information / not ours */
	{"zero", 0, NLS, 0, 0, 0, 0, 0, 0},
	/* the hart's own page-table accesses (what QEMU 7.2 gives) */
	{"pseudo 32-bit read", 0x00002000, IMP, 0, 0, 0, 0, 0, 0},
	{"pseudo 32-bit write", 0x00002020, IMP, 0, 0, 0, 0, 0, 0},
	{"pseudo 64-bit read", 0x00003000, IMP, 0, 0, 0, 0, 0, 0},
	{"pseudo 64-bit write", 0x00003020, IMP, 0, 0, 0, 0, 0, 0},
	{"other bits 1:0 = 00", 0x00000004, IMP, 0, 0, 0, 0, 0, 0},
	{"bits 1:0 = 10", 0x00002502, NLS, 0, 0, 0, 0, 0, 0},
	{"bits 63:32 set", 0x100002503ULL, NLS, 0, 0, 0, 0, 0, 0},
	{"bit 63 set", 0x8000000000002503ULL, NLS, 0, 0, 0, 0, 0, 0},
	{"flw fa0", 0x00002507, NLS, 0, 0, 0, 0, 0, 0},
	{"fsd fa1", 0x00b03027, NLS, 0, 0, 0, 0, 0, 0},
	{"c.fld fa0 -> fld", 0x00003505, NLS, 0, 0, 0, 0, 0, 0},
	{"c.fsdsp -> fsd", 0x00a03025, NLS, 0, 0, 0, 0, 0, 0},
	{"amoadd.w a0,a1", 0x00b0252f, NLS, 0, 0, 0, 0, 0, 0},
	{"lr.d a0", 0x1000352f, NLS, 0, 0, 0, 0, 0, 0},
	{"hlv.w a0 (SYSTEM)", 0x68004573, NLS, 0, 0, 0, 0, 0, 0},
	{"LOAD funct3=7: unrecognized", 0x00007503, NLS, 0, 0, 0, 0, 0, 0},
	{"STORE funct3=4: unrecognized", 0x00a04023, NLS, 0, 0, 0, 0, 0, 0},
};

static void test_htinst_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(htinsts) / sizeof(htinsts[0]); i++) {
		const struct expect_h *e = &htinsts[i];
		struct mmio_access a;
		int ret;

		memset(&a, 0x5a, sizeof(a));
		ret = mmio_decode_htinst(e->htinst, &a);
		if (ret != e->ret)
			fail_msg("%s (0x%llx): ret %d, expected %d", e->what,
				 (unsigned long long)e->htinst, ret, e->ret);
		if (a.is_store != e->is_store || a.width != e->width ||
		    a.sign_extend != e->sign_extend || a.reg != e->reg ||
		    a.insn_len != e->insn_len ||
		    a.addr_offset != e->addr_offset)
			fail_msg("%s: got store=%u width=%u sext=%u reg=%u "
				 "len=%u "
				 "off=%u",
				 e->what, a.is_store, a.width, a.sign_extend,
				 a.reg, a.insn_len, a.addr_offset);
	}
}

/* raw and htinst decode agree; htinst has no address fields */
static void same_access(struct mmio_access *raw, const struct mmio_access *h)
{
	assert_int_equal(h->base_reg, 0);
	assert_int_equal(h->imm, 0);
	raw->base_reg = 0;
	raw->imm = 0;
	assert_memory_equal(raw, h, sizeof(*raw));
}

/* Transform every raw 32-bit load/store the way the spec says (immediates
 * zero, rs1 = 0) and check both decoders agree. */
static void test_htinst_matches_raw32(void **state)
{
	(void)state;
	for (unsigned f3 = 0; f3 < 8; f3++)
		for (unsigned r = 0; r < 32; r++) {
			uint32_t ld = enc_load(f3, r, 7, 100);
			uint32_t st = enc_store(f3, r, 9, -100);
			uint32_t tld = ld & 0x00007fff & ~(0x1fu << 15);
			uint32_t tst = st & 0x01f0707f & ~(0x1fu << 15);
			struct mmio_access a, b;
			int ra, rb;

			ra = mmio_decode_insn(ld, &a);
			rb = mmio_decode_htinst(tld, &b);
			assert_int_equal(rb, ra == OK ? OK : NLS);
			same_access(&a, &b);
			ra = mmio_decode_insn(st, &a);
			rb = mmio_decode_htinst(tst, &b);
			assert_int_equal(rb, ra == OK ? OK : NLS);
			same_access(&a, &b);
		}
}

/* Every compressed load/store, transformed from its decoded fields, must
 * decode from htinst to the same access with insn_len 2. */
static void test_htinst_matches_raw16(void **state)
{
	unsigned n = 0;
	(void)state;

	for (uint32_t c = 0; c < 0x10000; c++) {
		struct mmio_access a, b;
		uint32_t f3, t;

		if ((c & 3) == 3 || mmio_decode_insn(c, &a) != OK)
			continue;
		f3 = a.width == 8 ? 3 : 2;
		if (a.is_store)
			t = (uint32_t)a.reg << 20 | f3 << 12 | 0x23;
		else
			t = (uint32_t)a.reg << 7 | f3 << 12 | 0x03;
		assert_int_equal(mmio_decode_htinst(t & ~2u, &b), OK);
		same_access(&a, &b);
		n++;
	}
	assert_int_equal(n, 6 * 2048 + 2 * (2048 - 64));
}

struct expect_s {
	const char *asm_text;
	uint32_t insn;
	int is_store;
};

static const struct expect_s stores[] = {
	{"sw a0,-2048(a1)", 0x80a5a023, 1},
	{"sb a0,2047(a1)", 0x7ea58fa3, 1},
	{"fsw fa0,4(a1)", 0x00a5a227, 1},
	{"fsd fa1,8(a2)", 0x00b63427, 1},
	{"vse32.v v1,(a0)", 0x020560a7, 1},
	{"amoadd.w a0,a1,(a2)", 0x00b6252f, 1},
	{"amoswap.d a0,a1,(a2)", 0x08b6352f, 1},
	{"sc.w a0,a1,(a2)", 0x18b6252f, 1},
	{"sc.d a0,a1,(a2)", 0x18b6352f, 1},
	{"lr.d a0,(a1)", 0x1005b52f, 0},
	{"lr.w a0,(a1)", 0x1005a52f, 0},
	{"lw a0,4(a1)", 0x0045a503, 0},
	{"flw fa0,4(a1)", 0x0045a507, 0},
	{"vle32.v v1,(a0)", 0x02056087, 0},
	{"addi a0,a1,1", 0x00158513, 0},
	{"c.sw a0,64(a1)", 0xc1a8, 1},
	{"c.sd a0,128(a1)", 0xe1c8, 1},
	{"c.fsd fa0,8(a1)", 0xa588, 1},
	{"c.swsp a0,128(sp)", 0xc12a, 1},
	{"c.sdsp a0,256(sp)", 0xe22a, 1},
	{"c.fsdsp fa0,8(sp)", 0xa42a, 1},
	{"c.lw a0,64(a1)", 0x41a8, 0},
	{"c.ld a0,128(a1)", 0x61c8, 0},
	{"c.fld fa0,8(a1)", 0x2588, 0},
	{"c.lwsp a0,32(sp)", 0x5502, 0},
	{"c.ldsp a0,256(sp)", 0x6512, 0},
	{"c.fldsp fa0,8(sp)", 0x2522, 0},
	{"c.j . (quadrant 1 funct3 5)", 0xa001, 0},
	{"c.addi a0,1", 0x0505, 0},
	{"c.sw with junk upper half", 0xdead0000 | 0xc1a8, 1},
};

static void test_is_store_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(stores) / sizeof(stores[0]); i++)
		if (!mmio_insn_is_store(stores[i].insn) != !stores[i].is_store)
			fail_msg("%s (0x%08x): is_store %d, expected %d",
				 stores[i].asm_text, stores[i].insn,
				 mmio_insn_is_store(stores[i].insn),
				 stores[i].is_store);
}

/* every integer load/store the decoder knows agrees on being a store */
static void test_is_store_matches_decode(void **state)
{
	(void)state;
	for (uint32_t c = 0; c < 0x10000; c++) {
		struct mmio_access a;

		if ((c & 3) != 3 && mmio_decode_insn(c, &a) == OK)
			assert_int_equal(!!mmio_insn_is_store(c), a.is_store);
	}
	for (unsigned f3 = 0; f3 < 8; f3++) {
		struct mmio_access a;
		uint32_t ld = enc_load(f3, 5, 6, -7),
			 st = enc_store(f3, 5, 6, 7);

		if (mmio_decode_insn(ld, &a) == OK)
			assert_false(mmio_insn_is_store(ld));
		if (mmio_decode_insn(st, &a) == OK)
			assert_true(mmio_insn_is_store(st));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_raw32_table),
		cmocka_unit_test(test_raw16_table),
		cmocka_unit_test(test_raw16_ignores_upper_half),
		cmocka_unit_test(test_register_fields),
		cmocka_unit_test(test_compressed_register_fields),
		cmocka_unit_test(test_compressed_exhaustive_counts),
		cmocka_unit_test(test_htinst_table),
		cmocka_unit_test(test_htinst_matches_raw32),
		cmocka_unit_test(test_htinst_matches_raw16),
		cmocka_unit_test(test_is_store_table),
		cmocka_unit_test(test_is_store_matches_decode),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP); /* prove reads TAP */
	return cmocka_run_group_tests_name("hv_mmio_decode", tests, NULL, NULL);
}
