/* main.c — deepkeygen, the command-line tool (docs/SPECIFICATION.md §7)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "dkg-crypto.h"
#include "dkg-blas.h"
#include "dkg-cli.h"

typedef struct
{
  const char        *name;
  DkgCliCommandFunc  func;
  const char        *summary;
} Command;

static const Command commands[] = {
  { "demo", dkg_cli_demo, "the main job on a shipped sample: key, ciphertexts, decryption, summary" },
  { "keygen", dkg_cli_keygen, "generate a key image with a trained generator" },
  { "encrypt", dkg_cli_encrypt, "encrypt an image into a PNG container" },
  { "decrypt", dkg_cli_decrypt, "verify and decrypt a container" },
  { "info", dkg_cli_info, "describe images, containers and model files" },
  { "analyze", dkg_cli_analyze, "security metrics of images, ciphertexts and keys (--json)" },
  { "nist", dkg_cli_nist, "NIST SP 800-22 randomness tests on a key or a file (--json)" },
  { "baselines", dkg_cli_baselines, "classic key generators side by side (time, entropy, NIST)" },
  { "attack", dkg_cli_attack, "key reuse, known plaintext and chosen plaintext against a scheme" },
  { "report", dkg_cli_report, "the paper's tables and figures, ours beside the published values" },
  { "stego", dkg_cli_stego, "hide patient text in an image's LSBs, read it back, chi-square steganalysis" },
  { "rsa", dkg_cli_rsa, "RSA key pairs, RSA-OAEP key wrapping, textbook RSA (insecure) for comparison" },
  { "curves", dkg_cli_curves, "training curves from a metrics CSV as PNG, SVG or PDF" },
  { "domain", dkg_cli_domain, "make the chaotic transformation domain from seed images" },
  { "train", dkg_cli_train, "train a key generator (DeepKeyGen GAN or WGAN-GP)" },
};

static void
usage (FILE *out)
{
  fprintf (out, "Usage: deepkeygen COMMAND [OPTIONS…]\n\n"
                "DeepKeyGen Studio " PACKAGE_VERSION ": GAN-generated keys for medical images, "
                "and their security analysis.\n\nCommands:\n");
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-10s %s\n", commands[i].name, commands[i].summary);
  fprintf (out, "\n“deepkeygen COMMAND --help” describes a command. Exit status: 0 success, "
                "1 internal error, 2 usage or input error.\n");
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  dkg_blas_init (argv);
  dkg_crypto_init ();
  if (argc < 2 || strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0
      || strcmp (argv[1], "help") == 0)
    {
      usage (argc < 2 ? stderr : stdout);
      return argc < 2 ? DKG_EXIT_USAGE : DKG_EXIT_OK;
    }
  if (strcmp (argv[1], "--version") == 0)
    {
      printf ("deepkeygen " PACKAGE_VERSION "\n");
      return DKG_EXIT_OK;
    }
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      {
        g_autofree char *prgname = g_strdup_printf ("deepkeygen %s", commands[i].name);
        g_set_prgname (prgname);
        return commands[i].func (argc - 1, argv + 1);
      }
  fprintf (stderr, "deepkeygen: unknown command “%s”\n\n", argv[1]);
  usage (stderr);
  return DKG_EXIT_USAGE;
}
