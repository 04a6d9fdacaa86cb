/* SPDX-License-Identifier: MIT */
/* Error numbers returned (negated) by kernel functions and system calls;
 * the values match Linux so the numbers read familiarly. */
#ifndef GK_ERRNO_H
#define GK_ERRNO_H

#include "gk_abi.h"

#endif
