/* dkg-similarity.c — MSE, PSNR and SSIM (docs/SPECIFICATION.md §6.5)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "dkg-analysis-private.h"
#include "dkg-similarity.h"
#include "dkg-error.h"

#define SSIM_RADIUS ((DKG_SSIM_WINDOW - 1) / 2)
#define SSIM_SIGMA 1.5
#define SSIM_K1 0.01
#define SSIM_K2 0.03

/* The filters are most of the cost of the pair analysis; on x86-64 they are also compiled for
 * AVX2 and picked at load time (GCC/clang function multi-versioning), about 1.8× faster than
 * the SSE2 baseline. Without FMA, so both versions round identically. */
#if defined (__x86_64__) && defined (__has_attribute)
#if __has_attribute (target_clones)
#define SIMD_CLONES __attribute__ ((target_clones ("avx2", "default")))
#endif
#endif
#ifndef SIMD_CLONES
#define SIMD_CLONES
#endif

/* The four Gaussian-filtered maps SSIM needs: x, y, x·y and (x − y)². */
enum { Q_X, Q_Y, Q_XY, Q_DD, N_Q };

/* scipy.ndimage's 1-D Gaussian kernel for σ = 1.5, truncate = 3.5 (radius ⌊3.5·1.5 + 0.5⌋ = 5):
 * w_k ∝ exp(−k²/(2σ²)), k = −5 … 5, normalised to sum 1. g[k] is w_{k−5}; g[k] = g[10 − k]. */
static void
gaussian_weights (double g[DKG_SSIM_WINDOW])
{
  double sum = 0;

  for (int k = 0; k < DKG_SSIM_WINDOW; k++)
    {
      double t = k - SSIM_RADIUS;

      g[k] = exp (-0.5 / (SSIM_SIGMA * SSIM_SIGMA) * t * t);
      sum += g[k];
    }
  for (int k = 0; k < DKG_SSIM_WINDOW; k++)
    g[k] /= sum;
}

/* out[j] = Σ_k g[k]·in[j + k], j = 0 … n − 1 (in has n + 10 values). */
SIMD_CLONES static void
filter_row (const double *restrict in,
            double *restrict       out,
            guint                  n,
            const double           g[DKG_SSIM_WINDOW])
{
  double g0 = g[0], g1 = g[1], g2 = g[2], g3 = g[3], g4 = g[4], g5 = g[5];

  for (guint j = 0; j < n; j++)
    out[j] = g0 * (in[j] + in[j + 10]) + g1 * (in[j + 1] + in[j + 9])
             + g2 * (in[j + 2] + in[j + 8]) + g3 * (in[j + 3] + in[j + 7])
             + g4 * (in[j + 4] + in[j + 6]) + g5 * in[j + 5];
}

/* out[j] = Σ_k g[k]·rows[k][j]. */
SIMD_CLONES static void
filter_column (const double *const rows[DKG_SSIM_WINDOW],
               double *restrict    out,
               guint               n,
               const double        g[DKG_SSIM_WINDOW])
{
  const double *r0 = rows[0], *r1 = rows[1], *r2 = rows[2], *r3 = rows[3], *r4 = rows[4];
  const double *r5 = rows[5], *r6 = rows[6], *r7 = rows[7], *r8 = rows[8], *r9 = rows[9];
  const double *r10 = rows[10];
  double g0 = g[0], g1 = g[1], g2 = g[2], g3 = g[3], g4 = g[4], g5 = g[5];

  for (guint j = 0; j < n; j++)
    out[j] = g0 * (r0[j] + r10[j]) + g1 * (r1[j] + r9[j]) + g2 * (r2[j] + r8[j])
             + g3 * (r3[j] + r7[j]) + g4 * (r4[j] + r6[j]) + g5 * r5[j];
}

/* The four maps of one input row: x, y (sample values), x·y and (x − y)². */
SIMD_CLONES static void
prepare_row (const guint16 *restrict la,
             const guint16 *restrict lb,
             double                  off,
             double *restrict        x,
             double *restrict        y,
             double *restrict        xy,
             double *restrict        dd,
             guint                   n)
{
  for (guint i = 0; i < n; i++)
    {
      double xi = (double) la[i] - off, yi = (double) lb[i] - off, di = xi - yi;

      x[i] = xi;
      y[i] = yi;
      xy[i] = xi * yi;
      dd[i] = di * di;
    }
}

