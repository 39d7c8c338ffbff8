/* nist-naive.c — bit-per-byte reference implementations of the SP 800-22 rev 1a tests
 *
 * Each function follows the numbered steps of its section of SP 800-22 rev 1a with one byte per
 * bit, like sts-2.1.2, and with none of the word-level tricks of the library. Special
 * functions: GSL's incomplete gamma (as the library), but Φ from libm's erfc (as sts-2.1.2's
 * cephes_normal), not GSL's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include <gsl/gsl_sf_gamma.h>

#include "nist-naive.h"

static double
igamc (double a, double x)
{
  return x <= 0 ? 1.0 : gsl_sf_gamma_inc_Q (a, x);
}

static double
normal_cdf (double x)
{
  return 0.5 * erfc (-x / G_SQRT2);
}

guint8 *
naive_unpack (const guint8 *bytes, gsize n)
{
  guint8 *e = g_new (guint8, n + 1);

  for (gsize i = 0; i < n; i++)
    e[i] = (bytes[i / 8] >> (7 - i % 8)) & 1;
  e[n] = 0;
  return e;
}

gsize
naive_popcount (const guint8 *e, gsize start, gsize len)
{
  gsize ones = 0;

  for (gsize i = 0; i < len; i++)
    ones += e[start + i];
  return ones;
}

gsize
naive_transitions (const guint8 *e, gsize n)
{
  gsize t = 0;

  for (gsize k = 1; k < n; k++)
    if (e[k] != e[k - 1])
      t++;
  return t;
}

guint
naive_longest_run (const guint8 *e, gsize start, gsize len)
{
  guint run = 0, best = 0;

  for (gsize j = 0; j < len; j++)
    {
      if (e[start + j] == 1)
        {
          run++;
          if (run > best)
            best = run;
        }
      else
        run = 0;
    }
  return best;
}

void
naive_walk_extrema (const guint8 *e, gsize n, gint64 *max, gint64 *min, gint64 *final)
{
  gint64 s = 0, hi = 0, lo = 0;

  for (gsize k = 0; k < n; k++)
    {
      s += e[k] ? 1 : -1;
      if (s > hi)
        hi = s;
      if (s < lo)
        lo = s;
    }
  *max = hi;
  *min = lo;
  *final = s;
}

/* Gauss–Jordan elimination over GF(2) on a byte matrix; rows are bits 32i .. 32i + 31. */
guint
naive_rank32 (const guint8 *e)
{
  guint8 a[32][32];
  guint rank = 0;

  for (int i = 0; i < 32; i++)
    for (int j = 0; j < 32; j++)
      a[i][j] = e[32 * i + j];
  for (int col = 0; col < 32 && rank < 32; col++)
    {
      int pivot = -1;

      for (int i = (int) rank; i < 32 && pivot < 0; i++)
        if (a[i][col])
          pivot = i;
      if (pivot < 0)
        continue;
      for (int j = 0; j < 32; j++)
        {
          guint8 t = a[rank][j];

          a[rank][j] = a[pivot][j];
          a[pivot][j] = t;
        }
      for (int i = 0; i < 32; i++)
        if (i != (int) rank && a[i][col])
          for (int j = 0; j < 32; j++)
            a[i][j] ^= a[rank][j];
      rank++;
    }
  return rank;
}

/* Berlekamp–Massey as §2.10.4 step 2 and sts-2.1.2 state it, one byte per coefficient. */
guint
naive_linear_complexity (const guint8 *e, guint M)
{
  guint8 *C = g_new0 (guint8, 2 * (gsize) M + 2), *B = g_new0 (guint8, 2 * (gsize) M + 2);
  guint8 *T = g_new0 (guint8, 2 * (gsize) M + 2);
  guint L = 0;
  gint64 m = -1;

  C[0] = 1;
  B[0] = 1;
  for (guint N = 0; N < M; N++)
    {
      guint d = e[N];

      for (guint i = 1; i <= L; i++)
        d += C[i] * e[N - i];
      if (d % 2 == 0)
        continue;
      memcpy (T, C, 2 * (gsize) M + 2);
      for (gsize j = 0; j + (gsize) ((gint64) N - m) <= M; j++)
        if (B[j])
          C[j + (gsize) ((gint64) N - m)] ^= 1;
      if (L <= N / 2)
        {
          L = N + 1 - L;
          m = N;
          memcpy (B, T, 2 * (gsize) M + 2);
        }
    }
  g_free (C);
  g_free (B);
  g_free (T);
  return L;
}

