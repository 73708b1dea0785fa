/* hearth-link.c: what every family's live connection shares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hearth-backoff.h"
#include "hearth-change.h"
#include "hearth-control.h"
#include "hearth-device.h"
#include "hearth-driver.h"
#include "hearth-error.h"
#include "hearth-http.h"
#include "hearth-http-queue.h"
#include "hearth-link.h"
#include "hearth-link-private.h"
#include "hearth-secrets.h"
#include "hearth-timers.h"

#define DEFAULT_POLL_INTERVAL_MS 5000
#define DEFAULT_LIVENESS_INTERVAL_MS 30000
#define MIN_BACKOFF_MS           1000
#define MAX_BACKOFF_MS           60000

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (HearthLink, hearth_link, G_TYPE_OBJECT)

HearthLinkPrivate *
_hearth_link_get_private (HearthLink *self)
{
  return hearth_link_get_instance_private (self);
}

typedef enum
{
  PROP_DEVICE = 1,
  PROP_HTTP,
  PROP_POLL_INTERVAL,
  PROP_LIVENESS_INTERVAL,
} HearthLinkProperty;

static GParamSpec *properties[PROP_LIVENESS_INTERVAL + 1];

static void schedule_poll (HearthLink *self, guint delay_ms);


static void
hearth_link_dispose (GObject *object)
{
  HearthLink *self = (HearthLink *)object;

  hearth_link_stop (self);

  G_OBJECT_CLASS (hearth_link_parent_class)->dispose (object);
}

static void
hearth_link_finalize (GObject *object)
{
  HearthLink *self = (HearthLink *)object;
  HearthLinkPrivate *priv = hearth_link_get_instance_private (self);

  g_clear_object (&priv->device);
  g_clear_object (&priv->http);
  g_clear_object (&priv->driver);
  g_clear_object (&priv->queue);
  g_clear_pointer (&priv->refresh_waiting, g_ptr_array_unref);
  g_clear_object (&priv->cancellable);
  g_clear_pointer (&priv->username, g_free);
  g_clear_pointer (&priv->password, g_free);
  g_clear_pointer (&priv->wrong_reason, g_free);
  g_clear_pointer (&priv->snapshots, g_hash_table_unref);

  G_OBJECT_CLASS (hearth_link_parent_class)->finalize (object);
}

static void
hearth_link_constructed (GObject *object)
{
  HearthLink *self = (HearthLink *)object;
  HearthLinkPrivate *priv = hearth_link_get_instance_private (self);

  G_OBJECT_CLASS (hearth_link_parent_class)->constructed (object);

  g_assert (HEARTH_IS_DEVICE (priv->device));
  g_assert (HEARTH_IS_HTTP (priv->http));

  priv->queue = hearth_http_get_queue (priv->http,
                                       hearth_device_get_host (priv->device),
                                       hearth_device_get_port (priv->device));
}

static void
hearth_link_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  HearthLink *self = HEARTH_LINK (object);
  HearthLinkPrivate *priv = hearth_link_get_instance_private (self);

  switch ((HearthLinkProperty) prop_id)
    {
    case PROP_DEVICE:
      g_value_set_object (value, priv->device);
      break;
    case PROP_HTTP:
      g_value_set_object (value, priv->http);
      break;
    case PROP_POLL_INTERVAL:
      g_value_set_uint (value, priv->poll_interval);
      break;
    case PROP_LIVENESS_INTERVAL:
      g_value_set_uint (value, priv->liveness_interval);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hearth_link_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  HearthLink *self = HEARTH_LINK (object);
  HearthLinkPrivate *priv = hearth_link_get_instance_private (self);

  switch ((HearthLinkProperty) prop_id)
    {
    case PROP_DEVICE:
      priv->device = g_value_dup_object (value);
      break;
    case PROP_HTTP:
      priv->http = g_value_dup_object (value);
      break;
    case PROP_POLL_INTERVAL:
      hearth_link_set_poll_interval (self, g_value_get_uint (value));
      break;
    case PROP_LIVENESS_INTERVAL:
      hearth_link_set_liveness_interval (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hearth_link_class_init (HearthLinkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = hearth_link_constructed;
  object_class->dispose = hearth_link_dispose;
  object_class->finalize = hearth_link_finalize;
  object_class->get_property = hearth_link_get_property;
  object_class->set_property = hearth_link_set_property;

  properties[PROP_DEVICE] =
    g_param_spec_object ("device", NULL, NULL, HEARTH_TYPE_DEVICE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HTTP] =
    g_param_spec_object ("http", NULL, NULL, HEARTH_TYPE_HTTP,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_POLL_INTERVAL] =
    g_param_spec_uint ("poll-interval", NULL, NULL, 100, G_MAXUINT, DEFAULT_POLL_INTERVAL_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* How often a push channel must show it is alive (a heartbeat sent, a
   * ping expected, a check made), in milliseconds; each family with a push
   * channel sets its own default, and tests shorten it. */
  properties[PROP_LIVENESS_INTERVAL] =
    g_param_spec_uint ("liveness-interval", NULL, NULL, 10, G_MAXUINT, DEFAULT_LIVENESS_INTERVAL_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, G_N_ELEMENTS (properties), properties);
}

