/* SPDX-License-Identifier: MIT */
/* The SBI legacy console as a character device ("sbi"): the first output
 * at boot, and the console when there is no UART (or console=sbi). Input
 * is polled. */
#ifndef GK_SBI_CONSOLE_H
#define GK_SBI_CONSOLE_H

struct chardev;

struct chardev *sbi_console_probe(void);
/* printk output before any device is probed */
void sbi_console_put_early(const char *s, unsigned long len);

#endif
