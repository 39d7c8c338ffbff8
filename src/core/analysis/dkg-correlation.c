/* dkg-correlation.c — correlation of adjacent pixels (docs/SPECIFICATION.md §6.4)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "dkg-analysis-private.h"
#include "dkg-correlation.h"
#include "dkg-error.h"
#include "dkg-rand.h"

/*
 * Pearson r is computed from exact integer sums: with levels ≤ 65535 and at most 2^30 pairs,
 * Σx ≤ 2^46 and Σx², Σxy < 2^62 fit in 64 bits, and the centred sums
 * n·Σxy − Σx·Σy, n·Σx² − (Σx)², n·Σy² − (Σy)² (< 2^92) are formed exactly in 128 bits
 * before the single conversion to double. So r carries only a few roundings whatever the
 * image — no cancellation, unlike one-pass floating-point formulas — and a perfectly
 * anti-correlated image gives exactly −1.
 */

typedef struct
{
  guint64 hi;
  guint64 lo;
} U128;

static U128
mul_64x64 (guint64 a,
           guint64 b)
{
  guint64 a0 = a & 0xffffffffu, a1 = a >> 32, b0 = b & 0xffffffffu, b1 = b >> 32;
  guint64 p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  guint64 mid = (p00 >> 32) + (p01 & 0xffffffffu) + (p10 & 0xffffffffu);
  U128 r;

  r.lo = (mid << 32) | (p00 & 0xffffffffu);
  r.hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
  return r;
}

/* a − b as a double (exact difference, one rounding per half). */
static double
sub_to_double (U128 a,
               U128 b)
{
  gboolean negative = a.hi < b.hi || (a.hi == b.hi && a.lo < b.lo);
  U128 d;

  if (negative)
    {
      U128 t = a;
      a = b;
      b = t;
    }
  d.lo = a.lo - b.lo;
  d.hi = a.hi - b.hi - (a.lo < b.lo);
  return (negative ? -1.0 : 1.0) * ((double) d.hi * 18446744073709551616.0 + (double) d.lo);
}

/* Sums over the pairs (x, y) of one direction. */
typedef struct
{
  guint64 n;
  guint64 sx;
  guint64 sy;
  guint64 sxx;
  guint64 syy;
  guint64 sxy;
} PairSums;

static DkgCorrelationValue
pearson (const PairSums *s)
{
  DkgCorrelationValue v = { s->n, FALSE, NAN };
  double num, dxx, dyy;

  if (s->n < 2)
    return v;
  num = sub_to_double (mul_64x64 (s->n, s->sxy), mul_64x64 (s->sx, s->sy));
  dxx = sub_to_double (mul_64x64 (s->n, s->sxx), mul_64x64 (s->sx, s->sx));
  dyy = sub_to_double (mul_64x64 (s->n, s->syy), mul_64x64 (s->sy, s->sy));
  if (dxx <= 0 || dyy <= 0)
    return v;
  v.defined = TRUE;
  /* sqrt (fl (d·d)) = d exactly, so equal magnitudes give exactly ±1. */
  v.r = CLAMP (num / sqrt (dxx * dyy), -1.0, 1.0);
  return v;
}

/* All-pairs sums of one channel in one pass over its rows. Per row only Σv, Σv² and the three
 * cross products are accumulated; the sums over the first and second pixels of each direction
 * are the totals minus the excluded border row or column. */
static void
channel_correlation (const void          *samples,
                     guint                width,
                     guint                height,
                     guint                channels,
                     guint                bit_depth,
                     gboolean             is_signed,
                     guint                channel,
                     DkgCorrelationValue  out[DKG_N_DIRECTIONS])
{
  g_autofree guint16 *buf = g_new (guint16, 2 * (gsize) width);
  guint16 *prev = buf, *cur = buf + width;
  guint64 s = 0, ss = 0, hxy = 0, vxy = 0, dxy = 0;
  guint64 col_first = 0, col_first2 = 0, col_last = 0, col_last2 = 0;
  guint64 row_first = 0, row_first2 = 0, row_last = 0, row_last2 = 0;
  guint64 first = 0, last = 0;
  guint W1 = width - 1;
  PairSums ps;

  for (guint y = 0; y < height; y++)
    {
      guint64 rs = 0, rss = 0, h = 0, v = 0, d = 0;

      _dkg_analysis_row_levels (samples, width, channels, bit_depth, is_signed, y, channel, cur);
      for (guint x = 0; x < width; x++)
        {
          guint32 a = cur[x];

          rs += a;
          rss += a * a;
        }
      for (guint x = 0; x < W1; x++)
        h += (guint32) cur[x] * cur[x + 1];
      if (y > 0)
        {
          for (guint x = 0; x < width; x++)
            v += (guint32) prev[x] * cur[x];
          for (guint x = 0; x < W1; x++)
            d += (guint32) prev[x] * cur[x + 1];
        }
      s += rs;
      ss += rss;
      hxy += h;
      vxy += v;
      dxy += d;
      col_first += cur[0];
      col_first2 += (guint32) cur[0] * cur[0];
      col_last += cur[W1];
      col_last2 += (guint32) cur[W1] * cur[W1];
      if (y == 0)
        {
          row_first = rs;
          row_first2 = rss;
          first = cur[0];
        }
      if (y == height - 1)
        {
          row_last = rs;
          row_last2 = rss;
          last = cur[W1];
        }
      {
        guint16 *t = prev;
        prev = cur;
        cur = t;
      }
    }

  /* Horizontal: first pixels exclude the last column, second pixels the first column. */
  ps = (PairSums) { (guint64) height * W1, s - col_last, s - col_first,
                    ss - col_last2, ss - col_first2, hxy };
  out[DKG_DIRECTION_HORIZONTAL] = pearson (&ps);
  /* Vertical: first pixels exclude the last row, second pixels the first row. */
  ps = (PairSums) { (guint64) width * (height - 1), s - row_last, s - row_first,
                    ss - row_last2, ss - row_first2, vxy };
  out[DKG_DIRECTION_VERTICAL] = pearson (&ps);
  /* Diagonal: first pixels exclude the last row and column (the corner counted once),
   * second pixels the first row and column. */
  ps = (PairSums) { (guint64) W1 * (height - 1),
                    s - col_last - row_last + last, s - col_first - row_first + first,
                    ss - col_last2 - row_last2 + last * last,
                    ss - col_first2 - row_first2 + first * first, dxy };
  out[DKG_DIRECTION_DIAGONAL] = pearson (&ps);
}

