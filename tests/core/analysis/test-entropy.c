/* test-entropy.c — global and local Shannon entropy (docs/SPECIFICATION.md §6.1)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "dkg-entropy.h"
#include "dkg-error.h"
#include "dkg-rand.h"
#include "dkg-test-util.h"

static DkgImage *
new_image (guint w, guint h, guint c, guint bits, gboolean is_signed)
{
  g_autoptr(GError) error = NULL;
  DkgImage *image = dkg_image_new (w, h, c, bits, is_signed, &error);

  g_assert_no_error (error);
  return image;
}

static DkgImage *
new_random_image (guint w, guint h, guint c, guint bits, guint64 seed)
{
  DkgImage *image = new_image (w, h, c, bits, FALSE);
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (seed);

  dkg_rand_bytes (r, image->data, dkg_image_n_bytes (image));
  return image;
}

/* A constant image has one symbol: H = 0 exactly, per channel and pooled. */
static void
test_entropy_constant (void)
{
  g_autoptr(DkgImage) grey = new_image (16, 9, 1, 8, FALSE);
  g_autoptr(DkgImage) rgb = new_image (5, 7, 3, 16, FALSE);
  DkgEntropy e;

  memset (grey->data, 7, dkg_image_n_bytes (grey));
  dkg_entropy_compute_image (grey, &e);
  g_assert_cmpfloat (e.channel[0], ==, 0.0);
  g_assert_cmpfloat (e.all, ==, 0.0);
  g_assert_false (signbit (e.channel[0]));
  g_assert_cmpuint (e.n_bins, ==, 256);
  g_assert_cmpuint (e.n_per_channel, ==, 144);
  g_assert_true (isnan (e.channel[1]));

  memset (rgb->data, 0x5a, dkg_image_n_bytes (rgb));
  dkg_entropy_compute_image (rgb, &e);
  for (guint c = 0; c < 3; c++)
    g_assert_cmpfloat (e.channel[c], ==, 0.0);
  g_assert_cmpfloat (e.all, ==, 0.0);
  g_assert_cmpuint (e.n_bins, ==, 65536);
}

/* Ramps that hit every level equally often: H = log₂ B exactly. */
static void
test_entropy_ramp (void)
{
  g_autoptr(DkgImage) r8 = new_image (256, 256, 1, 8, FALSE);
  g_autoptr(DkgImage) r16 = new_image (256, 256, 1, 16, FALSE);
  guint16 *p16 = (guint16 *) r16->data;
  DkgEntropy e;

  for (guint i = 0; i < 65536; i++)
    {
      r8->data[i] = (guint8) (i % 256);
      p16[i] = (guint16) i;
    }
  dkg_entropy_compute_image (r8, &e);
  g_assert_cmpfloat (e.channel[0], ==, 8.0);
  dkg_entropy_compute_image (r16, &e);
  g_assert_cmpfloat (e.channel[0], ==, 16.0);
}

/* Hand-computed: {½, ¼, ¼} → 1.5 bits; two equal halves → 1 bit; an RGB image whose
 * channels have 1, 2 and 4 equiprobable levels → 0, 1, 2 bits; pooled counts 28, 12, 4, 4 of
 * 48 → −(7/12·log₂ 7/12 + 1/4·log₂ 1/4 + 2·1/12·log₂ 1/12). */
static void
test_entropy_hand (void)
{
  g_autoptr(DkgImage) rgb = new_image (4, 4, 3, 8, FALSE);
  guint64 counts[4] = { 2, 1, 1, 0 };
  guint8 halves[6] = { 0, 255, 0, 255, 255, 0 };
  DkgEntropy e;
  double pooled = -(7.0 / 12 * log2 (7.0 / 12) + 0.25 * log2 (0.25) + 2.0 / 12 * log2 (1.0 / 12));

  g_assert_cmpfloat (dkg_entropy_from_counts (counts, 4), ==, 1.5);
  g_assert_cmpfloat (dkg_entropy_bytes (halves, 6), ==, 1.0);
  g_assert_true (isnan (dkg_entropy_bytes (halves, 0)));

  for (guint y = 0; y < 4; y++)
    for (guint x = 0; x < 4; x++)
      {
        guint8 *p = rgb->data + (y * 4 + x) * 3;

        p[0] = 0;
        p[1] = (guint8) ((x + y) % 2);
        p[2] = (guint8) x;
      }
  dkg_entropy_compute_image (rgb, &e);
  g_assert_cmpfloat (e.channel[0], ==, 0.0);
  g_assert_cmpfloat (e.channel[1], ==, 1.0);
  g_assert_cmpfloat (e.channel[2], ==, 2.0);
  g_assert_cmpfloat_with_epsilon (e.all, pooled, 1e-15);
}

