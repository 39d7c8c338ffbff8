/* dkg-nist-template.c — SP 800-22 rev 1a §2.7 non-overlapping and §2.8 overlapping templates
 *
 * Non-overlapping: an aperiodic template cannot overlap itself, so the count W_j of §2.7.4
 * (scan, skip m bits after a match) equals the number of positions where the m-bit window
 * reads B. One pass over each block with a sliding m-bit integer fills a histogram of all 2^m
 * window values, and every template's W_j is then one lookup: 148 templates for the price of
 * one scan.
 * Overlapping: the windows of m ones are the set bits of x ∧ (x ≪ 1) ∧ … ∧ (x ≪ m − 1) over
 * 64-bit words; a popcount per word counts them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include <gsl/gsl_sf_gamma.h>

#include "dkg-nist-private.h"

/* sts-2.1.2's MAXNUMOFTEMPLATES: at most 148 templates are tested. */
#define MAX_TEMPLATES 148

guint
_dkg_nist_aperiodic_templates (guint m, guint32 **out)
{
  GArray *a;
  guint n;

  g_return_val_if_fail (m >= 1 && m <= 24, 0);
  a = g_array_new (FALSE, FALSE, sizeof (guint32));
  for (guint32 v = 0; v < ((guint32) 1 << m); v++)
    {
      gboolean periodic = FALSE;

      /* Period k: b_i = b_{i+k} for i < m − k, i.e. the first m − k bits equal the last m − k. */
      for (guint k = 1; k < m && !periodic; k++)
        periodic = (v >> k) == (v & (((guint32) 1 << (m - k)) - 1));
      if (!periodic)
        g_array_append_val (a, v);
    }
  n = a->len;
  *out = (guint32 *) (void *) g_array_free (a, FALSE);
  return n;
}

/* Feeds bits from .. to − 1 into the sliding window *w (mask keeps m bits) and counts it. */
static inline void
feed_windows (const DkgNistBits *b, gsize from, gsize to, guint32 *w, guint32 mask,
              guint32 *counts)
{
  guint32 v = *w;

  for (gsize q = from; q < to; q += 64)
    {
      guint64 x = _dkg_nist_get64 (b, q);
      guint c = (guint) MIN (64, to - q);

      for (guint t = 0; t < c; t++)
        {
          v = ((v << 1) | (guint32) (x >> 63)) & mask;
          x <<= 1;
          counts[v]++;
        }
    }
  *w = v;
}

void
_dkg_nist_count_block_windows (const DkgNistBits *b, gsize start, gsize len, guint m,
                               guint32 *counts)
{
  guint32 mask = (guint32) ((G_GUINT64_CONSTANT (1) << m) - 1), w = 0;

  if (len < m)
    return;
  for (guint t = 0; t + 1 < m; t++)
    w = (w << 1) | _dkg_nist_bit (b, start + t);
  feed_windows (b, start + m - 1, start + len, &w, mask, counts);
}

void
_dkg_nist_count_cyclic_windows (const DkgNistBits *b, guint m, guint32 *counts)
{
  guint32 mask = (guint32) ((G_GUINT64_CONSTANT (1) << m) - 1), w = 0;
  gsize n = b->n;

  memset (counts, 0, sizeof (guint32) << m);
  for (guint t = 0; t + 1 < m; t++)
    w = (w << 1) | _dkg_nist_bit (b, t % n);
  if (m - 1 <= n)
    {
      /* Window i takes bit i + m − 1: bits m − 1 .. n − 1, then the first m − 1 again. */
      feed_windows (b, m - 1, n, &w, mask, counts);
      feed_windows (b, 0, m - 1, &w, mask, counts);
    }
  else
    {
      gsize q = (m - 1) % n;

      for (gsize i = 0; i < n; i++)
        {
          w = ((w << 1) | _dkg_nist_bit (b, q)) & mask;
          counts[w]++;
          q = q + 1 == n ? 0 : q + 1;
        }
    }
}

guint
_dkg_nist_count_ones_windows (const DkgNistBits *b, gsize start, gsize len, guint m)
{
  guint count = 0;
  gsize n_pos;

  if (len < m)
    return 0;
  n_pos = len - m + 1;
  for (gsize off = 0; off < n_pos; off += 64)
    {
      guint64 z = ~G_GUINT64_CONSTANT (0);
      gsize c = MIN (64, n_pos - off);

      for (guint t = 0; t < m; t++)
        z &= _dkg_nist_get64 (b, start + off + t);
      if (c < 64)
        z &= ~G_GUINT64_CONSTANT (0) << (64 - c);
      count += (guint) __builtin_popcountll (z);
    }
  return count;
}

/* §2.7: N blocks of M = ⌊n/N⌋ bits, λ = (M − m + 1)/2^m, σ² = M(1/2^m − (2m − 1)/2^{2m}),
 * χ²(B) = Σ_j (W_j − λ)²/σ², P = igamc(N/2, χ²/2) for each template B. */
