/* dkg-entropy.c — global and local Shannon entropy (docs/SPECIFICATION.md §6.1)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>

#include "dkg-analysis-private.h"
#include "dkg-entropy.h"
#include "dkg-error.h"
#include "dkg-rand.h"

/* Probabilities below this fraction of the mode's are left out of the binomial sums:
 * the neglected mass is < 1e-25, far below double rounding of the results. */
#define PMF_CUTOFF 1e-30

/**
 * dkg_entropy_from_counts:
 * @counts: (array length=n_bins): occurrences of each symbol
 * @n_bins: number of symbols B
 *
 * Shannon entropy of the empirical distribution p_i = o_i/n (Shannon 1948; docs/SPECIFICATION.md
 * §6.1): H = −Σ_{o_i > 0} p_i·log₂ p_i.
 *
 * Returns: H in bits per symbol, 0 … log₂ B (0 for a single symbol, log₂ B for a perfectly flat
 *   histogram); NaN when all counts are zero
 */
double
dkg_entropy_from_counts (const guint64 *counts,
                         gsize          n_bins)
{
  guint64 n = 0;
  double h = 0, dn;

  g_return_val_if_fail (counts != NULL || n_bins == 0, NAN);

  for (gsize i = 0; i < n_bins; i++)
    n += counts[i];
  if (n == 0)
    return NAN;
  dn = (double) n;
  for (gsize i = 0; i < n_bins; i++)
    if (counts[i] != 0)
      {
        double p = (double) counts[i] / dn;

        h -= p * log2 (p);
      }
  return h + 0.0;   /* a single symbol gives −0 */
}

/**
 * dkg_entropy_bytes:
 * @data: (array length=n): bytes, e.g. all the bytes of a key
 * @n: number of bytes
 *
 * Shannon entropy of the byte histogram of @data over 256 bins (docs/SPECIFICATION.md §6.1: for
 * keys, over all bytes). Compare with dkg_entropy_expected (@n, 256): 7.99719 for 65,536 bytes,
 * 7.99906 for 196,608.
 *
 * Returns: bits per byte, 0 … 8; NaN when @n is 0
 */
double
dkg_entropy_bytes (const guint8 *data,
                   gsize         n)
{
  guint64 counts[256] = { 0 };

  g_return_val_if_fail (data != NULL || n == 0, NAN);

  for (gsize i = 0; i < n; i++)
    counts[data[i]]++;
  return dkg_entropy_from_counts (counts, 256);
}

/* Binomial(n, p) probabilities at lo … hi, where [lo, hi] covers every x whose probability is
 * at least PMF_CUTOFF times the mode's. Built by the ratio recurrence
 * P(x+1)/P(x) = (n − x)/(x + 1) · p/(1 − p) outward from the mode and normalised by the sum,
 * so no factorial or lgamma is evaluated (lgamma of large n would cost relative accuracy). */
static double *
binomial_pmf (guint64  n,
              double   p,
              guint64 *lo,
              guint64 *hi)
{
  g_autoptr(GArray) down = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) up = g_array_new (FALSE, FALSE, sizeof (double));
  guint64 mode, x;
  double q, w, sum = 0;
  double *pmf;
  guint len;

  if (p >= 1.0 || n == 0)
    {
      *lo = *hi = (p >= 1.0) ? n : 0;
      pmf = g_new (double, 1);
      pmf[0] = 1.0;
      return pmf;
    }
  q = p / (1.0 - p);
  mode = (guint64) floor (((double) n + 1.0) * p);
  mode = MIN (mode, n);

  w = 1.0;
  g_array_append_val (up, w);
  for (x = mode; x < n; x++)
    {
      w *= (double) (n - x) / (double) (x + 1) * q;
      if (w < PMF_CUTOFF)
        break;
      g_array_append_val (up, w);
    }
  w = 1.0;
  for (x = mode; x > 0; x--)
    {
      w *= (double) x / ((double) (n - x + 1) * q);
      if (w < PMF_CUTOFF)
        break;
      g_array_append_val (down, w);
    }

  len = down->len + up->len;
  pmf = g_new (double, len);
  for (guint i = 0; i < down->len; i++)
    pmf[i] = g_array_index (down, double, down->len - 1 - i);
  for (guint i = 0; i < up->len; i++)
    pmf[down->len + i] = g_array_index (up, double, i);
  for (guint i = 0; i < len; i++)
    sum += pmf[i];
  for (guint i = 0; i < len; i++)
    pmf[i] /= sum;
  *lo = mode - down->len;
  *hi = mode + up->len - 1;
  return pmf;
}

