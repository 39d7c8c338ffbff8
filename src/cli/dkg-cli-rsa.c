/* dkg-cli-rsa.c — deepkeygen rsa (keygen, wrap, unwrap, textbook): RSA-OAEP key wrapping, so
 * that a ciphertext travels with its key, and the paper's textbook RSA (insecure) for
 * comparison (docs/SPECIFICATION.md §5.6, §7)
 *
 * Every number comes from the core (crypto/dkg-rsa.c); this file parses options and prints.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "dkg-cli.h"
#include "dkg-container.h"
#include "dkg-error.h"
#include "dkg-file.h"
#include "dkg-rsa.h"

/* CIPHER.png → CIPHER-wrapped.png in the same folder (the STEM-what.png names of the demo and
 * the app's results folder). */
static char *
wrapped_path (const char *input)
{
  g_autofree char *dir = g_path_get_dirname (input);
  g_autofree char *base = g_path_get_basename (input);
  g_autofree char *name = NULL;
  char *dot = strrchr (base, '.');

  if (dot != NULL && dot != base)
    *dot = '\0';
  name = g_strconcat (base, "-wrapped.png", NULL);
  if (strchr (input, G_DIR_SEPARATOR) == NULL)
    return g_steal_pointer (&name);
  return g_build_filename (dir, name, NULL);
}

static int
rsa_keygen (int argc, char **argv)
{
  g_autofree char *output = NULL;
  gboolean force = FALSE;
  int bits = 3072;
  GOptionEntry entries[] = {
    { "bits", 'b', 0, G_OPTION_ARG_INT, &bits, "Modulus size: 2048 or 3072 (default 3072)", "BITS" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write NAME.pub and NAME.key", "NAME" },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force, "Replace an existing NAME.key", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new ("— generate an RSA key pair");
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgRsaKey) key = NULL;
  g_autofree char *pub_path = NULL;
  g_autofree char *key_path = NULL;
  gint64 t0;
  int code;

  g_option_context_set_summary (ctx,
    "Generates an RSA key pair with libgcrypt (e = 65537) for wrapping image keys with\n"
    "RSA-OAEP-SHA256. NAME.key, the private key, is written with mode 0600; NAME.pub, the\n"
    "public key to give to senders, with mode 0644. Both are libgcrypt S-expressions (text).");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!dkg_cli_parse (ctx, "rsa keygen", &argc, &argv, &code))
    return code;
  if (output == NULL)
    return dkg_cli_usage_error ("rsa keygen", "-o NAME is required");
  if (argc > 1)
    return dkg_cli_usage_error ("rsa keygen", "unexpected argument “%s”", argv[1]);
  if (bits != 2048 && bits != 3072)
    return dkg_cli_usage_error ("rsa keygen", "--bits must be 2048 or 3072, not %d", bits);
  pub_path = g_strconcat (output, ".pub", NULL);
  key_path = g_strconcat (output, ".key", NULL);
  if (!force && g_file_test (key_path, G_FILE_TEST_EXISTS))
    return dkg_cli_usage_error ("rsa keygen", "“%s” exists: refusing to replace a private key "
                                "(use --force)", key_path);
  t0 = g_get_monotonic_time ();
  dkg_cli_progress ("Generating an RSA-%d key pair…", bits);
  key = dkg_rsa_key_generate ((guint) bits, &error);
  dkg_cli_progress_done ();
  if (key == NULL || !dkg_rsa_key_save_private (key, key_path, &error)
      || !dkg_rsa_key_save_public (key, pub_path, &error))
    return dkg_cli_fail ("rsa keygen", g_steal_pointer (&error));
  printf ("Wrote %s (private key, mode 0600) and %s (public key): RSA-%u, e = %d, in %.1f s\n"
          "Fingerprint: %s\n", key_path, pub_path, dkg_rsa_key_get_bits (key),
          DKG_RSA_PUBLIC_EXPONENT, (g_get_monotonic_time () - t0) / 1e6,
          dkg_rsa_key_get_fingerprint (key));
  return DKG_EXIT_OK;
}

