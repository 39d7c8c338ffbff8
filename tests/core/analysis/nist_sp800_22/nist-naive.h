/* nist-naive.h — bit-per-byte reference implementations of the SP 800-22 rev 1a tests
 *
 * Written straight from the spec's step lists, one byte per bit and one bit at a time, the way
 * sts-2.1.2 computes (llm.c's "_naive" twin, STYLE.md §4.4). They are the oracle for the
 * bit-parallel kernels of src/core/analysis/nist_sp800_22 and the baseline of the speed test.
 * A p-value of NAN means "not applicable".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

guint8 *naive_unpack                  (const guint8 *bytes, gsize n);

/* Kernels */
gsize   naive_popcount                (const guint8 *e, gsize start, gsize len);
gsize   naive_transitions             (const guint8 *e, gsize n);
guint   naive_longest_run             (const guint8 *e, gsize start, gsize len);
void    naive_walk_extrema            (const guint8 *e, gsize n, gint64 *max, gint64 *min,
                                       gint64 *final);
guint   naive_rank32                  (const guint8 *e);
guint   naive_linear_complexity       (const guint8 *e, guint M);
void    naive_count_cyclic_windows    (const guint8 *e, gsize n, guint m, guint32 *counts);
void    naive_count_block_windows     (const guint8 *e, gsize start, gsize len, guint m,
                                       guint32 *counts);
guint   naive_count_ones_windows      (const guint8 *e, gsize start, gsize len, guint m);
guint   naive_aperiodic_templates     (guint m, guint32 **out);
void    naive_dft_moduli              (const guint8 *e, gsize n, double *moduli);

/* Whole tests, with the parameters of DkgNistParams where they have one. */
double  naive_frequency               (const guint8 *e, gsize n);
double  naive_block_frequency         (const guint8 *e, gsize n, gsize M);
void    naive_cumulative_sums         (const guint8 *e, gsize n, double p[2]);
double  naive_runs                    (const guint8 *e, gsize n);
double  naive_longest_run_test        (const guint8 *e, gsize n);
double  naive_rank                    (const guint8 *e, gsize n);
double  naive_dft                     (const guint8 *e, gsize n);
guint   naive_non_overlapping         (const guint8 *e, gsize n, guint m, guint N, double *p);
double  naive_overlapping             (const guint8 *e, gsize n, guint m, gsize M);
double  naive_universal               (const guint8 *e, gsize n);
double  naive_approximate_entropy     (const guint8 *e, gsize n, guint m);
guint   naive_random_excursions       (const guint8 *e, gsize n, double p[8]);
guint   naive_random_excursions_variant (const guint8 *e, gsize n, double p[18]);
void    naive_serial                  (const guint8 *e, gsize n, guint m, double p[2]);
double  naive_linear_complexity_test  (const guint8 *e, gsize n, guint M);

G_END_DECLS
