/* dkg-nist-frequency.c — SP 800-22 rev 1a §2.1 frequency, §2.2 block frequency, §2.13 cusum
 *
 * Counting ones is a popcount per 64-bit word. The random walk of §2.13 goes a byte at a time:
 * a 256-entry table holds each byte's net step and the highest and lowest partial sums inside
 * it, so the extrema of S_k need n/8 steps, not n.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "dkg-nist-private.h"

gsize
_dkg_nist_popcount_range (const DkgNistBits *b, gsize start, gsize len)
{
  gsize ones = 0;

  for (gsize off = 0; off < len; off += 64)
    {
      guint64 x = _dkg_nist_get64 (b, start + off);
      gsize c = MIN (64, len - off);

      if (c < 64)
        x &= ~G_GUINT64_CONSTANT (0) << (64 - c);
      ones += (gsize) __builtin_popcountll (x);
    }
  return ones;
}

void
_dkg_nist_walk_extrema (const DkgNistBits *b, gint64 *max, gint64 *min, gint64 *final)
{
  gint8 step[256], hi[256], lo[256];
  gint64 s = 0, smax = 0, smin = 0;
  gsize n_bytes = b->n / 8;

  for (guint v = 0; v < 256; v++)
    {
      int t = 0, h = -8, l = 8;

      for (int j = 7; j >= 0; j--)
        {
          t += (v >> j) & 1 ? 1 : -1;
          h = MAX (h, t);
          l = MIN (l, t);
        }
      step[v] = (gint8) t;
      hi[v] = (gint8) h;
      lo[v] = (gint8) l;
    }
  for (gsize i = 0; i < n_bytes; i++)
    {
      guint v = (guint) (b->w[i >> 3] >> (56 - 8 * (i & 7))) & 0xff;

      smax = MAX (smax, s + hi[v]);
      smin = MIN (smin, s + lo[v]);
      s += step[v];
    }
  for (gsize i = 8 * n_bytes; i < b->n; i++)
    {
      s += _dkg_nist_bit (b, i) ? 1 : -1;
      smax = MAX (smax, s);
      smin = MIN (smin, s);
    }
  *max = smax;
  *min = smin;
  *final = s;
}

/* §2.1: S_n = Σ (2ε_i − 1), s_obs = |S_n|/√n, P = erfc(s_obs/√2). */
void
_dkg_nist_frequency (const DkgNistBits *b, const DkgNistParams *p, DkgNistResult *r)
{
  gint64 s = 2 * (gint64) b->ones - (gint64) b->n;
  double s_obs = fabs ((double) s) / sqrt ((double) b->n);

  _dkg_nist_result_add_param (r, "n", (gint64) b->n);
  _dkg_nist_result_add_stat (r, "S_n", (double) s);
  _dkg_nist_result_add_stat (r, "s_obs", s_obs);
  if (b->n < 100)
    _dkg_nist_result_add_note (r, _("n = %zu is below the 100 bits §2.1.7 recommends"), b->n);
  _dkg_nist_result_add_p_value (r, NULL, erfc (s_obs / G_SQRT2));
}

/* §2.2: N = ⌊n/M⌋ blocks, π_i their proportions of ones, χ² = 4M Σ (π_i − ½)²,
 * P = igamc(N/2, χ²/2). */
void
_dkg_nist_block_frequency (const DkgNistBits *b, const DkgNistParams *p, DkgNistResult *r)
{
  gsize M = p->block_frequency_m, N = b->n / M;
  double sum = 0, chi2;

  _dkg_nist_result_add_param (r, "n", (gint64) b->n);
  _dkg_nist_result_add_param (r, "M", (gint64) M);
  _dkg_nist_result_add_param (r, "N", (gint64) N);
  if (N == 0)
    {
      _dkg_nist_result_set_not_applicable (r, _("n = %zu is shorter than one block of M = %zu "
                                                "bits (§2.2.4)"),
                                           b->n, M);
      return;
    }
  for (gsize i = 0; i < N; i++)
    {
      double v = (double) _dkg_nist_popcount_range (b, i * M, M) / (double) M - 0.5;

      sum += v * v;
    }
  chi2 = 4.0 * (double) M * sum;
  _dkg_nist_result_add_stat (r, "chi2", chi2);
  if (b->n < 100)
    _dkg_nist_result_add_note (r, _("n = %zu is below the 100 bits §2.2.7 recommends"), b->n);
  _dkg_nist_result_add_p_value (r, NULL, _dkg_nist_igamc ((double) N / 2.0, chi2 / 2.0));
}

/* §2.13.4 step (4), with the summation limits sts-2.1.2 computes in integer arithmetic
 * (C division truncates toward zero). */
static double
cusum_p_value (gint64 n, gint64 z)
{
  double sqrt_n = sqrt ((double) n), sum1 = 0, sum2 = 0;

  for (gint64 k = (-n / z + 1) / 4; k <= (n / z - 1) / 4; k++)
    {
      sum1 += _dkg_nist_normal_cdf ((double) ((4 * k + 1) * z) / sqrt_n);
      sum1 -= _dkg_nist_normal_cdf ((double) ((4 * k - 1) * z) / sqrt_n);
    }
  for (gint64 k = (-n / z - 3) / 4; k <= (n / z - 1) / 4; k++)
    {
      sum2 += _dkg_nist_normal_cdf ((double) ((4 * k + 3) * z) / sqrt_n);
      sum2 -= _dkg_nist_normal_cdf ((double) ((4 * k + 1) * z) / sqrt_n);
    }
  return 1.0 - sum1 + sum2;
}

/* §2.13: z = max_k |S_k| for the forward walk and max_k |S_n − S_k| for the reverse one. */
void
_dkg_nist_cumulative_sums (const DkgNistBits *b, const DkgNistParams *p, DkgNistResult *r)
{
  gint64 smax, smin, s, z, zrev, n = (gint64) b->n;

  _dkg_nist_walk_extrema (b, &smax, &smin, &s);
  z = MAX (smax, -smin);
  zrev = MAX (smax - s, s - smin);
  _dkg_nist_result_add_param (r, "n", n);
  _dkg_nist_result_add_stat (r, "z_forward", (double) z);
  _dkg_nist_result_add_stat (r, "z_reverse", (double) zrev);
  if (b->n < 100)
    _dkg_nist_result_add_note (r, _("n = %zu is below the 100 bits §2.13.7 recommends"), b->n);
  _dkg_nist_result_add_p_value (r, "forward", cusum_p_value (n, z));
  _dkg_nist_result_add_p_value (r, "reverse", cusum_p_value (n, zrev));
}