/* The contribution −(x/n)·log₂(x/n) of one bin holding x of n samples. */
static inline double
plugin_term (guint64 x,
             guint64 n)
{
  double p;

  if (x == 0)
    return 0.0;
  p = (double) x / (double) n;
  return -p * log2 (p);
}

/**
 * dkg_entropy_moments:
 * @n: number of samples, ≥ 1
 * @n_bins: number of equiprobable symbols B, ≥ 2
 * @mean: (out) (optional): E[Ĥ], bits
 * @variance: (out) (optional): Var[Ĥ], bits²
 *
 * Exact mean and variance of the plug-in entropy Ĥ = Σ_i f(X_i), f(x) = −(x/n)·log₂(x/n), of
 * n independent draws uniform over B symbols, where (X_1 … X_B) ~ Multinomial(n; 1/B, …, 1/B).
 * This is the reference distribution of Wu, Zhou, Saveriades, Agaian, Noonan & Natarajan,
 * "Local Shannon entropy measure with statistical tests for image randomness", Information
 * Sciences 222 (2013) 323–342, computed exactly:
 *
 *   E[Ĥ] = B·E[f(X_1)],  X_1 ~ Binomial(n, 1/B)
 *   Var[Ĥ] = B·Var[f(X_1)] + B(B − 1)·Cov[f(X_1), f(X_2)]
 *
 * where the covariance sums over the binomial marginal and the conditional law
 * X_2 | X_1 = x ~ Binomial(n − x, 1/(B − 1)), both centred on E[f(X_1)] to keep precision
 * (the two variance terms cancel to about 1/300 of their size for n = 1936, B = 256).
 * Binomial probabilities come from the ratio recurrence, truncated at 10⁻³⁰ of the mode.
 * Cost: O(√(n/B)) for the mean and O(n/B) for the variance — microseconds for image blocks,
 * the mean alone for whole images. For n = 1936, B = 256: E = 7.902469317, σ = 0.0086942.
 */
void
dkg_entropy_moments (guint64  n,
                     guint64  n_bins,
                     double  *mean,
                     double  *variance)
{
  g_autofree double *pmf = NULL;
  guint64 lo, hi;
  double B = (double) n_bins, m = 0, v1 = 0, cov = 0;

  g_return_if_fail (n >= 1 && n_bins >= 2);

  pmf = binomial_pmf (n, 1.0 / B, &lo, &hi);
  for (guint64 x = lo; x <= hi; x++)
    m += pmf[x - lo] * plugin_term (x, n);
  if (mean != NULL)
    *mean = B * m;
  if (variance == NULL)
    return;

  for (guint64 x1 = lo; x1 <= hi; x1++)
    {
      g_autofree double *cond = NULL;
      double d1 = plugin_term (x1, n) - m, inner = 0;
      guint64 clo, chi;

      v1 += pmf[x1 - lo] * d1 * d1;
      cond = binomial_pmf (n - x1, 1.0 / (B - 1.0), &clo, &chi);
      for (guint64 x2 = clo; x2 <= chi; x2++)
        inner += cond[x2 - clo] * (plugin_term (x2, n) - m);
      cov += pmf[x1 - lo] * d1 * inner;
    }
  *variance = MAX (0.0, B * v1 + B * (B - 1.0) * cov);
}

/**
 * dkg_entropy_expected:
 * @n: number of samples, ≥ 1
 * @n_bins: number of bins B, ≥ 2
 *
 * The entropy ideal random data of @n samples has on average: the exact mean of the plug-in
 * entropy of @n independent uniform draws over B symbols (dkg_entropy_moments()). For n ≫ B it
 * agrees with the first-order expansion dkg_entropy_expected_approx(),
 * log₂ B − (B − 1)/(2n·ln 2) (Miller 1955), up to the next term −(B² − 1)/(12n²·ln 2):
 * 7.99719 for n = 65,536 bytes and 7.99906 for 196,608 (docs/SPECIFICATION.md §6.1). Unlike the
 * expansion it stays right when n is not large against B, e.g. a 256×256 16-bit image (n = B =
 * 65,536).
 *
 * Returns: E[Ĥ] in bits per sample, 0 … log₂ B
 */
