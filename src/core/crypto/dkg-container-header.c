/* dkg-container-header.c — the container's header: as the JSON text of its iTXt chunk, and as
 * the canonical byte string its tag covers (docs/SPECIFICATION.md §5.7; both layouts in the
 * module comment of dkg-container.c)
 *
 * Parsing checks every member, its type and range, and the agreement of the header with the
 * PNG it came in; nothing is authenticated here (dkg-container.c verifies the tag).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <json-glib/json-glib.h>
#include <string.h>

#include "dkg-arnold-cat-map.h"
#include "dkg-container-private.h"
#include "dkg-crypto.h"
#include "dkg-error.h"

#define HEADER_CONTEXT       "deepkeygen-container-header"
#define TAG_HMAC             "hmac-sha256"
#define TAG_POLY1305         "poly1305"

static const char *const header_members[] = {
  "version", "scheme", "width", "height", "channels", "bit_depth", "signed", "padding",
  "acm_iterations", "salt", "nonce", "key_fingerprint", "source_format", "tag_algorithm", "tag",
  "original", NULL
};

/* ---- canonical header ------------------------------------------------------------------ */

static void
put_u8 (GByteArray *b,
        guint8      v)
{
  g_byte_array_append (b, &v, 1);
}

static void
put_u32 (GByteArray *b,
         guint32     v)
{
  guint32 be = GUINT32_TO_BE (v);

  g_byte_array_append (b, (const guint8 *) &be, sizeof be);
}

static void
put_u64 (GByteArray *b,
         guint64     v)
{
  guint64 be = GUINT64_TO_BE (v);

  g_byte_array_append (b, (const guint8 *) &be, sizeof be);
}

static void
put_bytes8 (GByteArray   *b,
            const guint8 *p,
            gsize         n)
{
  g_assert (n <= 255);
  put_u8 (b, (guint8) n);
  if (n > 0)
    g_byte_array_append (b, p, (guint) n);
}

static void
put_str8 (GByteArray *b,
          const char *s)
{
  put_bytes8 (b, (const guint8 *) s, strlen (s));
}

static const char *
tag_algorithm (DkgContainerScheme scheme)
{
  return _dkg_container_scheme_has_hmac (scheme) ? TAG_HMAC : TAG_POLY1305;
}

/* The byte string the tag covers (module comment of dkg-container.c, "Canonical header"). */
GByteArray *
_dkg_container_canonical_header (const DkgContainerInfo *info,
                                 guint64                 ciphertext_len)
{
  GByteArray *b = g_byte_array_sized_new (192);
  guint8 fp[DKG_CONTAINER_FINGERPRINT_BYTES];
  gboolean ok;

  ok = dkg_crypto_from_hex (info->key_fingerprint, fp, sizeof fp);
  g_assert (ok);
  g_byte_array_append (b, (const guint8 *) HEADER_CONTEXT, sizeof HEADER_CONTEXT);
  put_u32 (b, info->version);
  put_str8 (b, dkg_container_scheme_to_string (info->scheme));
  put_u32 (b, info->width);
  put_u32 (b, info->height);
  put_u32 (b, info->channels);
  put_u32 (b, info->bit_depth);
  put_u8 (b, info->is_signed ? 1 : 0);
  put_u32 (b, info->pad_right);
  put_u32 (b, info->pad_bottom);
  put_u64 (b, info->acm_iterations);
  put_bytes8 (b, info->salt, sizeof info->salt);
  put_bytes8 (b, info->nonce, info->has_nonce ? sizeof info->nonce : 0);
  put_bytes8 (b, fp, sizeof fp);
  put_u8 (b, info->source_format != NULL ? 1 : 0);
  if (info->source_format != NULL)
    put_str8 (b, info->source_format);
  put_str8 (b, tag_algorithm (info->scheme));
  put_u64 (b, ciphertext_len);
  if (info->version >= DKG_CONTAINER_VERSION_ORIGINAL)
    {
      put_u64 (b, info->original_len);
      put_u64 (b, info->pixels_offset);
      put_u64 (b, info->pixels_len);
      put_bytes8 (b, info->original_salt, sizeof info->original_salt);
      put_bytes8 (b, info->original_nonce, sizeof info->original_nonce);
    }
  return b;
}

