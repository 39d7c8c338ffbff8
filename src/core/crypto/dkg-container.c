/* dkg-container.c — the authenticated ciphertext file: a viewable PNG plus a signed header
 * (docs/SPECIFICATION.md §5.7)
 *
 * File layout. A PNG whose pixels are the ciphertext: same channels and bit depth as the
 * plaintext, unsigned, (width + pad_right) × (height + pad_bottom) pixels, and whose §5.3
 * bytes (the bytes PNG stores: 16-bit big-endian) are exactly the cipher's output — for "xor"
 * and "acm-xor" the papers' ciphertext pixels. An iTXt chunk "deepkeygen" holds the header as
 * JSON:
 *
 *   { "version": 1, "scheme": "xor" | "acm-xor" | "chacha20-poly1305",
 *     "width": W, "height": H, "channels": 1..4, "bit_depth": 8 | 16, "signed": bool,
 *     "padding": { "right": r, "bottom": b }, "acm_iterations": k (0 unless acm-xor),
 *     "salt": 64 hex, "nonce": 24 hex | null, "key_fingerprint": 16 hex,
 *     "source_format": "dicom" | "png" | … | null,
 *     "tag_algorithm": "hmac-sha256" | "poly1305", "tag": 64 | 32 hex }
 *
 * Hex is lowercase. Every member is required, no other member is allowed (it would not be
 * authenticated) and every value is range-checked and cross-checked against the PNG.
 * Nothing else of the source file is in the clear: no DICOM attribute, no patient name, only
 * the format's name (version 2 carries the whole file, sealed: see below).
 *
 * Canonical header. The JSON text may be re-serialised by any tool, so the tag never covers
 * the text. It covers this byte string, built from the parsed values (integers big-endian;
 * str8/bytes8 = one length byte, then the bytes):
 *
 *   "deepkeygen-container-header" 0x00  (28 bytes, domain separation)
 *   u32 version   str8 scheme   u32 width   u32 height   u32 channels   u32 bit_depth
 *   u8 signed   u32 pad_right   u32 pad_bottom   u64 acm_iterations
 *   bytes8 salt (32)   bytes8 nonce (12, or 0 bytes)   bytes8 key fingerprint (8)
 *   u8 has_source_format [str8 source_format]   str8 tag_algorithm
 *   u64 ciphertext length in bytes
 *
 * Every field has a fixed position or a length prefix, so two different headers never
 * encode to the same bytes.
 *
 * Tags. "chacha20-poly1305" (§5.5): k_enc = HKDF-SHA256(key bytes, salt,
 * "deepkeygen v1 chacha20-poly1305"), the canonical header is the AEAD's associated data and
 * the tag is Poly1305's. "xor" and "acm-xor": k_mac = HKDF-SHA256(key bytes, salt,
 * "deepkeygen v1 <scheme> hmac-sha256"), tag = HMAC-SHA256(k_mac, canonical header ‖
 * ciphertext bytes) — the cipher itself stays exactly the paper's. "Key bytes" are all bytes of
 * the key image in keystream order (dkg_keystream_new_whole_key()); the salt is fresh for
 * every file, so every file has its own k_mac or k_enc.
 *
 * Version 2: the whole source file (docs/SPECIFICATION.md §5.7, "Whole file"). For DICOM, NIfTI and
 * TIFF sources the container also carries the rest of the source file, sealed with
 * ChaCha20-Poly1305 under k_orig = HKDF-SHA256(key bytes, original salt (32 random bytes),
 * "deepkeygen v2 original file chacha20-poly1305"), a random 96-bit nonce, and the canonical
 * header as associated data, whatever the pixel scheme. The sealed bytes are the data of one
 * private ancillary PNG chunk "dkGf" before IEND (PNG viewers skip it); the header gains
 *
 *   "original": { "length": n, "pixels_offset": o, "pixels_length": p,
 *                 "salt": 64 hex, "nonce": 24 hex, "tag": 32 hex }
 *
 * and its canonical form ends, after the ciphertext length, with
 *
 *   u64 original length   u64 pixels offset   u64 pixels length
 *   bytes8 original salt (32)   bytes8 original nonce (12)
 *
 * so the pixel tag covers them too. "The rest": when the viewable image's samples appear in the
 * file exactly as stored (raster order, channels interleaved, 16-bit little-endian: native
 * little-endian DICOM, uncompressed TIFF strips), those p bytes at offset o are cut out — the
 * container's pixels carry them — and decryption splices the decrypted samples back. Otherwise
 * (compressed DICOM, big-endian data, NIfTI slices, which are flipped) p = 0 and the whole file
 * is sealed. Either way the file comes back byte for byte and nothing of it is in the clear.
 * Version 1 containers (no "original") are read as before.
 *
 * Decryption parses and validates the header, checks the fingerprint, then verifies the tag
 * before it decrypts anything (xor, acm-xor) or before it returns anything (ChaCha20-Poly1305
 * decrypts into a private buffer that is wiped if the tag does not match).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gcrypt.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "dkg-arnold-cat-map.h"
#include "dkg-container.h"
#include "dkg-crypto.h"
#include "dkg-error.h"
#include "dkg-file.h"
#include "dkg-hkdf.h"
#include "dkg-keystream.h"
#include "dkg-xor-cipher.h"

#define HMAC_SIZE            32
#define FINGERPRINT_BYTES    (DKG_CONTAINER_FINGERPRINT_LEN / 2)
#define HEADER_CONTEXT       "deepkeygen-container-header"
#define FINGERPRINT_CONTEXT  "deepkeygen v1 key fingerprint"
#define MAC_INFO_XOR         "deepkeygen v1 xor hmac-sha256"
#define MAC_INFO_ACM_XOR     "deepkeygen v1 acm-xor hmac-sha256"
#define TAG_HMAC             "hmac-sha256"
#define TAG_POLY1305         "poly1305"
#define MAX_SOURCE_FORMAT    16
#define HMAC_CHUNK           (64 * 1024)
#define ORIGINAL_INFO        "deepkeygen v2 original file chacha20-poly1305"

static const char *const scheme_names[] = { "xor", "acm-xor", "chacha20-poly1305" };

static const char *const header_members[] = {
  "version", "scheme", "width", "height", "channels", "bit_depth", "signed", "padding",
  "acm_iterations", "salt", "nonce", "key_fingerprint", "source_format", "tag_algorithm", "tag",
  "original", NULL
};

static gboolean
gcry_failed (gcry_error_t   err,
             const char    *what,
             GError       **error)
{
  if (err == 0)
    return FALSE;
  g_set_error (error, DKG_ERROR, DKG_ERROR_FAILED, "%s failed: %s", what, gcry_strerror (err));
  return TRUE;
}

/**
 * dkg_container_scheme_to_string:
 * @scheme: a scheme
 *
 * Returns: (transfer none): "xor", "acm-xor" or "chacha20-poly1305", as in the header
 */
