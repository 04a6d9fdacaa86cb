// SPDX-License-Identifier: MIT
#include "console.h"
#include "guest.h"
#include "guest_console.h"
#include "hyp_dump.h"

/* Output of every guest and of the hypervisor meets on one UART: one lock
 * keeps lines whole and the prefix state consistent. */
static struct spinlock out_lock;
static const struct guest *line_owner; /* guest whose line is open */
static unsigned int input_focus;
static bool input_escape;

void guest_console_break(void)
{
	line_owner = NULL;
}

void hyp_info_lock(void)
{
	spin_lock(&out_lock);
}

void hyp_info_unlock(void)
{
	spin_unlock(&out_lock);
}

static void put_prefixed(struct guest *g, char c)
{
	if (line_owner && line_owner != g) {
		console_putc('\n');
		line_owner = NULL;
	}
	if (!line_owner) {
		hyp_printf("[%s] ", g->name);
		line_owner = g;
	}
	console_putc(c);
	if (c == '\n')
		line_owner = NULL;
}

void guest_console_write(struct guest *g, const char *s, size_t n)
{
	spin_lock(&out_lock);
	if (nr_guests <= 1)
		console_write(s, n);
	else
		for (size_t i = 0; i < n; i++)
			put_prefixed(g, s[i]);
	spin_unlock(&out_lock);
}

size_t guest_console_read(struct guest *g, uint8_t *buf, size_t max)
{
	struct guest_console *c = &g->console;
	size_t n = 0;

	spin_lock(&c->lock);
	while (n < max && c->count) {
		buf[n++] = c->in[c->head];
		c->head = (c->head + 1) % GUEST_INPUT_SIZE;
		c->count--;
	}
	spin_unlock(&c->lock);
	return n;
}

void guest_console_unread(struct guest *g, const uint8_t *buf, size_t n)
{
	struct guest_console *c = &g->console;

	spin_lock(&c->lock);
	while (n && c->count < GUEST_INPUT_SIZE) {
		c->head = (c->head + GUEST_INPUT_SIZE - 1) % GUEST_INPUT_SIZE;
		c->in[c->head] = buf[--n];
		c->count++;
	}
	spin_unlock(&c->lock);
}

int guest_console_getc(struct guest *g)
{
	uint8_t b;

	guest_console_poll();
	return guest_console_read(g, &b, 1) ? b : -1;
}

/* tell the frontend that takes input (if any) that some is waiting */
static void guest_console_kick(struct guest *g)
{
	struct guest_console *c = &g->console;
	const struct guest_console_frontend *fe;
	void *ctx;

	spin_lock(&c->lock);
	fe = c->fe;
	ctx = c->fe_ctx;
	spin_unlock(&c->lock);
	if (fe && fe->input)
		fe->input(ctx);
}

void guest_console_attach(struct guest *g,
			  const struct guest_console_frontend *fe, void *ctx)
{
	struct guest_console *c = &g->console;

	spin_lock(&c->lock);
	c->fe = fe;
	c->fe_ctx = ctx;
	spin_unlock(&c->lock);
}

void guest_console_reset(struct guest *g)
{
	guest_console_attach(g, NULL, NULL);
}

void guest_console_input(int ch)
{
	struct guest_console *c;
	struct guest *g;

	if (input_escape) {
		input_escape = false;
		if (ch >= '0' && ch < '0' + (int)nr_guests) {
			input_focus = (unsigned int)(ch - '0');
			hyp_info("console input now goes to guest '%s'",
				 guests[input_focus].name);
			return;
		}
		if (ch == 'd') {
			hyp_dump_state();
			return;
		}
		if (ch != GUEST_CONSOLE_ESCAPE)
			return;
	} else if (ch == GUEST_CONSOLE_ESCAPE && nr_guests > 1) {
		input_escape = true;
		return;
	}
	if (input_focus >= nr_guests)
		return;
	g = &guests[input_focus];
	c = &g->console;
	spin_lock(&c->lock);
	if (c->count < GUEST_INPUT_SIZE) {
		c->in[(c->head + c->count) % GUEST_INPUT_SIZE] = (uint8_t)ch;
		c->count++;
	}
	spin_unlock(&c->lock);
	guest_console_kick(g);
}

/* one reader of the host UART at a time (host interrupt, SBI getchar) */
static struct spinlock poll_lock;

void guest_console_poll(void)
{
	int c;

	spin_lock(&poll_lock);
	while ((c = console_getc()) >= 0)
		guest_console_input(c);
	spin_unlock(&poll_lock);
}