static void
hearth_link_init (HearthLink *self)
{
  HearthLinkPrivate *priv = hearth_link_get_instance_private (self);

  priv->poll_interval = DEFAULT_POLL_INTERVAL_MS;
  priv->liveness_interval = DEFAULT_LIVENESS_INTERVAL_MS;
  hearth_backoff_init (&priv->backoff, MIN_BACKOFF_MS, MAX_BACKOFF_MS);
  hearth_backoff_init (&priv->confirm_backoff, MIN_BACKOFF_MS, MAX_BACKOFF_MS);
  hearth_backoff_init (&priv->read_backoff, MIN_BACKOFF_MS, MAX_BACKOFF_MS);
  priv->refresh_waiting = g_ptr_array_new_with_free_func (g_object_unref);
  priv->snapshots = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, _hearth_link_snapshot_free);
  g_queue_init (&priv->pending);
}

HearthDevice *
hearth_link_get_device (HearthLink *self)
{
  HearthLinkPrivate *priv = hearth_link_get_instance_private (self);

  g_return_val_if_fail (HEARTH_IS_LINK (self), NULL);
  return priv->device;
}

HearthHttp *
hearth_link_get_http (HearthLink *self)
{
  HearthLinkPrivate *priv = hearth_link_get_instance_private (self);

  g_return_val_if_fail (HEARTH_IS_LINK (self), NULL);
  return priv->http;
}

HearthHttpQueue *
hearth_link_get_queue (HearthLink *self)
{
  HearthLinkPrivate *priv = hearth_link_get_instance_private (self);

  g_return_val_if_fail (HEARTH_IS_LINK (self), NULL);
  return priv->queue;
}

GCancellable *
hearth_link_get_cancellable (HearthLink *self)
{
  HearthLinkPrivate *priv = hearth_link_get_instance_private (self);

  g_return_val_if_fail (HEARTH_IS_LINK (self), NULL);

  if (priv->cancellable == NULL)
    priv->cancellable = g_cancellable_new ();
  return priv->cancellable;
}

guint
hearth_link_get_poll_interval (HearthLink *self)
{
  HearthLinkPrivate *priv = hearth_link_get_instance_private (self);

  g_return_val_if_fail (HEARTH_IS_LINK (self), 0);
  return priv->poll_interval;
}

void
hearth_link_set_poll_interval (HearthLink *self,
                               guint       interval_ms)
{
  HearthLinkPrivate *priv = hearth_link_get_instance_private (self);

  g_return_if_fail (HEARTH_IS_LINK (self));

  interval_ms = MAX (interval_ms, 100);
  if (priv->poll_interval == interval_ms)
    return;

  priv->poll_interval = interval_ms;
  if (priv->poll_source != 0)
    schedule_poll (self, interval_ms);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POLL_INTERVAL]);
}

