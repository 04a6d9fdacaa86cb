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
/* guest_console.c: a guest line was cut; the output lock (never held
 * around a hyp_info) */
void guest_console_break(void);
void hyp_info_lock(void);
void hyp_info_unlock(void);

#define hyp_info(fmt, ...)                                   \
	do {                                                 \
		hyp_info_lock();                             \
		console_line_start();                        \
		guest_console_break();                       \
		hyp_printf("rvh: " fmt "\n", ##__VA_ARGS__); \
		hyp_info_unlock();                           \
	} while (0)

#endif