double
dkg_entropy_expected (guint64 n,
                      guint64 n_bins)
{
  double mean = NAN;

  g_return_val_if_fail (n >= 1 && n_bins >= 2, NAN);

  dkg_entropy_moments (n, n_bins, &mean, NULL);
  return mean;
}

/**
 * dkg_entropy_expected_approx:
 * @n: number of samples, ≥ 1
 * @n_bins: number of bins B, ≥ 2
 *
 * Miller's (1955) first-order bias of the plug-in entropy applied to uniform data,
 * log₂ B − (B − 1)/(2n·ln 2); for bytes 8 − 255/(2n·ln 2) (docs/SPECIFICATION.md §6.1). Accurate
 * only for n ≫ B; dkg_entropy_expected() is exact.
 *
 * Returns: bits per sample
 */
double
dkg_entropy_expected_approx (guint64 n,
                             guint64 n_bins)
{
  g_return_val_if_fail (n >= 1 && n_bins >= 2, NAN);

  return log2 ((double) n_bins) - ((double) n_bins - 1.0) / (2.0 * (double) n * G_LN2);
}

/**
 * dkg_entropy_from_histogram:
 * @histogram: a histogram
 * @out: (out caller-allocates): the entropies
 *
 * Global Shannon entropy (docs/SPECIFICATION.md §6.1) of each channel of @histogram and of all
 * channels pooled, with the exact expectation for uniform random data of the same sizes.
 */
void
dkg_entropy_from_histogram (const DkgHistogram *histogram,
                            DkgEntropy         *out)
{
  g_autofree guint64 *pooled = NULL;

  g_return_if_fail (histogram != NULL && out != NULL);

  *out = (DkgEntropy) { 0 };
  out->channels = histogram->channels;
  out->bit_depth = histogram->bit_depth;
  out->n_bins = histogram->n_bins;
  out->n_per_channel = histogram->n_per_channel;
  pooled = g_new0 (guint64, histogram->n_bins);
  for (guint c = 0; c < histogram->channels; c++)
    {
      const guint64 *cc = histogram->counts + (gsize) c * histogram->n_bins;

      out->channel[c] = dkg_entropy_from_counts (cc, histogram->n_bins);
      for (guint i = 0; i < histogram->n_bins; i++)
        pooled[i] += cc[i];
    }
  for (guint c = histogram->channels; c < DKG_ANALYSIS_MAX_CHANNELS; c++)
    out->channel[c] = NAN;
  out->all = dkg_entropy_from_counts (pooled, histogram->n_bins);
  out->expected_channel = dkg_entropy_expected (histogram->n_per_channel, histogram->n_bins);
  out->expected_all = dkg_entropy_expected (histogram->n_per_channel * histogram->channels,
                                            histogram->n_bins);
}

/**
 * dkg_entropy_compute:
 * @samples: width·height·channels interleaved samples (see dkg_histogram_compute())
 * @width: ≥ 1
 * @height: ≥ 1
 * @channels: 1–4
 * @bit_depth: 8 or 16: entropies are over 2^@bit_depth bins, so 0 … @bit_depth bits
 * @is_signed: 16-bit samples are gint16
 * @out: (out caller-allocates): the entropies
 *
 * Global Shannon entropy per channel and over all samples (docs/SPECIFICATION.md §6.1); see
 * dkg_entropy_from_histogram(). One pass over the samples.
 */
void
dkg_entropy_compute (const void *samples,
                     guint       width,
                     guint       height,
                     guint       channels,
                     guint       bit_depth,
                     gboolean    is_signed,
                     DkgEntropy *out)
{
  g_autoptr(DkgHistogram) h = NULL;

  g_return_if_fail (_dkg_analysis_format_ok (samples, width, height, channels, bit_depth,
                                             is_signed));
  g_return_if_fail (out != NULL);

  h = dkg_histogram_compute (samples, width, height, channels, bit_depth, is_signed);
  dkg_entropy_from_histogram (h, out);
}

