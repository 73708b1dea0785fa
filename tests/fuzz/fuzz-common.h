/* fuzz-common.h: what every fuzz target shares
 *
 * Each fuzz-*.c defines LLVMFuzzerTestOneInput; fuzz-common.c sets the
 * process up (fuzz_init), unless a target needs more and defines its own
 * LLVMFuzzerInitialize, which calls fuzz_init first. With -Dfuzzing=true it
 * links with libFuzzer; otherwise with fuzz-replay.c, which feeds it the
 * files named on its command line (the seeds and every crash found, under
 * meson test).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "hearth.h"

int LLVMFuzzerInitialize   (int            *argc,
                            char         ***argv);
int LLVMFuzzerTestOneInput (const uint8_t  *data,
                            size_t          size);

/* A CRITICAL or WARNING on any input is a bug, like a crash. Debug
 * messages are dropped: they would only slow the fuzzer down. */
static inline void
fuzz_init (void)
{
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING | G_LOG_LEVEL_ERROR);
  g_setenv ("G_MESSAGES_DEBUG", "", TRUE);
}

/* The input as a device's body: through the one JSON entry point */
static inline JsonNode *
fuzz_parse (const uint8_t *data,
            size_t         size)
{
  return hearth_json_parse ((const char *) data, (gssize) size, NULL);
}

/* The input as a NUL-terminated string (as a line or header arrives) */
static inline char *
fuzz_string (const uint8_t *data,
             size_t         size)
{
  return g_strndup ((const char *) data, size);
}