guint
hearth_link_get_liveness_interval (HearthLink *self)
{
  HearthLinkPrivate *priv = hearth_link_get_instance_private (self);

  g_return_val_if_fail (HEARTH_IS_LINK (self), 0);
  return priv->liveness_interval;
}

void
hearth_link_set_liveness_interval (HearthLink *self,
                                   guint       interval_ms)
{
  HearthLinkPrivate *priv = hearth_link_get_instance_private (self);

  g_return_if_fail (HEARTH_IS_LINK (self));

  interval_ms = MAX (interval_ms, 10);
  if (priv->liveness_interval == interval_ms)
    return;

  priv->liveness_interval = interval_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LIVENESS_INTERVAL]);
}

const char *
hearth_link_get_username (HearthLink *self)
{
  HearthLinkPrivate *priv = hearth_link_get_instance_private (self);

  g_return_val_if_fail (HEARTH_IS_LINK (self), NULL);
  return priv->username;
}

/* Only for a device confirmed at its current address: whatever a
 * subclass sends before that goes without the secret. */
const char *
hearth_link_get_password (HearthLink *self)
{
  HearthLinkPrivate *priv = hearth_link_get_instance_private (self);

  g_return_val_if_fail (HEARTH_IS_LINK (self), NULL);

  if (priv->driver != NULL && priv->identity != IDENTITY_CONFIRMED && !priv->reading_identity)
    return NULL;
  if (priv->refused_here)
    return NULL;
  return priv->password;
}

/* Whether the device that answers instead of this one (the device is
 * HEARTH_DEVICE_STATE_WRONG_DEVICE) had the credential once: the one login
 * or read that asks who answers, for a family that tells nothing without
 * it (a Tasmota or ESPHome node with a web password, a Nanoleaf) */
gboolean
hearth_link_get_wrong_device_had_secret (HearthLink *self)
{
  HearthLinkPrivate *priv = hearth_link_get_instance_private (self);

  g_return_val_if_fail (HEARTH_IS_LINK (self), FALSE);

  return hearth_device_get_state (priv->device) == HEARTH_DEVICE_STATE_WRONG_DEVICE &&
         priv->secret_to_wrong;
}

/* Why the device is HEARTH_DEVICE_STATE_WRONG_DEVICE (another id answers,
 * another certificate, another serial number), or NULL */
const char *
hearth_link_get_wrong_device_reason (HearthLink *self)
{
  HearthLinkPrivate *priv = hearth_link_get_instance_private (self);

  g_return_val_if_fail (HEARTH_IS_LINK (self), NULL);

  if (hearth_device_get_state (priv->device) != HEARTH_DEVICE_STATE_WRONG_DEVICE)
    return NULL;
  return priv->wrong_reason;
}

HearthDriver *
hearth_link_get_driver (HearthLink *self)
{
  HearthLinkPrivate *priv = hearth_link_get_instance_private (self);

  g_return_val_if_fail (HEARTH_IS_LINK (self), NULL);
  return priv->driver;
}

void
hearth_link_set_driver (HearthLink   *self,
                        HearthDriver *driver)
{
  HearthLinkPrivate *priv = hearth_link_get_instance_private (self);

  g_return_if_fail (HEARTH_IS_LINK (self));
  g_return_if_fail (driver == NULL || HEARTH_IS_DRIVER (driver));

  g_set_object (&priv->driver, driver);
}

void
hearth_link_set_credentials (HearthLink *self,
                             const char *username,
                             const char *password)
{
  HearthLinkPrivate *priv = hearth_link_get_instance_private (self);

  g_return_if_fail (HEARTH_IS_LINK (self));

  g_free (priv->username);
  priv->username = g_strdup (username);
  g_free (priv->password);
  priv->password = g_strdup (password);
  /* Given by hand (a login, a test): the keyring has nothing to add. */
  priv->secret_looked_up = TRUE;
  /* A person's new credential (a pairing again) is tried where the old
   * one was refused to another device */
  priv->refused_here = FALSE;
}

