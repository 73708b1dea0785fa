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
#include "hearth-secrets.h"

#define DEFAULT_POLL_INTERVAL_MS 5000
#define DEFAULT_LIVENESS_INTERVAL_MS 30000
#define MIN_BACKOFF_MS           1000
#define MAX_BACKOFF_MS           60000

/* The last state the device confirmed for a control, to roll back to when
 * an optimistic change fails. */
typedef struct
{
  gboolean          on;
  int               brightness;
  int               temperature;
  int               color;
  HearthCoverState  cover_state;
  char             *effect;
  guint             users;
} Snapshot;

/* A change waiting to be sent (or being sent) and everyone waiting for it. */
typedef struct
{
  char         *control_id;
  HearthChange *change;
  GPtrArray    *tasks;
} Pending;

/* Whether the device at the link's address was shown to be this one */
typedef enum
{
  IDENTITY_UNCONFIRMED,
  IDENTITY_CONFIRMING,
  IDENTITY_CONFIRMED,
} Identity;

typedef struct
{
  HearthDevice    *device;
  HearthHttp      *http;
  HearthDriver    *driver;
  HearthHttpQueue *queue;
  GCancellable    *cancellable;

  char            *username;
  char            *password;
  gboolean         secret_looked_up;
  /* What the device wants while the keyring is asked: needs a password, or pairing */
  HearthDeviceState wanting;

  guint            poll_interval;
  guint            liveness_interval;
  guint            poll_source;
  guint            reconnect_source;
  HearthBackoff    backoff;         /* reconnecting the push channel */
  gboolean         started;
  gboolean         push_open;
  gboolean         refreshing;

  Identity         identity;
  guint            identity_serial;  /* an answer to an older attempt is dropped */
  /* Open the push channel or poll once the identity is confirmed */
  gboolean         resume_confirmed;
  GPtrArray       *refresh_waiting;  /* of GTask: refreshes waiting for the identity */
  guint            confirm_source;   /* the next attempt after a wrong device */
  HearthBackoff    confirm_backoff;
  /* A family that tells its id only with the credential: the one read
   * with it that confirms the device is under way */
  gboolean         reading_identity;
  /* Confirmed by that read (not by an id told without the credential) */
  gboolean         confirmed_by_read;
  /* That read showed another device: the credential goes to this address
   * no more (until the link is given another one) */
  gboolean         refused_here;
  char            *wrong_reason;     /* why the device is a wrong device */

  GQueue           pending;     /* of Pending, not sent yet, in order */
  Pending         *in_flight;
  GHashTable      *snapshots;   /* control id → Snapshot */
} HearthLinkPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (HearthLink, hearth_link, G_TYPE_OBJECT)

typedef enum
{
  PROP_DEVICE = 1,
  PROP_HTTP,
  PROP_POLL_INTERVAL,
  PROP_LIVENESS_INTERVAL,
} HearthLinkProperty;

static GParamSpec *properties[PROP_LIVENESS_INTERVAL + 1];

static void schedule_poll (HearthLink *self, guint delay_ms);
static void pump (HearthLink *self);
static gboolean identity_confirmed (HearthLink *self);
static void enter_wrong_device (HearthLink *self, const GError *error);
static void fail_unconfirmed (HearthLink *self, const GError *error);
static void confirm_identity (HearthLink *self);
static void return_waiting_refreshes (HearthLink *self, const GError *error);
static void on_refreshed (GObject *object, GAsyncResult *result, gpointer user_data);
static void snapshot_release (HearthLink *self, HearthControl *control, gboolean restore);

static void
snapshot_free (gpointer data)
{
  Snapshot *snapshot = data;

  g_free (snapshot->effect);
  g_free (snapshot);
}

static void
pending_free (Pending *pending)
{
  g_free (pending->control_id);
  hearth_change_free (pending->change);
  g_ptr_array_unref (pending->tasks);
  g_free (pending);
}

