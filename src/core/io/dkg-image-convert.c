/* dkg-image-convert.c — one image brought to another's shape and sample format
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "dkg-image.h"

/* Sample c of pixel (x, y) as an unsigned 16-bit value (8-bit values scaled by 257). */
static guint
sample_u16 (const DkgImage *im, guint x, guint y, guint c)
{
  gsize i = ((gsize) y * im->width + x) * im->channels + c;

  if (im->bit_depth == 8)
    return im->data[i] * 257u;
  if (im->is_signed)
    return (guint) (((const gint16 *) im->data)[i] + 32768);
  return ((const guint16 *) im->data)[i];
}

static guint
grey_u16 (const DkgImage *im, guint x, guint y)
{
  if (im->channels >= 3)
    return (sample_u16 (im, x, y, 0) + sample_u16 (im, x, y, 1) + sample_u16 (im, x, y, 2)) / 3;
  return sample_u16 (im, x, y, 0);
}

/**
 * dkg_image_convert_like:
 * @image: any image (1–4 channels, 8 or 16 bits)
 * @like: the image whose width, height, channels, bit depth and signedness to take
 * @error: return location for a #GError
 *
 * @image brought to @like's format, for analyses that need two images of one shape (the
 * key-reuse attack of docs/SPECIFICATION.md §6.9 with a second plaintext a user picked):
 * nearest-neighbour resampling to @like's width and height (source pixel ⌊x·W/W′⌋,
 * ⌊y·H/H′⌋); grey replicated to colour, colour averaged to grey ((R + G + B)/3 in 16-bit
 * units); alpha made opaque; and the samples' data range — the source's smallest to largest
 * colour sample, as unsigned 16-bit (8-bit ×257, signed + 32768) — stretched over the target
 * type's full range, so that a 16-bit scan whose values span 127..2145 stays visible as an
 * 8-bit image. A constant image maps to 0.
 *
 * Returns: (transfer full): the new image, or %NULL with dkg_image_new()'s error when @like's
 *   size is refused
 */
DkgImage *
dkg_image_convert_like (const DkgImage *image, const DkgImage *like, GError **error)
{
  DkgImage *out = dkg_image_new (like->width, like->height, like->channels, like->bit_depth,
                                 like->is_signed, error);
  gboolean src_colour = image->channels >= 3;
  guint src_cc = src_colour ? 3 : 1, lo = 65535, hi = 0;

  if (out == NULL)
    return NULL;
  for (guint y = 0; y < image->height; y++)
    for (guint x = 0; x < image->width; x++)
      for (guint c = 0; c < src_cc; c++)
        {
          guint v = sample_u16 (image, x, y, c);

          lo = MIN (lo, v);
          hi = MAX (hi, v);
        }
  if (hi <= lo)
    hi = lo + 1;
  for (guint y = 0; y < like->height; y++)
    {
      guint sy = (guint) ((guint64) y * image->height / like->height);

      for (guint x = 0; x < like->width; x++)
        {
          guint sx = (guint) ((guint64) x * image->width / like->width);

          for (guint c = 0; c < like->channels; c++)
            {
              gsize i = ((gsize) y * like->width + x) * like->channels + c;
              gboolean alpha = (like->channels == 2 && c == 1) || (like->channels == 4 && c == 3);
              guint v;

              if (alpha)
                v = 65535;
              else
                {
                  v = like->channels >= 3 && src_colour ? sample_u16 (image, sx, sy, c)
                                                        : grey_u16 (image, sx, sy);
                  v = (guint) (((guint64) MIN (MAX (v, lo), hi) - lo) * 65535 / (hi - lo));
                }
              if (like->bit_depth == 8)
                out->data[i] = (guint8) (v >> 8);
              else if (like->is_signed)
                ((gint16 *) out->data)[i] = (gint16) ((int) v - 32768);
              else
                ((guint16 *) out->data)[i] = (guint16) v;
            }
        }
    }
  return out;
}