/* Σ_j SSIM over one output row, from the filtered maps (see channel_ssim() for B1 and B2). */
SIMD_CLONES static double
ssim_row_sum (const double *restrict ux,
              const double *restrict uy,
              const double *restrict uxy,
              const double *restrict udd,
              guint                  n,
              double                 C1,
              double                 C2)
{
  double sum = 0;

  for (guint j = 0; j < n; j++)
    {
      double d = ux[j] - uy[j];
      double A1 = 2.0 * ux[j] * uy[j] + C1;
      double A2 = 2.0 * (uxy[j] - ux[j] * uy[j]) + C2;
      double B1 = A1 + d * d;
      double B2 = A2 + (udd[j] - d * d);

      sum += (A1 * A2) / (B1 * B2);
    }
  return sum;
}

/*
 * Mean SSIM of one channel over the valid positions (those whose 11×11 window lies inside the
 * image), streaming: each input row is filtered horizontally into a ring of 11 rows per map,
 * and each output row is the vertical filter of the ring. Memory O(W), time O(W·H).
 *
 * scikit-image computes vx + vy + C2 and ux² + uy² + C1 directly; here they are written as
 * B1 = A1 + (ux − uy)² and B2 = A2 + (G∗(x − y)² − (ux − uy)²), which are algebraically the
 * same (the filter is linear) but vanish exactly when x = y: SSIM(x, x) is then exactly 1
 * whatever the floating-point contraction, and similar images lose no precision to
 * cancellation.
 */
static double
channel_ssim (const void *a,
              const void *b,
              guint       width,
              guint       height,
              guint       channels,
              guint       bit_depth,
              gboolean    is_signed,
              guint       channel)
{
  guint wv = width - 2 * SSIM_RADIUS, hv = height - 2 * SSIM_RADIUS;
  double L = (double) ((1u << bit_depth) - 1);
  double C1 = (SSIM_K1 * L) * (SSIM_K1 * L), C2 = (SSIM_K2 * L) * (SSIM_K2 * L);
  double off = (double) _dkg_analysis_level_offset (bit_depth, is_signed);
  double g[DKG_SSIM_WINDOW];
  g_autofree guint16 *levels = g_new (guint16, 2 * (gsize) width);
  g_autofree double *in = g_new (double, (gsize) N_Q * width);
  g_autofree double *ring = g_new (double, (gsize) N_Q * DKG_SSIM_WINDOW * wv);
  g_autofree double *mu = g_new (double, (gsize) N_Q * wv);
  double total = 0;

  gaussian_weights (g);
  for (guint r = 0; r < height; r++)
    {
      guint16 *la = levels, *lb = levels + width;
      double *x = in + (gsize) Q_X * width, *y = in + (gsize) Q_Y * width;
      double *xy = in + (gsize) Q_XY * width, *dd = in + (gsize) Q_DD * width;
      guint slot = r % DKG_SSIM_WINDOW;

      _dkg_analysis_row_levels (a, width, channels, bit_depth, is_signed, r, channel, la);
      _dkg_analysis_row_levels (b, width, channels, bit_depth, is_signed, r, channel, lb);
      prepare_row (la, lb, off, x, y, xy, dd, width);
      for (guint q = 0; q < N_Q; q++)
        filter_row (in + (gsize) q * width,
                    ring + ((gsize) q * DKG_SSIM_WINDOW + slot) * wv, wv, g);

      if (r + 1 >= DKG_SSIM_WINDOW)
        {
          const double *ux = mu + (gsize) Q_X * wv, *uy = mu + (gsize) Q_Y * wv;
          const double *uxy = mu + (gsize) Q_XY * wv, *udd = mu + (gsize) Q_DD * wv;

          for (guint q = 0; q < N_Q; q++)
            {
              const double *rows[DKG_SSIM_WINDOW];

              /* rows[k] is input row r − 10 + k. */
              for (guint k = 0; k < DKG_SSIM_WINDOW; k++)
                rows[k] = ring + ((gsize) q * DKG_SSIM_WINDOW
                                  + (r + 1 + k) % DKG_SSIM_WINDOW) * wv;
              filter_column (rows, mu + (gsize) q * wv, wv, g);
            }
          total += ssim_row_sum (ux, uy, uxy, udd, wv, C1, C2);
        }
    }
  return total / ((double) wv * (double) hv);
}