static void
pending_return (Pending      *pending,
                const GError *error)
{
  for (guint i = 0; i < pending->tasks->len; i++)
    {
      GTask *task = g_ptr_array_index (pending->tasks, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
    }
  g_ptr_array_set_size (pending->tasks, 0);
}

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
  priv->refresh_waiting = g_ptr_array_new_with_free_func (g_object_unref);
  priv->snapshots = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, snapshot_free);
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

static void
report_failure (HearthLink   *self,
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
      fail_unconfirmed (self, error);
      enter_wrong_device (self, error);
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

static void
on_poll_refreshed (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  HearthLink *self = HEARTH_LINK (object);
  g_autoptr(GError) error = NULL;

  if (!hearth_link_refresh_finish (self, result, &error))
    report_failure (self, error);
}

static gboolean
on_poll_timeout (gpointer user_data)
{
  HearthLink *self = HEARTH_LINK (user_data);
  HearthLinkPrivate *priv = hearth_link_get_instance_private (self);

  /* A slow device is not asked again before it answered. */
  if (!priv->refreshing)
    hearth_link_refresh_async (self, hearth_link_get_cancellable (self), on_poll_refreshed, NULL);

  return G_SOURCE_CONTINUE;
}

static void
schedule_poll (HearthLink *self,
               guint       delay_ms)
{
  HearthLinkPrivate *priv = hearth_link_get_instance_private (self);

  g_clear_handle_id (&priv->poll_source, g_source_remove);
  priv->poll_source = g_timeout_add (delay_ms, on_poll_timeout, self);
}

static void
open_push_or_poll (HearthLink *self)
{
  HearthLinkPrivate *priv = hearth_link_get_instance_private (self);
  HearthLinkClass *klass = HEARTH_LINK_GET_CLASS (self);

  if (!identity_confirmed (self))
    {
      priv->resume_confirmed = TRUE;
      confirm_identity (self);
      return;
    }

  if (klass->open_push != NULL)
    {
      klass->open_push (self);
      return;
    }

  hearth_device_set_live (priv->device, HEARTH_LIVE_POLL);
  hearth_link_refresh_async (self, hearth_link_get_cancellable (self), on_poll_refreshed, NULL);
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
      open_push_or_poll (self);
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
      if (identity_confirmed (self))
        klass->open_push (self);
      else
        {
          priv->resume_confirmed = TRUE;
          confirm_identity (self);
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
  g_clear_handle_id (&priv->poll_source, g_source_remove);
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
      report_failure (self, error);
      return;
    }

  /* A new connection may reach another device: confirmed again first,
   * unless the device answered (an error status, a password refused), as
   * report_failure() decides for reads */
  if (priv->identity == IDENTITY_CONFIRMED && (error == NULL || error->domain != HEARTH_ERROR))
    priv->identity = IDENTITY_UNCONFIRMED;

  if (error != NULL &&
      (g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PASSWORD) ||
       g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PASSWORD)))
    {
      /* Reconnecting cannot help until there is a password. */
      hearth_device_set_live (priv->device, HEARTH_LIVE_POLL);
      report_failure (self, error);
      return;
    }

  hearth_device_set_live (priv->device, HEARTH_LIVE_POLL);
  if (priv->poll_source == 0)
    {
      hearth_link_refresh_async (self, hearth_link_get_cancellable (self), on_poll_refreshed, NULL);
      schedule_poll (self, priv->poll_interval);
    }

  g_clear_handle_id (&priv->reconnect_source, g_source_remove);
  priv->reconnect_source = g_timeout_add (hearth_backoff_next (&priv->backoff),
                                          on_reconnect_timeout, self);
}

