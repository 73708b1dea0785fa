/* hearth-scene.c: a scene, a named set of (control, state) pairs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "hearth-control.h"
#include "hearth-scene.h"

typedef struct
{
  char         *device_id;
  char         *control_id;
  HearthChange *change;
} Member;

struct _HearthScene
{
  GObject    parent_instance;

  char      *name;
  GPtrArray *members;   /* Member */
};

G_DEFINE_FINAL_TYPE (HearthScene, hearth_scene, G_TYPE_OBJECT)

static void
member_free (Member *member)
{
  g_free (member->device_id);
  g_free (member->control_id);
  hearth_change_free (member->change);
  g_free (member);
}

static void
hearth_scene_finalize (GObject *object)
{
  HearthScene *self = (HearthScene *)object;

  g_free (self->name);
  g_ptr_array_unref (self->members);

  G_OBJECT_CLASS (hearth_scene_parent_class)->finalize (object);
}

static void
hearth_scene_class_init (HearthSceneClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hearth_scene_finalize;
}

static void
hearth_scene_init (HearthScene *self)
{
  self->members = g_ptr_array_new_with_free_func ((GDestroyNotify) member_free);
}

HearthScene *
hearth_scene_new (const char *name)
{
  HearthScene *self;

  g_return_val_if_fail (name != NULL, NULL);

  self = g_object_new (HEARTH_TYPE_SCENE, NULL);
  self->name = g_strdup (name);
  return self;
}

HearthScene *
hearth_scene_copy (HearthScene *self)
{
  HearthScene *copy;

  g_return_val_if_fail (HEARTH_IS_SCENE (self), NULL);

  copy = hearth_scene_new (self->name);
  for (guint i = 0; i < self->members->len; i++)
    {
      Member *member = g_ptr_array_index (self->members, i);

      hearth_scene_set_member (copy, member->device_id, member->control_id, member->change);
    }
  return copy;
}

static gboolean
change_equal (const HearthChange *a,
              const HearthChange *b)
{
  g_autofree char *first = hearth_change_to_string (a);
  g_autofree char *second = hearth_change_to_string (b);

  return g_str_equal (first, second);
}

gboolean
hearth_scene_equal (HearthScene *a,
                    HearthScene *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  if (g_strcmp0 (a->name, b->name) != 0 || a->members->len != b->members->len)
    return FALSE;
  for (guint i = 0; i < a->members->len; i++)
    {
      Member *first = g_ptr_array_index (a->members, i);
      Member *second = g_ptr_array_index (b->members, i);

      if (!g_str_equal (first->device_id, second->device_id) ||
          !g_str_equal (first->control_id, second->control_id) ||
          !change_equal (first->change, second->change))
        return FALSE;
    }
  return TRUE;
}

const char *
hearth_scene_get_name (HearthScene *self)
{
  g_return_val_if_fail (HEARTH_IS_SCENE (self), NULL);
  return self->name;
}

void
hearth_scene_set_name (HearthScene *self,
                       const char  *name)
{
  g_return_if_fail (HEARTH_IS_SCENE (self));
  g_return_if_fail (name != NULL);

  g_free (self->name);
  self->name = g_strdup (name);
}

guint
hearth_scene_get_n_members (HearthScene *self)
{
  g_return_val_if_fail (HEARTH_IS_SCENE (self), 0);
  return self->members->len;
}

static Member *
get_member (HearthScene *self,
            guint        index)
{
  g_return_val_if_fail (HEARTH_IS_SCENE (self), NULL);
  g_return_val_if_fail (index < self->members->len, NULL);
  return g_ptr_array_index (self->members, index);
}

const char *
hearth_scene_get_device_id (HearthScene *self,
                            guint        index)
{
  Member *member = get_member (self, index);

  return member != NULL ? member->device_id : NULL;
}

const char *
hearth_scene_get_control_id (HearthScene *self,
                             guint        index)
{
  Member *member = get_member (self, index);

  return member != NULL ? member->control_id : NULL;
}

const HearthChange *
hearth_scene_get_change (HearthScene *self,
                         guint        index)
{
  Member *member = get_member (self, index);

  return member != NULL ? member->change : NULL;
}

