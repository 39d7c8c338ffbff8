/* studio-attacks.c — inputs for the attacks of docs/SPECIFICATION.md §6.9
 *
 * The key-reuse attack needs two plaintexts of one shape (dkg_attack_key_reuse()). The second
 * image a user picks rarely has the first one's shape, so it is brought to it here: nearest-
 * neighbour resampling to the same width and height, grey or colour channels matched (grey is
 * replicated, colour averaged to grey, alpha dropped or made opaque), and the samples moved to
 * the same bit depth and signedness by stretching the source's data range (its smallest to
 * largest colour sample) over the target type's full range, so that a 16-bit scan whose values
 * span 127..2145 stays visible as an 8-bit image.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "studio-attacks.h"

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
 * studio_attacks_match_image:
 * @image: any image
 * @like: the image whose shape, channels, bit depth and signedness to take
 *
 * Returns: (transfer full): @image brought to @like's format, or %NULL with @error set
 */
DkgImage *
studio_attacks_match_image (const DkgImage *image, const DkgImage *like, GError **error)
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