/* Identity before secrets
 *
 * A password, token or app key only ever goes to a device that showed,
 * without it, that it is this one: before the first request after a start
 * or a new address, and after the device was unreachable (whatever answers
 * there next may be another device), the driver's identify runs on the
 * link's queue without credentials and its hardware id is compared with
 * the device's. Until it matches, nothing is polled, pushed or sent, and
 * hearth_link_get_password() gives NULL. Another id, or another family,
 * answering: the device is HEARTH_DEVICE_STATE_WRONG_DEVICE, and the link
 * asks again later, waiting longer each time.
 *
 * Families that tell nothing without the credential (a Tasmota or an
 * ESPHome node with a web password) answer "needs a password": then the
 * credential goes once, by the family's login identify, and the id that
 * answers it must match before anything else is sent or any state used.
 * This cannot keep the secret from an impostor that itself answers "needs
 * a password" over plain HTTP: that one request reaches it. A family with
 * no such login (a Nanoleaf, whose every request but pairing needs its
 * token) cannot be told apart at all before the token is sent: the link
 * confirms it with one read carrying the credential, before the push
 * channel or anything else, and the subclass compares what that read
 * tells (a Nanoleaf's serial number) with what it knows. Another device
 * there is HEARTH_DEVICE_STATE_WRONG_DEVICE, and the credential goes to
 * that address no more until the link is readdressed. What this cannot
 * prevent: an impostor of that family on plain HTTP at the address
 * receives that one read, token and all. */

typedef struct
{
  HearthLink *self;
  guint       serial;
  gboolean    with_login;  /* asked with the credential */
} IdentityAttempt;

static IdentityAttempt *
identity_attempt_new (HearthLink *self)
{
  HearthLinkPrivate *priv = hearth_link_get_instance_private (self);
  IdentityAttempt *attempt = g_new0 (IdentityAttempt, 1);

  attempt->self = g_object_ref (self);
  attempt->serial = priv->identity_serial;
  return attempt;
}

static void
identity_attempt_free (IdentityAttempt *attempt)
{
  g_object_unref (attempt->self);
  g_free (attempt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IdentityAttempt, identity_attempt_free)

static gboolean
identity_attempt_is_current (IdentityAttempt *attempt)
{
  HearthLinkPrivate *priv = hearth_link_get_instance_private (attempt->self);

  return priv->identity == IDENTITY_CONFIRMING && attempt->serial == priv->identity_serial;
}

/* Links made without a driver (tests of the base class) have nothing to
 * confirm with. */
static gboolean
identity_confirmed (HearthLink *self)
{
  HearthLinkPrivate *priv = hearth_link_get_instance_private (self);

  return priv->driver == NULL || priv->identity == IDENTITY_CONFIRMED;
}

static void
return_waiting_refreshes (HearthLink   *self,
                          const GError *error)
{
  HearthLinkPrivate *priv = hearth_link_get_instance_private (self);
  g_autoptr(GPtrArray) waiting = NULL;

  if (priv->refresh_waiting->len == 0)
    return;

  waiting = g_steal_pointer (&priv->refresh_waiting);
  priv->refresh_waiting = g_ptr_array_new_with_free_func (g_object_unref);
  priv->refreshing = FALSE;
  for (guint i = 0; i < waiting->len; i++)
    g_task_return_error (g_ptr_array_index (waiting, i), g_error_copy (error));
}

static void
fail_unconfirmed (HearthLink   *self,
                  const GError *error)
{
  HearthLinkPrivate *priv = hearth_link_get_instance_private (self);
  Pending *pending;

  return_waiting_refreshes (self, error);
  while ((pending = g_queue_pop_head (&priv->pending)) != NULL)
    {
      HearthControl *control = hearth_device_find_control (priv->device, pending->control_id);

      if (control != NULL)
        snapshot_release (self, control, TRUE);
      pending_return (pending, error);
      pending_free (pending);
    }
}

static gboolean
on_confirm_retry (gpointer user_data)
{
  HearthLink *self = HEARTH_LINK (user_data);
  HearthLinkPrivate *priv = hearth_link_get_instance_private (self);

  priv->confirm_source = 0;
  if (priv->started)
    {
      priv->resume_confirmed = TRUE;
      confirm_identity (self);
    }
  return G_SOURCE_REMOVE;
}

static void
schedule_confirm_retry (HearthLink *self,
                        guint       delay_ms)
{
  HearthLinkPrivate *priv = hearth_link_get_instance_private (self);

  g_clear_handle_id (&priv->confirm_source, g_source_remove);
  if (priv->started)
    priv->confirm_source = g_timeout_add (delay_ms, on_confirm_retry, self);
}

static void
identity_is_confirmed (HearthLink *self)
{
  HearthLinkPrivate *priv = hearth_link_get_instance_private (self);
  HearthLinkClass *klass = HEARTH_LINK_GET_CLASS (self);
  g_autoptr(GPtrArray) waiting = NULL;

  priv->identity = IDENTITY_CONFIRMED;
  g_clear_pointer (&priv->wrong_reason, g_free);
  hearth_backoff_reset (&priv->confirm_backoff);
  g_clear_handle_id (&priv->confirm_source, g_source_remove);
  if (hearth_device_get_state (priv->device) == HEARTH_DEVICE_STATE_WRONG_DEVICE)
    hearth_device_set_state (priv->device, HEARTH_DEVICE_STATE_CONNECTING);

  waiting = g_steal_pointer (&priv->refresh_waiting);
  priv->refresh_waiting = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < waiting->len; i++)
    {
      GTask *task = g_object_ref (g_ptr_array_index (waiting, i));

      klass->refresh_async (self, g_task_get_cancellable (task), on_refreshed, task);
    }

  if (priv->resume_confirmed && priv->started)
    {
      priv->resume_confirmed = FALSE;
      if (!priv->push_open)
        open_push_or_poll (self);
      else if (waiting->len == 0 && !priv->refreshing)
        /* The channel stayed open while requests failed: one read shows
         * the device as it is now */
        hearth_link_refresh_async (self, hearth_link_get_cancellable (self), on_poll_refreshed, NULL);
    }
  pump (self);
}

