/* dkg-nist-private.h — internals of the SP 800-22 suite, shared by its files and its tests
 *
 * Bit layout: bit i of the sequence is bit 63 − (i mod 64) of word i / 64 (most significant bit
 * first, as the bytes it was read from). Two zero words follow the last one, so a 64-bit read
 * at any position ≤ n + 63 is in bounds, and every bit at or past n is 0.
 *
 * The kernels below are the bit-parallel parts; tests/core/analysis/nist_sp800_22/nist-naive.c holds their
 * bit-per-byte (sts-2.1.2 style) twins.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dkg-nist.h"

/* The notes a person reads (not-applicable reasons, warnings) are translated, in the app's
 * text domain; the CLI, which binds none, prints them in English. */
#include "config.h"
#include <glib/gi18n-lib.h>
#include <inttypes.h>

G_BEGIN_DECLS

struct _DkgNistBits
{
  gsize    n;         /* number of bits */
  gsize    n_words;   /* ⌈n / 64⌉ + 2 */
  guint64 *w;         /* owned; see the layout above */
  gsize    ones;      /* number of ones */
};

/* Bit i (0 or 1); i < n + 128. */
static inline guint
_dkg_nist_bit (const DkgNistBits *b, gsize i)
{
  return (guint) (b->w[i >> 6] >> (63 - (i & 63))) & 1;
}

/* The 64 bits at positions pos .. pos + 63, bit pos in the most significant place; pos ≤ n + 63. */
static inline guint64
_dkg_nist_get64 (const DkgNistBits *b, gsize pos)
{
  gsize k = pos >> 6;
  guint s = (guint) (pos & 63);

  if (s == 0)
    return b->w[k];
  return (b->w[k] << s) | (b->w[k + 1] >> (64 - s));
}

/* Special functions (GSL; see dkg-nist.c). */
double   _dkg_nist_igamc                 (double a, double x);
double   _dkg_nist_normal_cdf            (double x);

/* Result building (dkg-nist-result.c). Names of params and stats are static strings. */
DkgNistResult *_dkg_nist_result_new      (DkgNistTest test, double alpha);
void     _dkg_nist_result_add_param      (DkgNistResult *r, const char *name, gint64 value);
void     _dkg_nist_result_add_stat       (DkgNistResult *r, const char *name, double value);
void     _dkg_nist_result_add_p_value    (DkgNistResult *r, const char *label, double p);
void     _dkg_nist_result_set_not_applicable (DkgNistResult *r, const char *format, ...)
  G_GNUC_PRINTF (2, 3);
void     _dkg_nist_result_add_note       (DkgNistResult *r, const char *format, ...)
  G_GNUC_PRINTF (2, 3);
void     _dkg_nist_result_finish         (DkgNistResult *r);
void     _dkg_nist_result_set_elapsed    (DkgNistResult *r, double seconds);
DkgNistReport *_dkg_nist_report_new      (gsize n_bits, const DkgNistParams *params);
void     _dkg_nist_report_take_result    (DkgNistReport *report, DkgNistResult *result);
void     _dkg_nist_report_set_elapsed    (DkgNistReport *report, double seconds);

/* The tests: each fills @r (p-values, parameters, statistics, or not applicable). */
void _dkg_nist_frequency                  (const DkgNistBits *b, const DkgNistParams *p,
                                           DkgNistResult *r);
void _dkg_nist_block_frequency            (const DkgNistBits *b, const DkgNistParams *p,
                                           DkgNistResult *r);
void _dkg_nist_cumulative_sums            (const DkgNistBits *b, const DkgNistParams *p,
                                           DkgNistResult *r);
void _dkg_nist_runs                       (const DkgNistBits *b, const DkgNistParams *p,
                                           DkgNistResult *r);
void _dkg_nist_longest_run                (const DkgNistBits *b, const DkgNistParams *p,
                                           DkgNistResult *r);
void _dkg_nist_rank                       (const DkgNistBits *b, const DkgNistParams *p,
                                           DkgNistResult *r);
void _dkg_nist_dft                        (const DkgNistBits *b, const DkgNistParams *p,
                                           DkgNistResult *r);
void _dkg_nist_non_overlapping_template   (const DkgNistBits *b, const DkgNistParams *p,
                                           DkgNistResult *r);
void _dkg_nist_overlapping_template       (const DkgNistBits *b, const DkgNistParams *p,
                                           DkgNistResult *r);
