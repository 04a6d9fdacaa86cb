/* SPDX-License-Identifier: MIT */
/*
 * rvh-trace: the host converter of the binary trace (firmware/include/
 * trace_abi.h) into a Perfetto-readable JSON trace, a text summary and
 * gnuplot plots. This header holds what the converter's parts share: the
 * loaded trace, the per-kind table and the linked requests.
 */
#ifndef TRC_H
#define TRC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "trace_abi.h"

/* ---- a small hash map u64 -> u64 (trc_map.c) ---- */

struct trc_map {
	uint64_t *key, *val;
	uint8_t *used;
	size_t cap, n;
};

/* val stays untouched and false is returned when key is absent */
bool trc_map_get(const struct trc_map *m, uint64_t key, uint64_t *val);
int trc_map_put(struct trc_map *m, uint64_t key, uint64_t val);
void trc_map_del(struct trc_map *m, uint64_t key);
void trc_map_free(struct trc_map *m);

/* ---- loading (trc_read.c) ---- */

#define TRC_NAME_MAX 28 /* idx|req|arg0|arg1: 4 + 8 + 8 + 8 bytes */
#define TRC_ERR_MAX 256

struct trc_name {
	uint8_t guest;
	uint16_t ring; /* 0: the guest's own name */
	char s[TRC_NAME_MAX + 1];
};

struct trc_trace {
	uint64_t timebase; /* Hz of the `time` CSR */
	struct trace_rec *rec; /* records of known kinds but names/headers */
	uint32_t *recno; /* each one's record number in the file (0 = header) */
	size_t nrec;
	struct trc_name *names;
	size_t nnames;
	struct trc_map name_idx; /* guest << 16 | ring -> index in names */
	/* what was skipped, reported by the summary and by --check */
	size_t file_records; /* whole records in the file */
	size_t unknown; /* records of kinds this converter does not know */
	uint32_t first_unknown; /* record number of the first one */
	uint16_t first_unknown_kind;
	size_t extra_headers; /* repeated identical headers (concatenated) */
	size_t trailing_bytes; /* a partial record at the end */
};

/*
 * Parse a trace held in memory. On failure returns -1 with a message naming
 * the record and what is wrong in err (TRC_ERR_MAX bytes); the trace is then
 * empty. Never reads outside buf.
 */
int trc_parse(const void *buf, size_t n, struct trc_trace *t, char *err);
/* Read a file and parse it; the message then starts with the file name. */
int trc_load(const char *path, struct trc_trace *t, char *err);
void trc_free(struct trc_trace *t);
/* The name a META_NAME gave (guest, ring), or NULL. */
const char *trc_name_of(const struct trc_trace *t, uint8_t guest,
			uint16_t ring);

/* ---- per-kind facts (trc_kinds.c) ---- */

/* The layers a request crosses, in the order it crosses them going down. */
enum trc_layer {
	TRC_L_NONE,
	TRC_L_USER, /* user program: ring submit and reap */
	TRC_L_KERNEL, /* guest kernel: system call paths, tasks */
	TRC_L_DEV, /* guest driver: chain on a device ring */
	TRC_L_HV, /* hypervisor virtio device: pop and push */
	TRC_L_HDISK, /* hypervisor's host disk: QEMU's device */
	TRC_L_COUNT,
};

/* How an event finds its request id (trace_abi.h, the linking rule). */
enum trc_link {
	TRC_LINK_NONE, /* not part of a request */
	TRC_LINK_OWN, /* carries the id it has, if any */
	TRC_LINK_START, /* starts a chain: an id of its own, made up if 0 */
	TRC_LINK_BACK, /* 0: nearest earlier event of the key with an id */
	TRC_LINK_FWD, /* 0: nearest later one (happens before the id exists) */
};

/* Which track an event is drawn on. */
enum trc_place {
	TRC_P_NONE, /* not drawn (header, names) */
	TRC_P_VCPU_HV, /* the vCPU as the hypervisor sees it: exits, SBI */
	TRC_P_VCPU_K, /* the vCPU inside the guest kernel: tasks, syscalls */
	TRC_P_HART, /* a physical hart: vCPU residency */
	TRC_P_RING, /* the ring or device queue named by `ring` */
	TRC_P_VQ, /* the hypervisor's side of a device queue */
	TRC_P_HDISK, /* the host disk */
	TRC_P_LOST, /* the buffer that lost records */
};