const char *
dkg_container_scheme_to_string (DkgContainerScheme scheme)
{
  g_return_val_if_fail ((guint) scheme < G_N_ELEMENTS (scheme_names), NULL);

  return scheme_names[scheme];
}

/**
 * dkg_container_scheme_from_string:
 * @name: "xor", "acm-xor" or "chacha20-poly1305"
 * @scheme: (out): the scheme
 *
 * Returns: %TRUE if @name is a scheme's name
 */
gboolean
dkg_container_scheme_from_string (const char         *name,
                                  DkgContainerScheme *scheme)
{
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (scheme_names); i++)
    if (strcmp (name, scheme_names[i]) == 0)
      {
        if (scheme != NULL)
          *scheme = (DkgContainerScheme) i;
        return TRUE;
      }
  return FALSE;
}

static gboolean
is_scheme_with_hmac (DkgContainerScheme scheme)
{
  return scheme == DKG_CONTAINER_SCHEME_XOR || scheme == DKG_CONTAINER_SCHEME_ACM_XOR;
}

static gboolean
source_format_is_valid (const char *s)
{
  gsize len = strlen (s);

  if (len == 0 || len > MAX_SOURCE_FORMAT)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_islower (s[i]) && !g_ascii_isdigit (s[i]) && s[i] != '-')
      return FALSE;
  return TRUE;
}

/* SHA-256(context ‖ 0x00 ‖ u64 length ‖ key bytes), first 8 bytes. A fingerprint tells
 * keys apart; 64 bits of a hash of a key with far more entropy reveal nothing usable. */
static gboolean
fingerprint_bytes (const DkgKeystream  *whole,
                   guint8               out[FINGERPRINT_BYTES],
                   GError             **error)
{
  guint8 len_be[8];
  gcry_md_hd_t md;

  dkg_crypto_init ();
  for (int i = 0; i < 8; i++)
    len_be[i] = (guint8) ((guint64) whole->n_bytes >> (56 - 8 * i));
  if (gcry_failed (gcry_md_open (&md, GCRY_MD_SHA256, 0), "gcry_md_open", error))
    return FALSE;
  gcry_md_write (md, FINGERPRINT_CONTEXT, sizeof FINGERPRINT_CONTEXT);
  gcry_md_write (md, len_be, sizeof len_be);
  gcry_md_write (md, whole->bytes, whole->n_bytes);
  memcpy (out, gcry_md_read (md, GCRY_MD_SHA256), FINGERPRINT_BYTES);
  gcry_md_close (md);
  return TRUE;
}

/**
 * dkg_container_key_fingerprint:
 * @key: a key image
 *
 * A short identifier of a key, recorded in every container (docs/SPECIFICATION.md §5.7) so that a
 * wrong key can be named as such: the first 64 bits of SHA-256 over a domain-separation string,
 * the key length and all key bytes, as 16 lowercase hex digits. It does not reveal the key:
 * a GAN key has far more than 64 bits, and the hash is one-way.
 *
 * Returns: (transfer full) (nullable): the fingerprint, or %NULL only if libgcrypt fails
 */
char *
dkg_container_key_fingerprint (const DkgImage *key)
{
  g_autoptr(DkgKeystream) whole = NULL;
  guint8 fp[FINGERPRINT_BYTES];

  g_return_val_if_fail (key != NULL, NULL);

  whole = dkg_keystream_new_whole_key (key);
  if (!fingerprint_bytes (whole, fp, NULL))
    return NULL;
  return dkg_crypto_to_hex (fp, sizeof fp);
}

/**
 * dkg_container_info_free:
 * @info: (nullable): a header
 *
 * Frees @info.
 */
void
dkg_container_info_free (DkgContainerInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->source_format);
  g_free (info);
}

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
  guint8 be[4] = { (guint8) (v >> 24), (guint8) (v >> 16), (guint8) (v >> 8), (guint8) v };

  g_byte_array_append (b, be, 4);
}

static void
put_u64 (GByteArray *b,
         guint64     v)
{
  put_u32 (b, (guint32) (v >> 32));
  put_u32 (b, (guint32) v);
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
  return is_scheme_with_hmac (scheme) ? TAG_HMAC : TAG_POLY1305;
}

