/* dkg-rsa-wrap.c — a container's key wrapped for a recipient with RSA-OAEP, in a PNG chunk
 * (docs/SPECIFICATION.md §5.6 (b))
 *
 * The papers assume the key image reaches the recipient over a "secure channel". Here the
 * key travels inside the ciphertext instead, readable only with the recipient's RSA private
 * key (key files and RSA-OAEP: dkg-rsa.c).
 *
 * The wrapped-key chunk. dkg-container.c is not touched: dkg_rsa_wrap_container_key() adds a
 * second iTXt chunk, keyword "deepkeygen-wrapped-key", uncompressed, just before IEND (replacing
 * an earlier one), and leaves every other chunk byte for byte as it was, so the container still
 * decrypts as before. Its text is JSON:
 *
 *   { "version": 1, "algorithm": "rsa-oaep-sha256+chacha20-poly1305",
 *     "rsa_bits": 2048, "rsa_fingerprint": 64 hex,
 *     "wrapped_kek": base64 of RSA-OAEP(32 random bytes, the KEK), k bytes,
 *     "nonce": 24 hex, "key_ciphertext": base64, "tag": 32 hex }
 *
 * key_ciphertext ‖ tag = ChaCha20-Poly1305(KEK, nonce, AAD, P) (RFC 8439, dkg_aead_encrypt())
 * with a fresh random nonce, where P = u32 width ‖ u32 height ‖ u8 channels ‖ u8 bit_depth ‖
 * u8 signed ‖ the key image's samples in raster order (16-bit big-endian), and the AAD is the
 * text of the container's own "deepkeygen" iTXt chunk, byte for byte. The wrapped key is
 * therefore bound to that one container: moved to another container, or with the header text
 * changed in any way (even re-serialised), it no longer opens. Every member is required and no
 * other is allowed.
 *
 * Wrapping first checks that the key opens the container (dkg_container_decrypt()), so a
 * wrong key is never wrapped. Unwrapping checks the recipient fingerprint, RSA-OAEP-decrypts
 * the KEK, authenticates and decrypts the key image, and checks it against the container's key
 * fingerprint; any failure is %DKG_ERROR_AUTH and returns nothing.
 *
 * The PNG is walked with io/dkg-png-chunks.c: every chunk's length, type and CRC verified,
 * IHDR first, IEND last; nothing after IEND is copied.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "dkg-aead.h"
#include "dkg-bytes.h"
#include "dkg-container.h"
#include "dkg-crypto.h"
#include "dkg-error.h"
#include "dkg-file.h"
#include "dkg-keystream.h"
#include "dkg-rsa.h"
#include "dkg-png-chunks.h"

#define WRAP_ALGORITHM      "rsa-oaep-sha256+chacha20-poly1305"
#define SHAPE_BYTES         11

static const char *const wrapped_members[] = {
  "version", "algorithm", "rsa_bits", "rsa_fingerprint", "wrapped_kek", "nonce",
  "key_ciphertext", "tag", NULL
};

/*
 * Finds the container's header text (the first "deepkeygen" iTXt chunk, as libpng and
 * dkg-container.c see it) and the wrapped-key chunk (at most one; index −1 if none).
 */
static gboolean
find_chunks (GArray       *chunks,
             const char   *name,
             DkgPngItxt         *header,
             DkgPngItxt         *wrapped,
             int          *wrapped_index,
             GError      **error)
{
  gboolean have_header = FALSE;

  *wrapped_index = -1;
  for (guint i = 0; i < chunks->len; i++)
    {
      const DkgPngChunk *c = &g_array_index (chunks, DkgPngChunk, i);
      DkgPngItxt t;

      if (!have_header && dkg_png_chunk_is_itxt (c, DKG_CONTAINER_ITXT_KEYWORD, &t))
        {
          if (t.compressed)
            {
              g_set_error (error, DKG_ERROR, DKG_ERROR_UNSUPPORTED,
                           "“%s”: the container header chunk is compressed; DeepKeyGen writes it "
                           "uncompressed", name);
              return FALSE;
            }
          *header = t;
          have_header = TRUE;
        }
      else if (dkg_png_chunk_is_itxt (c, DKG_RSA_WRAPPED_KEY_KEYWORD, &t))
        {
          if (*wrapped_index >= 0)
            {
              g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                           "“%s” has more than one “%s” chunk", name, DKG_RSA_WRAPPED_KEY_KEYWORD);
              return FALSE;
            }
          if (t.compressed || t.text_len > DKG_RSA_WRAPPED_KEY_MAX)
            {
              g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                           "“%s”: the “%s” chunk is compressed or too large", name,
                           DKG_RSA_WRAPPED_KEY_KEYWORD);
              return FALSE;
            }
          *wrapped = t;
          *wrapped_index = (int) i;
        }
    }
  if (!have_header)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                   "“%s” is a PNG but not a DeepKeyGen container: it has no “%s” iTXt chunk",
                   name, DKG_CONTAINER_ITXT_KEYWORD);
      return FALSE;
    }
  return TRUE;
}

