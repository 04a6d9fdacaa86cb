/* SPDX-License-Identifier: MIT */
/* RISC-V CSR numbers, bit fields and trap causes (privileged spec 1.12 + H).
 * The one copy shared by hypervisor, guest kernel and test guests. */
#ifndef RISCV_CSR_H
#define RISCV_CSR_H

#ifdef __ASSEMBLER__
#define _UL(x) x
#else
#define _UL(x) x##UL
#endif
#define BIT(n) (_UL(1) << (n))

/* Supervisor */
#define CSR_SSTATUS 0x100
#define CSR_SIE 0x104
#define CSR_STVEC 0x105
#define CSR_SCOUNTEREN 0x106
#define CSR_SENVCFG 0x10a
#define CSR_SSCRATCH 0x140
#define CSR_SEPC 0x141
#define CSR_SCAUSE 0x142
#define CSR_STVAL 0x143
#define CSR_SIP 0x144
#define CSR_STIMECMP 0x14d
#define CSR_SATP 0x180

/* Hypervisor */
#define CSR_HSTATUS 0x600
#define CSR_HEDELEG 0x602
#define CSR_HIDELEG 0x603
#define CSR_HIE 0x604
#define CSR_HTIMEDELTA 0x605
#define CSR_HCOUNTEREN 0x606
#define CSR_HGEIE 0x607
#define CSR_HENVCFG 0x60a
#define CSR_HTVAL 0x643
#define CSR_HIP 0x644
#define CSR_HVIP 0x645
#define CSR_HTINST 0x64a
#define CSR_HGATP 0x680
#define CSR_HGEIP 0xe12

/* Virtual supervisor */
#define CSR_VSSTATUS 0x200
#define CSR_VSIE 0x204
#define CSR_VSTVEC 0x205
#define CSR_VSSCRATCH 0x240
#define CSR_VSEPC 0x241
#define CSR_VSCAUSE 0x242
#define CSR_VSTVAL 0x243
#define CSR_VSIP 0x244
#define CSR_VSTIMECMP 0x24d
#define CSR_VSATP 0x280

/* Counters */
#define CSR_CYCLE 0xc00
#define CSR_TIME 0xc01
#define CSR_INSTRET 0xc02

/* sstatus */
#define SR_SIE BIT(1)
#define SR_SPIE BIT(5)
#define SR_UBE BIT(6)
#define SR_SPP BIT(8)
#define SR_FS (_UL(3) << 13)
#define SR_FS_OFF (_UL(0) << 13)
#define SR_FS_INITIAL (_UL(1) << 13)
#define SR_FS_CLEAN (_UL(2) << 13)
#define SR_FS_DIRTY (_UL(3) << 13)
#define SR_XS (_UL(3) << 15)
#define SR_SUM BIT(18)
#define SR_MXR BIT(19)
#define SR_UXL (_UL(3) << 32)
#define SR_UXL_64 (_UL(2) << 32)
#define SR_SD BIT(63)

/* hstatus */
#define HSTATUS_VSBE BIT(5)
#define HSTATUS_GVA BIT(6)
#define HSTATUS_SPV BIT(7)
#define HSTATUS_SPVP BIT(8)
#define HSTATUS_HU BIT(9)
#define HSTATUS_VGEIN_SHIFT 12
#define HSTATUS_VTVM BIT(20)
#define HSTATUS_VTW BIT(21)
#define HSTATUS_VTSR BIT(22)
#define HSTATUS_VSXL_SHIFT 32
#define HSTATUS_VSXL (_UL(3) << 32)
#define HSTATUS_VSXL_64 (_UL(2) << 32)

/* interrupts: bit numbers in sip/sie/hip/hie/hvip */
#define IRQ_S_SOFT 1
#define IRQ_VS_SOFT 2
#define IRQ_S_TIMER 5
#define IRQ_VS_TIMER 6
#define IRQ_S_EXT 9
#define IRQ_VS_EXT 10
#define IRQ_S_GEXT 12
#define MIP_SSIP BIT(IRQ_S_SOFT)
#define MIP_VSSIP BIT(IRQ_VS_SOFT)
#define MIP_STIP BIT(IRQ_S_TIMER)
#define MIP_VSTIP BIT(IRQ_VS_TIMER)
#define MIP_SEIP BIT(IRQ_S_EXT)
#define MIP_VSEIP BIT(IRQ_VS_EXT)
#define MIP_SGEIP BIT(IRQ_S_GEXT)
#define VS_IRQ_MASK (MIP_VSSIP | MIP_VSTIP | MIP_VSEIP)

