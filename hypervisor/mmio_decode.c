/* SPDX-License-Identifier: MIT */
/* Decode of trapped integer loads/stores for MMIO emulation (RV64, C ext).
 * The guest controls the instruction bits: every encoding yields a defined
 * result, never an out-of-range field. */
#include "mmio_decode.h"

#define OPC_LOAD 0x03
#define OPC_STORE 0x23
#define OPC_STORE_FP 0x27
#define OPC_AMO 0x2f
#define AMO_LR 0x02 /* funct5 */

/* 32-bit LOAD/STORE, the form both decoders end in. */
static int decode_std(uint32_t insn, struct mmio_access *out)
{
	uint32_t opcode = insn & 0x7f;
	uint32_t funct3 = (insn >> 12) & 7;

	if (opcode == OPC_LOAD) {
		if (funct3 == 7) /* would be a 128-bit ldu: reserved on RV64 */
			return MMIO_DECODE_RESERVED;
		out->is_store = 0;
		out->width = (uint8_t)(1u << (funct3 & 3));
		/* funct3 bit 2 marks the unsigned forms; ld has nothing
		 * to extend into. */
		out->sign_extend = !(funct3 & 4) && out->width < 8;
		out->reg = (insn >> 7) & 0x1f;
		out->base_reg = (insn >> 15) & 0x1f;
		out->imm = (int16_t)((int32_t)insn >> 20);
		return MMIO_DECODE_OK;
	}
	if (opcode == OPC_STORE) {
		if (funct3 >= 4) /* sq (RV128) and reserved */
			return MMIO_DECODE_RESERVED;
		out->is_store = 1;
		out->width = (uint8_t)(1u << funct3);
		out->sign_extend = 0;
		out->reg = (insn >> 20) & 0x1f;
		out->base_reg = (insn >> 15) & 0x1f;
		out->imm = (int16_t)(((int32_t)insn >> 25) * 32 +
				     (int32_t)((insn >> 7) & 0x1f));
		return MMIO_DECODE_OK;
	}
	return MMIO_DECODE_NOT_LOADSTORE;
}

/* Where a compressed form keeps its data register. */
enum c_reg {
	C_REG_PRIME_4_2 = 1, /* rd'/rs2' in bits 4:2, means x8..x15 */
	C_REG_11_7, /* full rd in bits 11:7 (c.lwsp, c.ldsp) */
	C_REG_6_2, /* full rs2 in bits 6:2 (c.swsp, c.sdsp) */
};

/* Where a compressed form keeps its (unsigned, scaled) offset. */
enum c_imm {
	C_IMM_W = 1, /* c.lw/c.sw: [5:3] 12:10, [2] 6, [6] 5 */
	C_IMM_D, /* c.ld/c.sd: [5:3] 12:10, [7:6] 6:5 */
	C_IMM_LWSP, /* [5] 12, [4:2] 6:4, [7:6] 3:2 */
	C_IMM_LDSP, /* [5] 12, [4:3] 6:5, [8:6] 4:2 */
	C_IMM_SWSP, /* [5:2] 12:9, [7:6] 8:7 */
	C_IMM_SDSP, /* [5:3] 12:10, [8:6] 9:7 */
};

struct c_form {
	uint8_t reg_kind; /* enum c_reg; 0 = not an integer load/store */
	uint8_t is_store;
	uint8_t width;
	uint8_t sign_extend;
	uint8_t reserved; /* the whole funct3 slot is reserved */
	uint8_t imm_kind; /* enum c_imm */
};

/* RV64C integer loads/stores by [quadrant][funct3]. Quadrant 0 funct3 1/5
 * and quadrant 2 funct3 1/5 are c.fld/c.fsd(sp): FP, not ours. Quadrant 1
 * holds no memory access. Quadrant 0 funct3 4 is reserved in RV64C. */
static const struct c_form c_forms[3][8] = {
	[0][2] = {C_REG_PRIME_4_2, 0, 4, 1, 0, C_IMM_W}, /* c.lw */
	[0][3] = {C_REG_PRIME_4_2, 0, 8, 0, 0, C_IMM_D}, /* c.ld */
	[0][4] = {0, 0, 0, 0, 1, 0},
	[0][6] = {C_REG_PRIME_4_2, 1, 4, 0, 0, C_IMM_W}, /* c.sw */
	[0][7] = {C_REG_PRIME_4_2, 1, 8, 0, 0, C_IMM_D}, /* c.sd */
	[2][2] = {C_REG_11_7, 0, 4, 1, 0, C_IMM_LWSP}, /* c.lwsp */
	[2][3] = {C_REG_11_7, 0, 8, 0, 0, C_IMM_LDSP}, /* c.ldsp */
	[2][6] = {C_REG_6_2, 1, 4, 0, 0, C_IMM_SWSP}, /* c.swsp */
	[2][7] = {C_REG_6_2, 1, 8, 0, 0, C_IMM_SDSP}, /* c.sdsp */
};

static unsigned int bits(uint16_t c, unsigned int hi, unsigned int lo)
{
	return (c >> lo) & ((1u << (hi - lo + 1)) - 1);
}

