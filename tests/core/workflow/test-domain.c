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

/* The pair of a training run: the seed folder as a dataset resized for crops of S, and either
 * the chaotic domain made from those resized seeds (one domain image per seed, the same size,
 * each equal to dkg_domain_image_new() of the seed as the dataset holds it) or a domain folder
 * kept at its own resolution; the first seed (by name) is returned for previews. A missing
 * folder is an error naming it. */
static void
test_dataset_pair (void)
{
  g_autofree char *dir = dkg_test_make_tmpdir ();
  g_autofree char *seeds = g_build_filename (dir, "seeds", NULL);
  g_autofree char *domain = g_build_filename (dir, "domain", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing", NULL);
  g_autoptr(DkgImage) a = ramp (48, 40, 3);
  g_autoptr(DkgImage) b = ramp (40, 40, 90);
  g_autoptr(DkgImage) y = ramp (100, 90, 7);
  g_autoptr(DkgDataset) src = NULL;
  g_autoptr(DkgDataset) dom = NULL;
  g_autoptr(DkgImage) first = NULL;
  g_autoptr(GPtrArray) images = g_ptr_array_new_with_free_func ((GDestroyNotify) dkg_image_free);
  g_autoptr(GPtrArray) enc = NULL;
  g_autoptr(GError) error = NULL;
  int w, h, dw, dh;
  const float *planes;

  g_assert_cmpint (g_mkdir (seeds, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (domain, 0755), ==, 0);
  {
    g_autofree char *pa = g_build_filename (seeds, "a.png", NULL);
    g_autofree char *pb = g_build_filename (seeds, "b.png", NULL);
    g_autofree char *py = g_build_filename (domain, "y.png", NULL);

    g_assert_true (dkg_image_save_png (b, pb, &error));
    g_assert_true (dkg_image_save_png (a, pa, &error));
    g_assert_true (dkg_image_save_png (y, py, &error));
  }

  g_assert_true (dkg_dataset_new_pair (seeds, NULL, 32, &src, &dom, &first, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (dkg_dataset_get_n_images (src), ==, 2);
  g_assert_cmpuint (dkg_dataset_get_n_images (dom), ==, 2);
  g_assert_true (dkg_image_equal (first, a));
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(DkgImage) grey = NULL;
      gsize hw;

      planes = dkg_dataset_get_planes (src, i, &w, &h);
      hw = (gsize) w * h;
      grey = dkg_image_new ((guint) w, (guint) h, 1, 8, FALSE, NULL);
      /* As dkg_dataset_new_chaotic_domain() quantises: the mean of the three planes. The
       * cipher depends on every byte, so the test must round exactly as the code does. */
      for (gsize p = 0; p < hw; p++)
        {
          float v = (planes[p] + planes[hw + p] + planes[2 * hw + p]) / 3.0f;
          grey->data[p] = (guint8) CLAMP ((int) lrintf ((v + 1.0f) * 127.5f), 0, 255);
        }
      g_ptr_array_add (images, g_steal_pointer (&grey));
      dkg_dataset_get_planes (dom, i, &dw, &dh);
      g_assert_cmpint (dw, ==, w);
      g_assert_cmpint (dh, ==, h);
    }
  /* The domain images are the cipher of the resized seeds, exactly. */
  enc = dkg_domain_images_new (images, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 2; i++)
    {
      const DkgImage *e = enc->pdata[i];
      const float *d = dkg_dataset_get_planes (dom, i, &dw, &dh);
      gsize hw = (gsize) dw * dh;

      for (gsize p = 0; p < hw; p++)
        for (guint c = 0; c < 3; c++)
          g_assert_cmpint (lrintf ((d[c * hw + p] + 1.0f) * 127.5f), ==, e->data[3 * p + c]);
    }
  g_clear_pointer (&src, dkg_dataset_free);
  g_clear_pointer (&dom, dkg_dataset_free);

  /* A domain folder: cropped at its own resolution. */
  g_assert_true (dkg_dataset_new_pair (seeds, domain, 32, &src, &dom, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (dkg_dataset_get_n_images (dom), ==, 1);
  dkg_dataset_get_planes (dom, 0, &dw, &dh);
  g_assert_cmpint (dw, ==, 100);
  g_assert_cmpint (dh, ==, 90);
  g_clear_pointer (&src, dkg_dataset_free);
  g_clear_pointer (&dom, dkg_dataset_free);

  g_assert_false (dkg_dataset_new_pair (seeds, missing, 32, &src, &dom, NULL, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, missing));
  g_clear_error (&error);
  g_assert_false (dkg_dataset_new_pair (missing, NULL, 32, &src, &dom, NULL, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, missing));
  dkg_test_rm_rf (dir);
}

int
main (int argc, char **argv)
{
  dkg_test_init (&argc, &argv);
  g_test_add_func ("/core/dataset/chaotic-domain-statistics", test_dataset_chaotic_domain_statistics);
  g_test_add_func ("/core/domain/image", test_domain_image);
  g_test_add_func ("/core/domain/dataset-pair", test_dataset_pair);
  return g_test_run ();
}
