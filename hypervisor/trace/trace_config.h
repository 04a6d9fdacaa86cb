/* SPDX-License-Identifier: MIT */
/*
 * How tracing is switched on: words of the host's /chosen/bootargs (QEMU's
 * -append; `make trace` writes them, docs/tracing.md):
 *   rvh.trace=CLASSES       exits,sbi,mmio,sched,virtio,ring,syscall,task,
 *                           blk or all (trace_abi.h's classes), comma-separated
 *   rvh.trace.guests=LIST   guest indexes (bundle order), comma-separated;
 *                           default all
 *   rvh.trace.file=PATH     host file written through semihosting
 *                           (default trace.bin, relative to QEMU's directory)
 *   rvh.trace.kib=N         per-hart buffer in KiB (default 2048)
 * Pure: unit-tested on the host.
 */
#ifndef TRACE_CONFIG_H
#define TRACE_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#define TRACE_FILE_MAX 200
#define TRACE_KIB_DEFAULT 2048
#define TRACE_KIB_MAX (256 * 1024)

struct trace_config {
	uint32_t classes; /* 0: tracing off */
	uint32_t guests; /* bit per guest index */
	uint32_t kib;
	char file[TRACE_FILE_MAX];
};

/* 0, or -1 with err filled (the word that is wrong and why). */
int trace_config_parse(const char *bootargs, struct trace_config *c, char *err,
		       size_t errlen);
/* class bit of a name ("exits", ...), 0 if unknown */
uint32_t trace_class_bit(const char *name, size_t len);

#endif