static GByteArray *
canonical_header (const DkgContainerInfo *info,
                  guint64                 ciphertext_len)
{
  GByteArray *b = g_byte_array_sized_new (192);
  guint8 fp[FINGERPRINT_BYTES];
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

/* ---- keys and tags ------------------------------------------------------------------- */

static gboolean
derive_key (const DkgKeystream      *whole,
            const DkgContainerInfo  *info,
            guint8                   out[32],
            GError                 **error)
{
  const char *mac_info;

  switch (info->scheme)
    {
    case DKG_CONTAINER_SCHEME_CHACHA20_POLY1305:
      return dkg_aead_derive_key (whole->bytes, whole->n_bytes, info->salt, out, error);
    case DKG_CONTAINER_SCHEME_XOR:
      mac_info = MAC_INFO_XOR;
      break;
    case DKG_CONTAINER_SCHEME_ACM_XOR:
      mac_info = MAC_INFO_ACM_XOR;
      break;
    default:
      g_assert_not_reached ();
    }
  return dkg_hkdf_sha256 (whole->bytes, whole->n_bytes, info->salt, sizeof info->salt,
                          (const guint8 *) mac_info, strlen (mac_info), out, HMAC_SIZE, error);
}

/* HMAC-SHA256(k_mac, header ‖ §5.3 bytes of @cipher). */
static gboolean
compute_hmac (const guint8     k_mac[HMAC_SIZE],
              GByteArray      *header,
              const DkgImage  *cipher,
              guint8           tag[HMAC_SIZE],
              GError         **error)
{
  gsize n = dkg_image_n_bytes (cipher);
  gcry_md_hd_t md;

  dkg_crypto_init ();
  if (gcry_failed (gcry_md_open (&md, GCRY_MD_SHA256, GCRY_MD_FLAG_HMAC), "gcry_md_open", error))
    return FALSE;
  if (gcry_failed (gcry_md_setkey (md, k_mac, HMAC_SIZE), "gcry_md_setkey", error))
    {
      gcry_md_close (md);
      return FALSE;
    }
  gcry_md_write (md, header->data, header->len);
  if (cipher->bit_depth == 8 || G_BYTE_ORDER == G_BIG_ENDIAN)
    gcry_md_write (md, cipher->data, n);
  else
    {
      g_autofree guint8 *buf = g_malloc (HMAC_CHUNK);

      for (gsize off = 0; off < n; off += HMAC_CHUNK)
        {
          gsize len = MIN ((gsize) HMAC_CHUNK, n - off);

          dkg_keystream_samples_to_bytes (cipher->data + off, buf, len, 16);
          gcry_md_write (md, buf, len);
        }
    }
  memcpy (tag, gcry_md_read (md, GCRY_MD_SHA256), HMAC_SIZE);
  gcry_md_close (md);
  return TRUE;
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
    guint8 fp[FINGERPRINT_BYTES];

    if (!dkg_crypto_from_hex (str, fp, sizeof fp))
      return bad_member (name, "key_fingerprint", "16 lowercase hex digits", error), NULL;
    memcpy (info->key_fingerprint, str, DKG_CONTAINER_FINGERPRINT_LEN + 1);
  }

  if (!get_string (o, "source_format", TRUE, &str, name, error))
    return NULL;
  if (str != NULL && !source_format_is_valid (str))
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
  info->tag_len = is_scheme_with_hmac (info->scheme) ? HMAC_SIZE : DKG_AEAD_TAG_SIZE;
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
static DkgImage *
load_container (GBytes             *file,
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

/* ---- the original file: key and PNG chunk --------------------------------------------- */

static gboolean
derive_original_key (const DkgKeystream      *whole,
                     const DkgContainerInfo  *info,
                     guint8                   out[DKG_AEAD_KEY_SIZE],
                     GError                 **error)
{
  return dkg_hkdf_sha256 (whole->bytes, whole->n_bytes, info->original_salt,
                          sizeof info->original_salt, (const guint8 *) ORIGINAL_INFO,
                          strlen (ORIGINAL_INFO), out, DKG_AEAD_KEY_SIZE, error);
}

static guint32
be32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

/* @image's samples as a file stores them natively: raster order, channels interleaved, 16-bit
 * little-endian (DkgImage holds host order). */
static guint8 *
image_file_bytes (const DkgImage *image)
{
  gsize n = dkg_image_n_bytes (image);
  guint8 *b = g_malloc (MAX (n, 1));

  memcpy (b, image->data, n);
  if (image->bit_depth == 16 && G_BYTE_ORDER == G_BIG_ENDIAN)
    for (gsize i = 0; i + 1 < n; i += 2)
      {
        guint8 t = b[i];

        b[i] = b[i + 1];
        b[i + 1] = t;
      }
  return b;
}

/* Smallest run of samples worth cutting out of the source file. */
#define MIN_PIXELS_CUT 256

/* @plain's samples as a byte run of @file, or FALSE (then nothing is cut). */
static gboolean
find_pixels (GBytes *file, const DkgImage *plain, guint64 *offset)
{
  gsize len, n = dkg_image_n_bytes (plain);
  const guint8 *p = g_bytes_get_data (file, &len);
  g_autofree guint8 *samples = NULL;
  const guint8 *at;

  if (n < MIN_PIXELS_CUT || n > len)
    return FALSE;
  samples = image_file_bytes (plain);
  at = memmem (p, len, samples, n);
  if (at == NULL)
    return FALSE;
  *offset = (guint64) (at - p);
  return TRUE;
}

/* @png with a chunk of type DKG_CONTAINER_ORIGINAL_CHUNK holding @data inserted before IEND
 * (our encoder ends every PNG with the 12-byte IEND chunk). */
static GBytes *
png_add_original_chunk (GBytes       *png,
                        const guint8 *data,
                        gsize         len)
{
  gsize png_len;
  const guint8 *p = g_bytes_get_data (png, &png_len);
  GByteArray *out = g_byte_array_sized_new ((guint) (png_len + len + 12));
  guint8 be[4] = { (guint8) (len >> 24), (guint8) (len >> 16), (guint8) (len >> 8), (guint8) len };
  uLong crc = crc32 (0L, Z_NULL, 0);
  guint8 crc_be[4];

  g_assert (png_len >= 20 && memcmp (p + png_len - 8, "IEND", 4) == 0);
  crc = crc32 (crc, (const Bytef *) DKG_CONTAINER_ORIGINAL_CHUNK, 4);
  for (gsize off = 0; off < len; off += G_MAXUINT32 / 2)
    crc = crc32 (crc, data + off, (uInt) MIN (len - off, (gsize) G_MAXUINT32 / 2));
  crc_be[0] = (guint8) (crc >> 24);
  crc_be[1] = (guint8) (crc >> 16);
  crc_be[2] = (guint8) (crc >> 8);
  crc_be[3] = (guint8) crc;
  g_byte_array_append (out, p, (guint) (png_len - 12));
  g_byte_array_append (out, be, 4);
  g_byte_array_append (out, (const guint8 *) DKG_CONTAINER_ORIGINAL_CHUNK, 4);
  if (len > 0)
    g_byte_array_append (out, data, (guint) len);
  g_byte_array_append (out, crc_be, 4);
  g_byte_array_append (out, p + png_len - 12, 12);
  return g_byte_array_free_to_bytes (out);
}

/* Finds the one DKG_CONTAINER_ORIGINAL_CHUNK chunk of a PNG whose structure libpng has already
 * accepted, and checks its CRC. */
static gboolean
png_find_original_chunk (GBytes        *png,
                         const char    *name,
                         const guint8 **data,
                         gsize         *len,
                         GError       **error)
{
  gsize png_len, pos = 8;
  const guint8 *p = g_bytes_get_data (png, &png_len);
  gboolean found = FALSE;

  while (png_len >= 12 && pos <= png_len - 12)
    {
      guint32 n = be32 (p + pos);
      const guint8 *type = p + pos + 4;

      if (n > png_len - pos - 12)
        break;
      if (memcmp (type, DKG_CONTAINER_ORIGINAL_CHUNK, 4) == 0)
        {
          uLong crc = crc32 (crc32 (0L, Z_NULL, 0), type, 4 + n);

          if (found)
            {
              g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                           "“%s”: the container holds two original-file parts", name);
              return FALSE;
            }
          if (crc != be32 (p + pos + 8 + n))
            {
              g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                           "“%s”: the container's original-file part is damaged (bad CRC)", name);
              return FALSE;
            }
          found = TRUE;
          *data = p + pos + 8;
          *len = n;
        }
      if (memcmp (type, "IEND", 4) == 0)
        break;
      pos += 12 + (gsize) n;
    }
  if (!found)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                   "“%s”: the header announces the original file, but the container has no "
                   "“%s” chunk (truncated, or stripped by a PNG tool)", name,
                   DKG_CONTAINER_ORIGINAL_CHUNK);
      return FALSE;
    }
  return TRUE;
}

