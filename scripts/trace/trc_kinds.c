// SPDX-License-Identifier: MIT
/* What the converter knows about each record kind, and trap cause names. */
#include <stddef.h>

#include "sbi_abi.h"
#include "trc.h"

#define K(k, nm, lay, lnk, plc, rk, sl, by, op, cl, ct)             \
	{                                                           \
		.kind = k, .name = nm, .layer = lay, .link = lnk,   \
		.place = plc, .rank = rk, .slice = sl, .bytes = by, \
		.opens = op, .closes = cl, .cat = ct                \
	}

/* rank: where the event sits in one request's life, for equal times */
static const struct trc_kind kinds[] = {
	K(TRACE_META_HEADER, "HEADER", TRC_L_NONE, TRC_LINK_NONE, TRC_P_NONE, 0,
	  false, TRC_B_NONE, false, false, "meta"),
	K(TRACE_META_NAME, "NAME", TRC_L_NONE, TRC_LINK_NONE, TRC_P_NONE, 0,
	  false, TRC_B_NONE, false, false, "meta"),
	K(TRACE_META_LOST, "LOST", TRC_L_NONE, TRC_LINK_NONE, TRC_P_LOST, 0,
	  false, TRC_B_NONE, false, false, "lost"),

	K(TRACE_EXIT, "EXIT", TRC_L_NONE, TRC_LINK_NONE, TRC_P_VCPU_HV, 0, true,
	  TRC_B_NONE, false, false, "exit"),
	K(TRACE_SBI, "SBI", TRC_L_NONE, TRC_LINK_NONE, TRC_P_VCPU_HV, 0, false,
	  TRC_B_NONE, false, false, "sbi"),
	K(TRACE_MMIO, "MMIO", TRC_L_NONE, TRC_LINK_NONE, TRC_P_RING, 0, false,
	  TRC_B_NONE, false, false, "mmio"),
	K(TRACE_VCPU_LOAD, "VCPU_LOAD", TRC_L_NONE, TRC_LINK_NONE, TRC_P_HART,
	  0, false, TRC_B_NONE, false, false, "sched"),
	K(TRACE_VCPU_PUT, "VCPU_PUT", TRC_L_NONE, TRC_LINK_NONE, TRC_P_HART, 0,
	  false, TRC_B_NONE, false, false, "sched"),
	K(TRACE_IRQ_INJECT, "IRQ_INJECT", TRC_L_NONE, TRC_LINK_NONE,
	  TRC_P_VCPU_HV, 0, false, TRC_B_NONE, false, false, "sched"),
	K(TRACE_VQ_NOTIFY, "VQ_NOTIFY", TRC_L_HV, TRC_LINK_NONE, TRC_P_VQ, 11,
	  false, TRC_B_NONE, false, false, "virtio"),
	K(TRACE_VQ_POP, "VQ_POP", TRC_L_HV, TRC_LINK_BACK, TRC_P_VQ, 12, false,
	  TRC_B_POP, false, false, "virtio"),
	K(TRACE_VQ_PUSH, "VQ_PUSH", TRC_L_HV, TRC_LINK_BACK, TRC_P_VQ, 15,
	  false, TRC_B_PUSH, false, false, "virtio"),
	K(TRACE_VQ_IRQ, "VQ_IRQ", TRC_L_HV, TRC_LINK_NONE, TRC_P_VQ, 16, false,
	  TRC_B_NONE, false, false, "virtio"),
	K(TRACE_HDISK_SUBMIT, "HDISK_SUBMIT", TRC_L_HDISK, TRC_LINK_BACK,
	  TRC_P_HDISK, 13, false, TRC_B_NONE, false, false, "hdisk"),
	K(TRACE_HDISK_DONE, "HDISK_DONE", TRC_L_HDISK, TRC_LINK_BACK,
	  TRC_P_HDISK, 14, false, TRC_B_NONE, false, false, "hdisk"),

	K(TRACE_PVR_PUBLISH, "PVR_PUBLISH", TRC_L_NONE, TRC_LINK_FWD,
	  TRC_P_RING, 2, false, TRC_B_NONE, true, false, "pvring"),
	K(TRACE_PVR_POP, "PVR_POP", TRC_L_NONE, TRC_LINK_BACK, TRC_P_RING, 4,
	  false, TRC_B_POP, false, false, "pvring"),
	K(TRACE_PVR_PUSH, "PVR_PUSH", TRC_L_NONE, TRC_LINK_BACK, TRC_P_RING, 17,
	  false, TRC_B_PUSH, false, false, "pvring"),
	K(TRACE_PVR_REAP, "PVR_REAP", TRC_L_NONE, TRC_LINK_BACK, TRC_P_RING, 21,
	  false, TRC_B_NONE, false, true, "pvring"),
	K(TRACE_PVR_NOTIFY, "PVR_NOTIFY", TRC_L_NONE, TRC_LINK_NONE, TRC_P_RING,
	  0, false, TRC_B_NONE, false, false, "pvring"),
	K(TRACE_PVR_ERROR, "PVR_ERROR", TRC_L_NONE, TRC_LINK_NONE, TRC_P_RING,
	  0, false, TRC_B_NONE, false, false, "pvring"),

	K(TRACE_SYSCALL, "SYSCALL", TRC_L_KERNEL, TRC_LINK_OWN, TRC_P_VCPU_K, 7,
	  true, TRC_B_NONE, false, false, "syscall"),
	K(TRACE_RSYS_SEEN, "RSYS_SEEN", TRC_L_KERNEL, TRC_LINK_FWD, TRC_P_RING,
	  3, false, TRC_B_NONE, false, false, "ring"),
	K(TRACE_RSYS_POP, "RSYS_POP", TRC_L_KERNEL, TRC_LINK_OWN, TRC_P_RING, 5,
	  false, TRC_B_NONE, false, false, "ring"),
	K(TRACE_RSYS_START, "RSYS_START", TRC_L_KERNEL, TRC_LINK_BACK,
	  TRC_P_RING, 6, false, TRC_B_NONE, false, false, "ring"),
	K(TRACE_RSYS_DONE, "RSYS_DONE", TRC_L_KERNEL, TRC_LINK_BACK, TRC_P_RING,
	  19, false, TRC_B_NONE, false, false, "ring"),
	K(TRACE_RSYS_PUSH, "RSYS_PUSH", TRC_L_KERNEL, TRC_LINK_BACK, TRC_P_RING,
	  20, false, TRC_B_NONE, false, false, "ring"),
	K(TRACE_TASK_POLL, "TASK_POLL", TRC_L_KERNEL, TRC_LINK_OWN,
	  TRC_P_VCPU_K, 8, true, TRC_B_NONE, false, false, "task"),
	K(TRACE_TASK_WAKE, "TASK_WAKE", TRC_L_KERNEL, TRC_LINK_OWN,
	  TRC_P_VCPU_K, 9, false, TRC_B_NONE, false, false, "task"),
	K(TRACE_BLK_SUBMIT, "BLK_SUBMIT", TRC_L_DEV, TRC_LINK_START, TRC_P_RING,
	  10, false, TRC_B_NONE, true, false, "blk"),
	K(TRACE_BLK_DONE, "BLK_DONE", TRC_L_DEV, TRC_LINK_BACK, TRC_P_RING, 18,
	  false, TRC_B_NONE, false, true, "blk"),
	K(TRACE_USER_SUBMIT, "USER_SUBMIT", TRC_L_USER, TRC_LINK_FWD,
	  TRC_P_RING, 1, false, TRC_B_NONE, true, false, "user"),
	K(TRACE_USER_REAP, "USER_REAP", TRC_L_USER, TRC_LINK_BACK, TRC_P_RING,
	  22, false, TRC_B_NONE, false, true, "user"),
};

