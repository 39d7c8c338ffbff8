/* dkg-steganalysis.c — the chi-square attack on LSB embedding (Westfeld & Pfitzmann, 1999)
 *
 * A. Westfeld and A. Pfitzmann, "Attacks on Steganographic Systems", Information Hiding
 * (IH '99), LNCS 1768, Springer, 2000, pp. 61–76, §4 ("statistical attack"). Overwriting least
 * significant bits with message bits that are 0 or 1 with equal probability moves each value
 * 2i to 2i + 1 and back, so in the embedded part of an image the counts of each pair of values
 * (2i, 2i + 1) become equal, whereas a natural image's counts of neighbouring values differ.
 * For the first n samples in embedding order:
 *
 *   n*ᵢ = (n₂ᵢ + n₂ᵢ₊₁) / 2,   χ² = Σᵢ (n₂ᵢ − n*ᵢ)² / n*ᵢ,   p = P(χ²(k − 1) ≥ χ²)
 *
 * over the k pairs i that qualify as categories (here n*ᵢ ≥ %DKG_STEGANALYSIS_MIN_EXPECTED; the
 * paper leaves the rule for sparse categories open). p is the paper's "probability of
 * embedding": close to 1 where the pairs are equalised, close to 0 where they are not. Plotted
 * against the share of the image scanned it gives the paper's curve (their Fig. 4): for a
 * message written sequentially from the first sample, p stays near 1 up to the message's end
 * and then drops. Each term is evaluated exactly as (n₂ᵢ − n₂ᵢ₊₁)² / (2(n₂ᵢ + n₂ᵢ₊₁)).
 *
 * Summing over the even values only, as the paper does, makes χ² about half a χ²(k − 1)
 * variable when the pairs are equalised by random bits, so p is then close to 1 rather than
 * uniform — which is what gives the attack its clear curve once k is large. Points with few
 * categories (the first percent of an image with a dark background) are noisier.
 *
 * Verdict: the estimated embedded share is the largest scanned fraction at which p exceeds
 * %DKG_STEGANALYSIS_THRESHOLD. For a message written from the first sample it estimates the
 * message's length as a share of the image; it overshoots a little, since the equalised prefix
 * keeps p high for a while after the message ends. Noise-like images (ciphertexts, keys) have
 * equal pairs by nature and are flagged too: the attack detects equalised pairs, not intent.
 *
 * The samples are scanned in the order dkg-lsb-stego.c embeds: raster order, colour channels
 * interleaved, alpha excluded (dkg_lsb_stego_is_carrier()); the channels share one histogram.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gsl/gsl_cdf.h>
#include <math.h>

#include "dkg-steganalysis.h"
#include "dkg-lsb-stego.h"
#include "dkg-error.h"

/**
 * dkg_steganalysis_pairs_test:
 * @counts: (array fixed-size=256): a histogram of 8-bit values
 * @chi2: (out) (optional): the statistic, NaN when not applicable
 * @df: (out) (optional): degrees of freedom, categories − 1 (0 when not applicable)
 *
 * Westfeld and Pfitzmann's χ² test of @counts (module comment of dkg-steganalysis.c): the
 * pairs (2i, 2i + 1), i = 0..127, with an expected count of at least
 * %DKG_STEGANALYSIS_MIN_EXPECTED are the categories; p from GSL's gsl_cdf_chisq_Q().
 *
 * Returns: p, the probability of embedding, in [0, 1]; NaN when fewer than two pairs qualify
 */
double
dkg_steganalysis_pairs_test (const guint64  counts[256],
                             double        *chi2,
                             guint         *df)
{
  double sum = 0;
  guint k = 0;

  if (chi2 != NULL)
    *chi2 = NAN;
  if (df != NULL)
    *df = 0;
  g_return_val_if_fail (counts != NULL, NAN);

  for (guint i = 0; i < 128; i++)
    {
      guint64 a = counts[2 * i], b = counts[2 * i + 1];
      double d;

      if ((double) (a + b) / 2.0 < DKG_STEGANALYSIS_MIN_EXPECTED)
        continue;
      d = a >= b ? (double) (a - b) : (double) (b - a);
      sum += d * d / (2.0 * (double) (a + b));
      k++;
    }
  if (k < 2)
    return NAN;
  if (chi2 != NULL)
    *chi2 = sum;
  if (df != NULL)
    *df = k - 1;
  return gsl_cdf_chisq_Q (sum, (double) (k - 1));
}