/* ---- encryption ------------------------------------------------------------------------ */

/**
 * dkg_container_encrypt:
 * @plain: the plaintext image (1–4 channels, 8 or 16 bits, signed or not); only its samples,
 *   shape and source format name are stored
 * @key: the key image (§5.2). "xor" needs dkg_image_n_bytes(@plain) key bytes, "acm-xor"
 *   N·N·channels·bytes-per-sample with N = max(width, height), "chacha20-poly1305" at
 *   least %DKG_CONTAINER_MIN_AEAD_KEY_BYTES
 * @options: scheme and, for acm-xor, the cat map rounds
 * @error: return location for a #GError
 *
 * Encrypts @plain into a container file (docs/SPECIFICATION.md §5.7; layout, canonical header and
 * tags in the module comment of dkg-container.c). A fresh 32-byte salt (and for chacha20-poly1305 a
 * fresh 96-bit nonce) from %GCRY_STRONG_RANDOM makes every call's output different.
 *
 * Returns: (transfer full) (nullable): the PNG file's bytes, or %NULL with
 *   %DKG_ERROR_KEY_TOO_SHORT (the message states the size needed),
 *   %DKG_ERROR_INVALID_ARGUMENT (cat map rounds, source format name), or an error of the
 *   image allocation or PNG encoder
 */
GBytes *
dkg_container_encrypt (const DkgImage             *plain,
                       const DkgImage             *key,
                       const DkgContainerOptions  *options,
                       GError                    **error)
{
  return dkg_container_encrypt_with_original (plain, NULL, key, options, error);
}

/**
 * dkg_container_encrypt_with_original:
 * @plain: the plaintext image, as for dkg_container_encrypt()
 * @original: (nullable): the source file's bytes, all of them, to carry sealed
 *   (at most %DKG_CONTAINER_ORIGINAL_MAX bytes); %NULL for none
 * @key: the key image; with @original at least %DKG_CONTAINER_MIN_AEAD_KEY_BYTES bytes
 * @options: scheme and, for acm-xor, the cat map rounds
 * @error: return location for a #GError
 *
 * dkg_container_encrypt(), plus, when @original is given, a version 2 container that carries
 * @original sealed with ChaCha20-Poly1305 under its own HKDF-derived key, salt and nonce, the
 * canonical header as associated data, whatever the pixel scheme (docs/SPECIFICATION.md §5.7 "Whole
 * file"; module comment of dkg-container.c). The pixels are encrypted exactly as without it.
 * dkg_container_decrypt_original() gives @original back byte for byte.
 *
 * Returns: (transfer full) (nullable): the container's bytes, or %NULL with the errors of
 *   dkg_container_encrypt(), %DKG_ERROR_KEY_TOO_SHORT (a key under 32 bytes cannot seal the
 *   file) or %DKG_ERROR_TOO_LARGE (@original over %DKG_CONTAINER_ORIGINAL_MAX)
 */