static int16_t c_offset(uint16_t c, enum c_imm kind)
{
	switch (kind) {
	case C_IMM_W:
		return bits(c, 12, 10) << 3 | bits(c, 6, 6) << 2 |
		       bits(c, 5, 5) << 6;
	case C_IMM_D:
		return bits(c, 12, 10) << 3 | bits(c, 6, 5) << 6;
	case C_IMM_LWSP:
		return bits(c, 12, 12) << 5 | bits(c, 6, 4) << 2 |
		       bits(c, 3, 2) << 6;
	case C_IMM_LDSP:
		return bits(c, 12, 12) << 5 | bits(c, 6, 5) << 3 |
		       bits(c, 4, 2) << 6;
	case C_IMM_SWSP:
		return bits(c, 12, 9) << 2 | bits(c, 8, 7) << 6;
	case C_IMM_SDSP:
		return bits(c, 12, 10) << 3 | bits(c, 9, 7) << 6;
	}
	return 0;
}

static int decode_compressed(uint16_t c, struct mmio_access *out)
{
	const struct c_form *f = &c_forms[c & 3][(c >> 13) & 7];
	uint8_t reg;

	if (f->reserved)
		return MMIO_DECODE_RESERVED;
	switch (f->reg_kind) {
	case C_REG_PRIME_4_2:
		reg = 8 + ((c >> 2) & 7);
		break;
	case C_REG_11_7:
		reg = (c >> 7) & 0x1f;
		if (reg == 0) /* c.lwsp/c.ldsp with rd=x0 are reserved */
			return MMIO_DECODE_RESERVED;
		break;
	case C_REG_6_2:
		reg = (c >> 2) & 0x1f;
		break;
	default:
		return MMIO_DECODE_NOT_LOADSTORE;
	}
	out->is_store = f->is_store;
	out->width = f->width;
	out->sign_extend = f->sign_extend;
	out->reg = reg;
	out->insn_len = 2;
	out->base_reg = f->reg_kind == C_REG_PRIME_4_2 ? 8 + bits(c, 9, 7) : 2;
	out->imm = c_offset(c, (enum c_imm)f->imm_kind);
	return MMIO_DECODE_OK;
}

static void clear(struct mmio_access *out)
{
	out->is_store = 0;
	out->width = 0;
	out->sign_extend = 0;
	out->reg = 0;
	out->insn_len = 0;
	out->addr_offset = 0;
	out->base_reg = 0;
	out->imm = 0;
}

int mmio_decode_insn(uint32_t insn, struct mmio_access *out)
{
	int ret;

	clear(out);
	if ((insn & 3) != 3) {
		ret = decode_compressed((uint16_t)insn, out);
	} else {
		ret = decode_std(insn, out);
		out->insn_len = 4;
	}
	if (ret != MMIO_DECODE_OK)
		clear(out);
	return ret;
}

/* Priv spec, H chapter, "Transformed Instruction or Pseudoinstruction":
 * bits 1:0 = 11 is a transformed 32-bit instruction, 01 one that was
 * compressed (expanded, then bit 1 cleared), 00 zero or a pseudoinstruction
 * (VS-stage page-table access), 10 undefined. Bits 63:32 must be zero for
 * the value to be a standard instruction at all. A nonzero value with bits
 * 1:0 = 00 says the fault was no access of the instruction's own: IMPLICIT
 * (the spec defines only the table read/write pseudoinstructions there).
 * Anything else unrecognized is treated like zero ("no information"), so
 * it is NOT_LOADSTORE rather than RESERVED: the caller then reads the
 * instruction itself. The immediate fields are zero in a transformed
 * load/store and need not be checked. */
int mmio_decode_htinst(uint64_t htinst, struct mmio_access *out)
{
	uint32_t insn = (uint32_t)htinst;
	uint8_t len;

	clear(out);
	if (htinst >> 32)
		return MMIO_DECODE_NOT_LOADSTORE;
	if (insn && !(insn & 3))
		return MMIO_DECODE_IMPLICIT;
	switch (insn & 3) {
	case 3:
		len = 4;
		break;
	case 1:
		len = 2;
		insn |= 2;
		break;
	default:
		return MMIO_DECODE_NOT_LOADSTORE;
	}
	if (decode_std(insn, out) != MMIO_DECODE_OK) {
		clear(out);
		return MMIO_DECODE_NOT_LOADSTORE;
	}
	out->insn_len = len;
	out->addr_offset = (insn >> 15) & 0x1f; /* rs1 slot */
	return MMIO_DECODE_OK;
}

/* RVC memory writes by funct3, quadrants 0 and 2: c.fsd, c.sw, c.sd and
 * c.fsdsp, c.swsp, c.sdsp */
#define C_STORE_F3 (1u << 5 | 1u << 6 | 1u << 7)

int mmio_insn_is_store(uint32_t insn)
{
	uint32_t opcode = insn & 0x7f;

	if ((insn & 3) != 3)
		return (insn & 3) != 1 &&
		       (C_STORE_F3 >> ((insn >> 13) & 7)) & 1;
	if (opcode == OPC_AMO)
		return (insn >> 27) != AMO_LR;
	return opcode == OPC_STORE || opcode == OPC_STORE_FP;
}