/**
 * dkg_correlation_compute:
 * @samples: width·height·channels interleaved samples (see dkg_histogram_compute())
 * @width: ≥ 1
 * @height: ≥ 1
 * @channels: 1–4
 * @bit_depth: 8 or 16
 * @is_signed: 16-bit samples are gint16
 * @out: (out caller-allocates): r per channel and direction
 *
 * Correlation coefficient of adjacent pixels over all pairs (DeepKeyGen, Ding et al., IEEE
 * TNNLS 2022, Eqs. 15–17; docs/SPECIFICATION.md §6.4): for the N pairs (x_i, y_i) of horizontally,
 * vertically or diagonally adjacent pixels of one channel,
 *
 *   E(x) = (1/N) Σ x_i,  D(x) = (1/N) Σ (x_i − E(x))²,
 *   cov(x, y) = (1/N) Σ (x_i − E(x))(y_i − E(y)),  r = cov(x, y) / (√D(x)·√D(y)),
 *
 * r ∈ [−1, 1], dimensionless: near 1 for natural images, near 0 for good ciphertexts.
 * N = H(W − 1), W(H − 1) and (W − 1)(H − 1). When D(x) or D(y) is 0 (e.g. a constant image)
 * or N < 2, r is undefined: reported as NaN with defined = %FALSE. Exact integer sums (see the
 * top of this file); one pass over the image, O(W·H) per channel.
 */
void
dkg_correlation_compute (const void     *samples,
                         guint           width,
                         guint           height,
                         guint           channels,
                         guint           bit_depth,
                         gboolean        is_signed,
                         DkgCorrelation *out)
{
  g_return_if_fail (_dkg_analysis_format_ok (samples, width, height, channels, bit_depth,
                                             is_signed));
  g_return_if_fail (out != NULL);

  *out = (DkgCorrelation) { 0 };
  out->channels = channels;
  for (guint c = 0; c < DKG_ANALYSIS_MAX_CHANNELS; c++)
    {
      if (c < channels)
        channel_correlation (samples, width, height, channels, bit_depth, is_signed, c,
                             out->value[c]);
      else
        for (guint d = 0; d < DKG_N_DIRECTIONS; d++)
          out->value[c][d] = (DkgCorrelationValue) { 0, FALSE, NAN };
    }
}

/**
 * dkg_correlation_compute_image:
 * @image: an image
 * @out: (out caller-allocates): r per channel and direction
 *
 * dkg_correlation_compute() on the samples of @image.
 */
void
dkg_correlation_compute_image (const DkgImage *image,
                               DkgCorrelation *out)
{
  g_return_if_fail (image != NULL);

  dkg_correlation_compute (image->data, image->width, image->height, image->channels,
                           image->bit_depth, image->is_signed, out);
}

/**
 * dkg_correlation_sample:
 * @samples: width·height·channels interleaved samples (see dkg_histogram_compute())
 * @width: ≥ 1
 * @height: ≥ 1
 * @channels: 1–4
 * @bit_depth: 8 or 16
 * @is_signed: 16-bit samples are gint16
 * @direction: which neighbour
 * @channel: channel to sample, < @channels
 * @n_pairs: N, pairs to draw, ≥ 1
 * @seed: seed of the draw (#DkgRand): the same seed gives the same pairs
 * @error: return location for a #GError
 *
 * The paper's sampled variant of the adjacent-pixel correlation (docs/SPECIFICATION.md §6.4): N
 * first pixels are drawn uniformly, with replacement, among those that have a neighbour in
 * @direction; their coordinates and both values are returned for scatter plots, with r of the
 * drawn pairs (Eqs. 15–17, exact sums as in dkg_correlation_compute()).
 *
 * Returns: (transfer full): the pairs, or %NULL with %DKG_ERROR_INVALID_ARGUMENT for
 *   @n_pairs = 0, or %DKG_ERROR_NOT_APPLICABLE when the image has no pair in @direction
 *   (one column, or one row)
 */
