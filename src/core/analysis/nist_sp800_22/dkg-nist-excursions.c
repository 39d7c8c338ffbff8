/* dkg-nist-excursions.c — SP 800-22 rev 1a §2.14 random excursions and §2.15 its variant
 *
 * One pass of the random walk S_k = Σ_{i≤k} (2ε_i − 1) over 64-bit words, without storing it
 * (sts-2.1.2 keeps n ints of S_k and an array of cycle ends, and for the variant rescans the
 * walk once per state).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "dkg-nist-private.h"

/* sts-2.1.2's rejection constraint: J ≥ max(0.005 √n, 500) cycles (§2.14.7, §2.15.7: 500). */
static double
cycle_constraint (gsize n)
{
  return MAX (0.005 * sqrt ((double) n), 500);
}

/* Walks the sequence. visits[x + 9] counts the visits to state x (|x| ≤ 9) over the whole walk;
 * if nu is not NULL, nu[k][j] counts the cycles with k visits (k = 5: ≥ 5) to state j of
 * −4..−1, 1..4. Returns J, the number of cycles (a last cycle that does not return to 0
 * counts, as in §2.14.4 step 3). */
static guint64
walk (const DkgNistBits *b, guint64 visits[19], guint64 nu[6][8])
{
  guint64 J = 0;
  guint cycle[8] = { 0 };
  gint64 s = 0;

  for (guint i = 0; i < 19; i++)
    visits[i] = 0;
  for (gsize pos = 0; pos < b->n; pos += 64)
    {
      guint64 x = b->w[pos / 64];
      guint c = (guint) MIN (64, b->n - pos);

      for (guint t = 0; t < c; t++, x <<= 1)
        {
          s += (gint64) (x >> 63) * 2 - 1;
          if (s == 0)
            {
              J++;
              if (nu != NULL)
                for (guint j = 0; j < 8; j++)
                  {
                    nu[MIN (cycle[j], 5)][j]++;
                    cycle[j] = 0;
                  }
            }
          else if (s >= -9 && s <= 9)
            {
              visits[s + 9]++;
              if (s >= -4 && s <= 4)
                cycle[s < 0 ? s + 4 : s + 3]++;
            }
        }
    }
  if (s != 0)
    {
      J++;
      if (nu != NULL)
        for (guint j = 0; j < 8; j++)
          nu[MIN (cycle[j], 5)][j]++;
    }
  return J;
}

/* walk(), with n, J and the rejection @constraint recorded in @r. Returns FALSE when J is
 * below @constraint: the test is then not applicable (the caller says why, in its section). */
static gboolean
walk_enough_cycles (const DkgNistBits *b, double constraint, DkgNistResult *r,
                    guint64 visits[19], guint64 nu[6][8], guint64 *J)
{
  *J = walk (b, visits, nu);
  _dkg_nist_result_add_param (r, "n", (gint64) b->n);
  _dkg_nist_result_add_stat (r, "J", (double) *J);
  _dkg_nist_result_add_stat (r, "constraint", constraint);
  return (double) *J >= constraint;
}

/* §2.14: for each state x of −4..−1, 1..4, χ²(x) = Σ_k (ν_k(x) − Jπ_k(x))²/(Jπ_k(x)) over
 * k = 0..5, P = igamc(5/2, χ²/2), with sts-2.1.2's table of π_k(x) (§3.14). */
void
_dkg_nist_random_excursions (const DkgNistBits *b, const DkgNistParams *p, DkgNistResult *r)
{
  static const double pi[5][6] = {
    { 0.0000000000, 0.00000000000, 0.00000000000, 0.00000000000, 0.00000000000, 0.0000000000 },
    { 0.5000000000, 0.25000000000, 0.12500000000, 0.06250000000, 0.03125000000, 0.0312500000 },
    { 0.7500000000, 0.06250000000, 0.04687500000, 0.03515625000, 0.02636718750, 0.0791015625 },
    { 0.8333333333, 0.02777777778, 0.02314814815, 0.01929012346, 0.01607510288, 0.0803755143 },
    { 0.8750000000, 0.01562500000, 0.01367187500, 0.01196289063, 0.01046752930, 0.0732727051 },
  };
  static const int state[8] = { -4, -3, -2, -1, 1, 2, 3, 4 };
  guint64 visits[19], nu[6][8] = { { 0 } }, J;
  double constraint = cycle_constraint (b->n);

  if (!walk_enough_cycles (b, constraint, r, visits, nu, &J))
    {
      _dkg_nist_result_set_not_applicable (r, _("J = %" PRIu64 " cycles are fewer than max(0.005·√n, "
                                                "500) = %.0f (§2.14.7; sts-2.1.2's rejection "
                                                "constraint)"), J, constraint);
      return;
    }
  for (guint j = 0; j < 8; j++)
    {
      int x = state[j];
      double chi2 = 0;
      char label[8];

      for (guint k = 0; k < 6; k++)
        {
          double e = (double) J * pi[ABS (x)][k];

          chi2 += pow ((double) nu[k][j] - e, 2) / e;
        }
      g_snprintf (label, sizeof label, "x=%+d", x);
      _dkg_nist_result_add_p_value (r, label, _dkg_nist_igamc (2.5, chi2 / 2.0));
    }
}

/* §2.15: ξ(x) = visits to state x, P = erfc(|ξ(x) − J| / √(2J(4|x| − 2))), x = −9..−1, 1..9. */
void
_dkg_nist_random_excursions_variant (const DkgNistBits *b, const DkgNistParams *p,
                                     DkgNistResult *r)
{
  guint64 visits[19], J;
  double constraint = (int) cycle_constraint (b->n);

  if (!walk_enough_cycles (b, constraint, r, visits, NULL, &J))
    {
      _dkg_nist_result_set_not_applicable (r, _("J = %" PRIu64 " cycles are fewer than max(0.005·√n, "
                                                "500) = %.0f (§2.15.7; sts-2.1.2's rejection "
                                                "constraint)"), J, constraint);
      return;
    }
  for (int x = -9; x <= 9; x++)
    {
      char label[8];
      double xi;

      if (x == 0)
        continue;
      xi = (double) visits[x + 9];
      g_snprintf (label, sizeof label, "x=%+d", x);
      _dkg_nist_result_add_p_value (r, label,
                                    erfc (fabs (xi - (double) J)
                                          / sqrt (2.0 * (double) J * (4.0 * ABS (x) - 2))));
    }
}
