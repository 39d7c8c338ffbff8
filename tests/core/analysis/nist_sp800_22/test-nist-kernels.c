/* test-nist-kernels.c — the bit-parallel SP 800-22 kernels against their bit-per-byte twins
 *
 * Sequences of odd lengths (1 bit to 387841 bits) and of several kinds (uniform, biased, long
 * runs, an LFSR, constant) exercise the word boundaries, the tails and the degenerate cases.
 * Kernel outputs must be identical; p-values of whole tests must agree to 1e-9 (both sides
 * evaluate the same formula on the same counts, so any difference is rounding; see compare()
 * for the one exception).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "dkg-nist-private.h"
#include "dkg-test-util.h"
#include "nist-naive.h"

typedef enum
{
  KIND_UNIFORM,
  KIND_BIASED,      /* P(1) = 3/4 */
  KIND_RUNS,        /* runs of 1..150 equal bits */
  KIND_LFSR,        /* x^17 + x^3 + 1, linear complexity 17 */
  KIND_ONES,
  KIND_ZEROS,
  N_KINDS
} Kind;

static const char *const kind_names[N_KINDS] = { "uniform", "biased", "runs", "lfsr", "ones",
                                                 "zeros" };

typedef struct
{
  gsize        n;
  guint8      *bytes;
  guint8      *e;      /* one byte per bit */
  DkgNistBits *b;
} Seq;

static Seq *
seq_new (gsize n, Kind kind, guint64 seed)
{
  g_autoptr(DkgRand) rng = dkg_rand_new_seeded (seed);
  Seq *s = g_new0 (Seq, 1);
  gsize nb = (n + 7) / 8;

  s->n = n;
  s->bytes = g_malloc0 (nb);
  dkg_rand_bytes (rng, s->bytes, nb);   /* tail bits past n stay random: they must be ignored */
  switch (kind)
    {
    case KIND_UNIFORM:
      break;
    case KIND_BIASED:
      for (gsize i = 0; i < nb; i++)
        s->bytes[i] |= (guint8) dkg_rand_uint32 (rng);
      break;
    case KIND_RUNS:
      {
        gsize i = 0;
        guint bit = 0;

        memset (s->bytes, 0, nb);
        while (i < n)
          {
            guint len = 1 + dkg_rand_below (rng, 150);

            for (guint k = 0; k < len && i < n; k++, i++)
              if (bit)
                s->bytes[i / 8] |= (guint8) (0x80 >> (i % 8));
            bit ^= 1;
          }
      }
      break;
    case KIND_LFSR:
      {
        guint32 state = 1 + dkg_rand_below (rng, (1u << 17) - 1);

        memset (s->bytes, 0, nb);
        for (gsize i = 0; i < n; i++)
          {
            guint out = state & 1;
            guint fb = (state ^ (state >> 3)) & 1;   /* s_{t+17} = s_{t+3} ⊕ s_t */

            if (out)
              s->bytes[i / 8] |= (guint8) (0x80 >> (i % 8));
            state = (state >> 1) | (fb << 16);
          }
      }
      break;
    case KIND_ONES:
      memset (s->bytes, 0xff, nb);
      break;
    case KIND_ZEROS:
      memset (s->bytes, 0, nb);
      break;
    default:
      g_assert_not_reached ();
    }
  s->e = naive_unpack (s->bytes, n);
  s->b = dkg_nist_bits_new (s->bytes, n);
  return s;
}

static void
seq_free (Seq *s)
{
  dkg_nist_bits_free (s->b);
  g_free (s->e);
  g_free (s->bytes);
  g_free (s);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Seq, seq_free)

static const gsize lengths[] = { 1, 2, 3, 5, 8, 31, 63, 64, 65, 127, 128, 129, 191, 1000, 1023,
                                 1031, 4097, 10007, 65537 };