GBytes *
dkg_container_encrypt_with_original (const DkgImage             *plain,
                                     GBytes                     *original,
                                     const DkgImage             *key,
                                     const DkgContainerOptions  *options,
                                     GError                    **error)
{
  g_autoptr(DkgContainerInfo) info = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autofree guint8 *sealed = NULL;
  g_autoptr(DkgKeystream) whole = NULL;
  g_autoptr(DkgImage) cipher = NULL;
  g_autoptr(GByteArray) header = NULL;
  g_autofree char *json = NULL;
  guint8 fp[FINGERPRINT_BYTES], derived[32];
  gboolean ok;

  g_return_val_if_fail (plain != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail ((guint) options->scheme < G_N_ELEMENTS (scheme_names), NULL);

  if (plain->source_format != NULL && !source_format_is_valid (plain->source_format))
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                   "“%s” is not a source format name (1–16 characters a–z, 0–9, “-”)",
                   plain->source_format);
      return NULL;
    }

  info = g_new0 (DkgContainerInfo, 1);
  info->version = DKG_CONTAINER_VERSION;
  info->scheme = options->scheme;
  info->width = plain->width;
  info->height = plain->height;
  info->channels = plain->channels;
  info->bit_depth = plain->bit_depth;
  info->is_signed = plain->is_signed;
  info->source_format = g_strdup (plain->source_format);
  info->tag_len = is_scheme_with_hmac (options->scheme) ? HMAC_SIZE : DKG_AEAD_TAG_SIZE;

  if (original != NULL)
    {
      if (g_bytes_get_size (original) > DKG_CONTAINER_ORIGINAL_MAX)
        {
          g_set_error (error, DKG_ERROR, DKG_ERROR_TOO_LARGE,
                       "The source file has %" G_GSIZE_FORMAT " bytes; a container carries at "
                       "most %" G_GUINT64_FORMAT, g_bytes_get_size (original),
                       DKG_CONTAINER_ORIGINAL_MAX);
          return NULL;
        }
      if (dkg_image_n_bytes (key) < DKG_CONTAINER_MIN_AEAD_KEY_BYTES)
        {
          g_set_error (error, DKG_ERROR, DKG_ERROR_KEY_TOO_SHORT,
                       "The key is too short: it has %" G_GSIZE_FORMAT " bytes, but sealing the "
                       "source file needs at least %d key bytes", dkg_image_n_bytes (key),
                       DKG_CONTAINER_MIN_AEAD_KEY_BYTES);
          return NULL;
        }
      info->version = DKG_CONTAINER_VERSION_ORIGINAL;
      info->has_original = TRUE;
      info->original_len = g_bytes_get_size (original);
      if (find_pixels (original, plain, &info->pixels_offset))
        info->pixels_len = dkg_image_n_bytes (plain);
      dkg_crypto_random (info->original_salt, sizeof info->original_salt);
      dkg_crypto_random (info->original_nonce, sizeof info->original_nonce);
    }

  switch (options->scheme)
    {
    case DKG_CONTAINER_SCHEME_XOR:
      cipher = dkg_xor_cipher_encrypt (plain, key, error);
      break;
    case DKG_CONTAINER_SCHEME_ACM_XOR:
      {
        guint n = dkg_arnold_cat_map_size (plain->width, plain->height);

        if (options->acm_iterations > DKG_CONTAINER_MAX_ACM_ITERATIONS)
          {
            g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                         "At most %u Arnold cat map iterations can be recorded, not %"
                         G_GUINT64_FORMAT, DKG_CONTAINER_MAX_ACM_ITERATIONS,
                         options->acm_iterations);
            return NULL;
          }
        info->pad_right = n - plain->width;
        info->pad_bottom = n - plain->height;
        info->acm_iterations = options->acm_iterations;
        cipher = dkg_arnold_cat_map_encrypt (plain, key, options->acm_iterations, error);
        if (cipher != NULL)
          info->acm_period = dkg_arnold_cat_map_period (n);
      }
      break;
    case DKG_CONTAINER_SCHEME_CHACHA20_POLY1305:
      if (dkg_image_n_bytes (key) < DKG_CONTAINER_MIN_AEAD_KEY_BYTES)
        {
          g_set_error (error, DKG_ERROR, DKG_ERROR_KEY_TOO_SHORT,
                       "The key is too short: it has %" G_GSIZE_FORMAT " bytes, but "
                       "chacha20-poly1305 needs at least %d key bytes", dkg_image_n_bytes (key),
                       DKG_CONTAINER_MIN_AEAD_KEY_BYTES);
          return NULL;
        }
      info->has_nonce = TRUE;
      dkg_crypto_random (info->nonce, sizeof info->nonce);
      break;
    default:
      g_assert_not_reached ();
    }
  if (options->scheme != DKG_CONTAINER_SCHEME_CHACHA20_POLY1305 && cipher == NULL)
    return NULL;

  dkg_crypto_random (info->salt, sizeof info->salt);
  whole = dkg_keystream_new_whole_key (key);
  if (!fingerprint_bytes (whole, fp, error))
    return NULL;
  {
    g_autofree char *hex = dkg_crypto_to_hex (fp, sizeof fp);

    memcpy (info->key_fingerprint, hex, DKG_CONTAINER_FINGERPRINT_LEN + 1);
  }
  header = canonical_header (info, dkg_keystream_size_for (plain->width + info->pad_right,
                                                           plain->height + info->pad_bottom,
                                                           plain->channels, plain->bit_depth));
  if (!derive_key (whole, info, derived, error))
    return NULL;
  if (is_scheme_with_hmac (options->scheme))
    ok = compute_hmac (derived, header, cipher, info->tag, error);
  else
    {
      cipher = dkg_aead_encrypt_image (plain, derived, info->nonce, header->data, header->len,
                                       info->tag, error);
      ok = cipher != NULL;
    }
  dkg_crypto_wipe (derived, sizeof derived);
  if (!ok)
    return NULL;

  if (original != NULL)
    {
      gsize len, rest;
      const guint8 *data = g_bytes_get_data (original, &len);
      g_autofree guint8 *plain_rest = NULL;

      /* the file without the samples the container's pixels carry */
      rest = len - (gsize) info->pixels_len;
      plain_rest = g_malloc (MAX (rest, 1));
      memcpy (plain_rest, data, (gsize) info->pixels_offset);
      memcpy (plain_rest + info->pixels_offset, data + info->pixels_offset + info->pixels_len,
              len - (gsize) (info->pixels_offset + info->pixels_len));
      sealed = g_malloc (MAX (rest, 1));
      if (!derive_original_key (whole, info, derived, error))
        return NULL;
      ok = dkg_aead_encrypt (derived, info->original_nonce, header->data, header->len,
                             plain_rest, sealed, rest, info->original_tag, error);
      dkg_crypto_wipe (plain_rest, rest);
      dkg_crypto_wipe (derived, sizeof derived);
      if (!ok)
        return NULL;
    }

  json = dkg_container_info_to_json (info);
  png = dkg_image_encode_png_full (cipher, DKG_CONTAINER_ITXT_KEYWORD, json, TRUE, error);
  if (png == NULL || original == NULL)
    return g_steal_pointer (&png);
  return png_add_original_chunk (png, sealed, info->original_len - info->pixels_len);
}

/* ---- decryption ------------------------------------------------------------------------ */

static DkgImage *decrypt_common (GBytes             *file,
                                 const char         *name_for_errors,
                                 const DkgImage     *key,
                                 DkgContainerInfo  **info_out,
                                 GBytes            **original_out,
                                 GError            **error);

/**
 * dkg_container_decrypt_original:
 * @file: the bytes of a container file
 * @name_for_errors: (nullable): the file's name for messages
 * @key: the key image
 * @info_out: (out) (optional) (transfer full): the validated header
 * @error: return location for a #GError
 *
 * Authenticates the whole container as dkg_container_decrypt() does (header, pixels and the
 * sealed source file) and returns the source file it carries, byte for byte as it was given
 * to dkg_container_encrypt_with_original() (docs/SPECIFICATION.md §5.7, "Whole file").
 *
 * Returns: (transfer full) (nullable): the source file's bytes, or %NULL with
 *   %DKG_ERROR_UNSUPPORTED (the container carries no source file: version 1, or made from a
 *   PNG or JPEG; the message says so), or an error of dkg_container_decrypt()
 */
GBytes *
dkg_container_decrypt_original (GBytes             *file,
                                const char         *name_for_errors,
                                const DkgImage     *key,
                                DkgContainerInfo  **info_out,
                                GError            **error)
{
  g_autoptr(DkgImage) plain = NULL;
  g_autoptr(DkgContainerInfo) info = NULL;
  GBytes *original = NULL;

  g_return_val_if_fail (file != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  plain = decrypt_common (file, name_for_errors, key, &info, &original, error);
  if (plain == NULL)
    return NULL;
  if (original == NULL)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_UNSUPPORTED,
                   "“%s” carries no original file (a version %u container made from %s "
                   "source): only its image can be decrypted",
                   name_for_errors != NULL ? name_for_errors : "container", info->version,
                   info->source_format != NULL ? info->source_format : "an unnamed");
      return NULL;
    }
  if (info_out != NULL)
    *info_out = g_steal_pointer (&info);
  return original;
}