/* ---- JSON ------------------------------------------------------------------------------ */

static void
add_hex (JsonBuilder  *b,
         const char   *member,
         const guint8 *bytes,
         gsize         n)
{
  g_autofree char *hex = dkg_crypto_to_hex (bytes, n);

  json_builder_set_member_name (b, member);
  json_builder_add_string_value (b, hex);
}

static void
add_int (JsonBuilder *b,
         const char  *member,
         gint64       v)
{
  json_builder_set_member_name (b, member);
  json_builder_add_int_value (b, v);
}

/**
 * dkg_container_info_to_json:
 * @info: a header
 *
 * The header as the container stores it (module comment of dkg-container.c), pretty-printed.
 *
 * Returns: (transfer full): JSON text (ASCII)
 */
char *
dkg_container_info_to_json (const DkgContainerInfo *info)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (info != NULL, NULL);

  json_builder_begin_object (b);
  add_int (b, "version", info->version);
  json_builder_set_member_name (b, "scheme");
  json_builder_add_string_value (b, dkg_container_scheme_to_string (info->scheme));
  add_int (b, "width", info->width);
  add_int (b, "height", info->height);
  add_int (b, "channels", info->channels);
  add_int (b, "bit_depth", info->bit_depth);
  json_builder_set_member_name (b, "signed");
  json_builder_add_boolean_value (b, info->is_signed);
  json_builder_set_member_name (b, "padding");
  json_builder_begin_object (b);
  add_int (b, "right", info->pad_right);
  add_int (b, "bottom", info->pad_bottom);
  json_builder_end_object (b);
  add_int (b, "acm_iterations", (gint64) info->acm_iterations);
  add_hex (b, "salt", info->salt, sizeof info->salt);
  if (info->has_nonce)
    add_hex (b, "nonce", info->nonce, sizeof info->nonce);
  else
    {
      json_builder_set_member_name (b, "nonce");
      json_builder_add_null_value (b);
    }
  json_builder_set_member_name (b, "key_fingerprint");
  json_builder_add_string_value (b, info->key_fingerprint);
  json_builder_set_member_name (b, "source_format");
  if (info->source_format != NULL)
    json_builder_add_string_value (b, info->source_format);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "tag_algorithm");
  json_builder_add_string_value (b, tag_algorithm (info->scheme));
  add_hex (b, "tag", info->tag, info->tag_len);
  if (info->has_original)
    {
      json_builder_set_member_name (b, "original");
      json_builder_begin_object (b);
      add_int (b, "length", (gint64) info->original_len);
      add_int (b, "pixels_offset", (gint64) info->pixels_offset);
      add_int (b, "pixels_length", (gint64) info->pixels_len);
      add_hex (b, "salt", info->original_salt, sizeof info->original_salt);
      add_hex (b, "nonce", info->original_nonce, sizeof info->original_nonce);
      add_hex (b, "tag", info->original_tag, sizeof info->original_tag);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  json_generator_set_indent (gen, 2);
  return json_generator_to_data (gen, NULL);
}

static gboolean
bad_member (const char  *name,
            const char  *member,
            const char  *expected,
            GError     **error)
{
  g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
               "“%s”: invalid DeepKeyGen header: “%s” must be %s", name, member, expected);
  return FALSE;
}

static JsonNode *
get_member (JsonObject  *o,
            const char  *member,
            const char  *name,
            GError     **error)
{
  JsonNode *node = json_object_get_member (o, member);

  if (node == NULL)
    g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                 "“%s”: invalid DeepKeyGen header: “%s” is missing", name, member);
  return node;
}

