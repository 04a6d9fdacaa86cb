/* SPDX-License-Identifier: MIT */
/* Host console: the physical ns16550a UART, polled. */
#ifndef CONSOLE_H
#define CONSOLE_H

#include <stddef.h>
#include <stdint.h>

void console_init(uint64_t uart_base);
void console_putc(char c);
void console_write(const char *s, size_t n);
int console_getc(void); /* -1 if no input */
void console_rx_irq_enable(void);

__attribute__((format(printf, 1, 2))) void hyp_printf(const char *fmt, ...);
__attribute__((noreturn, format(printf, 1, 2))) void hyp_panic(const char *fmt,
							       ...);

void console_line_start(void);
void guest_console_break(void); /* guest_console.c: a guest line was cut */

#define hyp_info(fmt, ...)                                   \
	do {                                                 \
		console_line_start();                        \
		guest_console_break();                       \
		hyp_printf("rvh: " fmt "\n", ##__VA_ARGS__); \
	} while (0)

#endif
