/* hearth-engine.h: what a face (the app, hearthctl) may use of the engine
 *
 * The models (devices, controls, the store), the values they hold, and
 * HearthHome, the one door to every workflow. Links, drivers, the keyring
 * and HTTP stay inside the engine (tests/check-layers.py holds the faces
 * to that); hearth.h is the whole engine, for the engine's own tests.
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
#include "hearth-scene.h"
#include "hearth-color.h"
#include "hearth-device.h"
#include "hearth-secret.h"
#include "hearth-store.h"
#include "hearth-history.h"
#include "hearth-pairing.h"
#include "hearth-home.h"
#include "hearth-grammar.h"
#include "hearth-command-target.h"
#include "hearth-command.h"
#include "hearth-command-run.h"
