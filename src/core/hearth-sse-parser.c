/* hearth-sse-parser.c: Server-Sent Events, bytes in, events out (pure)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The event stream format of the HTML standard, as devices send it: lines
 * end in CR, LF or CRLF; "field: value" (one space after the colon is
 * dropped), ":" a comment; a blank line ends an event. event: names it,
 * data: lines join with "\n", id: is kept for a stream that resumes,
 * retry: and unknown fields are ignored. An event with neither data: nor
 * event: is not one (a lone id: still counts as the last id). A line is
 * taken byte by byte into a buffer that never grows past the cap, so a
 * device that sends one endless line is cut off, not followed.
 */
#include "config.h"

#include <string.h>

#include "hearth-error.h"
#include "hearth-sse-parser.h"

struct _HearthSseParser
{
  gsize     max_line;
  gsize     max_event;

  GString  *line;
  gboolean  after_cr;

  GString  *type;
  GString  *data;
  gboolean  has_data;
  gboolean  has_type;
  char     *id;          /* the id: of the event being read */
  char     *last_id;     /* of the last whole event */
};

HearthSseParser *
hearth_sse_parser_new (gsize max_line,
                       gsize max_event)
{
  HearthSseParser *self = g_new0 (HearthSseParser, 1);

  self->max_line = max_line > 0 ? max_line : HEARTH_SSE_DEFAULT_MAX_LINE;
  self->max_event = max_event > 0 ? max_event : HEARTH_SSE_DEFAULT_MAX_EVENT;
  self->line = g_string_new (NULL);
  self->type = g_string_new (NULL);
  self->data = g_string_new (NULL);
  return self;
}

void
hearth_sse_parser_free (HearthSseParser *self)
{
  if (self == NULL)
    return;

  g_string_free (self->line, TRUE);
  g_string_free (self->type, TRUE);
  g_string_free (self->data, TRUE);
  g_free (self->id);
  g_free (self->last_id);
  g_free (self);
}

void
hearth_sse_parser_reset (HearthSseParser *self,
                         const char      *id)
{
  g_return_if_fail (self != NULL);

  g_string_truncate (self->line, 0);
  self->after_cr = FALSE;
  g_string_truncate (self->type, 0);
  g_string_truncate (self->data, 0);
  self->has_data = self->has_type = FALSE;

  if (id != NULL)
    {
      g_free (self->last_id);
      self->last_id = *id != '\0' ? g_strdup (id) : NULL;
    }
  /* An event cut off was not seen: resume from the last whole one */
  g_free (self->id);
  self->id = g_strdup (self->last_id);
}

const char *
hearth_sse_parser_get_last_event_id (HearthSseParser *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->last_id;
}

char *
hearth_sse_parse_event_id (const char *value)
{
  gsize length;

  if (value == NULL)
    return NULL;

  /* "id: 1700000000:12": one optional space after the colon (SSE) */
  if (*value == ' ')
    value++;

  /* An empty id forgets the last one (nothing to resume from) */
  length = strlen (value);
  if (length > HEARTH_SSE_MAX_EVENT_ID || !g_utf8_validate (value, length, NULL))
    return NULL;
  for (const char *p = value; *p != '\0'; p++)
    if (g_ascii_iscntrl (*p))
      return NULL;

  return g_strdup (value);
}

/* A blank line: the event read so far, if it is one */
static gboolean
dispatch (HearthSseParser    *self,
          HearthSseEventFunc  func,
          gpointer            user_data)
{
  g_autofree char *type = NULL;
  g_autofree char *data = NULL;

  /* As EventSource does: the id counts even for an event without data */
  if (g_strcmp0 (self->last_id, self->id) != 0)
    {
      g_free (self->last_id);
      self->last_id = g_strdup (self->id);
    }

  if (!self->has_data && !self->has_type)
    return TRUE;

  /* Taken out first: @func may feed or reset the parser again */
  type = g_strdup (self->type->len > 0 ? self->type->str : "message");
  data = g_strdup (self->data->str);
  g_string_truncate (self->type, 0);
  g_string_truncate (self->data, 0);
  self->has_data = self->has_type = FALSE;

  return func (type, data, self->last_id, user_data);
}

/* One whole line, without its end */
static gboolean
take_line (HearthSseParser     *self,
           HearthSseEventFunc   func,
           gpointer             user_data,
           GError             **error)
{
  const char *line = self->line->str;
  const char *colon;
  const char *value;
  gsize field_len;

  if (!g_utf8_validate (line, self->line->len, NULL))
    {
      g_set_error_literal (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                           "The event stream is not UTF-8 text");
      return FALSE;
    }

  if (*line == '\0')
    return dispatch (self, func, user_data);
  if (*line == ':')
    return TRUE;   /* a comment */

  colon = strchr (line, ':');
  if (colon != NULL)
    {
      field_len = colon - line;
      value = colon + 1;
      if (*value == ' ')
        value++;
    }
  else
    {
      field_len = self->line->len;
      value = "";
    }

  if (field_len == 5 && strncmp (line, "event", 5) == 0)
    {
      g_string_assign (self->type, value);
      self->has_type = TRUE;
    }
  else if (field_len == 4 && strncmp (line, "data", 4) == 0)
    {
      if (self->data->len + strlen (value) + 1 > self->max_event)
        {
          g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_TOO_LARGE,
                       "An event carries more than %" G_GSIZE_FORMAT " bytes", self->max_event);
          return FALSE;
        }
      if (self->has_data)
        g_string_append_c (self->data, '\n');
      g_string_append (self->data, value);
      self->has_data = TRUE;
    }
  else if (field_len == 2 && strncmp (line, "id", 2) == 0)
    {
      g_autofree char *id = hearth_sse_parse_event_id (colon != NULL ? colon + 1 : "");

      if (id != NULL)
        {
          g_free (self->id);
          self->id = *id != '\0' ? g_steal_pointer (&id) : NULL;
        }
    }
  /* retry: and anything else: nothing to do */

  return TRUE;
}

gboolean
hearth_sse_parser_feed (HearthSseParser     *self,
                        const char          *data,
                        gsize                size,
                        HearthSseEventFunc   func,
                        gpointer             user_data,
                        GError             **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (data != NULL || size == 0, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  for (gsize i = 0; i < size; i++)
    {
      char c = data[i];
      const char *end;
      gsize run;

      if (c == '\n' && self->after_cr)
        {
          self->after_cr = FALSE;
          continue;
        }
      self->after_cr = c == '\r';

      if (c == '\r' || c == '\n')
        {
          gboolean go_on = take_line (self, func, user_data, error);

          g_string_truncate (self->line, 0);
          if (!go_on)
            return FALSE;
          continue;
        }

      if (c == '\0')
        {
          g_set_error_literal (error, HEARTH_ERROR, HEARTH_ERROR_BAD_PAYLOAD,
                               "The event stream is not text");
          return FALSE;
        }

      /* The rest of the line in this chunk, at once */
      end = data + i;
      while (end < data + size && *end != '\r' && *end != '\n' && *end != '\0')
        end++;
      run = end - (data + i);
      if (self->line->len + run > self->max_line)
        {
          g_set_error (error, HEARTH_ERROR, HEARTH_ERROR_TOO_LARGE,
                       "A line of the event stream is longer than %" G_GSIZE_FORMAT " bytes",
                       self->max_line);
          return FALSE;
        }
      g_string_append_len (self->line, data + i, run);
      i += run - 1;
    }

  return TRUE;
}
