/* fuzz-rsa.c — fuzz harness for the PNG chunk walker (io/dkg-png-chunks.c), the wrapped-key chunk
 * (crypto/dkg-rsa-wrap.c) and the RSA key file parser (crypto/dkg-rsa.c) (docs/SPECIFICATION.md §10)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each input is tried three ways: as a whole container file (dkg_rsa_container_recipient() and
 * dkg_rsa_unwrap_container_key_with() with the test-only private key of tests/data/rsa/); as
 * the JSON text of the "deepkeygen-wrapped-key" chunk spliced, with a correct CRC, into the
 * committed wrapped container, so that mutations reach the JSON parser and the cryptographic
 * checks instead of dying on a CRC; and as an RSA key file (dkg_rsa_key_parse(), public and
 * private). An unwrap that succeeds must return the fixture's key: anything else is a forgery,
 * and aborts. With libFuzzer (clang -fsanitize=fuzzer,address,undefined -DDKG_LIBFUZZER) that
 * is all. Without it (the meson build): `fuzz-rsa SEED N [FILE…]` applies N seeded random
 * mutations to each FILE, or with no FILE to the committed fixtures (the wrapped container, its
 * chunk's JSON, the key files); a crash, an abort or a sanitizer report is a bug, a GError is not.
 */
#include "config.h"

#include <gcrypt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dkg-crypto.h"
#include "dkg-rsa.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static DkgRsaKey *fixture_priv;
static DkgImage *fixture_key;
static GBytes *fixture_file;
static gsize chunk_at, chunk_size;      /* the wrapped-key chunk in fixture_file */

static char *
fixture_path (const char *name)
{
  const char *root = g_getenv ("DKG_SOURCE_ROOT");

  return g_build_filename (root != NULL ? root : DKG_SOURCE_ROOT, "tests", "data", "rsa", name, NULL);
}

static guint32
be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static void
setup (void)
{
  g_autofree char *key_path = NULL;
  g_autofree char *file_path = NULL;
  g_autoptr(GError) error = NULL;
  const guint8 *b;
  gsize len, pos = 8;
  char *data = NULL;

  if (fixture_priv != NULL)
    return;
  dkg_crypto_init ();
  dkg_image_set_memory_limit (512u * 1024 * 1024);
  key_path = fixture_path ("test-only-2048.key");
  file_path = fixture_path ("wrapped-container.png");
  fixture_priv = dkg_rsa_key_load_private (key_path, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (file_path, &data, &len, &error));
  fixture_file = g_bytes_new_take (data, len);
  fixture_key = dkg_rsa_unwrap_container_key_with (fixture_file, "fixture", fixture_priv, &error);
  g_assert_no_error (error);
  b = g_bytes_get_data (fixture_file, &len);
  while (pos + 12 <= len && chunk_at == 0)
    {
      gsize n = be32 (b + pos);

      if (memcmp (b + pos + 4, "iTXt", 4) == 0
          && memcmp (b + pos + 8, DKG_RSA_WRAPPED_KEY_KEYWORD,
                     sizeof DKG_RSA_WRAPPED_KEY_KEYWORD) == 0)
        {
          chunk_at = pos;
          chunk_size = 12 + n;
        }
      pos += 12 + n;
    }
  g_assert_cmpuint (chunk_at, >, 0);
}

/* The fixture container with its wrapped-key chunk's text replaced by @text. */
static GBytes *
splice (const guint8 *text,
        gsize         text_len)
{
  gsize len, kw = sizeof DKG_RSA_WRAPPED_KEY_KEYWORD, data_len = kw + 4 + text_len;
  const guint8 *b = g_bytes_get_data (fixture_file, &len);
  GByteArray *out = g_byte_array_sized_new ((guint) (len + text_len));
  guint8 hdr[8], crc[4];
  guint8 *data = g_malloc0 (data_len);
  gcry_md_hd_t md;

  memcpy (data, DKG_RSA_WRAPPED_KEY_KEYWORD, kw);
  memcpy (data + kw + 4, text, text_len);
  for (int i = 0; i < 4; i++)
    hdr[i] = (guint8) (data_len >> (24 - 8 * i));
  memcpy (hdr + 4, "iTXt", 4);
  g_assert_cmpint (gcry_md_open (&md, GCRY_MD_CRC32, 0), ==, 0);
  gcry_md_write (md, "iTXt", 4);
  gcry_md_write (md, data, data_len);
  memcpy (crc, gcry_md_read (md, GCRY_MD_CRC32), 4);
  gcry_md_close (md);
  g_byte_array_append (out, b, (guint) chunk_at);
  g_byte_array_append (out, hdr, 8);
  g_byte_array_append (out, data, (guint) data_len);
  g_byte_array_append (out, crc, 4);
  g_byte_array_append (out, b + chunk_at + chunk_size, (guint) (len - chunk_at - chunk_size));
  g_free (data);
  return g_byte_array_free_to_bytes (out);
}