/* Signed 16-bit samples −1 and 0 in equal numbers: 1 bit over 65,536 bins. */
static void
test_entropy_signed (void)
{
  g_autoptr(DkgImage) s = new_image (6, 2, 1, 16, TRUE);
  gint16 *p = (gint16 *) s->data;
  DkgEntropy e;

  for (guint i = 0; i < 12; i++)
    p[i] = (gint16) (i % 2 ? -1 : 0);
  dkg_entropy_compute_image (s, &e);
  g_assert_cmpfloat (e.channel[0], ==, 1.0);
}

/* docs/SPECIFICATION.md §6.1: 7.99719 for 65,536 bytes and 7.99906 for 196,608. The exact
 * expectation and Miller's expansion 8 − 255/(2n·ln 2) differ by the next term of the expansion,
 * −(B² − 1)/(12n²·ln 2) for uniform data (1.8345e-6 and 2.0383e-7 here), to O(B³/n³). */
static void
test_entropy_expected (void)
{
  double e1 = dkg_entropy_expected (65536, 256), e2 = dkg_entropy_expected (196608, 256);
  double a1 = dkg_entropy_expected_approx (65536, 256);
  double a2 = dkg_entropy_expected_approx (196608, 256);

  g_test_message ("E[H] exact %.9f %.9f, approx %.9f %.9f", e1, e2, a1, a2);
  g_assert_cmpfloat (fabs (e1 - 7.99719), <, 5e-6);
  g_assert_cmpfloat (fabs (e2 - 7.99906), <, 5e-6);
  g_assert_cmpfloat (a1, ==, 8.0 - 255.0 / (2.0 * 65536 * G_LN2));
  g_assert_cmpfloat (fabs (a1 - 7.99719), <, 5e-6);
  g_assert_cmpfloat (fabs (a2 - 7.99906), <, 5e-6);
  g_assert_cmpfloat (fabs (e1 - a1 + 65535.0 / (12.0 * 65536 * 65536 * G_LN2)), <, 2e-8);
  g_assert_cmpfloat (fabs (e2 - a2 + 65535.0 / (12.0 * 196608 * 196608 * G_LN2)), <, 1e-9);
  /* The expansion fails when n is not ≫ B; the exact value stays inside [0, log₂ n]. */
  e1 = dkg_entropy_expected (65536, 65536);
  g_assert_cmpfloat (e1, >, 14.0);
  g_assert_cmpfloat (e1, <, 16.0);
}

/* Exact moments on cases small enough to enumerate by hand:
 * n = 1: Ĥ = 0. n = 2, B symbols: Ĥ = 1 with probability (B − 1)/B, else 0.
 * n = 3, B = 2: Ĥ = 0 with probability 1/4, else h = log₂ 3 − 2/3 (a 2–1 split). */
static void
test_entropy_moments_exact (void)
{
  double m, v, h = log2 (3.0) - 2.0 / 3.0;

  dkg_entropy_moments (1, 256, &m, &v);
  g_assert_cmpfloat (fabs (m), <, 1e-15);
  g_assert_cmpfloat (fabs (v), <, 1e-15);
  dkg_entropy_moments (2, 2, &m, &v);
  g_assert_cmpfloat_with_epsilon (m, 0.5, 1e-15);
  g_assert_cmpfloat_with_epsilon (v, 0.25, 1e-15);
  dkg_entropy_moments (2, 256, &m, &v);
  g_assert_cmpfloat_with_epsilon (m, 255.0 / 256, 1e-15);
  g_assert_cmpfloat_with_epsilon (v, 255.0 / 256 / 256, 1e-15);
  dkg_entropy_moments (3, 2, &m, &v);
  g_assert_cmpfloat_with_epsilon (m, 0.75 * h, 1e-15);
  g_assert_cmpfloat_with_epsilon (v, 0.75 * 0.25 * h * h, 1e-15);
}

