/* hearth-link-identity.c: HearthLink's identity before secrets, and the
 * wrong device
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "hearth-control.h"
#include "hearth-device.h"
#include "hearth-driver.h"
#include "hearth-error.h"
#include "hearth-link.h"
#include "hearth-link-private.h"
#include "hearth-secrets.h"
#include "hearth-timers.h"

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
  HearthLinkPrivate *priv = _hearth_link_get_private (self);
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
  HearthLinkPrivate *priv = _hearth_link_get_private (attempt->self);

  return priv->identity == IDENTITY_CONFIRMING && attempt->serial == priv->identity_serial;
}

/* Links made without a driver (tests of the base class) have nothing to
 * confirm with. */
gboolean
_hearth_link_identity_confirmed (HearthLink *self)
{
  HearthLinkPrivate *priv = _hearth_link_get_private (self);

  return priv->driver == NULL || priv->identity == IDENTITY_CONFIRMED;
}

void
_hearth_link_return_waiting_refreshes (HearthLink   *self,
                                       const GError *error)
{
  HearthLinkPrivate *priv = _hearth_link_get_private (self);
  g_autoptr(GPtrArray) waiting = NULL;

  if (priv->refresh_waiting->len == 0)
    return;

  waiting = g_steal_pointer (&priv->refresh_waiting);
  priv->refresh_waiting = g_ptr_array_new_with_free_func (g_object_unref);
  priv->refreshing = FALSE;
  for (guint i = 0; i < waiting->len; i++)
    g_task_return_error (g_ptr_array_index (waiting, i), g_error_copy (error));
}

void
_hearth_link_fail_unconfirmed (HearthLink   *self,
                               const GError *error)
{
  HearthLinkPrivate *priv = _hearth_link_get_private (self);
  Pending *pending;

  _hearth_link_return_waiting_refreshes (self, error);
  while ((pending = g_queue_pop_head (&priv->pending)) != NULL)
    {
      HearthControl *control = hearth_device_find_control (priv->device, pending->control_id);

      if (control != NULL)
        _hearth_link_snapshot_release (self, control, TRUE);
      _hearth_link_pending_return (pending, error);
      _hearth_link_pending_free (pending);
    }
}

static gboolean
on_confirm_retry (gpointer user_data)
{
  HearthLink *self = HEARTH_LINK (user_data);
  HearthLinkPrivate *priv = _hearth_link_get_private (self);

  priv->confirm_source = 0;
  if (priv->started)
    {
      priv->resume_confirmed = TRUE;
      _hearth_link_confirm_identity (self);
    }
  return G_SOURCE_REMOVE;
}

static void
schedule_confirm_retry (HearthLink *self,
                        guint       delay_ms)
{
  HearthLinkPrivate *priv = _hearth_link_get_private (self);

  g_clear_handle_id (&priv->confirm_source, g_source_remove);
  if (priv->started)
    priv->confirm_source = g_timeout_add (delay_ms, on_confirm_retry, self);
}

static void
identity_is_confirmed (HearthLink *self)
{
  HearthLinkPrivate *priv = _hearth_link_get_private (self);
  HearthLinkClass *klass = HEARTH_LINK_GET_CLASS (self);
  g_autoptr(GPtrArray) waiting = NULL;

  priv->identity = IDENTITY_CONFIRMED;
  g_clear_pointer (&priv->wrong_reason, g_free);
  priv->secret_to_wrong = FALSE;
  hearth_backoff_reset (&priv->confirm_backoff);
  g_clear_handle_id (&priv->confirm_source, g_source_remove);
  if (hearth_device_get_state (priv->device) == HEARTH_DEVICE_STATE_WRONG_DEVICE)
    hearth_device_set_state (priv->device, HEARTH_DEVICE_STATE_CONNECTING);

  waiting = g_steal_pointer (&priv->refresh_waiting);
  priv->refresh_waiting = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < waiting->len; i++)
    {
      GTask *task = g_object_ref (g_ptr_array_index (waiting, i));

      klass->refresh_async (self, g_task_get_cancellable (task), _hearth_link_on_refreshed, task);
    }

  if (priv->resume_confirmed && priv->started)
    {
      priv->resume_confirmed = FALSE;
      if (!priv->push_open)
        _hearth_link_open_push_or_poll (self);
      else if (waiting->len == 0 && !priv->refreshing)
        /* The channel stayed open while requests failed: one read shows
         * the device as it is now */
        hearth_link_refresh_async (self, hearth_link_get_cancellable (self), _hearth_link_on_poll_refreshed, NULL);
    }
  _hearth_link_pump (self);
}

/* Another device answers: nothing is polled or pushed, and the link asks
 * again later and later (without the credential where a read with it
 * showed the other device). */
void
_hearth_link_enter_wrong_device (HearthLink   *self,
                                 const GError *error)
{
  HearthLinkPrivate *priv = _hearth_link_get_private (self);
  HearthLinkClass *klass = HEARTH_LINK_GET_CLASS (self);

  g_debug ("%s: %s", hearth_device_get_id (priv->device), error->message);
  if (priv->reading_identity || priv->confirmed_by_read)
    priv->refused_here = TRUE;
  if (priv->reading_identity || priv->confirmed_by_read || priv->login_to_wrong)
    priv->secret_to_wrong = TRUE;
  priv->login_to_wrong = FALSE;
  priv->reading_identity = FALSE;
  priv->confirmed_by_read = FALSE;
  g_free (priv->wrong_reason);
  priv->wrong_reason = g_strdup (error->message);
  g_clear_handle_id (&priv->poll_source, hearth_timer_remove);
  g_clear_handle_id (&priv->reconnect_source, g_source_remove);
  g_clear_handle_id (&priv->read_retry_source, g_source_remove);
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
  HearthLinkPrivate *priv = _hearth_link_get_private (self);

  priv->identity = IDENTITY_UNCONFIRMED;
  _hearth_link_fail_unconfirmed (self, error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (g_error_matches (error, HEARTH_ERROR, HEARTH_ERROR_WRONG_DEVICE))
    {
      _hearth_link_enter_wrong_device (self, error);
      return;
    }

  _hearth_link_report_failure (self, error);
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
  HearthLinkPrivate *priv = _hearth_link_get_private (attempt->self);

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
  HearthLinkPrivate *priv = _hearth_link_get_private (attempt->self);
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

  /* _hearth_link_enter_wrong_device() still sees that the read carried the credential */
  identity_not_confirmed (attempt->self, error);
  priv->reading_identity = FALSE;
}

/* The one read with the credential that tells who answers (see above) */
static void
read_identity (IdentityAttempt *attempt)
{
  HearthLink *self = attempt->self;
  HearthLinkPrivate *priv = _hearth_link_get_private (self);
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
  HearthLinkPrivate *priv = _hearth_link_get_private (attempt->self);
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
  HearthLinkPrivate *priv = _hearth_link_get_private (self);
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
  HearthLinkPrivate *priv = _hearth_link_get_private (self);
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
      priv->login_to_wrong = with_login;
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

void
_hearth_link_confirm_identity (HearthLink *self)
{
  HearthLinkPrivate *priv = _hearth_link_get_private (self);

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