void
naive_count_cyclic_windows (const guint8 *e, gsize n, guint m, guint32 *counts)
{
  memset (counts, 0, sizeof (guint32) << m);
  for (gsize i = 0; i < n; i++)
    {
      guint32 k = 0;

      for (guint j = 0; j < m; j++)
        k = 2 * k + e[(i + j) % n];
      counts[k]++;
    }
}

void
naive_count_block_windows (const guint8 *e, gsize start, gsize len, guint m, guint32 *counts)
{
  for (gsize j = 0; j + m <= len; j++)
    {
      guint32 k = 0;

      for (guint t = 0; t < m; t++)
        k = 2 * k + e[start + j + t];
      counts[k]++;
    }
}

guint
naive_count_ones_windows (const guint8 *e, gsize start, gsize len, guint m)
{
  guint count = 0;

  for (gsize j = 0; j + m <= len; j++)
    {
      gboolean match = TRUE;

      for (guint k = 0; k < m && match; k++)
        match = e[start + j + k] == 1;
      if (match)
        count++;
    }
  return count;
}

/* A template is periodic when a proper shift of it matches itself (§2.7.2, "aperiodic"). */
guint
naive_aperiodic_templates (guint m, guint32 **out)
{
  GArray *a = g_array_new (FALSE, FALSE, sizeof (guint32));
  guint n;

  for (guint32 v = 0; v < ((guint32) 1 << m); v++)
    {
      char s[32];
      gboolean periodic = FALSE;

      for (guint k = 0; k < m; k++)
        s[k] = (char) ('0' + ((v >> (m - 1 - k)) & 1));
      for (guint p = 1; p < m && !periodic; p++)
        periodic = memcmp (s, s + p, m - p) == 0;
      if (!periodic)
        g_array_append_val (a, v);
    }
  n = a->len;
  *out = (guint32 *) (void *) g_array_free (a, FALSE);
  return n;
}

/* The DFT by its definition, O(n²) with a table of the n roots of unity. */
void
naive_dft_moduli (const guint8 *e, gsize n, double *moduli)
{
  double *c = g_new (double, n), *s = g_new (double, n);

  for (gsize j = 0; j < n; j++)
    {
      c[j] = cos (2 * G_PI * (double) j / (double) n);
      s[j] = sin (2 * G_PI * (double) j / (double) n);
    }
  for (gsize k = 0; k <= n / 2; k++)
    {
      double re = 0, im = 0;
      gsize idx = 0;

      for (gsize j = 0; j < n; j++)
        {
          double x = e[j] ? 1.0 : -1.0;

          re += x * c[idx];
          im -= x * s[idx];
          idx += k;
          if (idx >= n)
            idx -= n;
        }
      moduli[k] = sqrt (re * re + im * im);
    }
  g_free (c);
  g_free (s);
}

double
naive_frequency (const guint8 *e, gsize n)
{
  double sum = 0;

  for (gsize i = 0; i < n; i++)
    sum += 2 * (int) e[i] - 1;
  return erfc (fabs (sum) / sqrt ((double) n) / sqrt (2.0));
}

double
naive_block_frequency (const guint8 *e, gsize n, gsize M)
{
  gsize N = n / M;
  double sum = 0;

  if (N == 0)
    return NAN;
  for (gsize i = 0; i < N; i++)
    {
      double pi = (double) naive_popcount (e, i * M, M) / (double) M;

      sum += (pi - 0.5) * (pi - 0.5);
    }
  return igamc (N / 2.0, 4.0 * (double) M * sum / 2.0);
}

