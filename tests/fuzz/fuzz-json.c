/* fuzz-json.c: the strict JSON reader (hearth-json-check.c) and the one
 * entry point that runs it before json-glib (hearth_json_parse)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fuzz-common.h"
#include "hearth-json-check.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) check_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  gboolean strict;

  strict = hearth_json_check ((const char *) data, size, &check_error);
  g_assert (strict == (check_error == NULL));

  node = hearth_json_parse ((const char *) data, (gssize) size, &error);
  g_assert ((node == NULL) == (error != NULL));
  if (error != NULL)
    g_assert (error->domain == HEARTH_ERROR && error->code == HEARTH_ERROR_BAD_PAYLOAD);

  /* Nothing the strict check refuses reaches json-glib */
  if (!strict)
    g_assert (node == NULL);

  /* What was read writes back as JSON that reads again, to the same text */
  if (node != NULL)
    {
      g_autofree char *text = hearth_json_to_string (node);
      g_autoptr(JsonNode) again = hearth_json_parse (text, -1, NULL);
      g_autofree char *text_again = NULL;

      g_assert (again != NULL);
      text_again = hearth_json_to_string (again);
      g_assert (g_str_equal (text, text_again));
    }

  return 0;
}
