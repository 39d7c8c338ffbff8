/* dkg-analysis.c — every image metric of a plaintext/ciphertext pair at once, and the sample
 * access shared by the metrics (docs/SPECIFICATION.md §6)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "dkg-analysis-private.h"
#include "dkg-analysis.h"
#include "dkg-error.h"

/**
 * dkg_analysis_alpha:
 * @index: 0 … %DKG_ANALYSIS_N_ALPHAS − 1
 *
 * Returns: the significance level of @index: 0.05, 0.01 or 0.001
 */
double
dkg_analysis_alpha (guint index)
{
  static const double alphas[DKG_ANALYSIS_N_ALPHAS] = { 0.05, 0.01, 0.001 };

  g_return_val_if_fail (index < DKG_ANALYSIS_N_ALPHAS, 0.05);

  return alphas[index];
}

gboolean
_dkg_analysis_format_ok (const void *samples,
                         guint       width,
                         guint       height,
                         guint       channels,
                         guint       bit_depth,
                         gboolean    is_signed)
{
  return samples != NULL && width >= 1 && height >= 1
         && width <= DKG_IMAGE_MAX_DIM && height <= DKG_IMAGE_MAX_DIM
         && channels >= 1 && channels <= DKG_ANALYSIS_MAX_CHANNELS
         && (bit_depth == 8 || bit_depth == 16) && (!is_signed || bit_depth == 16);
}

void
_dkg_analysis_row_levels (const void *samples,
                          guint       width,
                          guint       channels,
                          guint       bit_depth,
                          gboolean    is_signed,
                          guint       y,
                          guint       channel,
                          guint16    *out)
{
  gsize base = (gsize) y * width * channels + channel;

  if (bit_depth == 8)
    {
      const guint8 *s = (const guint8 *) samples + base;

      if (channels == 1)
        for (guint x = 0; x < width; x++)
          out[x] = s[x];
      else
        for (guint x = 0; x < width; x++)
          out[x] = s[(gsize) x * channels];
    }
  else
    {
      const guint16 *s = (const guint16 *) samples + base;
      guint16 flip = is_signed ? 0x8000 : 0;

      if (channels == 1)
        for (guint x = 0; x < width; x++)
          out[x] = s[x] ^ flip;
      else
        for (guint x = 0; x < width; x++)
          out[x] = s[(gsize) x * channels] ^ flip;
    }
}

int
_dkg_analysis_level_offset (guint    bit_depth,
                            gboolean is_signed)
{
  return bit_depth == 16 && is_signed ? 32768 : 0;
}

void
_dkg_analysis_channel_diffs (const void *a,
                             const void *b,
                             guint       width,
                             guint       height,
                             guint       channels,
                             guint       bit_depth,
                             gboolean    is_signed,
                             guint64    *n_differ,
                             guint64    *sum_abs,
                             guint64    *sum_sq)
{
  gsize n_samples = (gsize) width * height * channels;
  guint16 flip = is_signed ? 0x8000 : 0;

  for (guint c = 0; c < channels; c++)
    n_differ[c] = sum_abs[c] = sum_sq[c] = 0;
  /* Offset binary does not change differences, so signed samples are compared as stored bits
   * with the top bit flipped: |a − b| of two gint16 equals |(a ⊕ 0x8000) − (b ⊕ 0x8000)|. */
  for (gsize i = 0; i < n_samples; i += channels)
    for (guint c = 0; c < channels; c++)
      {
        gint64 d;

        if (bit_depth == 8)
          d = (gint64) ((const guint8 *) a)[i + c] - (gint64) ((const guint8 *) b)[i + c];
        else
          d = (gint64) (guint16) (((const guint16 *) a)[i + c] ^ flip)
              - (gint64) (guint16) (((const guint16 *) b)[i + c] ^ flip);
        n_differ[c] += d != 0;
        sum_abs[c] += (guint64) ABS (d);
        sum_sq[c] += (guint64) (d * d);
      }
}