/* Packing: the words past n are zero, reads past n give zeros. */
static void
test_kernels_packing (void)
{
  for (guint li = 0; li < G_N_ELEMENTS (lengths); li++)
    {
      g_autoptr(Seq) s = seq_new (lengths[li], KIND_ONES, li);
      const DkgNistBits *b = s->b;

      g_assert_cmpuint (b->n, ==, lengths[li]);
      g_assert_cmpuint (b->ones, ==, lengths[li]);
      g_assert_cmpuint (b->n_words, ==, (lengths[li] + 63) / 64 + 2);
      for (gsize pos = 0; pos <= b->n + 63; pos++)
        {
          guint64 x = _dkg_nist_get64 (b, pos);
          gsize valid = pos >= b->n ? 0 : MIN (64, b->n - pos);
          guint64 want = valid == 0 ? 0 : ~G_GUINT64_CONSTANT (0) << (64 - valid);

          g_assert_cmphex (x, ==, want);
        }
    }
}

/* Popcount, transitions, longest runs, random-walk extrema. */
static void
test_kernels_counts (void)
{
  static const gsize block_lengths[] = { 8, 100, 128, 10000 };
  g_autoptr(DkgRand) rng = dkg_rand_new_seeded (11);
  guint checks = 0;

  for (guint li = 0; li < G_N_ELEMENTS (lengths); li++)
    for (guint k = 0; k < N_KINDS; k++)
      {
        g_autoptr(Seq) s = seq_new (lengths[li], (Kind) k, 100 * li + k);
        gsize n = s->n;
        gint64 a1, a2, a3, b1, b2, b3;

        g_assert_cmpuint (s->b->ones, ==, naive_popcount (s->e, 0, n));
        g_assert_cmpuint (_dkg_nist_count_transitions (s->b), ==, naive_transitions (s->e, n));
        _dkg_nist_walk_extrema (s->b, &a1, &a2, &a3);
        naive_walk_extrema (s->e, n, &b1, &b2, &b3);
        g_assert_cmpint (a1, ==, b1);
        g_assert_cmpint (a2, ==, b2);
        g_assert_cmpint (a3, ==, b3);
        for (guint t = 0; t < 40; t++)
          {
            gsize start = dkg_rand_below (rng, (guint32) n);
            gsize len = dkg_rand_below (rng, (guint32) (n - start + 1));

            if (t == 0)
              start = 0, len = n;
            g_assert_cmpuint (_dkg_nist_popcount_range (s->b, start, len), ==,
                              naive_popcount (s->e, start, len));
            g_assert_cmpuint (_dkg_nist_longest_run_of_ones (s->b, start, len), ==,
                              naive_longest_run (s->e, start, len));
            checks++;
          }
        /* The blocks of §2.4 (M = 8, 128, 10000) and §2.2 (M = 128, 100). */
        for (guint mi = 0; mi < G_N_ELEMENTS (block_lengths); mi++)
          for (gsize i = 0, M = block_lengths[mi]; i < n / M; i++)
            {
              g_assert_cmpuint (_dkg_nist_longest_run_of_ones (s->b, i * M, M), ==,
                                naive_longest_run (s->e, i * M, M));
              g_assert_cmpuint (_dkg_nist_popcount_range (s->b, i * M, M), ==,
                                naive_popcount (s->e, i * M, M));
              checks++;
            }
      }
  g_test_message ("%u range checks over %u sequences", checks,
                  (guint) G_N_ELEMENTS (lengths) * N_KINDS);
}

/* Overlapping m-bit patterns: cyclic (§2.11, §2.12), in a block (§2.7), all ones (§2.8). */
static void
test_kernels_windows (void)
{
  static const guint ms[] = { 1, 2, 3, 5, 9, 10, 11, 16, 17 };
  g_autoptr(DkgRand) rng = dkg_rand_new_seeded (12);

  for (guint li = 0; li < G_N_ELEMENTS (lengths); li++)
    for (guint k = 0; k < N_KINDS; k++)
      {
        g_autoptr(Seq) s = seq_new (lengths[li], (Kind) k, 200 * li + k);

        for (guint mi = 0; mi < G_N_ELEMENTS (ms); mi++)
          {
            guint m = ms[mi];
            gsize size = (gsize) 1 << m;
            g_autofree guint32 *fast = g_new (guint32, size);
            g_autofree guint32 *slow = g_new (guint32, size);
            gsize start = dkg_rand_below (rng, (guint32) s->n);
            gsize len = dkg_rand_below (rng, (guint32) (s->n - start + 1));

            _dkg_nist_count_cyclic_windows (s->b, m, fast);
            naive_count_cyclic_windows (s->e, s->n, m, slow);
            g_assert_cmpmem (fast, size * 4, slow, size * 4);

            memset (fast, 0, size * 4);
            memset (slow, 0, size * 4);
            _dkg_nist_count_block_windows (s->b, start, len, m, fast);
            naive_count_block_windows (s->e, start, len, m, slow);
            g_assert_cmpmem (fast, size * 4, slow, size * 4);

            g_assert_cmpuint (_dkg_nist_count_ones_windows (s->b, start, len, m), ==,
                              naive_count_ones_windows (s->e, start, len, m));
            g_assert_cmpuint (_dkg_nist_count_ones_windows (s->b, 0, s->n, m), ==,
                              naive_count_ones_windows (s->e, 0, s->n, m));
          }
      }
}

