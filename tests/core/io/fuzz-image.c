/* fuzz-image.c — fuzz harness for the image loaders (docs/SPECIFICATION.md §10)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * With libFuzzer (clang -fsanitize=fuzzer,address,undefined -DDKG_LIBFUZZER): each input is
 * written to a temporary file and given to dkg_image_load(), dkg_dicom_list_identifying() and
 * dkg_image_load_png_bytes(). Without it (the meson build): `fuzz-image SEED N FILE…` applies N
 * seeded random mutations (bit flips, byte values, 0x7fffffff lengths, truncation) to each FILE
 * and does the same; a crash, an abort or a sanitizer report is a bug, a GError is not.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "dkg-dicom.h"
#include "dkg-image.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static char *scratch;

static void
run_one (const guint8 *data, gsize size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  GError *error = NULL;
  DkgImage *image;
  char **ids;
  char *text = NULL;

  if (scratch == NULL)
    scratch = g_strdup_printf ("%s/dkg-fuzz-image-%d.bin", g_get_tmp_dir (), (int) getpid ());
  g_file_set_contents (scratch, (const char *) data, size, NULL);

  image = dkg_image_load (scratch, NULL, &error);
  dkg_image_free (image);
  g_clear_error (&error);
  ids = dkg_dicom_list_identifying (scratch, &error);
  g_strfreev (ids);
  g_clear_error (&error);
  image = dkg_image_load_png_bytes (bytes, "fuzz", "deepkeygen", &text, &error);
  dkg_image_free (image);
  g_free (text);
  g_clear_error (&error);
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  /* keep a fuzzer's claimed sizes from swapping the machine to death */
  dkg_image_set_memory_limit (512u * 1024 * 1024);
  run_one (data, size);
  return 0;
}

#ifndef DKG_LIBFUZZER
static void
mutate (GRand *r, guint8 *m, gsize *len)
{
  int n = g_rand_int_range (r, 1, 8);

  for (int j = 0; j < n && *len > 0; j++)
    {
      gsize at = g_rand_int_range (r, 0, (gint32) MIN (*len, (gsize) G_MAXINT32));

      switch (g_rand_int_range (r, 0, 4))
        {
        case 0:
          m[at] ^= 1u << g_rand_int_range (r, 0, 8);
          break;
        case 1:
          m[at] = (guint8) g_rand_int_range (r, 0, 256);
          break;
        case 2:
          m[at] = (guint8[]) { 0x00, 0xff, 0x7f, 0x80 }[g_rand_int_range (r, 0, 4)];
          break;
        default:
          if (at + 4 <= *len)
            {
              m[at] = 0xff;
              m[at + 1] = 0xff;
              m[at + 2] = 0xff;
              m[at + 3] = 0x7f;
            }
          break;
        }
    }
  if (*len > 1 && g_rand_int_range (r, 0, 5) == 0)
    *len = g_rand_int_range (r, 1, (gint32) MIN (*len, (gsize) G_MAXINT32));
}

int
main (int argc, char **argv)
{
  g_autoptr(GRand) r = NULL;
  int n;

  if (argc < 4)
    {
      g_printerr ("usage: %s SEED N FILE…\n", argv[0]);
      return 2;
    }
  r = g_rand_new_with_seed ((guint32) atoi (argv[1]));
  n = atoi (argv[2]);
  dkg_image_set_memory_limit (512u * 1024 * 1024);
  for (int f = 3; f < argc; f++)
    {
      g_autofree char *data = NULL;
      gsize len;

      if (!g_file_get_contents (argv[f], &data, &len, NULL))
        continue;
      run_one ((const guint8 *) data, len);
      for (int i = 0; i < n; i++)
        {
          g_autofree guint8 *m = g_memdup2 (data, len);
          gsize m_len = len;

          mutate (r, m, &m_len);
          run_one (m, m_len);
        }
    }
  if (scratch != NULL)
    g_remove (scratch);
  return 0;
}
#endif
