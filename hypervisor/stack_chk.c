// SPDX-License-Identifier: MIT
/* libfdt is built with the stack protector; it needs these two symbols. */
#include <stdint.h>

#include "console.h"

uintptr_t __stack_chk_guard = 0x2f8a51c03b9e6d47UL;

__attribute__((noreturn)) void __stack_chk_fail(void);

void __stack_chk_fail(void)
{
	hyp_panic("stack corruption detected");
}
