// SPDX-License-Identifier: MIT
#include "console.h"
#include "guest.h"
#include "guest_console.h"

void guest_console_write(struct guest *g, const char *s, size_t n)
{
	(void)g;
	console_write(s, n);
}

int guest_console_getc(struct guest *g)
{
	(void)g;
	return console_getc();
}
