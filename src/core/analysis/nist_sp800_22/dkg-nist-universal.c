/* dkg-nist-universal.c — SP 800-22 rev 1a §2.9 Maurer's "universal statistical" test
 *
 * Each L-bit block is one unaligned 64-bit read shifted right by 64 − L.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "dkg-nist-private.h"

/* §2.9.7's table, with the thresholds n ≥ 1010·2^L·L that sts-2.1.2 uses to pick L. */
static const struct
{
  gsize n_min;
  guint L;
} universal_table[] = {
  { 1059061760, 16 }, { 496435200, 15 }, { 231669760, 14 }, { 107560960, 13 },
  { 49643520, 12 }, { 22753280, 11 }, { 10342400, 10 }, { 4654080, 9 }, { 2068480, 8 },
  { 904960, 7 }, { 387840, 6 },
};

/* expectedValue and variance of §2.9.4 step 5 (Maurer 1992), indexed by L, as sts-2.1.2. */
static const double universal_expected[17] = {
  0, 0, 0, 0, 0, 0, 5.2177052, 6.1962507, 7.1836656, 8.1764248, 9.1723243, 10.170032,
  11.168765, 12.168070, 13.167693, 14.167488, 15.167379,
};
static const double universal_variance[17] = {
  0, 0, 0, 0, 0, 0, 2.954, 3.125, 3.238, 3.311, 3.356, 3.384, 3.401, 3.410, 3.416, 3.419, 3.421,
};

/* §2.9: Q = 10·2^L initialisation blocks, K = ⌊n/L⌋ − Q test blocks, f_n = (1/K) Σ log₂(i − T_j),
 * σ = c √(variance(L)/K), c = 0.7 − 0.8/L + (4 + 32/L) K^(−3/L)/15 (Coron and Naccache),
 * P = erfc(|f_n − expectedValue(L)| / (√2 σ)). */
void
_dkg_nist_universal (const DkgNistBits *b, const DkgNistParams *p, DkgNistResult *r)
{
  guint L = 0;
  gsize Q, K;
  g_autofree guint32 *T = NULL;
  double c, sigma, sum = 0, phi, arg;

  _dkg_nist_result_add_param (r, "n", (gint64) b->n);
  for (guint i = 0; i < G_N_ELEMENTS (universal_table) && L == 0; i++)
    if (b->n >= universal_table[i].n_min)
      L = universal_table[i].L;
  if (L == 0)
    {
      _dkg_nist_result_set_not_applicable (r, _("n = %zu is below the 387840 bits the table of "
                                                "§2.9.7 needs for its smallest block length L = "
                                                "6"), b->n);
      return;
    }
  Q = (gsize) 10 << L;
  K = b->n / L - Q;
  _dkg_nist_result_add_param (r, "L", L);
  _dkg_nist_result_add_param (r, "Q", (gint64) Q);
  _dkg_nist_result_add_param (r, "K", (gint64) K);
  T = g_new0 (guint32, (gsize) 1 << L);
  for (gsize i = 1; i <= Q; i++)
    T[_dkg_nist_get64 (b, (i - 1) * L) >> (64 - L)] = (guint32) i;
  for (gsize i = Q + 1; i <= Q + K; i++)
    {
      guint32 *t = &T[_dkg_nist_get64 (b, (i - 1) * L) >> (64 - L)];

      sum += log ((double) (i - *t)) / log (2);
      *t = (guint32) i;
    }
  phi = sum / (double) K;
  c = 0.7 - 0.8 / L + (4 + 32.0 / L) * pow ((double) K, -3.0 / L) / 15;
  sigma = c * sqrt (universal_variance[L] / (double) K);
  arg = fabs (phi - universal_expected[L]) / (G_SQRT2 * sigma);
  _dkg_nist_result_add_stat (r, "f_n", phi);
  _dkg_nist_result_add_stat (r, "expected_value", universal_expected[L]);
  _dkg_nist_result_add_stat (r, "variance", universal_variance[L]);
  _dkg_nist_result_add_stat (r, "c", c);
  _dkg_nist_result_add_stat (r, "sigma", sigma);
  _dkg_nist_result_add_p_value (r, NULL, erfc (arg));
}
