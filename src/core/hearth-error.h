/* hearth-error.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define HEARTH_ERROR (hearth_error_quark ())

/**
 * HearthError:
 * @HEARTH_ERROR_FAILED: anything else; the message says what
 * @HEARTH_ERROR_HTTP_STATUS: the device answered with an HTTP error status
 * @HEARTH_ERROR_BAD_PAYLOAD: the answer was not JSON, or not of the expected shape
 * @HEARTH_ERROR_TOO_LARGE: the answer was larger than any device should send
 * @HEARTH_ERROR_UNSUPPORTED: the device or control cannot do what was asked
 * @HEARTH_ERROR_NOT_FOUND: no such device or control
 * @HEARTH_ERROR_NEEDS_PASSWORD: the device wants a password and none is stored
 * @HEARTH_ERROR_BAD_PASSWORD: the stored password was refused
 * @HEARTH_ERROR_NEEDS_PAIRING: the device wants to be paired first
 * @HEARTH_ERROR_DEVICE: the device refused the request (its own message)
 * @HEARTH_ERROR_INVALID: the request itself is malformed (bad user input)
 * @HEARTH_ERROR_WRONG_DEVICE: another device (another hardware id, or
 *   another family) answers at the device's address; nothing secret was
 *   sent to it
 */
typedef enum
{
  HEARTH_ERROR_FAILED,
  HEARTH_ERROR_HTTP_STATUS,
  HEARTH_ERROR_BAD_PAYLOAD,
  HEARTH_ERROR_TOO_LARGE,
  HEARTH_ERROR_UNSUPPORTED,
  HEARTH_ERROR_NOT_FOUND,
  HEARTH_ERROR_NEEDS_PASSWORD,
  HEARTH_ERROR_BAD_PASSWORD,
  HEARTH_ERROR_NEEDS_PAIRING,
  HEARTH_ERROR_DEVICE,
  HEARTH_ERROR_INVALID,
  HEARTH_ERROR_WRONG_DEVICE,
} HearthError;

GQuark hearth_error_quark (void);

G_END_DECLS
