/* SPDX-License-Identifier: MIT */
/* Limits of a guest, shared by the bundle parser and the guest code. */
#ifndef GUEST_LIMITS_H
#define GUEST_LIMITS_H

#define GUEST_NAME_MAX 24
#define GUEST_MAX 8
#define GUEST_VCPUS_MAX 8
#define GUEST_BOOTARGS_MAX 1024
#define GUEST_MEM_MIN (4ULL << 20)
#define GUEST_MEM_MAX (64ULL << 30)
#define GUEST_DEVS_MAX 16
#define GUEST_COMPAT_MAX 32 /* a device's compatible, with its NUL */

#endif