void
_dkg_nist_non_overlapping_template (const DkgNistBits *b, const DkgNistParams *p,
                                    DkgNistResult *r)
{
  guint m = p->non_overlapping_m, N = p->non_overlapping_n_blocks, n_all, skip, n_used;
  gsize M = b->n / N;
  g_autofree guint32 *templates = NULL;
  g_autofree guint32 *counts = NULL;
  g_autofree double *chi2 = NULL;
  double lambda, var;

  _dkg_nist_result_add_param (r, "n", (gint64) b->n);
  _dkg_nist_result_add_param (r, "m", m);
  _dkg_nist_result_add_param (r, "N", N);
  _dkg_nist_result_add_param (r, "M", (gint64) M);
  if (M < m)
    {
      _dkg_nist_result_set_not_applicable (r, _("Blocks of M = ⌊n/N⌋ = %zu bits are shorter "
                                                "than the template (m = %u): λ ≤ 0 (§2.7.4)"), M, m);
      return;
    }
  n_all = _dkg_nist_aperiodic_templates (m, &templates);
  skip = n_all < MAX_TEMPLATES ? 1 : n_all / MAX_TEMPLATES;
  n_used = MIN (MAX_TEMPLATES, n_all / skip);
  _dkg_nist_result_add_param (r, "templates", n_used);
  lambda = (double) (M - m + 1) / pow (2, m);
  var = (double) M * (1.0 / pow (2.0, m) - (2.0 * m - 1.0) / pow (2.0, 2.0 * m));
  _dkg_nist_result_add_stat (r, "lambda", lambda);
  _dkg_nist_result_add_stat (r, "sigma2", var);
  /* One histogram of the 2^m window values, reused block after block; χ² accumulates per
   * template (memory 2^m + 148 counters, whatever N). */
  counts = g_new (guint32, (gsize) 1 << m);
  chi2 = g_new0 (double, n_used);
  for (guint i = 0; i < N; i++)
    {
      memset (counts, 0, sizeof (guint32) << m);
      _dkg_nist_count_block_windows (b, i * M, M, m, counts);
      for (guint jj = 0; jj < n_used; jj++)
        {
          double d = (double) counts[templates[jj * skip]] - lambda;

          chi2[jj] += d * d / var;
        }
    }
  for (guint jj = 0; jj < n_used; jj++)
    {
      guint32 B = templates[jj * skip];
      char label[17];

      for (guint k = 0; k < m; k++)
        label[k] = (B >> (m - 1 - k)) & 1 ? '1' : '0';
      label[m] = '\0';
      _dkg_nist_result_add_p_value (r, label, _dkg_nist_igamc (N / 2.0, chi2[jj] / 2.0));
    }
}

/* sts-2.1.2's Pr(u, η): the probability of u ≥ 1 overlapping matches (§3.8, as in the original
 * rev 1 text). */
static double
overlapping_pr (int u, double eta)
{
  double sum = 0;

  if (u == 0)
    return exp (-eta);
  for (int l = 1; l <= u; l++)
    sum += exp (-eta - u * log (2) + l * log (eta) - gsl_sf_lngamma (l + 1) + gsl_sf_lngamma (u)
                - gsl_sf_lngamma (l) - gsl_sf_lngamma (u - l + 1));
  return sum;
}

/* §2.8: N = ⌊n/M⌋ blocks, ν_i = blocks with i matches of m ones (K = 5: ν_5 for ≥ 5),
 * χ² = Σ (ν_i − Nπ_i)²/(Nπ_i), P = igamc(K/2, χ²/2).
 * π_0..π_4 = Pr(u, η), η = λ/2, λ = (M − m + 1)/2^m, π_5 = 1 − Σ, computed as sts-2.1.2 does:
 * 0.367879 0.183940 0.137955 0.099634 0.069935 0.140657 for m = 9, M = 1032. These reproduce
 * Appendix B's 0.110434 on data.e. Rev 1a §2.8.4 and §3.8 list the corrected values of Hamano
 * and Kaneko (0.364091 0.185659 0.139381 0.100571 0.070432 0.139865), which give 0.159027 on the
 * same counts (tests/core/analysis/nist_sp800_22/test-nist.c). */
void
_dkg_nist_overlapping_template (const DkgNistBits *b, const DkgNistParams *p, DkgNistResult *r)
{
  static const char *const nu_names[6] = { "nu_0", "nu_1", "nu_2", "nu_3", "nu_4", "nu_5" };
  guint m = p->overlapping_m, K = 5;
  gsize M = p->overlapping_block_length, N = b->n / M;
  double lambda, eta, pi[6], sum = 0, chi2 = 0;
  guint64 nu[6] = { 0 };

  _dkg_nist_result_add_param (r, "n", (gint64) b->n);
  _dkg_nist_result_add_param (r, "m", m);
  _dkg_nist_result_add_param (r, "M", (gint64) M);
  _dkg_nist_result_add_param (r, "N", (gint64) N);
  _dkg_nist_result_add_param (r, "K", K);
  if (N == 0)
    {
      _dkg_nist_result_set_not_applicable (r, _("n = %zu is shorter than one block of M = %zu "
                                                "bits (§2.8.4)"),
                                           b->n, M);
      return;
    }
  lambda = (double) (M - m + 1) / pow (2, m);
  eta = lambda / 2.0;
  for (guint i = 0; i < K; i++)
    {
      pi[i] = overlapping_pr ((int) i, eta);
      sum += pi[i];
    }
  pi[K] = 1 - sum;
  for (gsize i = 0; i < N; i++)
    nu[MIN (_dkg_nist_count_ones_windows (b, i * M, M, m), K)]++;
  for (guint i = 0; i <= K; i++)
    {
      chi2 += pow ((double) nu[i] - (double) N * pi[i], 2) / ((double) N * pi[i]);
      _dkg_nist_result_add_stat (r, nu_names[i], (double) nu[i]);
    }
  _dkg_nist_result_add_stat (r, "lambda", lambda);
  _dkg_nist_result_add_stat (r, "eta", eta);
  _dkg_nist_result_add_stat (r, "chi2", chi2);
  if (b->n < 1000000)
    _dkg_nist_result_add_note (r, _("n = %zu is below the 10⁶ bits §2.8.7 recommends"), b->n);
  _dkg_nist_result_add_p_value (r, NULL, _dkg_nist_igamc (K / 2.0, chi2 / 2.0));
}
