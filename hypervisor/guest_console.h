/* SPDX-License-Identifier: MIT */
/* A guest's console stream on the host console. */
#ifndef GUEST_CONSOLE_H
#define GUEST_CONSOLE_H

#include <stddef.h>

struct guest;

void guest_console_write(struct guest *g, const char *s, size_t n);
int guest_console_getc(struct guest *g); /* -1 if no input */

#endif
