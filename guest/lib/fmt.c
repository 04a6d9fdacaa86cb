/* SPDX-License-Identifier: MIT */
#include "fmt.h"

#include <stdint.h>

struct fmt_spec {
	int width;
	int prec;
	char pad;
	int left;
	int plus;
};

static int fmt_emit_str(fmt_out_fn out, void *ctx, const char *s, int len,
			const struct fmt_spec *sp)
{
	int n = 0;
	int fill = sp->width > len ? sp->width - len : 0;

	if (!sp->left)
		for (; fill > 0; fill--, n++)
			out(ctx, ' ');
	for (int i = 0; i < len; i++, n++)
		out(ctx, s[i]);
	for (; fill > 0; fill--, n++)
		out(ctx, ' ');
	return n;
}

static int fmt_emit_num(fmt_out_fn out, void *ctx, uint64_t v, int neg,
			unsigned base, int upper, const char *prefix,
			const struct fmt_spec *sp)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int len = 0, n = 0, plen = 0;
	char sign = neg ? '-' : (sp->plus ? '+' : 0);

	do {
		tmp[len++] = digits[v % base];
		v /= base;
	} while (v);
	while (len < sp->prec && len < (int)sizeof(tmp))
		tmp[len++] = '0';
	while (prefix && prefix[plen])
		plen++;
	int total = len + plen + (sign ? 1 : 0);
	int fill = sp->width > total ? sp->width - total : 0;

	if (!sp->left && sp->pad == ' ')
		for (; fill > 0; fill--, n++)
			out(ctx, ' ');
	if (sign) {
		out(ctx, sign);
		n++;
	}
	for (int i = 0; i < plen; i++, n++)
		out(ctx, prefix[i]);
	if (!sp->left && sp->pad == '0')
		for (; fill > 0; fill--, n++)
			out(ctx, '0');
	while (len > 0) {
		out(ctx, tmp[--len]);
		n++;
	}
	for (; fill > 0; fill--, n++)
		out(ctx, ' ');
	return n;
}

int fmt_vformat(fmt_out_fn out, void *ctx, const char *fmt, va_list ap)
{
	int n = 0;

	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			out(ctx, *fmt);
			n++;
			continue;
		}
		struct fmt_spec sp = {.width = 0, .prec = -1, .pad = ' '};
		fmt++;
		for (;; fmt++) {
			if (*fmt == '-')
				sp.left = 1;
			else if (*fmt == '0')
				sp.pad = '0';
			else if (*fmt == '+')
				sp.plus = 1;
			else
				break;
		}
		if (*fmt == '*') {
			sp.width = va_arg(ap, int);
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			sp.width = sp.width * 10 + (*fmt++ - '0');
		if (*fmt == '.') {
			sp.prec = 0;
			fmt++;
			if (*fmt == '*') {
				sp.prec = va_arg(ap, int);
				fmt++;
			}
			while (*fmt >= '0' && *fmt <= '9')
				sp.prec = sp.prec * 10 + (*fmt++ - '0');
		}
		int lng = 0;
		while (*fmt == 'l' || *fmt == 'z' || *fmt == 'j' ||
		       *fmt == 't') {
			lng++;
			fmt++;
		}
		if (*fmt == 'h') /* promoted anyway */
			while (*fmt == 'h')
				fmt++;
		char c = *fmt;
		if (!c)
			break;
		switch (c) {
		case 'd':
		case 'i': {
			int64_t v = lng ? va_arg(ap, long) : va_arg(ap, int);
			uint64_t mag =
				v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
			n += fmt_emit_num(out, ctx, mag, v < 0, 10, 0, 0, &sp);
			break;
		}
		case 'u':
		case 'x':
		case 'X':
		case 'o': {
			uint64_t v = lng ? va_arg(ap, unsigned long)
					 : va_arg(ap, unsigned int);
			unsigned base = c == 'u' ? 10 : (c == 'o' ? 8 : 16);
			n += fmt_emit_num(out, ctx, v, 0, base, c == 'X', 0,
					  &sp);
			break;
		}
		case 'p':
			n += fmt_emit_num(out, ctx,
					  (uintptr_t)va_arg(ap, void *), 0, 16,
					  0, "0x", &sp);
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);
			int len = 0;
			if (!s)
				s = "(null)";
			while (s[len] && (sp.prec < 0 || len < sp.prec))
				len++;
			n += fmt_emit_str(out, ctx, s, len, &sp);
			break;
		}
		case 'c': {
			char ch = (char)va_arg(ap, int);
			n += fmt_emit_str(out, ctx, &ch, 1, &sp);
			break;
		}
		default:
			out(ctx, c);
			n++;
			break;
		}
	}
	return n;
}

struct fmt_buf {
	char *buf;
	size_t size;
	size_t pos;
};

static void fmt_buf_out(void *ctx, char c)
{
	struct fmt_buf *b = ctx;

	if (b->pos + 1 < b->size)
		b->buf[b->pos] = c;
	b->pos++;
}

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct fmt_buf b = {buf, size, 0};
	int n = fmt_vformat(fmt_buf_out, &b, fmt, ap);

	if (size)
		buf[b.pos < size ? b.pos : size - 1] = 0;
	return n;
}

int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
