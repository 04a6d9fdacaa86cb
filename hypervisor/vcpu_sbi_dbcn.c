// SPDX-License-Identifier: MIT
/* Debug console: byte streams to and from the host console. */
#include <string.h>

#include "guest.h"
#include "guest_console.h"
#include "host_fdt.h"
#include "vcpu_sbi.h"
#include "vcpu_sbi_args.h"

/* The console is written under the scheduler lock, at 6 us a byte or
 * more on QEMU: a call writes at most DBCN_CHUNK bytes, and no further
 * line once DBCN_BUDGET_US have passed, so that it never holds up other
 * guests' exits for long. Whole lines where it can: with several guests,
 * another guest's line may come between two calls. The spec lets write
 * and read do part of the work; callers loop on the count returned. */
#define DBCN_CHUNK 256
#define DBCN_BUDGET_US 1000

/* write up to num bytes of buf within the budget; returns the count */
static uint64_t dbcn_write(struct guest *g, const char *buf, uint64_t num)
{
	uint64_t end = csr_read(CSR_TIME) +
		       host.timebase_hz * DBCN_BUDGET_US / 1000000;
	uint64_t n = 0;

	if (num > DBCN_CHUNK)
		num = DBCN_CHUNK;
	while (n < num && (!n || csr_read(CSR_TIME) < end)) {
		const char *nl = memchr(buf + n, '\n', num - n);
		uint64_t k = nl ? (uint64_t)(nl - buf) + 1 - n : num - n;

		guest_console_write(g, buf + n, k);
		n += k;
	}
	return n;
}

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
		if (fid == SBI_DBCN_CONSOLE_WRITE) {
			n = dbcn_write(g, (const char *)buf, num);
		} else {
			if (num > DBCN_CHUNK)
				num = DBCN_CHUNK;
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
