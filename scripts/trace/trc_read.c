// SPDX-License-Identifier: MIT
/*
 * Reading and checking a binary trace. The file is untrusted: every record
 * is copied out of the buffer before use, every count is bounded by the
 * file size, and every problem names the record number it was found at
 * (record 0 is the header).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "trc.h"

#define REC_SIZE sizeof(struct trace_rec)

static int fail(struct trc_trace *t, char *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, TRC_ERR_MAX, fmt, ap);
	va_end(ap);
	trc_free(t);
	return -1;
}

static int check_header(const struct trace_rec *h, uint32_t recno, char *err)
{
	const char *what = NULL;

	if (h->kind != TRACE_META_HEADER)
		what = "is not a trace header (kind 0x01)";
	else if (h->arg0 != TRACE_MAGIC)
		what = "has a wrong magic (not RVHTRACE)";
	else if (h->idx != TRACE_VERSION)
		what = "has an unsupported version";
	else if (h->len != REC_SIZE)
		what = "gives a record size other than 48";
	else if (h->arg1 == 0)
		what = "gives a timebase of 0 Hz";
	if (!what)
		return 0;
	snprintf(err, TRC_ERR_MAX,
		 "record %u: header %s (kind 0x%x, version %u, record size %u,"
		 " timebase %llu Hz); this converter reads version %u",
		 (unsigned)recno, what, (unsigned)h->kind, (unsigned)h->idx,
		 (unsigned)h->len, (unsigned long long)h->arg1, TRACE_VERSION);
	return -1;
}

/* idx|req|arg0|arg1 as one little-endian byte array, up to the first NUL */
static void name_bytes(const struct trace_rec *r, char *s)
{
	uint8_t raw[TRC_NAME_MAX];
	size_t i;

	for (i = 0; i < 4; i++)
		raw[i] = (uint8_t)(r->idx >> (8 * i));
	for (i = 0; i < 8; i++) {
		raw[4 + i] = (uint8_t)(r->req >> (8 * i));
		raw[12 + i] = (uint8_t)(r->arg0 >> (8 * i));
		raw[20 + i] = (uint8_t)(r->arg1 >> (8 * i));
	}
	for (i = 0; i < TRC_NAME_MAX && raw[i]; i++)
		s[i] = (raw[i] >= 0x20 && raw[i] < 0x7f) ? (char)raw[i] : '?';
	s[i] = 0;
}

static uint64_t name_key(uint8_t guest, uint16_t ring)
{
	return (uint64_t)guest << 16 | ring;
}

static int add_name(struct trc_trace *t, const struct trace_rec *r)
{
	uint64_t key = name_key(r->guest, r->ring), i;
	struct trc_name *n;

	/* a later name for the same thing replaces the earlier one */
	if (!trc_map_get(&t->name_idx, key, &i)) {
		i = t->nnames++;
		if (trc_map_put(&t->name_idx, key, i))
			return -1;
	}
	n = &t->names[i];
	n->guest = r->guest;
	n->ring = r->ring;
	name_bytes(r, n->s);
	return 0;
}

int trc_parse(const void *buf, size_t n, struct trc_trace *t, char *err)
{
	const uint8_t *p = buf;
	struct trace_rec h, r;
	size_t count = n / REC_SIZE;

	memset(t, 0, sizeof(*t));
	err[0] = 0;
	if (n < REC_SIZE)
		return fail(t, err,
			    "record 0: file is %zu bytes, shorter than one "
			    "48-byte record: no header (empty or cut trace?)",
			    n);
	memcpy(&h, p, REC_SIZE);
	if (check_header(&h, 0, err))
		return -1;
	t->timebase = h.arg1;
	t->file_records = count;
	t->trailing_bytes = n % REC_SIZE;
	t->rec = calloc(count, sizeof(*t->rec));
	t->recno = calloc(count, sizeof(*t->recno));
	t->names = calloc(count, sizeof(*t->names));
	if (!t->rec || !t->recno || !t->names)
		return fail(t, err, "out of memory for %zu records", count);

	for (size_t i = 1; i < count; i++) {
		memcpy(&r, p + i * REC_SIZE, REC_SIZE);
		if (r.kind == TRACE_META_HEADER) {
			/* drains may be concatenated; they must agree */
			if (check_header(&r, (uint32_t)i, err)) {
				trc_free(t);
				return -1;
			}
			if (r.arg1 != h.arg1)
				return fail(
					t, err,
					"record %zu: a second header gives "
					"timebase %llu Hz, the first %llu Hz",
					i, (unsigned long long)r.arg1,
					(unsigned long long)h.arg1);
			t->extra_headers++;
			continue;
		}
		if (r.kind == TRACE_META_NAME) {
			if (add_name(t, &r))
				return fail(t, err, "out of memory for names");
			continue;
		}
		if (!trc_kind(r.kind)) {
			if (!t->unknown++) {
				t->first_unknown = (uint32_t)i;
				t->first_unknown_kind = r.kind;
			}
			continue;
		}
		t->recno[t->nrec] = (uint32_t)i;
		t->rec[t->nrec++] = r;
	}
	return 0;
}

int trc_load(const char *path, struct trc_trace *t, char *err)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t n = 0, cap = 0;
	char msg[TRC_ERR_MAX];
	int rc;

	memset(t, 0, sizeof(*t));
	if (!f) {
		snprintf(err, TRC_ERR_MAX, "%s: cannot open: %s", path,
			 strerror(errno));
		return -1;
	}
	for (;;) {
		if (n == cap) {
			uint8_t *nb;

			cap = cap ? cap * 2 : 1 << 16;
			nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				fclose(f);
				snprintf(err, TRC_ERR_MAX,
					 "%s: out of memory at %zu bytes", path,
					 n);
				return -1;
			}
			buf = nb;
		}
		size_t got = fread(buf + n, 1, cap - n, f);

		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		snprintf(err, TRC_ERR_MAX, "%s: read error after %zu bytes",
			 path, n);
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	rc = trc_parse(buf, n, t, msg);
	free(buf);
	if (rc)
		snprintf(err, TRC_ERR_MAX, "%.80s: %.170s", path, msg);
	return rc;
}

void trc_free(struct trc_trace *t)
{
	free(t->rec);
	free(t->recno);
	free(t->names);
	trc_map_free(&t->name_idx);
	memset(t, 0, sizeof(*t));
}

const char *trc_name_of(const struct trc_trace *t, uint8_t guest, uint16_t ring)
{
	uint64_t i;

	if (!trc_map_get(&t->name_idx, name_key(guest, ring), &i) ||
	    !t->names[i].s[0])
		return NULL;
	return t->names[i].s;
}
