/* SPDX-License-Identifier: MIT */
/* A guest's console line on the one host console. Output lines carry the
 * guest's name when there are several guests; host input goes to one guest
 * at a time (Ctrl-] then a digit switches, docs/running-guests.md) and waits
 * in the line until a frontend takes it. Frontends: the ns16550a model,
 * virtio-console, and the SBI console calls (which read the line directly).
 * The frontend the guest used last takes the input. */
#ifndef GUEST_CONSOLE_H
#define GUEST_CONSOLE_H

#include <stddef.h>
#include <stdint.h>

#include "spinlock.h"

#define GUEST_CONSOLE_ESCAPE 0x1d /* Ctrl-] */
#define GUEST_INPUT_SIZE 256

struct guest;

struct guest_console_frontend {
	const char *name;
	/* input is waiting in the line: take what fits (called with no
	 * console lock held; the frontend takes its own device lock) */
	void (*input)(void *ctx);
};

struct guest_console {
	struct spinlock lock; /* the input buffer and the frontend */
	uint8_t in[GUEST_INPUT_SIZE]; /* host input not yet taken */
	unsigned int head, count;
	const struct guest_console_frontend *fe;
	void *fe_ctx;
};

void guest_console_write(struct guest *g, const char *s, size_t n);
/* take up to max bytes of input, oldest first */
size_t guest_console_read(struct guest *g, uint8_t *buf, size_t max);
/* give back input a frontend took but the guest never read */
void guest_console_unread(struct guest *g, const uint8_t *buf, size_t n);
int guest_console_getc(struct guest *g); /* -1 if no input */
/* fe takes the input from now on (the guest started using it) */
void guest_console_attach(struct guest *g,
			  const struct guest_console_frontend *fe, void *ctx);
/* guest (re)boot: no frontend; typed-ahead input is kept */
void guest_console_reset(struct guest *g);

/* drain the host UART and route what it received */
void guest_console_poll(void);
void guest_console_input(int c);

#endif
