/* dkg-container-original.c — the source file a version 2 container carries, sealed
 * (docs/SPECIFICATION.md §5.7 "Whole file"; format in the module comment of dkg-container.c)
 *
 * k_orig = HKDF-SHA256(key bytes, original salt, "deepkeygen v2 original file
 * chacha20-poly1305"); the canonical header is the associated data. When the image's samples
 * stand in the file exactly as stored, they are cut out before sealing (the container's pixels
 * carry them) and spliced back after opening. The sealed bytes are the data of one private PNG
 * chunk DKG_CONTAINER_ORIGINAL_CHUNK before IEND, written and found with io/dkg-png-chunks.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "dkg-container-private.h"
#include "dkg-crypto.h"
#include "dkg-error.h"
#include "dkg-hkdf.h"
#include "dkg-png-chunks.h"

#define ORIGINAL_INFO   "deepkeygen v2 original file chacha20-poly1305"

/* Smallest run of samples worth cutting out of the source file. */
#define MIN_PIXELS_CUT  256

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
        guint16 v;

        memcpy (&v, b + i, 2);
        v = GUINT16_TO_LE (v);
        memcpy (b + i, &v, 2);
      }
  return b;
}

/* @plain's samples as a byte run of @file, or FALSE (then nothing is cut). */
static gboolean
find_pixels (GBytes         *file,
             const DkgImage *plain,
             guint64        *offset)
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

/* Checks @original against the limits and fills @info's "original" fields: version 2, where
 * the samples are cut, fresh salt and nonce. */
gboolean
_dkg_container_prepare_original (DkgContainerInfo  *info,
                                 GBytes            *original,
                                 const DkgImage    *plain,
                                 const DkgImage    *key,
                                 GError           **error)
{
  if (g_bytes_get_size (original) > DKG_CONTAINER_ORIGINAL_MAX)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_TOO_LARGE,
                   "The source file has %" G_GSIZE_FORMAT " bytes; a container carries at "
                   "most %" G_GUINT64_FORMAT, g_bytes_get_size (original),
                   DKG_CONTAINER_ORIGINAL_MAX);
      return FALSE;
    }
  if (!_dkg_container_check_aead_key (key, "sealing the source file", error))
    return FALSE;
  info->version = DKG_CONTAINER_VERSION_ORIGINAL;
  info->has_original = TRUE;
  info->original_len = g_bytes_get_size (original);
  if (find_pixels (original, plain, &info->pixels_offset))
    info->pixels_len = dkg_image_n_bytes (plain);
  dkg_crypto_random (info->original_salt, sizeof info->original_salt);
  dkg_crypto_random (info->original_nonce, sizeof info->original_nonce);
  return TRUE;
}

/* @original without the cut samples, sealed under k_orig with @header as associated data;
 * original_len − pixels_len bytes, the tag into info->original_tag. */
guint8 *
_dkg_container_seal_original (const DkgKeystream      *whole,
                              DkgContainerInfo        *info,
                              const GByteArray        *header,
                              GBytes                  *original,
                              GError                 **error)
{
  gsize len, rest;
  const guint8 *data = g_bytes_get_data (original, &len);
  g_autofree guint8 *plain_rest = NULL;
  g_autofree guint8 *sealed = NULL;
  guint8 derived[DKG_AEAD_KEY_SIZE];
  gboolean ok;

  /* the file without the samples the container's pixels carry */
  rest = len - (gsize) info->pixels_len;
  plain_rest = g_malloc (MAX (rest, 1));
  memcpy (plain_rest, data, (gsize) info->pixels_offset);
  memcpy (plain_rest + info->pixels_offset, data + info->pixels_offset + info->pixels_len,
          len - (gsize) (info->pixels_offset + info->pixels_len));
  sealed = g_malloc (MAX (rest, 1));
  if (!derive_original_key (whole, info, derived, error))
    return NULL;
  ok = dkg_aead_encrypt (derived, info->original_nonce, header->data, header->len, plain_rest,
                         sealed, rest, info->original_tag, error);
  dkg_crypto_wipe (plain_rest, rest);
  dkg_crypto_wipe (derived, sizeof derived);
  if (!ok)
    return NULL;
  return g_steal_pointer (&sealed);
}

/* @png with a chunk of type DKG_CONTAINER_ORIGINAL_CHUNK holding @sealed inserted before IEND
 * (our encoder ends every PNG with the 12-byte IEND chunk). */
