// SPDX-License-Identifier: MIT
/* Debug console: byte streams to and from the host console. */
#include "guest.h"
#include "guest_console.h"
#include "vcpu_sbi.h"
#include "vcpu_sbi_args.h"

/* Bytes moved per call at most: the console is written under the
 * scheduler lock, at some 6 us a byte on QEMU, so a larger request would
 * hold up every other guest's exits. The spec lets write and read do part
 * of the work; callers loop on the count returned. */
#define DBCN_CHUNK 256

static void dbcn_handler(struct vcpu *v, unsigned long fid,
			 struct vcpu_sbi_ret *ret)
{
	struct guest *g = v->vm;
	uint64_t num = vcpu_sbi_arg(v, 0), lo = vcpu_sbi_arg(v, 1);
	uint64_t hi = vcpu_sbi_arg(v, 2);
	uint8_t *buf;
	uint64_t n = 0;
	int c;

	switch (fid) {
	case SBI_DBCN_CONSOLE_WRITE:
	case SBI_DBCN_CONSOLE_READ:
		ret->error =
			sbi_dbcn_check(g->ram_gpa, g->ram_size, num, lo, hi);
		if (ret->error)
			return;
		buf = guest_gpa_to_hva(g, lo, num);
		if (num > DBCN_CHUNK)
			num = DBCN_CHUNK;
		if (fid == SBI_DBCN_CONSOLE_WRITE) {
			guest_console_write(g, (const char *)buf, num);
			n = num;
		} else {
			while (n < num && (c = guest_console_getc(g)) >= 0)
				buf[n++] = (uint8_t)c;
		}
		ret->value = n;
		break;
	case SBI_DBCN_CONSOLE_WRITE_BYTE: {
		char b = (char)num;

		guest_console_write(g, &b, 1);
		ret->error = SBI_SUCCESS;
		break;
	}
	default:
		ret->error = SBI_ERR_NOT_SUPPORTED;
	}
}

const struct vcpu_sbi_ext vcpu_sbi_ext_dbcn = {
	.ext_lo = SBI_EXT_DBCN,
	.ext_hi = SBI_EXT_DBCN,
	.name = "dbcn",
	.handler = dbcn_handler,
};
