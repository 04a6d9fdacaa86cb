// SPDX-License-Identifier: MIT
/*
 * rvh-trace TRACE.bin [--json OUT.json] [--summary OUT.txt] [--plots DIR]
 *                     [--check]
 * Converts a binary trace (firmware/include/trace_abi.h) into a JSON trace
 * for ui.perfetto.dev, a text summary and gnuplot PNGs (docs/tracing.md).
 * With no output named, the summary goes to standard output. --check makes
 * records of unknown kinds and a cut last record errors instead of warnings.
 * Exit status: 0 done, 1 bad input or failed output, 2 bad command line.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "trc.h"

static const char usage[] =
	"usage: rvh-trace TRACE.bin [--json OUT.json] [--summary OUT.txt]\n"
	"                 [--plots DIR] [--check]\n"
	"  --json FILE     Chrome JSON trace events: open it in "
	"ui.perfetto.dev\n"
	"  --summary FILE  text summary (default: standard output when no\n"
	"                  output is named; '-' is standard output)\n"
	"  --plots DIR     latency.png and timeline.png, made with gnuplot\n"
	"  --check         unknown record kinds and a cut last record are\n"
	"                  errors, not warnings\n";

struct opts {
	const char *in, *json, *summary, *plots;
	bool check;
};

static int parse_args(int argc, char **argv, struct opts *o)
{
	for (int i = 1; i < argc; i++) {
		const char **dst = NULL;

		if (!strcmp(argv[i], "--json"))
			dst = &o->json;
		else if (!strcmp(argv[i], "--summary"))
			dst = &o->summary;
		else if (!strcmp(argv[i], "--plots"))
			dst = &o->plots;
		else if (!strcmp(argv[i], "--check"))
			o->check = true;
		else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return 1;
		else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "rvh-trace: unknown option %s\n",
				argv[i]);
			return -1;
		} else if (o->in) {
			fprintf(stderr,
				"rvh-trace: one trace file only (%s, %s)\n",
				o->in, argv[i]);
			return -1;
		} else {
			o->in = argv[i];
		}
		if (dst) {
			if (++i == argc) {
				fprintf(stderr, "rvh-trace: %s needs a value\n",
					argv[i - 1]);
				return -1;
			}
			*dst = argv[i];
		}
	}
	if (!o->in) {
		fprintf(stderr, "rvh-trace: no trace file named\n");
		return -1;
	}
	return 0;
}

/* what the reader skipped: warnings, or errors under --check */
static int report_skipped(const struct opts *o, const struct trc_trace *t)
{
	const char *what = o->check ? "error" : "warning";

	if (t->unknown)
		fprintf(stderr,
			"rvh-trace: %s: %s: record %u: unknown kind 0x%x (%zu "
			"such"
			" records skipped; a newer recorder than this "
			"converter?)\n",
			o->in, what, t->first_unknown, t->first_unknown_kind,
			t->unknown);
	if (t->trailing_bytes)
		fprintf(stderr,
			"rvh-trace: %s: %s: record %zu: truncated, %zu of 48 "
			"bytes (the trace was cut while being written?)\n",
			o->in, what, t->file_records, t->trailing_bytes);
	return o->check && (t->unknown || t->trailing_bytes) ? -1 : 0;
}

static FILE *open_out(const char *path)
{
	FILE *f;

	if (!strcmp(path, "-"))
		return stdout;
	f = fopen(path, "w");
	if (!f)
		fprintf(stderr, "rvh-trace: %s: cannot write: %s\n", path,
			strerror(errno));
	return f;
}

static int close_out(FILE *f, const char *path, int rc)
{
	if (f == stdout)
		return fflush(f) || rc ? -1 : 0;
	if (fclose(f) || rc) {
		fprintf(stderr, "rvh-trace: %s: write error\n", path);
		return -1;
	}
	return 0;
}

static int outputs(const struct opts *o, const struct trc_trace *t,
		   const struct trc_analysis *a)
{
	char err[TRC_ERR_MAX];
	FILE *f;

	if (o->json) {
		struct trc_json_stats st;

		f = open_out(o->json);
		if (!f ||
		    close_out(f, o->json, trc_json_write(f, t, a, o->in, &st)))
			return -1;
		if (st.clipped)
			fprintf(stderr,
				"rvh-trace: %s: %zu slices overlapped the "
				"slice "
				"they started in and were clipped "
				"(args.clipped_us)\n",
				o->in, st.clipped);
	}
	if (o->summary) {
		f = open_out(o->summary);
		if (!f || close_out(f, o->summary, trc_summary_write(f, t, a)))
			return -1;
	}
	if (o->plots && trc_plots_write(o->plots, t, a, err)) {
		fprintf(stderr, "rvh-trace: %s\n", err);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct opts o = {0};
	struct trc_trace t;
	struct trc_analysis a;
	char err[TRC_ERR_MAX];
	int rc = parse_args(argc, argv, &o);

	if (rc) {
		fputs(usage, rc > 0 ? stdout : stderr);
		return rc > 0 ? 0 : 2;
	}
	if (!o.json && !o.plots && !o.summary && !o.check)
		o.summary = "-";
	if (trc_load(o.in, &t, err)) {
		fprintf(stderr, "rvh-trace: %s\n", err);
		return 1;
	}
	if (report_skipped(&o, &t)) {
		trc_free(&t);
		return 1;
	}
	if (trc_link(&t, &a)) {
		fprintf(stderr,
			"rvh-trace: %s: out of memory linking %zu records\n",
			o.in, t.nrec);
		trc_free(&t);
		return 1;
	}
	rc = outputs(&o, &t, &a);
	if (!rc && o.check && !o.json && !o.summary && !o.plots)
		printf("%s: ok: %zu records, %zu requests\n", o.in,
		       t.file_records, a.nreqs);
	trc_analysis_free(&a);
	trc_free(&t);
	return rc ? 1 : 0;
}