/* Another device answers: nothing is polled or pushed, and the link asks
 * again later and later (without the credential where a read with it
 * showed the other device). */
static void
enter_wrong_device (HearthLink   *self,
                    const GError *error)
{
  HearthLinkPrivate *priv = hearth_link_get_instance_private (self);
  HearthLinkClass *klass = HEARTH_LINK_GET_CLASS (self);

  g_debug ("%s: %s", hearth_device_get_id (priv->device), error->message);
  if (priv->reading_identity || priv->confirmed_by_read)
    priv->refused_here = TRUE;
  priv->reading_identity = FALSE;
  priv->confirmed_by_read = FALSE;
  g_free (priv->wrong_reason);
  priv->wrong_reason = g_strdup (error->message);
  g_clear_handle_id (&priv->poll_source, g_source_remove);
  g_clear_handle_id (&priv->reconnect_source, g_source_remove);
  if (priv->push_open && klass->close_push != NULL)
    klass->close_push (self);
  priv->push_open = FALSE;
  priv->resume_confirmed = TRUE;
  hearth_device_set_state (priv->device, HEARTH_DEVICE_STATE_WRONG_DEVICE);
  schedule_confirm_retry (self, hearth_backoff_next (&priv->confirm_backoff));
}

/* Nothing secret went out; the device may come back, so the link asks
 * again: soon after a network failure, later and later while another
 * device answers. */
static void
identity_not_confirmed (HearthLink   *self,
                        const GError *error)
{
  HearthLinkPrivate *priv = hearth_link_get_instance_private (self);

  priv->identity = IDENTITY_UNCONFIRMED;
  fail_unconfirmed (self, error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_WRONG_DEVICE))
    {
      enter_wrong_device (self, error);
      return;
    }

  report_failure (self, error);
  if (g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PASSWORD) ||
      g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PASSWORD) ||
      g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PAIRING))
    return;

  /* Unreachable: polling (when it runs) asks again, else the link does */
  if (priv->poll_source == 0)
    {
      guint delay_ms = hearth_backoff_next (&priv->confirm_backoff);

      priv->resume_confirmed = TRUE;
      schedule_confirm_retry (self, MIN (delay_ms, priv->poll_interval));
    }
}

