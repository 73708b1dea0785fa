/* hearth-device-text.h: how the details page and dialogs name a device
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hearth-engine.h"

G_BEGIN_DECLS

/* The families @home has a driver for: "Shelly, WLED and Elgato" */
char       *hearth_device_text_families  (HearthHome    *home);
/* "Shelly SNSW-102P16EU", "Elgato Key Light" (the family as its driver
 * in @home names it; its id while @home is NULL) */
char       *hearth_device_text_model     (HearthHome    *home,
                                          HearthDevice  *device);
/* "192.0.2.5", "192.0.2.5:8080", "[fe80::1]:8080" */
char       *hearth_device_text_address   (const char    *host,
                                          guint16        port);
/* "21.5 °C", "48 %", "1.2 kWh" */
char       *hearth_device_text_reading   (HearthControl *control);
/* "Power", "Humidity"...; the control's name when the quantity is unknown */
const char *hearth_device_text_quantity  (HearthControl *control);
/* "14:02" today, else "3 March, 14:02" (@usec: wall-clock µs) */
char       *hearth_device_text_time      (gint64         usec);
/* Splits what a person typed ("192.0.2.5", "host.local:8080",
 * "[fe80::1]:80", "http://192.0.2.5/") and an optional port field into a
 * host and a port (0: none given). FALSE with a message a person can read
 * (HEARTH_ERROR_INVALID) when it is neither a host name nor an address. */
gboolean    hearth_device_text_parse_host (const char   *text,
                                           const char   *port_text,
                                           char        **host,
                                           guint16      *port,
                                           GError      **error);
/* A failure to change @title ("Desk Lamp") in plain words, saying what a
 * person can do something about: "Desk Lamp did not answer" */
char       *hearth_device_text_failure    (const char   *title,
                                           const GError *error);

G_END_DECLS
