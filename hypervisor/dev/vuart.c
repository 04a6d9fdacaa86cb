// SPDX-License-Identifier: MIT
/* Emulated ns16550a UART: register semantics of the 16550A data sheet, with
 * the interrupt behaviour Linux's 8250 driver checks at startup (THRE is
 * re-raised when IER.THRI goes 0 -> 1 with the transmitter empty). */
#include "vuart.h"

#include <string.h>

#define VUART_LSR_ERRORS \
	(NS16550_LSR_OE | NS16550_LSR_PE | NS16550_LSR_FE | NS16550_LSR_BI)
#define VUART_MSR_DELTAS                                          \
	(NS16550_MSR_DCTS | NS16550_MSR_DDSR | NS16550_MSR_TERI | \
	 NS16550_MSR_DDCD)
/* Modem inputs of an unattached port: carrier, data set ready, clear to send */
#define VUART_MSR_IDLE (NS16550_MSR_DCD | NS16550_MSR_DSR | NS16550_MSR_CTS)

static bool vuart_fifo_on(const struct vuart *u)
{
	return u->fcr & NS16550_FCR_ENABLE_FIFO;
}

static bool vuart_dlab(const struct vuart *u)
{
	return u->lcr & NS16550_LCR_DLAB;
}

/* Without FIFOs the 16550 behaves as a 16450: one holding register each way */
static unsigned vuart_capacity(const struct vuart *u)
{
	return vuart_fifo_on(u) ? NS16550_FIFO_SIZE : 1;
}

static unsigned vuart_rx_trigger(const struct vuart *u)
{
	static const uint8_t levels[4] = {1, 4, 8, 14};

	return levels[(u->fcr & NS16550_FCR_TRIGGER_MASK) >> 6];
}

/* The interrupt identification, highest priority first. */
static uint8_t vuart_iir_id(const struct vuart *u)
{
	if ((u->ier & NS16550_IER_RLSI) && (u->lsr_err & VUART_LSR_ERRORS))
		return NS16550_IIR_RLSI;
	if ((u->ier & NS16550_IER_RDI) && u->rx_count) {
		if (vuart_fifo_on(u) && u->rx_count < vuart_rx_trigger(u))
			return NS16550_IIR_RX_TIMEOUT;
		return NS16550_IIR_RDI;
	}
	if ((u->ier & NS16550_IER_THRI) && u->thre_pending)
		return NS16550_IIR_THRI;
	if ((u->ier & NS16550_IER_MSI) && (u->msr & VUART_MSR_DELTAS))
		return NS16550_IIR_MSI;
	return NS16550_IIR_NO_INT;
}

static void vuart_update_irq(struct vuart *u)
{
	bool level = vuart_iir_id(u) != NS16550_IIR_NO_INT;

	if (level == u->irq_level)
		return;
	u->irq_level = level;
	if (u->ops && u->ops->irq)
		u->ops->irq(u->ctx, level);
}

static bool vuart_rx_put(struct vuart *u, uint8_t byte)
{
	if (u->rx_count >= vuart_capacity(u)) {
		u->lsr_err |= NS16550_LSR_OE;
		u->stats.rx_overruns++;
		return false;
	}
	u->rx[(u->rx_head + u->rx_count) % NS16550_FIFO_SIZE] = byte;
	u->rx_count++;
	u->stats.rx_bytes++;
	return true;
}

/* Move bytes out of the TX FIFO: to the RX side in loopback, else to the
 * host until it pushes back. The FIFO running empty is the THRE event. */
static void vuart_tx_pump(struct vuart *u)
{
	bool had_data = u->tx_count != 0;

	while (u->tx_count) {
		uint8_t byte = u->tx[u->tx_head];

		if (u->mcr & NS16550_MCR_LOOP)
			vuart_rx_put(u, byte);
		else if (u->ops && u->ops->tx && !u->ops->tx(u->ctx, byte))
			break;
		else
			u->stats.tx_bytes++;
		u->tx_head = (u->tx_head + 1) % NS16550_FIFO_SIZE;
		u->tx_count--;
	}
	if (had_data && !u->tx_count)
		u->thre_pending = true;
}

static void vuart_clear_rx(struct vuart *u)
{
	u->rx_head = 0;
	u->rx_count = 0;
}