static void on_identity_answer (GObject      *object,
                                GAsyncResult *result,
                                gpointer      user_data);

static void
identify_with_login (IdentityAttempt *attempt)
{
  HearthLinkPrivate *priv = hearth_link_get_instance_private (attempt->self);

  attempt->with_login = TRUE;
  hearth_driver_identify_with_login_async (priv->driver, priv->queue, priv->username,
                                           priv->password,
                                           hearth_link_get_cancellable (attempt->self),
                                           on_identity_answer, attempt);
}

static void
on_identity_read (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(IdentityAttempt) attempt = user_data;
  HearthLinkPrivate *priv = hearth_link_get_instance_private (attempt->self);
  g_autoptr(GError) error = NULL;
  gboolean read;

  read = HEARTH_LINK_GET_CLASS (attempt->self)->refresh_finish (attempt->self, result, &error);
  if (!identity_attempt_is_current (attempt))
    return;

  if (read)
    {
      priv->reading_identity = FALSE;
      priv->confirmed_by_read = TRUE;
      identity_is_confirmed (attempt->self);
      return;
    }

  /* enter_wrong_device() still sees that the read carried the credential */
  identity_not_confirmed (attempt->self, error);
  priv->reading_identity = FALSE;
}

/* The one read with the credential that tells who answers (see above) */
static void
read_identity (IdentityAttempt *attempt)
{
  HearthLink *self = attempt->self;
  HearthLinkPrivate *priv = hearth_link_get_instance_private (self);
  g_autoptr(GError) wrong = NULL;

  if (priv->refused_here)
    {
      wrong = g_error_new (HEARTH_ERROR, HEARTH_ERROR_WRONG_DEVICE, "%s",
                           priv->wrong_reason != NULL
                           ? priv->wrong_reason
                           /* TRANSLATORS: a device's name */
                           : _("Another device answers at the address of %s"));
      identity_attempt_free (attempt);
      identity_not_confirmed (self, wrong);
      return;
    }

  if (priv->password == NULL)
    {
      /* Nothing secret to send: the link's read says what it wants */
      identity_attempt_free (attempt);
      identity_is_confirmed (self);
      return;
    }

  priv->reading_identity = TRUE;
  HEARTH_LINK_GET_CLASS (self)->refresh_async (self, hearth_link_get_cancellable (self),
                                               on_identity_read, attempt);
}

static void
on_identity_secret (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(IdentityAttempt) attempt = user_data;
  HearthLinkPrivate *priv = hearth_link_get_instance_private (attempt->self);
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = NULL;

  secret = hearth_secrets_lookup_finish (result, &error);
  if (!identity_attempt_is_current (attempt))
    return;

  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("No keyring to ask for %s's password: %s",
             hearth_device_get_id (priv->device), error->message);

  if (secret == NULL && !hearth_driver_can_identify_with_login (priv->driver) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Nothing secret to send: the link's read says what it wants */
      identity_is_confirmed (attempt->self);
      return;
    }

  if (secret == NULL)
    {
      g_autoptr(GError) needs = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        needs = g_steal_pointer (&error);
      else
        needs = g_error_new (HEARTH_ERROR, HEARTH_ERROR_NEEDS_PASSWORD,
                             _("%s needs a password"), hearth_device_get_name (priv->device));
      identity_not_confirmed (attempt->self, needs);
      return;
    }

  g_free (priv->password);
  priv->password = g_steal_pointer (&secret);
  if (!hearth_driver_can_identify_with_login (priv->driver))
    read_identity (g_steal_pointer (&attempt));
  else
    identify_with_login (g_steal_pointer (&attempt));
}

/* The device answered "needs a password", or told no hardware id without
 * one */
