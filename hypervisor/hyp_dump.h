/* SPDX-License-Identifier: MIT */
/* A snapshot of the scheduler's state on the console (Ctrl-] d). */
#ifndef HYP_DUMP_H
#define HYP_DUMP_H

void hyp_dump_state(void);

#endif
