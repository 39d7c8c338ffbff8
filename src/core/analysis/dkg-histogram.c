/* dkg-histogram.c — per-channel histograms and the χ² uniformity test (docs/SPECIFICATION.md §6.2)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gsl/gsl_cdf.h>
#include <math.h>

#include "dkg-analysis-private.h"
#include "dkg-histogram.h"

/**
 * dkg_histogram_chi2:
 * @counts: (array length=n_bins): observed counts o_i
 * @n_bins: number of bins B, ≥ 2
 * @p_value: (out) (optional): upper-tail p-value P(χ²(B − 1) ≥ χ²), 0 … 1, from GSL's
 *   gsl_cdf_chisq_Q()
 *
 * Pearson's χ² statistic of @counts against the uniform distribution (docs/SPECIFICATION.md §6.2):
 * χ² = Σ_i (o_i − e)² / e with e = n/B and n = Σ_i o_i, with B − 1 degrees of freedom
 * (Pearson 1900; the form used in image-encryption papers, e.g. DeepKeyGen's histogram
 * analysis). A uniform histogram gives 0 and p = 1. It is evaluated as Σ (B·o_i − n)² / (B·n)
 * with B·o_i − n exact in integers, so no cancellation occurs however large n is.
 *
 * Returns: χ² ≥ 0 (dimensionless); NaN when the counts are all zero
 */
double
dkg_histogram_chi2 (const guint64 *counts,
                    gsize          n_bins,
                    double        *p_value)
{
  guint64 n = 0;
  double sum = 0, chi2;

  g_return_val_if_fail (counts != NULL && n_bins >= 2, NAN);

  for (gsize i = 0; i < n_bins; i++)
    n += counts[i];
  if (n == 0)
    {
      if (p_value != NULL)
        *p_value = NAN;
      return NAN;
    }
  /* B·o − n is exact in 64 bits (B ≤ 2^16, o ≤ n ≤ 2^32); its square is summed in double. */
  for (gsize i = 0; i < n_bins; i++)
    {
      gint64 d = (gint64) (counts[i] * (guint64) n_bins) - (gint64) n;
      double dd = (double) d;

      sum += dd * dd;
    }
  chi2 = sum / ((double) n_bins * (double) n);
  if (p_value != NULL)
    *p_value = gsl_cdf_chisq_Q (chi2, (double) (n_bins - 1));
  return chi2;
}

/**
 * dkg_histogram_compute:
 * @samples: width·height·channels samples, channels interleaved (guint8, guint16 or gint16
 *   as #DkgImage stores them)
 * @width: pixels per row, ≥ 1
 * @height: rows, ≥ 1
 * @channels: 1–4
 * @bit_depth: 8 or 16
 * @is_signed: 16-bit samples are gint16
 *
 * Counts the samples of each channel in 2^@bit_depth bins and runs the χ² uniformity test on
 * each channel and on all channels pooled (docs/SPECIFICATION.md §6.2; see dkg_histogram_chi2()).
 * Cost is one pass over the samples plus O(2^@bit_depth) per channel.
 *
 * Returns: (transfer full): the histogram, free with dkg_histogram_free()
 */
DkgHistogram *
dkg_histogram_compute (const void *samples,
                       guint       width,
                       guint       height,
                       guint       channels,
                       guint       bit_depth,
                       gboolean    is_signed)
{
  DkgHistogram *h;
  g_autofree guint64 *pooled = NULL;
  gsize n_pixels;

  g_return_val_if_fail (_dkg_analysis_format_ok (samples, width, height, channels, bit_depth,
                                                 is_signed), NULL);

  n_pixels = (gsize) width * height;
  h = g_new0 (DkgHistogram, 1);
  h->channels = channels;
  h->bit_depth = bit_depth;
  h->is_signed = is_signed ? TRUE : FALSE;
  h->n_bins = 1u << bit_depth;
  h->n_per_channel = n_pixels;
  h->df = h->n_bins - 1;
  h->counts = g_new0 (guint64, (gsize) channels * h->n_bins);

  if (bit_depth == 8)
    {
      const guint8 *s = samples;

      for (gsize i = 0; i < n_pixels; i++)
        for (guint c = 0; c < channels; c++)
          h->counts[c * 256 + s[i * channels + c]]++;
    }
  else
    {
      const guint16 *s = samples;
      guint16 flip = is_signed ? 0x8000 : 0;

      for (gsize i = 0; i < n_pixels; i++)
        for (guint c = 0; c < channels; c++)
          h->counts[((gsize) c << 16) + (guint16) (s[i * channels + c] ^ flip)]++;
    }

  pooled = g_new0 (guint64, h->n_bins);
  for (guint c = 0; c < channels; c++)
    {
      const guint64 *cc = h->counts + (gsize) c * h->n_bins;

      h->chi2[c] = dkg_histogram_chi2 (cc, h->n_bins, &h->p_value[c]);
      for (guint i = 0; i < h->n_bins; i++)
        pooled[i] += cc[i];
    }
  h->chi2_all = dkg_histogram_chi2 (pooled, h->n_bins, &h->p_value_all);
  for (guint a = 0; a < DKG_ANALYSIS_N_ALPHAS; a++)
    h->chi2_critical[a] = gsl_cdf_chisq_Qinv (dkg_analysis_alpha (a), (double) h->df);
  return h;
}

/**
 * dkg_histogram_compute_image:
 * @image: an image
 *
 * dkg_histogram_compute() on the samples of @image.
 *
 * Returns: (transfer full): the histogram
 */
DkgHistogram *
dkg_histogram_compute_image (const DkgImage *image)
{
  g_return_val_if_fail (image != NULL, NULL);

  return dkg_histogram_compute (image->data, image->width, image->height, image->channels,
                                image->bit_depth, image->is_signed);
}

void
dkg_histogram_free (DkgHistogram *histogram)
{
  if (histogram == NULL)
    return;
  g_free (histogram->counts);
  g_free (histogram);
}

/**
 * dkg_histogram_level_value:
 * @histogram: a histogram
 * @level: a bin, 0 … n_bins − 1
 *
 * Returns: the sample value counted in bin @level: @level itself, or @level − 32768 for
 *   signed 16-bit samples
 */
int
dkg_histogram_level_value (const DkgHistogram *histogram,
                           guint               level)
{
  g_return_val_if_fail (histogram != NULL && level < histogram->n_bins, 0);

  return (int) level - _dkg_analysis_level_offset (histogram->bit_depth, histogram->is_signed);
}
