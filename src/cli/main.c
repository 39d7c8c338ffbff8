/* main.c — deepkeygen, the command-line tool
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <stdio.h>

#include "dkg-blas.h"

int
main (int argc, char **argv)
{
  dkg_blas_init (argv);
  if (argc < 2)
    {
      fprintf (stderr, "Usage: deepkeygen COMMAND [OPTIONS…]\n");
      return 2;
    }
  fprintf (stderr, "deepkeygen: unknown command “%s”\n", argv[1]);
  return 2;
}