/**
 * dkg_container_read_info:
 * @file: the bytes of a container file
 * @name_for_errors: (nullable): the file's name for messages
 * @error: return location for a #GError
 *
 * Reads and validates the header without a key (the PNG is decoded too, so that its shape
 * can be checked against the header). Nothing is authenticated: the tag is checked only by
 * dkg_container_decrypt().
 *
 * Returns: (transfer full) (nullable): the header, or %NULL with %DKG_ERROR_BAD_VERSION,
 *   %DKG_ERROR_INVALID_FILE or an error of the PNG decoder
 */
DkgContainerInfo *
dkg_container_read_info (GBytes      *file,
                         const char  *name_for_errors,
                         GError     **error)
{
  g_autoptr(DkgImage) cipher = NULL;
  DkgContainerInfo *info = NULL;

  g_return_val_if_fail (file != NULL, NULL);

  cipher = load_container (file, name_for_errors != NULL ? name_for_errors : "container",
                           &info, error);
  if (cipher == NULL)
    return NULL;
  return info;
}

/**
 * dkg_container_decrypt:
 * @file: the bytes of a container file
 * @name_for_errors: (nullable): the file's name for messages
 * @key: the key image
 * @info_out: (out) (optional) (transfer full): the validated header
 * @error: return location for a #GError
 *
 * Parses and validates the header (every member, its type and range, and its agreement with
 * the PNG), checks the key fingerprint, verifies the tag, and only then decrypts
 * (docs/SPECIFICATION.md §5.7, §10). The result is bit-exactly the image given to
 * dkg_container_encrypt(): unpadded, signedness and source format name restored.
 *
 * Returns: (transfer full) (nullable): the plaintext image, or %NULL with %DKG_ERROR_AUTH (the
 *   key is not the one the file was encrypted with, or any bit of the pixels or the header
 *   was changed; the message names the file), %DKG_ERROR_BAD_VERSION (unknown format
 *   version), %DKG_ERROR_INVALID_FILE (not a container, missing or bad header members) or an
 *   error of the PNG decoder (corrupt or truncated file)
 */
DkgImage *
dkg_container_decrypt (GBytes             *file,
                       const char         *name_for_errors,
                       const DkgImage     *key,
                       DkgContainerInfo  **info_out,
                       GError            **error)
{
  return decrypt_common (file, name_for_errors, key, info_out, NULL, error);
}

/* dkg_container_decrypt(); with @original_out, also the source file (NULL for a container that
 * carries none). The sealed source file, when there is one, is authenticated in every case. */
static DkgImage *
decrypt_common (GBytes             *file,
                const char         *name_for_errors,
                const DkgImage     *key,
                DkgContainerInfo  **info_out,
                GBytes            **original_out,
                GError            **error)
{
  const char *name = name_for_errors != NULL ? name_for_errors : "container";
  const guint8 *sealed = NULL;
  gsize sealed_len = 0;
  g_autofree guint8 *opened = NULL;
  g_autoptr(DkgContainerInfo) info = NULL;
  g_autoptr(DkgImage) cipher = NULL;
  g_autoptr(DkgImage) plain = NULL;
  g_autoptr(DkgKeystream) whole = NULL;
  g_autoptr(GByteArray) header = NULL;
  g_autoptr(GError) local = NULL;
  guint8 fp[FINGERPRINT_BYTES], derived[32];
  g_autofree char *fp_hex = NULL;

  g_return_val_if_fail (file != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  cipher = load_container (file, name, &info, error);
  if (cipher == NULL)
    return NULL;
  if (info->has_original)
    {
      if (!png_find_original_chunk (file, name, &sealed, &sealed_len, error))
        return NULL;
      if (sealed_len != info->original_len - info->pixels_len)
        {
          g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                       "“%s”: the original-file part has %" G_GSIZE_FORMAT " bytes, the header "
                       "says %" G_GUINT64_FORMAT, name, sealed_len,
                       info->original_len - info->pixels_len);
          return NULL;
        }
    }

  whole = dkg_keystream_new_whole_key (key);
  if (!fingerprint_bytes (whole, fp, error))
    return NULL;
  fp_hex = dkg_crypto_to_hex (fp, sizeof fp);
  if (strcmp (fp_hex, info->key_fingerprint) != 0)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_AUTH,
                   "Authentication failed for “%s”: it was encrypted with another key (key "
                   "fingerprint %s; this key's is %s), or its header was modified", name,
                   info->key_fingerprint, fp_hex);
      return NULL;
    }

  header = canonical_header (info, dkg_image_n_bytes (cipher));
  if (info->has_original)
    {
      /* the source file first: a modified one stops everything before any pixel is decrypted */
      gboolean ok;

      opened = g_malloc (MAX (sealed_len, 1));
      if (!derive_original_key (whole, info, derived, error))
        return NULL;
      ok = dkg_aead_decrypt (derived, info->original_nonce, header->data, header->len, sealed,
                             opened, sealed_len, info->original_tag, &local);
      dkg_crypto_wipe (derived, sizeof derived);
      if (!ok)
        {
          if (g_error_matches (local, DKG_ERROR, DKG_ERROR_AUTH))
            g_set_error (error, DKG_ERROR, DKG_ERROR_AUTH,
                         "Authentication failed for “%s”: its original-file part or header was "
                         "modified or damaged, or the key is not the one it was encrypted with; "
                         "nothing was decrypted", name);
          else
            g_propagate_prefixed_error (error, g_steal_pointer (&local), "“%s”: ", name);
          return NULL;
        }
    }
  if (!derive_key (whole, info, derived, error))
    return NULL;
  if (is_scheme_with_hmac (info->scheme))
    {
      guint8 tag[HMAC_SIZE];
      gboolean ok = compute_hmac (derived, header, cipher, tag, error);

      dkg_crypto_wipe (derived, sizeof derived);
      if (!ok)
        return NULL;
      if (!dkg_crypto_equal (tag, info->tag, HMAC_SIZE))
        {
          g_set_error (error, DKG_ERROR, DKG_ERROR_AUTH,
                       "Authentication failed for “%s”: the file was modified or damaged, or "
                       "the key is not the one it was encrypted with; nothing was decrypted",
                       name);
          return NULL;
        }
      if (info->scheme == DKG_CONTAINER_SCHEME_XOR)
        {
          /* in place: the decoded PNG is ours */
          if (!dkg_xor_cipher_apply_image (cipher, key, cipher, error))
            return NULL;
          plain = g_steal_pointer (&cipher);
          plain->is_signed = info->is_signed;
        }
      else
        plain = dkg_arnold_cat_map_decrypt (cipher, key, info->acm_iterations, info->width,
                                            info->height, info->is_signed, error);
    }
  else
    {
      /* in place: the decoded PNG is ours, and is wiped if the tag does not match */
      gboolean ok = dkg_aead_decrypt_image_into (cipher, derived, info->nonce, header->data,
                                                 header->len, info->tag, cipher, &local);

      dkg_crypto_wipe (derived, sizeof derived);
      if (ok)
        {
          plain = g_steal_pointer (&cipher);
          plain->is_signed = info->is_signed;
        }
      else
        {
          if (g_error_matches (local, DKG_ERROR, DKG_ERROR_AUTH))
            g_set_error (error, DKG_ERROR, DKG_ERROR_AUTH,
                         "Authentication failed for “%s”: the file was modified or damaged, or "
                         "the key is not the one it was encrypted with; nothing was decrypted",
                         name);
          else
            g_propagate_prefixed_error (error, g_steal_pointer (&local), "“%s”: ", name);
          return NULL;
        }
    }
  if (plain == NULL)
    return NULL;
  g_free (plain->source_format);
  plain->source_format = g_strdup (info->source_format);
  if (original_out != NULL && opened != NULL)
    {
      /* the samples go back where they were cut out (the header says where; the plaintext's
       * size was checked against it when the header was parsed) */
      g_autofree guint8 *samples = image_file_bytes (plain);
      guint8 *whole_file = g_malloc (MAX (info->original_len, 1));
      gsize off = (gsize) info->pixels_offset, cut = (gsize) info->pixels_len;

      memcpy (whole_file, opened, off);
      memcpy (whole_file + off, samples, cut);
      memcpy (whole_file + off + cut, opened + off, sealed_len - off);
      dkg_crypto_wipe (opened, sealed_len);
      *original_out = g_bytes_new_take (whole_file, (gsize) info->original_len);
    }
  else if (original_out != NULL)
    *original_out = NULL;
  else if (opened != NULL)
    dkg_crypto_wipe (opened, sealed_len);
  if (info_out != NULL)
    *info_out = g_steal_pointer (&info);
  return g_steal_pointer (&plain);
}

