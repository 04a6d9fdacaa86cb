/* SPDX-License-Identifier: MIT */
/* Symbols the riscv64 libfdt.a expects from its C library. */
#include <stdint.h>

#include "base/printk.h"

uintptr_t __stack_chk_guard = 0x5a17c0de5a17c0deUL;

_Noreturn void __stack_chk_fail(void);
_Noreturn void __stack_chk_fail(void)
{
	panic("stack smashing detected");
}
