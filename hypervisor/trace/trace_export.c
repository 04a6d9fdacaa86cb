// SPDX-License-Identifier: MIT
/*
 * Export of the trace to a host file through QEMU semihosting (SYS_OPEN,
 * SYS_WRITE, SYS_CLOSE; QEMU needs -semihosting-config
 * enable=on,target=native). A hart writes its own buffer when it passes
 * the watermark, under one lock so that chunks do not interleave; the file
 * is a sequence of whole records, in time order within each chunk, not
 * across chunks (readers sort by time). Nothing here runs unless the host
 * bootargs switch tracing on; if they do and QEMU has no semihosting, the
 * first call traps, is skipped, and tracing stays off.
 */
#include <libfdt.h>
#include <stdio.h>
#include <string.h>

#include "../console.h"
#include "../guest.h"
#include "../hart.h"
#include "../host_fdt.h"
#include "../spinlock.h"
#include "../virtio/virtio_mmio.h"
#include "../virtio/dev_virtio.h"
#include "trace.h"
#include "trace_buf.h"
#include "trace_config.h"
#include "trace_export.h"
#include "trace_vcpu.h"

#define SEMIHOST_SYS_OPEN 0x01
#define SEMIHOST_SYS_CLOSE 0x02
#define SEMIHOST_SYS_WRITE 0x05
#define SEMIHOST_MODE_WB 5 /* "wb": create or truncate, binary */

long semihost_call(long op, void *args);

static struct spinlock trace_export_lock;
static long trace_fd = -1;
static struct trace_config trace_cfg;
static bool semihost_missing; /* the ebreak trapped: QEMU has none */

/* One semihosting call; -1 and tracing off if QEMU has no semihosting
 * (the ebreak trapped to us). */
static long semihost(long op, unsigned long *args)
{
	struct hart *h = this_hart();
	long r;

	h->fault_cause = 0;
	h->fault_expected = 1;
	r = semihost_call(op, args);
	h->fault_expected = 0;
	if (h->fault_cause) {
		semihost_missing = true;
		trace_classes = 0;
		trace_fd = -1;
		hyp_info("tracing: QEMU has no semihosting (run it with "
			 "-semihosting-config enable=on,target=native, as "
			 "scripts/qemu-run.sh does): tracing off");
		return -1;
	}
	return r;
}

/* 0, or -1 with tracing off */
static int trace_write(const void *p, size_t bytes)
{
	unsigned long args[3] = {(unsigned long)trace_fd, (uintptr_t)p, bytes};
	long left;

	if (trace_fd < 0)
		return -1;
	left = semihost(SEMIHOST_SYS_WRITE, args);
	if (left) {
		if (left > 0)
			hyp_info("tracing: writing '%s' failed (%ld of %lu "
				 "bytes not written; disk full?): tracing off",
				 trace_cfg.file, left, (unsigned long)bytes);
		trace_classes = 0;
		trace_fd = -1;
		return -1;
	}
	return 0;
}

static void trace_export(struct trace_hbuf *b, unsigned int hart)
{
	uint32_t n = __atomic_load_n(&b->n, __ATOMIC_ACQUIRE);

	spin_lock(&trace_export_lock);
	if (n && !trace_write(b->rec, (size_t)n * sizeof(b->rec[0])))
		b->written += n;
	spin_unlock(&trace_export_lock);
	trace_buf_reset(b, hart);
}

void trace_export_this_hart(void)
{
	unsigned int i = this_hart()->index;

	trace_export(&trace_hbufs[i], i);
}

void trace_export_check(void)
{
	struct trace_hbuf *b = &trace_hbufs[this_hart()->index];

	if (b->rec && b->n >= TRACE_WATERMARK(b))
		trace_export_this_hart();
}

/* NAME: up to 20 bytes over idx|req|arg0 (trace_abi.h), NUL-padded */
static void trace_name_rec(struct trace_rec *r, uint8_t guest, uint16_t ring,
			   const char *name)
{
	uint8_t b[28] = {0};
	size_t n = strlen(name);

	if (n > 20)
		n = 20;
	memcpy(b, name, n);
	*r = (struct trace_rec){.time = csr_read(CSR_TIME),
				.kind = TRACE_META_NAME,
				.guest = guest,
				.vcpu = TRACE_NONE8,
				.hart = (uint8_t)this_hart()->index,
				.ring = ring};
	memcpy(&r->idx, b, 4);
	memcpy(&r->req, b + 4, 8);
	memcpy(&r->arg0, b + 12, 8);
	memcpy(&r->arg1, b + 20, 8);
}

/* "blk" of "virtio,blk", "emu-blk" of "rvh,emu-blk" */
static const char *short_type(const char *compatible)
{
	const char *c = strchr(compatible, ',');

	return c ? c + 1 : compatible;
}

#define TRACE_NAMES_MAX \
	(GUEST_MAX * (1 + GUEST_DEVS_MAX * (1 + VMMIO_QUEUES_MAX)))

struct trace_name {
	uint8_t guest;
	uint16_t ring;
	char name[32];
};

/* Add a name; a ring id named already (two virtio windows whose page
 * numbers share their low 8 bits) gets both. */
static unsigned int trace_name_add(struct trace_name *t, unsigned int n,
				   unsigned int g, uint16_t ring,
				   const char *type, const char *suffix)
{
	for (unsigned int i = 0; i < n; i++)
		if (t[i].guest == g && t[i].ring == ring) {
			size_t l = strlen(t[i].name);

			snprintf(t[i].name + l, sizeof(t[i].name) - l, "+%s",
				 type);
			return n;
		}
	t[n].guest = (uint8_t)g;
	t[n].ring = ring;
	snprintf(t[n].name, sizeof(t[n].name), "g%u:%s%s", g, type, suffix);
	return n + 1;
}

