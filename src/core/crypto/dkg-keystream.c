/* dkg-keystream.c — plaintext bytes of an image (docs/SPECIFICATION.md §5.3) and keystreams from
 * key images (§5.2)
 *
 * The byte view of an image is the one the papers XOR: samples in raster order, channels
 * interleaved, 16-bit samples big-endian (the order PNG stores them in), signed samples as
 * their two's-complement bit pattern. A DkgImage holds samples in host order, so on a
 * little-endian machine the two views differ by a byte swap inside every 16-bit sample.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "dkg-error.h"
#include "dkg-keystream.h"

/* Swaps the two bytes of every 16-bit lane of an 8-byte word: the same operation converts
 * host-order samples to big-endian bytes and back on a little-endian host. */
static inline guint64
swap16_lanes (guint64 v)
{
  return ((v & G_GUINT64_CONSTANT (0x00ff00ff00ff00ff)) << 8)
         | ((v >> 8) & G_GUINT64_CONSTANT (0x00ff00ff00ff00ff));
}

static void
swap16_copy (const guint8 *src,
             guint8       *dst,
             gsize         n_bytes)
{
  gsize i = 0;

  for (; i + 8 <= n_bytes; i += 8)
    {
      guint64 v;

      memcpy (&v, src + i, 8);
      v = swap16_lanes (v);
      memcpy (dst + i, &v, 8);
    }
  for (; i + 2 <= n_bytes; i += 2)
    {
      guint8 a = src[i], b = src[i + 1];

      dst[i] = b;
      dst[i + 1] = a;
    }
}

/**
 * dkg_keystream_size_for:
 * @width: pixels per row
 * @height: rows
 * @channels: samples per pixel
 * @bit_depth: 8 or 16
 *
 * Returns: width·height·channels·bit_depth/8: the plaintext bytes of such an image (§5.3) and
 *   so the key bytes a XOR keystream for it needs (§5.2)
 */
guint64
dkg_keystream_size_for (guint width,
                        guint height,
                        guint channels,
                        guint bit_depth)
{
  return (guint64) width * height * channels * (bit_depth / 8);
}

/**
 * dkg_keystream_samples_to_bytes:
 * @samples: (array length=n_bytes): samples in host order (a run of DkgImage.data)
 * @bytes: (out caller-allocates) (array length=n_bytes): plaintext bytes, §5.3 order; may be
 *   @samples itself (in place)
 * @n_bytes: number of bytes; even when @bit_depth is 16
 * @bit_depth: 8 (a copy) or 16 (big-endian bytes)
 *
 * Converts a run of samples to the byte order of docs/SPECIFICATION.md §5.3 (16-bit big-endian).
 */
void
dkg_keystream_samples_to_bytes (const guint8 *samples,
                                guint8       *bytes,
                                gsize         n_bytes,
                                guint         bit_depth)
{
  g_return_if_fail (bit_depth == 8 || bit_depth == 16);
  g_return_if_fail (bit_depth == 8 || n_bytes % 2 == 0);

#if G_BYTE_ORDER == G_LITTLE_ENDIAN
  if (bit_depth == 16)
    {
      swap16_copy (samples, bytes, n_bytes);
      return;
    }
#endif
  if (bytes != samples)
    memcpy (bytes, samples, n_bytes);
}

/**
 * dkg_keystream_bytes_to_samples:
 * @bytes: (array length=n_bytes): plaintext bytes in §5.3 order
 * @samples: (out caller-allocates) (array length=n_bytes): host-order samples; may be @bytes
 * @n_bytes: number of bytes; even when @bit_depth is 16
 * @bit_depth: 8 or 16
 *
 * The inverse of dkg_keystream_samples_to_bytes().
 */
void
dkg_keystream_bytes_to_samples (const guint8 *bytes,
                                guint8       *samples,
                                gsize         n_bytes,
                                guint         bit_depth)
{
  dkg_keystream_samples_to_bytes (bytes, samples, n_bytes, bit_depth);
}

/**
 * dkg_keystream_image_to_bytes:
 * @image: an image (8 or 16 bits, signed or not)
 * @n_bytes: (out) (optional): the length, dkg_image_n_bytes()
 *
 * The plaintext bytes of docs/SPECIFICATION.md §5.3: samples in raster order, channels interleaved,
 * 16-bit samples big-endian, signed samples as their two's-complement bit pattern.
 *
 * Returns: (transfer full): a new buffer of dkg_image_n_bytes(@image) bytes (g_free())
 */
guint8 *
dkg_keystream_image_to_bytes (const DkgImage *image,
                              gsize          *n_bytes)
{
  gsize n;
  guint8 *bytes;

  g_return_val_if_fail (image != NULL, NULL);

  n = dkg_image_n_bytes (image);
  bytes = g_malloc (MAX (n, 1));
  dkg_keystream_samples_to_bytes (image->data, bytes, n, image->bit_depth);
  if (n_bytes != NULL)
    *n_bytes = n;
  return bytes;
}

/**
 * dkg_keystream_image_from_bytes:
 * @bytes: (array length=n_bytes): plaintext bytes in §5.3 order
 * @n_bytes: must equal width·height·channels·bit_depth/8
 * @width: pixels per row, 1..%DKG_IMAGE_MAX_DIM
 * @height: rows, 1..%DKG_IMAGE_MAX_DIM
 * @channels: 1..4
 * @bit_depth: 8 or 16
 * @is_signed: the samples are int16 (16-bit only); the bit patterns are kept
 * @error: return location for a #GError
 *
 * The inverse of dkg_keystream_image_to_bytes().
 *
 * Returns: (transfer full) (nullable): the image, or %NULL with %DKG_ERROR_SHAPE if @n_bytes
 *   does not match the shape, or an error of dkg_image_new()
 */
