/* dkg-nist-dft.c — SP 800-22 rev 1a §2.6 discrete Fourier transform (spectral) test
 *
 * One FFT of length n, as sts-2.1.2 does (FFTPACK there, GSL here, with the same half-complex
 * packing). GSL's mixed-radix real FFT is O(n Σ p) over the prime factors p of n, so when n has
 * a prime factor above 31 the exact length-n DFT is computed with Bluestein's algorithm instead:
 * X_k = w_k Σ_j (x_j w_j) conj(w_{k−j}), w_j = e^{−iπ j²/n}, one circular convolution of
 * length L = 2^⌈log₂(2n − 1)⌉ through three radix-2 complex FFTs. |w_k| = 1, so |X_k| is the
 * modulus of the convolution. This costs 32·L bytes (≤ 128 bytes per bit).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include <gsl/gsl_fft_complex.h>
#include <gsl/gsl_fft_real.h>

#include "dkg-nist-private.h"

/* sts-2.1.2's constant for ln(1/0.05) (§2.6.4 step 4: T = √(ln(1/0.05)·n)). */
#define DFT_LN_20 2.995732274

#define DFT_MAX_DIRECT_FACTOR 31

/* Memory bounds: GSL's real FFT takes 24 bytes per bit (data, wavetable, workspace), so 2^26
 * bits take 1.5 GiB; Bluestein takes 32·L ≤ 128 bytes per bit, so 2^22 bits take 512 MiB.
 * Longer sequences are not applicable (a key of docs/SPECIFICATION.md §6.7 has 1,572,864 bits). */
#define DFT_MAX_DIRECT ((gsize) 1 << 26)
#define DFT_MAX_BLUESTEIN ((gsize) 1 << 22)

static gsize
largest_prime_factor (gsize n)
{
  gsize largest = 1;

  for (gsize f = 2; f * f <= n; f++)
    while (n % f == 0)
      {
        largest = f;
        n /= f;
      }
  return n > 1 ? MAX (largest, n) : largest;
}

gboolean
_dkg_nist_dft_uses_bluestein (gsize n)
{
  return largest_prime_factor (n) > DFT_MAX_DIRECT_FACTOR;
}

static gboolean
moduli_direct (const DkgNistBits *b, double *moduli)
{
  gsize n = b->n;
  double *x = g_try_new (double, n);
  gsl_fft_real_wavetable *wt;
  gsl_fft_real_workspace *ws;

  if (x == NULL)
    return FALSE;
  wt = gsl_fft_real_wavetable_alloc (n);
  ws = gsl_fft_real_workspace_alloc (n);
  for (gsize pos = 0; pos < n; pos += 64)
    {
      guint64 w = b->w[pos / 64];
      guint c = (guint) MIN (64, n - pos);

      for (guint t = 0; t < c; t++, w <<= 1)
        x[pos + t] = (double) (gint) ((w >> 62) & 2) - 1.0;   /* 2ε − 1 */
    }
  gsl_fft_real_transform (x, 1, n, wt, ws);
  /* Half-complex: x[0] = X_0, (x[2k−1], x[2k]) = X_k for 1 ≤ k < n/2, x[n−1] = X_{n/2} (n even). */
  moduli[0] = fabs (x[0]);
  for (gsize k = 1; 2 * k < n; k++)
    moduli[k] = sqrt (x[2 * k - 1] * x[2 * k - 1] + x[2 * k] * x[2 * k]);
  if (n % 2 == 0)
    moduli[n / 2] = fabs (x[n - 1]);
  gsl_fft_real_workspace_free (ws);
  gsl_fft_real_wavetable_free (wt);
  g_free (x);
  return TRUE;
}

