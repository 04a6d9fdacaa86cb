// SPDX-License-Identifier: MIT
/*
 * Writes hand-made traces for the converter's tests (trace_cli.sh):
 *   trace_mksample OUT.bin workload   two vCPUs, ring and trap-path block
 *                                     requests, timer exits, lost records
 *   trace_mksample OUT.bin overlap    slices that overlap on one track
 *   trace_mksample OUT.bin unknown    a record of a kind not in the header
 *   trace_mksample OUT.bin cut        the last record cut short
 *   trace_mksample OUT.bin badmagic   a header with the wrong magic
 */
#include <stdio.h>
#include <string.h>

#include "trace_build.h"

static void workload(struct tb *b)
{
	uint64_t t = 1000;

	tb_name(b, 0, 0, "gk");
	tb_name(b, 0, TB_SYS, "proc 1 syscalls");
	tb_name(b, 0, TB_BLK, "virtio-blk");
	tb_add(b, 900, TRACE_VCPU_LOAD, 0, 0, 0, 0);
	tb_add(b, 900, TRACE_VCPU_LOAD, 0, 1, 0, 0);
	/* disk times spread over 20..119 ticks, for the percentiles */
	for (unsigned int i = 0; i < 40; i++) {
		uint32_t disk = 20 + (i * 37) % 100;

		tb_ring_request(b, t, 1 + i, i % 8, (2 * i) % 16, disk);
		t += 50 + disk;
	}
	for (unsigned int i = 0; i < 10; i++) {
		uint32_t disk = 20 + (i * 53) % 100;

		tb_trap_request(b, t, 100 + i, (2 * i + 1) % 16, disk);
		t += 50 + disk;
	}
	/* the computing vCPU: timer exits with an SBI call in each */
	for (uint64_t c = 1000; c < t; c += 100) {
		tb_slice(b, c, 6, TRACE_EXIT, 0, 1, 5)->flags |= TRACE_F_INTR;
		tb_slice(b, c + 50, 4, TRACE_EXIT, 0, 1, 10);
		tb_add(b, c + 51, TRACE_SBI, 0, 1, 0, 0)->arg0 = 0x54494D45;
	}
	tb_add(b, 2000, TRACE_META_LOST, TRACE_NONE8, TRACE_NONE8, 0, 1)->arg0 =
		7;
	tb_add(b, 2500, TRACE_META_LOST, 0, 1, 0, 1)->arg0 = 3;
	tb_add(b, t + 10, TRACE_VCPU_PUT, 0, 0, 0, 0);
}

int main(int argc, char **argv)
{
	const char *v = argc > 2 ? argv[2] : "workload";
	struct tb b = {0};
	FILE *f;

	if (argc < 2) {
		fprintf(stderr,
			"usage: trace_mksample OUT.bin [workload|overlap|"
			"unknown|cut|badmagic]\n");
		return 2;
	}
	tb_header(&b, TB_TIMEBASE);
	if (!strcmp(v, "workload") || !strcmp(v, "cut")) {
		workload(&b);
	} else if (!strcmp(v, "overlap")) {
		/* a poll that outlasts the poll it started in */
		tb_slice(&b, 100, 50, TRACE_TASK_POLL, 0, 0, 1);
		tb_slice(&b, 120, 60, TRACE_TASK_POLL, 0, 0, 3);
		tb_slice(&b, 130, 10, TRACE_TASK_POLL, 0, 0, 4);
		tb_slice(&b, 200, 10, TRACE_SYSCALL, 0, 0, 2);
	} else if (!strcmp(v, "unknown")) {
		workload(&b);
		tb_add(&b, 5000, 0x7f, 0, 0, 0, 0);
	} else if (!strcmp(v, "badmagic")) {
		b.r[0].arg0 ^= 1;
	} else {
		fprintf(stderr, "trace_mksample: unknown variant %s\n", v);
		return 2;
	}
	if (tb_write(&b, argv[1])) {
		perror(argv[1]);
		return 1;
	}
	if (!strcmp(v, "cut")) {
		/* half of one more record, as if the write stopped */
		f = fopen(argv[1], "ab");
		if (!f || fwrite(&b.r[1], 1, 20, f) != 20 || fclose(f))
			return 1;
	}
	free(b.r);
	return 0;
}