/**
 * dkg_entropy_compute_image:
 * @image: an image
 * @out: (out caller-allocates): the entropies
 *
 * dkg_entropy_compute() on the samples of @image.
 */
void
dkg_entropy_compute_image (const DkgImage *image,
                           DkgEntropy     *out)
{
  g_return_if_fail (image != NULL);

  dkg_entropy_compute (image->data, image->width, image->height, image->channels,
                       image->bit_depth, image->is_signed, out);
}

/**
 * dkg_local_entropy_critical:
 * @n_blocks: k, number of blocks averaged, ≥ 1
 * @block_pixels: T_B, samples per block, ≥ 1
 * @n_symbols: B, 256 for 8-bit images, 65,536 for 16-bit
 * @alpha: significance level, 0 < α < 1
 * @mu: (out) (optional): exact mean μ of one block's entropy for uniform random samples, bits
 * @sigma: (out) (optional): its exact standard deviation σ, bits
 * @interval: (out caller-allocates) (optional): the two-sided critical interval of the mean of
 *   k block entropies: h_left = μ − Φ⁻¹(1 − α/2)·σ/√k, h_right = μ + Φ⁻¹(1 − α/2)·σ/√k
 *
 * Critical values of the local Shannon entropy test of Wu et al. (Information Sciences 222,
 * 2013, 323–342): under the null hypothesis the k block entropies are independent with the mean
 * and variance of dkg_entropy_moments (T_B, B), so by the central limit theorem their mean is
 * approximately N(μ, σ²/k). μ and σ are computed exactly here, not approximated.
 *
 * For k = 30, T_B = 1936, B = 256: μ = 7.902469317, σ = 0.008694226, and at α = 0.05 the
 * interval is (7.899358185, 7.905580448). The paper's published values for this case,
 * h_left = 7.901901305 and h_right = 7.903037329, share this μ (their midpoint agrees to 1e−9)
 * but their half-width is Φ⁻¹(0.975)·σ/k rather than σ/√k: √30 ≈ 5.5 times narrower than the
 * sampling spread of a mean of 30 independent blocks. A simulation (200,000 blocks of 1936
 * uniform bytes, numpy) gives σ = 0.00871 and a standard deviation of 30-block means of
 * 0.00159 = σ/√30; 94.9 % of those means fall inside the interval computed here and 27.5 %
 * inside the published one. tests/core/analysis/test-entropy.c checks both statements.
 */
void
dkg_local_entropy_critical (guint               n_blocks,
                            guint64             block_pixels,
                            guint64             n_symbols,
                            double              alpha,
                            double             *mu,
                            double             *sigma,
                            DkgEntropyInterval *interval)
{
  double m = NAN, var = NAN, s, z;

  g_return_if_fail (n_blocks >= 1 && block_pixels >= 1 && n_symbols >= 2);
  g_return_if_fail (alpha > 0 && alpha < 1);

  dkg_entropy_moments (block_pixels, n_symbols, &m, &var);
  s = sqrt (var);
  z = gsl_cdf_ugaussian_Pinv (1.0 - alpha / 2.0);
  if (mu != NULL)
    *mu = m;
  if (sigma != NULL)
    *sigma = s;
  if (interval != NULL)
    {
      interval->alpha = alpha;
      interval->h_left = m - z * s / sqrt ((double) n_blocks);
      interval->h_right = m + z * s / sqrt ((double) n_blocks);
    }
}

static int
compare_guint32 (const void *a,
                 const void *b)
{
  guint32 x = *(const guint32 *) a, y = *(const guint32 *) b;

  return (x > y) - (x < y);
}

