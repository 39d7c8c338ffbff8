/* fuzz-png.c — the PNG decoder: dkg_image_load_png_bytes() and, through a file, dkg_image_load()
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Both paths must agree: the same image or both an error. A decoded image must be a valid
 * DkgImage (its sizes within the limits) that encodes back to a PNG which decodes to itself.
 */
#include "fuzz-common.h"
#include "dkg-image.h"

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) file_error = NULL;
  g_autoptr(DkgImage) im = NULL;
  g_autoptr(DkgImage) from_file = NULL;
  g_autofree char *text = NULL;
  const char *path;

  im = dkg_image_load_png_bytes (bytes, "fuzz.png", "deepkeygen", &text, &error);
  fuzz_check_error (error);
  g_assert_true ((im == NULL) != (error == NULL));
  if (size >= 8 && data[0] == 0x89 && data[1] == 'P')
    {
      path = fuzz_write_scratch (data, size, ".png");
      from_file = dkg_image_load (path, NULL, &file_error);
      fuzz_check_error (file_error);
      g_assert_true ((im == NULL) == (from_file == NULL));
      if (im != NULL)
        g_assert_true (dkg_image_equal (im, from_file));
    }
  if (im != NULL)
    {
      g_autoptr(GBytes) again = NULL;
      g_autoptr(DkgImage) back = NULL;

      g_assert_true (im->width >= 1 && im->width <= DKG_IMAGE_MAX_DIM);
      g_assert_true (im->height >= 1 && im->height <= DKG_IMAGE_MAX_DIM);
      again = dkg_image_encode_png (im, NULL, NULL, &error);
      g_assert_no_error (error);
      back = dkg_image_load_png_bytes (again, "again.png", NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (dkg_image_equal (im, back));
    }
  return 0;
}