/* ---- wrapped-key chunk ----------------------------------------------------------------- */

static gboolean
bad_wrapped (const char  *name,
             const char  *member,
             const char  *expected,
             GError     **error)
{
  g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
               "“%s”: invalid wrapped key: “%s” must be %s", name, member, expected);
  return FALSE;
}

static gboolean
base64_valid (const char *s)
{
  gsize n = strlen (s), pad = 0;

  if (n == 0 || n % 4 != 0)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    {
      char ch = s[i];

      if (ch == '=')
        {
          if (i < n - 2)
            return FALSE;
          pad++;
        }
      else if (pad > 0 || !(g_ascii_isalnum (ch) || ch == '+' || ch == '/'))
        return FALSE;
    }
  return TRUE;
}

typedef struct
{
  guint    rsa_bits;
  char     rsa_fingerprint[DKG_RSA_FINGERPRINT_LEN + 1];
  GBytes  *wrapped_kek;
  guint8   nonce[DKG_AEAD_NONCE_SIZE];
  GBytes  *key_ciphertext;
  guint8   tag[DKG_AEAD_TAG_SIZE];
} Wrapped;

static void
wrapped_clear (Wrapped *w)
{
  g_clear_pointer (&w->wrapped_kek, g_bytes_unref);
  g_clear_pointer (&w->key_ciphertext, g_bytes_unref);
}

static const char *
json_string_member (JsonObject *o,
                    const char *member)
{
  JsonNode *node = json_object_get_member (o, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
json_int_member (JsonObject *o,
                 const char *member,
                 gint64     *out)
{
  JsonNode *node = json_object_get_member (o, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_int (node);
  return TRUE;
}

static GBytes *
base64_member (JsonObject  *o,
               const char  *member,
               const char  *name,
               GError     **error)
{
  const char *s = json_string_member (o, member);
  gsize n = 0;
  guchar *data;

  if (s == NULL || !base64_valid (s))
    return bad_wrapped (name, member, "base64", error), NULL;
  data = g_base64_decode (s, &n);
  return g_bytes_new_take (data, n);
}

/* Parses and validates the wrapped-key chunk's JSON text. */
static gboolean
wrapped_parse (const DkgPngItxt  *t,
               const char  *name,
               Wrapped     *w,
               GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) json_error = NULL;
  g_autofree char *text = NULL;
  JsonNode *root;
  JsonObject *o;
  GList *members;
  const char *s;
  gint64 v;

  if (!g_utf8_validate (t->text, (gssize) t->text_len, NULL))
    return bad_wrapped (name, "text", "UTF-8 JSON", error);
  text = g_strndup (t->text, t->text_len);
  if (!json_parser_load_from_data (parser, text, (gssize) t->text_len, &json_error))
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                   "“%s”: the wrapped key is not valid JSON: %s", name, json_error->message);
      return FALSE;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return bad_wrapped (name, "text", "a JSON object", error);
  o = json_node_get_object (root);

  if (!json_int_member (o, "version", &v))
    return bad_wrapped (name, "version", "an integer", error);
  if (v != DKG_RSA_WRAPPED_KEY_VERSION)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_BAD_VERSION,
                   "“%s”: wrapped key version %" G_GINT64_FORMAT "; this program reads version %d",
                   name, v, DKG_RSA_WRAPPED_KEY_VERSION);
      return FALSE;
    }
  members = json_object_get_members (o);
  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (wrapped_members, l->data))
      {
        g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                     "“%s”: invalid wrapped key: unknown member “%s”", name,
                     (const char *) l->data);
        g_list_free (members);
        return FALSE;
      }
  g_list_free (members);

  s = json_string_member (o, "algorithm");
  if (s == NULL || strcmp (s, WRAP_ALGORITHM) != 0)
    return bad_wrapped (name, "algorithm", "“" WRAP_ALGORITHM "”", error);
  if (!json_int_member (o, "rsa_bits", &v) || v < DKG_RSA_MIN_BITS || v > DKG_RSA_MAX_BITS)
    return bad_wrapped (name, "rsa_bits", "an integer from 2048 to 16384", error);
  w->rsa_bits = (guint) v;
  s = json_string_member (o, "rsa_fingerprint");
  {
    guint8 fp[DKG_RSA_FINGERPRINT_LEN / 2];

    if (s == NULL || strlen (s) != DKG_RSA_FINGERPRINT_LEN
        || !dkg_crypto_from_hex (s, fp, sizeof fp))
      return bad_wrapped (name, "rsa_fingerprint", "64 lowercase hex digits", error);
  }
  memcpy (w->rsa_fingerprint, s, DKG_RSA_FINGERPRINT_LEN + 1);
  s = json_string_member (o, "nonce");
  if (s == NULL || !dkg_crypto_from_hex (s, w->nonce, sizeof w->nonce))
    return bad_wrapped (name, "nonce", "24 lowercase hex digits", error);
  s = json_string_member (o, "tag");
  if (s == NULL || !dkg_crypto_from_hex (s, w->tag, sizeof w->tag))
    return bad_wrapped (name, "tag", "32 lowercase hex digits", error);
  w->wrapped_kek = base64_member (o, "wrapped_kek", name, error);
  if (w->wrapped_kek == NULL)
    return FALSE;
  if (g_bytes_get_size (w->wrapped_kek) != (w->rsa_bits + 7) / 8)
    return bad_wrapped (name, "wrapped_kek", "as long as the RSA modulus", error);
  w->key_ciphertext = base64_member (o, "key_ciphertext", name, error);
  if (w->key_ciphertext == NULL)
    return FALSE;
  if (g_bytes_get_size (w->key_ciphertext) <= SHAPE_BYTES)
    return bad_wrapped (name, "key_ciphertext", "a key shape and key bytes", error);
  return TRUE;
}

