/* SPDX-License-Identifier: MIT */
/* The one table of operations (numbers in gk_abi.h). */
#include "syscall/op.h"

#define OP(n, f, b, fl, len) [GK_OP_##n] = {b, fl, len, op_##f}

const struct op_def op_table[GK_OP_NR] = {
	OP(NOP, nop, OPB_NONE, 0, 0),
	OP(EXIT, exit, OPB_NONE, OPF_TRAP_ONLY, 0),
	OP(GETPID, getpid, OPB_NONE, 0, 0),
	OP(SPAWN, spawn, OPB_ARGV, 0, 0),
	OP(WAIT, wait, OPB_NONE, OPF_AUX_OUT, 0),
	OP(READ, read, OPB_OUT, 0, 0),
	OP(WRITE, write, OPB_IN, 0, 0),
	OP(OPEN, open, OPB_STR, 0, 0),
	OP(CLOSE, close, OPB_NONE, 0, 0),
	OP(LIST, list, OPB_OUT, 0, sizeof(struct gk_dirent)),
	OP(UNLINK, unlink, OPB_STR, 0, 0),
	OP(SLEEP, sleep, OPB_NONE, 0, 0),
	OP(YIELD, yield, OPB_NONE, 0, 0),
	OP(SBRK, sbrk, OPB_NONE, 0, 0),
	OP(PS, ps, OPB_OUT, 0, sizeof(struct gk_procinfo)),
	OP(POWEROFF, poweroff, OPB_NONE, 0, 0),
	OP(GETCPU, getcpu, OPB_NONE, 0, 0),
	OP(STATS, stats, OPB_OUT, 0, sizeof(struct gk_stats)),
	OP(RING_SETUP, ring_setup, OPB_OUT, OPF_TRAP_ONLY,
	   sizeof(struct gk_ring_params)),
	OP(RING_ENTER, ring_enter, OPB_NONE, OPF_TRAP_ONLY, 0),
	OP(KTEST, ktest, OPB_OUT, 0, sizeof(struct gk_ktest_result)),
	OP(SEEK, seek, OPB_NONE, 0, 0),
	OP(FSYNC, fsync, OPB_NONE, 0, 0),
};
