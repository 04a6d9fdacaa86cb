/* SPDX-License-Identifier: MIT */
/* SBI v2.0 ABI: extension/function ids, error codes, states.
 * Shared by the hypervisor (serving and calling SBI) and all guests. */
#ifndef SBI_ABI_H
#define SBI_ABI_H

#define SBI_SPEC_VERSION_MAJOR 2
#define SBI_SPEC_VERSION_MINOR 0
#define SBI_SPEC_VERSION \
	((SBI_SPEC_VERSION_MAJOR << 24) | SBI_SPEC_VERSION_MINOR)

/* Legacy extensions (EID = function, no FID) */
#define SBI_EXT_0_1_SET_TIMER 0x0
#define SBI_EXT_0_1_CONSOLE_PUTCHAR 0x1
#define SBI_EXT_0_1_CONSOLE_GETCHAR 0x2
#define SBI_EXT_0_1_CLEAR_IPI 0x3
#define SBI_EXT_0_1_SEND_IPI 0x4
#define SBI_EXT_0_1_REMOTE_FENCE_I 0x5
#define SBI_EXT_0_1_REMOTE_SFENCE_VMA 0x6
#define SBI_EXT_0_1_REMOTE_SFENCE_VMA_ASID 0x7
#define SBI_EXT_0_1_SHUTDOWN 0x8

#define SBI_EXT_BASE 0x10
#define SBI_EXT_TIME 0x54494D45
#define SBI_EXT_IPI 0x735049
#define SBI_EXT_RFENCE 0x52464E43
#define SBI_EXT_HSM 0x48534D
#define SBI_EXT_SRST 0x53525354
#define SBI_EXT_PMU 0x504D55
#define SBI_EXT_DBCN 0x4442434E
#define SBI_EXT_SUSP 0x53555350
#define SBI_EXT_CPPC 0x43505043
#define SBI_EXT_NACL 0x4E41434C
#define SBI_EXT_STA 0x535441
#define SBI_EXT_EXPERIMENTAL_START 0x08000000
#define SBI_EXT_EXPERIMENTAL_END 0x08FFFFFF
#define SBI_EXT_VENDOR_START 0x09000000
#define SBI_EXT_VENDOR_END 0x09FFFFFF
#define SBI_EXT_FIRMWARE_START 0x0A000000
#define SBI_EXT_FIRMWARE_END 0x0AFFFFFF

/* This project's own firmware-range extension (hypervisor services). */
#define SBI_EXT_RVH 0x0A525648 /* 0x0A000000 | "RVH" */

/* Tracing: a guest registers its trace buffer (trace_abi.h), vendor range. */
#define SBI_EXT_RVH_TRACE 0x09525654 /* 0x09000000 | "RVT" */
/* a0 gpa, a1 bytes (0: unregister); value: the enabled trace classes */
#define SBI_RVH_TRACE_SET_BUFFER 0
/* drain the calling vCPU's buffer now; value: records taken */
#define SBI_RVH_TRACE_FLUSH 1

/* BASE */
#define SBI_BASE_GET_SPEC_VERSION 0
#define SBI_BASE_GET_IMPL_ID 1
#define SBI_BASE_GET_IMPL_VERSION 2
#define SBI_BASE_PROBE_EXT 3
#define SBI_BASE_GET_MVENDORID 4
#define SBI_BASE_GET_MARCHID 5
#define SBI_BASE_GET_MIMPID 6

/* Implementation id reported by our hypervisor (not in the spec's registry:
 * a value past the assigned ones, documented in docs/architecture.md). */
#define SBI_IMPL_ID_RVH 0x5256
#define SBI_IMPL_ID_OPENSBI 1

/* TIME */
#define SBI_TIME_SET_TIMER 0

/* IPI */
#define SBI_IPI_SEND_IPI 0

/* RFENCE */
#define SBI_RFENCE_REMOTE_FENCE_I 0
#define SBI_RFENCE_REMOTE_SFENCE_VMA 1
#define SBI_RFENCE_REMOTE_SFENCE_VMA_ASID 2
#define SBI_RFENCE_REMOTE_HFENCE_GVMA_VMID 3
#define SBI_RFENCE_REMOTE_HFENCE_GVMA 4
#define SBI_RFENCE_REMOTE_HFENCE_VVMA_ASID 5
#define SBI_RFENCE_REMOTE_HFENCE_VVMA 6

/* HSM */
#define SBI_HSM_HART_START 0
#define SBI_HSM_HART_STOP 1
#define SBI_HSM_HART_GET_STATUS 2
#define SBI_HSM_HART_SUSPEND 3

#define SBI_HSM_STATE_STARTED 0
#define SBI_HSM_STATE_STOPPED 1
#define SBI_HSM_STATE_START_PENDING 2
#define SBI_HSM_STATE_STOP_PENDING 3
#define SBI_HSM_STATE_SUSPENDED 4
#define SBI_HSM_STATE_SUSPEND_PENDING 5
#define SBI_HSM_STATE_RESUME_PENDING 6

#define SBI_HSM_SUSPEND_RET_DEFAULT 0x00000000u
#define SBI_HSM_SUSPEND_RET_PLATFORM 0x10000000u /* ..0x7FFFFFFF */
#define SBI_HSM_SUSPEND_NON_RET_DEFAULT 0x80000000u
#define SBI_HSM_SUSPEND_NON_RET_PLATFORM 0x90000000u
#define SBI_HSM_SUSPEND_NON_RET_LAST 0xFFFFFFFFu

/* SRST */
#define SBI_SRST_RESET 0
#define SBI_SRST_TYPE_SHUTDOWN 0
#define SBI_SRST_TYPE_COLD_REBOOT 1
#define SBI_SRST_TYPE_WARM_REBOOT 2
#define SBI_SRST_REASON_NONE 0
#define SBI_SRST_REASON_SYSFAIL 1

/* DBCN */
#define SBI_DBCN_CONSOLE_WRITE 0
#define SBI_DBCN_CONSOLE_READ 1
#define SBI_DBCN_CONSOLE_WRITE_BYTE 2

/* Errors */
#define SBI_SUCCESS 0
#define SBI_ERR_FAILED -1
#define SBI_ERR_NOT_SUPPORTED -2
#define SBI_ERR_INVALID_PARAM -3
#define SBI_ERR_DENIED -4
#define SBI_ERR_INVALID_ADDRESS -5
#define SBI_ERR_ALREADY_AVAILABLE -6
#define SBI_ERR_ALREADY_STARTED -7
#define SBI_ERR_ALREADY_STOPPED -8
#define SBI_ERR_NO_SHMEM -9

#endif
