/* dkg-safetensors-private.h — internals shared by the safetensors reader and writer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * DkgJsonProblem:
 * @DKG_JSON_OK: the text is strict JSON
 * @DKG_JSON_INVALID: not strict RFC 8259 JSON, a duplicate object key, an integer outside
 *   gint64, or nesting deeper than the limit
 * @DKG_JSON_UNSUPPORTED: valid JSON that C strings cannot carry (a string containing U+0000)
 */
typedef enum
{
  DKG_JSON_OK,
  DKG_JSON_INVALID,
  DKG_JSON_UNSUPPORTED,
} DkgJsonProblem;

DkgJsonProblem _dkg_json_check_strict (const char *text,
                                       gsize       len,
                                       guint       max_depth,
                                       gsize      *error_offset,
                                       char      **error_message);

char          *_dkg_json_fix_glib_escapes (const char *text,
                                           gsize       len,
                                           gsize      *out_len);

G_END_DECLS