/* Serialises the key image as the AEAD plaintext: shape, then samples (16-bit big-endian). */
static guint8 *
key_plaintext (const DkgImage *key,
               gsize          *length)
{
  gsize n = SHAPE_BYTES + dkg_image_n_bytes (key);
  guint8 *p = g_try_malloc (n);

  if (p == NULL)
    return NULL;
  dkg_bytes_put_be32 (p, key->width);
  dkg_bytes_put_be32 (p + 4, key->height);
  p[8] = (guint8) key->channels;
  p[9] = (guint8) key->bit_depth;
  p[10] = key->is_signed ? 1 : 0;
  dkg_keystream_samples_to_bytes (key->data, p + SHAPE_BYTES, dkg_image_n_bytes (key),
                                  key->bit_depth);
  *length = n;
  return p;
}

/* The inverse of key_plaintext(); the shape is validated against the length. */
static DkgImage *
key_from_plaintext (const guint8  *p,
                    gsize          n,
                    const char    *name,
                    GError       **error)
{
  guint32 width = dkg_bytes_get_be32 (p), height = dkg_bytes_get_be32 (p + 4);
  guint channels = p[8], bit_depth = p[9];
  gboolean is_signed = p[10] != 0;
  g_autoptr(DkgImage) key = NULL;

  if (width == 0 || height == 0 || width > DKG_IMAGE_MAX_DIM || height > DKG_IMAGE_MAX_DIM
      || channels < 1 || channels > 4 || (bit_depth != 8 && bit_depth != 16) || p[10] > 1
      || (is_signed && bit_depth != 16)
      || (guint64) width * height * channels * (bit_depth / 8) != n - SHAPE_BYTES)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                   "“%s”: the wrapped key's shape does not match its bytes", name);
      return NULL;
    }
  key = dkg_image_new (width, height, channels, bit_depth, is_signed, error);
  if (key == NULL)
    return NULL;
  dkg_keystream_bytes_to_samples (p + SHAPE_BYTES, key->data, n - SHAPE_BYTES, bit_depth);
  return g_steal_pointer (&key);
}

static void
add_string (JsonBuilder *b,
            const char  *member,
            const char  *value)
{
  json_builder_set_member_name (b, member);
  json_builder_add_string_value (b, value);
}

