/* SPDX-License-Identifier: MIT */
/* Guests' console streams on the one host console. With several guests,
 * output lines carry the guest's name and input goes to one guest at a
 * time: Ctrl-] then a digit switches (docs/running-guests.md). */
#ifndef GUEST_CONSOLE_H
#define GUEST_CONSOLE_H

#include <stddef.h>

#define GUEST_CONSOLE_ESCAPE 0x1d /* Ctrl-] */

struct guest;

void guest_console_write(struct guest *g, const char *s, size_t n);
int guest_console_getc(struct guest *g); /* -1 if no input */
/* drain the host UART and route what it received */
void guest_console_poll(void);
void guest_console_input(int c);

#endif
