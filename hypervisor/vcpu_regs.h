/* SPDX-License-Identifier: MIT */
/* Offsets into struct vcpu used by the world switch (vcpu_switch.S).
 * vcpu.h checks them with _Static_assert. */
#ifndef VCPU_REGS_H
#define VCPU_REGS_H

#define VCPU_GUEST_X(n) ((n)*8)
#define VCPU_GUEST_SEPC 256
#define VCPU_GUEST_SSTATUS 264
#define VCPU_GUEST_HSTATUS 272
#define VCPU_HOST_RA 280
#define VCPU_HOST_SP 288
#define VCPU_HOST_GP 296
#define VCPU_HOST_TP 304
#define VCPU_HOST_S(n) (312 + (n)*8)
#define VCPU_HOST_SSTATUS 408
#define VCPU_HOST_HSTATUS 416
#define VCPU_HOST_STVEC 424
#define VCPU_HOST_SSCRATCH 432

#endif