static int
rsa_wrap (int argc, char **argv)
{
  g_autofree char *public_path = NULL;
  g_autofree char *keyfile = NULL;
  g_autofree char *output = NULL;
  g_auto(GStrv) inputs = NULL;
  GOptionEntry entries[] = {
    { "public", 'p', 0, G_OPTION_ARG_FILENAME, &public_path, "The recipient's public key (NAME.pub)", "PUB" },
    { "key", 'k', 0, G_OPTION_ARG_FILENAME, &keyfile, "The key image that opens the container", "KEY.png" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Container to write, replaced if it exists (default: a new CIPHER-wrapped.png)", "OUT.png" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &inputs, NULL, "CIPHER.png" },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx =
    g_option_context_new ("CIPHER.png — add the key, wrapped for a recipient, to a container");
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgImage) key = NULL;
  g_autoptr(DkgRsaKey) recipient = NULL;
  g_autofree char *key_fp = NULL;
  g_autofree char *out = NULL;
  GStatBuf st;
  int code;

  g_option_context_set_summary (ctx,
    "Writes a copy of the container with a “deepkeygen-wrapped-key” chunk: a random 32-byte\n"
    "key-encryption key wrapped with RSA-OAEP-SHA256 for PUB, and the key image encrypted under\n"
    "it with ChaCha20-Poly1305, bound to this container's header. The ciphertext then travels\n"
    "with its key: only the holder of the private key can decrypt (deepkeygen decrypt --private).\n"
    "The key must open the container; pixels and header stay byte for byte as they were.\n"
    "CIPHER.png is only read. Without -o the copy is CIPHER-wrapped.png in the same folder, and\n"
    "an existing file of that name is an error; -o OUT.png replaces OUT.png.");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!dkg_cli_parse (ctx, "rsa wrap", &argc, &argv, &code))
    return code;
  if (public_path == NULL || keyfile == NULL || inputs == NULL || g_strv_length (inputs) != 1)
    return dkg_cli_usage_error ("rsa wrap",
                                "--public PUB, -k KEY.png and one CIPHER.png are required");
  if (output != NULL && dkg_cli_same_file (inputs[0], output))
    return dkg_cli_usage_error ("rsa wrap", "the output would overwrite the input “%s”", output);
  out = output != NULL ? g_strdup (output) : wrapped_path (inputs[0]);
  if (output == NULL && g_lstat (out, &st) == 0)
    return dkg_cli_usage_error ("rsa wrap", "“%s” exists: refusing to replace it (give -o OUT.png "
                                "to choose the output)", out);
  recipient = dkg_rsa_key_load_public (public_path, &error);
  if (recipient == NULL)
    return dkg_cli_fail ("rsa wrap", g_steal_pointer (&error));
  key = dkg_image_load (keyfile, NULL, &error);
  if (key == NULL)
    return dkg_cli_fail ("rsa wrap", g_steal_pointer (&error));
  if (!dkg_rsa_wrap_container_key (inputs[0], key, public_path, out, &error))
    return dkg_cli_fail ("rsa wrap", g_steal_pointer (&error));
  key_fp = dkg_container_key_fingerprint (key);
  printf ("Wrote %s: the %u×%u×%u key (fingerprint %s) wrapped with RSA-OAEP-SHA256 for %s "
          "(RSA-%u, fingerprint %.16s…)\n", out, key->width, key->height, key->channels,
          key_fp != NULL ? key_fp : "?", public_path, dkg_rsa_key_get_bits (recipient),
          dkg_rsa_key_get_fingerprint (recipient));
  return DKG_EXIT_OK;
}

/**
 * dkg_cli_key_from_private:
 * @container: a container file with a wrapped key
 * @priv: the recipient's private key file (NAME.key)
 * @error: return location for a #GError
 *
 * The key image of @container, unwrapped with @priv (dkg_rsa_unwrap_container_key()): what
 * `deepkeygen decrypt --private PRIV` uses instead of -k KEY.png.
 *
 * Returns: (transfer full) (nullable): the key image, or %NULL with a %G_FILE_ERROR or an error
 *   of dkg_rsa_unwrap_container_key() (%DKG_ERROR_AUTH for a wrong private key)
 */
DkgImage *
dkg_cli_key_from_private (const char  *container,
                          const char  *priv,
                          GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (container != NULL && priv != NULL, NULL);

  bytes = dkg_file_get_bytes (container, error);
  if (bytes == NULL)
    return NULL;
  name = g_filename_display_name (container);
  return dkg_rsa_unwrap_container_key (bytes, name, priv, error);
}