/**
 * dkg_steganalysis_chi2_attack:
 * @image: an 8-bit image, 1–4 channels
 * @n_points: points of the curve, 1..%DKG_STEGANALYSIS_MAX_POINTS
 *   (%DKG_STEGANALYSIS_DEFAULT_POINTS for 1 % steps)
 * @error: return location for a #GError
 *
 * The chi-square attack of Westfeld and Pfitzmann (1999) as a curve: for i = 1..@n_points, the
 * first floor(i · carriers / @n_points) carrier samples are tested with
 * dkg_steganalysis_pairs_test(). A full-capacity LSB embedding gives p ≈ 1 all along; a clean
 * natural image p ≈ 0. One pass over the image, O(samples + 128·@n_points).
 *
 * Returns: (transfer full) (nullable): the curve and verdict, or %NULL with
 *   %DKG_ERROR_UNSUPPORTED (not 8-bit: the attack works on a 256-level histogram) or
 *   %DKG_ERROR_INVALID_ARGUMENT (@n_points out of range)
 */
DkgSteganalysis *
dkg_steganalysis_chi2_attack (const DkgImage  *image,
                              guint            n_points,
                              GError         **error)
{
  g_autoptr(DkgSteganalysis) r = NULL;
  guint64 counts[256] = { 0 };
  guint64 n_carriers, scanned = 0;
  gsize n_samples, s = 0;

  g_return_val_if_fail (image != NULL && image->data != NULL, NULL);
  g_return_val_if_fail (image->channels >= 1 && image->channels <= 4, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (image->bit_depth != 8)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_UNSUPPORTED,
                   "the chi-square attack works on 8-bit samples (pairs of values 2i, 2i + 1 of "
                   "a 256-level histogram); this image is %u-bit", image->bit_depth);
      return NULL;
    }
  if (n_points < 1 || n_points > DKG_STEGANALYSIS_MAX_POINTS)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                   "the chi-square curve needs 1 to %d points, not %u",
                   DKG_STEGANALYSIS_MAX_POINTS, n_points);
      return NULL;
    }

  r = g_new0 (DkgSteganalysis, 1);
  r->n_points = n_points;
  r->points = g_new0 (DkgSteganalysisPoint, n_points);
  n_carriers = dkg_lsb_stego_n_carriers (image);
  r->n_carriers = n_carriers;
  n_samples = dkg_image_n_samples (image);

  for (guint i = 0; i < n_points; i++)
    {
      DkgSteganalysisPoint *pt = &r->points[i];
      guint64 target = i + 1 == n_points ? n_carriers : n_carriers * (i + 1) / n_points;

      while (scanned < target)
        {
          g_assert (s < n_samples);
          if (dkg_lsb_stego_is_carrier (image->channels, (guint) (s % image->channels)))
            {
              counts[image->data[s]]++;
              scanned++;
            }
          s++;
        }
      pt->fraction = (double) (i + 1) / n_points;
      pt->n_samples = scanned;
      pt->p_value = dkg_steganalysis_pairs_test (counts, &pt->chi2, &pt->df);

      if (!isnan (pt->p_value) && pt->p_value > DKG_STEGANALYSIS_THRESHOLD)
        r->embedded_fraction = pt->fraction;
    }
  r->p_full = r->points[n_points - 1].p_value;
  r->detected = r->embedded_fraction > 0;
  return g_steal_pointer (&r);
}

/**
 * dkg_steganalysis_free:
 * @result: (nullable): a result of dkg_steganalysis_chi2_attack()
 */
void
dkg_steganalysis_free (DkgSteganalysis *result)
{
  if (result == NULL)
    return;
  g_free (result->points);
  g_free (result);
}
