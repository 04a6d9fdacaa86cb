// SPDX-License-Identifier: MIT
/*
 * Which timeline track an event is drawn on. Perfetto shows a JSON trace as
 * processes holding threads, so: process 1 is the hypervisor (a track per
 * physical hart with the vCPUs it ran, and the host disk); process 100 + g
 * is guest g, with two tracks per vCPU (what the hypervisor saw: exits, SBI
 * calls, injected interrupts; what the guest kernel did: system calls, task
 * polls), a track per ring or device queue as the guest uses it, and one
 * per device queue as the hypervisor serves it. Thread ids are unique over
 * the whole trace: pid * 1000000 + a place in the process.
 */
#include <string.h>

#include "trc.h"

#define PID_HV 1u
#define PID_GUEST0 100u
#define TID_HART0 1000u
#define TID_HDISK 2000u
#define OFF_NOVCPU 1u
#define OFF_VCPU 10u /* + 3 * vcpu + enum vcpu_side */

/* a vCPU's tracks: what the hypervisor saw, the kernel's tasks, and its
 * trap-path system calls (which span task polls without nesting in them) */
enum vcpu_side { SIDE_EXITS, SIDE_KERNEL, SIDE_SYSCALLS };
#define OFF_RING 100000u /* + ring id */
#define OFF_VQ 200000u /* + ring id */

static uint32_t pid_of(uint8_t guest)
{
	return guest == TRACE_NONE8 ? PID_HV : PID_GUEST0 + guest;
}

struct trc_track_id trc_track_hart(uint8_t hart)
{
	return (struct trc_track_id){PID_HV, TID_HART0 + hart};
}

static struct trc_track_id in_guest(uint8_t guest, uint32_t off)
{
	uint32_t pid = pid_of(guest);

	return (struct trc_track_id){pid, pid * 1000000u + off};
}

static struct trc_track_id vcpu_track(const struct trace_rec *r,
				      enum vcpu_side side)
{
	if (r->vcpu == TRACE_NONE8)
		return in_guest(r->guest, OFF_NOVCPU);
	return in_guest(r->guest, OFF_VCPU + 3u * r->vcpu + side);
}

struct trc_track_id trc_track_of(const struct trace_rec *r)
{
	const struct trc_kind *k = trc_kind(r->kind);

	switch (k ? k->place : TRC_P_NONE) {
	case TRC_P_LOST:
		if (r->guest != TRACE_NONE8)
			return vcpu_track(r, SIDE_KERNEL);
		return trc_track_hart(r->idx > 0xff ? 0xff : (uint8_t)r->idx);
	case TRC_P_VCPU_HV:
		if (r->guest == TRACE_NONE8)
			return trc_track_hart(r->hart);
		return vcpu_track(r, SIDE_EXITS);
	case TRC_P_VCPU_K:
		return vcpu_track(r, r->kind == TRACE_SYSCALL ? SIDE_SYSCALLS
							      : SIDE_KERNEL);
	case TRC_P_HART:
		return trc_track_hart(r->hart);
	case TRC_P_RING:
		if (!r->ring)
			return vcpu_track(r, r->kind != TRACE_MMIO
						     ? SIDE_KERNEL
						     : SIDE_EXITS);
		return in_guest(r->guest, OFF_RING + r->ring);
	case TRC_P_VQ:
		return in_guest(r->guest, OFF_VQ + r->ring);
	case TRC_P_HDISK:
		return (struct trc_track_id){PID_HV, TID_HDISK};
	default:
		return (struct trc_track_id){PID_HV, 0};
	}
}

void trc_ring_name(const struct trc_trace *t, uint8_t guest, uint16_t ring,
		   char *buf, size_t n)
{
	const char *s = trc_name_of(t, guest, ring);
	unsigned int id = ring & 0xfffu;

	if (s) {
		snprintf(buf, n, "%s", s);
		return;
	}
	switch (TRACE_RING_CLASS(ring)) {
	case TRACE_RING_CLASS(TRACE_RING_DEV(0, 0)):
		/* a device's name is given on its queue 0 */
		s = trc_name_of(t, guest, ring & ~0xfu);
		if (s)
			snprintf(buf, n, "%s q%u", s, ring & 0xfu);
		else
			snprintf(buf, n, "dev page ..%02x q%u", id >> 4,
				 ring & 0xfu);
		break;
	case TRACE_RING_CLASS(TRACE_RING_SYSCALL(0)):
		snprintf(buf, n, "syscall ring pid %u", id);
		break;
	case TRACE_RING_CLASS(TRACE_RING_HOSTDISK(0)):
		snprintf(buf, n, "host disk %u", id);
		break;
	case TRACE_RING_CLASS(TRACE_RING_MMIO(0)):
		snprintf(buf, n, "device window %u", id);
		break;
	default:
		snprintf(buf, n, "ring 0x%04x", ring);
		break;
	}
}

void trc_process_name(const struct trc_trace *t, uint32_t pid, char *buf,
		      size_t n)
{
	const char *s;

	if (pid == PID_HV) {
		snprintf(buf, n, "hypervisor");
		return;
	}
	s = trc_name_of(t, (uint8_t)(pid - PID_GUEST0), 0);
	if (s)
		snprintf(buf, n, "guest %u: %s", pid - PID_GUEST0, s);
	else
		snprintf(buf, n, "guest %u", pid - PID_GUEST0);
}

void trc_thread_name(const struct trc_trace *t, struct trc_track_id id,
		     char *buf, size_t n)
{
	uint8_t guest =
		id.pid == PID_HV ? TRACE_NONE8 : (uint8_t)(id.pid - PID_GUEST0);
	uint32_t off = id.tid - id.pid * 1000000u;
	char ring[64];

	if (id.pid == PID_HV && id.tid >= TID_HART0 &&
	    id.tid <= TID_HART0 + 0xff) {
		if (id.tid == TID_HART0 + TRACE_NONE8)
			snprintf(buf, n, "hart ?");
		else
			snprintf(buf, n, "hart %u", id.tid - TID_HART0);
	} else if (id.pid == PID_HV && id.tid == TID_HDISK) {
		snprintf(buf, n, "host disk");
	} else if (off == OFF_NOVCPU) {
		snprintf(buf, n, "no vCPU");
	} else if (off >= OFF_VCPU && off < OFF_VCPU + 3u * 256) {
		static const char *const side[] = {"exits", "kernel",
						   "syscalls"};

		snprintf(buf, n, "vCPU %u %s", (off - OFF_VCPU) / 3,
			 side[(off - OFF_VCPU) % 3]);
	} else if (off >= OFF_RING && off < OFF_RING + 0x10000) {
		trc_ring_name(t, guest, (uint16_t)(off - OFF_RING), ring,
			      sizeof(ring));
		snprintf(buf, n, "%s", ring);
	} else if (off >= OFF_VQ && off < OFF_VQ + 0x10000) {
		trc_ring_name(t, guest, (uint16_t)(off - OFF_VQ), ring,
			      sizeof(ring));
		snprintf(buf, n, "%s (hypervisor)", ring);
	} else {
		snprintf(buf, n, "other");
	}
}
