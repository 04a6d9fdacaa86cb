/* SPDX-License-Identifier: MIT */
/* Host-test stand-in for firmware/include/riscv_csr.h: only the time CSR,
 * from the test's clock. */
#ifndef RISCV_CSR_H
#define RISCV_CSR_H

#include <stdint.h>

#define CSR_TIME 0xc01
uint64_t hvt_csr_read(unsigned int csr);
#define csr_read(csr) hvt_csr_read(csr)

#endif
