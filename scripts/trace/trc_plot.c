// SPDX-License-Identifier: MIT
/*
 * Plots with gnuplot: the data go to files in the plots folder next to a
 * script (plots.gp) that a reader can edit and re-run; then gnuplot runs it
 * there. latency.png: a histogram per layer of request latency;
 * timeline.png: exits and ring events over time, one row per vCPU.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "trc.h"

#define BINS 40

static int perr(char *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, TRC_ERR_MAX, fmt, ap);
	va_end(ap);
	return -1;
}

static FILE *open_in(const char *dir, const char *name, char *err)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f)
		perr(err, "%s: cannot write: %s", path, strerror(errno));
	return f;
}

static double us(const struct trc_trace *t, uint64_t ticks)
{
	return (double)ticks * 1e6 / (double)t->timebase;
}

/* one data file per layer; returns how many values each got */
static int write_latency(const char *dir, const struct trc_trace *t,
			 const struct trc_analysis *a, size_t cnt[TRC_S_COUNT],
			 double max[TRC_S_COUNT], char *err)
{
	FILE *f[TRC_S_COUNT] = {NULL};
	int rc = 0;

	for (int s = 0; s < TRC_S_COUNT && !rc; s++) {
		char name[32];

		snprintf(name, sizeof(name), "latency_%d.dat", s);
		f[s] = open_in(dir, name, err);
		if (!f[s])
			rc = -1;
		else
			fprintf(f[s], "# %s latency, us\n", trc_seg_name[s]);
		cnt[s] = 0;
		max[s] = 0;
	}
	for (size_t q = 0; q < a->nreqs && !rc; q++) {
		uint64_t seg[TRC_S_COUNT];
		bool have[TRC_S_COUNT];

		trc_req_segments(t, a, &a->reqs[q], seg, have);
		for (int s = 0; s < TRC_S_COUNT; s++) {
			double v = us(t, seg[s]);

			if (!have[s])
				continue;
			fprintf(f[s], "%.3f\n", v);
			cnt[s]++;
			if (v > max[s])
				max[s] = v;
		}
	}
	for (int s = 0; s < TRC_S_COUNT; s++)
		if (f[s] && fclose(f[s]) && !rc)
			rc = perr(err, "%s: write error on latency data", dir);
	return rc;
}

static int cmp_u64(const void *pa, const void *pb)
{
	uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;

	return a < b ? -1 : a > b;
}

static bool on_timeline(const struct trace_rec *r)
{
	bool ring = r->ring && r->kind != TRACE_MMIO;

	return r->guest != TRACE_NONE8 && r->vcpu != TRACE_NONE8 &&
	       (r->kind == TRACE_EXIT || ring);
}

/* rows: one per (guest, vCPU), in that order; the ytics go to gp */
static int timeline_rows(const struct trc_trace *t, struct trc_map *rows,
			 FILE *gp)
{
	uint64_t *keys = malloc((t->nrec + 1) * sizeof(*keys)), row;
	size_t n = 0;

	if (!keys)
		return -1;
	for (size_t i = 0; i < t->nrec; i++) {
		const struct trace_rec *r = &t->rec[i];
		uint64_t key = (uint64_t)r->guest << 8 | r->vcpu;

		if (!on_timeline(r) || trc_map_get(rows, key, &row))
			continue;
		keys[n++] = key;
		if (trc_map_put(rows, key, 0)) {
			free(keys);
			return -1;
		}
	}
	qsort(keys, n, sizeof(*keys), cmp_u64);
	fprintf(gp, "set ytics (");
	for (size_t i = 0; i < n; i++) {
		trc_map_put(rows, keys[i], i); /* present: cannot fail */
		fprintf(gp, "%s\"g%u vCPU %u\" %zu", i ? ", " : "",
			(unsigned)(keys[i] >> 8), (unsigned)(keys[i] & 0xff),
			i);
	}
	fprintf(gp, ")\n");
	free(keys);
	return (int)n;
}

/* returns the row count */
static int write_timeline(const char *dir, const struct trc_trace *t,
			  const struct trc_analysis *a, FILE *gp, char *err)
{
	FILE *fe = open_in(dir, "timeline_exits.dat", err);
	FILE *fr = fe ? open_in(dir, "timeline_rings.dat", err) : NULL;
	struct trc_map rows = {0};
	uint64_t row;
	int n;

	if (!fe || !fr) {
		if (fe)
			fclose(fe);
		return -1;
	}
	n = timeline_rows(t, &rows, gp);
	fprintf(fe, "# time ms, row, exit duration us\n");
	fprintf(fr, "# time ms, row\n");
	for (size_t k = 0; k < t->nrec && n > 0; k++) {
		const struct trace_rec *r = &t->rec[a->order[k]];

		if (!on_timeline(r))
			continue;
		trc_map_get(&rows, (uint64_t)r->guest << 8 | r->vcpu, &row);
		if (r->kind == TRACE_EXIT)
			fprintf(fe, "%.6f %llu %.3f\n",
				us(t, r->time - a->tmin) / 1000.0,
				(unsigned long long)row, us(t, r->len));
		else
			fprintf(fr, "%.6f %llu\n",
				us(t, r->time - a->tmin) / 1000.0,
				(unsigned long long)row);
	}
	trc_map_free(&rows);
	if ((fclose(fe) | fclose(fr)) && n >= 0)
		return perr(err, "%s: write error on timeline data", dir);
	if (n < 0)
		return perr(err, "out of memory");
	return n;
}

