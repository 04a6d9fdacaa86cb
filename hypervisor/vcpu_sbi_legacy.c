// SPDX-License-Identifier: MIT
/* SBI v0.1 calls still used by old kernels and simple guests. */
#include "guest.h"
#include "guest_console.h"
#include "power.h"
#include "vcpu_sbi.h"

static void legacy_set_timer(struct vcpu *v, unsigned long fid,
			     struct vcpu_sbi_ret *ret)
{
	(void)fid;
	vcpu_timer_set(v, vcpu_sbi_arg(v, 0));
	ret->legacy = true;
	ret->error = 0;
}

static void legacy_putchar(struct vcpu *v, unsigned long fid,
			   struct vcpu_sbi_ret *ret)
{
	char c = (char)vcpu_sbi_arg(v, 0);

	(void)fid;
	guest_console_write(v->vm, &c, 1);
	ret->legacy = true;
	ret->error = 0;
}

static void legacy_getchar(struct vcpu *v, unsigned long fid,
			   struct vcpu_sbi_ret *ret)
{
	(void)fid;
	ret->legacy = true;
	ret->error = guest_console_getc(v->vm);
}

static void legacy_shutdown(struct vcpu *v, unsigned long fid,
			    struct vcpu_sbi_ret *ret)
{
	(void)fid;
	ret->no_return = true;
	guest_stop(v->vm, POWER_OK);
}

#define LEGACY(eid, fn, nm)                                    \
	const struct vcpu_sbi_ext vcpu_sbi_ext_legacy_##nm = { \
		.ext_lo = eid, .ext_hi = eid, .name = #nm, .handler = fn}

LEGACY(SBI_EXT_0_1_SET_TIMER, legacy_set_timer, set_timer);
LEGACY(SBI_EXT_0_1_CONSOLE_PUTCHAR, legacy_putchar, putchar);
LEGACY(SBI_EXT_0_1_CONSOLE_GETCHAR, legacy_getchar, getchar);
LEGACY(SBI_EXT_0_1_SHUTDOWN, legacy_shutdown, shutdown);