enum trc_bytes { TRC_B_NONE, TRC_B_POP, TRC_B_PUSH };

struct trc_kind {
	uint16_t kind;
	const char *name;
	uint8_t layer, link, place;
	uint8_t rank; /* causal order inside one request, breaks time ties */
	bool slice; /* len is a duration */
	uint8_t bytes; /* len counts bytes: TRC_B_POP (chains taken), TRC_B_PUSH */
	bool opens; /* a new request starts on its (guest, ring, idx) key */
	bool closes; /* the request on its key is over */
	const char *cat; /* Chrome JSON category */
};

const struct trc_kind *trc_kind(uint16_t kind); /* NULL if unknown */
bool trc_is_slice(const struct trace_rec *r);
/* the layer of a record: pvring events take it from the ring's class */
enum trc_layer trc_layer_of(const struct trace_rec *r);
/* RISC-V trap cause names, "?" when unknown */
const char *trc_cause_name(uint32_t code, bool intr);
/* SBI extension names, NULL when unknown */
const char *trc_sbi_name(uint64_t ext);

/* ---- linking requests (trc_link.c) ---- */

#define TRC_SYNTH_REQ (1ull << 63) /* made-up ids for chains without one */

struct trc_req {
	uint64_t id;
	uint32_t first, n; /* its events: an.node[first .. first + n) */
	uint32_t layers; /* 1 << enum trc_layer of its events */
	bool block; /* it put a chain on a block device */
	uint64_t t0, t1; /* first event, end of the last one (ticks) */
};

struct trc_analysis {
	uint32_t *order; /* record indices in time order */
	uint64_t *req; /* request id of each record (by record index), or 0 */
	struct trc_req *reqs;
	size_t nreqs;
	uint32_t *node; /* record indices grouped per request, in time order */
	uint64_t tmin, tmax; /* first event, end of the last one (ticks) */
};

int trc_link(const struct trc_trace *t, struct trc_analysis *a);
void trc_analysis_free(struct trc_analysis *a);
size_t trc_layer_count(uint32_t layers);
/* nanoseconds since the first event, saturating */
uint64_t trc_ns(const struct trc_trace *t, const struct trc_analysis *a,
		uint64_t ticks);
/* the end of a record: time + len for slices */
uint64_t trc_end(const struct trace_rec *r);

/* Per-layer latency of one request (trc_latency.c). */
enum trc_seg {
	TRC_S_USER_KERNEL,
	TRC_S_KERNEL_DEV,
	TRC_S_DEV_HDISK,
	TRC_S_HDISK,
	TRC_S_HDISK_DEV,
	TRC_S_DEV_KERNEL,
	TRC_S_KERNEL_USER,
	TRC_S_TOTAL,
	TRC_S_COUNT,
};

extern const char *const trc_seg_name[TRC_S_COUNT];
/* ticks spent in each segment; false where the request lacks an end */
void trc_req_segments(const struct trc_trace *t, const struct trc_analysis *a,
		      const struct trc_req *q, uint64_t seg[TRC_S_COUNT],
		      bool have[TRC_S_COUNT]);

/* ---- tracks (trc_tracks.c) ---- */

struct trc_track_id {
	uint32_t pid, tid;
};

struct trc_track_id trc_track_of(const struct trace_rec *r);
struct trc_track_id trc_track_hart(uint8_t hart);
/* process and thread names for the JSON metadata, into buf */
void trc_process_name(const struct trc_trace *t, uint32_t pid, char *buf,
		      size_t n);
void trc_thread_name(const struct trc_trace *t, struct trc_track_id id,
		     char *buf, size_t n);
/* a ring's name: the META_NAME one, else made from its id */
void trc_ring_name(const struct trc_trace *t, uint8_t guest, uint16_t ring,
		   char *buf, size_t n);

/* ---- outputs ---- */

struct trc_json_stats {
	size_t events, flows, clipped;
};

int trc_json_write(FILE *f, const struct trc_trace *t,
		   const struct trc_analysis *a, const char *source,
		   struct trc_json_stats *st);
int trc_summary_write(FILE *f, const struct trc_trace *t,
		      const struct trc_analysis *a);
/* 0 on success; -1 with a message in err */
int trc_plots_write(const char *dir, const struct trc_trace *t,
		    const struct trc_analysis *a, char *err);

#endif