/* ---- files ----------------------------------------------------------------------------- */

static GBytes *
read_file (const char  *path,
           GError     **error)
{
  char *data = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &data, &len, error))
    return NULL;
  return g_bytes_new_take (data, len);
}

/**
 * dkg_container_encrypt_to_file:
 * @plain: the plaintext image
 * @key: the key image
 * @options: scheme and cat map rounds
 * @path: the container file to write (replaced if it exists)
 * @error: return location for a #GError
 *
 * dkg_container_encrypt(), written atomically with dkg_file_set_contents() (an unnamed file in
 * the same directory, fsync'ed, linked and renamed). On any failure, a kill included, no file
 * is created and an existing @path is left as it was (docs/SPECIFICATION.md §10).
 *
 * Returns: %TRUE on success; %FALSE with an error of dkg_container_encrypt() or a
 *   %G_FILE_ERROR
 */
gboolean
dkg_container_encrypt_to_file (const DkgImage             *plain,
                               const DkgImage             *key,
                               const DkgContainerOptions  *options,
                               const char                 *path,
                               GError                    **error)
{
  return dkg_container_encrypt_to_file_with_original (plain, NULL, key, options, path, error);
}

/**
 * dkg_container_encrypt_to_file_with_original:
 * @plain: the plaintext image
 * @original: (nullable): the source file's bytes to carry sealed, or %NULL
 * @key: the key image
 * @options: scheme and cat map rounds
 * @path: the container file to write (replaced if it exists)
 * @error: return location for a #GError
 *
 * dkg_container_encrypt_with_original(), written atomically as dkg_container_encrypt_to_file()
 * does.
 *
 * Returns: %TRUE on success; %FALSE with an error of dkg_container_encrypt_with_original() or
 *   a %G_FILE_ERROR
 */
gboolean
dkg_container_encrypt_to_file_with_original (const DkgImage             *plain,
                                             GBytes                     *original,
                                             const DkgImage             *key,
                                             const DkgContainerOptions  *options,
                                             const char                 *path,
                                             GError                    **error)
{
  g_autoptr(GBytes) bytes = NULL;
  gsize len;
  const char *data;

  g_return_val_if_fail (path != NULL, FALSE);

  bytes = dkg_container_encrypt_with_original (plain, original, key, options, error);
  if (bytes == NULL)
    return FALSE;
  data = g_bytes_get_data (bytes, &len);
  return dkg_file_set_contents (path, data, len, 0666, error);
}

/**
 * dkg_container_read_original_for:
 * @path: the file @plain was loaded from
 * @plain: the image dkg_image_load() read from @path
 * @error: return location for a #GError
 *
 * The bytes a container should carry for @plain's source file (docs/SPECIFICATION.md §5.7 "Whole
 * file"): all of @path when @plain's source format is "dicom", "nifti" (one-file .nii or .nii.gz; a
 * .hdr/.img pair is two files and is not carried) or "tiff", else nothing.
 *
 * Returns: (transfer full) (nullable): the file's bytes; %NULL with @error unset for a source
 *   format whose file is not carried (PNG, JPEG), or %NULL with a %G_FILE_ERROR
 */
GBytes *
dkg_container_read_original_for (const char      *path,
                                 const DkgImage  *plain,
                                 GError         **error)
{
  static const char *const carried[] = { "dicom", "nifti", "tiff", NULL };

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (plain != NULL, NULL);

  if (plain->source_format == NULL || !g_strv_contains (carried, plain->source_format))
    return NULL;
  if (g_strcmp0 (plain->source_format, "nifti") == 0)
    {
      /* a .hdr/.img pair is two files: the image data is not in @path, so nothing is carried
       * rather than half of it */
      g_autofree char *lower = g_ascii_strdown (path, -1);

      if (g_str_has_suffix (lower, ".hdr") || g_str_has_suffix (lower, ".hdr.gz")
          || g_str_has_suffix (lower, ".img") || g_str_has_suffix (lower, ".img.gz"))
        return NULL;
    }
  return read_file (path, error);
}

