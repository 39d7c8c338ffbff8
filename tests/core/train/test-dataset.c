/* test-dataset.c — dkg-dataset.c: image folders as training sets, crops at the training size
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "dkg-dataset.h"
#include "dkg-error.h"
#include "dkg-test-util.h"

/* A seed is resampled so that its shorter side is 9/8 of the crop size (36 for 32): the
 * stored planes have that shape and the values x/127.5 − 1 of a flat image. A folder loads in
 * name order; a crop size outside 8..4096 is refused with the size in the message. */
static void
test_dataset_from_dir (void)
{
  g_autofree char *dir = dkg_test_make_tmpdir ();
  g_autofree char *a = g_build_filename (dir, "a.png", NULL);
  g_autofree char *b = g_build_filename (dir, "b.png", NULL);
  g_autoptr(DkgImage) flat = dkg_image_new (64, 48, 1, 8, FALSE, NULL);
  g_autoptr(DkgImage) other = dkg_image_new (40, 40, 3, 8, FALSE, NULL);
  g_autoptr(DkgDataset) ds = NULL;
  g_autoptr(GError) error = NULL;
  const float *planes;
  int w, h;

  memset (flat->data, 51, dkg_image_n_bytes (flat));
  memset (other->data, 200, dkg_image_n_bytes (other));
  g_assert_true (dkg_image_save_png (flat, a, &error));
  g_assert_true (dkg_image_save_png (other, b, &error));
  ds = dkg_dataset_new_from_dir (dir, 32, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dkg_dataset_get_n_images (ds), ==, 2);
  g_assert_cmpint (dkg_dataset_get_size (ds), ==, 32);
  g_assert_nonnull (strstr (dkg_dataset_get_description (ds), dir));
  planes = dkg_dataset_get_planes (ds, 0, &w, &h);
  g_assert_cmpint (h, ==, 36);
  g_assert_cmpint (w, ==, 48);
  for (int i = 0; i < 3 * w * h; i++)
    g_assert_cmpfloat (fabsf (planes[i] - (51 / 127.5f - 1.0f)), <, 1e-6f);
  planes = dkg_dataset_get_planes (ds, 1, &w, &h);
  g_assert_cmpint (w, ==, 36);
  g_assert_cmpfloat (fabsf (planes[0] - (200 / 127.5f - 1.0f)), <, 1e-6f);

  g_assert_null (dkg_dataset_new_from_dir (dir, 7, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "7"));
  dkg_test_rm_rf (dir);
}

/* A domain folder's images are cropped at their own resolution: a crop is an exact window. */
static void
test_dataset_domain_native_crops (void)
{
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (25);
  g_autoptr(DkgImage) im = dkg_image_new (100, 80, 1, 8, FALSE, NULL);
  g_autoptr(DkgDataset) ds = NULL;
  float crop[3 * 32 * 32];

  for (int i = 0; i < 100 * 80; i++)
    im->data[i] = (guint8) dkg_rand_below (r, 256);
  ds = dkg_dataset_new_domain_from_images (&im, 1, 32, "noise");
  for (int k = 0; k < 20; k++)
    {
      gboolean found = FALSE;

      dkg_dataset_sample (ds, r, crop);
      /* Every crop value is one of the image's bytes exactly. */
      for (int i = 0; i < 32 * 32; i++)
        {
          float v = (crop[i] + 1.0f) * 127.5f;
          g_assert_cmpfloat (fabs (v - lrintf (v)), <, 1e-3);
        }
      /* …and the crop is a (possibly flipped) window of the image: find its corner. */
      for (int oy = 0; oy + 32 <= 80 && !found; oy++)
        for (int ox = 0; ox + 32 <= 100 && !found; ox++)
          for (int fl = 0; fl < 4 && !found; fl++)
            {
              gboolean ok = TRUE;
              for (int y = 0; y < 32 && ok; y++)
                for (int x = 0; x < 32 && ok; x++)
                  {
                    int sy = oy + ((fl & 2) ? 31 - y : y), sx = ox + ((fl & 1) ? 31 - x : x);
                    ok = lrintf ((crop[y * 32 + x] + 1.0f) * 127.5f) == im->data[sy * 100 + sx];
                  }
              found = ok;
            }
      g_assert_true (found);
    }
}

int
main (int argc, char **argv)
{
  dkg_test_init (&argc, &argv);
  g_test_add_func ("/core/dataset/from-dir", test_dataset_from_dir);
  g_test_add_func ("/core/dataset/domain-native-crops", test_dataset_domain_native_crops);
  return g_test_run ();
}