/* k distinct indices of 0 … n − 1, uniformly at random (Floyd's algorithm), sorted. */
static guint32 *
sample_distinct (DkgRand *rand,
                 guint32  n,
                 guint    k)
{
  g_autoptr(GHashTable) chosen = g_hash_table_new (NULL, NULL);
  guint32 *out = g_new (guint32, k);
  guint i = 0;
  GHashTableIter iter;
  gpointer key;

  g_assert (k <= n);
  for (guint32 j = n - k; j < n; j++)
    {
      guint32 t = dkg_rand_below (rand, j + 1);

      /* Keys are stored + 1: GINT_TO_POINTER (0) is NULL. */
      if (g_hash_table_contains (chosen, GUINT_TO_POINTER (t + 1)))
        t = j;
      g_hash_table_add (chosen, GUINT_TO_POINTER (t + 1));
    }
  g_hash_table_iter_init (&iter, chosen);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    out[i++] = GPOINTER_TO_UINT (key) - 1;
  qsort (out, k, sizeof (guint32), compare_guint32);
  return out;
}

/* Entropy of one block of one channel; @counts is zero on entry and on return, @touched holds
 * room for bs² levels. */
static double
block_entropy (const void *samples,
               guint       width,
               guint       channels,
               guint       bit_depth,
               gboolean    is_signed,
               guint       channel,
               guint       x0,
               guint       y0,
               guint       bs,
               guint32    *counts,
               guint32    *touched)
{
  guint n_touched = 0;
  double h = 0, n = (double) bs * bs;

  for (guint y = y0; y < y0 + bs; y++)
    {
      gsize base = ((gsize) y * width + x0) * channels + channel;

      for (guint x = 0; x < bs; x++)
        {
          guint32 level;

          if (bit_depth == 8)
            level = ((const guint8 *) samples)[base + (gsize) x * channels];
          else
            level = (guint16) (((const guint16 *) samples)[base + (gsize) x * channels]
                               ^ (is_signed ? 0x8000 : 0));
          if (counts[level]++ == 0)
            touched[n_touched++] = level;
        }
    }
  for (guint i = 0; i < n_touched; i++)
    {
      double p = counts[touched[i]] / n;

      h -= p * log2 (p);
      counts[touched[i]] = 0;
    }
  return h + 0.0;
}

/**
 * dkg_local_entropy_compute:
 * @samples: width·height·channels interleaved samples (see dkg_histogram_compute())
 * @width: ≥ 1
 * @height: ≥ 1
 * @channels: 1–4
 * @bit_depth: 8 or 16: block entropies are over 2^@bit_depth symbols
 * @is_signed: 16-bit samples are gint16
 * @options: (nullable): k, block size and seed; %NULL for k = 30, 44×44, seed 0
 * @error: return location for a #GError
 *
 * Local Shannon entropy of Wu et al. (Information Sciences 222, 2013, 323–342):
 * the mean of the Shannon entropies of k non-overlapping blocks of T_B = block_size² pixels
 * chosen at random, with the critical intervals of dkg_local_entropy_critical() at α = 0.05,
 * 0.01 and 0.001.
 *
 * Block selection (seeded, reproducible): the image is tiled by a grid of block_size ×
 * block_size tiles whose origin is shifted by a random offset in
 * [0, width mod block_size] × [0, height mod block_size], and k distinct tiles are drawn
 * uniformly without replacement. The blocks are therefore disjoint. When the image holds fewer
 * than k tiles, all of them are used and k is reduced (n_blocks < n_blocks_requested) rather
 * than letting blocks overlap, which would make the k entropies dependent and the interval
 * invalid; the critical values are computed for the reduced k. (No axis-aligned placement fits
 * more than ⌊W/44⌋·⌊H/44⌋ disjoint 44×44 blocks: 25 in a 256×256 image.) Every channel uses
 * the same blocks. Cost: O(k·T_B) per channel plus the critical values.
 *
 * Returns: (transfer full): the result, or %NULL with @error set to %DKG_ERROR_NOT_APPLICABLE
 *   when the image is smaller than one block, or %DKG_ERROR_INVALID_ARGUMENT for k = 0 or a
 *   zero block size
 */