static char *
wrapped_to_json (const DkgRsaKey  *recipient,
                 GBytes           *wrapped_kek,
                 const guint8      nonce[DKG_AEAD_NONCE_SIZE],
                 const guint8     *ciphertext,
                 gsize             ciphertext_len,
                 const guint8      tag[DKG_AEAD_TAG_SIZE])
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *kek64 = g_base64_encode (g_bytes_get_data (wrapped_kek, NULL),
                                            g_bytes_get_size (wrapped_kek));
  g_autofree char *nonce_hex = dkg_crypto_to_hex (nonce, DKG_AEAD_NONCE_SIZE);
  g_autofree char *ct64 = g_base64_encode (ciphertext, ciphertext_len);
  g_autofree char *tag_hex = dkg_crypto_to_hex (tag, DKG_AEAD_TAG_SIZE);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, DKG_RSA_WRAPPED_KEY_VERSION);
  add_string (b, "algorithm", WRAP_ALGORITHM);
  json_builder_set_member_name (b, "rsa_bits");
  json_builder_add_int_value (b, dkg_rsa_key_get_bits (recipient));
  add_string (b, "rsa_fingerprint", dkg_rsa_key_get_fingerprint (recipient));
  add_string (b, "wrapped_kek", kek64);
  add_string (b, "nonce", nonce_hex);
  add_string (b, "key_ciphertext", ct64);
  add_string (b, "tag", tag_hex);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

/* Bytes of the wrapped-key chunk's data for a key plaintext of @n bytes (an upper bound). */
static guint64
wrapped_chunk_size (gsize             n,
                    const DkgRsaKey  *recipient)
{
  return sizeof DKG_RSA_WRAPPED_KEY_KEYWORD + 4 + 400 + (n + 2) / 3 * 4
         + ((dkg_rsa_key_get_bits (recipient) + 7) / 8 + 2) / 3 * 4;
}

/**
 * dkg_rsa_wrap_container_key_bytes:
 * @container: a container file's bytes (dkg_container_encrypt())
 * @name_for_errors: the container's name, for messages
 * @key: the key image that opens @container
 * @recipient: the recipient's public key
 * @error: return location for a #GError
 *
 * Adds the "deepkeygen-wrapped-key" chunk to @container (format in the module comment of
 * dkg-rsa.c): a fresh random 32-byte key-encryption key (KEK) wrapped with RSA-OAEP-SHA256 for
 * @recipient, and @key's shape and bytes encrypted with ChaCha20-Poly1305 under the KEK, a
 * fresh nonce and the container's header text as associated data. An earlier wrapped key is
 * replaced; every other chunk is kept byte for byte. @key is checked first: it must decrypt
 * @container (dkg_container_decrypt()), so a wrong key is never wrapped. The KEK and the
 * serialised key are wiped after use.
 *
 * Returns: (transfer full) (nullable): the new container's bytes, or %NULL with
 *   %DKG_ERROR_INVALID_FILE (not a PNG or not a container), %DKG_ERROR_TOO_LARGE (the wrapped
 *   key would exceed %DKG_RSA_WRAPPED_KEY_MAX), any error of dkg_container_decrypt() (prefixed:
 *   the key does not open the container; a wrong key is %DKG_ERROR_AUTH) or %DKG_ERROR_FAILED
 */
