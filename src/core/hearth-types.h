/* hearth-types.h: forward declarations and the enums shared by the engine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _HearthBrowser   HearthBrowser;
typedef struct _HearthChange    HearthChange;
typedef struct _HearthControl   HearthControl;
typedef struct _HearthDevice    HearthDevice;
typedef struct _HearthDriver    HearthDriver;
typedef struct _HearthHome      HearthHome;
typedef struct _HearthHttp      HearthHttp;
typedef struct _HearthHttpQueue HearthHttpQueue;
typedef struct _HearthLink      HearthLink;
typedef struct _HearthService   HearthService;

/* The priority of the engine's network work (Avahi, HTTP reads, event
 * streams) on the main loop: below GTK's layout and drawing, so that a
 * home of hundreds of devices answering at once cannot starve the window
 * of frames (GLib only runs the most urgent sources that are ready). */
#define HEARTH_NETWORK_PRIORITY G_PRIORITY_DEFAULT_IDLE

/**
 * HearthControlKind:
 * What a control is, and so how a tile looks and what one click does.
 */
typedef enum
{
  HEARTH_CONTROL_KIND_SWITCH,
  HEARTH_CONTROL_KIND_LIGHT,
  HEARTH_CONTROL_KIND_COVER,
  HEARTH_CONTROL_KIND_SENSOR,
} HearthControlKind;

/**
 * HearthCapabilities:
 * What a control can report or be told.
 */
typedef enum /*< flags >*/
{
  HEARTH_CAPABILITY_NONE        = 0,
  HEARTH_CAPABILITY_ON_OFF      = 1 << 0,
  HEARTH_CAPABILITY_BRIGHTNESS  = 1 << 1,
  HEARTH_CAPABILITY_TEMPERATURE = 1 << 2,
  HEARTH_CAPABILITY_COLOR       = 1 << 3,
  HEARTH_CAPABILITY_POSITION    = 1 << 4,
  HEARTH_CAPABILITY_EFFECT      = 1 << 5,
  HEARTH_CAPABILITY_VALUE       = 1 << 6,
} HearthCapabilities;

/**
 * HearthCoverState:
 * What a cover is doing.
 */
typedef enum
{
  HEARTH_COVER_STATE_STOPPED,
  HEARTH_COVER_STATE_OPENING,
  HEARTH_COVER_STATE_CLOSING,
  HEARTH_COVER_STATE_OPEN,
  HEARTH_COVER_STATE_CLOSED,
} HearthCoverState;

/**
 * HearthCoverAction:
 * A command for a cover that is not a position.
 */
typedef enum
{
  HEARTH_COVER_ACTION_OPEN,
  HEARTH_COVER_ACTION_CLOSE,
  HEARTH_COVER_ACTION_STOP,
} HearthCoverAction;

/**
 * HearthDeviceState:
 * Whether a device can be used right now, and if not, why.
 */
typedef enum
{
  HEARTH_DEVICE_STATE_CONNECTING,
  HEARTH_DEVICE_STATE_ONLINE,
  HEARTH_DEVICE_STATE_UNAVAILABLE,
  HEARTH_DEVICE_STATE_NEEDS_PAIRING,
  HEARTH_DEVICE_STATE_NEEDS_PASSWORD,
  HEARTH_DEVICE_STATE_WRONG_DEVICE,
} HearthDeviceState;

/**
 * HearthLive:
 * How a device's state reaches Hearth.
 */
typedef enum
{
  HEARTH_LIVE_POLL,
  HEARTH_LIVE_PUSH,
} HearthLive;

/**
 * HearthBrowserState:
 * Whether mDNS discovery can work.
 */
typedef enum
{
  HEARTH_BROWSER_STATE_STARTING,
  HEARTH_BROWSER_STATE_RUNNING,
  HEARTH_BROWSER_STATE_NO_DAEMON,
  HEARTH_BROWSER_STATE_FAILED,
} HearthBrowserState;

G_END_DECLS
