/* SPDX-License-Identifier: MIT */
/* The console: output through the ns16550a UART when the DTB has one (and
 * bootargs do not say console=sbi), else the SBI legacy console; input
 * interrupt-driven through the PLIC when possible, else polled by a
 * kernel task while somebody waits for it. */
#ifndef GK_CONSOLE_H
#define GK_CONSOLE_H

#include "waitq.h"

/* Raw kernel output ("\n" becomes "\r\n"); usable before console_init. */
void console_put(const char *s, unsigned long len);
void console_init(void);
/* Called once the executor can run tasks (starts the input poller). */
void console_start_tasks(void);
const char *console_name(void);

long console_write(const char *buf, unsigned long len);
/* Buffered input bytes, or -EAGAIN when there are none. */
long console_read_nb(char *buf, unsigned long len);
/* Registers t to be woken when input arrives. */
void console_wait(struct waiter *w, struct task *t);
void console_unwait(struct waiter *w);
void console_uart_irq(void);

#endif
