/* SPDX-License-Identifier: MIT */
#include "console.h"

#include <string.h>

#include "bootinfo.h"
#include "errno.h"
#include "kmalloc.h"
#include "plic.h"
#include "printk.h"
#include "sbi_call.h"
#include "timer.h"
#include "vm.h"

#define UART_RBR 0
#define UART_THR 0
#define UART_IER 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define UART_LSR_DR 0x01
#define UART_LSR_THRE 0x20

#define CONS_INBUF 256
#define CONS_POLL_US 10000

static struct {
	struct spinlock out_lock;
	int uart; /* output and input through the UART */
	int uart_irq; /* input interrupts routed through the PLIC */
	struct spinlock in_lock;
	char in[CONS_INBUF];
	unsigned in_head, in_tail;
	struct waitq readers;
	struct task *poller;
} cons;

static inline volatile uint8_t *uart_reg(unsigned r)
{
	return (volatile uint8_t *)(uintptr_t)(bootinfo.uart_base + r);
}

static void cons_putc_raw(char c)
{
	if (cons.uart) {
		while (!(*uart_reg(UART_LSR) & UART_LSR_THRE))
			;
		*uart_reg(UART_THR) = (uint8_t)c;
	} else {
		sbi_legacy_putchar((unsigned char)c);
	}
}

void console_put(const char *s, unsigned long len)
{
	unsigned long f = spin_lock_irqsave(&cons.out_lock);

	for (unsigned long i = 0; i < len; i++) {
		if (s[i] == '\n')
			cons_putc_raw('\r');
		cons_putc_raw(s[i]);
	}
	spin_unlock_irqrestore(&cons.out_lock, f);
}

long console_write(const char *buf, unsigned long len)
{
	console_put(buf, len);
	return (long)len;
}

const char *console_name(void)
{
	if (!cons.uart)
		return "sbi";
	return cons.uart_irq ? "ns16550a (irq)" : "ns16550a (polled)";
}

static void cons_input(char c)
{
	unsigned long f = spin_lock_irqsave(&cons.in_lock);

	if (cons.in_head - cons.in_tail < CONS_INBUF)
		cons.in[cons.in_head++ % CONS_INBUF] = c;
	spin_unlock_irqrestore(&cons.in_lock, f);
}

/* Drains the input source into the buffer; returns bytes taken. */
static int cons_pull(void)
{
	int n = 0;

	if (cons.uart) {
		while (*uart_reg(UART_LSR) & UART_LSR_DR) {
			cons_input((char)*uart_reg(UART_RBR));
			n++;
		}
		return n;
	}
	for (;;) {
		long c = sbi_legacy_getchar();
		if (c < 0)
			return n;
		cons_input((char)c);
		n++;
	}
}

void console_uart_irq(void)
{
	if (cons_pull())
		waitq_wake_all(&cons.readers);
}

long console_read_nb(char *buf, unsigned long len)
{
	unsigned long n = 0;
	unsigned long f = spin_lock_irqsave(&cons.in_lock);

	while (n < len && cons.in_tail != cons.in_head)
		buf[n++] = cons.in[cons.in_tail++ % CONS_INBUF];
	spin_unlock_irqrestore(&cons.in_lock, f);
	return n ? (long)n : (len ? -EAGAIN : 0);
}

/* Input poller (no input interrupt): runs every CONS_POLL_US while somebody
 * waits for input, sleeps otherwise. */
struct cons_poller {
	struct task task;
	struct ktimer tm;
};

static int cons_poll(struct task *t)
{
	struct cons_poller *p = (struct cons_poller *)t;

	if (cons_pull())
		waitq_wake_all(&cons.readers);
	if (__atomic_load_n(&cons.readers.count, __ATOMIC_RELAXED))
		timer_arm(&p->tm, timer_now() + timer_us_to_ticks(CONS_POLL_US),
			  t);
	return TASK_PENDING;
}

void console_wait(struct waiter *w, struct task *t)
{
	waitq_add(&cons.readers, w, t);
	if (cons.poller)
		task_wake(cons.poller);
}

void console_unwait(struct waiter *w)
{
	waitq_del(&cons.readers, w);
}

void console_init(void)
{
	char arg[16];
	const char *want = bootargs_get("console", arg, sizeof(arg));

	if (!bootinfo.uart_base || (want && !strcmp(want, "sbi")))
		return;
	vm_map_device(bootinfo.uart_base,
		      bootinfo.uart_size ? bootinfo.uart_size : 4096);
	if (bootinfo.plic_base)
		vm_map_device(bootinfo.plic_base, bootinfo.plic_size);
	*uart_reg(UART_IER) = 0;
	*uart_reg(UART_FCR) = 0x01; /* FIFO on, keep early input */
	*uart_reg(UART_LCR) = 0x03;
	*uart_reg(UART_MCR) = 0x08;
	unsigned long f = spin_lock_irqsave(&cons.out_lock);
	cons.uart = 1;
	spin_unlock_irqrestore(&cons.out_lock, f);
	if (bootinfo.uart_irq && !plic_enable(bootinfo.uart_irq, 0)) {
		cons.uart_irq = 1;
		*uart_reg(UART_IER) = 0x01;
	}
}

void console_start_tasks(void)
{
	if (cons.uart_irq)
		return;
	struct cons_poller *p = (struct cons_poller *)task_alloc(
		sizeof(*p), cons_poll, PRIO_LOW);
	if (!p)
		panic("console: no memory for the input poller");
	timer_init(&p->tm);
	p->task.flags = TF_PINNED;
	cons.poller = &p->task;
	task_start(&p->task, 0);
}