static void write_script_latency(FILE *gp, const size_t cnt[TRC_S_COUNT],
				 const double max[TRC_S_COUNT])
{
	int shown = 0;

	for (int s = 0; s < TRC_S_COUNT; s++)
		shown += cnt[s] > 0;
	fprintf(gp, "set output 'latency.png'\n");
	if (!shown) {
		fprintf(gp, "unset border; unset tics\n"
			    "set label 'no request latencies in this trace' at"
			    " graph 0.5,0.5 center\n"
			    "plot [0:1][0:1] 2 notitle\nunset label\n"
			    "set border; set tics\n");
		return;
	}
	fprintf(gp,
		"set multiplot layout %d,2 title 'request latency per "
		"layer (us)'\n",
		(shown + 1) / 2);
	for (int s = 0; s < TRC_S_COUNT; s++) {
		double w = max[s] > 0 ? max[s] / BINS : 1;

		if (!cnt[s])
			continue;
		fprintf(gp,
			"set title '%s (%zu requests)'\n"
			"w = %.6g\n"
			"plot 'latency_%d.dat' using (bin($1,w)+w/2):(1.0) "
			"smooth freq with boxes notitle\n",
			trc_seg_name[s], cnt[s], w, s);
	}
	fprintf(gp, "unset multiplot\nunset title\n");
}

static int run_gnuplot(const char *dir, char *err)
{
	char log[4096];
	pid_t pid;
	int status, fd;

	snprintf(log, sizeof(log), "%s/gnuplot.log", dir);
	fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return perr(err, "%s: cannot write: %s", log, strerror(errno));
	pid = fork();
	if (pid < 0) {
		close(fd);
		return perr(err, "cannot start gnuplot: %s", strerror(errno));
	}
	if (!pid) {
		dup2(fd, 1);
		dup2(fd, 2);
		if (chdir(dir))
			_exit(126);
		execlp("gnuplot", "gnuplot", "plots.gp", (char *)NULL);
		_exit(errno == ENOENT ? 127 : 126);
	}
	close(fd);
	if (waitpid(pid, &status, 0) < 0)
		return perr(err, "waiting for gnuplot: %s", strerror(errno));
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		return perr(err,
			    "gnuplot not found: install the Debian package "
			    "gnuplot-nox (scripts/deps.sh does), or leave "
			    "out --plots");
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		return perr(err, "gnuplot failed on %s/plots.gp: see %s", dir,
			    log);
	return 0;
}

int trc_plots_write(const char *dir, const struct trc_trace *t,
		    const struct trc_analysis *a, char *err)
{
	size_t cnt[TRC_S_COUNT];
	double max[TRC_S_COUNT];
	FILE *gp;
	int rows;

	if (mkdir(dir, 0755) && errno != EEXIST)
		return perr(err, "%s: cannot create: %s", dir, strerror(errno));
	if (write_latency(dir, t, a, cnt, max, err))
		return -1;
	gp = open_in(dir, "plots.gp", err);
	if (!gp)
		return -1;
	fprintf(gp,
		"# written by rvh-trace; run it again with: gnuplot plots.gp\n"
		"if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {\n"
		"    set terminal pngcairo size 1200,900\n"
		"} else {\n"
		"    set terminal png size 1200,900\n"
		"}\n"
		"bin(x, w) = w * floor(x / w)\n"
		"set style fill solid 0.6\n"
		"set xrange [0:*]\nset yrange [0:*]\n"
		"set xlabel 'us'\nset ylabel 'requests'\n");
	write_script_latency(gp, cnt, max);
	fprintf(gp, "set output 'timeline.png'\nset autoscale x\n"
		    "set title 'exits and ring events per vCPU'\n"
		    "set xlabel 'ms since the first event'\nunset ylabel\n");
	rows = write_timeline(dir, t, a, gp, err);
	if (rows < 0) {
		fclose(gp);
		return -1;
	}
	if (!rows)
		fprintf(gp, "set label 'no exits or ring events in this trace' "
			    "at graph 0.5,0.5 center\n"
			    "plot [0:1][0:1] 2 notitle\n");
	else
		fprintf(gp,
			"set yrange [%d.5:-0.5]\n"
			"plot 'timeline_exits.dat' using 1:($2-0.15) with "
			"points pt 7 ps 0.4 title 'exits', "
			"'timeline_rings.dat' using 1:($2+0.15) with points "
			"pt 5 ps 0.4 title 'ring events'\n",
			rows - 1);
	if (fclose(gp))
		return perr(err, "%s/plots.gp: write error", dir);
	return run_gnuplot(dir, err);
}
