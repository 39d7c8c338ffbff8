/* dkg-differential.c — NPCR and UACI with the critical values of Wu, Noonan & Agaian (2011)
 * (docs/SPECIFICATION.md §6.3, §6.6)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gsl/gsl_cdf.h>
#include <math.h>

#include "dkg-analysis-private.h"
#include "dkg-differential.h"
#include "dkg-error.h"

/**
 * dkg_differential_critical:
 * @n_samples: M·N, the number of samples compared (one channel of an M×N image, or all
 *   channels pooled), ≥ 1
 * @bit_depth: 8 or 16; F = 2^@bit_depth − 1 is the largest level
 * @alpha: significance level, 0 < α < 1
 * @out: (out caller-allocates): the expectations and critical values, all in percent
 *
 * Expected NPCR and UACI of two independent uniform random images and their critical values,
 * from Y. Wu, J. P. Noonan and S. Agaian, "NPCR and UACI randomness tests for image encryption",
 * Cyber Journals: JSAT, April 2011, 31–38 (docs/SPECIFICATION.md §6.3):
 *
 *   μ_N = F/(F + 1),  σ²_N = F/((F + 1)²·M·N),  N*_α = μ_N − Φ⁻¹(1 − α)·σ_N (one-sided)
 *   μ_U = (F + 2)/(3F + 3),  σ²_U = (F + 2)(F² + 2F + 3)/(18(F + 1)²·M·N·F),
 *   U*±_α = μ_U ± Φ⁻¹(1 − α/2)·σ_U (two-sided)
 *
 * with Φ⁻¹ from gsl_cdf_ugaussian_Pinv(). For a 256×256 8-bit channel: μ_N = 99.6094 %,
 * N*₀.₀₅ = 99.5693 %, μ_U = 33.4635 % and (U*−, U*+)₀.₀₅ = (33.2824 %, 33.6447 %).
 */
void
dkg_differential_critical (guint64                  n_samples,
                           guint                    bit_depth,
                           double                   alpha,
                           DkgDifferentialCritical *out)
{
  double F, MN, zn, zu;

  g_return_if_fail (n_samples >= 1 && (bit_depth == 8 || bit_depth == 16));
  g_return_if_fail (alpha > 0 && alpha < 1 && out != NULL);

  F = (double) ((1u << bit_depth) - 1);
  MN = (double) n_samples;
  zn = gsl_cdf_ugaussian_Pinv (1.0 - alpha);
  zu = gsl_cdf_ugaussian_Pinv (1.0 - alpha / 2.0);

  out->alpha = alpha;
  out->npcr_mu = 100.0 * F / (F + 1.0);
  out->npcr_sigma = 100.0 * sqrt (F / ((F + 1.0) * (F + 1.0) * MN));
  out->npcr_critical = out->npcr_mu - zn * out->npcr_sigma;
  out->uaci_mu = 100.0 * (F + 2.0) / (3.0 * F + 3.0);
  out->uaci_sigma = 100.0 * sqrt ((F + 2.0) * (F * F + 2.0 * F + 3.0)
                                  / (18.0 * (F + 1.0) * (F + 1.0) * MN * F));
  out->uaci_low = out->uaci_mu - zu * out->uaci_sigma;
  out->uaci_high = out->uaci_mu + zu * out->uaci_sigma;
}

static void
fill_stats (DkgDifferentialStats *st,
            guint64               n,
            guint64               n_diff,
            guint64               sum_abs,
            guint                 bit_depth)
{
  double F = (double) ((1u << bit_depth) - 1);

  st->n_samples = n;
  st->npcr = 100.0 * (double) n_diff / (double) n;
  st->uaci = 100.0 * (double) sum_abs / (F * (double) n);
  for (guint a = 0; a < DKG_ANALYSIS_N_ALPHAS; a++)
    {
      dkg_differential_critical (n, bit_depth, dkg_analysis_alpha (a), &st->critical[a]);
      st->npcr_pass[a] = st->npcr >= st->critical[a].npcr_critical;
      st->uaci_pass[a] = st->uaci >= st->critical[a].uaci_low
                         && st->uaci <= st->critical[a].uaci_high;
    }
}

/**
 * dkg_differential_compute:
 * @a: first image's samples, width·height·channels interleaved (see dkg_histogram_compute())
 * @b: second image's samples, same format
 * @width: ≥ 1
 * @height: ≥ 1
 * @channels: 1–4
 * @bit_depth: 8 or 16
 * @is_signed: 16-bit samples are gint16
 * @out: (out caller-allocates): NPCR and UACI per channel and pooled, with pass/fail
 *
 * Number of changing pixel rate and unified average changing intensity (DeepKeyGen, Ding et
 * al., IEEE TNNLS 2022, Eqs. 11–12; docs/SPECIFICATION.md §6.3), per channel over the M·N pixels
 * and over all samples pooled:
 *
 *   NPCR = Σ D(i, j) / (M·N) · 100 %, D(i, j) = 1 where a(i, j) ≠ b(i, j), else 0
 *   UACI = Σ |a(i, j) − b(i, j)| / (F·M·N) · 100 %, F = 2^@bit_depth − 1
 *
 * Both are 0 … 100 %. Sums are exact integers. Each result is judged against
 * dkg_differential_critical() for its own sample count at α = 0.05, 0.01 and 0.001. Between
 * two ciphertexts of plaintexts differing in one pixel this is the differential-attack test;
 * between two keys it is the key-sensitivity test (dkg_differential_keys()).
 */