static void
try_container (GBytes *file)
{
  GError *error = NULL;
  char *fp = dkg_rsa_container_recipient (file, "fuzz", &error);
  DkgImage *key;

  g_free (fp);
  g_clear_error (&error);
  key = dkg_rsa_unwrap_container_key_with (file, "fuzz", fixture_priv, &error);
  if (key != NULL && !dkg_image_equal (key, fixture_key))
    g_error ("a modified wrapped key unwrapped to another key");
  dkg_image_free (key);
  g_clear_error (&error);
}

static void
try_key_file (const guint8 *data,
              gsize         size)
{
  for (int need_private = 0; need_private < 2; need_private++)
    {
      GError *error = NULL;
      DkgRsaKey *key = dkg_rsa_key_parse ((const char *) data, size, need_private, "fuzz", &error);

      if (key != NULL)
        g_assert_cmpuint (dkg_rsa_key_get_bits (key), >=, DKG_RSA_MIN_BITS);
      dkg_rsa_key_free (key);
      g_clear_error (&error);
    }
}

static void
run_one (const guint8 *data, gsize size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GBytes) spliced = NULL;

  setup ();
  try_container (bytes);
  spliced = splice (data, size);
  try_container (spliced);
  try_key_file (data, size);
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
    "0", "-1", "1e9", "4294967296", "null", "true", "\"\"", "{}", "[]", "2048", "16384", "1",
    "\"AAAA\"", "==", "#00#", "(rsa", "(n #", ")", "1:", "4:",
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
            const char *t = tokens[g_rand_int_range (r, 0, G_N_ELEMENTS (tokens))];
            gsize tl = MIN (strlen (t), *len - at);

            memcpy (m + at, t, tl);
          }
          break;
        default:
          m[at] = (guint8[]) { '"', ':', ',', '{', '}', '(', ')' }[g_rand_int_range (r, 0, 7)];
          break;
        }
    }
  if (*len > 1 && g_rand_int_range (r, 0, 8) == 0)
    *len = g_rand_int_range (r, 1, (gint32) MIN (*len, (gsize) G_MAXINT32));
}

static void
fuzz_seed (GRand *r, int n, const guint8 *data, gsize len)
{
  run_one (data, len);
  for (int i = 0; i < n; i++)
    {
      g_autofree guint8 *m = g_memdup2 (data, len);
      gsize mlen = len;

      mutate (r, m, &mlen);
      run_one (m, mlen);
    }
}

int
main (int argc, char **argv)
{
  g_autoptr(GRand) r = NULL;
  int n;

  if (argc < 3)
    {
      g_printerr ("usage: %s SEED N [FILE…]\n", argv[0]);
      return 2;
    }
  r = g_rand_new_with_seed ((guint32) atoi (argv[1]));
  n = atoi (argv[2]);
  setup ();
  if (argc == 3)
    {
      const char *names[] = { "wrapped-container.png", "test-only-2048.key", "test-only-2048.pub" };
      const guint8 *b = g_bytes_get_data (fixture_file, NULL);
      gsize skip = 8 + sizeof DKG_RSA_WRAPPED_KEY_KEYWORD + 4;

      /* The chunk's JSON text, then the files. */
      fuzz_seed (r, n, b + chunk_at + skip, chunk_size - skip - 4);
      for (guint f = 0; f < G_N_ELEMENTS (names); f++)
        {
          g_autofree char *path = fixture_path (names[f]);
          g_autofree char *data = NULL;
          gsize len;

          g_assert_true (g_file_get_contents (path, &data, &len, NULL));
          fuzz_seed (r, n, (const guint8 *) data, len);
        }
    }
  for (int f = 3; f < argc; f++)
    {
      g_autofree char *data = NULL;
      gsize len;

      if (!g_file_get_contents (argv[f], &data, &len, NULL))
        continue;
      fuzz_seed (r, n, (const guint8 *) data, len);
    }
  printf ("fuzz-rsa: no crash\n");
  return 0;
}
#endif