DkgCorrelationSample *
dkg_correlation_sample (const void    *samples,
                        guint          width,
                        guint          height,
                        guint          channels,
                        guint          bit_depth,
                        gboolean       is_signed,
                        DkgDirection   direction,
                        guint          channel,
                        guint          n_pairs,
                        guint64        seed,
                        GError       **error)
{
  g_autoptr(DkgCorrelationSample) cs = NULL;
  g_autoptr(DkgRand) rand = NULL;
  guint dx, dy;
  int offset;
  PairSums ps = { 0 };

  g_return_val_if_fail (_dkg_analysis_format_ok (samples, width, height, channels, bit_depth,
                                                 is_signed), NULL);
  g_return_val_if_fail (direction < DKG_N_DIRECTIONS && channel < channels, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (n_pairs == 0)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                   "the sampled correlation needs at least one pair");
      return NULL;
    }
  dx = direction == DKG_DIRECTION_VERTICAL ? 0 : 1;
  dy = direction == DKG_DIRECTION_HORIZONTAL ? 0 : 1;
  if (width <= dx || height <= dy)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_NOT_APPLICABLE,
                   "a %u×%u image has no %s pairs", width, height,
                   dkg_direction_to_string (direction));
      return NULL;
    }

  offset = _dkg_analysis_level_offset (bit_depth, is_signed);
  cs = g_new0 (DkgCorrelationSample, 1);
  cs->direction = direction;
  cs->channel = channel;
  cs->seed = seed;
  cs->n_pairs = n_pairs;
  cs->x = g_new (guint, n_pairs);
  cs->y = g_new (guint, n_pairs);
  cs->u = g_new (gint32, n_pairs);
  cs->v = g_new (gint32, n_pairs);

  rand = dkg_rand_new_seeded (seed);
  ps.n = n_pairs;
  for (guint i = 0; i < n_pairs; i++)
    {
      guint x = dkg_rand_below (rand, width - dx), y = dkg_rand_below (rand, height - dy);
      gsize i1 = ((gsize) y * width + x) * channels + channel;
      gsize i2 = ((gsize) (y + dy) * width + x + dx) * channels + channel;
      guint32 l1, l2;

      if (bit_depth == 8)
        {
          l1 = ((const guint8 *) samples)[i1];
          l2 = ((const guint8 *) samples)[i2];
        }
      else
        {
          l1 = (guint16) (((const guint16 *) samples)[i1] ^ (is_signed ? 0x8000 : 0));
          l2 = (guint16) (((const guint16 *) samples)[i2] ^ (is_signed ? 0x8000 : 0));
        }
      cs->x[i] = x;
      cs->y[i] = y;
      cs->u[i] = (gint32) l1 - offset;
      cs->v[i] = (gint32) l2 - offset;
      ps.sx += l1;
      ps.sy += l2;
      ps.sxx += (guint64) l1 * l1;
      ps.syy += (guint64) l2 * l2;
      ps.sxy += (guint64) l1 * l2;
    }
  cs->value = pearson (&ps);
  return g_steal_pointer (&cs);
}

/**
 * dkg_correlation_sample_image:
 * @image: an image
 * @direction: which neighbour
 * @channel: channel to sample
 * @n_pairs: pairs to draw, ≥ 1
 * @seed: seed of the draw
 * @error: return location for a #GError
 *
 * dkg_correlation_sample() on the samples of @image.
 *
 * Returns: (transfer full): the pairs, or %NULL with @error set
 */
DkgCorrelationSample *
dkg_correlation_sample_image (const DkgImage  *image,
                              DkgDirection     direction,
                              guint            channel,
                              guint            n_pairs,
                              guint64          seed,
                              GError         **error)
{
  g_return_val_if_fail (image != NULL, NULL);

  return dkg_correlation_sample (image->data, image->width, image->height, image->channels,
                                 image->bit_depth, image->is_signed, direction, channel,
                                 n_pairs, seed, error);
}

void
dkg_correlation_sample_free (DkgCorrelationSample *sample)
{
  if (sample == NULL)
    return;
  g_free (sample->x);
  g_free (sample->y);
  g_free (sample->u);
  g_free (sample->v);
  g_free (sample);
}

/**
 * dkg_direction_to_string:
 * @direction: a direction
 *
 * Returns: "horizontal", "vertical" or "diagonal"
 */
const char *
dkg_direction_to_string (DkgDirection direction)
{
  switch (direction)
    {
    case DKG_DIRECTION_HORIZONTAL:
      return "horizontal";
    case DKG_DIRECTION_VERTICAL:
      return "vertical";
    case DKG_DIRECTION_DIAGONAL:
      return "diagonal";
    case DKG_N_DIRECTIONS:
    default:
      break;
    }
  g_return_val_if_reached ("unknown");
}