static gboolean
moduli_bluestein (const DkgNistBits *b, double *moduli)
{
  gsize n = b->n, L = 1;
  double *a, *c;

  while (L < 2 * n - 1)
    L <<= 1;
  a = g_try_new0 (double, 2 * L);
  c = g_try_new0 (double, 2 * L);
  if (a == NULL || c == NULL)
    {
      g_free (a);
      g_free (c);
      return FALSE;
    }
  for (gsize j = 0; j < n; j++)
    {
      /* π j²/n with j² reduced mod 2n first, so the angle stays exact for large j. */
      double angle = G_PI * (double) (((guint64) j * j) % (2 * (guint64) n)) / (double) n;
      double wr = cos (angle), wi = -sin (angle);
      double x = _dkg_nist_bit (b, j) ? 1.0 : -1.0;

      a[2 * j] = x * wr;
      a[2 * j + 1] = x * wi;
      c[2 * j] = wr;
      c[2 * j + 1] = -wi;
      if (j > 0)
        {
          c[2 * (L - j)] = wr;
          c[2 * (L - j) + 1] = -wi;
        }
    }
  gsl_fft_complex_radix2_forward (a, 1, L);
  gsl_fft_complex_radix2_forward (c, 1, L);
  for (gsize k = 0; k < L; k++)
    {
      double ar = a[2 * k], ai = a[2 * k + 1], cr = c[2 * k], ci = c[2 * k + 1];

      a[2 * k] = ar * cr - ai * ci;
      a[2 * k + 1] = ar * ci + ai * cr;
    }
  gsl_fft_complex_radix2_inverse (a, 1, L);
  for (gsize k = 0; k <= n / 2; k++)
    moduli[k] = hypot (a[2 * k], a[2 * k + 1]);
  g_free (c);
  g_free (a);
  return TRUE;
}

gboolean
_dkg_nist_dft_moduli (const DkgNistBits *b, gboolean force_bluestein, double *moduli)
{
  if (b->n < 2)
    return FALSE;
  if (force_bluestein || _dkg_nist_dft_uses_bluestein (b->n))
    return moduli_bluestein (b, moduli);
  return moduli_direct (b, moduli);
}

/* §2.6 (rev 1a, as sts-2.1.2): N_1 = #{k < n/2 : |X_k| < T} (X_0 included), N_0 = 0.95·n/2,
 * d = (N_1 − N_0)/√(n·0.95·0.05/4), P = erfc(|d|/√2). */
void
_dkg_nist_dft (const DkgNistBits *b, const DkgNistParams *p, DkgNistResult *r)
{
  gsize n = b->n, half = n / 2, count = 0;
  g_autofree double *moduli = NULL;
  gboolean bluestein;
  double T, n0, d;

  _dkg_nist_result_add_param (r, "n", (gint64) n);
  if (n < 2)
    {
      _dkg_nist_result_set_not_applicable (r, _("n = %zu is too short for a DFT (§2.6.4 needs "
                                                "n/2 ≥ 1 frequencies)"), n);
      return;
    }
  bluestein = _dkg_nist_dft_uses_bluestein (n);
  _dkg_nist_result_add_param (r, "bluestein", bluestein);
  if (n > (bluestein ? DFT_MAX_BLUESTEIN : DFT_MAX_DIRECT))
    {
      if (bluestein)
        _dkg_nist_result_set_not_applicable (r, _("n = %zu has a prime factor above %d and is "
                                                  "above the %zu bits of the exact-length DFT "
                                                  "(§2.6); test shorter streams"), n, DFT_MAX_DIRECT_FACTOR,
                                             DFT_MAX_BLUESTEIN);
      else
        _dkg_nist_result_set_not_applicable (r, _("n = %zu is above the %zu bits of the DFT "
                                                  "(§2.6); test shorter streams"), n, DFT_MAX_DIRECT);
      return;
    }
  moduli = g_try_new (double, half + 1);
  if (moduli == NULL || !_dkg_nist_dft_moduli (b, FALSE, moduli))
    {
      _dkg_nist_result_set_not_applicable (r, _("Out of memory for the DFT of n = %zu bits "
                                                "(§2.6)"), n);
      return;
    }
  T = sqrt (DFT_LN_20 * (double) n);
  for (gsize k = 0; k < half; k++)
    if (moduli[k] < T)
      count++;
  n0 = 0.95 * (double) n / 2.0;
  d = ((double) count - n0) / sqrt ((double) n / 4.0 * 0.95 * 0.05);
  _dkg_nist_result_add_stat (r, "T", T);
  _dkg_nist_result_add_stat (r, "N_0", n0);
  _dkg_nist_result_add_stat (r, "N_1", (double) count);
  _dkg_nist_result_add_stat (r, "d", d);
  if (n < 1000)
    _dkg_nist_result_add_note (r, _("n = %zu is below the 1000 bits §2.6.7 recommends"), n);
  _dkg_nist_result_add_p_value (r, NULL, erfc (fabs (d) / G_SQRT2));
}
