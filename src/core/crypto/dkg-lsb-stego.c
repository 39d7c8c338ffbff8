/* dkg-lsb-stego.c — UTF-8 text in the least significant bits of an image
 * (docs/SPECIFICATION.md §5.6)
 *
 * The embedding of Prakash et al. (2023), the third system of docs/SPECIFICATION.md §1: patient
 * text hidden in the least significant bits (LSBs) of a medical image before it is encrypted, and
 * read back after decryption. Every cipher of dkg-container.c restores the pixels bit-exactly, so
 * the text survives any encrypt/decrypt round trip.
 *
 * Layout. The message is a 32-bit big-endian byte count L followed by L bytes of UTF-8 text:
 * 8·(4 + L) bits, each byte most significant bit first. Bit k of the message replaces the
 * least significant bit of carrier sample k. Carrier samples are the image's samples in raster
 * order with the colour channels of a pixel interleaved (grey; R, G, B), i.e. the order of
 * DkgImage.data; an alpha channel (2- and 4-channel images) is never used: alpha is usually
 * constant, so flipped alpha LSBs would stand out, and some tools premultiply or discard the
 * colour of transparent pixels, which would destroy the text. A 16-bit sample carries one bit
 * in its lowest bit (of the two's-complement pattern for signed samples), like an 8-bit one.
 *
 * Capacity: floor(carriers / 8) − 4 bytes of text. Extraction refuses a length prefix of 0 or
 * more than the capacity and text that is not valid UTF-8, so an image without embedded text
 * gives a "no embedded text" error instead of garbage: for random LSBs a wrong prefix passes
 * the length check with probability capacity/2³², and its text then has to be valid UTF-8 too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <string.h>

#include "dkg-bytes.h"
#include "dkg-error.h"
#include "dkg-file.h"
#include "dkg-lsb-stego.h"

/* Colour (non-alpha) channels: grey + alpha and RGBA carry nothing in their last channel. */
static guint
colour_channels (guint channels)
{
  return channels == 2 || channels == 4 ? channels - 1 : channels;
}

/**
 * dkg_lsb_stego_is_carrier:
 * @channels: channels of an image, 1–4
 * @channel: a channel index, 0..@channels − 1
 *
 * Whether samples of @channel carry embedded bits: every channel except the alpha channel of
 * grey + alpha and RGBA images (the module comment of dkg-lsb-stego.c says why). The
 * steganalysis of dkg-steganalysis.c scans the same samples.
 *
 * Returns: %TRUE if @channel is a colour channel
 */
gboolean
dkg_lsb_stego_is_carrier (guint channels,
                          guint channel)
{
  return channel < colour_channels (channels);
}

/**
 * dkg_lsb_stego_n_carriers:
 * @image: an image
 *
 * Returns: the number of samples whose least significant bit can carry a message bit:
 *   width · height · colour channels (alpha excluded)
 */
guint64
dkg_lsb_stego_n_carriers (const DkgImage *image)
{
  g_return_val_if_fail (image != NULL, 0);

  return (guint64) image->width * image->height * colour_channels (image->channels);
}

/**
 * dkg_lsb_stego_capacity:
 * @image: an image
 *
 * Returns: the most bytes of text @image can hold: floor(carriers / 8) minus the
 *   %DKG_LSB_STEGO_PREFIX_BYTES of the length prefix, 0 if not even the prefix fits
 */
guint64
dkg_lsb_stego_capacity (const DkgImage *image)
{
  guint64 bytes;

  g_return_val_if_fail (image != NULL, 0);

  bytes = dkg_lsb_stego_n_carriers (image) / 8;
  if (bytes <= DKG_LSB_STEGO_PREFIX_BYTES)
    return 0;
  return MIN (bytes - DKG_LSB_STEGO_PREFIX_BYTES, (guint64) G_MAXUINT32);
}

/* Index into the sample array of carrier @k. */
static inline gsize
carrier_sample (guint64 k,
                guint   channels,
                guint   cc)
{
  if (cc == channels)
    return (gsize) k;
  return (gsize) (k / cc) * channels + (gsize) (k % cc);
}

static inline void
set_lsb (DkgImage *image,
         gsize     sample,
         guint     bit)
{
  if (image->bit_depth == 8)
    image->data[sample] = (guint8) ((image->data[sample] & 0xfe) | bit);
  else
    {
      guint16 *s = (guint16 *) image->data;
      s[sample] = (guint16) ((s[sample] & 0xfffe) | bit);
    }
}

static inline guint
get_lsb (const DkgImage *image,
         gsize           sample)
{
  if (image->bit_depth == 8)
    return image->data[sample] & 1;
  return ((const guint16 *) image->data)[sample] & 1;
}

