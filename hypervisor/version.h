/* SPDX-License-Identifier: MIT */
#ifndef VERSION_H
#define VERSION_H

#define RVH_VERSION_MAJOR 0
#define RVH_VERSION_MINOR 1
#define RVH_VERSION_PATCH 0
#define RVH_VERSION_STRING "0.1.0"
/* SBI impl version: major << 16 | minor */
#define RVH_VERSION_CODE ((RVH_VERSION_MAJOR << 16) | RVH_VERSION_MINOR)

#endif
