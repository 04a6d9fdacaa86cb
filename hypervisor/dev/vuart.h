/* SPDX-License-Identifier: MIT */
/* Emulated ns16550a UART (trap and emulate), as Linux's 8250 driver and
 * earlycon program it. A pure state machine: no hardware access, no globals;
 * the caller owns struct vuart, routes trapped accesses to vuart_read/write,
 * feeds host input with vuart_rx_push and wires the two callbacks.
 *
 * Register map: stride 1 byte (reg-shift 0), 8-bit accesses only, 8 bytes
 * (NS16550_MMIO_SIZE). Not thread-safe: the caller serialises all calls on one
 * vuart (e.g. under the guest's device lock). Callbacks run synchronously
 * inside the call that changed state and must not call back into the same
 * vuart.
 *
 * Timing model: the transmitter and receiver are infinitely fast, so a byte
 * written to THR leaves at once (unless ops->tx pushes back), and received
 * data below the FIFO trigger level reports the character-timeout interrupt
 * (IIR 0xcc) at once instead of after four character times. */
#ifndef VUART_H
#define VUART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hw/ns16550.h"

/* Return codes of vuart_read/vuart_write; the caller turns errors into an
 * access fault for the guest. */
#define VUART_OK 0
#define VUART_ERR_WIDTH -1 /* access not 1 byte wide */
#define VUART_ERR_OFFSET -2 /* offset >= NS16550_MMIO_SIZE */

struct vuart_ops {
	/* Send one byte to the host side. Return true when taken; false keeps
	 * it (and the rest) in the TX FIFO, LSR.THRE stays clear, and the
	 * caller calls vuart_tx_kick() once the sink has room. NULL: bytes
	 * are discarded. */
	bool (*tx)(void *ctx, uint8_t byte);
	/* The interrupt line changed to `level` (only called on changes). */
	void (*irq)(void *ctx, bool level);
};

struct vuart_stats {
	uint64_t tx_bytes; /* bytes taken by ops->tx (or discarded if NULL) */
	uint64_t tx_dropped; /* THR writes while the TX FIFO was full */
	uint64_t rx_bytes; /* bytes accepted into the RX FIFO */
	uint64_t rx_overruns; /* bytes refused because the RX FIFO was full */
};

/* Treat as opaque; fields are visible only so that the caller can embed it. */
struct vuart {
	const struct vuart_ops *ops;
	void *ctx;
	uint8_t rx[NS16550_FIFO_SIZE];
	uint8_t tx[NS16550_FIFO_SIZE];
	uint8_t rx_head, rx_count;
	uint8_t tx_head, tx_count;
	uint8_t rbr; /* last byte read: what RBR returns when empty */
	uint8_t ier, lcr, mcr, fcr, scr, dll, dlm;
	uint8_t lsr_err; /* sticky OE/PE/FE/BI, cleared by reading LSR */
	uint8_t msr; /* modem status inputs and delta bits */
	bool thre_pending;
	bool irq_level;
	struct vuart_stats stats;
};

/* Power-on state; the line starts low and ops->irq is not called. */
void vuart_init(struct vuart *u, const struct vuart_ops *ops, void *ctx);
/* Back to power-on state (guest reboot); keeps ops/ctx and drops the line
 * through ops->irq if it was high. Statistics are kept. */
void vuart_reset(struct vuart *u);

/* Guest accesses. `width` is in bytes; only 1 is accepted. Reads have side
 * effects (RBR pops, IIR acknowledges THRE, LSR/MSR clear their sticky
 * bits), exactly as on the real part. */
int vuart_read(struct vuart *u, uint64_t offset, unsigned width, uint64_t *val);
int vuart_write(struct vuart *u, uint64_t offset, unsigned width, uint64_t val);

/* Host input. Accepts up to vuart_rx_space() bytes in order and returns how
 * many it took; bytes beyond that are refused and reported to the guest as
 * an overrun (LSR.OE), as a real UART whose FIFO is full would. A caller that
 * keeps its own buffer pushes at most vuart_rx_space() bytes to avoid that.
 * Space frees only when the guest reads RBR or resets the FIFO, so such a
 * caller retries after the guest's UART accesses. */
size_t vuart_rx_push(struct vuart *u, const uint8_t *buf, size_t n);
size_t vuart_rx_space(const struct vuart *u);
/* Copies the bytes waiting in the receive FIFO, oldest first, without
 * taking them; returns how many (at most max). */
size_t vuart_rx_peek(const struct vuart *u, uint8_t *buf, size_t max);

/* Retry sending bytes held back by ops->tx returning false. */
void vuart_tx_kick(struct vuart *u);

/* Current level of the interrupt line. */
bool vuart_irq_level(const struct vuart *u);

#endif