/* The exact block moments against a simulation: 3000 blocks of 1936 uniform bytes.
 * Mean within 4 standard errors, variance within 4 standard errors (√(2/(R − 1)) relative).
 * The simulated variance is also ≈ 30× the σ² that the paper's published interval implies
 * (see test_local_entropy_critical). */
static void
test_entropy_moments_simulated (void)
{
  const guint R = 3000, T = 1936;
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (2013);
  g_autofree guint8 *block = g_new (guint8, T);
  double mu, var, sum = 0, sum2 = 0, mean, svar, sigma_pub;

  dkg_entropy_moments (T, 256, &mu, &var);
  for (guint i = 0; i < R; i++)
    {
      double h;

      dkg_rand_bytes (r, block, T);
      h = dkg_entropy_bytes (block, T);
      sum += h;
      sum2 += h * h;
    }
  mean = sum / R;
  svar = (sum2 - sum * sum / R) / (R - 1);
  g_test_message ("exact mu %.9f var %.6e; simulated %.9f %.6e", mu, var, mean, svar);
  g_assert_cmpfloat (fabs (mean - mu), <, 4 * sqrt (var / R));
  g_assert_cmpfloat (fabs (svar / var - 1), <, 4 * sqrt (2.0 / (R - 1)));
  sigma_pub = (7.903037329 - 7.901901305) / 2 / 1.959963984540054 * sqrt (30.0);
  g_assert_cmpfloat (svar / (sigma_pub * sigma_pub), >, 20.0);
}

/* Wu et al. (2013), k = 30, T_B = 1936, B = 256. Our values, computed by this code and
 * independently with lgamma binomial probabilities in Python (math, statistics only):
 *   n, B = 1936, 256; p = 1 / B
 *   pmf = lambda x, n, p: exp(lgamma(n+1) - lgamma(x+1) - lgamma(n-x+1) + x*log(p) + (n-x)*log1p(-p))
 *   f = lambda x: 0.0 if x == 0 else -(x/n) * log2(x/n)
 *   P = [pmf(x, n, p) for x in range(200)]; m = sum(P[x] * f(x) for x in range(200))
 *   v1 = sum(P[x] * (f(x) - m)**2 for x in range(200))
 *   cov = sum(P[a] * (f(a) - m) * sum(pmf(b, n - a, p/(1-p)) * (f(b) - m) for b in range(200))
 *             for a in range(200))
 *   mu, var = B*m, B*v1 + B*(B-1)*cov     # 7.902469316639265, 7.558956278360882e-05
 *   z = NormalDist().inv_cdf(1 - alpha/2); mu ± z*sqrt(var/30)
 */
/* giving
 *   α = 0.05  (7.899358185, 7.905580448)
 *   α = 0.01  (7.898380597, 7.906558037)
 *   α = 0.001 (7.897246128, 7.907692505)
 * The paper publishes (7.901901305, 7.903037329) at α = 0.05. Its midpoint is our μ to 1e-9;
 * its half-width is Φ⁻¹(0.975)·σ/k instead of σ/√k (checked here to 1e-9): √30 times narrower
 * than the spread of a mean of 30 independent blocks (test_entropy_moments_simulated). */
