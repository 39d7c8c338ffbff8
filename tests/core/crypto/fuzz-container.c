/* fuzz-container.c — fuzz harness for the container parser and verifier (docs/SPECIFICATION.md §10)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each input is tried two ways: as a whole container file, and — so that mutations reach the
 * header parser instead of dying on a PNG CRC — as the text of the "deepkeygen" iTXt chunk of a
 * correctly encoded PNG whose pixels are the fixture ciphertext. Both go through
 * dkg_container_read_info() and dkg_container_decrypt() with the fixture key
 * (crypto_test_fixture_key()). With libFuzzer (clang -fsanitize=fuzzer,address,undefined
 * -DDKG_LIBFUZZER) that is all. Without it (the meson build): `fuzz-container SEED N FILE…`
 * applies N seeded random mutations to each FILE (a container, or a header as text) and does
 * the same; a crash, an abort or a sanitizer report is a bug, a GError is not. A decryption
 * that succeeds must give the fixture plaintext: anything else is a forgery, and aborts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto-test.h"
#include "dkg-container.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static DkgImage *fixture_plain;
static DkgImage *fixture_key;
static DkgImage *fixture_pixels;
static GBytes   *fixture_original;

static void
setup (void)
{
  g_autoptr(GBytes) file = NULL;
  g_autofree char *json = NULL;
  DkgContainerOptions opts = { DKG_CONTAINER_SCHEME_XOR, 0 };

  if (fixture_key != NULL)
    return;
  dkg_image_set_memory_limit (512u * 1024 * 1024);
  fixture_plain = crypto_test_fixture_plain ();
  fixture_key = crypto_test_fixture_key ();
  fixture_original = crypto_test_fixture_original ();
  file = dkg_container_encrypt (fixture_plain, fixture_key, &opts, NULL);
  g_assert_nonnull (file);
  fixture_pixels = dkg_image_load_png_bytes (file, "fixture", NULL, NULL, NULL);
  g_assert_nonnull (fixture_pixels);
}

static void
try_container (GBytes *file)
{
  GError *error = NULL;
  DkgContainerInfo *info = dkg_container_read_info (file, "fuzz", &error);
  DkgImage *plain;

  dkg_container_info_free (info);
  g_clear_error (&error);
  plain = dkg_container_decrypt (file, "fuzz", fixture_key, NULL, &error);
  if (plain != NULL && !dkg_image_equal (plain, fixture_plain))
    g_error ("a modified container decrypted to something else than its plaintext");
  dkg_image_free (plain);
  g_clear_error (&error);
  /* version 2: the carried source file, when one authenticates, is the seed's */
  {
    GBytes *original = dkg_container_decrypt_original (file, "fuzz", fixture_key, NULL, &error);

    if (original != NULL && !g_bytes_equal (original, fixture_original))
      g_error ("a modified container gave back another source file than its own");
    if (original != NULL)
      g_bytes_unref (original);
    g_clear_error (&error);
  }
}

static void
run_one (const guint8 *data, gsize size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autofree char *text = g_strndup ((const char *) data, size);

  setup ();
  try_container (bytes);
  if (g_utf8_validate (text, -1, NULL))
    {
      g_autoptr(GBytes) png = dkg_image_encode_png (fixture_pixels, DKG_CONTAINER_ITXT_KEYWORD,
                                                    text, NULL);

      if (png != NULL)
        try_container (png);
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  run_one (data, size);
  return 0;
}

#ifndef DKG_LIBFUZZER
static void
mutate (GRand *r, guint8 *m, gsize *len)
{
  static const char *const tokens[] = {
    "0", "-1", "1e9", "4294967296", "null", "true", "\"\"", "{}", "[]", "\"xor\"", "\"acm-xor\"",
    "\"chacha20-poly1305\"", "32768", "2",
  };
  int n = g_rand_int_range (r, 1, 6);

  for (int j = 0; j < n && *len > 0; j++)
    {
      gsize at = g_rand_int_range (r, 0, (gint32) MIN (*len, (gsize) G_MAXINT32));

      switch (g_rand_int_range (r, 0, 4))
        {
        case 0:
          m[at] ^= 1u << g_rand_int_range (r, 0, 8);
          break;
        case 1:
          m[at] = (guint8) g_rand_int_range (r, 0x20, 0x7f);
          break;
        case 2:
          {
            /* overwrite with a JSON token of about the same kind */
            const char *t = tokens[g_rand_int_range (r, 0, G_N_ELEMENTS (tokens))];
            gsize tl = MIN (strlen (t), *len - at);

            memcpy (m + at, t, tl);
          }
          break;
        default:
          m[at] = (guint8[]) { '"', ':', ',', '{', '}' }[g_rand_int_range (r, 0, 5)];
          break;
        }
    }
  if (*len > 1 && g_rand_int_range (r, 0, 8) == 0)
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
  dkg_image_free (fixture_plain);
  dkg_image_free (fixture_key);
  dkg_image_free (fixture_pixels);
  return 0;
}
#endif