void
hearth_link_set_username (HearthLink *self,
                          const char *username)
{
  HearthLinkPrivate *priv = hearth_link_get_instance_private (self);

  g_return_if_fail (HEARTH_IS_LINK (self));

  /* Only the name: the password still comes from the keyring when the
   * device asks for one. */
  g_free (priv->username);
  priv->username = g_strdup (username);
}

/* Any answer proves the device alive, but only a full read (a refresh, or
 * a push channel opened and synced) makes a connecting device online, and
 * only the right password ends "needs a password": a device is never shown
 * online with half a model. */
void
hearth_link_seen (HearthLink *self)
{
  HearthLinkPrivate *priv = hearth_link_get_instance_private (self);

  g_return_if_fail (HEARTH_IS_LINK (self));

  switch (hearth_device_get_state (priv->device))
    {
    case HEARTH_DEVICE_STATE_ONLINE:
    case HEARTH_DEVICE_STATE_UNAVAILABLE:
      hearth_device_mark_seen (priv->device);
      break;
    case HEARTH_DEVICE_STATE_CONNECTING:
    case HEARTH_DEVICE_STATE_NEEDS_PAIRING:
    case HEARTH_DEVICE_STATE_NEEDS_PASSWORD:
    case HEARTH_DEVICE_STATE_WRONG_DEVICE:
    default:
      break;
    }
}

/* Polling and reconnecting */

static void on_secret_looked_up (GObject *object, GAsyncResult *result, gpointer user_data);


void
_hearth_link_report_failure (HearthLink   *self,
                             const GError *error)
{
  HearthLinkPrivate *priv = hearth_link_get_instance_private (self);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_debug ("%s (%s): %s",
           hearth_device_get_name (priv->device),
           hearth_device_get_id (priv->device),
           error->message);

  /* A read showed another device (a Nanoleaf's serial number, a Hue
   * bridge's certificate): as when its id told so */
  if (g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_WRONG_DEVICE))
    {
      priv->identity = IDENTITY_UNCONFIRMED;
      _hearth_link_fail_unconfirmed (self, error);
      _hearth_link_enter_wrong_device (self, error);
      return;
    }

  if (g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PASSWORD) ||
      g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PASSWORD) ||
      g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PAIRING))
    {
      /* A token from an earlier pairing is in the keyring as well */
      priv->wanting = g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PAIRING)
                      ? HEARTH_DEVICE_STATE_NEEDS_PAIRING
                      : HEARTH_DEVICE_STATE_NEEDS_PASSWORD;
      if (!priv->secret_looked_up)
        {
          priv->secret_looked_up = TRUE;
          hearth_secrets_lookup_async (hearth_device_get_id (priv->device),
                                       hearth_link_get_cancellable (self),
                                       on_secret_looked_up,
                                       g_object_ref (self));
          return;
        }
      hearth_device_set_state (priv->device, priv->wanting);
    }
  else
    {
      /* Once the device could not be reached, whatever answers there next
       * must show again that it is this device before it gets a secret. An
       * answer (an error status, a bad body) came from the device the link
       * is talking to: asking it who it is would only hide what it said. */
      if (priv->identity == IDENTITY_CONFIRMED && error->domain != HEARTH_ERROR)
        priv->identity = IDENTITY_UNCONFIRMED;
      hearth_device_set_state (priv->device, HEARTH_DEVICE_STATE_UNAVAILABLE);
    }
}

