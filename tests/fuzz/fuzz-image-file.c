/* fuzz-image-file.c — the file loaders behind dkg_image_load(): JPEG, TIFF, DICOM, NIfTI-1
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Built once per format (FUZZ_SUFFIX: the scratch file's ending, which only the NIfTI loader
 * looks at). The input is written to a scratch file and loaded with dkg_image_load(), which
 * picks the decoder from the content, so each harness reaches every loader; its seed corpus
 * keeps it on its own format. The last input byte also picks a DICOM frame (0 or 1) and a NIfTI
 * slice axis. For DICOM, dkg_dicom_list_identifying() reads the header too. A loaded image must
 * be valid and within the limits; an error must be a user-facing one.
 */
#include "fuzz-common.h"
#include "dkg-dicom.h"
#include "dkg-image.h"

#ifndef FUZZ_SUFFIX
#error FUZZ_SUFFIX must be defined
#endif

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgImage) im = NULL;
  guint8 last = size > 0 ? data[size - 1] : 0;
  DkgImageLoadOptions options = { last & 1, (last >> 1) % 3, (last & 0x40) ? 0 : -1 };
  const char *path = fuzz_write_scratch (data, size, FUZZ_SUFFIX);

  im = dkg_image_load (path, &options, &error);
  fuzz_check_error (error);
  g_assert_true ((im == NULL) != (error == NULL));
  if (im != NULL)
    {
      g_assert_true (im->width >= 1 && im->width <= DKG_IMAGE_MAX_DIM);
      g_assert_true (im->height >= 1 && im->height <= DKG_IMAGE_MAX_DIM);
      g_assert_true (im->channels >= 1 && im->channels <= 4);
      g_assert_true (im->bit_depth == 8 || im->bit_depth == 16);
      g_assert_true (!im->is_signed || im->bit_depth == 16);
      g_assert_nonnull (im->source_format);
    }
  if (g_str_equal (FUZZ_SUFFIX, ".dcm"))
    {
      g_autoptr(GError) id_error = NULL;
      g_auto(GStrv) ids = dkg_dicom_list_identifying (path, &id_error);

      fuzz_check_error (id_error);
      g_assert_true ((ids == NULL) != (id_error == NULL));
    }
  return 0;
}
