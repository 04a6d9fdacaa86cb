/* SPDX-License-Identifier: MIT */
#ifndef GK_POWER_H
#define GK_POWER_H

/* Shuts the machine (or guest) down: code 0 = SRST reason NONE, anything
 * else = reason SYSFAIL. Never returns. */
_Noreturn void power_off(int code);

#endif
