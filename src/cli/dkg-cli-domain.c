/* dkg-cli-domain.c — deepkeygen domain: the chaotic transformation domain from seed images
 * (docs/SPECIFICATION.md §4.3, §7)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <stdio.h>
#include <string.h>

#include "dkg-cli.h"
#include "dkg-domain.h"
#include "dkg-file.h"

int
dkg_cli_domain (int argc, char **argv)
{
  g_autofree char *source = NULL;
  g_autofree char *output = NULL;
  double x0 = -1;
  gboolean permute = FALSE;
  GOptionEntry entries[] = {
    { "source", 's', 0, G_OPTION_ARG_FILENAME, &source, "Folder of seed images", "DIR" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Folder to write the domain images to (created; existing files are kept)", "DIR" },
    { "x0", 0, 0, G_OPTION_ARG_DOUBLE, &x0, "Initial value of the logistic map, in (0, 1) (default 0.3456789)", "X" },
    { "permute", 0, 0, G_OPTION_ARG_NONE, &permute, "Also permute the pixels with a logistic-map sort", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new ("— make the transformation domain");
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(GPtrArray) domain = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = NULL;
  DkgChaoticParams params = DKG_CHAOTIC_PARAMS_DEFAULT;
  int code;

  g_option_context_set_summary (ctx,
    "Encrypts every image of --source with the logistic-map cipher of docs/SPECIFICATION.md §4.3 (grey\n"
    "seed replicated to RGB, one keystream over all bytes) and writes the results as PNG:\n"
    "the “transformation domain” whose style the key generator learns.");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!dkg_cli_parse (ctx, "domain", &argc, &argv, &code))
    return code;
  if (source == NULL || output == NULL)
    return dkg_cli_usage_error ("domain", "--source and -o are required");
  if (x0 >= 0)
    params.x0 = x0;
  params.permute = permute;
  if (!dkg_chaotic_params_check (&params, &error))
    return dkg_cli_fail ("domain", g_steal_pointer (&error));
  images = dkg_image_dir_load (source, &error);
  if (images == NULL)
    return dkg_cli_fail ("domain", g_steal_pointer (&error));
  domain = dkg_domain_images_new (images, &params, &error);
  if (domain == NULL)
    return dkg_cli_fail ("domain", g_steal_pointer (&error));
  if (!dkg_file_make_dir (output, &error))
    return dkg_cli_fail ("domain", g_steal_pointer (&error));
  /* The names in dkg_image_dir_load()'s order. */
  names = dkg_file_list_dir (source, &error);
  if (names == NULL)
    return dkg_cli_fail ("domain", g_steal_pointer (&error));
  for (guint i = 0; i < domain->len && i < names->len; i++)
    {
      g_autofree char *stem = g_strdup (names->pdata[i]);
      g_autofree char *file = NULL;
      g_autofree char *path = NULL;
      char *dot = strrchr (stem, '.');

      if (dot != NULL)
        *dot = '\0';
      file = g_strdup_printf ("%s-chaotic.png", stem);
      path = g_build_filename (output, file, NULL);
      if (!dkg_image_save_png (domain->pdata[i], path, &error))
        return dkg_cli_fail ("domain", g_steal_pointer (&error));
      printf ("%s\n", path);
    }
  return DKG_EXIT_OK;
}