/* §2.13.4 step 4, with the limits truncated by integer division as sts-2.1.2 does (the terms
 * at the limits are differences of Φ at ±√n and vanish). */
static double
cusum_p (gint64 n, gint64 z)
{
  double sum1 = 0, sum2 = 0, rn = sqrt ((double) n);

  for (gint64 k = (-n / z + 1) / 4; k <= (n / z - 1) / 4; k++)
    sum1 += normal_cdf ((double) ((4 * k + 1) * z) / rn)
            - normal_cdf ((double) ((4 * k - 1) * z) / rn);
  for (gint64 k = (-n / z - 3) / 4; k <= (n / z - 1) / 4; k++)
    sum2 += normal_cdf ((double) ((4 * k + 3) * z) / rn)
            - normal_cdf ((double) ((4 * k + 1) * z) / rn);
  return 1.0 - sum1 + sum2;
}

void
naive_cumulative_sums (const guint8 *e, gsize n, double p[2])
{
  gint64 s = 0, z = 0, zrev = 0;
  gint64 *S = g_new (gint64, n + 1);

  S[0] = 0;
  for (gsize k = 0; k < n; k++)
    {
      s += e[k] ? 1 : -1;
      S[k + 1] = s;
      z = MAX (z, ABS (s));
    }
  /* Reverse: partial sums of ε_n, ε_{n−1}, …: S_n − S_k for k = n − 1 .. 0. */
  for (gsize k = 0; k < n; k++)
    zrev = MAX (zrev, ABS (S[n] - S[k]));
  g_free (S);
  p[0] = cusum_p ((gint64) n, z);
  p[1] = cusum_p ((gint64) n, zrev);
}

double
naive_runs (const guint8 *e, gsize n)
{
  double pi = (double) naive_popcount (e, 0, n) / (double) n, v;

  if (fabs (pi - 0.5) > 2.0 / sqrt ((double) n) || pi == 0 || pi == 1)
    return NAN;
  v = (double) naive_transitions (e, n) + 1;
  return erfc (fabs (v - 2.0 * n * pi * (1 - pi)) / (2.0 * pi * (1 - pi) * sqrt (2.0 * n)));
}

double
naive_longest_run_test (const guint8 *e, gsize n)
{
  static const double pi3[] = { 0.21484375, 0.3671875, 0.23046875, 0.1875 };
  static const double pi5[] = { 0.1174035788, 0.242955959, 0.249363483, 0.17517706, 0.102701071,
                                0.112398847 };
  static const double pi6[] = { 0.0882, 0.2092, 0.2483, 0.1933, 0.1208, 0.0675, 0.0727 };
  const double *pi;
  int K, M, V[7];
  double nu[7] = { 0 }, chi2 = 0;
  gsize N;

  if (n < 128)
    return NAN;
  if (n < 6272)
    K = 3, M = 8, pi = pi3;
  else if (n < 750000)
    K = 5, M = 128, pi = pi5;
  else
    K = 6, M = 10000, pi = pi6;
  for (int j = 0; j <= K; j++)
    V[j] = (K == 3 ? 1 : K == 5 ? 4 : 10) + j;
  N = n / M;
  for (gsize i = 0; i < N; i++)
    {
      int v = (int) naive_longest_run (e, i * M, M);

      if (v < V[0])
        nu[0]++;
      for (int j = 0; j <= K; j++)
        if (v == V[j])
          nu[j]++;
      if (v > V[K])
        nu[K]++;
    }
  for (int i = 0; i <= K; i++)
    chi2 += (nu[i] - N * pi[i]) * (nu[i] - N * pi[i]) / (N * pi[i]);
  return igamc (K / 2.0, chi2 / 2.0);
}