void _dkg_nist_universal                  (const DkgNistBits *b, const DkgNistParams *p,
                                           DkgNistResult *r);
void _dkg_nist_approximate_entropy        (const DkgNistBits *b, const DkgNistParams *p,
                                           DkgNistResult *r);
void _dkg_nist_random_excursions          (const DkgNistBits *b, const DkgNistParams *p,
                                           DkgNistResult *r);
void _dkg_nist_random_excursions_variant  (const DkgNistBits *b, const DkgNistParams *p,
                                           DkgNistResult *r);
void _dkg_nist_serial                     (const DkgNistBits *b, const DkgNistParams *p,
                                           DkgNistResult *r);
void _dkg_nist_linear_complexity          (const DkgNistBits *b, const DkgNistParams *p,
                                           DkgNistResult *r);

/* Bit-parallel kernels, each with a naive twin in the tests. */

/* Ones in bits start .. start + len − 1 (within the sequence). */
gsize    _dkg_nist_popcount_range        (const DkgNistBits *b, gsize start, gsize len);
/* Number of i in 0 .. n − 2 with bit i ≠ bit i + 1 (the runs statistic is this + 1). */
gsize    _dkg_nist_count_transitions     (const DkgNistBits *b);
/* Longest run of ones in bits start .. start + len − 1. */
guint    _dkg_nist_longest_run_of_ones   (const DkgNistBits *b, gsize start, gsize len);
/* Partial sums S_k = Σ_{i<k} (2ε_i − 1), k = 0..n: max, min (both include S_0 = 0) and S_n. */
void     _dkg_nist_walk_extrema          (const DkgNistBits *b, gint64 *max, gint64 *min,
                                          gint64 *final);
/* Rank over GF(2) of the 32 × 32 matrix whose row i is the 32-bit word rows[i] (rows are
 * destroyed). */
guint    _dkg_nist_rank32                (guint32 rows[32]);
/* The 32 × 32 matrix k (bits 1024k .. 1024k + 1023, row by row, as sts-2.1.2's def_matrix). */
void     _dkg_nist_matrix32              (const DkgNistBits *b, gsize k, guint32 rows[32]);
/* Linear complexity (Berlekamp–Massey over GF(2), on 64-bit words) of bits start ..
 * start + M − 1; @scratch holds _dkg_nist_lc_scratch_words (M) words. */
gsize    _dkg_nist_lc_scratch_words      (guint M);
guint    _dkg_nist_linear_complexity_block (const DkgNistBits *b, gsize start, guint M,
                                            guint64 *scratch);
/* counts[v] (2^m entries, zeroed here) = number of i in 0..n−1 whose m bits i, i+1, ..
 * (indices mod n, as the augmented sequence of §2.11.4 and §2.12.4) read v, MSB first. */
void     _dkg_nist_count_cyclic_windows  (const DkgNistBits *b, guint m, guint32 *counts);
/* counts[v] (2^m entries, added to) = number of j in 0 .. len − m with bits start + j ..
 * start + j + m − 1 reading v. */
void     _dkg_nist_count_block_windows   (const DkgNistBits *b, gsize start, gsize len, guint m,
                                          guint32 *counts);
/* Number of j in 0 .. len − m with bits start + j .. start + j + m − 1 all ones. */
guint    _dkg_nist_count_ones_windows    (const DkgNistBits *b, gsize start, gsize len, guint m);
/* The aperiodic templates of length m (§2.7.2) in ascending order, as sts-2.1.2's
 * templates/template<m> files list them. Returns their number; *out is g_free()d by the caller. */
guint    _dkg_nist_aperiodic_templates   (guint m, guint32 **out);
/* |X_k| for k = 0 .. ⌊n/2⌋ of the DFT of X_i = 2ε_i − 1. GSL's mixed-radix real FFT when n has
 * only small prime factors, else Bluestein's algorithm (exact length n, no zero padding of the
 * data); @force_bluestein for tests. Returns FALSE if n < 2 or memory runs out. */
gboolean _dkg_nist_dft_moduli            (const DkgNistBits *b, gboolean force_bluestein,
                                          double *moduli);
/* Whether _dkg_nist_dft_moduli() uses Bluestein's algorithm for n. */
gboolean _dkg_nist_dft_uses_bluestein    (gsize n);

G_END_DECLS