GBytes *
dkg_rsa_wrap_container_key_bytes (GBytes            *container,
                                  const char        *name_for_errors,
                                  const DkgImage    *key,
                                  const DkgRsaKey   *recipient,
                                  GError           **error)
{
  const char *name = name_for_errors != NULL ? name_for_errors : "container";
  g_autoptr(GArray) chunks = NULL;
  g_autoptr(GByteArray) out = NULL;
  g_autoptr(GBytes) wrapped_kek = NULL;
  g_autofree char *json = NULL;
  g_autofree guint8 *chunk = NULL;
  DkgPngItxt header = { 0 }, old = { 0 };
  int old_index;
  guint8 kek[DKG_RSA_KEK_SIZE];
  guint8 nonce[DKG_AEAD_NONCE_SIZE];
  guint8 tag[DKG_AEAD_TAG_SIZE];
  guint8 *plain = NULL, *cipher = NULL;
  gsize plain_len = 0, json_len, chunk_len;
  const guint8 *buf;
  gsize buf_len;
  gboolean ok = FALSE;

  g_return_val_if_fail (container != NULL && key != NULL && recipient != NULL, NULL);
  g_return_val_if_fail (key->data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  dkg_crypto_init ();
  buf = g_bytes_get_data (container, &buf_len);
  chunks = dkg_png_chunks_parse (buf, buf_len, name, error);
  if (chunks == NULL || !find_chunks (chunks, name, &header, &old, &old_index, error))
    return NULL;
  if (wrapped_chunk_size (dkg_image_n_bytes (key) + SHAPE_BYTES, recipient)
      > DKG_RSA_WRAPPED_KEY_MAX)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_TOO_LARGE,
                   "a %u×%u key of %" G_GSIZE_FORMAT " bytes is too large to travel in the "
                   "container: the wrapped-key chunk is limited to %u MiB (keys up to about "
                   "12 MB)", key->width, key->height, dkg_image_n_bytes (key),
                   DKG_RSA_WRAPPED_KEY_MAX >> 20);
      return NULL;
    }
  {
    g_autoptr(DkgImage) check = dkg_container_decrypt (container, name, key, NULL, error);

    if (check == NULL)
      {
        g_prefix_error (error, "not wrapping a key that does not open “%s”: ", name);
        return NULL;
      }
    dkg_crypto_wipe (check->data, dkg_image_n_bytes (check));
  }

  dkg_crypto_random (kek, sizeof kek);
  dkg_crypto_random (nonce, sizeof nonce);
  wrapped_kek = dkg_rsa_oaep_encrypt (recipient, kek, sizeof kek, error);
  if (wrapped_kek == NULL)
    goto out;
  plain = key_plaintext (key, &plain_len);
  cipher = plain != NULL ? g_try_malloc (plain_len) : NULL;
  if (cipher == NULL)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_TOO_LARGE, "out of memory wrapping a %u×%u key",
                   key->width, key->height);
      goto out;
    }
  if (!dkg_aead_encrypt (kek, nonce, (const guint8 *) header.text, header.text_len, plain, cipher,
                         plain_len, tag, error))
    goto out;
  json = wrapped_to_json (recipient, wrapped_kek, nonce, cipher, plain_len, tag);
  json_len = strlen (json);
  chunk_len = sizeof DKG_RSA_WRAPPED_KEY_KEYWORD + 4 + json_len;
  g_assert (chunk_len <= DKG_RSA_WRAPPED_KEY_MAX);
  /* keyword \0, compression flag 0, method 0, language "" \0, translated keyword "" \0, text */
  chunk = g_malloc0 (chunk_len);
  memcpy (chunk, DKG_RSA_WRAPPED_KEY_KEYWORD, sizeof DKG_RSA_WRAPPED_KEY_KEYWORD);
  memcpy (chunk + sizeof DKG_RSA_WRAPPED_KEY_KEYWORD + 4, json, json_len);

  out = g_byte_array_sized_new ((guint) MIN (buf_len + chunk_len + 12, G_MAXUINT));
  g_byte_array_append (out, dkg_png_signature, DKG_PNG_SIGNATURE_SIZE);
  for (guint i = 0; i < chunks->len; i++)
    {
      const DkgPngChunk *c = &g_array_index (chunks, DkgPngChunk, i);

      if ((int) i == old_index)
        continue;
      if (strcmp (c->type, "IEND") == 0)
        dkg_png_append_chunk (out, "iTXt", chunk, chunk_len);
      g_byte_array_append (out, buf + c->offset, 12 + c->length);
    }
  ok = TRUE;

out:
  dkg_crypto_wipe (kek, sizeof kek);
  if (plain != NULL)
    dkg_crypto_wipe_free ((guint8 *) plain, plain_len);
  g_free (cipher);
  if (!ok)
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/**
 * dkg_rsa_wrap_container_key:
 * @container_path: a container file (read)
 * @key: the key image that opens it
 * @public_key_path: the recipient's public key file (NAME.pub)
 * @out_path: the container to write (replaced if it exists); never @container_path
 * @error: return location for a #GError
 *
 * dkg_rsa_wrap_container_key_bytes() on files. The input is only read (docs/SPECIFICATION.md §10:
 * no input is ever modified), so @out_path must be another file than @container_path, not merely
 * another name for it. The output is written atomically (dkg_file_set_contents()): on any
 * failure no file is created and an existing @out_path is left as it was.
 *
 * Returns: %TRUE on success; %FALSE with %DKG_ERROR_INVALID_ARGUMENT (@out_path is
 *   @container_path), a %G_FILE_ERROR, an error of dkg_rsa_key_load_public() or of
 *   dkg_rsa_wrap_container_key_bytes()
 */
