/* test-resample.c — dkg_resample_plane(): area average when shrinking, PyTorch's bilinear
 * (align_corners=False) when enlarging, exact copy at the same size; values by hand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "dkg-rand.h"
#include "dkg-resample.h"
#include "dkg-test-util.h"

static void
assert_row (const float *got, const double *want, int n)
{
  for (int i = 0; i < n; i++)
    g_assert_cmpfloat_with_epsilon (got[i], want[i], 1e-6);
}

/* Shrinking averages what an output pixel covers, weighted by the covered length:
 * 4 → 2: (1+2)/2, (3+4)/2; 3 → 2: output 0 covers [0, 1.5): (1·1 + 2·0.5)/1.5 = 4/3, output 1
 * covers [1.5, 3): (2·0.5 + 3·1)/1.5 = 8/3. */
static void
test_resample_shrink_by_hand (void)
{
  const float a[4] = { 1, 2, 3, 4 }, b[3] = { 1, 2, 3 };
  const double wa[2] = { 1.5, 3.5 }, wb[2] = { 4.0 / 3, 8.0 / 3 };
  float out[2];

  dkg_resample_plane (a, 4, 1, out, 2, 1);
  assert_row (out, wa, 2);
  dkg_resample_plane (b, 3, 1, out, 2, 1);
  assert_row (out, wb, 2);
  /* The same along the other axis (a column). */
  dkg_resample_plane (b, 1, 3, out, 1, 2);
  assert_row (out, wb, 2);
}

/* Enlarging 2 → 4 samples at x = (j + ½)·2/4 − ½ = −0.25, 0.25, 0.75, 1.25, clamped at the
 * edges: [0, 4] → [0, 1, 3, 4], what torch.nn.functional.interpolate(mode="bilinear",
 * align_corners=False) gives. */
static void
test_resample_enlarge_by_hand (void)
{
  const float a[2] = { 0, 4 };
  const double want[4] = { 0, 1, 3, 4 };
  float out[4];

  dkg_resample_plane (a, 2, 1, out, 4, 1);
  assert_row (out, want, 4);
}

/* The same size is an exact copy; shrinking keeps the mean of a plane whose size divides;
 * a constant stays constant whatever the sizes. */
static void
test_resample_copy_mean_constant (void)
{
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (41);
  float src[40 * 24], dst[40 * 24], small[10 * 6], c[7 * 5], cout[13 * 3];
  double m_src = 0, m_small = 0;

  dkg_test_fill_uniform (r, src, 40 * 24, -1, 1);
  dkg_resample_plane (src, 40, 24, dst, 40, 24);
  g_assert_cmpmem (src, sizeof src, dst, sizeof dst);
  dkg_resample_plane (src, 40, 24, small, 10, 6);
  for (int i = 0; i < 40 * 24; i++)
    m_src += src[i] / (40.0 * 24);
  for (int i = 0; i < 10 * 6; i++)
    m_small += small[i] / (10.0 * 6);
  g_assert_cmpfloat_with_epsilon (m_small, m_src, 1e-6);
  /* each output is the mean of its own 4×4 block */
  {
    double block = 0;
    for (int y = 0; y < 4; y++)
      for (int x = 0; x < 4; x++)
        block += src[y * 40 + x] / 16.0;
    g_assert_cmpfloat_with_epsilon (small[0], block, 1e-6);
  }
  for (int i = 0; i < 7 * 5; i++)
    c[i] = 0.375f;
  dkg_resample_plane (c, 7, 5, cout, 13, 3);
  for (int i = 0; i < 13 * 3; i++)
    g_assert_cmpfloat_with_epsilon (cout[i], 0.375, 1e-6);
}

int
main (int argc, char **argv)
{
  dkg_test_init (&argc, &argv);
  g_test_add_func ("/core/resample/shrink-by-hand", test_resample_shrink_by_hand);
  g_test_add_func ("/core/resample/enlarge-by-hand", test_resample_enlarge_by_hand);
  g_test_add_func ("/core/resample/copy-mean-constant", test_resample_copy_mean_constant);
  return g_test_run ();
}