static void
test_local_entropy_critical (void)
{
  const double pub_left = 7.901901305, pub_right = 7.903037329;
  const double expect[3][2] = {
    { 7.899358185, 7.905580448 },
    { 7.898380597, 7.906558037 },
    { 7.897246128, 7.907692505 },
  };
  DkgEntropyInterval iv;
  double mu, sigma, z = 1.959963984540054;

  for (guint a = 0; a < 3; a++)
    {
      dkg_local_entropy_critical (30, 1936, 256, dkg_analysis_alpha (a), &mu, &sigma, &iv);
      g_test_message ("alpha = %g: mu %.9f sigma %.9f (%.9f, %.9f)", iv.alpha, mu, sigma, iv.h_left,
                      iv.h_right);
      g_assert_cmpfloat (fabs (iv.h_left - expect[a][0]), <, 1e-9);
      g_assert_cmpfloat (fabs (iv.h_right - expect[a][1]), <, 1e-9);
    }
  dkg_local_entropy_critical (30, 1936, 256, 0.05, &mu, &sigma, &iv);
  g_assert_cmpfloat (fabs (mu - (pub_left + pub_right) / 2), <, 1e-9);
  g_assert_cmpfloat (fabs (mu - 7.902469317), <, 1e-9);
  g_assert_cmpfloat (fabs (sigma - 0.008694226), <, 1e-9);
  g_assert_cmpfloat (fabs ((pub_right - pub_left) / 2 - z * sigma / 30), <, 1e-9);
  g_assert_cmpfloat (fabs (iv.h_left - pub_left), >, 2e-3);
}

static gboolean
blocks_disjoint (const DkgLocalEntropy *le, guint w, guint h)
{
  for (guint i = 0; i < le->n_blocks; i++)
    {
      if (le->block_x[i] + le->block_size > w || le->block_y[i] + le->block_size > h)
        return FALSE;
      for (guint j = 0; j < i; j++)
        if (le->block_x[i] < le->block_x[j] + le->block_size
            && le->block_x[j] < le->block_x[i] + le->block_size
            && le->block_y[i] < le->block_y[j] + le->block_size
            && le->block_y[j] < le->block_y[i] + le->block_size)
          return FALSE;
    }
  return TRUE;
}

/* Uniform random bytes pass; blocks are disjoint, seeded and reproducible; the mean is the
 * mean of the entropies of the listed blocks. */