/**
 * dkg_container_encrypt_file:
 * @path: an image file in any format dkg_image_load() reads (only read)
 * @load_options: (nullable): frame or slice to read, as for dkg_image_load()
 * @key: the key image
 * @options: scheme and cat map rounds
 * @out_path: the container file to write (replaced if it exists; must not be @path)
 * @error: return location for a #GError
 *
 * Loads @path and writes its encryption to @out_path with
 * dkg_container_encrypt_to_file_with_original(): atomically, nothing written on failure, and
 * never over the input (docs/SPECIFICATION.md §10). DICOM, NIfTI and TIFF files are carried whole,
 * sealed (dkg_container_read_original_for()); no DICOM attribute is in the clear in the container.
 *
 * Returns: %TRUE on success; %FALSE with %DKG_ERROR_INVALID_ARGUMENT (@out_path is @path), an
 *   error of dkg_image_load() or of dkg_container_encrypt_to_file()
 */
gboolean
dkg_container_encrypt_file (const char                 *path,
                            const DkgImageLoadOptions  *load_options,
                            const DkgImage             *key,
                            const DkgContainerOptions  *options,
                            const char                 *out_path,
                            GError                    **error)
{
  g_autoptr(DkgImage) plain = NULL;
  g_autoptr(GBytes) original = NULL;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (out_path != NULL, FALSE);

  if (dkg_file_is_same (path, out_path))
    {
      g_autofree char *name = g_filename_display_name (path);

      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                   "Refusing to write the encrypted image over its own input “%s”", name);
      return FALSE;
    }
  plain = dkg_image_load (path, load_options, error);
  if (plain == NULL)
    return FALSE;
  original = dkg_container_read_original_for (path, plain, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return dkg_container_encrypt_to_file_with_original (plain, original, key, options, out_path,
                                                      error);
}

/**
 * dkg_container_read_info_file:
 * @path: a container file
 * @error: return location for a #GError
 *
 * dkg_container_read_info() on a file.
 *
 * Returns: (transfer full) (nullable): the header, or %NULL with a %G_FILE_ERROR or an error
 *   of dkg_container_read_info()
 */
DkgContainerInfo *
dkg_container_read_info_file (const char  *path,
                              GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  bytes = read_file (path, error);
  if (bytes == NULL)
    return NULL;
  name = g_filename_display_name (path);
  return dkg_container_read_info (bytes, name, error);
}

/**
 * dkg_container_decrypt_file:
 * @path: a container file (only read)
 * @key: the key image
 * @info_out: (out) (optional) (transfer full): the validated header
 * @error: return location for a #GError
 *
 * dkg_container_decrypt() on a file; messages name @path.
 *
 * Returns: (transfer full) (nullable): the plaintext image, or %NULL with a %G_FILE_ERROR or an
 *   error of dkg_container_decrypt()
 */
DkgImage *
dkg_container_decrypt_file (const char         *path,
                            const DkgImage     *key,
                            DkgContainerInfo  **info_out,
                            GError            **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  bytes = read_file (path, error);
  if (bytes == NULL)
    return NULL;
  name = g_filename_display_name (path);
  return dkg_container_decrypt (bytes, name, key, info_out, error);
}

/**
 * dkg_container_decrypt_to_png_file:
 * @path: a container file (only read)
 * @key: the key image
 * @out_path: the PNG to write (replaced if it exists; must not be @path)
 * @info_out: (out) (optional) (transfer full): the validated header
 * @error: return location for a #GError
 *
 * Decrypts @path (authenticating it first) and writes the plaintext as a PNG
 * (dkg_image_encode_png(); a signed image keeps its bit patterns and is marked signed),
 * atomically. If anything fails — a wrong key, a modified file, no space — no output file is
 * created and an existing @out_path is left as it was (docs/SPECIFICATION.md §10).
 *
 * Returns: %TRUE on success; %FALSE with %DKG_ERROR_INVALID_ARGUMENT (@out_path is @path), an
 *   error of dkg_container_decrypt() or of the PNG encoder, or a %G_FILE_ERROR
 */
gboolean
dkg_container_decrypt_to_png_file (const char         *path,
                                   const DkgImage     *key,
                                   const char         *out_path,
                                   DkgContainerInfo  **info_out,
                                   GError            **error)
{
  g_autoptr(DkgImage) plain = NULL;
  g_autoptr(GBytes) png = NULL;
  const char *data;
  gsize len;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (out_path != NULL, FALSE);

  if (dkg_file_is_same (path, out_path))
    {
      g_autofree char *name = g_filename_display_name (path);

      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                   "Refusing to write the decrypted image over its own input “%s”", name);
      return FALSE;
    }
  plain = dkg_container_decrypt_file (path, key, info_out, error);
  if (plain == NULL)
    return FALSE;
  png = dkg_image_encode_png (plain, NULL, NULL, error);
  if (png == NULL)
    return FALSE;
  data = g_bytes_get_data (png, &len);
  return dkg_file_set_contents (out_path, data, len, 0666, error);
}

/**
 * dkg_container_decrypt_original_to_file:
 * @path: a container file (only read)
 * @key: the key image
 * @out_path: the file to write the source file to (replaced if it exists; must not be @path)
 * @info_out: (out) (optional) (transfer full): the validated header
 * @error: return location for a #GError
 *
 * dkg_container_decrypt_original() on a file, the source file written back byte for byte,
 * atomically (dkg_file_set_contents()): on any failure no output is created and an existing
 * @out_path is left as it was (docs/SPECIFICATION.md §5.7, §10).
 *
 * Returns: %TRUE on success; %FALSE with %DKG_ERROR_INVALID_ARGUMENT (@out_path is @path), an
 *   error of dkg_container_decrypt_original() or a %G_FILE_ERROR
 */
gboolean
dkg_container_decrypt_original_to_file (const char         *path,
                                        const DkgImage     *key,
                                        const char         *out_path,
                                        DkgContainerInfo  **info_out,
                                        GError            **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) original = NULL;
  g_autofree char *name = NULL;
  const char *data;
  gsize len;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (out_path != NULL, FALSE);

  name = g_filename_display_name (path);
  if (dkg_file_is_same (path, out_path))
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                   "Refusing to write the decrypted file over its own input “%s”", name);
      return FALSE;
    }
  bytes = read_file (path, error);
  if (bytes == NULL)
    return FALSE;
  original = dkg_container_decrypt_original (bytes, name, key, info_out, error);
  if (original == NULL)
    return FALSE;
  data = g_bytes_get_data (original, &len);
  return dkg_file_set_contents (out_path, data, len, 0666, error);
}