static int
rsa_unwrap (int argc, char **argv)
{
  g_autofree char *private_path = NULL;
  g_autofree char *output = NULL;
  g_auto(GStrv) inputs = NULL;
  GOptionEntry entries[] = {
    { "private", 'p', 0, G_OPTION_ARG_FILENAME, &private_path, "Your private key (NAME.key)", "PRIV" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Key image to write (PNG, mode 0600)", "KEY.png" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &inputs, NULL, "CIPHER.png" },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx =
    g_option_context_new ("CIPHER.png — recover the key wrapped in a container");
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgImage) key = NULL;
  g_autofree char *key_fp = NULL;
  int code;

  g_option_context_set_summary (ctx,
    "Unwraps the key image with your RSA private key and writes it as a PNG readable only by\n"
    "you (mode 0600). A wrong private key or a modified container is an error and writes\n"
    "nothing. To decrypt directly: deepkeygen decrypt --private PRIV CIPHER.png -o OUT.png.");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!dkg_cli_parse (ctx, "rsa unwrap", &argc, &argv, &code))
    return code;
  if (private_path == NULL || output == NULL || inputs == NULL || g_strv_length (inputs) != 1)
    return dkg_cli_usage_error ("rsa unwrap",
                                "--private PRIV, -o KEY.png and one CIPHER.png are required");
  if (dkg_cli_same_file (inputs[0], output))
    return dkg_cli_usage_error ("rsa unwrap", "the output would overwrite the input “%s”", output);
  key = dkg_cli_key_from_private (inputs[0], private_path, &error);
  if (key == NULL)
    return dkg_cli_fail ("rsa unwrap", g_steal_pointer (&error));
  if (!dkg_image_write_png (key, NULL, NULL, output, 0600, &error))
    return dkg_cli_fail ("rsa unwrap", g_steal_pointer (&error));
  key_fp = dkg_container_key_fingerprint (key);
  printf ("Wrote %s (mode 0600): the %u×%u×%u key of %s (fingerprint %s), unwrapped with %s\n",
          output, key->width, key->height, key->channels, inputs[0], key_fp != NULL ? key_fp : "?",
          private_path);
  return DKG_EXIT_OK;
}

static int
compare_u64 (gconstpointer a,
             gconstpointer b)
{
  guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;

  return x < y ? -1 : x > y;
}

/*
 * The sorted counts of the distinct values of an image of width @width (plaintext pixels)
 * whose values take @words 16-bit samples each (pixel x at 2x, 2x + 1 when @words is 2, as
 * dkg_rsa_textbook_encrypt_image() stores them); all channels pooled.
 */
static GArray *
sorted_value_counts (const DkgImage *im,
                     guint           width,
                     guint           words)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (g_direct_hash, g_direct_equal);
  GArray *a = g_array_new (FALSE, FALSE, sizeof (guint64));
  GHashTableIter iter;
  gpointer value;
  guint ch = im->channels;

  for (guint y = 0; y < im->height; y++)
    for (guint x = 0; x < width; x++)
      for (guint c = 0; c < ch; c++)
        {
          gsize j = ((gsize) y * width * words + (gsize) x * words) * ch + c;
          guint32 v;
          gpointer key;
          gsize n;

          if (im->bit_depth == 8)
            v = im->data[j];
          else if (words == 1)
            v = ((const guint16 *) im->data)[j];
          else
            v = ((guint32) ((const guint16 *) im->data)[j] << 16)
                | ((const guint16 *) im->data)[j + ch];
          /* Keys are value + 1 so that 0 is not the NULL key. */
          key = GSIZE_TO_POINTER ((gsize) v + 1);
          n = GPOINTER_TO_SIZE (g_hash_table_lookup (counts, key));
          g_hash_table_insert (counts, key, GSIZE_TO_POINTER (n + 1));
        }
  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      guint64 n = GPOINTER_TO_SIZE (value);
      g_array_append_val (a, n);
    }
  g_array_sort (a, compare_u64);
  return a;
}

static char *
textbook_json (const DkgImage *plain, const DkgRsaTextbookKey *key)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "scheme");
  json_builder_add_string_value (b, "textbook-rsa");
  json_builder_set_member_name (b, "insecure");
  json_builder_add_boolean_value (b, TRUE);
  json_builder_set_member_name (b, "warning");
  json_builder_add_string_value (b, "INSECURE per-pixel textbook RSA (Prakash et al.), for "
                                 "comparison only: deterministic, decryptable with the public key "
                                 "alone by a 256- or 65536-entry codebook");
  dkg_cli_json_int (b, "n", (gint64) key->n);
  dkg_cli_json_int (b, "e", (gint64) key->e);
  dkg_cli_json_int (b, "bits", key->bits);
  dkg_cli_json_int (b, "words", dkg_rsa_textbook_words (key->n));
  dkg_cli_json_int (b, "plain_width", plain->width);
  dkg_cli_json_int (b, "plain_bit_depth", plain->bit_depth);
  json_builder_set_member_name (b, "plain_signed");
  json_builder_add_boolean_value (b, plain->is_signed);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

