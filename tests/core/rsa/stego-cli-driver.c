/* stego-cli-driver.c — runs src/cli/dkg-cli-stego.c's commands as `deepkeygen` will once they
 * are registered in main.c: `stego …`, `rsa …`, and `decrypt --private PRIV CIPHER -o OUT` (the
 * --private hook of dkg-cli-keys.c). Used by test-cli-stego only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "crypto/dkg-container.h"
#include "crypto/dkg-crypto.h"
#include "dkg-cli.h"

int        dkg_cli_stego             (int argc, char **argv);
int        dkg_cli_rsa               (int argc, char **argv);
DkgImage  *dkg_cli_key_from_private  (const char *container, const char *priv, GError **error);

/* decrypt --private PRIV CIPHER.png -o OUT.png */
static int
decrypt_private (int argc, char **argv)
{
  g_autofree char *priv = NULL;
  g_autofree char *output = NULL;
  g_auto(GStrv) inputs = NULL;
  GOptionEntry entries[] = {
    { "private", 0, 0, G_OPTION_ARG_FILENAME, &priv, "RSA private key", "PRIV" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Decrypted image", "OUT.png" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &inputs, NULL, "CIPHER.png" },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new ("CIPHER.png");
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgImage) key = NULL;
  int code;

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!dkg_cli_parse (ctx, "decrypt", &argc, &argv, &code))
    return code;
  if (priv == NULL || output == NULL || inputs == NULL || g_strv_length (inputs) != 1)
    return dkg_cli_usage_error ("decrypt",
                                "--private PRIV, -o OUT.png and one CIPHER.png are required");
  key = dkg_cli_key_from_private (inputs[0], priv, &error);
  if (key == NULL || !dkg_container_decrypt_to_png_file (inputs[0], key, output, NULL, &error))
    return dkg_cli_fail ("decrypt", g_steal_pointer (&error));
  printf ("Wrote %s\n", output);
  return DKG_EXIT_OK;
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  dkg_crypto_init ();
  if (argc >= 2 && strcmp (argv[1], "stego") == 0)
    return dkg_cli_stego (argc - 1, argv + 1);
  if (argc >= 2 && strcmp (argv[1], "rsa") == 0)
    return dkg_cli_rsa (argc - 1, argv + 1);
  if (argc >= 2 && strcmp (argv[1], "decrypt") == 0)
    return decrypt_private (argc - 1, argv + 1);
  fprintf (stderr, "usage: stego-cli-driver stego|rsa|decrypt …\n");
  return DKG_EXIT_USAGE;
}