static void
identity_needs_login (HearthLink *self)
{
  HearthLinkPrivate *priv = hearth_link_get_instance_private (self);
  g_autoptr(GError) error = NULL;

  if (priv->password != NULL || priv->refused_here)
    {
      /* A Nanoleaf: nothing but its token tells it apart (see above) */
      if (!hearth_driver_can_identify_with_login (priv->driver))
        read_identity (identity_attempt_new (self));
      else
        identify_with_login (identity_attempt_new (self));
      return;
    }

  if (!priv->secret_looked_up)
    {
      priv->secret_looked_up = TRUE;
      priv->wanting = HEARTH_DEVICE_STATE_NEEDS_PASSWORD;
      hearth_secrets_lookup_async (hearth_device_get_id (priv->device),
                                   hearth_link_get_cancellable (self),
                                   on_identity_secret, identity_attempt_new (self));
      return;
    }

  if (!hearth_driver_can_identify_with_login (priv->driver))
    {
      identity_is_confirmed (self);
      return;
    }

  error = g_error_new (HEARTH_ERROR, HEARTH_ERROR_NEEDS_PASSWORD,
                       _("%s needs a password"), hearth_device_get_name (priv->device));
  identity_not_confirmed (self, error);
}

static void
identity_answered (HearthLink   *self,
                   HearthDevice *found,
                   const GError *error,
                   gboolean      with_login)
{
  HearthLinkPrivate *priv = hearth_link_get_instance_private (self);
  const char *id = hearth_device_get_id (priv->device);
  g_autoptr(GError) wrong = NULL;

  if (found != NULL)
    {
      const char *found_id = hearth_device_get_id (found);

      /* "family@host:port": no hardware id without the credential. The
       * same address id tells nothing either where only a read with the
       * credential can (a Nanoleaf added by address). */
      if (!with_login && hearth_device_has_address_id (found) &&
          (!g_str_equal (found_id, id) || !hearth_driver_can_identify_with_login (priv->driver)))
        {
          identity_needs_login (self);
          return;
        }

      if (g_str_equal (found_id, id))
        {
          identity_is_confirmed (self);
          return;
        }

      wrong = g_error_new (HEARTH_ERROR, HEARTH_ERROR_WRONG_DEVICE,
                           /* TRANSLATORS: another device's hardware id, an address, then a device's name */
                           _("Another device (%s) answers at %s:%u instead of %s"),
                           found_id, hearth_device_get_host (priv->device),
                           hearth_device_get_port (priv->device),
                           hearth_device_get_name (priv->device));
      identity_not_confirmed (self, wrong);
      return;
    }

  g_assert (error != NULL);

  if (!with_login && g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_NEEDS_PASSWORD))
    {
      identity_needs_login (self);
      return;
    }

  /* An answer that is not the family's (another kind of device, or this
   * one misbehaving): nothing secret goes, and the link asks again soon. */
  if (g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_UNSUPPORTED))
    {
      wrong = g_error_new (HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                           /* TRANSLATORS: a device's name, then the reason */
                           _("Whatever answers at the address of %s does not say it is it: %s"),
                           hearth_device_get_name (priv->device), error->message);
      identity_not_confirmed (self, wrong);
      return;
    }

  identity_not_confirmed (self, error);
}

static void
on_identity_answer (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(IdentityAttempt) attempt = user_data;
  g_autoptr(HearthDevice) found = NULL;
  g_autoptr(GError) error = NULL;

  found = hearth_driver_identify_finish (HEARTH_DRIVER (object), result, &error);
  if (!identity_attempt_is_current (attempt))
    return;

  identity_answered (attempt->self, found, error, attempt->with_login);
}

static void
confirm_identity (HearthLink *self)
{
  HearthLinkPrivate *priv = hearth_link_get_instance_private (self);

  if (priv->identity != IDENTITY_UNCONFIRMED)
    return;

  if (priv->driver == NULL)
    {
      identity_is_confirmed (self);
      return;
    }

  priv->identity = IDENTITY_CONFIRMING;
  priv->identity_serial++;
  g_clear_handle_id (&priv->confirm_source, g_source_remove);
  hearth_driver_identify_async (priv->driver, priv->queue, NULL,
                                hearth_link_get_cancellable (self),
                                on_identity_answer, identity_attempt_new (self));
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

  open_push_or_poll (self);
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
  g_clear_handle_id (&priv->poll_source, g_source_remove);
  g_clear_handle_id (&priv->reconnect_source, g_source_remove);
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
      pending_return (pending, error);
      pending_free (pending);
    }
  return_waiting_refreshes (self, error);
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