double
naive_rank (const guint8 *e, gsize n)
{
  gsize N = n / 1024;
  double f[3] = { 0 }, p[3], chi2 = 0;

  if (N == 0)
    return NAN;
  for (int r = 32; r >= 31; r--)
    {
      double product = 1;

      for (int i = 0; i <= r - 1; i++)
        product *= (1 - pow (2, i - 32)) * (1 - pow (2, i - 32)) / (1 - pow (2, i - r));
      p[32 - r] = pow (2, r * (64 - r) - 1024) * product;
    }
  p[2] = 1 - p[0] - p[1];
  for (gsize k = 0; k < N; k++)
    {
      guint r = naive_rank32 (e + 1024 * k);

      f[r == 32 ? 0 : r == 31 ? 1 : 2]++;
    }
  for (int i = 0; i < 3; i++)
    chi2 += (f[i] - N * p[i]) * (f[i] - N * p[i]) / (N * p[i]);
  return exp (-chi2 / 2);
}

double
naive_dft (const guint8 *e, gsize n)
{
  double *mod = g_new (double, n / 2 + 1), T = sqrt (log (1 / 0.05) * (double) n), d;
  gsize count = 0;

  if (n < 2)
    {
      g_free (mod);
      return NAN;
    }
  naive_dft_moduli (e, n, mod);
  for (gsize k = 0; k < n / 2; k++)
    if (mod[k] < T)
      count++;
  g_free (mod);
  d = ((double) count - 0.95 * (double) n / 2) / sqrt ((double) n * 0.95 * 0.05 / 4);
  return erfc (fabs (d) / sqrt (2.0));
}

/* §2.7.4: scan each block, counting a match of B and skipping m bits after it. For m ≥ 10 the
 * 148 templates sts-2.1.2 reads: every ⌊count/148⌋-th. */
guint
naive_non_overlapping (const guint8 *e, gsize n, guint m, guint N, double *p)
{
  guint32 *tmpl;
  guint count = naive_aperiodic_templates (m, &tmpl), skip, used;
  gsize M = n / N;
  double lambda, var;

  if (M < m)
    {
      g_free (tmpl);
      return 0;
    }
  skip = count < 148 ? 1 : count / 148;
  used = MIN (148, count / skip);
  lambda = (double) (M - m + 1) / pow (2, m);
  var = (double) M * (1 / pow (2, m) - (2.0 * m - 1) / pow (2, 2.0 * m));
  for (guint t = 0; t < used; t++)
    {
      guint8 B[32];
      double chi2 = 0;

      for (guint k = 0; k < m; k++)
        B[k] = (tmpl[t * skip] >> (m - 1 - k)) & 1;
      for (guint i = 0; i < N; i++)
        {
          const guint8 *blk = e + i * M;
          double W = 0;
          gsize j = 0;

          while (j + m <= M)
            {
              if (memcmp (blk + j, B, m) == 0)
                {
                  W++;
                  j += m;
                }
              else
                j++;
            }
          chi2 += (W - lambda) * (W - lambda) / var;
        }
      p[t] = igamc (N / 2.0, chi2 / 2.0);
    }
  g_free (tmpl);
  return used;
}

double
naive_overlapping (const guint8 *e, gsize n, guint m, gsize M)
{
  gsize N = n / M;
  double lambda = (double) (M - m + 1) / pow (2, m), eta = lambda / 2, pi[6], sum = 0;
  double nu[6] = { 0 }, chi2 = 0;

  if (N == 0)
    return NAN;
  pi[0] = exp (-eta);
  sum = pi[0];
  for (int u = 1; u <= 4; u++)
    {
      /* §3.8 (rev 1, as sts-2.1.2): e^(−η) 2^(−u) Σ_{l=1}^{u} C(u − 1, l − 1) η^l / l! */
      double s = 0;

      for (int l = 1; l <= u; l++)
        s += exp (-eta - u * log (2) + l * log (eta) - lgamma (l + 1) + lgamma (u) - lgamma (l)
                  - lgamma (u - l + 1));
      pi[u] = s;
      sum += s;
    }
  pi[5] = 1 - sum;
  for (gsize i = 0; i < N; i++)
    nu[MIN (naive_count_ones_windows (e, i * M, M, m), 5)]++;
  for (int i = 0; i < 6; i++)
    chi2 += (nu[i] - N * pi[i]) * (nu[i] - N * pi[i]) / (N * pi[i]);
  return igamc (2.5, chi2 / 2);
}