DkgImage *
dkg_keystream_image_from_bytes (const guint8  *bytes,
                                gsize          n_bytes,
                                guint          width,
                                guint          height,
                                guint          channels,
                                guint          bit_depth,
                                gboolean       is_signed,
                                GError       **error)
{
  DkgImage *image;

  g_return_val_if_fail (bytes != NULL || n_bytes == 0, NULL);

  if (dkg_keystream_size_for (width, height, channels, bit_depth) != n_bytes)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_SHAPE,
                   "%" G_GSIZE_FORMAT " bytes are not a %u×%u image of %u channels of %u bits",
                   n_bytes, width, height, channels, bit_depth);
      return NULL;
    }
  image = dkg_image_new (width, height, channels, bit_depth, is_signed, error);
  if (image == NULL)
    return NULL;
  dkg_keystream_bytes_to_samples (bytes, image->data, n_bytes, bit_depth);
  return image;
}

static void
format_shape (GString *s,
              guint    width,
              guint    height,
              guint    channels,
              guint    bit_depth)
{
  g_string_append_printf (s, "%u×%u×%u", width, height, channels);
  if (bit_depth == 16)
    g_string_append (s, "×2");
}

/**
 * dkg_keystream_new:
 * @key: the key image (docs/SPECIFICATION.md §5.2: H×W×3, 8-bit; any layout is accepted)
 * @width: width of the plaintext the keystream will cover (the padded width for §5.4)
 * @height: its height
 * @channels: its channels, 1..4
 * @bit_depth: its bit depth, 8 or 16
 * @error: return location for a #GError
 *
 * The keystream of docs/SPECIFICATION.md §5.2 for one image: the first
 * n = @width·@height·@channels·@bit_depth/8 key bytes in raster order, channels interleaved
 * (a 16-bit key contributes its samples big-endian). Nothing is tiled or repeated: a key with
 * fewer than n bytes is refused, with a message that states n and how to get such a key.
 * For an 8-bit key no bytes are copied (the keystream borrows @key's data).
 *
 * Returns: (transfer full) (nullable): the keystream, or %NULL with %DKG_ERROR_KEY_TOO_SHORT
 */
DkgKeystream *
dkg_keystream_new (const DkgImage  *key,
                   guint            width,
                   guint            height,
                   guint            channels,
                   guint            bit_depth,
                   GError         **error)
{
  g_autoptr(DkgKeystream) ks = NULL;
  guint64 need, have;

  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (bit_depth == 8 || bit_depth == 16, NULL);

  need = dkg_keystream_size_for (width, height, channels, bit_depth);
  have = dkg_image_n_bytes (key);
  if (have < need)
    {
      g_autoptr(GString) msg = g_string_new (NULL);

      g_string_append_printf (msg, "The key is too short: it has %" G_GUINT64_FORMAT " bytes (",
                              have);
      format_shape (msg, key->width, key->height, key->channels, key->bit_depth);
      g_string_append (msg, "), but this image needs at least ");
      format_shape (msg, width, height, channels, bit_depth);
      g_string_append_printf (msg, " = %" G_GUINT64_FORMAT " key bytes, one per plaintext "
                              "byte; a key byte is never reused within an image, so generate "
                              "the key with --for IMAGE", need);
      g_set_error_literal (error, DKG_ERROR, DKG_ERROR_KEY_TOO_SHORT, msg->str);
      return NULL;
    }

  ks = g_new0 (DkgKeystream, 1);
  ks->n_bytes = need;
  if (key->bit_depth == 8)
    ks->bytes = key->data;
  else
    {
      ks->owned = g_malloc (MAX (need, 1));
      dkg_keystream_samples_to_bytes (key->data, ks->owned, need & ~(guint64) 1, 16);
      if (need % 2 == 1)
        ks->owned[need - 1] = (guint8) (((const guint16 *) key->data)[need / 2] >> 8);
      ks->bytes = ks->owned;
    }
  return g_steal_pointer (&ks);
}

/**
 * dkg_keystream_new_whole_key:
 * @key: the key image
 *
 * All key bytes in keystream order (the input keying material of HKDF, §5.5 and §5.7, and of
 * the key fingerprint).
 *
 * Returns: (transfer full): the keystream of dkg_image_n_bytes(@key) bytes
 */
DkgKeystream *
dkg_keystream_new_whole_key (const DkgImage *key)
{
  g_return_val_if_fail (key != NULL, NULL);

  return dkg_keystream_new (key, key->width, key->height, key->channels, key->bit_depth, NULL);
}

/**
 * dkg_keystream_free:
 * @keystream: (nullable): a keystream
 *
 * Frees @keystream (wiping the bytes it owns); the key it borrowed from is not touched.
 */
void
dkg_keystream_free (DkgKeystream *keystream)
{
  if (keystream == NULL)
    return;
  if (keystream->owned != NULL)
    {
      explicit_bzero (keystream->owned, keystream->n_bytes);
      g_free (keystream->owned);
    }
  g_free (keystream);
}