static void
on_refreshed (GObject      *object,
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
  if (!identity_confirmed (self))
    {
      g_ptr_array_add (priv->refresh_waiting, g_steal_pointer (&task));
      confirm_identity (self);
      return;
    }

  HEARTH_LINK_GET_CLASS (self)->refresh_async (self, cancellable, on_refreshed, g_steal_pointer (&task));
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

/* Changes */

static void
reassert (HearthLink *self,
          Pending    *pending)
{
  HearthLinkPrivate *priv = hearth_link_get_instance_private (self);
  HearthControl *control = hearth_device_find_control (priv->device, pending->control_id);

  if (control != NULL)
    hearth_change_apply (pending->change, control);
}

void
hearth_link_reassert_pending (HearthLink *self)
{
  HearthLinkPrivate *priv = hearth_link_get_instance_private (self);

  g_return_if_fail (HEARTH_IS_LINK (self));

  if (priv->in_flight != NULL)
    reassert (self, priv->in_flight);
  for (GList *l = priv->pending.head; l != NULL; l = l->next)
    reassert (self, l->data);
}

static void
snapshot_take (HearthLink    *self,
               HearthControl *control)
{
  HearthLinkPrivate *priv = hearth_link_get_instance_private (self);
  Snapshot *snapshot = g_hash_table_lookup (priv->snapshots, hearth_control_get_id (control));

  if (snapshot == NULL)
    {
      snapshot = g_new0 (Snapshot, 1);
      snapshot->on = hearth_control_get_on (control);
      snapshot->brightness = hearth_control_get_brightness (control);
      snapshot->temperature = hearth_control_get_temperature (control);
      snapshot->color = hearth_control_get_color (control);
      snapshot->cover_state = hearth_control_get_cover_state (control);
      snapshot->effect = g_strdup (hearth_control_get_effect (control));
      g_hash_table_insert (priv->snapshots, g_strdup (hearth_control_get_id (control)), snapshot);
    }

  snapshot->users++;
}

/* Drops one user of the snapshot; with @restore, puts the confirmed state
 * back on the control. */
static void
snapshot_release (HearthLink    *self,
                  HearthControl *control,
                  gboolean       restore)
{
  HearthLinkPrivate *priv = hearth_link_get_instance_private (self);
  const char *id = hearth_control_get_id (control);
  Snapshot *snapshot = g_hash_table_lookup (priv->snapshots, id);

  if (snapshot == NULL)
    return;

  if (restore)
    {
      g_object_freeze_notify (G_OBJECT (control));
      hearth_control_set_on (control, snapshot->on);
      hearth_control_set_brightness (control, snapshot->brightness);
      hearth_control_set_temperature (control, snapshot->temperature);
      hearth_control_set_color (control, snapshot->color);
      hearth_control_set_cover_state (control, snapshot->cover_state);
      hearth_control_set_effect (control, snapshot->effect);
      g_object_thaw_notify (G_OBJECT (control));
    }

  if (--snapshot->users == 0)
    g_hash_table_remove (priv->snapshots, id);
}

static void
on_sent (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(HearthLink) self = user_data;
  HearthLinkPrivate *priv = hearth_link_get_instance_private (self);
  g_autoptr(GError) error = NULL;
  Pending *pending = priv->in_flight;
  HearthControl *control;
  gboolean ok;

  ok = HEARTH_LINK_GET_CLASS (self)->send_finish (self, result, &error);

  priv->in_flight = NULL;
  if (pending == NULL)
    return;

  control = hearth_device_find_control (priv->device, pending->control_id);

  if (ok)
    {
      hearth_device_mark_seen (priv->device);
      if (control != NULL)
        snapshot_release (self, control, FALSE);
      pending_return (pending, NULL);
    }
  else
    {
      if (control != NULL)
        snapshot_release (self, control, TRUE);
      pending_return (pending, error);

      /* Whatever happened, show what the device really does now. */
      if (priv->started && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        hearth_link_refresh_async (self, hearth_link_get_cancellable (self), on_poll_refreshed, NULL);
    }

  pending_free (pending);
  pump (self);
}

static void
pump (HearthLink *self)
{
  HearthLinkPrivate *priv = hearth_link_get_instance_private (self);
  HearthControl *control;
  Pending *pending;

  /* One change in flight per device: what comes meanwhile is merged. */
  if (priv->in_flight != NULL)
    return;

  if (!identity_confirmed (self))
    {
      if (!g_queue_is_empty (&priv->pending))
        confirm_identity (self);
      return;
    }

  pending = g_queue_pop_head (&priv->pending);
  if (pending == NULL)
    return;

  control = hearth_device_find_control (priv->device, pending->control_id);
  if (control == NULL)
    {
      g_autoptr(GError) error = g_error_new (HEARTH_ERROR, HEARTH_ERROR_NOT_FOUND,
                                             _("%s no longer has that control"),
                                             hearth_device_get_name (priv->device));
      pending_return (pending, error);
      pending_free (pending);
      pump (self);
      return;
    }

  priv->in_flight = pending;
  HEARTH_LINK_GET_CLASS (self)->send_async (self, control, pending->change,
                                            hearth_link_get_cancellable (self),
                                            on_sent, g_object_ref (self));
}

void
hearth_link_apply_async (HearthLink          *self,
                         const char          *control_id,
                         const HearthChange  *change,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  HearthLinkPrivate *priv = hearth_link_get_instance_private (self);
  g_autoptr(GTask) task = NULL;
  g_autoptr(HearthChange) resolved = NULL;
  g_autoptr(GError) error = NULL;
  HearthControl *control;
  Pending *pending = NULL;

  g_return_if_fail (HEARTH_IS_LINK (self));
  g_return_if_fail (control_id != NULL);
  g_return_if_fail (change != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, hearth_link_apply_async);

  control = hearth_device_find_control (priv->device, control_id);
  if (control == NULL)
    {
      g_task_return_new_error (task, HEARTH_ERROR, HEARTH_ERROR_NOT_FOUND,
                               _("%s has no control “%s”"),
                               hearth_device_get_name (priv->device), control_id);
      return;
    }

  if (!hearth_change_check (change, control, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!priv->started)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                               _("%s is not connected"), hearth_device_get_name (priv->device));
      return;
    }

  /* A toggle means "the opposite of what it shows now". */
  resolved = hearth_change_copy (change);
  if (resolved->fields & HEARTH_CHANGE_TOGGLE)
    {
      resolved->fields &= ~HEARTH_CHANGE_TOGGLE;
      resolved->fields |= HEARTH_CHANGE_ON;
      resolved->on = !hearth_control_get_on (control);
    }

  for (GList *l = priv->pending.head; l != NULL; l = l->next)
    {
      Pending *p = l->data;

      if (g_str_equal (p->control_id, control_id))
        {
          pending = p;
          break;
        }
    }

  snapshot_take (self, control);
  hearth_change_apply (resolved, control);

  if (pending != NULL)
    {
      hearth_change_merge (pending->change, resolved);
      /* The merged change releases the snapshot once for everyone. */
      snapshot_release (self, control, FALSE);
    }
  else
    {
      pending = g_new0 (Pending, 1);
      pending->control_id = g_strdup (control_id);
      pending->change = g_steal_pointer (&resolved);
      pending->tasks = g_ptr_array_new_with_free_func (g_object_unref);
      g_queue_push_tail (&priv->pending, pending);
    }

  g_ptr_array_add (pending->tasks, g_steal_pointer (&task));
  pump (self);
}

gboolean
hearth_link_apply_finish (HearthLink    *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (HEARTH_IS_LINK (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
