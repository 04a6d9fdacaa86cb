/* SPDX-License-Identifier: MIT */
/* Decode of a trapped guest load/store, for MMIO emulation.
 * Pure function: host-testable and fuzzed (tests/fuzz/fuzz_mmio_decode.c). */
#ifndef MMIO_DECODE_H
#define MMIO_DECODE_H

#include <stdint.h>

struct mmio_access {
	uint8_t is_store; /* 1 = store, 0 = load */
	uint8_t width; /* bytes: 1, 2, 4 or 8 */
	uint8_t sign_extend; /* loads: 1 for lb/lh/lw, 0 for lbu/lhu/lwu/ld */
	uint8_t reg; /* x register: destination (load) or source (store) */
	uint8_t insn_len; /* 2 (compressed) or 4: how far to advance sepc */
	uint8_t addr_offset; /* htinst only: faulting address (stval) minus the
			      * access's start; nonzero only for a misaligned
			      * access split by the hart. 0 from mmio_decode_insn. */
	/* mmio_decode_insn only (0 from htinst): the address the instruction
	 * accesses is x[base_reg] + imm */
	uint8_t base_reg;
	int16_t imm;
};

#define MMIO_DECODE_OK 0
#define MMIO_DECODE_NOT_LOADSTORE \
	-1 /* not an integer load/store (FP, AMO, other) */
#define MMIO_DECODE_RESERVED -2 /* reserved/illegal encoding */
#define MMIO_DECODE_IMPLICIT \
	-3 /* htinst: a pseudoinstruction, the fault is the hart's own
	    * page-table access, not the instruction's */

/* Decode the instruction bits read from guest memory (hlvx.hu): a 16-bit
 * compressed instruction in the low half when (insn & 3) != 3, else 32-bit. */
int mmio_decode_insn(uint32_t insn, struct mmio_access *out);

/* Decode the transformed instruction QEMU leaves in htinst for a guest-page
 * fault on a load/store (priv spec "Transformed Instruction or Pseudoinstruction
 * for mtinst or htinst"): bit 1 clear means the original was 16-bit. Returns
 * MMIO_DECODE_IMPLICIT for a pseudoinstruction (any nonzero value with bits
 * 1:0 = 00), MMIO_DECODE_NOT_LOADSTORE when htinst is 0 or says nothing
 * else usable, so the caller falls back to reading the instruction. */
int mmio_decode_htinst(uint64_t htinst, struct mmio_access *out);

/* Whether insn (32-bit, or 16-bit in the low half) writes memory: integer,
 * FP and vector stores, AMOs and SC (not LR). What a fault of its access,
 * or of the page-table walk for it, counts as. */
int mmio_insn_is_store(uint32_t insn);

#endif
