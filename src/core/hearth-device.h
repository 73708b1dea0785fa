/* hearth-device.h: one physical box on the network
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "hearth-types.h"

G_BEGIN_DECLS

#define HEARTH_TYPE_DEVICE (hearth_device_get_type ())

G_DECLARE_FINAL_TYPE (HearthDevice, hearth_device, HEARTH, DEVICE, GObject)

/* @id is the hardware id the device reports (MAC, serial, Shelly id), or
 * for a device that tells none before it is paired and was added by
 * address, hearth_device_make_address_id(); @family is a driver's family
 * name ("shelly", "wled", ...). */
HearthDevice      *hearth_device_new              (const char        *id,
                                                   const char        *family);
const char        *hearth_device_get_id           (HearthDevice      *self);
const char        *hearth_device_get_family       (HearthDevice      *self);
const char        *hearth_device_get_name         (HearthDevice      *self);
void               hearth_device_set_name         (HearthDevice      *self,
                                                   const char        *name);
const char        *hearth_device_get_model        (HearthDevice      *self);
void               hearth_device_set_model        (HearthDevice      *self,
                                                   const char        *model);
const char        *hearth_device_get_firmware     (HearthDevice      *self);
void               hearth_device_set_firmware     (HearthDevice      *self,
                                                   const char        *firmware);
/* The serial number the device tells once it can (a Nanoleaf, once
 * paired): the hardware id of a device added by address before it could
 * tell one, which the home then takes (hearth_home_pair_async()) */
const char        *hearth_device_get_serial       (HearthDevice      *self);
void               hearth_device_set_serial       (HearthDevice      *self,
                                                   const char        *serial);
const char        *hearth_device_get_host         (HearthDevice      *self);
guint16            hearth_device_get_port         (HearthDevice      *self);
void               hearth_device_set_address      (HearthDevice      *self,
                                                   const char        *host,
                                                   guint16            port);
HearthDeviceState  hearth_device_get_state        (HearthDevice      *self);
void               hearth_device_set_state        (HearthDevice      *self,
                                                   HearthDeviceState  state);
gboolean           hearth_device_get_available    (HearthDevice      *self);
HearthLive         hearth_device_get_live         (HearthDevice      *self);
void               hearth_device_set_live         (HearthDevice      *self,
                                                   HearthLive         live);
/* Wall-clock microseconds of the last answer, 0 when never */
gint64             hearth_device_get_last_seen    (HearthDevice      *self);
/* Records an answer: last-seen is now, and the device is online. */
void               hearth_device_mark_seen        (HearthDevice      *self);

/* A GListModel of HearthControl, owned by the device */
GListModel        *hearth_device_get_controls     (HearthDevice      *self);
HearthControl     *hearth_device_find_control     (HearthDevice      *self,
                                                   const char        *control_id);
/* Returns the control with @control_id, adding a new one of @kind first
 * when there is none. Borrowed. */
HearthControl     *hearth_device_ensure_control   (HearthDevice      *self,
                                                   const char        *control_id,
                                                   HearthControlKind  kind,
                                                   const char        *name);
void               hearth_device_remove_control   (HearthDevice      *self,
                                                   const char        *control_id);

/* "family@host:port" ("nanoleaf@[fe80::1]:16021"): the id of a device
 * that tells nothing about itself before it is paired, added by address.
 * No hardware id contains "@". */
char              *hearth_device_make_address_id  (const char        *family,
                                                   const char        *host,
                                                   guint16            port);
gboolean           hearth_device_has_address_id   (HearthDevice      *self);

const char        *hearth_device_state_to_string  (HearthDeviceState  state);
const char        *hearth_live_to_string          (HearthLive         live);

G_END_DECLS