static gboolean
on_read_retry (gpointer user_data)
{
  HearthLink *self = HEARTH_LINK (user_data);
  HearthLinkPrivate *priv = hearth_link_get_instance_private (self);

  priv->read_retry_source = 0;
  if (priv->started && hearth_device_get_state (priv->device) == HEARTH_DEVICE_STATE_UNAVAILABLE)
    hearth_link_refresh_async (self, hearth_link_get_cancellable (self), _hearth_link_on_poll_refreshed, NULL);
  else
    hearth_backoff_reset (&priv->read_backoff);   /* back meanwhile (its push channel told) */

  return G_SOURCE_REMOVE;
}

void
_hearth_link_on_poll_refreshed (GObject      *object,
                                GAsyncResult *result,
                                gpointer      user_data)
{
  HearthLink *self = HEARTH_LINK (object);
  HearthLinkPrivate *priv = hearth_link_get_instance_private (self);
  g_autoptr(GError) error = NULL;

  if (hearth_link_refresh_finish (self, result, &error))
    return;

  _hearth_link_report_failure (self, error);

  /* The device answered, but badly (a body not understood, an error
   * status): unavailable, still confirmed. Unless polling asks again
   * anyway, nothing would (its push channel stays open, and may stay
   * silent for long): it is read again, soon, then later and later, until
   * a read succeeds. (Unreachable, it is confirmed again instead.) */
  if (priv->started && priv->poll_source == 0 && priv->read_retry_source == 0 &&
      priv->identity == IDENTITY_CONFIRMED &&
      hearth_device_get_state (priv->device) == HEARTH_DEVICE_STATE_UNAVAILABLE)
    priv->read_retry_source = g_timeout_add (hearth_backoff_next (&priv->read_backoff),
                                             on_read_retry, self);
}

static gboolean
on_poll_timeout (gpointer user_data)
{
  HearthLink *self = HEARTH_LINK (user_data);
  HearthLinkPrivate *priv = hearth_link_get_instance_private (self);

  /* A slow device is not asked again before it answered. */
  if (!priv->refreshing)
    hearth_link_refresh_async (self, hearth_link_get_cancellable (self), _hearth_link_on_poll_refreshed, NULL);

  return G_SOURCE_CONTINUE;
}

static void
schedule_poll (HearthLink *self,
               guint       delay_ms)
{
  HearthLinkPrivate *priv = hearth_link_get_instance_private (self);

  g_clear_handle_id (&priv->poll_source, hearth_timer_remove);
  priv->poll_source = hearth_timer_add (delay_ms, on_poll_timeout, self);
}

void
_hearth_link_open_push_or_poll (HearthLink *self)
{
  HearthLinkPrivate *priv = hearth_link_get_instance_private (self);
  HearthLinkClass *klass = HEARTH_LINK_GET_CLASS (self);

  if (!_hearth_link_identity_confirmed (self))
    {
      priv->resume_confirmed = TRUE;
      _hearth_link_confirm_identity (self);
      return;
    }

  if (klass->open_push != NULL)
    {
      klass->open_push (self);
      return;
    }

  hearth_device_set_live (priv->device, HEARTH_LIVE_POLL);
  hearth_link_refresh_async (self, hearth_link_get_cancellable (self), _hearth_link_on_poll_refreshed, NULL);
  schedule_poll (self, priv->poll_interval);
}