GBytes *
_dkg_container_png_add_original (GBytes       *png,
                                 const guint8 *sealed,
                                 gsize         len)
{
  gsize png_len;
  const guint8 *p = g_bytes_get_data (png, &png_len);
  GByteArray *out = g_byte_array_sized_new ((guint) (png_len + len + 12));

  g_assert (png_len >= 20 && memcmp (p + png_len - 8, "IEND", 4) == 0);
  g_byte_array_append (out, p, (guint) (png_len - 12));
  dkg_png_append_chunk (out, DKG_CONTAINER_ORIGINAL_CHUNK, sealed, len);
  g_byte_array_append (out, p + png_len - 12, 12);
  return g_byte_array_free_to_bytes (out);
}

/* Finds the one DKG_CONTAINER_ORIGINAL_CHUNK chunk of a PNG whose structure libpng has already
 * accepted (every chunk's CRC is checked again) and checks its size against @info. */
gboolean
_dkg_container_png_find_original (GBytes                  *png,
                                  const DkgContainerInfo  *info,
                                  const char              *name,
                                  const guint8           **sealed,
                                  gsize                   *sealed_len,
                                  GError                 **error)
{
  gsize png_len;
  const guint8 *p = g_bytes_get_data (png, &png_len);
  g_autoptr(GArray) chunks = dkg_png_chunks_parse (p, png_len, name, error);
  gboolean found = FALSE;

  if (chunks == NULL)
    return FALSE;
  for (guint i = 0; i < chunks->len; i++)
    {
      const DkgPngChunk *c = &g_array_index (chunks, DkgPngChunk, i);

      if (strcmp (c->type, DKG_CONTAINER_ORIGINAL_CHUNK) != 0)
        continue;
      if (found)
        {
          g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                       "“%s”: the container holds two original-file parts", name);
          return FALSE;
        }
      found = TRUE;
      *sealed = c->data;
      *sealed_len = c->length;
    }
  if (!found)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                   "“%s”: the header announces the original file, but the container has no "
                   "“%s” chunk (truncated, or stripped by a PNG tool)", name,
                   DKG_CONTAINER_ORIGINAL_CHUNK);
      return FALSE;
    }
  if (*sealed_len != info->original_len - info->pixels_len)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                   "“%s”: the original-file part has %" G_GSIZE_FORMAT " bytes, the header "
                   "says %" G_GUINT64_FORMAT, name, *sealed_len,
                   info->original_len - info->pixels_len);
      return FALSE;
    }
  return TRUE;
}

/* Authenticates and opens the sealed part: the file without its cut samples. A modified part
 * is %DKG_ERROR_AUTH naming @name. */
guint8 *
_dkg_container_open_original (const DkgKeystream      *whole,
                              const DkgContainerInfo  *info,
                              const GByteArray        *header,
                              const guint8            *sealed,
                              gsize                    sealed_len,
                              const char              *name,
                              GError                 **error)
{
  g_autofree guint8 *opened = g_malloc (MAX (sealed_len, 1));
  g_autoptr(GError) local = NULL;
  guint8 derived[DKG_AEAD_KEY_SIZE];
  gboolean ok;

  if (!derive_original_key (whole, info, derived, error))
    return NULL;
  ok = dkg_aead_decrypt (derived, info->original_nonce, header->data, header->len, sealed,
                         opened, sealed_len, info->original_tag, &local);
  dkg_crypto_wipe (derived, sizeof derived);
  if (ok)
    return g_steal_pointer (&opened);
  if (g_error_matches (local, DKG_ERROR, DKG_ERROR_AUTH))
    g_set_error (error, DKG_ERROR, DKG_ERROR_AUTH,
                 "Authentication failed for “%s”: its original-file part or header was "
                 "modified or damaged, or the key is not the one it was encrypted with; "
                 "nothing was decrypted", name);
  else
    g_propagate_prefixed_error (error, g_steal_pointer (&local), "“%s”: ", name);
  return NULL;
}

/* The whole source file: @opened with @plain's samples put back where they were cut out (the
 * header says where; the plaintext's size was checked against it when the header was parsed).
 * Wipes @opened. */
GBytes *
_dkg_container_splice_original (const DkgContainerInfo  *info,
                                guint8                  *opened,
                                gsize                    opened_len,
                                const DkgImage          *plain)
{
  g_autofree guint8 *samples = image_file_bytes (plain);
  guint8 *whole_file = g_malloc (MAX (info->original_len, 1));
  gsize off = (gsize) info->pixels_offset, cut = (gsize) info->pixels_len;

  memcpy (whole_file, opened, off);
  memcpy (whole_file + off, samples, cut);
  memcpy (whole_file + off + cut, opened + off, opened_len - off);
  dkg_crypto_wipe (opened, opened_len);
  return g_bytes_new_take (whole_file, (gsize) info->original_len);
}
