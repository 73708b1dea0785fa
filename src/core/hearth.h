/* hearth.h: the whole engine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hearth-types.h"
#include "hearth-enums.h"
#include "hearth-error.h"
#include "hearth-json.h"
#include "hearth-host.h"
#include "hearth-service.h"
#include "hearth-browser.h"
#include "hearth-control.h"
#include "hearth-change.h"
#include "hearth-color.h"
#include "hearth-device.h"
#include "hearth-http.h"
#include "hearth-http-queue.h"
#include "hearth-driver.h"
#include "hearth-link.h"
#include "hearth-secrets.h"
#include "hearth-store.h"
#include "hearth-pairing.h"
#include "hearth-home.h"