gboolean
_dkg_analysis_check_same_format (const DkgImage  *a,
                                 const DkgImage  *b,
                                 const char      *what,
                                 GError         **error)
{
  if (a->width == b->width && a->height == b->height && a->channels == b->channels
      && a->bit_depth == b->bit_depth && (a->is_signed ? 1 : 0) == (b->is_signed ? 1 : 0))
    return TRUE;
  g_set_error (error, DKG_ERROR, DKG_ERROR_SHAPE,
               "cannot compare %s of different formats: %u×%u×%u %u-bit%s and %u×%u×%u %u-bit%s",
               what, a->width, a->height, a->channels, a->bit_depth,
               a->is_signed ? " signed" : "", b->width, b->height, b->channels, b->bit_depth,
               b->is_signed ? " signed" : "");
  return FALSE;
}

/**
 * dkg_image_analysis_compute:
 * @image: an image
 * @options: (nullable): local entropy options (dkg_local_entropy_compute())
 *
 * Every single-image metric of docs/SPECIFICATION.md §6: histogram with χ² (§6.2), global entropy
 * with its expectation (§6.1), adjacent-pixel correlation over all pairs in the three directions
 * (§6.4) and local entropy with its critical intervals (§6.1). Single-threaded, linear in the
 * number of pixels.
 *
 * Returns: (transfer full): the metrics, free with dkg_image_analysis_free()
 */
DkgImageAnalysis *
dkg_image_analysis_compute (const DkgImage               *image,
                            const DkgLocalEntropyOptions *options)
{
  DkgImageAnalysis *an;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (image != NULL, NULL);
  g_return_val_if_fail (_dkg_analysis_format_ok (image->data, image->width, image->height,
                                                 image->channels, image->bit_depth,
                                                 image->is_signed), NULL);

  an = g_new0 (DkgImageAnalysis, 1);
  an->histogram = dkg_histogram_compute_image (image);
  dkg_entropy_from_histogram (an->histogram, &an->entropy);
  dkg_correlation_compute_image (image, &an->correlation);
  an->local_entropy = dkg_local_entropy_compute_image (image, options, &error);
  if (an->local_entropy == NULL)
    an->local_entropy_note = g_strdup (error->message);
  return an;
}

void
dkg_image_analysis_free (DkgImageAnalysis *analysis)
{
  if (analysis == NULL)
    return;
  dkg_histogram_free (analysis->histogram);
  dkg_local_entropy_free (analysis->local_entropy);
  g_free (analysis->local_entropy_note);
  g_free (analysis);
}

/**
 * dkg_pair_analysis_compute:
 * @plain: the plaintext image
 * @cipher: the ciphertext image, of the same format
 * @options: (nullable): local entropy options (dkg_local_entropy_compute())
 * @error: return location for a #GError
 *
 * Everything the Analysis page and the report show for a plaintext/ciphertext pair:
 * dkg_image_analysis_compute() of both images, NPCR/UACI between them with pass/fail at
 * α = 0.05, 0.01, 0.001 (§6.3) and MSE, PSNR and SSIM (§6.5). Single-threaded, linear in the
 * number of pixels.
 *
 * Returns: (transfer full): the metrics, or %NULL with %DKG_ERROR_SHAPE when the images differ
 *   in width, height, channels, bit depth or signedness
 */
DkgPairAnalysis *
dkg_pair_analysis_compute (const DkgImage                *plain,
                           const DkgImage                *cipher,
                           const DkgLocalEntropyOptions  *options,
                           GError                       **error)
{
  g_autoptr(DkgPairAnalysis) an = NULL;

  g_return_val_if_fail (plain != NULL && cipher != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  an = g_new0 (DkgPairAnalysis, 1);
  if (!dkg_differential_compute_images (plain, cipher, &an->differential, error))
    return NULL;
  dkg_similarity_compute (plain->data, cipher->data, plain->width, plain->height,
                          plain->channels, plain->bit_depth, plain->is_signed, &an->similarity);
  an->plain = dkg_image_analysis_compute (plain, options);
  an->cipher = dkg_image_analysis_compute (cipher, options);
  return g_steal_pointer (&an);
}

void
dkg_pair_analysis_free (DkgPairAnalysis *analysis)
{
  if (analysis == NULL)
    return;
  dkg_image_analysis_free (analysis->plain);
  dkg_image_analysis_free (analysis->cipher);
  g_free (analysis);
}
