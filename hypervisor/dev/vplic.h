/* SPDX-License-Identifier: MIT */
/* Virtual PLIC: the SiFive PLIC register layout that QEMU virt exposes,
 * level-triggered sources 1..ndev (0 is reserved), `ncontexts` interrupt
 * targets. A pure state machine: no hardware access, no globals; the caller
 * owns struct vplic, routes trapped 32-bit accesses to vplic_read/write,
 * drives source lines with vplic_set_level and turns the context callback
 * into VSEIP on the vCPU.
 *
 * Contexts: context c is the S-mode external interrupt of vCPU c, one
 * context per vCPU. The guest DTB's PLIC node therefore lists only
 * S-external (9) per vCPU:
 *   interrupts-extended = <&cpu0_intc 9>, <&cpu1_intc 9>, ...;
 *   riscv,ndev = <ndev>;  reg = <base vplic_mmio_size()>;
 * (QEMU's host DTB also lists M-external (11) per hart; a guest has no
 * M-mode, so those contexts do not exist here.)
 *
 * Semantics (PLIC spec 1.0.0, with QEMU's level handling):
 * - priorities and thresholds are 0..VPLIC_MAX_PRIORITY; larger writes are
 *   clamped (WARL), priority 0 never interrupts;
 * - a source is pending while its line is high and it is not claimed; a line
 *   that drops before the claim withdraws the request (no spurious
 *   interrupt for the guest);
 * - claim returns the pending source enabled for the context with the
 *   highest priority above the threshold (ties: lowest id), or 0, and clears
 *   its pending bit; the source stays claimed until completed;
 * - complete with an id enabled for the context ends the claim, and a line
 *   still high makes the source pending again; other ids are ignored;
 * - pending is read-only; reserved offsets inside the window read 0 and
 *   ignore writes; accesses that are not 32-bit aligned words or that fall
 *   outside the window return an error (caller injects an access fault).
 *
 * Not thread-safe: the caller serialises all calls on one vplic (one lock per
 * guest). The callback runs synchronously inside the call that changed the
 * state and must not call back into the same vplic. */
#ifndef VPLIC_H
#define VPLIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hw/plic.h"

#define VPLIC_MAX_NDEV 127 /* highest source id supported */
#define VPLIC_MAX_CONTEXTS 32 /* i.e. vCPUs per guest */
#define VPLIC_MAX_PRIORITY 7 /* 3 priority bits, as QEMU virt */
#define VPLIC_WORDS ((VPLIC_MAX_NDEV + 1 + 31) / 32)

#define VPLIC_OK 0
#define VPLIC_ERR_WIDTH -1 /* access not 4 bytes wide */
#define VPLIC_ERR_ALIGN -2 /* offset not a multiple of 4 */
#define VPLIC_ERR_OFFSET -3 /* offset >= vplic_mmio_size() */
#define VPLIC_ERR_ARG -4 /* bad source id or configuration */

struct vplic_ops {
	/* Whether `context` has a pending, enabled source with priority above
	 * its threshold changed to `level` (only called on changes). */
	void (*notify)(void *ctx, unsigned context, bool level);
};

/* Treat as opaque; fields are visible only so that the caller can embed it. */
struct vplic {
	const struct vplic_ops *ops;
	void *ctx;
	unsigned ndev;
	unsigned ncontexts;
	uint8_t priority[VPLIC_MAX_NDEV + 1];
	uint8_t threshold[VPLIC_MAX_CONTEXTS];
	uint32_t line[VPLIC_WORDS]; /* input levels from device models */
	uint32_t pending[VPLIC_WORDS];
	uint32_t claimed[VPLIC_WORDS];
	uint32_t enable[VPLIC_MAX_CONTEXTS][VPLIC_WORDS];
	uint32_t out; /* bit c: level last reported for context c */
};

/* Sources 1..ndev (1 <= ndev <= VPLIC_MAX_NDEV), contexts
 * 0..ncontexts-1 (1 <= ncontexts <= VPLIC_MAX_CONTEXTS). Returns
 * VPLIC_ERR_ARG for other values (and leaves *p unusable). All lines low,
 * everything disabled; the callback is not called. */
int vplic_init(struct vplic *p, unsigned ndev, unsigned ncontexts,
	       const struct vplic_ops *ops, void *ctx);
/* Back to the initial register state (guest reboot); input lines are kept
 * (they belong to the devices) and contexts whose output was high are
 * lowered through the callback. */
void vplic_reset(struct vplic *p);

/* Size of the register window: PLIC_CONTEXT_BASE + ncontexts * 0x1000. */
uint64_t vplic_mmio_size(const struct vplic *p);

/* Guest accesses; `width` in bytes, only 4 is accepted. Reading a claim
 * register claims. */
int vplic_read(struct vplic *p, uint64_t offset, unsigned width, uint64_t *val);
int vplic_write(struct vplic *p, uint64_t offset, unsigned width, uint64_t val);

/* Drive source `irq`'s input line (from a device model). VPLIC_ERR_ARG for
 * irq 0 or irq > ndev. */
int vplic_set_level(struct vplic *p, unsigned irq, bool level);

/* Current output of `context` (false for contexts that do not exist). */
bool vplic_context_level(const struct vplic *p, unsigned context);

#endif