/**
 * dkg_similarity_ssim:
 * @a: first image's samples, width·height·channels interleaved (see dkg_histogram_compute())
 * @b: second image's samples, same format
 * @width: ≥ 11
 * @height: ≥ 11
 * @channels: 1–4
 * @bit_depth: 8 or 16
 * @is_signed: 16-bit samples are gint16 (SSIM is computed on the signed values)
 * @ssim_channel: (out) (array fixed-size=4) (optional): mean SSIM of each channel
 * @ssim_mean: (out) (optional): the mean over the channels
 * @error: return location for a #GError
 *
 * Structural similarity of Wang, Bovik, Sheikh & Simoncelli, "Image quality assessment: from
 * error visibility to structural similarity", IEEE TIP 13(4), 2004, 600–612, Eq. (13) with
 * its 11×11 Gaussian weighting (docs/SPECIFICATION.md §6.5):
 *
 *   SSIM(x, y) = (2μxμy + C1)(2σxy + C2) / ((μx² + μy² + C1)(σx² + σy² + C2)),
 *   C1 = (K1·L)², C2 = (K2·L)², K1 = 0.01, K2 = 0.03, L = 2^@bit_depth − 1,
 *
 * with local means, variances and covariance weighted by an 11×11 separable Gaussian of
 * σ = 1.5 (1-D kernel truncated at 3.5σ, radius 5, normalised), population (not sample)
 * covariance, averaged over the (W − 10)(H − 10) positions whose window lies inside the image,
 * then over the channels. This is scikit-image's
 * structural_similarity (a, b, gaussian_weights=True, sigma=1.5, use_sample_covariance=False,
 * data_range=L, channel_axis=-1): it filters with scipy.ndimage.gaussian_filter
 * (mode='reflect') and crops 5 pixels from every border before averaging; a cropped position's
 * window never reaches a border, so the border mode cannot change the result (checked with
 * modes reflect, constant, wrap and nearest). Values −1 … 1; 1 exactly for identical images.
 * Streaming, separable: O(W·H) time, O(W) memory.
 *
 * Returns: %TRUE, or %FALSE with %DKG_ERROR_NOT_APPLICABLE when the image is narrower or
 *   lower than 11 pixels
 */
gboolean
dkg_similarity_ssim (const void  *a,
                     const void  *b,
                     guint        width,
                     guint        height,
                     guint        channels,
                     guint        bit_depth,
                     gboolean     is_signed,
                     double      *ssim_channel,
                     double      *ssim_mean,
                     GError     **error)
{
  double sum = 0;

  g_return_val_if_fail (_dkg_analysis_format_ok (a, width, height, channels, bit_depth,
                                                 is_signed), FALSE);
  g_return_val_if_fail (b != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (width < DKG_SSIM_WINDOW || height < DKG_SSIM_WINDOW)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_NOT_APPLICABLE,
                   "SSIM is not applicable: the %u×%u image is smaller than the %d×%d window",
                   width, height, DKG_SSIM_WINDOW, DKG_SSIM_WINDOW);
      return FALSE;
    }
  for (guint c = 0; c < DKG_ANALYSIS_MAX_CHANNELS; c++)
    {
      double s = NAN;

      if (c < channels)
        {
          s = channel_ssim (a, b, width, height, channels, bit_depth, is_signed, c);
          sum += s;
        }
      if (ssim_channel != NULL)
        ssim_channel[c] = s;
    }
  if (ssim_mean != NULL)
    *ssim_mean = sum / channels;
  return TRUE;
}

/**
 * dkg_similarity_psnr:
 * @mse: mean squared error, ≥ 0
 * @peak: L, the largest sample value (255 for 8-bit, 65535 for 16-bit)
 *
 * Peak signal-to-noise ratio PSNR = 10·log₁₀(L²/MSE) (docs/SPECIFICATION.md §6.5).
 *
 * Returns: dB; +∞ when @mse is 0 (identical images)
 */