static void
test_local_entropy_random (void)
{
  g_autoptr(DkgImage) img = new_random_image (512, 400, 1, 8, 7);
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgLocalEntropy) le = NULL, again = NULL, other = NULL;
  DkgLocalEntropyOptions opts = { 30, 44, 99 };
  g_autofree guint8 *block = g_new (guint8, 1936);
  double sum = 0;
  gboolean same = TRUE;

  le = dkg_local_entropy_compute_image (img, &opts, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (le->n_blocks, ==, 30);
  g_assert_cmpuint (le->n_blocks_requested, ==, 30);
  g_assert_true (blocks_disjoint (le, 512, 400));
  for (guint i = 0; i < le->n_blocks; i++)
    {
      for (guint y = 0; y < 44; y++)
        memcpy (block + y * 44, img->data + (le->block_y[i] + y) * 512 + le->block_x[i], 44);
      sum += dkg_entropy_bytes (block, 1936);
    }
  g_assert_cmpfloat_with_epsilon (le->channel[0], sum / 30, 1e-12);
  g_test_message ("local entropy %.9f in (%.9f, %.9f)", le->channel[0], le->interval[0].h_left,
                  le->interval[0].h_right);
  for (guint a = 0; a < DKG_ANALYSIS_N_ALPHAS; a++)
    g_assert_true (le->pass[0][a]);

  again = dkg_local_entropy_compute_image (img, &opts, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (again->block_x, 30 * sizeof (guint), le->block_x, 30 * sizeof (guint));
  g_assert_cmpmem (again->block_y, 30 * sizeof (guint), le->block_y, 30 * sizeof (guint));
  opts.seed = 100;
  other = dkg_local_entropy_compute_image (img, &opts, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 30; i++)
    same = same && other->block_x[i] == le->block_x[i] && other->block_y[i] == le->block_y[i];
  g_assert_false (same);
}

/* A 256×256 image holds ⌊256/44⌋² = 25 disjoint blocks: k is reduced, never overlapped;
 * smaller than one block is not applicable; k = 0 is an invalid argument. */
static void
test_local_entropy_small (void)
{
  g_autoptr(DkgImage) img = new_random_image (256, 256, 3, 8, 11);
  g_autoptr(DkgImage) tiny = new_random_image (43, 100, 1, 8, 12);
  g_autoptr(DkgLocalEntropy) le = NULL;
  g_autoptr(GError) error = NULL;
  DkgLocalEntropyOptions zero = { 0, 44, 0 };
  DkgEntropyInterval iv;

  le = dkg_local_entropy_compute_image (img, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (le->n_blocks_requested, ==, 30);
  g_assert_cmpuint (le->n_blocks, ==, 25);
  g_assert_true (blocks_disjoint (le, 256, 256));
  dkg_local_entropy_critical (25, 1936, 256, 0.05, NULL, NULL, &iv);
  g_assert_cmpfloat (le->interval[0].h_left, ==, iv.h_left);
  g_assert_cmpfloat (le->interval[0].h_right, ==, iv.h_right);
  for (guint c = 0; c < 3; c++)
    g_assert_true (le->pass[c][2]);

  g_assert_null (dkg_local_entropy_compute_image (tiny, NULL, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_NOT_APPLICABLE);
  g_clear_error (&error);
  g_assert_null (dkg_local_entropy_compute_image (img, &zero, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
}

/* A constant image: every block has entropy 0 and fails at every α. */
static void
test_local_entropy_constant (void)
{
  g_autoptr(DkgImage) img = new_image (100, 100, 1, 8, FALSE);
  g_autoptr(DkgLocalEntropy) le = NULL;
  g_autoptr(GError) error = NULL;

  memset (img->data, 200, 100 * 100);
  le = dkg_local_entropy_compute_image (img, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (le->n_blocks, ==, 4);
  g_assert_cmpfloat (le->channel[0], ==, 0.0);
  for (guint a = 0; a < DKG_ANALYSIS_N_ALPHAS; a++)
    g_assert_false (le->pass[0][a]);
}

/* 16-bit random samples: block entropies over 65,536 symbols; T_B = 1936 distinct-ish draws
 * give nearly log₂ 1936 = 10.92 bits; the exact μ and the 16-bit interval accept the image. */
static void
test_local_entropy_16bit (void)
{
  g_autoptr(DkgImage) img = new_random_image (300, 300, 1, 16, 5);
  g_autoptr(DkgLocalEntropy) le = NULL;
  g_autoptr(GError) error = NULL;

  le = dkg_local_entropy_compute_image (img, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (le->n_blocks, ==, 30);
  g_test_message ("16-bit: local %.9f, mu %.9f sigma %.9f", le->channel[0], le->mu, le->sigma);
  g_assert_cmpfloat (le->mu, <, log2 (1936.0));
  g_assert_cmpfloat (le->mu, >, log2 (1936.0) - 0.05);
  g_assert_true (le->pass[0][2]);
}

int
main (int argc, char **argv)
{
  dkg_test_init (&argc, &argv);

  g_test_add_func ("/core/entropy/constant", test_entropy_constant);
  g_test_add_func ("/core/entropy/ramp", test_entropy_ramp);
  g_test_add_func ("/core/entropy/hand", test_entropy_hand);
  g_test_add_func ("/core/entropy/signed", test_entropy_signed);
  g_test_add_func ("/core/entropy/expected", test_entropy_expected);
  g_test_add_func ("/core/entropy/moments-exact", test_entropy_moments_exact);
  g_test_add_func ("/core/entropy/moments-simulated", test_entropy_moments_simulated);
  g_test_add_func ("/core/local-entropy/critical", test_local_entropy_critical);
  g_test_add_func ("/core/local-entropy/random", test_local_entropy_random);
  g_test_add_func ("/core/local-entropy/small", test_local_entropy_small);
  g_test_add_func ("/core/local-entropy/constant", test_local_entropy_constant);
  g_test_add_func ("/core/local-entropy/16bit", test_local_entropy_16bit);

  return g_test_run ();
}