/* Reads @n bytes of the message starting at message byte @first. */
static void
read_bytes (const DkgImage *image,
            guint64         first,
            guint8         *out,
            gsize           n)
{
  guint cc = colour_channels (image->channels);
  guint64 k = first * 8;

  for (gsize j = 0; j < n; j++)
    {
      guint byte = 0;

      for (int t = 0; t < 8; t++, k++)
        byte = (byte << 1) | get_lsb (image, carrier_sample (k, image->channels, cc));
      out[j] = (guint8) byte;
    }
}

/**
 * dkg_lsb_stego_embed:
 * @image: the cover image, modified in place: 8 or 16 bits, 1–4 channels
 * @text: UTF-8 text; it must not contain NUL characters
 * @length: bytes of @text, or -1 if it is NUL-terminated
 * @error: return location for a #GError
 *
 * Writes the 32-bit big-endian length of @text and then its bytes into the least significant
 * bits of @image's carrier samples (layout in the module comment of dkg-lsb-stego.c; Prakash et
 * al., 2023, docs/SPECIFICATION.md §5.6). Every other bit of every sample is left as it was. The
 * text and the capacity are checked before any sample changes, so on error @image is untouched.
 *
 * Returns: %TRUE on success; %FALSE with %DKG_ERROR_INVALID_ARGUMENT when @text is empty, is
 *   not valid UTF-8 or contains a NUL, or needs more bytes than dkg_lsb_stego_capacity()
 *   (the message states both sizes)
 */
gboolean
dkg_lsb_stego_embed (DkgImage    *image,
                     const char  *text,
                     gssize       length,
                     GError     **error)
{
  const char *bad = NULL;
  guint64 capacity;
  guint8 prefix[DKG_LSB_STEGO_PREFIX_BYTES];
  guint cc;
  gsize n;
  guint64 k = 0;

  g_return_val_if_fail (image != NULL && image->data != NULL, FALSE);
  g_return_val_if_fail (image->bit_depth == 8 || image->bit_depth == 16, FALSE);
  g_return_val_if_fail (image->channels >= 1 && image->channels <= 4, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  n = length < 0 ? strlen (text) : (gsize) length;
  capacity = dkg_lsb_stego_capacity (image);
  if ((guint64) n > capacity)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                   "the text needs %" G_GSIZE_FORMAT " bytes (%" G_GSIZE_FORMAT " of UTF-8 and "
                   "a %d-byte length prefix), but this %u×%u %u-channel image holds at most "
                   "%" G_GUINT64_FORMAT " bytes of text (%" G_GUINT64_FORMAT " bits in the "
                   "least significant bits of its%s samples, minus the prefix)",
                   n + DKG_LSB_STEGO_PREFIX_BYTES, n, DKG_LSB_STEGO_PREFIX_BYTES, image->width,
                   image->height, image->channels, capacity, dkg_lsb_stego_n_carriers (image),
                   colour_channels (image->channels) == image->channels ? "" : " non-alpha");
      return FALSE;
    }
  if (n == 0)
    {
      g_set_error_literal (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                           "the text is empty: there is nothing to embed");
      return FALSE;
    }
  if (!g_utf8_validate (text, (gssize) n, &bad))
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                   "the text is not valid UTF-8 (%s at byte %" G_GSIZE_FORMAT ")",
                   *bad == '\0' ? "a NUL character" : "an invalid sequence",
                   (gsize) (bad - text));
      return FALSE;
    }

  dkg_bytes_put_be32 (prefix, (guint32) n);
  cc = colour_channels (image->channels);
  for (gsize j = 0; j < DKG_LSB_STEGO_PREFIX_BYTES + n; j++)
    {
      guint8 byte = j < DKG_LSB_STEGO_PREFIX_BYTES
                    ? prefix[j] : (guint8) text[j - DKG_LSB_STEGO_PREFIX_BYTES];

      for (int t = 7; t >= 0; t--, k++)
        set_lsb (image, carrier_sample (k, image->channels, cc), (byte >> t) & 1);
    }
  return TRUE;
}

/**
 * dkg_lsb_stego_extract:
 * @image: an image holding text written by dkg_lsb_stego_embed() (or any image)
 * @length: (out) (optional): bytes of text, without the terminating NUL
 * @error: return location for a #GError
 *
 * Reads the length prefix and the text back from the least significant bits. The prefix is
 * validated against the image's capacity before anything else is read, and the text must be
 * valid UTF-8, so an image without embedded text is an error, never garbage.
 *
 * Returns: (transfer full) (nullable): the NUL-terminated UTF-8 text exactly as embedded, or
 *   %NULL with %DKG_ERROR_INVALID_FILE: "no embedded text" (the image is too small for a
 *   prefix, the prefix is 0 or larger than the capacity, or the bytes are not valid UTF-8)
 */