/* Aperiodic templates (§2.7.2): the counts of sts-2.1.2's numOfTemplates table, ascending. */
static void
test_kernels_templates (void)
{
  static const guint sts_counts[17] = { 0, 0, 2, 4, 6, 12, 20, 40, 74, 148, 284, 568, 1116, 2232,
                                        4424, 8848, 17622 };

  for (guint m = 2; m <= 16; m++)
    {
      g_autofree guint32 *fast = NULL;
      g_autofree guint32 *slow = NULL;
      guint nf = _dkg_nist_aperiodic_templates (m, &fast);
      guint ns = naive_aperiodic_templates (m, &slow);

      g_assert_cmpuint (nf, ==, sts_counts[m]);
      g_assert_cmpuint (ns, ==, sts_counts[m]);
      g_assert_cmpmem (fast, nf * 4, slow, ns * 4);
      for (guint i = 1; i < nf; i++)
        g_assert_cmpuint (fast[i - 1], <, fast[i]);
    }
}

/* Rank of 32 × 32 matrices over GF(2): from the sequences, and of every rank 0..32 by
 * construction (rows drawn from the span of r independent rows). */
static void
test_kernels_rank (void)
{
  g_autoptr(DkgRand) rng = dkg_rand_new_seeded (13);
  guint hist[33] = { 0 };

  for (guint k = 0; k < N_KINDS; k++)
    {
      g_autoptr(Seq) s = seq_new (65537, (Kind) k, 300 + k);

      for (gsize i = 0; i < s->n / 1024; i++)
        {
          guint32 rows[32];
          guint r;

          _dkg_nist_matrix32 (s->b, i, rows);
          r = _dkg_nist_rank32 (rows);
          g_assert_cmpuint (r, ==, naive_rank32 (s->e + 1024 * i));
          hist[r]++;
        }
    }
  for (guint r = 0; r <= 32; r++)
    for (guint t = 0; t < 20; t++)
      {
        guint32 basis[32], rows[32];
        guint8 e[1024];

        /* r independent rows: leading bit 31 − i, random bits below it. */
        for (guint i = 0; i < r; i++)
          basis[i] = ((guint32) 1 << (31 - i))
                     | (guint32) ((guint64) dkg_rand_uint32 (rng) >> (i + 1));
        for (guint i = 0; i < 32; i++)
          {
            guint32 row = 0;

            for (guint j = 0; j < r; j++)
              if (dkg_rand_uint32 (rng) & 1)
                row ^= basis[j];
            if (i < r)
              row = basis[i];
            rows[i] = row;
          }
        /* Shuffle the rows. */
        for (guint i = 31; i > 0; i--)
          {
            guint j = dkg_rand_below (rng, i + 1);
            guint32 tmp = rows[i];

            rows[i] = rows[j];
            rows[j] = tmp;
          }
        for (guint i = 0; i < 32; i++)
          for (guint j = 0; j < 32; j++)
            e[32 * i + j] = (rows[i] >> (31 - j)) & 1;
        g_assert_cmpuint (naive_rank32 (e), ==, r);
        g_assert_cmpuint (_dkg_nist_rank32 (rows), ==, r);
      }
  {
    guint low = 0;

    for (guint r = 0; r < 30; r++)
      low += hist[r];
    g_test_message ("ranks from sequences: 32: %u, 31: %u, 30: %u, ≤ 29: %u", hist[32], hist[31],
                    hist[30], low);
  }
}

