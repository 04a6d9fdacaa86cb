/* SPDX-License-Identifier: MIT */
#ifndef GK_VERSION_H
#define GK_VERSION_H

#define GK_VERSION "0.2"

#endif