char *
dkg_lsb_stego_extract (const DkgImage  *image,
                       gsize           *length,
                       GError         **error)
{
  guint8 prefix[DKG_LSB_STEGO_PREFIX_BYTES];
  guint64 capacity;
  guint32 n;
  g_autofree char *text = NULL;
  const char *bad = NULL;

  g_return_val_if_fail (image != NULL && image->data != NULL, NULL);
  g_return_val_if_fail (image->bit_depth == 8 || image->bit_depth == 16, NULL);
  g_return_val_if_fail (image->channels >= 1 && image->channels <= 4, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length != NULL)
    *length = 0;
  capacity = dkg_lsb_stego_capacity (image);
  if (capacity == 0)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                   "no embedded text: a %u×%u %u-channel image is too small to hold a length "
                   "prefix and any text", image->width, image->height, image->channels);
      return NULL;
    }
  read_bytes (image, 0, prefix, sizeof prefix);
  n = dkg_bytes_get_be32 (prefix);
  if (n == 0 || n > capacity)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                   "no embedded text: the length prefix in the least significant bits reads "
                   "%" G_GUINT32_FORMAT " bytes, but text embedded in this image has 1 to "
                   "%" G_GUINT64_FORMAT " bytes", n, capacity);
      return NULL;
    }
  text = g_try_malloc ((gsize) n + 1);
  if (text == NULL)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_TOO_LARGE,
                   "out of memory for %" G_GUINT32_FORMAT " bytes of text", n);
      return NULL;
    }
  read_bytes (image, DKG_LSB_STEGO_PREFIX_BYTES, (guint8 *) text, n);
  text[n] = '\0';
  if (!g_utf8_validate (text, n, &bad))
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                   "no embedded text: the length prefix reads %" G_GUINT32_FORMAT " bytes, but "
                   "they are not valid UTF-8 (from byte %" G_GSIZE_FORMAT ")", n,
                   (gsize) (bad - text));
      return NULL;
    }
  if (length != NULL)
    *length = n;
  return g_steal_pointer (&text);
}

/**
 * dkg_lsb_stego_embed_file:
 * @path: the cover image, any format dkg_image_load() reads (only read)
 * @text: UTF-8 text
 * @length: bytes of @text, or -1 if it is NUL-terminated
 * @out_path: the PNG to write (replaced if it exists; must not be @path)
 * @error: return location for a #GError
 *
 * Loads @path, embeds @text with dkg_lsb_stego_embed() and writes the result as a lossless PNG
 * with dkg_image_save_png(): atomically, nothing written on failure, never over the input
 * (docs/SPECIFICATION.md §10).
 *
 * Returns: %TRUE on success; %FALSE with %DKG_ERROR_INVALID_ARGUMENT (@out_path is @path), or
 *   an error of dkg_image_load(), dkg_lsb_stego_embed() (prefixed with the file name) or
 *   dkg_image_save_png()
 */
gboolean
dkg_lsb_stego_embed_file (const char  *path,
                          const char  *text,
                          gssize       length,
                          const char  *out_path,
                          GError     **error)
{
  g_autoptr(DkgImage) image = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (path != NULL && out_path != NULL && text != NULL, FALSE);

  name = g_filename_display_name (path);
  if (!dkg_file_check_not_input (path, out_path, "the stego image", error))
    return FALSE;
  image = dkg_image_load (path, NULL, error);
  if (image == NULL)
    return FALSE;
  if (!dkg_lsb_stego_embed (image, text, length, error))
    {
      g_prefix_error (error, "“%s”: ", name);
      return FALSE;
    }
  return dkg_image_save_png (image, out_path, error);
}

/**
 * dkg_lsb_stego_extract_file:
 * @path: an image file (only read)
 * @length: (out) (optional): bytes of text
 * @error: return location for a #GError
 *
 * dkg_image_load() and dkg_lsb_stego_extract(); messages name @path.
 *
 * Returns: (transfer full) (nullable): the text, or %NULL with an error of dkg_image_load() or
 *   of dkg_lsb_stego_extract()
 */
char *
dkg_lsb_stego_extract_file (const char  *path,
                            gsize       *length,
                            GError     **error)
{
  g_autoptr(DkgImage) image = NULL;
  char *text;

  g_return_val_if_fail (path != NULL, NULL);

  if (length != NULL)
    *length = 0;
  image = dkg_image_load (path, NULL, error);
  if (image == NULL)
    return NULL;
  text = dkg_lsb_stego_extract (image, length, error);
  if (text == NULL)
    {
      g_autofree char *name = g_filename_display_name (path);
      g_prefix_error (error, "“%s”: ", name);
    }
  return text;
}