int
hearth_scene_find_member (HearthScene *self,
                          const char  *device_id,
                          const char  *control_id)
{
  g_return_val_if_fail (HEARTH_IS_SCENE (self), -1);
  g_return_val_if_fail (device_id != NULL && control_id != NULL, -1);

  for (guint i = 0; i < self->members->len; i++)
    {
      Member *member = g_ptr_array_index (self->members, i);

      if (g_str_equal (member->device_id, device_id) && g_str_equal (member->control_id, control_id))
        return (int) i;
    }
  return -1;
}

void
hearth_scene_set_member (HearthScene        *self,
                         const char         *device_id,
                         const char         *control_id,
                         const HearthChange *change)
{
  Member *member;
  int index;

  g_return_if_fail (HEARTH_IS_SCENE (self));
  g_return_if_fail (device_id != NULL && control_id != NULL);
  g_return_if_fail (change != NULL && !(change->fields & HEARTH_CHANGE_TOGGLE));

  index = hearth_scene_find_member (self, device_id, control_id);
  if (index >= 0)
    {
      member = g_ptr_array_index (self->members, index);
      hearth_change_free (member->change);
      member->change = hearth_change_copy (change);
      return;
    }

  member = g_new0 (Member, 1);
  member->device_id = g_strdup (device_id);
  member->control_id = g_strdup (control_id);
  member->change = hearth_change_copy (change);
  g_ptr_array_add (self->members, member);
}

gboolean
hearth_scene_remove_member (HearthScene *self,
                            const char  *device_id,
                            const char  *control_id)
{
  int index = hearth_scene_find_member (self, device_id, control_id);

  if (index < 0)
    return FALSE;
  g_ptr_array_remove_index (self->members, index);
  return TRUE;
}

HearthChange *
hearth_scene_capture_control (HearthControl *control)
{
  g_autoptr(HearthChange) change = hearth_change_new ();
  gboolean lit;

  g_return_val_if_fail (HEARTH_IS_CONTROL (control), NULL);

  if (hearth_control_has_capability (control, HEARTH_CAPABILITY_POSITION) &&
      hearth_control_get_position (control) >= 0)
    {
      change->fields |= HEARTH_CHANGE_POSITION;
      change->position = CLAMP (hearth_control_get_position (control), 0, 100);
    }

  if (hearth_control_has_capability (control, HEARTH_CAPABILITY_ON_OFF))
    {
      change->fields |= HEARTH_CHANGE_ON;
      change->on = hearth_control_get_on (control);
    }
  /* An off light is brought back off: its brightness and colour would
   * light it on some devices */
  lit = !(change->fields & HEARTH_CHANGE_ON) || change->on;

  if (lit && hearth_control_has_capability (control, HEARTH_CAPABILITY_BRIGHTNESS) &&
      hearth_control_get_brightness (control) >= 0)
    {
      change->fields |= HEARTH_CHANGE_BRIGHTNESS;
      change->brightness = CLAMP (hearth_control_get_brightness (control), 0, 100);
    }

  /* A colour or a white temperature, whichever the light shows */
  if (lit && hearth_control_has_capability (control, HEARTH_CAPABILITY_COLOR) &&
      hearth_control_get_color (control) >= 0)
    {
      change->fields |= HEARTH_CHANGE_COLOR;
      change->color = hearth_control_get_color (control) & 0xffffff;
    }
  else if (lit && hearth_control_has_capability (control, HEARTH_CAPABILITY_TEMPERATURE) &&
           hearth_control_get_temperature (control) > 0)
    {
      change->fields |= HEARTH_CHANGE_TEMPERATURE;
      change->temperature = CLAMP (hearth_control_get_temperature (control), 1000, 20000);
    }

  if (change->fields == 0)
    return NULL;
  return g_steal_pointer (&change);
}

void
hearth_scene_miss_free (HearthSceneMiss *miss)
{
  if (miss == NULL)
    return;
  g_free (miss->device_id);
  g_free (miss->control_id);
  g_free (miss->device_name);
  g_free (miss->control_name);
  g_free (miss->message);
  g_free (miss);
}