gboolean
dkg_rsa_wrap_container_key (const char      *container_path,
                            const DkgImage  *key,
                            const char      *public_key_path,
                            const char      *out_path,
                            GError         **error)
{
  g_autoptr(DkgRsaKey) recipient = NULL;
  g_autoptr(GBytes) in = NULL;
  g_autoptr(GBytes) result = NULL;
  g_autofree char *name = NULL;
  gsize len = 0;
  const char *out;

  g_return_val_if_fail (container_path != NULL && key != NULL, FALSE);
  g_return_val_if_fail (public_key_path != NULL && out_path != NULL, FALSE);

  if (!dkg_file_check_not_input (container_path, out_path, "the wrapped container", error))
    return FALSE;
  recipient = dkg_rsa_key_load_public (public_key_path, error);
  if (recipient == NULL)
    return FALSE;
  in = dkg_file_get_bytes (container_path, error);
  if (in == NULL)
    return FALSE;
  name = g_filename_display_name (container_path);
  result = dkg_rsa_wrap_container_key_bytes (in, name, key, recipient, error);
  if (result == NULL)
    return FALSE;
  out = g_bytes_get_data (result, &len);
  return dkg_file_set_contents (out_path, out, len, 0666, error);
}

/* Finds and parses the wrapped-key chunk; also returns the header text. */
static gboolean
read_wrapped (GBytes      *container,
              const char  *name,
              GArray     **chunks_out,
              DkgPngItxt        *header,
              Wrapped     *w,
              GError     **error)
{
  g_autoptr(GArray) chunks = NULL;
  DkgPngItxt t = { 0 };
  int index;
  const guint8 *buf;
  gsize len;

  buf = g_bytes_get_data (container, &len);
  chunks = dkg_png_chunks_parse (buf, len, name, error);
  if (chunks == NULL || !find_chunks (chunks, name, header, &t, &index, error))
    return FALSE;
  if (index < 0)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                   "“%s” carries no wrapped key (no “%s” chunk): add one with “deepkeygen rsa "
                   "wrap”", name, DKG_RSA_WRAPPED_KEY_KEYWORD);
      return FALSE;
    }
  if (!wrapped_parse (&t, name, w, error))
    return FALSE;
  *chunks_out = g_steal_pointer (&chunks);
  return TRUE;
}

/**
 * dkg_rsa_container_recipient:
 * @container: a container file's bytes
 * @name_for_errors: its name, for messages
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the fingerprint of the RSA public key the container's
 *   key was wrapped for, or %NULL with %DKG_ERROR_INVALID_FILE (no or an invalid wrapped-key
 *   chunk, not a container) or %DKG_ERROR_BAD_VERSION
 */
