/* SPDX-License-Identifier: MIT */
/* The trace file on the host, written through QEMU semihosting. */
#ifndef TRACE_EXPORT_H
#define TRACE_EXPORT_H

/* Read the host bootargs; when they switch tracing on, open the file,
 * write the header and the names of the guests and their devices, then
 * turn the classes on. Call once the guests exist, before they run. */
void trace_start(void);
/* Write this hart's buffer to the file if it is past the watermark. */
void trace_export_check(void);
/* Write this hart's buffer to the file now (it is full). */
void trace_export_this_hart(void);
/* Every guest stopped: drain the guests' buffers, write every hart's
 * buffer, close the file and say what was written and lost. */
void trace_shutdown(void);

#endif
