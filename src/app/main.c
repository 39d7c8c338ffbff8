/* main.c — deepkeygen-studio, the desktop application (docs/SPECIFICATION.md §8)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "dkg-crypto.h"
#include "dkg-blas.h"
#include "studio-application.h"

int
main (int argc, char **argv)
{
  g_autoptr(StudioApplication) app = NULL;

  dkg_blas_init (argv);
  dkg_crypto_init ();
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_application_name (_("DeepKeyGen Studio"));
  app = studio_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
