/* dkg-nist-runs.c — SP 800-22 rev 1a §2.3 runs and §2.4 longest run of ones in a block
 *
 * Runs: V_n(obs) − 1 is the number of positions where a bit differs from the next one, so it is
 * popcount (x ⊕ (x shifted by one bit)) over 64-bit words. Longest run: per word, the run that
 * continues from the previous word (leading ones), the longest run inside the word (x &= x << 1
 * until 0: one step per bit of run length) and the run left open at its end (trailing ones).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "dkg-nist-private.h"

gsize
_dkg_nist_count_transitions (const DkgNistBits *b)
{
  gsize total = 0;

  if (b->n < 2)
    return 0;
  for (gsize pos = 0; pos < b->n - 1; pos += 64)
    {
      guint64 d = _dkg_nist_get64 (b, pos) ^ _dkg_nist_get64 (b, pos + 1);
      gsize c = MIN (64, b->n - 1 - pos);   /* pairs (i, i + 1) with i = pos .. pos + c − 1 */

      if (c < 64)
        d &= ~G_GUINT64_CONSTANT (0) << (64 - c);
      total += (gsize) __builtin_popcountll (d);
    }
  return total;
}

guint
_dkg_nist_longest_run_of_ones (const DkgNistBits *b, gsize start, gsize len)
{
  guint best = 0, cur = 0;

  for (gsize off = 0; off < len; off += 64)
    {
      guint c = (guint) MIN (64, len - off);
      guint64 valid = c == 64 ? ~G_GUINT64_CONSTANT (0) : ~G_GUINT64_CONSTANT (0) << (64 - c);
      guint64 x = _dkg_nist_get64 (b, start + off) & valid, y;
      guint lead, inner = 0;

      if (x == valid)
        {
          cur += c;
          continue;
        }
      lead = (guint) __builtin_clzll (~x);           /* < c: some valid bit is 0 */
      best = MAX (best, cur + lead);
      for (y = x; y != 0; y &= y << 1)
        inner++;
      best = MAX (best, inner);
      cur = (guint) __builtin_ctzll (~(x >> (64 - c)));   /* ones at the end of the c bits */
    }
  return MAX (best, cur);
}

/* §2.3: π = ones/n; not run when |π − ½| > τ = 2/√n (sts-2.1.2 tests >, §2.3.4 (2) writes ≥:
 * equality needs n ≤ 16 with all bits equal, which is not applicable anyway); V_n(obs) runs,
 * P = erfc(|V − 2nπ(1−π)| / (2√(2n) π(1−π))). */
void
_dkg_nist_runs (const DkgNistBits *b, const DkgNistParams *p, DkgNistResult *r)
{
  double n = (double) b->n, pi = (double) b->ones / n, tau = 2.0 / sqrt (n), v, arg;

  _dkg_nist_result_add_param (r, "n", (gint64) b->n);
  _dkg_nist_result_add_stat (r, "pi", pi);
  _dkg_nist_result_add_stat (r, "tau", tau);
  if (fabs (pi - 0.5) > tau)
    {
      _dkg_nist_result_set_not_applicable (r, _("Frequency prerequisite failed: |π − ½| = %.6f "
                                                "> τ = 2/√n = %.6f (§2.3.4 step 2: the sequence "
                                                "fails the frequency test; sts-2.1.2 prints P = "
                                                "0.000000)"), fabs (pi - 0.5), tau);
      return;
    }
  if (b->ones == 0 || b->ones == b->n)
    {
      _dkg_nist_result_set_not_applicable (r, _("All %zu bits are equal: π(1 − π) = 0 (§2.3.4 "
                                                "step 4)"), b->n);
      return;
    }
  v = (double) _dkg_nist_count_transitions (b) + 1;
  arg = fabs (v - 2.0 * n * pi * (1 - pi)) / (2.0 * pi * (1 - pi) * sqrt (2 * n));
  _dkg_nist_result_add_stat (r, "V_n_obs", v);
  if (b->n < 100)
    _dkg_nist_result_add_note (r, _("n = %zu is below the 100 bits §2.3.7 recommends"), b->n);
  _dkg_nist_result_add_p_value (r, NULL, erfc (arg));
}

/* §2.4: (M, K) from the table of §2.4.2 (sts-2.1.2 uses N = ⌊n/M⌋ blocks, not the table's N),
 * the classes v_i and probabilities π_i of §3.4 as sts-2.1.2 has them. */
void
_dkg_nist_longest_run (const DkgNistBits *b, const DkgNistParams *p, DkgNistResult *r)
{
  static const double pi3[4] = { 0.21484375, 0.3671875, 0.23046875, 0.1875 };
  static const double pi5[6] = { 0.1174035788, 0.242955959, 0.249363483, 0.17517706,
                                 0.102701071, 0.112398847 };
  static const double pi6[7] = { 0.0882, 0.2092, 0.2483, 0.1933, 0.1208, 0.0675, 0.0727 };
  static const char *const nu_names[7] = { "nu_0", "nu_1", "nu_2", "nu_3", "nu_4", "nu_5",
                                           "nu_6" };
  const double *pi;
  guint K, M, v0;
  gsize N;
  guint64 nu[7] = { 0 };
  double chi2 = 0;

  _dkg_nist_result_add_param (r, "n", (gint64) b->n);
  if (b->n < 128)
    {
      _dkg_nist_result_set_not_applicable (r, _("n = %zu is below the 128 bits of the table of "
                                                "§2.4.2"), b->n);
      return;
    }
  if (b->n < 6272)
    {
      K = 3, M = 8, v0 = 1, pi = pi3;
    }
  else if (b->n < 750000)
    {
      K = 5, M = 128, v0 = 4, pi = pi5;
    }
  else
    {
      K = 6, M = 10000, v0 = 10, pi = pi6;
    }
  N = b->n / M;
  _dkg_nist_result_add_param (r, "M", M);
  _dkg_nist_result_add_param (r, "K", K);
  _dkg_nist_result_add_param (r, "N", (gint64) N);
  for (gsize i = 0; i < N; i++)
    {
      guint v = _dkg_nist_longest_run_of_ones (b, i * M, M);

      nu[v <= v0 ? 0 : MIN (v - v0, K)]++;
    }
  for (guint i = 0; i <= K; i++)
    {
      double e = (double) N * pi[i];

      chi2 += ((double) nu[i] - e) * ((double) nu[i] - e) / e;
      _dkg_nist_result_add_stat (r, nu_names[i], (double) nu[i]);
    }
  _dkg_nist_result_add_stat (r, "chi2", chi2);
  _dkg_nist_result_add_p_value (r, NULL, _dkg_nist_igamc (K / 2.0, chi2 / 2.0));
}