static void vuart_clear_tx(struct vuart *u)
{
	if (u->tx_count)
		u->thre_pending = true;
	u->tx_head = 0;
	u->tx_count = 0;
}

/* Modem inputs: in loopback the outputs are wired back (RTS->CTS, DTR->DSR,
 * OUT1->RI, OUT2->DCD), otherwise a permanently ready line. */
static uint8_t vuart_msr_inputs(uint8_t mcr)
{
	uint8_t in = 0;

	if (!(mcr & NS16550_MCR_LOOP))
		return VUART_MSR_IDLE;
	if (mcr & NS16550_MCR_RTS)
		in |= NS16550_MSR_CTS;
	if (mcr & NS16550_MCR_DTR)
		in |= NS16550_MSR_DSR;
	if (mcr & NS16550_MCR_OUT1)
		in |= NS16550_MSR_RI;
	if (mcr & NS16550_MCR_OUT2)
		in |= NS16550_MSR_DCD;
	return in;
}

static void vuart_set_mcr(struct vuart *u, uint8_t val)
{
	uint8_t old = u->msr & ~VUART_MSR_DELTAS;
	uint8_t in, delta = u->msr & VUART_MSR_DELTAS;

	u->mcr = val & 0x1f;
	in = vuart_msr_inputs(u->mcr);
	if ((old ^ in) & NS16550_MSR_CTS)
		delta |= NS16550_MSR_DCTS;
	if ((old ^ in) & NS16550_MSR_DSR)
		delta |= NS16550_MSR_DDSR;
	if ((old & NS16550_MSR_RI) &&
	    !(in & NS16550_MSR_RI)) /* trailing edge */
		delta |= NS16550_MSR_TERI;
	if ((old ^ in) & NS16550_MSR_DCD)
		delta |= NS16550_MSR_DDCD;
	u->msr = in | delta;
}

static void vuart_set_fcr(struct vuart *u, uint8_t val)
{
	/* Toggling FIFO enable resets both FIFOs; with FIFOs off the other
	 * bits are not programmable (data sheet: FCR0 must be set). */
	if ((val ^ u->fcr) & NS16550_FCR_ENABLE_FIFO) {
		vuart_clear_rx(u);
		vuart_clear_tx(u);
	}
	if (!(val & NS16550_FCR_ENABLE_FIFO)) {
		u->fcr = 0;
		return;
	}
	if (val & NS16550_FCR_CLEAR_RCVR)
		vuart_clear_rx(u);
	if (val & NS16550_FCR_CLEAR_XMIT)
		vuart_clear_tx(u);
	u->fcr = val & (NS16550_FCR_ENABLE_FIFO | NS16550_FCR_DMA_SELECT |
			NS16550_FCR_TRIGGER_MASK);
}

static void vuart_set_ier(struct vuart *u, uint8_t val)
{
	uint8_t ier = val & 0x0f;

	/* A rising THRI with the transmitter empty raises THRE even if an
	 * earlier IIR read acknowledged it: Linux's startup THRE test needs
	 * this, and a falling THRI forgets it. */
	if ((ier ^ u->ier) & NS16550_IER_THRI)
		u->thre_pending = (ier & NS16550_IER_THRI) && !u->tx_count;
	u->ier = ier;
}

static void vuart_write_thr(struct vuart *u, uint8_t byte)
{
	u->thre_pending = false;
	if (u->tx_count < vuart_capacity(u)) {
		u->tx[(u->tx_head + u->tx_count) % NS16550_FIFO_SIZE] = byte;
		u->tx_count++;
	} else {
		u->stats.tx_dropped++;
	}
	vuart_tx_pump(u);
}

static uint8_t vuart_read_rbr(struct vuart *u)
{
	if (u->rx_count) {
		u->rbr = u->rx[u->rx_head];
		u->rx_head = (u->rx_head + 1) % NS16550_FIFO_SIZE;
		u->rx_count--;
	}
	return u->rbr;
}

static uint8_t vuart_read_lsr(struct vuart *u)
{
	uint8_t lsr = u->lsr_err;

	if (u->rx_count)
		lsr |= NS16550_LSR_DR;
	if (!u->tx_count)
		lsr |= NS16550_LSR_THRE | NS16550_LSR_TEMT;
	u->lsr_err = 0;
	return lsr;
}