const struct trc_kind *trc_kind(uint16_t kind)
{
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (kinds[i].kind == kind)
			return &kinds[i];
	return NULL;
}

bool trc_is_slice(const struct trace_rec *r)
{
	const struct trc_kind *k = trc_kind(r->kind);

	return (r->flags & TRACE_F_SLICE) || (k && k->slice);
}

enum trc_layer trc_layer_of(const struct trace_rec *r)
{
	const struct trc_kind *k = trc_kind(r->kind);
	bool driver;

	if (!k)
		return TRC_L_NONE;
	if (k->layer != TRC_L_NONE || r->kind < TRACE_PVR_PUBLISH ||
	    r->kind >= TRACE_SYSCALL)
		return (enum trc_layer)k->layer;
	/* pvring: the driver side publishes and reaps, the device side pops
	 * and pushes; which layer that is depends on the ring */
	driver = r->kind == TRACE_PVR_PUBLISH || r->kind == TRACE_PVR_REAP;
	switch (TRACE_RING_CLASS(r->ring)) {
	case TRACE_RING_CLASS(TRACE_RING_SYSCALL(0)):
		return driver ? TRC_L_USER : TRC_L_KERNEL;
	case TRACE_RING_CLASS(TRACE_RING_DEV(0, 0)):
		return driver ? TRC_L_DEV : TRC_L_HV;
	default:
		return TRC_L_NONE;
	}
}