static gboolean
get_int (JsonObject  *o,
         const char  *member,
         gint64       min,
         gint64       max,
         gint64      *out,
         const char  *name,
         GError     **error)
{
  JsonNode *node = get_member (o, member, name, error);
  g_autofree char *expected = NULL;

  if (node == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    {
      *out = json_node_get_int (node);
      if (*out >= min && *out <= max)
        return TRUE;
    }
  expected = g_strdup_printf ("an integer from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT,
                              min, max);
  return bad_member (name, member, expected, error);
}

static gboolean
get_uint (JsonObject  *o,
          const char  *member,
          guint        min,
          guint        max,
          guint       *out,
          const char  *name,
          GError     **error)
{
  gint64 v;

  if (!get_int (o, member, min, max, &v, name, error))
    return FALSE;
  *out = (guint) v;
  return TRUE;
}

/* A string member, or %NULL for JSON null when @nullable. Returns FALSE on a type error. */
static gboolean
get_string (JsonObject   *o,
            const char   *member,
            gboolean      nullable,
            const char  **out,
            const char   *name,
            GError      **error)
{
  JsonNode *node = get_member (o, member, name, error);

  if (node == NULL)
    return FALSE;
  if (nullable && JSON_NODE_HOLDS_NULL (node))
    {
      *out = NULL;
      return TRUE;
    }
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      *out = json_node_get_string (node);
      return TRUE;
    }
  return bad_member (name, member, nullable ? "a string or null" : "a string", error);
}

static gboolean
get_hex (JsonObject  *o,
         const char  *member,
         guint8      *out,
         gsize        n,
         const char  *name,
         GError     **error)
{
  const char *s;
  g_autofree char *expected = NULL;

  if (!get_string (o, member, FALSE, &s, name, error))
    return FALSE;
  if (dkg_crypto_from_hex (s, out, n))
    return TRUE;
  expected = g_strdup_printf ("%" G_GSIZE_FORMAT " lowercase hex digits", 2 * n);
  return bad_member (name, member, expected, error);
}