DkgLocalEntropy *
dkg_local_entropy_compute (const void                   *samples,
                           guint                         width,
                           guint                         height,
                           guint                         channels,
                           guint                         bit_depth,
                           gboolean                      is_signed,
                           const DkgLocalEntropyOptions *options,
                           GError                      **error)
{
  DkgLocalEntropyOptions opts = { 30, 44, 0 };
  g_autoptr(DkgLocalEntropy) le = NULL;
  g_autoptr(DkgRand) rand = NULL;
  g_autofree guint32 *tiles = NULL;
  g_autofree guint32 *counts = NULL;
  g_autofree guint32 *touched = NULL;
  guint gx, gy, ox, oy;
  guint64 n_tiles;
  double mu = NAN, sigma = NAN;

  g_return_val_if_fail (_dkg_analysis_format_ok (samples, width, height, channels, bit_depth,
                                                 is_signed), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (options != NULL)
    opts = *options;
  if (opts.n_blocks == 0 || opts.block_size == 0)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                   "local entropy needs at least one block of at least one pixel "
                   "(asked for %u blocks of %u×%u)", opts.n_blocks, opts.block_size,
                   opts.block_size);
      return NULL;
    }
  if (opts.block_size > width || opts.block_size > height)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_NOT_APPLICABLE,
                   "local entropy is not applicable: the %u×%u image is smaller than one "
                   "%u×%u block", width, height, opts.block_size, opts.block_size);
      return NULL;
    }

  gx = width / opts.block_size;
  gy = height / opts.block_size;
  n_tiles = (guint64) gx * gy;

  le = g_new0 (DkgLocalEntropy, 1);
  le->channels = channels;
  le->bit_depth = bit_depth;
  le->n_blocks_requested = opts.n_blocks;
  le->n_blocks = (guint) MIN ((guint64) opts.n_blocks, n_tiles);
  le->block_size = opts.block_size;
  le->seed = opts.seed;
  le->block_x = g_new (guint, le->n_blocks);
  le->block_y = g_new (guint, le->n_blocks);

  rand = dkg_rand_new_seeded (opts.seed);
  ox = dkg_rand_below (rand, width - gx * opts.block_size + 1);
  oy = dkg_rand_below (rand, height - gy * opts.block_size + 1);
  tiles = sample_distinct (rand, (guint32) n_tiles, le->n_blocks);
  for (guint i = 0; i < le->n_blocks; i++)
    {
      le->block_x[i] = ox + (tiles[i] % gx) * opts.block_size;
      le->block_y[i] = oy + (tiles[i] / gx) * opts.block_size;
    }

  counts = g_new0 (guint32, (gsize) 1 << bit_depth);
  touched = g_new (guint32, (gsize) opts.block_size * opts.block_size);
  for (guint c = 0; c < DKG_ANALYSIS_MAX_CHANNELS; c++)
    {
      double sum = 0;

      if (c >= channels)
        {
          le->channel[c] = NAN;
          continue;
        }
      for (guint i = 0; i < le->n_blocks; i++)
        sum += block_entropy (samples, width, channels, bit_depth, is_signed, c,
                              le->block_x[i], le->block_y[i], opts.block_size, counts, touched);
      le->channel[c] = sum / le->n_blocks;
    }

  for (guint a = 0; a < DKG_ANALYSIS_N_ALPHAS; a++)
    {
      dkg_local_entropy_critical (le->n_blocks, (guint64) opts.block_size * opts.block_size,
                                  (guint64) 1 << bit_depth, dkg_analysis_alpha (a),
                                  &mu, &sigma, &le->interval[a]);
      for (guint c = 0; c < channels; c++)
        le->pass[c][a] = le->channel[c] >= le->interval[a].h_left
                         && le->channel[c] <= le->interval[a].h_right;
    }
  le->mu = mu;
  le->sigma = sigma;
  return g_steal_pointer (&le);
}

/**
 * dkg_local_entropy_compute_image:
 * @image: an image
 * @options: (nullable): see dkg_local_entropy_compute()
 * @error: return location for a #GError
 *
 * dkg_local_entropy_compute() on the samples of @image.
 *
 * Returns: (transfer full): the result, or %NULL with @error set
 */
DkgLocalEntropy *
dkg_local_entropy_compute_image (const DkgImage               *image,
                                 const DkgLocalEntropyOptions *options,
                                 GError                      **error)
{
  g_return_val_if_fail (image != NULL, NULL);

  return dkg_local_entropy_compute (image->data, image->width, image->height, image->channels,
                                    image->bit_depth, image->is_signed, options, error);
}

void
dkg_local_entropy_free (DkgLocalEntropy *local)
{
  if (local == NULL)
    return;
  g_free (local->block_x);
  g_free (local->block_y);
  g_free (local);
}