double
dkg_similarity_psnr (double mse,
                     double peak)
{
  g_return_val_if_fail (mse >= 0 && peak > 0, NAN);

  if (mse == 0)
    return INFINITY;
  return 10.0 * log10 (peak * peak / mse);
}

/**
 * dkg_similarity_compute:
 * @a: first image's samples, width·height·channels interleaved (see dkg_histogram_compute())
 * @b: second image's samples, same format
 * @width: ≥ 1
 * @height: ≥ 1
 * @channels: 1–4
 * @bit_depth: 8 or 16
 * @is_signed: 16-bit samples are gint16
 * @out: (out caller-allocates): MSE, PSNR and SSIM
 *
 * MSE (DeepKeyGen, Eq. 13: MSE = (1/(M·N)) Σ (a(i, j) − b(i, j))², exact integer sum), PSNR
 * (dkg_similarity_psnr() with L = 2^@bit_depth − 1) per channel and over all samples, and SSIM
 * (dkg_similarity_ssim()) per channel and averaged. For images smaller than 11×11,
 * ssim_defined is %FALSE and the SSIM fields are NaN.
 */
void
dkg_similarity_compute (const void    *a,
                        const void    *b,
                        guint          width,
                        guint          height,
                        guint          channels,
                        guint          bit_depth,
                        gboolean       is_signed,
                        DkgSimilarity *out)
{
  guint64 sq[DKG_ANALYSIS_MAX_CHANNELS], n_differ[DKG_ANALYSIS_MAX_CHANNELS];
  guint64 sum_abs[DKG_ANALYSIS_MAX_CHANNELS], sq_all = 0;
  gsize n = (gsize) width * height, n_samples = n * channels;

  g_return_if_fail (_dkg_analysis_format_ok (a, width, height, channels, bit_depth, is_signed));
  g_return_if_fail (b != NULL && out != NULL);

  _dkg_analysis_channel_diffs (a, b, width, height, channels, bit_depth, is_signed, n_differ,
                               sum_abs, sq);
  *out = (DkgSimilarity) { 0 };
  out->channels = channels;
  out->bit_depth = bit_depth;
  out->peak = (double) ((1u << bit_depth) - 1);
  for (guint c = 0; c < DKG_ANALYSIS_MAX_CHANNELS; c++)
    {
      if (c < channels)
        {
          out->mse[c] = (double) sq[c] / (double) n;
          out->psnr[c] = dkg_similarity_psnr (out->mse[c], out->peak);
          sq_all += sq[c];
        }
      else
        out->mse[c] = out->psnr[c] = NAN;
    }
  out->mse_all = (double) sq_all / (double) n_samples;
  out->psnr_all = dkg_similarity_psnr (out->mse_all, out->peak);
  out->ssim_defined = width >= DKG_SSIM_WINDOW && height >= DKG_SSIM_WINDOW;
  if (out->ssim_defined)
    dkg_similarity_ssim (a, b, width, height, channels, bit_depth, is_signed, out->ssim,
                         &out->ssim_mean, NULL);
  else
    {
      for (guint c = 0; c < DKG_ANALYSIS_MAX_CHANNELS; c++)
        out->ssim[c] = NAN;
      out->ssim_mean = NAN;
    }
}

/**
 * dkg_similarity_compute_images:
 * @a: an image
 * @b: an image of the same width, height, channels, bit depth and signedness
 * @out: (out caller-allocates): MSE, PSNR and SSIM
 * @error: return location for a #GError
 *
 * dkg_similarity_compute() on two images.
 *
 * Returns: %TRUE, or %FALSE with %DKG_ERROR_SHAPE when the formats differ
 */
gboolean
dkg_similarity_compute_images (const DkgImage  *a,
                               const DkgImage  *b,
                               DkgSimilarity   *out,
                               GError         **error)
{
  g_return_val_if_fail (a != NULL && b != NULL && out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!_dkg_analysis_check_same_format (a, b, "images", error))
    return FALSE;
  dkg_similarity_compute (a->data, b->data, a->width, a->height, a->channels, a->bit_depth,
                          a->is_signed, out);
  return TRUE;
}