static gboolean
expect_null (JsonObject  *o,
             const char  *member,
             const char  *scheme,
             const char  *name,
             GError     **error)
{
  JsonNode *node = get_member (o, member, name, error);
  g_autofree char *expected = NULL;

  if (node == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  expected = g_strdup_printf ("null for scheme %s", scheme);
  return bad_member (name, member, expected, error);
}

/* Parses and validates every field of the header text; the result is self-consistent (the
 * PNG is checked against it by the caller). */
static DkgContainerInfo *
parse_header (const char  *json,
              const char  *name,
              GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(DkgContainerInfo) info = g_new0 (DkgContainerInfo, 1);
  g_autoptr(GError) local = NULL;
  JsonObject *o, *padding;
  JsonNode *root, *node;
  const char *scheme, *str;
  gint64 version, k;
  gboolean is_signed;
  guint n;

  if (!json_parser_load_from_data (parser, json, -1, &local))
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                   "“%s”: the DeepKeyGen header is not valid JSON: %s", name, local->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                   "“%s”: the DeepKeyGen header is not a JSON object", name);
      return NULL;
    }
  o = json_node_get_object (root);

  /* The version first: a newer file may have other members. */
  if (!get_int (o, "version", 0, G_MAXINT32, &version, name, error))
    return NULL;
  if (version != DKG_CONTAINER_VERSION && version != DKG_CONTAINER_VERSION_ORIGINAL)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_BAD_VERSION,
                   "“%s” is a version %" G_GINT64_FORMAT " DeepKeyGen container; this program "
                   "reads versions %d and %d", name, version, DKG_CONTAINER_VERSION,
                   DKG_CONTAINER_VERSION_ORIGINAL);
      return NULL;
    }
  info->version = (guint) version;

  {
    g_autoptr(GList) members = json_object_get_members (o);

    for (GList *l = members; l != NULL; l = l->next)
      if (!g_strv_contains (header_members, l->data)
          || (version == DKG_CONTAINER_VERSION && strcmp (l->data, "original") == 0))
        {
          g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                       "“%s”: invalid DeepKeyGen header: unknown member “%s”", name,
                       (const char *) l->data);
          return NULL;
        }
  }

  if (!get_string (o, "scheme", FALSE, &scheme, name, error))
    return NULL;
  if (!dkg_container_scheme_from_string (scheme, &info->scheme))
    return bad_member (name, "scheme", "\"xor\", \"acm-xor\" or \"chacha20-poly1305\"", error),
           NULL;
  if (!get_uint (o, "width", 1, DKG_IMAGE_MAX_DIM, &info->width, name, error)
      || !get_uint (o, "height", 1, DKG_IMAGE_MAX_DIM, &info->height, name, error)
      || !get_uint (o, "channels", 1, 4, &info->channels, name, error)
      || !get_uint (o, "bit_depth", 8, 16, &info->bit_depth, name, error))
    return NULL;
  if (info->bit_depth != 8 && info->bit_depth != 16)
    return bad_member (name, "bit_depth", "8 or 16", error), NULL;

  node = get_member (o, "signed", name, error);
  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return bad_member (name, "signed", "true or false", error), NULL;
  is_signed = json_node_get_boolean (node);
  if (is_signed && info->bit_depth != 16)
    return bad_member (name, "signed", "false for 8-bit samples", error), NULL;
  info->is_signed = is_signed;

  node = get_member (o, "padding", name, error);
  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return bad_member (name, "padding", "an object {\"right\": r, \"bottom\": b}", error), NULL;
  padding = json_node_get_object (node);
  if (json_object_get_size (padding) != 2
      || !get_uint (padding, "right", 0, DKG_IMAGE_MAX_DIM, &info->pad_right, name, error)
      || !get_uint (padding, "bottom", 0, DKG_IMAGE_MAX_DIM, &info->pad_bottom, name, error))
    {
      if (error == NULL || *error == NULL)
        bad_member (name, "padding", "an object {\"right\": r, \"bottom\": b}", error);
      return NULL;
    }
  if (!get_int (o, "acm_iterations", 0, DKG_CONTAINER_MAX_ACM_ITERATIONS, &k, name, error))
    return NULL;
  info->acm_iterations = (guint64) k;

  n = dkg_arnold_cat_map_size (info->width, info->height);
  if (info->scheme == DKG_CONTAINER_SCHEME_ACM_XOR)
    {
      if (info->pad_right != n - info->width || info->pad_bottom != n - info->height)
        {
          g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                       "“%s”: invalid DeepKeyGen header: a %u×%u image is padded to %u×%u by the "
                       "Arnold cat map, not by %u columns and %u rows", name, info->width,
                       info->height, n, n, info->pad_right, info->pad_bottom);
          return NULL;
        }
      if (!dkg_arnold_cat_map_check_iterations (n, info->acm_iterations, &local))
        {
          g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                       "“%s”: invalid DeepKeyGen header: %s", name, local->message);
          return NULL;
        }
      info->acm_period = dkg_arnold_cat_map_period (n);
    }
  else
    {
      if (info->pad_right != 0 || info->pad_bottom != 0)
        return bad_member (name, "padding", "zero for this scheme", error), NULL;
      if (info->acm_iterations != 0)
        return bad_member (name, "acm_iterations", "0 for this scheme", error), NULL;
    }

  if (!get_hex (o, "salt", info->salt, sizeof info->salt, name, error))
    return NULL;
  if (info->scheme == DKG_CONTAINER_SCHEME_CHACHA20_POLY1305)
    {
      if (!get_hex (o, "nonce", info->nonce, sizeof info->nonce, name, error))
        return NULL;
      info->has_nonce = TRUE;
    }
  else if (!expect_null (o, "nonce", scheme, name, error))
    return NULL;

  if (!get_string (o, "key_fingerprint", FALSE, &str, name, error))
    return NULL;
  {
    guint8 fp[DKG_CONTAINER_FINGERPRINT_BYTES];

    if (!dkg_crypto_from_hex (str, fp, sizeof fp))
      return bad_member (name, "key_fingerprint", "16 lowercase hex digits", error), NULL;
    memcpy (info->key_fingerprint, str, DKG_CONTAINER_FINGERPRINT_LEN + 1);
  }

  if (!get_string (o, "source_format", TRUE, &str, name, error))
    return NULL;
  if (str != NULL && !_dkg_container_source_format_is_valid (str))
    return bad_member (name, "source_format", "null or 1–16 characters a–z, 0–9, “-”", error),
           NULL;
  info->source_format = g_strdup (str);

  if (!get_string (o, "tag_algorithm", FALSE, &str, name, error))
    return NULL;
  if (strcmp (str, tag_algorithm (info->scheme)) != 0)
    {
      g_autofree char *expected = g_strdup_printf ("\"%s\" for scheme %s",
                                                   tag_algorithm (info->scheme), scheme);
      return bad_member (name, "tag_algorithm", expected, error), NULL;
    }
  info->tag_len = _dkg_container_scheme_has_hmac (info->scheme) ? DKG_CONTAINER_HMAC_SIZE
                                                                : DKG_AEAD_TAG_SIZE;
  if (!get_hex (o, "tag", info->tag, info->tag_len, name, error))
    return NULL;

  if (version == DKG_CONTAINER_VERSION_ORIGINAL)
    {
      JsonObject *orig;
      gint64 length, p_offset, p_length;
      guint64 n_image = (guint64) info->width * info->height * info->channels
                        * (info->bit_depth / 8);

      node = get_member (o, "original", name, error);
      if (node == NULL)
        return NULL;
      if (!JSON_NODE_HOLDS_OBJECT (node) || json_object_get_size (json_node_get_object (node)) != 6)
        return bad_member (name, "original",
                           "an object {\"length\", \"pixels_offset\", \"pixels_length\", "
                           "\"salt\", \"nonce\", \"tag\"}", error), NULL;
      orig = json_node_get_object (node);
      if (!get_int (orig, "length", 0, (gint64) DKG_CONTAINER_ORIGINAL_MAX, &length, name, error)
          || !get_int (orig, "pixels_offset", 0, length, &p_offset, name, error)
          || !get_int (orig, "pixels_length", 0, length - p_offset, &p_length, name, error))
        return NULL;
      if (p_length != 0 && (guint64) p_length != n_image)
        {
          g_autofree char *expected = g_strdup_printf ("0 or %" G_GUINT64_FORMAT
                                                       " (the image's bytes)", n_image);

          return bad_member (name, "pixels_length", expected, error), NULL;
        }
      if (!get_hex (orig, "salt", info->original_salt, sizeof info->original_salt, name, error)
          || !get_hex (orig, "nonce", info->original_nonce, sizeof info->original_nonce, name,
                       error)
          || !get_hex (orig, "tag", info->original_tag, sizeof info->original_tag, name, error))
        return NULL;
      info->has_original = TRUE;
      info->original_len = (guint64) length;
      info->pixels_offset = (guint64) p_offset;
      info->pixels_len = (guint64) p_length;
    }

  return g_steal_pointer (&info);
}