/* Berlekamp–Massey on packed words against the byte version, block lengths around word edges. */
static void
test_kernels_linear_complexity (void)
{
  static const guint Ms[] = { 1, 2, 3, 13, 63, 64, 65, 127, 128, 129, 500, 501, 1000, 1031 };
  g_autoptr(DkgRand) rng = dkg_rand_new_seeded (14);
  guint blocks = 0;

  for (guint k = 0; k < N_KINDS; k++)
    {
      g_autoptr(Seq) s = seq_new (20011, (Kind) k, 400 + k);

      for (guint mi = 0; mi < G_N_ELEMENTS (Ms); mi++)
        {
          guint M = Ms[mi];
          g_autofree guint64 *scratch = g_new (guint64, _dkg_nist_lc_scratch_words (M));

          for (guint t = 0; t < 12; t++)
            {
              gsize start = dkg_rand_below (rng, (guint32) (s->n - M + 1));
              guint L = _dkg_nist_linear_complexity_block (s->b, start, M, scratch);

              g_assert_cmpuint (L, ==, naive_linear_complexity (s->e + start, M));
              if (k == KIND_LFSR && M >= 34)
                g_assert_cmpuint (L, ==, 17);
              if (k == KIND_ZEROS)
                g_assert_cmpuint (L, ==, 0);
              if (k == KIND_ONES)
                g_assert_cmpuint (L, ==, 1);
              blocks++;
            }
        }
    }
  g_test_message ("%u blocks compared", blocks);
}

/* DFT moduli: GSL's mixed radix and Bluestein against the O(n²) definition. */
static void
test_kernels_dft (void)
{
  static const gsize ns[] = { 2, 3, 4, 5, 10, 62, 74, 100, 1000, 1001, 1031, 4096, 4099, 9973 };

  g_assert_false (_dkg_nist_dft_uses_bluestein (1572864));
  g_assert_false (_dkg_nist_dft_uses_bluestein (1000000));
  g_assert_false (_dkg_nist_dft_uses_bluestein (62));     /* 2 · 31 */
  g_assert_true (_dkg_nist_dft_uses_bluestein (74));      /* 2 · 37 */
  g_assert_true (_dkg_nist_dft_uses_bluestein (999983));  /* prime */

  for (guint i = 0; i < G_N_ELEMENTS (ns); i++)
    for (guint k = 0; k < N_KINDS; k += 2)
      {
        g_autoptr(Seq) s = seq_new (ns[i], (Kind) k, 500 + i);
        gsize half = ns[i] / 2;
        g_autofree double *slow = g_new (double, half + 1);
        g_autofree double *fast = g_new (double, half + 1);
        g_autofree double *blue = g_new (double, half + 1);
        double d1 = 0, d2 = 0, tol = 1e-9 * sqrt ((double) ns[i]);

        naive_dft_moduli (s->e, s->n, slow);
        g_assert_true (_dkg_nist_dft_moduli (s->b, FALSE, fast));
        g_assert_true (_dkg_nist_dft_moduli (s->b, TRUE, blue));
        for (gsize j = 0; j <= half; j++)
          {
            d1 = MAX (d1, fabs (fast[j] - slow[j]));
            d2 = MAX (d2, fabs (blue[j] - slow[j]));
          }
        g_test_message ("n = %" G_GSIZE_FORMAT " %s (%s): max |Δ| direct %.2e, Bluestein %.2e "
                        "(tolerance %.1e)", ns[i], kind_names[k],
                        _dkg_nist_dft_uses_bluestein (ns[i]) ? "Bluestein" : "mixed radix", d1, d2,
                        tol);
        g_assert_cmpfloat (d1, <, tol);
        g_assert_cmpfloat (d2, <, tol);
      }
  /* 10⁶ uniform bits both ways: the moduli agree and so does the DFT statistic N_1. */
  {
    g_autoptr(Seq) s = seq_new (1000000, KIND_UNIFORM, 599);
    g_autofree double *fast = g_new (double, 500001);
    g_autofree double *blue = g_new (double, 500001);
    double d = 0, T = sqrt (2.995732274 * 1e6);
    gsize c1 = 0, c2 = 0;

    _dkg_nist_dft_moduli (s->b, FALSE, fast);
    _dkg_nist_dft_moduli (s->b, TRUE, blue);
    for (gsize j = 0; j <= 500000; j++)
      {
        d = MAX (d, fabs (fast[j] - blue[j]));
        c1 += j < 500000 && fast[j] < T;
        c2 += j < 500000 && blue[j] < T;
      }
    g_test_message ("n = 10⁶: max |Δ| mixed radix vs Bluestein %.2e, N_1 = %" G_GSIZE_FORMAT
                    " and %" G_GSIZE_FORMAT, d, c1, c2);
    g_assert_cmpfloat (d, <, 1e-6);
    g_assert_cmpuint (c1, ==, c2);
  }
}

