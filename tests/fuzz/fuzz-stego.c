/* fuzz-stego.c — reading text back from an image's least significant bits
 * (docs/SPECIFICATION.md §5.6)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is an image: byte 0 picks 1–4 channels and 8 or 16 bits, bytes 1–2 the width
 * (1..256), the rest are the samples (as many whole rows as there are). dkg_lsb_stego_extract()
 * must return UTF-8 text no longer than the image's capacity (which already leaves room for the
 * length prefix), or a DKG_ERROR_INVALID_FILE. Then the
 * input itself, as text, is embedded into a carrier of the same shape when it fits, and must
 * come back byte for byte.
 */
#include <string.h>

#include "dkg-lsb-stego.h"
#include "dkg-error.h"
#include "fuzz-common.h"

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
  g_autofree char *text = NULL;
  guint channels, depth, width, height;
  gsize row, len = 0;

  if (size < 3)
    return 0;
  channels = 1 + data[0] % 4;
  depth = (data[0] & 4) ? 16 : 8;
  width = 1 + ((guint) data[1] | (guint) data[2] << 8) % 256;
  row = (gsize) width * channels * (depth / 8);
  height = (guint) ((size - 3) / row);
  if (height == 0)
    return 0;
  im = dkg_image_new (width, height, channels, depth, FALSE, &error);
  g_assert_no_error (error);
  memcpy (im->data, data + 3, row * height);

  text = dkg_lsb_stego_extract (im, &len, &error);
  if (text == NULL)
    g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE);
  else
    {
      g_assert_true (g_utf8_validate (text, (gssize) len, NULL));
      g_assert_cmpuint (len, <=, dkg_lsb_stego_capacity (im));
    }
  g_clear_error (&error);

  /* a round trip of the input as text, when it is UTF-8 and fits */
  if (g_utf8_validate ((const char *) data, (gssize) size, NULL) && size > 0
      && size <= dkg_lsb_stego_capacity (im))
    {
      g_autofree char *back = NULL;
      gsize back_len = 0;

      g_assert_true (dkg_lsb_stego_embed (im, (const char *) data, (gssize) size, &error));
      g_assert_no_error (error);
      back = dkg_lsb_stego_extract (im, &back_len, &error);
      g_assert_no_error (error);
      g_assert_cmpmem (back, back_len, data, size);
    }
  return 0;
}