/* Decodes the PNG and its header and checks that they fit together. */
DkgImage *
_dkg_container_load (GBytes             *file,
                     const char         *name,
                     DkgContainerInfo  **info_out,
                     GError            **error)
{
  g_autoptr(DkgImage) cipher = NULL;
  g_autoptr(DkgContainerInfo) info = NULL;
  g_autofree char *json = NULL;

  cipher = dkg_image_load_png_bytes (file, name, DKG_CONTAINER_ITXT_KEYWORD, &json, error);
  if (cipher == NULL)
    return NULL;
  if (json == NULL)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                   "“%s” is a PNG but not a DeepKeyGen container: it has no “%s” iTXt chunk",
                   name, DKG_CONTAINER_ITXT_KEYWORD);
      return NULL;
    }
  info = parse_header (json, name, error);
  if (info == NULL)
    return NULL;
  if (cipher->width != info->width + info->pad_right
      || cipher->height != info->height + info->pad_bottom
      || cipher->channels != info->channels || cipher->bit_depth != info->bit_depth
      || cipher->is_signed)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                   "“%s”: the ciphertext is a %u×%u %s%u-channel %u-bit image, but its header "
                   "describes a %u×%u %u-channel %u-bit one", name, cipher->width,
                   cipher->height, cipher->is_signed ? "signed " : "", cipher->channels,
                   cipher->bit_depth, info->width + info->pad_right,
                   info->height + info->pad_bottom, info->channels, info->bit_depth);
      return NULL;
    }
  *info_out = g_steal_pointer (&info);
  return g_steal_pointer (&cipher);
}