/* exception causes */
#define CAUSE_MISALIGNED_FETCH 0
#define CAUSE_FETCH_ACCESS 1
#define CAUSE_ILLEGAL_INSN 2
#define CAUSE_BREAKPOINT 3
#define CAUSE_MISALIGNED_LOAD 4
#define CAUSE_LOAD_ACCESS 5
#define CAUSE_MISALIGNED_STORE 6
#define CAUSE_STORE_ACCESS 7
#define CAUSE_USER_ECALL 8
#define CAUSE_SUPERVISOR_ECALL 9
#define CAUSE_VS_ECALL 10
#define CAUSE_MACHINE_ECALL 11
#define CAUSE_FETCH_PAGE_FAULT 12
#define CAUSE_LOAD_PAGE_FAULT 13
#define CAUSE_STORE_PAGE_FAULT 15
#define CAUSE_FETCH_GUEST_PAGE_FAULT 20
#define CAUSE_LOAD_GUEST_PAGE_FAULT 21
#define CAUSE_VIRTUAL_INSN 22
#define CAUSE_STORE_GUEST_PAGE_FAULT 23
#define CAUSE_NR_EXCEPTIONS 24
#define CAUSE_IRQ_FLAG BIT(63)

/* satp / hgatp */
#define SATP_MODE_SV39 (_UL(8) << 60)
#define HGATP_MODE_SV39X4 (_UL(8) << 60)
#define HGATP_VMID_SHIFT 44
#define HGATP_VMID_MASK (_UL(0x3fff) << 44)
#define HGATP_PPN_MASK ((_UL(1) << 44) - 1)

/* henvcfg / senvcfg */
#define ENVCFG_FIOM BIT(0)
#define ENVCFG_CBIE (_UL(3) << 4)
#define ENVCFG_CBCFE BIT(6)
#define ENVCFG_CBZE BIT(7)
#define ENVCFG_PBMTE BIT(62)
#define ENVCFG_STCE BIT(63)

/* page table entries (Sv39 and Sv39x4 G-stage) */
#define PTE_V BIT(0)
#define PTE_R BIT(1)
#define PTE_W BIT(2)
#define PTE_X BIT(3)
#define PTE_U BIT(4)
#define PTE_G BIT(5)
#define PTE_A BIT(6)
#define PTE_D BIT(7)
#define PTE_PPN_SHIFT 10

#define PAGE_SHIFT 12
#define PAGE_SIZE (_UL(1) << PAGE_SHIFT)

#ifndef __ASSEMBLER__
#define csr_read(csr)                          \
	({                                     \
		unsigned long __v;             \
		__asm__ volatile("csrr %0, %1" \
				 : "=r"(__v)   \
				 : "i"(csr)    \
				 : "memory");  \
		__v;                           \
	})
#define csr_write(csr, val)                                          \
	({                                                           \
		unsigned long __v = (unsigned long)(val);            \
		__asm__ volatile("csrw %0, %1" ::"i"(csr), "rK"(__v) \
				 : "memory");                        \
	})
#define csr_swap(csr, val)                                \
	({                                                \
		unsigned long __v = (unsigned long)(val); \
		__asm__ volatile("csrrw %0, %1, %2"       \
				 : "=r"(__v)              \
				 : "i"(csr), "rK"(__v)    \
				 : "memory");             \
		__v;                                      \
	})
#define csr_set(csr, val)                                            \
	({                                                           \
		unsigned long __v = (unsigned long)(val);            \
		__asm__ volatile("csrs %0, %1" ::"i"(csr), "rK"(__v) \
				 : "memory");                        \
	})
#define csr_clear(csr, val)                                          \
	({                                                           \
		unsigned long __v = (unsigned long)(val);            \
		__asm__ volatile("csrc %0, %1" ::"i"(csr), "rK"(__v) \
				 : "memory");                        \
	})
#define csr_read_clear(csr, val)                          \
	({                                                \
		unsigned long __v = (unsigned long)(val); \
		__asm__ volatile("csrrc %0, %1, %2"       \
				 : "=r"(__v)              \
				 : "i"(csr), "rK"(__v)    \
				 : "memory");             \
		__v;                                      \
	})
#endif

#endif
