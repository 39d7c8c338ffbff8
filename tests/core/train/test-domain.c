/* test-domain.c — dkg-domain.c: image folders in name order, the chaotic domain image
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <string.h>

#include "dkg-error.h"
#include "train/dkg-domain.h"
#include "dkg-test-util.h"

static DkgImage *
ramp (guint w, guint h, guint8 start)
{
  DkgImage *im = dkg_image_new (w, h, 1, 8, FALSE, NULL);

  for (guint i = 0; i < w * h; i++)
    im->data[i] = (guint8) (start + i);
  return im;
}

/* A folder's images come back sorted by file name, whatever the order they were written in;
 * an empty folder and an unreadable file are errors naming them. */
static void
test_domain_dir_load (void)
{
  g_autofree char *dir = dkg_test_make_tmpdir ();
  g_autofree char *b = g_build_filename (dir, "b.png", NULL);
  g_autofree char *a = g_build_filename (dir, "a.png", NULL);
  g_autofree char *bad = g_build_filename (dir, "c.png", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty", NULL);
  g_autoptr(DkgImage) ib = ramp (5, 3, 100);
  g_autoptr(DkgImage) ia = ramp (4, 2, 7);
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (dkg_image_save_png (ib, b, &error));
  g_assert_true (dkg_image_save_png (ia, a, &error));
  images = dkg_image_dir_load (dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (images->len, ==, 2);
  g_assert_cmpuint (((DkgImage *) images->pdata[0])->width, ==, 4);
  g_assert_cmpmem (((DkgImage *) images->pdata[0])->data, 8, ia->data, 8);
  g_assert_cmpuint (((DkgImage *) images->pdata[1])->width, ==, 5);
  g_clear_pointer (&images, g_ptr_array_unref);

  g_assert_true (g_file_set_contents (bad, "not a PNG", -1, NULL));
  g_assert_null (dkg_image_dir_load (dir, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "c.png"));
  g_clear_error (&error);

  g_mkdir (empty, 0755);
  g_assert_null (dkg_image_dir_load (empty, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, empty));
  dkg_test_rm_rf (dir);
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

int
main (int argc, char **argv)
{
  dkg_test_init (&argc, &argv);
  g_test_add_func ("/core/domain/dir-load", test_domain_dir_load);
  g_test_add_func ("/core/domain/image", test_domain_image);
  return g_test_run ();
}
