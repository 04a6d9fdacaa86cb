// SPDX-License-Identifier: MIT
/* libFuzzer target: hypervisor/mmio_decode.c. The first 8 input bytes (LE)
 * are both a raw instruction (low 32 bits) and an htinst value. Checks the
 * result invariants, that the raw and htinst decoders agree, and that
 * mmio_insn_is_store agrees with the decode. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mmio_decode.h"

#define REQUIRE(c)               \
	do {                     \
		if (!(c))        \
			abort(); \
	} while (0)

static void check_valid(const struct mmio_access *a)
{
	REQUIRE(a->width == 1 || a->width == 2 || a->width == 4 ||
		a->width == 8);
	REQUIRE(a->insn_len == 2 || a->insn_len == 4);
	REQUIRE(a->reg < 32);
	REQUIRE(a->is_store <= 1 && a->sign_extend <= 1);
	REQUIRE(!a->sign_extend || (!a->is_store && a->width < 8));
	REQUIRE(a->addr_offset < 32);
	REQUIRE(a->base_reg < 32);
}

static void check_cleared(const struct mmio_access *a)
{
	static const struct mmio_access zero;

	REQUIRE(!memcmp(a, &zero, sizeof(zero)));
}

/* The spec's transformation of an access with these fields. */
static uint32_t transform(const struct mmio_access *a)
{
	uint32_t f3 = a->width == 8 ? 3 : a->width == 4 ? 2 : a->width == 2;

	if (!a->is_store && !a->sign_extend && a->width < 8)
		f3 |= 4;
	if (a->is_store)
		return (uint32_t)a->reg << 20 | f3 << 12 | 0x23;
	return (uint32_t)a->reg << 7 | f3 << 12 | 0x03;
}

static void fuzz_raw(uint32_t insn)
{
	struct mmio_access a, b;
	int ret = mmio_decode_insn(insn, &a);
	uint32_t t;

	if (ret != MMIO_DECODE_OK) {
		REQUIRE(ret == MMIO_DECODE_NOT_LOADSTORE ||
			ret == MMIO_DECODE_RESERVED);
		check_cleared(&a);
		return;
	}
	check_valid(&a);
	REQUIRE(a.addr_offset == 0);
	REQUIRE(a.insn_len == ((insn & 3) == 3 ? 4 : 2));
	REQUIRE(!mmio_insn_is_store(insn) == !a.is_store);
	if (a.insn_len == 4) {
		int32_t imm = a.is_store ? ((int32_t)insn >> 25) * 32 +
						   (int32_t)((insn >> 7) & 31)
					 : (int32_t)insn >> 20;

		REQUIRE((insn & 0x7f) == (a.is_store ? 0x23u : 0x03u));
		REQUIRE(a.reg ==
			(a.is_store ? (insn >> 20) : (insn >> 7)) % 32);
		REQUIRE(a.base_reg == ((insn >> 15) & 31));
		REQUIRE(a.imm == imm);
	} else {
		/* compressed forms only move 4 or 8 bytes, at an unsigned
		 * offset scaled by the width or 4, from sp or x8..x15 */
		REQUIRE(a.width == 4 || a.width == 8);
		REQUIRE(a.imm >= 0 && a.imm < 512 && a.imm % 4 == 0);
		REQUIRE(a.width == 4 || a.imm % 8 == 0);
		REQUIRE(a.base_reg == 2 ||
			(a.base_reg >= 8 && a.base_reg < 16));
	}
	t = transform(&a);
	if (a.insn_len == 2)
		t &= ~2u;
	REQUIRE(mmio_decode_htinst(t, &b) == MMIO_DECODE_OK);
	REQUIRE(b.base_reg == 0 && b.imm == 0);
	a.base_reg = 0;
	a.imm = 0;
	REQUIRE(!memcmp(&a, &b, sizeof(a)));
}

static void fuzz_htinst(uint64_t v)
{
	struct mmio_access a, b;
	int ret = mmio_decode_htinst(v, &a);

	if (ret == MMIO_DECODE_IMPLICIT) {
		/* a pseudoinstruction: nonzero, bits 1:0 = 00 */
		check_cleared(&a);
		REQUIRE(v && v >> 32 == 0 && (v & 3) == 0);
		return;
	}
	if (ret != MMIO_DECODE_OK) {
		REQUIRE(ret == MMIO_DECODE_NOT_LOADSTORE);
		REQUIRE(!v || v >> 32 || (v & 3));
		check_cleared(&a);
		return;
	}
	check_valid(&a);
	REQUIRE(v >> 32 == 0);
	REQUIRE((v & 3) == 3 || (v & 3) == 1);
	REQUIRE(a.insn_len == ((v & 3) == 3 ? 4 : 2));
	REQUIRE(a.addr_offset == ((v >> 15) & 0x1f));
	/* the same bits as a 32-bit instruction decode the same way */
	REQUIRE(mmio_decode_insn((uint32_t)v | 3, &b) == MMIO_DECODE_OK);
	REQUIRE(a.is_store == b.is_store && a.width == b.width &&
		a.sign_extend == b.sign_extend && a.reg == b.reg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t v = 0;

	for (size_t i = 0; i < size && i < 8; i++)
		v |= (uint64_t)data[i] << (8 * i);
	fuzz_raw((uint32_t)v);
	fuzz_raw((uint32_t)(v >> 32));
	fuzz_htinst(v);
	fuzz_htinst((uint32_t)v);
	return 0;
}