void
dkg_differential_compute (const void      *a,
                          const void      *b,
                          guint            width,
                          guint            height,
                          guint            channels,
                          guint            bit_depth,
                          gboolean         is_signed,
                          DkgDifferential *out)
{
  guint64 diff[DKG_ANALYSIS_MAX_CHANNELS], sum_abs[DKG_ANALYSIS_MAX_CHANNELS];
  guint64 sum_sq[DKG_ANALYSIS_MAX_CHANNELS];
  guint64 diff_all = 0, abs_all = 0, n = (guint64) width * height;

  g_return_if_fail (_dkg_analysis_format_ok (a, width, height, channels, bit_depth, is_signed));
  g_return_if_fail (b != NULL && out != NULL);

  _dkg_analysis_channel_diffs (a, b, width, height, channels, bit_depth, is_signed, diff,
                               sum_abs, sum_sq);
  *out = (DkgDifferential) { 0 };
  out->channels = channels;
  out->bit_depth = bit_depth;
  for (guint c = 0; c < channels; c++)
    {
      fill_stats (&out->channel[c], n, diff[c], sum_abs[c], bit_depth);
      diff_all += diff[c];
      abs_all += sum_abs[c];
    }
  fill_stats (&out->all, n * channels, diff_all, abs_all, bit_depth);
}

/**
 * dkg_differential_compute_images:
 * @a: an image
 * @b: an image of the same width, height, channels, bit depth and signedness
 * @out: (out caller-allocates): the result
 * @error: return location for a #GError
 *
 * dkg_differential_compute() on two images.
 *
 * Returns: %TRUE, or %FALSE with %DKG_ERROR_SHAPE when the formats differ
 */
gboolean
dkg_differential_compute_images (const DkgImage   *a,
                                 const DkgImage   *b,
                                 DkgDifferential  *out,
                                 GError          **error)
{
  g_return_val_if_fail (a != NULL && b != NULL && out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!_dkg_analysis_check_same_format (a, b, "images", error))
    return FALSE;
  dkg_differential_compute (a->data, b->data, a->width, a->height, a->channels, a->bit_depth,
                            a->is_signed, out);
  return TRUE;
}

/**
 * dkg_differential_keys:
 * @key1: a key image (docs/SPECIFICATION.md §5.2: 8-bit RGB, H×W×3)
 * @key2: the key generated from the same model after changing one seed pixel
 *   (dkg_differential_perturb_sample())
 * @out: (out caller-allocates): NPCR/UACI between the keys, per channel and pooled
 * @error: return location for a #GError
 *
 * Key sensitivity, DeepKeyGen Table IV (docs/SPECIFICATION.md §6.6): a seed pixel is changed by +1
 * mod 256, both seeds are run through the generator, and the NPCR and UACI of the two keys (Eqs.
 * 11–12) are judged against the critical values of Wu, Noonan & Agaian (2011). A sensitive
 * generator gives NPCR ≈ 99.61 % and UACI ≈ 33.46 %. Any bit depth is accepted.
 *
 * Returns: %TRUE, or %FALSE with %DKG_ERROR_SHAPE when the keys have different formats
 */
gboolean
dkg_differential_keys (const DkgImage   *key1,
                       const DkgImage   *key2,
                       DkgDifferential  *out,
                       GError          **error)
{
  g_return_val_if_fail (key1 != NULL && key2 != NULL && out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!_dkg_analysis_check_same_format (key1, key2, "keys", error))
    return FALSE;
  dkg_differential_compute (key1->data, key2->data, key1->width, key1->height, key1->channels,
                            key1->bit_depth, key1->is_signed, out);
  return TRUE;
}

/**
 * dkg_differential_perturb_sample:
 * @image: an image, modified in place
 * @x: column
 * @y: row
 * @channel: channel
 * @error: return location for a #GError
 *
 * Adds 1 modulo 2^bit_depth to one sample, the change of DeepKeyGen's key-sensitivity and
 * differential-attack experiments (Table IV, Tables XIV–XV; docs/SPECIFICATION.md §6.6): 255
 * becomes 0 for 8-bit, 65535 becomes 0 for unsigned 16-bit, and for signed 16-bit 32767 becomes
 * −32768 (the same +1 on the stored bits).
 *
 * Returns: %TRUE, or %FALSE with %DKG_ERROR_INVALID_ARGUMENT when (@x, @y, @channel) lies
 *   outside the image
 */
gboolean
dkg_differential_perturb_sample (DkgImage  *image,
                                 guint      x,
                                 guint      y,
                                 guint      channel,
                                 GError   **error)
{
  gsize i;

  g_return_val_if_fail (image != NULL && image->data != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (x >= image->width || y >= image->height || channel >= image->channels)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                   "sample (%u, %u, channel %u) is outside the %u×%u×%u image",
                   x, y, channel, image->width, image->height, image->channels);
      return FALSE;
    }
  i = ((gsize) y * image->width + x) * image->channels + channel;
  if (image->bit_depth == 8)
    image->data[i] = (guint8) (image->data[i] + 1);
  else
    ((guint16 *) image->data)[i] = (guint16) (((guint16 *) image->data)[i] + 1);
  return TRUE;
}