static DkgNistResult *
run (DkgNistTest test, const DkgNistBits *bits, const DkgNistParams *params)
{
  g_autoptr(GError) error = NULL;
  DkgNistResult *r = dkg_nist_run_test (test, bits, params, &error);

  g_assert_no_error (error);
  return r;
}

/* Tolerance 1e-9, but 1e-8 for random excursions: the library uses sts-2.1.2's table of π_k(x),
 * rounded to 10 digits, the naive version §3.14's formula (π_5(4) = 0.0732727050781… against
 * 0.0732727051); with J ≈ 1500 cycles that moves P by about 1e-9. */
static void
compare (const DkgNistResult *r, const double *naive, guint n_naive, gboolean naive_na,
         double *maxdiff)
{
  double tol = dkg_nist_result_get_test (r) == DKG_NIST_RANDOM_EXCURSIONS ? 1e-8 : 1e-9;

  if (naive_na)
    {
      g_assert_cmpint (dkg_nist_result_get_status (r), ==, DKG_NIST_STATUS_NOT_APPLICABLE);
      return;
    }
  g_assert_cmpint (dkg_nist_result_get_status (r), !=, DKG_NIST_STATUS_NOT_APPLICABLE);
  g_assert_cmpuint (dkg_nist_result_get_n_p_values (r), ==, n_naive);
  for (guint i = 0; i < n_naive; i++)
    {
      double d = fabs (dkg_nist_result_get_p_value (r, i) - naive[i]);

      *maxdiff = MAX (*maxdiff, d);
      if (!(d < tol))
        g_error ("%s p-value %u: %.12f, naive %.12f", dkg_nist_result_get_name (r), i,
                 dkg_nist_result_get_p_value (r, i), naive[i]);
    }
}