double
naive_universal (const guint8 *e, gsize n)
{
  static const double expected[17] = { 0, 0, 0, 0, 0, 0, 5.2177052, 6.1962507, 7.1836656,
                                       8.1764248, 9.1723243, 10.170032, 11.168765, 12.168070,
                                       13.167693, 14.167488, 15.167379 };
  static const double variance[17] = { 0, 0, 0, 0, 0, 0, 2.954, 3.125, 3.238, 3.311, 3.356,
                                       3.384, 3.401, 3.410, 3.416, 3.419, 3.421 };
  int L = 5;
  gsize Q, K;
  gsize *T;
  double sum = 0, c, sigma;

  /* §2.9.7: the largest L with n ≥ 1010·2^L·L (387840 for L = 6, 904960 for L = 7, …). */
  for (int l = 6; l <= 16; l++)
    if ((double) n >= 1010.0 * pow (2, l) * l)
      L = l;
  if (L < 6)
    return NAN;
  Q = 10 * ((gsize) 1 << L);
  K = n / L - Q;
  T = g_new0 (gsize, (gsize) 1 << L);
  for (gsize i = 1; i <= Q + K; i++)
    {
      gsize dec = 0;

      for (int j = 0; j < L; j++)
        dec = 2 * dec + e[(i - 1) * L + j];
      if (i > Q)
        sum += log2 ((double) (i - T[dec]));
      T[dec] = i;
    }
  g_free (T);
  c = 0.7 - 0.8 / L + (4 + 32.0 / L) * pow ((double) K, -3.0 / L) / 15;
  sigma = c * sqrt (variance[L] / (double) K);
  return erfc (fabs (sum / (double) K - expected[L]) / (sqrt (2.0) * sigma));
}

static double
phi_m (const guint8 *e, gsize n, guint m)
{
  guint32 *counts = g_new (guint32, (gsize) 1 << m);
  double sum = 0;

  naive_count_cyclic_windows (e, n, m, counts);
  /* sts-2.1.2's order of operations: Σ ν log(ν/n), then / n (χ² = 2n(ln 2 − ApEn) amplifies
   * rounding by 2n, so the order matters at the 1e-9 level for n = 10⁶). */
  for (gsize v = 0; v < ((gsize) 1 << m); v++)
    if (counts[v] > 0)
      sum += counts[v] * log ((double) counts[v] / (double) n);
  g_free (counts);
  return sum / (double) n;
}

double
naive_approximate_entropy (const guint8 *e, gsize n, guint m)
{
  double apen = phi_m (e, n, m) - phi_m (e, n, m + 1);

  return igamc (pow (2, m - 1), 2.0 * (double) n * (log (2) - apen) / 2);
}

