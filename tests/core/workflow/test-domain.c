/* test-domain.c — dkg-domain.c: the chaotic domain image, the domain data set at the training
 * resolution
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "dkg-error.h"
#include "dkg-domain.h"
#include "dkg-test-util.h"

static DkgImage *
ramp (guint w, guint h, guint8 start)
{
  DkgImage *im = dkg_image_new (w, h, 1, 8, FALSE, NULL);

  for (guint i = 0; i < w * h; i++)
    im->data[i] = (guint8) (start + i);
  return im;
}

/* The domain image of a grey seed: RGB, the seed's size, the same for the same seed, another
 * for a seed that differs in one pixel (the plaintext-dependent start value k), and its bytes
 * spread over the whole range (a 64×64×3 cipher image uses nearly every byte value). */
static void
test_domain_image (void)
{
  g_autoptr(DkgImage) seed = ramp (64, 64, 0);
  g_autoptr(DkgImage) seed2 = ramp (64, 64, 0);
  g_autoptr(DkgImage) d1 = NULL;
  g_autoptr(DkgImage) d2 = NULL;
  g_autoptr(DkgImage) d3 = NULL;
  g_autoptr(GError) error = NULL;
  gboolean seen[256] = { FALSE };
  guint n_seen = 0, n_same = 0;

  seed2->data[100] ^= 1;
  d1 = dkg_domain_image_new (seed, NULL, &error);
  d2 = dkg_domain_image_new (seed, NULL, &error);
  d3 = dkg_domain_image_new (seed2, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (d1->width == 64 && d1->height == 64 && d1->channels == 3 && d1->bit_depth == 8);
  g_assert_cmpmem (d1->data, 64 * 64 * 3, d2->data, 64 * 64 * 3);
  for (guint i = 0; i < 64 * 64 * 3; i++)
    {
      n_same += d1->data[i] == d3->data[i];
      if (!seen[d1->data[i]])
        n_seen++;
      seen[d1->data[i]] = TRUE;
    }
  g_assert_cmpuint (n_same, <, 64 * 64 * 3 / 16);     /* about 1/256 for unrelated bytes */
  g_assert_cmpuint (n_seen, >, 240);
}

/* The chaotic domain at the training resolution: its crops' bytes are the cipher's, uniform
 * to within sampling (standard deviation 73.90 ± 3 %, every byte value seen); the first
 * release's pipeline (encrypt, then resize to 9/8·S) had a standard deviation of about
 * 73.9/f for an f-fold shrink — 256 → 36 here: under 15. */
static void
test_dataset_chaotic_domain_statistics (void)
{
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (24);
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgDataset) src = NULL;
  g_autoptr(DkgDataset) dom = NULL;
  g_autoptr(DkgDataset) legacy = NULL;
  DkgImage *images[2];
  GPtrArray *enc = g_ptr_array_new_with_free_func ((GDestroyNotify) dkg_image_free);
  float crop[3 * 32 * 32];
  double std_new = 0, std_old = 0;

  for (int k = 0; k < 2; k++)
    {
      images[k] = dkg_image_new (256, 256, 1, 8, FALSE, NULL);
      for (int i = 0; i < 256 * 256; i++)
        images[k]->data[i] = (guint8) ((i % 256) / 2 + (i / 256) / 4 + k * 30);
      g_ptr_array_add (enc, dkg_domain_image_new (images[k], NULL, &error));
      g_assert_no_error (error);
    }
  src = dkg_dataset_new_from_images (images, 2, 32, "ramps");
  dom = dkg_dataset_new_chaotic_domain (src, NULL, "chaotic", &error);
  g_assert_no_error (error);
  legacy = dkg_dataset_new_from_images ((DkgImage **) enc->pdata, 2, 32, "legacy");
  for (int pass = 0; pass < 2; pass++)
    {
      guint64 counts[256] = { 0 }, n = 0;
      double sum = 0, sum2 = 0, mean;
      guint seen = 0;

      for (int k = 0; k < 200; k++)
        {
          dkg_dataset_sample (pass == 0 ? dom : legacy, r, crop);
          for (int i = 0; i < 32 * 32; i++)
            {
              int v = CLAMP ((int) lrintf ((crop[i] + 1.0f) * 127.5f), 0, 255);
              counts[v]++;
              sum += v;
              sum2 += (double) v * v;
              n++;
            }
        }
      for (int v = 0; v < 256; v++)
        seen += counts[v] > 0;
      mean = sum / n;
      if (pass == 0)
        {
          std_new = sqrt (sum2 / n - mean * mean);
          g_assert_cmpuint (seen, ==, 256);
        }
      else
        std_old = sqrt (sum2 / n - mean * mean);
    }
  g_test_message ("crop byte standard deviation: chaotic domain at the training resolution "
                  "%.2f, encrypted then resized %.2f (uniform 73.90)", std_new, std_old);
  g_assert_cmpfloat (fabs (std_new - 73.90), <, 0.03 * 73.90);
  g_assert_cmpfloat (std_old, <, 15.0);
  for (int k = 0; k < 2; k++)
    dkg_image_free (images[k]);
  g_ptr_array_unref (enc);
}

int
main (int argc, char **argv)
{
  dkg_test_init (&argc, &argv);
  g_test_add_func ("/core/dataset/chaotic-domain-statistics", test_dataset_chaotic_domain_statistics);
  g_test_add_func ("/core/domain/image", test_domain_image);
  return g_test_run ();
}