static uint8_t vuart_read_iir(struct vuart *u)
{
	uint8_t id = vuart_iir_id(u);

	/* Reading IIR while it reports THRE is the THRE acknowledge */
	if (id == NS16550_IIR_THRI)
		u->thre_pending = false;
	return id | (vuart_fifo_on(u) ? NS16550_IIR_FIFO_ENABLED : 0);
}

static void vuart_power_on(struct vuart *u)
{
	const struct vuart_ops *ops = u->ops;
	void *ctx = u->ctx;
	struct vuart_stats stats = u->stats;
	bool level = u->irq_level;

	memset(u, 0, sizeof(*u));
	u->ops = ops;
	u->ctx = ctx;
	u->stats = stats;
	u->irq_level = level;
	u->msr = VUART_MSR_IDLE;
}

void vuart_init(struct vuart *u, const struct vuart_ops *ops, void *ctx)
{
	memset(u, 0, sizeof(*u));
	u->ops = ops;
	u->ctx = ctx;
	vuart_power_on(u);
}

void vuart_reset(struct vuart *u)
{
	vuart_power_on(u);
	vuart_update_irq(u);
}

int vuart_read(struct vuart *u, uint64_t offset, unsigned width, uint64_t *val)
{
	uint8_t v;

	if (width != 1)
		return VUART_ERR_WIDTH;
	if (offset >= NS16550_MMIO_SIZE)
		return VUART_ERR_OFFSET;

	switch (offset) {
	case NS16550_RBR:
		v = vuart_dlab(u) ? u->dll : vuart_read_rbr(u);
		break;
	case NS16550_IER:
		v = vuart_dlab(u) ? u->dlm : u->ier;
		break;
	case NS16550_IIR:
		v = vuart_read_iir(u);
		break;
	case NS16550_LCR:
		v = u->lcr;
		break;
	case NS16550_MCR:
		v = u->mcr;
		break;
	case NS16550_LSR:
		v = vuart_read_lsr(u);
		break;
	case NS16550_MSR:
		v = u->msr;
		u->msr &= ~VUART_MSR_DELTAS;
		break;
	default: /* NS16550_SCR */
		v = u->scr;
		break;
	}
	*val = v;
	vuart_update_irq(u);
	return VUART_OK;
}

int vuart_write(struct vuart *u, uint64_t offset, unsigned width, uint64_t val)
{
	uint8_t v = (uint8_t)val;

	if (width != 1)
		return VUART_ERR_WIDTH;
	if (offset >= NS16550_MMIO_SIZE)
		return VUART_ERR_OFFSET;

	switch (offset) {
	case NS16550_THR:
		if (vuart_dlab(u))
			u->dll = v;
		else
			vuart_write_thr(u, v);
		break;
	case NS16550_IER:
		if (vuart_dlab(u))
			u->dlm = v;
		else
			vuart_set_ier(u, v);
		break;
	case NS16550_FCR:
		vuart_set_fcr(u, v);
		break;
	case NS16550_LCR:
		u->lcr = v;
		break;
	case NS16550_MCR:
		vuart_set_mcr(u, v);
		/* bytes held for the host go to the receiver in loopback */
		vuart_tx_pump(u);
		break;
	case NS16550_SCR:
		u->scr = v;
		break;
	default: /* LSR and MSR are read-only: writes are ignored */
		break;
	}
	vuart_update_irq(u);
	return VUART_OK;
}

size_t vuart_rx_push(struct vuart *u, const uint8_t *buf, size_t n)
{
	size_t i = 0;

	while (i < n && vuart_rx_put(u, buf[i]))
		i++;
	/* vuart_rx_put counted the first refused byte; count the rest too */
	if (i < n)
		u->stats.rx_overruns += n - i - 1;
	vuart_update_irq(u);
	return i;
}

size_t vuart_rx_space(const struct vuart *u)
{
	return vuart_capacity(u) - u->rx_count;
}

size_t vuart_rx_peek(const struct vuart *u, uint8_t *buf, size_t max)
{
	size_t n = u->rx_count < max ? u->rx_count : max;

	for (size_t i = 0; i < n; i++)
		buf[i] = u->rx[(u->rx_head + i) % NS16550_FIFO_SIZE];
	return n;
}

void vuart_tx_kick(struct vuart *u)
{
	vuart_tx_pump(u);
	vuart_update_irq(u);
}

bool vuart_irq_level(const struct vuart *u)
{
	return u->irq_level;
}
