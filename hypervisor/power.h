/* SPDX-License-Identifier: MIT */
/* Powering QEMU off with a status the test scripts read. */
#ifndef POWER_H
#define POWER_H

#include <stdint.h>

/* QEMU exit statuses (docs/running-guests.md) */
#define POWER_OK 0
#define POWER_GUEST_SYSFAIL 1
#define POWER_GUEST_OTHER_REASON 2
#define POWER_GUEST_STOPPED 3
#define POWER_HYP_ERROR 4

void power_init(uint64_t sifive_test_base);
__attribute__((noreturn)) void power_off(int status);

#endif
