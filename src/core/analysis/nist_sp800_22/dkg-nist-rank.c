/* dkg-nist-rank.c — SP 800-22 rev 1a §2.5 binary matrix rank (M = Q = 32)
 *
 * Each row of a 32 × 32 matrix is one 32-bit word, so Gaussian elimination over GF(2) is a
 * pivot search and one XOR per row: 32 × 32 word operations per matrix.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "dkg-nist-private.h"

#define RANK_M 32

void
_dkg_nist_matrix32 (const DkgNistBits *b, gsize k, guint32 rows[32])
{
  for (guint i = 0; i < RANK_M; i++)
    rows[i] = (guint32) (_dkg_nist_get64 (b, k * RANK_M * RANK_M + (gsize) i * RANK_M) >> 32);
}

guint
_dkg_nist_rank32 (guint32 rows[32])
{
  guint rank = 0;

  for (int col = 31; col >= 0 && rank < RANK_M; col--)
    {
      guint32 bit = (guint32) 1 << col, pivot;
      guint i = rank;

      while (i < RANK_M && !(rows[i] & bit))
        i++;
      if (i == RANK_M)
        continue;
      pivot = rows[i];
      rows[i] = rows[rank];
      rows[rank] = pivot;
      for (i = rank + 1; i < RANK_M; i++)
        rows[i] ^= pivot & (guint32) -(gint32) ((rows[i] >> col) & 1);
      rank++;
    }
  return rank;
}

/* The probability that a random 32 × 32 matrix over GF(2) has rank r (§3.5), as sts-2.1.2
 * computes it. */
static double
rank_probability (int r)
{
  double product = 1;

  for (int i = 0; i <= r - 1; i++)
    product *= ((1.0 - pow (2, i - RANK_M)) * (1.0 - pow (2, i - RANK_M))) / (1.0 - pow (2, i - r));
  return pow (2, r * (RANK_M + RANK_M - r) - RANK_M * RANK_M) * product;
}

/* §2.5: N = ⌊n/1024⌋ matrices, F_32, F_31 and F_30 (rank ≤ 30), χ² with 2 degrees of freedom,
 * P = e^(−χ²/2). */
void
_dkg_nist_rank (const DkgNistBits *b, const DkgNistParams *p, DkgNistResult *r)
{
  gsize N = b->n / (RANK_M * RANK_M);
  double p32, p31, p30, f32 = 0, f31 = 0, f30, chi2;

  _dkg_nist_result_add_param (r, "n", (gint64) b->n);
  _dkg_nist_result_add_param (r, "M", RANK_M);
  _dkg_nist_result_add_param (r, "Q", RANK_M);
  _dkg_nist_result_add_param (r, "N", (gint64) N);
  if (N == 0)
    {
      _dkg_nist_result_set_not_applicable (r, _("n = %zu is shorter than one 32 × 32 matrix "
                                                "(1024 bits, §2.5.4)"), b->n);
      return;
    }
  for (gsize k = 0; k < N; k++)
    {
      guint32 rows[RANK_M];
      guint rank;

      _dkg_nist_matrix32 (b, k, rows);
      rank = _dkg_nist_rank32 (rows);
      if (rank == 32)
        f32++;
      else if (rank == 31)
        f31++;
    }
  f30 = (double) N - (f32 + f31);
  p32 = rank_probability (32);
  p31 = rank_probability (31);
  p30 = 1 - (p32 + p31);
  chi2 = pow (f32 - N * p32, 2) / (N * p32) + pow (f31 - N * p31, 2) / (N * p31)
         + pow (f30 - N * p30, 2) / (N * p30);
  _dkg_nist_result_add_stat (r, "F_32", f32);
  _dkg_nist_result_add_stat (r, "F_31", f31);
  _dkg_nist_result_add_stat (r, "F_30", f30);
  _dkg_nist_result_add_stat (r, "chi2", chi2);
  if (b->n < 38 * RANK_M * RANK_M)
    _dkg_nist_result_add_note (r, _("n = %zu is below the 38·M·Q = 38912 bits §2.5.7 recommends"), b->n);
  _dkg_nist_result_add_p_value (r, NULL, exp (-chi2 / 2.0));
}