static void
on_secret_looked_up (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(HearthLink) self = user_data;
  HearthLinkPrivate *priv = hearth_link_get_instance_private (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = NULL;

  secret = hearth_secrets_lookup_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (error != NULL)
    g_debug ("No keyring to ask for %s's password: %s",
             hearth_device_get_id (priv->device), error->message);

  if (secret == NULL)
    {
      hearth_device_set_state (priv->device, priv->wanting);
      return;
    }

  g_free (priv->password);
  priv->password = g_steal_pointer (&secret);
  if (priv->started)
    {
      HearthLinkClass *klass = HEARTH_LINK_GET_CLASS (self);

      if (priv->push_open && klass->close_push != NULL)
        klass->close_push (self);
      priv->push_open = FALSE;
      _hearth_link_open_push_or_poll (self);
    }
}

static gboolean
on_reconnect_timeout (gpointer user_data)
{
  HearthLink *self = HEARTH_LINK (user_data);
  HearthLinkPrivate *priv = hearth_link_get_instance_private (self);
  HearthLinkClass *klass = HEARTH_LINK_GET_CLASS (self);

  priv->reconnect_source = 0;
  if (priv->started && !priv->push_open && klass->open_push != NULL)
    {
      if (_hearth_link_identity_confirmed (self))
        klass->open_push (self);
      else
        {
          priv->resume_confirmed = TRUE;
          _hearth_link_confirm_identity (self);
        }
    }

  return G_SOURCE_REMOVE;
}

void
hearth_link_push_opened (HearthLink *self)
{
  HearthLinkPrivate *priv = hearth_link_get_instance_private (self);

  g_return_if_fail (HEARTH_IS_LINK (self));

  priv->push_open = TRUE;
  hearth_backoff_reset (&priv->backoff);
  g_clear_handle_id (&priv->poll_source, hearth_timer_remove);
  g_clear_handle_id (&priv->reconnect_source, g_source_remove);
  hearth_device_set_live (priv->device, HEARTH_LIVE_PUSH);
  hearth_device_mark_seen (priv->device);
}

/**
 * hearth_link_push_closed:
 *
 * The push channel is down (or never came up): poll meanwhile, and try
 * again later, waiting longer each time up to a minute.
 */
void
hearth_link_push_closed (HearthLink   *self,
                         const GError *error)
{
  HearthLinkPrivate *priv = hearth_link_get_instance_private (self);

  g_return_if_fail (HEARTH_IS_LINK (self));

  if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  priv->push_open = FALSE;
  if (!priv->started)
    return;

  if (error != NULL)
    g_debug ("Push channel to %s closed: %s", hearth_device_get_id (priv->device), error->message);

  /* What the channel read showed another device */
  if (g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_WRONG_DEVICE))
    {
      hearth_device_set_live (priv->device, HEARTH_LIVE_POLL);
      _hearth_link_report_failure (self, error);
      return;
    }

  /* A new connection may reach another device: confirmed again first,
   * unless the device answered (an error status, a password refused), as
   * _hearth_link_report_failure() decides for reads */
  if (priv->identity == IDENTITY_CONFIRMED && (error == NULL || error->domain != HEARTH_ERROR))
    priv->identity = IDENTITY_UNCONFIRMED;

  if (error != NULL &&
      (g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PASSWORD) ||
       g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PASSWORD)))
    {
      /* Reconnecting cannot help until there is a password. */
      hearth_device_set_live (priv->device, HEARTH_LIVE_POLL);
      _hearth_link_report_failure (self, error);
      return;
    }

  hearth_device_set_live (priv->device, HEARTH_LIVE_POLL);
  if (priv->poll_source == 0)
    {
      hearth_link_refresh_async (self, hearth_link_get_cancellable (self), _hearth_link_on_poll_refreshed, NULL);
      schedule_poll (self, priv->poll_interval);
    }

  g_clear_handle_id (&priv->reconnect_source, g_source_remove);
  priv->reconnect_source = g_timeout_add (hearth_backoff_next (&priv->backoff),
                                          on_reconnect_timeout, self);
}

void
hearth_link_start (HearthLink *self)
{
  HearthLinkPrivate *priv = hearth_link_get_instance_private (self);

  g_return_if_fail (HEARTH_IS_LINK (self));

  if (priv->started)
    return;

  priv->started = TRUE;
  hearth_backoff_reset (&priv->backoff);
  if (hearth_device_get_state (priv->device) != HEARTH_DEVICE_STATE_ONLINE)
    hearth_device_set_state (priv->device, HEARTH_DEVICE_STATE_CONNECTING);

  _hearth_link_open_push_or_poll (self);
}

