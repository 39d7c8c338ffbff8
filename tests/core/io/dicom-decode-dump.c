/* dicom-decode-dump.c — decodes one file with dkg_image_load() for the DICOM conformance test
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: dicom-decode-dump FILE [FRAME]
 * On success it writes one line "ok WIDTH HEIGHT CHANNELS BITS SIGNED\n" and then the samples
 * exactly as DkgImage holds them (raster order, channels interleaved, host byte order). On a
 * refusal it writes "error DOMAIN CODE MESSAGE\n" (DOMAIN: "dkg", "io" or "other"; CODE: the
 * DkgError name without its prefix, e.g. "unsupported", "invalid-file"). Exit status 0 in
 * both cases; tests/core/io/dicom-conformance.py reads the answer.
 */
#include <stdio.h>
#include <stdlib.h>

#include <gio/gio.h>

#include "dkg-error.h"
#include "dkg-image.h"

static const char *
code_name (const GError *error)
{
  static const char *const names[] = { "failed", "invalid-file", "unsupported", "too-large",
                                       "shape", "key-too-short", "auth", "bad-version",
                                       "diverged", "invalid-argument", "not-applicable" };

  if (error->domain == DKG_ERROR && error->code >= 0 && (gsize) error->code < G_N_ELEMENTS (names))
    return names[error->code];
  return "other";
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgImage) image = NULL;
  DkgImageLoadOptions options = { 0, 2, -1 };

  if (argc < 2 || argc > 3)
    {
      fprintf (stderr, "usage: %s FILE [FRAME]\n", argv[0]);
      return 2;
    }
  if (argc == 3)
    options.frame = (guint) g_ascii_strtoull (argv[2], NULL, 10);
  image = dkg_image_load (argv[1], &options, &error);
  if (image == NULL)
    {
      printf ("error %s %s %s\n",
              error->domain == DKG_ERROR ? "dkg" : error->domain == G_IO_ERROR ? "io" : "other",
              code_name (error), error->message);
      return 0;
    }
  printf ("ok %u %u %u %u %d\n", image->width, image->height, image->channels, image->bit_depth,
          image->is_signed ? 1 : 0);
  fflush (stdout);
  if (fwrite (image->data, 1, dkg_image_n_bytes (image), stdout) != dkg_image_n_bytes (image))
    return 1;
  return fflush (stdout) == 0 ? 0 : 1;
}