char *
dkg_rsa_container_recipient (GBytes      *container,
                             const char  *name_for_errors,
                             GError     **error)
{
  const char *name = name_for_errors != NULL ? name_for_errors : "container";
  g_autoptr(GArray) chunks = NULL;
  Wrapped w = { 0 };
  DkgPngItxt header;
  char *fp = NULL;

  g_return_val_if_fail (container != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  dkg_crypto_init ();
  if (read_wrapped (container, name, &chunks, &header, &w, error))
    fp = g_strdup (w.rsa_fingerprint);
  wrapped_clear (&w);
  return fp;
}

/**
 * dkg_rsa_unwrap_container_key_with:
 * @container: a container file's bytes with a wrapped key
 * @name_for_errors: its name, for messages
 * @private_key: the recipient's key pair
 * @error: return location for a #GError
 *
 * Recovers the key image from the wrapped-key chunk (module comment of dkg-rsa-wrap.c): checks that
 * it was wrapped for @private_key, RSA-OAEP-decrypts the KEK, authenticates and decrypts the
 * key with ChaCha20-Poly1305 against the container's header text, and checks the key against
 * the container's key fingerprint. Decrypt the container with it afterwards
 * (dkg_container_decrypt()). Nothing is returned unless every check passes; the KEK and buffers
 * are wiped.
 *
 * Returns: (transfer full) (nullable): the key image, or %NULL with %DKG_ERROR_AUTH (wrapped
 *   for another RSA key, wrong private key, a modified wrapped key or header, or a key that
 *   does not belong to the container), %DKG_ERROR_INVALID_FILE (no or a malformed wrapped-key
 *   chunk, not a container), %DKG_ERROR_BAD_VERSION or %DKG_ERROR_INVALID_ARGUMENT (no
 *   private part)
 */
DkgImage *
dkg_rsa_unwrap_container_key_with (GBytes           *container,
                                   const char       *name_for_errors,
                                   const DkgRsaKey  *private_key,
                                   GError          **error)
{
  const char *name = name_for_errors != NULL ? name_for_errors : "container";
  g_autoptr(GArray) chunks = NULL;
  g_autoptr(DkgImage) key = NULL;
  g_autoptr(DkgContainerInfo) info = NULL;
  g_autofree char *key_fp = NULL;
  Wrapped w = { 0 };
  DkgPngItxt header = { 0 };
  guint8 kek[DKG_RSA_KEK_SIZE];
  guint8 *plain = NULL;
  gsize plain_len = 0;
  const guint8 *ct;

  g_return_val_if_fail (container != NULL && private_key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  dkg_crypto_init ();
  memset (kek, 0, sizeof kek);
  if (!dkg_rsa_key_has_private (private_key))
    {
      g_set_error_literal (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                           "unwrapping a key needs the RSA private key");
      return NULL;
    }
  if (!read_wrapped (container, name, &chunks, &header, &w, error))
    goto out;
  if (strcmp (w.rsa_fingerprint, dkg_rsa_key_get_fingerprint (private_key)) != 0 || w.rsa_bits != dkg_rsa_key_get_bits (private_key))
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_AUTH,
                   "“%s”: its key was wrapped for the RSA key %.16s…, not for this one "
                   "(%.16s…): wrong private key", name, w.rsa_fingerprint,
                   dkg_rsa_key_get_fingerprint (private_key));
      goto out;
    }
  if (!dkg_rsa_oaep_decrypt (private_key, w.wrapped_kek, kek, sizeof kek, error))
    {
      g_prefix_error (error, "“%s”: ", name);
      goto out;
    }
  ct = g_bytes_get_data (w.key_ciphertext, &plain_len);
  plain = g_try_malloc (plain_len);
  if (plain == NULL)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_TOO_LARGE, "“%s”: out of memory", name);
      goto out;
    }
  if (!dkg_aead_decrypt (kek, w.nonce, (const guint8 *) header.text, header.text_len, ct, plain,
                         plain_len, w.tag, NULL))
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_AUTH,
                   "“%s”: the wrapped key does not authenticate: it belongs to another "
                   "container, or the key or the container header was modified", name);
      goto out;
    }
  key = key_from_plaintext (plain, plain_len, name, error);
  if (key == NULL)
    goto out;
  info = dkg_container_read_info (container, name, error);
  if (info == NULL)
    goto out;
  key_fp = dkg_container_key_fingerprint (key);
  if (key_fp == NULL || strcmp (key_fp, info->key_fingerprint) != 0)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_AUTH,
                   "“%s”: the wrapped key (fingerprint %s) is not the container's key (%s)",
                   name, key_fp != NULL ? key_fp : "?", info->key_fingerprint);
      dkg_crypto_wipe (key->data, dkg_image_n_bytes (key));
      g_clear_pointer (&key, dkg_image_free);
    }

out:
  dkg_crypto_wipe (kek, sizeof kek);
  if (plain != NULL)
    dkg_crypto_wipe_free ((guint8 *) plain, plain_len);
  wrapped_clear (&w);
  return g_steal_pointer (&key);
}

/**
 * dkg_rsa_unwrap_container_key:
 * @container: a container file's bytes with a wrapped key
 * @name: its name, for messages
 * @private_key_path: the recipient's private key file (NAME.key)
 * @error: return location for a #GError
 *
 * dkg_rsa_key_load_private() and dkg_rsa_unwrap_container_key_with().
 *
 * Returns: (transfer full) (nullable): the key image, or %NULL with an error of either
 */
DkgImage *
dkg_rsa_unwrap_container_key (GBytes      *container,
                              const char  *name,
                              const char  *private_key_path,
                              GError     **error)
{
  g_autoptr(DkgRsaKey) priv = NULL;

  g_return_val_if_fail (container != NULL && private_key_path != NULL, NULL);

  priv = dkg_rsa_key_load_private (private_key_path, error);
  if (priv == NULL)
    return NULL;
  return dkg_rsa_unwrap_container_key_with (container, name, priv, error);
}