static int
rsa_textbook (int argc, char **argv)
{
  g_autofree char *output = NULL;
  g_auto(GStrv) inputs = NULL;
  int bits = 0;
  GOptionEntry entries[] = {
    { "bits", 'b', 0, G_OPTION_ARG_INT, &bits, "Modulus size, 9–32 bits, more than the sample depth (default 16 for 8-bit images, 32 for 16-bit)", "N" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Ciphertext to write (16-bit PNG)", "OUT.png" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &inputs, NULL, "IMG" },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx =
    g_option_context_new ("IMG — INSECURE per-pixel textbook RSA, for comparison only");
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgImage) plain = NULL;
  g_autoptr(DkgImage) cipher = NULL;
  g_autoptr(DkgImage) back = NULL;
  g_autoptr(DkgImage) attacked = NULL;
  g_autoptr(GArray) sp = NULL;
  g_autoptr(GArray) sc = NULL;
  g_autofree char *json = NULL;
  g_autofree char *desc = NULL;
  DkgRsaTextbookKey key;
  gboolean permuted;
  guint64 recovered = 0, fixed = 0;
  gsize n_samples;
  gint64 t0;
  int code;

  g_option_context_set_summary (ctx,
    "INSECURE — for comparison only. The per-pixel textbook RSA of Prakash et al. (2023):\n"
    "every sample value m becomes c = m^e mod n with a tiny modulus (9–32 bits), stored as a\n"
    "16-bit PNG (two samples per value when n > 65536). It is deterministic: equal pixels give\n"
    "equal ciphertexts, so the histogram is only permuted and the image's structure shows; and\n"
    "anyone with the public key decrypts it by encrypting all 256 (or 65536) values. Use\n"
    "“deepkeygen encrypt” (chacha20-poly1305) and “deepkeygen rsa wrap” instead.");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!dkg_cli_parse (ctx, "rsa textbook", &argc, &argv, &code))
    return code;
  if (output == NULL || inputs == NULL || g_strv_length (inputs) != 1)
    return dkg_cli_usage_error ("rsa textbook", "-o OUT.png and one IMG are required");
  if (dkg_cli_same_file (inputs[0], output))
    return dkg_cli_usage_error ("rsa textbook", "the output would overwrite the input “%s”",
                                output);
  plain = dkg_image_load (inputs[0], NULL, &error);
  if (plain == NULL)
    return dkg_cli_fail ("rsa textbook", g_steal_pointer (&error));
  if (bits == 0)
    bits = plain->bit_depth == 8 ? 16 : 32;
  if (bits < DKG_RSA_TEXTBOOK_MIN_BITS || bits > DKG_RSA_TEXTBOOK_MAX_BITS
      || (guint) bits <= plain->bit_depth)
    return dkg_cli_usage_error ("rsa textbook",
                                "--bits must be %u to %d for a %u-bit image, not %d",
                                plain->bit_depth + 1, DKG_RSA_TEXTBOOK_MAX_BITS, plain->bit_depth,
                                bits);

  printf ("INSECURE: textbook per-pixel RSA, the paper's scheme, for comparison only. Never use it "
          "to protect an image.\n");
  if (!dkg_rsa_textbook_key_generate ((guint) bits, &key, &error))
    return dkg_cli_fail ("rsa textbook", g_steal_pointer (&error));
  t0 = g_get_monotonic_time ();
  cipher = dkg_rsa_textbook_encrypt_image (plain, &key, &error);
  if (cipher == NULL)
    return dkg_cli_fail ("rsa textbook", g_steal_pointer (&error));
  json = textbook_json (plain, &key);
  if (!dkg_image_write_png (cipher, DKG_RSA_TEXTBOOK_ITXT_KEYWORD, json, output, 0666, &error))
    return dkg_cli_fail ("rsa textbook", g_steal_pointer (&error));
  desc = dkg_cli_describe_image (cipher, FALSE);
  printf ("Key: n = %" G_GUINT64_FORMAT " (%u bits) = %" G_GUINT64_FORMAT " × %" G_GUINT64_FORMAT
          ", e = %" G_GUINT64_FORMAT ", d = %" G_GUINT64_FORMAT "\n", key.n, key.bits, key.p, key.q,
          key.e, key.d);
  printf ("Wrote %s: INSECURE textbook RSA ciphertext of %s, %s (%s per sample) in %.1f ms\n",
          output, inputs[0], desc, dkg_rsa_textbook_words (key.n) == 1 ? "one 16-bit value"
          : "two 16-bit values, high then low", (g_get_monotonic_time () - t0) / 1000.0);

  back = dkg_rsa_textbook_decrypt_image (cipher, &key, plain->bit_depth, plain->is_signed, &error);
  if (back == NULL)
    return dkg_cli_fail ("rsa textbook", g_steal_pointer (&error));
  n_samples = dkg_image_n_samples (plain);
  printf ("Decryption with d: %s\n", dkg_image_equal (back, plain) ? "bit-exact" : "DIFFERS");
  if (!dkg_image_equal (back, plain))
    return DKG_EXIT_INTERNAL;

  printf ("Why it is insecure:\n");
  sp = sorted_value_counts (plain, plain->width, 1);
  sc = sorted_value_counts (cipher, plain->width, dkg_rsa_textbook_words (key.n));
  permuted = sp->len == sc->len && memcmp (sp->data, sc->data, sp->len * sizeof (guint64)) == 0;
  printf ("  deterministic: the %u distinct sample values become %u distinct ciphertext values "
          "with the same counts (sorted histograms %s): the histogram is only permuted, and "
          "every edge of the image stays visible\n", sp->len, sc->len,
          permuted ? "equal" : "DIFFER");
  attacked = dkg_rsa_textbook_dictionary_attack (cipher, key.n, key.e, plain->bit_depth,
                                                 plain->is_signed, &recovered, &error);
  if (attacked == NULL)
    return dkg_cli_fail ("rsa textbook", g_steal_pointer (&error));
  printf ("  dictionary attack with the public key (n, e) alone — encrypt all %u values, look "
          "each ciphertext up: %" G_GUINT64_FORMAT " of %" G_GSIZE_FORMAT " samples recovered "
          "(%.2f%%), %s\n", 1u << plain->bit_depth, recovered, n_samples,
          100.0 * (double) recovered / (double) n_samples,
          dkg_image_equal (attacked, plain) ? "the image is recovered exactly" : "partly");
  for (gsize i = 0; i < n_samples; i++)
    {
      guint32 v = plain->bit_depth == 8 ? plain->data[i] : ((const guint16 *) plain->data)[i];
      fixed += v <= 1;
    }
  printf ("  fixed points: m = 0 and m = 1 encrypt to themselves (%" G_GUINT64_FORMAT " samples "
          "of this image are sent in the clear)\n", fixed);
  printf ("  the modulus factors instantly: n = %" G_GUINT64_FORMAT " = %" G_GUINT64_FORMAT " × %"
          G_GUINT64_FORMAT "; a 2048-bit modulus would fix neither determinism nor the codebook\n",
          key.n, key.p, key.q);
  return DKG_EXIT_OK;
}

/**
 * dkg_cli_rsa:
 * @argc: arguments after "deepkeygen"
 * @argv: argv[0] = "rsa", argv[1] the subcommand
 *
 * `deepkeygen rsa keygen|wrap|unwrap|textbook …` (docs/SPECIFICATION.md §5.6, §7).
 *
 * Returns: the exit status: 0, 1 (internal error) or 2 (usage or input error)
 */
int
dkg_cli_rsa (int argc, char **argv)
{
  static const DkgCliSubcommand subs[] = {
    { "keygen", rsa_keygen, "generate an RSA key pair (NAME.pub, NAME.key with mode 0600)" },
    { "wrap", rsa_wrap, "add the key, RSA-OAEP-wrapped for a recipient, to a container" },
    { "unwrap", rsa_unwrap, "recover the wrapped key with your private key" },
    { "textbook", rsa_textbook, "INSECURE per-pixel textbook RSA of the paper, for comparison" },
  };

  return dkg_cli_run_subcommand ("rsa", subs, G_N_ELEMENTS (subs),
                         "RSA: OAEP key wrapping, so a ciphertext travels with its key, and the "
                         "paper's textbook RSA (insecure) for comparison", argc, argv);
}