/* RISC-V privileged spec, scause/hcause codes (with the H extension) */
static const char *const exc_names[] = {
	[0] = "instr misaligned",
	[1] = "instr access fault",
	[2] = "illegal instr",
	[3] = "breakpoint",
	[4] = "load misaligned",
	[5] = "load access fault",
	[6] = "store misaligned",
	[7] = "store access fault",
	[8] = "ecall U",
	[9] = "ecall HS",
	[10] = "ecall VS",
	[11] = "ecall M",
	[12] = "instr page fault",
	[13] = "load page fault",
	[15] = "store page fault",
	[20] = "instr guest-page fault",
	[21] = "load guest-page fault",
	[22] = "virtual instr",
	[23] = "store guest-page fault",
};

static const char *const irq_names[] = {
	[1] = "S software",	   [2] = "VS software",	 [3] = "M software",
	[5] = "S timer",	   [6] = "VS timer",	 [7] = "M timer",
	[9] = "S external",	   [10] = "VS external", [11] = "M external",
	[12] = "S guest external",
};

const char *trc_cause_name(uint32_t code, bool intr)
{
	const char *s = NULL;

	if (intr && code < sizeof(irq_names) / sizeof(irq_names[0]))
		s = irq_names[code];
	else if (!intr && code < sizeof(exc_names) / sizeof(exc_names[0]))
		s = exc_names[code];
	return s ? s : "?";
}

static const struct {
	uint64_t ext;
	const char *name;
} sbi_exts[] = {
	{SBI_EXT_0_1_SET_TIMER, "legacy set_timer"},
	{SBI_EXT_0_1_CONSOLE_PUTCHAR, "legacy putchar"},
	{SBI_EXT_0_1_CONSOLE_GETCHAR, "legacy getchar"},
	{SBI_EXT_0_1_CLEAR_IPI, "legacy clear_ipi"},
	{SBI_EXT_0_1_SEND_IPI, "legacy send_ipi"},
	{SBI_EXT_0_1_SHUTDOWN, "legacy shutdown"},
	{SBI_EXT_BASE, "BASE"},
	{SBI_EXT_TIME, "TIME"},
	{SBI_EXT_IPI, "IPI"},
	{SBI_EXT_RFENCE, "RFENCE"},
	{SBI_EXT_HSM, "HSM"},
	{SBI_EXT_SRST, "SRST"},
	{SBI_EXT_PMU, "PMU"},
	{SBI_EXT_DBCN, "DBCN"},
	{SBI_EXT_SUSP, "SUSP"},
	{SBI_EXT_RVH, "RVH"},
	{SBI_EXT_RVH_TRACE, "RVH_TRACE"},
};

const char *trc_sbi_name(uint64_t ext)
{
	for (size_t i = 0; i < sizeof(sbi_exts) / sizeof(sbi_exts[0]); i++)
		if (sbi_exts[i].ext == ext)
			return sbi_exts[i].name;
	return NULL;
}
