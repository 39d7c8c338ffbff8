/* dkg-nist-linear-complexity.c — SP 800-22 rev 1a §2.10 linear complexity
 *
 * Berlekamp–Massey over GF(2) on 64-bit words. The connection polynomial C(x) is a bit vector,
 * bit i = c_i. The discrepancy d = Σ_{i=0}^{L} c_i s_{N−i} needs the sequence backwards from s_N:
 * an unaligned 64-bit read of the block ending at s_N has s_{N−i} in bit i, so d is the parity of
 * popcount (C ∧ window) over ⌈(L + 1)/64⌉ words. The update C ← C + x^{N−m} B(x) is one shifted
 * XOR over the words that B reaches. A block of M bits costs about M·(L/64 + W/2) word operations
 * (W = ⌈M/64⌉) instead of M·(L + M) for sts-2.1.2's byte arrays.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "dkg-nist-private.h"

/* Words of a polynomial of degree ≤ M, plus one so that shifted XORs need no bounds check. */
static gsize
poly_words (guint M)
{
  return M / 64 + 2;
}

/* Words of the block copy: one zero word in front, the block, one word of look-ahead. */
static gsize
seq_words (guint M)
{
  return (M + 63) / 64 + 2;
}

gsize
_dkg_nist_lc_scratch_words (guint M)
{
  return seq_words (M) + 3 * poly_words (M);
}

/* 64 bits of the block copy from position pos (MSB first); position 64 is the block's bit 0. */
static inline guint64
seq_get64 (const guint64 *s, gsize pos)
{
  gsize k = pos >> 6;
  guint r = (guint) (pos & 63);

  if (r == 0)
    return s[k];
  return (s[k] << r) | (s[k + 1] >> (64 - r));
}

guint
_dkg_nist_linear_complexity_block (const DkgNistBits *b, gsize start, guint M, guint64 *scratch)
{
  gsize W = poly_words (M), WS = seq_words (M);
  guint64 *s = scratch, *C = s + WS, *B = C + W, *T = B + W;
  guint L = 0, lb = 0;
  gint64 m = -1;

  s[0] = 0;
  for (gsize k = 0; k + 1 < WS; k++)
    s[k + 1] = _dkg_nist_get64 (b, start + 64 * k);
  /* The windows never read past s_N; zero the bits after the block all the same. */
  if (M % 64 != 0)
    s[M / 64 + 1] &= ~G_GUINT64_CONSTANT (0) << (64 - M % 64);
  s[WS - 1] = 0;
  memset (C, 0, W * sizeof (guint64));
  memset (B, 0, W * sizeof (guint64));
  C[0] = 1;
  B[0] = 1;

  for (guint N = 0; N < M; N++)
    {
      guint64 acc = 0;
      gsize shift, q, top;
      guint rbits;
      gboolean grow;

      /* Word k holds c_{64k+i} against s_{N−64k−i}: the read at N + 1 − 64k (≥ 1: 64k ≤ L ≤ N). */
      for (gsize k = 0; k <= L / 64; k++)
        acc ^= C[k] & seq_get64 (s, (gsize) N + 1 - 64 * k);
      if (!__builtin_parityll (acc))
        continue;
      shift = (gsize) ((gint64) N - m);
      q = shift / 64;
      rbits = (guint) (shift % 64);
      grow = L <= N / 2;
      if (grow)
        memcpy (T, C, W * sizeof (guint64));
      /* C ^= B·x^shift; deg B ≤ lb, so the product ends in word (lb + shift)/64 ≤ M/64. */
      top = MIN (W - 1, (lb + shift) / 64);
      for (gsize k = top + 1; k-- > q;)
        {
          guint64 v = B[k - q] << rbits;

          if (rbits != 0 && k > q)
            v |= B[k - q - 1] >> (64 - rbits);
          C[k] ^= v;
        }
      if (grow)
        {
          guint64 *tmp = B;

          lb = L;
          L = N + 1 - L;
          m = N;
          B = T;
          T = tmp;
        }
    }
  return L;
}

/* §2.10: N = ⌊n/M⌋ blocks, L_i their linear complexities, μ = M/2 + (9 + (−1)^{M+1})/36 −
 * (M/3 + 2/9)/2^M, T_i = (−1)^M (L_i − μ) + 2/9 in 7 classes, χ² with the π_i of §3.10 (as
 * sts-2.1.2 has them), P = igamc(K/2, χ²/2), K = 6. */
void
_dkg_nist_linear_complexity (const DkgNistBits *b, const DkgNistParams *p, DkgNistResult *r)
{
  static const double pi[7] = { 0.01047, 0.03125, 0.12500, 0.50000, 0.25000, 0.06250, 0.020833 };
  static const char *const nu_names[7] = { "nu_0", "nu_1", "nu_2", "nu_3", "nu_4", "nu_5",
                                           "nu_6" };
  guint M = p->linear_complexity_m, K = 6;
  gsize N = b->n / M;
  g_autofree guint64 *scratch = NULL;
  double mean, sign_mean, sign_t, chi2 = 0;
  guint64 nu[7] = { 0 };

  _dkg_nist_result_add_param (r, "n", (gint64) b->n);
  _dkg_nist_result_add_param (r, "M", M);
  _dkg_nist_result_add_param (r, "N", (gint64) N);
  _dkg_nist_result_add_param (r, "K", K);
  if (N == 0)
    {
      _dkg_nist_result_set_not_applicable (r, _("n = %zu is shorter than one block of M = %u "
                                                "bits (§2.10.4)"), b->n, M);
      return;
    }
  sign_mean = (M + 1) % 2 == 0 ? -1 : 1;
  sign_t = M % 2 == 0 ? 1 : -1;
  mean = M / 2.0 + (9.0 + sign_mean) / 36.0 - 1.0 / pow (2, M) * (M / 3.0 + 2.0 / 9.0);
  scratch = g_new (guint64, _dkg_nist_lc_scratch_words (M));
  for (gsize i = 0; i < N; i++)
    {
      guint L = _dkg_nist_linear_complexity_block (b, i * M, M, scratch);
      double t = sign_t * (L - mean) + 2.0 / 9.0;

      if (t <= -2.5)
        nu[0]++;
      else if (t <= -1.5)
        nu[1]++;
      else if (t <= -0.5)
        nu[2]++;
      else if (t <= 0.5)
        nu[3]++;
      else if (t <= 1.5)
        nu[4]++;
      else if (t <= 2.5)
        nu[5]++;
      else
        nu[6]++;
    }
  for (guint i = 0; i <= K; i++)
    {
      chi2 += pow ((double) nu[i] - (double) N * pi[i], 2) / ((double) N * pi[i]);
      _dkg_nist_result_add_stat (r, nu_names[i], (double) nu[i]);
    }
  _dkg_nist_result_add_stat (r, "mu", mean);
  _dkg_nist_result_add_stat (r, "chi2", chi2);
  if (b->n < 1000000)
    _dkg_nist_result_add_note (r, _("n = %zu is below the 10⁶ bits §2.10.7 recommends"), b->n);
  if (M < 500 || M > 5000)
    _dkg_nist_result_add_note (r, _("M = %u is outside the 500 ≤ M ≤ 5000 of §2.10.7"), M);
  else if (N < 200)
    _dkg_nist_result_add_note (r, _("N = %zu blocks are fewer than the 200 of §2.10.7"), N);
  _dkg_nist_result_add_p_value (r, NULL, _dkg_nist_igamc (K / 2.0, chi2 / 2.0));
}
