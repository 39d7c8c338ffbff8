/* dkg-cli-info.c — deepkeygen info: describes images, containers and model files
 * (docs/SPECIFICATION.md §7)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include "dkg-cli.h"
#include "dkg-container.h"
#include "dkg-model-file.h"

int
dkg_cli_info (int argc, char **argv)
{
  g_auto(GStrv) inputs = NULL;
  GOptionEntry entries[] = {
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &inputs, NULL, "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new ("FILE… — describe images, containers and models");
  int code;

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!dkg_cli_parse (ctx, "info", &argc, &argv, &code))
    return code;
  if (inputs == NULL)
    return dkg_cli_usage_error ("info", "give at least one FILE");
  for (guint i = 0; inputs[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DkgContainerInfo) info = dkg_container_read_info_file (inputs[i], NULL);
      g_autoptr(DkgSafetensors) st = NULL;
      g_autoptr(DkgNet) net = NULL;
      g_autoptr(DkgImage) im = NULL;

      if (info != NULL)
        {
          g_autofree char *json = dkg_container_info_to_json (info);
          printf ("%s: DeepKeyGen container\n%s\n", inputs[i], json);
          continue;
        }
      net = dkg_model_load (inputs[i], &st, NULL);
      if (net != NULL)
        {
          g_auto(GStrv) keys = dkg_safetensors_list_metadata_keys (st);
          printf ("%s: %s model, %zu parameters\n", inputs[i], dkg_arch_to_string (net->arch),
                  dkg_net_n_params (net));
          for (guint k = 0; keys[k] != NULL; k++)
            printf ("  %s: %s\n", keys[k], dkg_safetensors_get_metadata (st, keys[k]));
          continue;
        }
      im = dkg_image_load (inputs[i], NULL, &error);
      if (im == NULL)
        return dkg_cli_fail ("info", g_steal_pointer (&error));
      {
        g_autofree char *desc = dkg_cli_describe_image (im, TRUE);
        printf ("%s: image, %s\n", inputs[i], desc);
      }
    }
  return DKG_EXIT_OK;
}
