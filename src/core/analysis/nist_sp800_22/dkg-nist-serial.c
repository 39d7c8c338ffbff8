/* dkg-nist-serial.c — SP 800-22 rev 1a §2.11 serial and §2.12 approximate entropy
 *
 * Both tests count the overlapping m-bit patterns of the augmented (cyclic) sequence. One pass
 * with a sliding m-bit integer counts all 2^m patterns of the largest length; the counts of
 * length m − 1 follow by adding pairs (ν_{m−1}(v) = ν_m(2v) + ν_m(2v + 1): both windows start at
 * the same position), so the serial test needs one pass for ψ²_m, ψ²_{m−1} and ψ²_{m−2}, and
 * approximate entropy one pass for Φ^(m+1) and Φ^(m), where sts-2.1.2 makes 3 and 2 passes of
 * m bit-reads each.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "dkg-nist-private.h"

/* Pattern counts of length m − 1 from those of length m, in place. */
static void
marginalise (guint32 *counts, guint m)
{
  for (gsize v = 0; v < ((gsize) 1 << (m - 1)); v++)
    counts[v] = counts[2 * v] + counts[2 * v + 1];
}

/* ψ²_m = (2^m/n) Σ ν_v² − n (§2.11.4 step 3). */
static double
psi2 (const guint32 *counts, guint m, gsize n)
{
  guint64 sum = 0;

  for (gsize v = 0; v < ((gsize) 1 << m); v++)
    sum += (guint64) counts[v] * counts[v];
  return ((double) sum * pow (2, m) / (double) n) - (double) n;
}

/* Φ^(m) = Σ π_v ln π_v, π_v = ν_v/n (§2.12.4 step 4). */
static double
phi (const guint32 *counts, guint m, gsize n)
{
  double sum = 0;

  for (gsize v = 0; v < ((gsize) 1 << m); v++)
    if (counts[v] > 0)
      sum += counts[v] * log (counts[v] / (double) n);
  return sum / (double) n;
}

/* §2.11: ∇ψ²_m = ψ²_m − ψ²_{m−1}, ∇²ψ²_m = ψ²_m − 2ψ²_{m−1} + ψ²_{m−2},
 * P1 = igamc(2^{m−2}, ∇ψ²_m/2), P2 = igamc(2^{m−3}, ∇²ψ²_m/2). */
void
_dkg_nist_serial (const DkgNistBits *b, const DkgNistParams *p, DkgNistResult *r)
{
  guint m = p->serial_m;
  gsize n = b->n;
  g_autofree guint32 *counts = g_new (guint32, (gsize) 1 << m);
  double psim0, psim1, psim2, del1, del2;

  _dkg_nist_result_add_param (r, "n", (gint64) n);
  _dkg_nist_result_add_param (r, "m", m);
  _dkg_nist_count_cyclic_windows (b, m, counts);
  psim0 = psi2 (counts, m, n);
  marginalise (counts, m);
  psim1 = psi2 (counts, m - 1, n);
  marginalise (counts, m - 1);
  psim2 = m - 2 == 0 ? 0.0 : psi2 (counts, m - 2, n);
  del1 = psim0 - psim1;
  del2 = psim0 - 2.0 * psim1 + psim2;
  _dkg_nist_result_add_stat (r, "psi2_m", psim0);
  _dkg_nist_result_add_stat (r, "psi2_m-1", psim1);
  _dkg_nist_result_add_stat (r, "psi2_m-2", psim2);
  _dkg_nist_result_add_stat (r, "del1", del1);
  _dkg_nist_result_add_stat (r, "del2", del2);
  if ((double) m >= floor (log2 ((double) n)) - 2)
    _dkg_nist_result_add_note (r, _("m = %u is not below ⌊log₂ n⌋ − 2 = %d (§2.11.7)"), m,
                               (int) floor (log2 ((double) n)) - 2);
  _dkg_nist_result_add_p_value (r, "del1", _dkg_nist_igamc (pow (2, m - 1) / 2, del1 / 2.0));
  _dkg_nist_result_add_p_value (r, "del2", _dkg_nist_igamc (pow (2, m - 2) / 2, del2 / 2.0));
}

/* §2.12: ApEn(m) = Φ^(m) − Φ^(m+1), χ² = 2n(ln 2 − ApEn(m)), P = igamc(2^{m−1}, χ²/2). */
void
_dkg_nist_approximate_entropy (const DkgNistBits *b, const DkgNistParams *p, DkgNistResult *r)
{
  guint m = p->approximate_entropy_m;
  gsize n = b->n;
  g_autofree guint32 *counts = g_new (guint32, (gsize) 1 << (m + 1));
  double phi_m1, phi_m, apen, chi2;

  _dkg_nist_result_add_param (r, "n", (gint64) n);
  _dkg_nist_result_add_param (r, "m", m);
  _dkg_nist_count_cyclic_windows (b, m + 1, counts);
  phi_m1 = phi (counts, m + 1, n);
  marginalise (counts, m + 1);
  phi_m = phi (counts, m, n);
  apen = phi_m - phi_m1;
  chi2 = 2.0 * (double) n * (log (2) - apen);
  _dkg_nist_result_add_stat (r, "phi_m", phi_m);
  _dkg_nist_result_add_stat (r, "phi_m+1", phi_m1);
  _dkg_nist_result_add_stat (r, "ApEn", apen);
  _dkg_nist_result_add_stat (r, "chi2", chi2);
  /* sts-2.1.2's warning: "The blockSize exceeds recommended value … Results are inaccurate". */
  if ((int) m > (int) (log ((double) n) / log (2) - 5))
    _dkg_nist_result_add_note (r, _("m = %u is above ⌊log₂ n⌋ − 5 = %d (§2.12.7: m < ⌊log₂ n⌋ − "
                                    "5)"),
                               m, (int) (log ((double) n) / log (2) - 5));
  _dkg_nist_result_add_p_value (r, NULL, _dkg_nist_igamc (pow (2, m - 1), chi2 / 2.0));
}