/* Every test, library against naive, on one sequence. The naive DFT is O(n²): n ≤ 20000. */
static void
compare_all (const Seq *s, const DkgNistParams *p)
{
  double maxdiff = 0, q[148], one;
  guint k;

  for (guint t = 0; t < DKG_NIST_N_TESTS; t++)
    {
      g_autoptr(DkgNistResult) r = run ((DkgNistTest) t, s->b, p);

      switch ((DkgNistTest) t)
        {
        case DKG_NIST_FREQUENCY:
          one = naive_frequency (s->e, s->n);
          compare (r, &one, 1, FALSE, &maxdiff);
          break;
        case DKG_NIST_BLOCK_FREQUENCY:
          one = naive_block_frequency (s->e, s->n, p->block_frequency_m);
          compare (r, &one, 1, isnan (one), &maxdiff);
          break;
        case DKG_NIST_CUMULATIVE_SUMS:
          naive_cumulative_sums (s->e, s->n, q);
          compare (r, q, 2, FALSE, &maxdiff);
          break;
        case DKG_NIST_RUNS:
          one = naive_runs (s->e, s->n);
          compare (r, &one, 1, isnan (one), &maxdiff);
          break;
        case DKG_NIST_LONGEST_RUN:
          one = naive_longest_run_test (s->e, s->n);
          compare (r, &one, 1, isnan (one), &maxdiff);
          break;
        case DKG_NIST_RANK:
          one = naive_rank (s->e, s->n);
          compare (r, &one, 1, isnan (one), &maxdiff);
          break;
        case DKG_NIST_DFT:
          if (s->n <= 20000)
            {
              one = naive_dft (s->e, s->n);
              compare (r, &one, 1, isnan (one), &maxdiff);
            }
          break;
        case DKG_NIST_NON_OVERLAPPING_TEMPLATE:
          k = naive_non_overlapping (s->e, s->n, p->non_overlapping_m,
                                     p->non_overlapping_n_blocks, q);
          compare (r, q, k, k == 0, &maxdiff);
          break;
        case DKG_NIST_OVERLAPPING_TEMPLATE:
          one = naive_overlapping (s->e, s->n, p->overlapping_m, p->overlapping_block_length);
          compare (r, &one, 1, isnan (one), &maxdiff);
          break;
        case DKG_NIST_UNIVERSAL:
          one = naive_universal (s->e, s->n);
          compare (r, &one, 1, isnan (one), &maxdiff);
          break;
        case DKG_NIST_APPROXIMATE_ENTROPY:
          one = naive_approximate_entropy (s->e, s->n, p->approximate_entropy_m);
          compare (r, &one, 1, FALSE, &maxdiff);
          break;
        case DKG_NIST_RANDOM_EXCURSIONS:
          k = naive_random_excursions (s->e, s->n, q);
          compare (r, q, 8, k < 500, &maxdiff);
          break;
        case DKG_NIST_RANDOM_EXCURSIONS_VARIANT:
          k = naive_random_excursions_variant (s->e, s->n, q);
          compare (r, q, 18, k < 500, &maxdiff);
          break;
        case DKG_NIST_SERIAL:
          naive_serial (s->e, s->n, p->serial_m, q);
          compare (r, q, 2, FALSE, &maxdiff);
          break;
        case DKG_NIST_LINEAR_COMPLEXITY:
          one = naive_linear_complexity_test (s->e, s->n, p->linear_complexity_m);
          compare (r, &one, 1, isnan (one), &maxdiff);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  g_test_message ("n = %" G_GSIZE_FORMAT ": all tests agree with the naive versions, "
                  "max |Δp| = %.2e", s->n, maxdiff);
}

static void
test_kernels_p_values (void)
{
  static const gsize ns[] = { 130, 1031, 4099, 19997, 100003, 387841 };
  DkgNistParams p;

  dkg_nist_params_init (&p);
  for (guint i = 0; i < G_N_ELEMENTS (ns); i++)
    {
      g_autoptr(Seq) u = seq_new (ns[i], KIND_UNIFORM, 600 + i);
      g_autoptr(Seq) b = seq_new (ns[i], KIND_BIASED, 700 + i);

      compare_all (u, &p);
      compare_all (b, &p);
    }
  /* Other parameters: templates of 10 and 11 bits (sts-2.1.2 takes 148 of 284, and every 3rd
   * of 568), blocks that are not word multiples. */
  {
    g_autoptr(Seq) u = seq_new (100003, KIND_UNIFORM, 800);
    g_autoptr(Seq) r = seq_new (19997, KIND_RUNS, 801);

    p.block_frequency_m = 100;
    p.non_overlapping_m = 10;
    p.non_overlapping_n_blocks = 7;
    p.overlapping_m = 10;
    p.overlapping_block_length = 2001;
    p.linear_complexity_m = 1031;
    p.serial_m = 5;
    p.approximate_entropy_m = 3;
    compare_all (u, &p);
    compare_all (r, &p);
    p.non_overlapping_m = 11;
    p.serial_m = 2;
    p.approximate_entropy_m = 1;
    compare_all (u, &p);
  }
}

int
main (int argc, char **argv)
{
  dkg_test_init (&argc, &argv);
  g_test_add_func ("/core/nist/kernels/packing", test_kernels_packing);
  g_test_add_func ("/core/nist/kernels/counts", test_kernels_counts);
  g_test_add_func ("/core/nist/kernels/windows", test_kernels_windows);
  g_test_add_func ("/core/nist/kernels/templates", test_kernels_templates);
  g_test_add_func ("/core/nist/kernels/rank", test_kernels_rank);
  g_test_add_func ("/core/nist/kernels/linear-complexity", test_kernels_linear_complexity);
  g_test_add_func ("/core/nist/kernels/dft", test_kernels_dft);
  g_test_add_func ("/core/nist/kernels/p-values", test_kernels_p_values);
  return g_test_run ();
}
