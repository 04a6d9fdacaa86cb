// SPDX-License-Identifier: MIT
#include "console.h"
#include "guest.h"
#include "guest_console.h"

static const struct guest *line_owner; /* guest whose line is open */
static unsigned int input_focus;
static bool input_escape;

void guest_console_break(void)
{
	line_owner = NULL;
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
	if (nr_guests <= 1) {
		console_write(s, n);
		return;
	}
	for (size_t i = 0; i < n; i++)
		put_prefixed(g, s[i]);
}

void guest_console_input(int c)
{
	struct guest *g;

	if (input_escape) {
		input_escape = false;
		if (c >= '0' && c < '0' + (int)nr_guests) {
			input_focus = (unsigned int)(c - '0');
			hyp_info("console input now goes to guest '%s'",
				 guests[input_focus].name);
			return;
		}
		if (c != GUEST_CONSOLE_ESCAPE)
			return;
	} else if (c == GUEST_CONSOLE_ESCAPE && nr_guests > 1) {
		input_escape = true;
		return;
	}
	if (input_focus >= nr_guests)
		return;
	g = &guests[input_focus];
	if (g->input_count < GUEST_INPUT_SIZE) {
		g->input[(g->input_head + g->input_count) % GUEST_INPUT_SIZE] =
			(uint8_t)c;
		g->input_count++;
	}
	dev_uart_feed(g);
}

void guest_console_poll(void)
{
	int c;

	while ((c = console_getc()) >= 0)
		guest_console_input(c);
}

int guest_console_getc(struct guest *g)
{
	int c;

	guest_console_poll();
	if (!g->input_count)
		return -1;
	c = g->input[g->input_head];
	g->input_head = (g->input_head + 1) % GUEST_INPUT_SIZE;
	g->input_count--;
	return c;
}
