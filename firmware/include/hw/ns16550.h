/* SPDX-License-Identifier: MIT */
/* ns16550a UART registers (stride 1 byte), as QEMU virt has it at
 * 0x10000000: the hypervisor's model and host console, the guest's driver. */
#ifndef HW_NS16550_H
#define HW_NS16550_H

#define NS16550_MMIO_SIZE 8
#define NS16550_FIFO_SIZE 16 /* RX and TX FIFO depth of a 16550A */
#define NS16550_CLOCK_HZ 3686400 /* QEMU virt's clock-frequency */

/* register offsets */
#define NS16550_RBR 0 /* read, DLAB=0 */
#define NS16550_THR 0 /* write, DLAB=0 */
#define NS16550_DLL 0 /* DLAB=1 */
#define NS16550_IER 1 /* DLAB=0 */
#define NS16550_DLM 1 /* DLAB=1 */
#define NS16550_IIR 2 /* read */
#define NS16550_FCR 2 /* write */
#define NS16550_LCR 3
#define NS16550_MCR 4
#define NS16550_LSR 5
#define NS16550_MSR 6
#define NS16550_SCR 7

#define NS16550_IER_RDI 0x01 /* received data available */
#define NS16550_IER_THRI 0x02 /* transmitter holding register empty */
#define NS16550_IER_RLSI 0x04 /* receiver line status */
#define NS16550_IER_MSI 0x08 /* modem status */

#define NS16550_IIR_NO_INT 0x01
#define NS16550_IIR_MSI 0x00
#define NS16550_IIR_THRI 0x02
#define NS16550_IIR_RDI 0x04
#define NS16550_IIR_RLSI 0x06
#define NS16550_IIR_RX_TIMEOUT 0x0c
#define NS16550_IIR_FIFO_ENABLED 0xc0

#define NS16550_FCR_ENABLE_FIFO 0x01
#define NS16550_FCR_CLEAR_RCVR 0x02
#define NS16550_FCR_CLEAR_XMIT 0x04
#define NS16550_FCR_DMA_SELECT 0x08
#define NS16550_FCR_TRIGGER_MASK 0xc0

#define NS16550_LCR_WLEN8 0x03
#define NS16550_LCR_DLAB 0x80

#define NS16550_MCR_DTR 0x01
#define NS16550_MCR_RTS 0x02
#define NS16550_MCR_OUT1 0x04
#define NS16550_MCR_OUT2 0x08
#define NS16550_MCR_LOOP 0x10

#define NS16550_LSR_DR 0x01
#define NS16550_LSR_OE 0x02
#define NS16550_LSR_PE 0x04
#define NS16550_LSR_FE 0x08
#define NS16550_LSR_BI 0x10
#define NS16550_LSR_THRE 0x20
#define NS16550_LSR_TEMT 0x40

#define NS16550_MSR_DCTS 0x01
#define NS16550_MSR_DDSR 0x02
#define NS16550_MSR_TERI 0x04
#define NS16550_MSR_DDCD 0x08
#define NS16550_MSR_CTS 0x10
#define NS16550_MSR_DSR 0x20
#define NS16550_MSR_RI 0x40
#define NS16550_MSR_DCD 0x80

#endif
