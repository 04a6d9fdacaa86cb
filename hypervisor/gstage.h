/* SPDX-License-Identifier: MIT */
/* G-stage (guest-physical -> host-physical) translation, Sv39x4. */
#ifndef GSTAGE_H
#define GSTAGE_H

#include <stdint.h>

struct gstage {
	uint64_t root; /* HPA of the 16 KiB root table */
	unsigned long vmid;
	unsigned long hgatp;
};

void gstage_detect_vmid_bits(void);
int gstage_init(struct gstage *gs, unsigned long vmid);
/* map [gpa, gpa + size) -> [hpa, ...), RWX, using 2 MiB pages where aligned */
int gstage_map(struct gstage *gs, uint64_t gpa, uint64_t hpa, uint64_t size);
void gstage_activate(const struct gstage *gs);
unsigned int gstage_vmid_bits(void);

#endif
