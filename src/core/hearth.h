/* hearth.h: the whole engine (a face includes hearth-engine.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hearth-engine.h"
#include "hearth-http.h"
#include "hearth-http-queue.h"
#include "hearth-driver.h"
#include "hearth-link.h"
#include "hearth-secrets.h"