/* header, then a name for each guest and each device window / queue */
static int trace_write_names(void)
{
	static struct trace_rec recs[1 + GUEST_MAX + TRACE_NAMES_MAX];
	static struct trace_name names[TRACE_NAMES_MAX];
	unsigned int n = 0, nn = 0;
	char sfx[24];

	recs[n++] = (struct trace_rec){
		.time = csr_read(CSR_TIME),
		.kind = TRACE_META_HEADER,
		.guest = TRACE_NONE8,
		.vcpu = TRACE_NONE8,
		.hart = (uint8_t)this_hart()->index,
		.idx = TRACE_VERSION,
		.len = sizeof(struct trace_rec),
		.arg0 = TRACE_MAGIC,
		.arg1 = host.timebase_hz,
	};
	for (unsigned int g = 0; g < nr_guests; g++) {
		struct guest *gu = &guests[g];

		trace_name_rec(&recs[n++], (uint8_t)g, TRACE_RING_NONE,
			       gu->name);
		for (unsigned int i = 0; i < gu->nr_devs; i++) {
			struct vdev *d = &gu->devs[i];
			unsigned int nq = 0;
			char dev[24];

			/* the bundle's name for it (up to its '@'), else its
			 * type and window: "vda", "console@10001" */
			if (d->name && *d->name)
				snprintf(dev, sizeof(dev), "%.*s",
					 (int)strcspn(d->name, "@"), d->name);
			else
				snprintf(dev, sizeof(dev), "%s@%llx",
					 short_type(d->type->compatible),
					 (unsigned long long)(d->base >> 12));
			if (d->type->mmio == &dev_virtio_mmio)
				nq = ((struct vmmio *)d->priv)->dev->nqueues;
			for (unsigned int w = 0; w < gu->nr_mmio; w++)
				if (gu->mmio[w].dev == d)
					nn = trace_name_add(names, nn, g,
							    TRACE_RING_MMIO(w),
							    dev, "");
			for (unsigned int q = 0; q < nq; q++) {
				snprintf(sfx, sizeof(sfx), " q%u", q);
				nn = trace_name_add(names, nn, g,
						    TRACE_RING_DEV(d->base, q),
						    dev, sfx);
			}
		}
	}
	for (unsigned int i = 0; i < nn; i++)
		trace_name_rec(&recs[n++], names[i].guest, names[i].ring,
			       names[i].name);
	return trace_write(recs, n * sizeof(recs[0]));
}

static const char *trace_bootargs(void)
{
	const void *fdt = (const void *)(uintptr_t)host.fdt_base;
	int chosen = fdt_path_offset(fdt, "/chosen");
	const char *s;
	int len;

	if (chosen < 0)
		return "";
	s = fdt_getprop(fdt, chosen, "bootargs", &len);
	return s && len > 0 && !s[len - 1] ? s : "";
}

void trace_start(void)
{
	char err[240];
	unsigned long args[3];

	if (trace_config_parse(trace_bootargs(), &trace_cfg, err,
			       sizeof(err))) {
		hyp_info("tracing: %s; tracing off", err);
		return;
	}
	if (!trace_cfg.classes)
		return;
	if (!RVH_TRACE_COMPILED) {
		hyp_info("tracing asked for, but this hypervisor was built "
			 "without it (TRACE_COMPILED=0): tracing off");
		return;
	}
	if (trace_buf_init(trace_cfg.kib, host.nr_harts)) {
		hyp_info("tracing: no memory for %u KiB per hart: tracing off "
			 "(give QEMU more with HOST_MEM, or rvh.trace.kib=)",
			 trace_cfg.kib);
		return;
	}
	args[0] = (uintptr_t)trace_cfg.file;
	args[1] = SEMIHOST_MODE_WB;
	args[2] = strlen(trace_cfg.file);
	trace_fd = semihost(SEMIHOST_SYS_OPEN, args);
	if (trace_fd < 0 && !semihost_missing) {
		hyp_info("tracing: cannot open '%s' on the host (semihosting "
			 "SYS_OPEN failed): tracing off",
			 trace_cfg.file);
	}
	if (trace_fd < 0) {
		trace_fd = -1;
		return;
	}
	trace_guests = trace_cfg.guests;
	if (trace_write_names())
		return;
	hyp_info("tracing to '%s': classes 0x%x, guests 0x%x, %u KiB a hart",
		 trace_cfg.file, trace_cfg.classes, trace_cfg.guests,
		 trace_cfg.kib);
	__atomic_store_n(&trace_classes, trace_cfg.classes, __ATOMIC_RELEASE);
}

void trace_shutdown(void)
{
	uint64_t written = 0, lost = 0;
	unsigned long args[1];

	if (trace_fd < 0 || !trace_classes)
		return;
	trace_guests_drain_all();
	for (unsigned int i = 0; i < hyp_nr_harts; i++) {
		trace_export(&trace_hbufs[i], i);
		/* a LOST record made by the reset */
		trace_export(&trace_hbufs[i], i);
		written += trace_hbufs[i].written;
		lost += trace_hbufs[i].lost;
	}
	trace_classes = 0;
	args[0] = (unsigned long)trace_fd;
	semihost(SEMIHOST_SYS_CLOSE, args);
	trace_fd = -1;
	hyp_info("tracing: %llu records written to '%s', %llu lost in the "
		 "hypervisor's buffers",
		 (unsigned long long)written, trace_cfg.file,
		 (unsigned long long)lost);
	trace_guests_report();
}
