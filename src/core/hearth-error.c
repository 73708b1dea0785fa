/* hearth-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hearth-error.h"

G_DEFINE_QUARK (hearth-error-quark, hearth_error)