void
hearth_link_stop (HearthLink *self)
{
  HearthLinkPrivate *priv = hearth_link_get_instance_private (self);
  HearthLinkClass *klass = HEARTH_LINK_GET_CLASS (self);
  g_autoptr(GError) error = NULL;
  Pending *pending;

  g_return_if_fail (HEARTH_IS_LINK (self));

  if (!priv->started && priv->cancellable == NULL && g_queue_is_empty (&priv->pending) &&
      priv->refresh_waiting->len == 0)
    return;

  priv->started = FALSE;
  g_clear_handle_id (&priv->poll_source, hearth_timer_remove);
  g_clear_handle_id (&priv->reconnect_source, g_source_remove);
  g_clear_handle_id (&priv->read_retry_source, g_source_remove);
  hearth_backoff_reset (&priv->read_backoff);
  g_clear_handle_id (&priv->confirm_source, g_source_remove);
  /* The next start confirms the device again: it may be another by then */
  priv->identity = IDENTITY_UNCONFIRMED;
  priv->identity_serial++;
  priv->resume_confirmed = FALSE;
  hearth_backoff_reset (&priv->confirm_backoff);
  priv->reading_identity = FALSE;
  priv->confirmed_by_read = FALSE;

  if (priv->push_open && klass->close_push != NULL)
    klass->close_push (self);
  priv->push_open = FALSE;

  /* Everything under way ends now; the next start gets a new cancellable. */
  if (priv->cancellable != NULL)
    {
      g_cancellable_cancel (priv->cancellable);
      g_clear_object (&priv->cancellable);
    }

  error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("The connection to the device was closed"));
  while ((pending = g_queue_pop_head (&priv->pending)) != NULL)
    {
      _hearth_link_pending_return (pending, error);
      _hearth_link_pending_free (pending);
    }
  _hearth_link_return_waiting_refreshes (self, error);
}

void
hearth_link_readdress (HearthLink *self,
                       const char *host,
                       guint16     port)
{
  HearthLinkPrivate *priv = hearth_link_get_instance_private (self);
  gboolean was_started;

  g_return_if_fail (HEARTH_IS_LINK (self));
  g_return_if_fail (host != NULL);

  if (g_strcmp0 (hearth_device_get_host (priv->device), host) == 0 &&
      hearth_device_get_port (priv->device) == port)
    return;

  was_started = priv->started;
  hearth_link_stop (self);

  hearth_device_set_address (priv->device, host, port);
  g_clear_object (&priv->queue);
  priv->queue = hearth_http_get_queue (priv->http, host, port);
  /* Another address: whoever answers there is asked anew */
  priv->refused_here = FALSE;

  if (was_started)
    hearth_link_start (self);
}

/* Refreshing */

void
_hearth_link_on_refreshed (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  HearthLink *self = HEARTH_LINK (object);
  HearthLinkPrivate *priv = hearth_link_get_instance_private (self);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  priv->refreshing = FALSE;

  if (!HEARTH_LINK_GET_CLASS (self)->refresh_finish (self, result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  hearth_device_mark_seen (priv->device);
  hearth_backoff_reset (&priv->read_backoff);
  g_clear_handle_id (&priv->read_retry_source, g_source_remove);
  g_task_return_boolean (task, TRUE);
}

void
hearth_link_refresh_async (HearthLink          *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  HearthLinkPrivate *priv = hearth_link_get_instance_private (self);
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (HEARTH_IS_LINK (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hearth_link_refresh_async);

  priv->refreshing = TRUE;
  if (!_hearth_link_identity_confirmed (self))
    {
      g_ptr_array_add (priv->refresh_waiting, g_steal_pointer (&task));
      _hearth_link_confirm_identity (self);
      return;
    }

  HEARTH_LINK_GET_CLASS (self)->refresh_async (self, cancellable, _hearth_link_on_refreshed, g_steal_pointer (&task));
}

gboolean
hearth_link_refresh_finish (HearthLink    *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (HEARTH_IS_LINK (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