guint
naive_random_excursions (const guint8 *e, gsize n, double p[8])
{
  static const int states[8] = { -4, -3, -2, -1, 1, 2, 3, 4 };
  gint64 *S = g_new (gint64, n);
  guint J = 0;
  gsize start = 0;
  double nu[6][8] = { { 0 } };

  S[0] = 2 * (gint64) e[0] - 1;
  for (gsize i = 1; i < n; i++)
    S[i] = S[i - 1] + 2 * (gint64) e[i] - 1;
  /* §2.14.4 steps 3–5: cut the walk into cycles at its zeros; a last cycle that does not
   * return to 0 counts too. */
  for (gsize i = 0; i <= n; i++)
    {
      int cnt[8] = { 0 };

      if (i < n && S[i] != 0)
        continue;
      if (i == n && start == n)
        break;
      for (gsize k = start; k < i; k++)
        for (int j = 0; j < 8; j++)
          if (S[k] == states[j])
            cnt[j]++;
      for (int j = 0; j < 8; j++)
        nu[MIN (cnt[j], 5)][j]++;
      J++;
      start = i + 1;
    }
  g_free (S);
  if (J < MAX (0.005 * sqrt ((double) n), 500))
    return J;
  for (int j = 0; j < 8; j++)
    {
      double x = ABS (states[j]), chi2 = 0, pi[6];

      pi[0] = 1 - 1 / (2 * x);
      for (int k = 1; k <= 4; k++)
        pi[k] = 1 / (4 * x * x) * pow (1 - 1 / (2 * x), k - 1);
      pi[5] = 1 / (2 * x) * pow (1 - 1 / (2 * x), 4);
      for (int k = 0; k < 6; k++)
        chi2 += (nu[k][j] - J * pi[k]) * (nu[k][j] - J * pi[k]) / (J * pi[k]);
      p[j] = igamc (2.5, chi2 / 2);
    }
  return J;
}

guint
naive_random_excursions_variant (const guint8 *e, gsize n, double p[18])
{
  gint64 *S = g_new (gint64, n);
  guint J = 0;
  int idx = 0;

  S[0] = 2 * (gint64) e[0] - 1;
  for (gsize i = 1; i < n; i++)
    {
      S[i] = S[i - 1] + 2 * (gint64) e[i] - 1;
      if (S[i] == 0)
        J++;
    }
  if (S[n - 1] != 0)
    J++;
  if (J >= 500)
    for (int x = -9; x <= 9; x++)
      {
        double count = 0;

        if (x == 0)
          continue;
        for (gsize i = 0; i < n; i++)
          if (S[i] == x)
            count++;
        p[idx++] = erfc (fabs (count - J) / sqrt (2.0 * J * (4.0 * ABS (x) - 2)));
      }
  g_free (S);
  return J;
}

static double
psi2 (const guint8 *e, gsize n, int m)
{
  guint32 *counts;
  double sum = 0;

  if (m <= 0)
    return 0;
  counts = g_new (guint32, (gsize) 1 << m);
  naive_count_cyclic_windows (e, n, (guint) m, counts);
  for (gsize v = 0; v < ((gsize) 1 << m); v++)
    sum += (double) counts[v] * counts[v];
  g_free (counts);
  return sum * pow (2, m) / (double) n - (double) n;
}

void
naive_serial (const guint8 *e, gsize n, guint m, double p[2])
{
  double a = psi2 (e, n, (int) m), b = psi2 (e, n, (int) m - 1), c = psi2 (e, n, (int) m - 2);

  p[0] = igamc (pow (2, m - 2), (a - b) / 2);
  p[1] = igamc (pow (2, (int) m - 3), (a - 2 * b + c) / 2);
}

double
naive_linear_complexity_test (const guint8 *e, gsize n, guint M)
{
  static const double pi[7] = { 0.01047, 0.03125, 0.12500, 0.50000, 0.25000, 0.06250, 0.020833 };
  gsize N = n / M;
  double mu, nu[7] = { 0 }, chi2 = 0;

  if (N == 0)
    return NAN;
  mu = M / 2.0 + (9 + pow (-1, M + 1)) / 36.0 - (M / 3.0 + 2 / 9.0) / pow (2, M);
  for (gsize i = 0; i < N; i++)
    {
      double t = pow (-1, M) * (naive_linear_complexity (e + i * M, M) - mu) + 2 / 9.0;
      int k = t <= -2.5 ? 0 : t <= -1.5 ? 1 : t <= -0.5 ? 2 : t <= 0.5 ? 3 : t <= 1.5 ? 4
                                                                 : t <= 2.5 ? 5 : 6;

      nu[k]++;
    }
  for (int i = 0; i < 7; i++)
    chi2 += (nu[i] - N * pi[i]) * (nu[i] - N * pi[i]) / (N * pi[i]);
  return igamc (3, chi2 / 2);
}
