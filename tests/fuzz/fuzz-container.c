/* fuzz-container.c — the container parser and verifier (docs/SPECIFICATION.md §5.7)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * After tests/core/crypto/fuzz-container.c (the crypto engineer's harness), for libFuzzer.
 * Each input is tried two ways: as a whole container file, and — so that mutations reach the
 * header parser instead of dying on a PNG CRC — as the text of the "deepkeygen" iTXt chunk of a
 * correctly encoded PNG whose pixels are a fixture ciphertext (xor scheme). Both go through
 * dkg_container_read_info() and dkg_container_decrypt() with the fixture key
 * (crypto_test_fixture_key()). A decryption that succeeds must give the fixture plaintext:
 * anything else is a forgery, and aborts.
 */
#include <string.h>

#include "crypto-test.h"
#include "dkg-container.h"
#include "fuzz-common.h"

static DkgImage *fixture_plain;
static DkgImage *fixture_key;
static DkgImage *fixture_pixels;

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  g_autoptr(GBytes) file = NULL;
  DkgContainerOptions opts = { DKG_CONTAINER_SCHEME_XOR, 0 };

  fuzz_init ();
  fixture_plain = crypto_test_fixture_plain ();
  fixture_key = crypto_test_fixture_key ();
  file = dkg_container_encrypt (fixture_plain, fixture_key, &opts, NULL);
  g_assert_nonnull (file);
  fixture_pixels = dkg_image_load_png_bytes (file, "fixture", NULL, NULL, NULL);
  g_assert_nonnull (fixture_pixels);
  return 0;
}

static void
try_container (GBytes *file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) decrypt_error = NULL;
  g_autoptr(DkgContainerInfo) info = dkg_container_read_info (file, "fuzz", &error);
  g_autoptr(DkgContainerInfo) info2 = NULL;
  g_autoptr(DkgImage) plain = NULL;

  fuzz_check_error (error);
  g_assert_true ((info == NULL) != (error == NULL));
  plain = dkg_container_decrypt (file, "fuzz", fixture_key, &info2, &decrypt_error);
  fuzz_check_error (decrypt_error);
  g_assert_true ((plain == NULL) != (decrypt_error == NULL));
  if (plain != NULL)
    {
      if (!dkg_image_equal (plain, fixture_plain))
        g_error ("a modified container decrypted to something else than its plaintext");
      g_assert_nonnull (info);
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autofree char *text = g_strndup ((const char *) data, size);

  try_container (bytes);
  if (strlen (text) == size && g_utf8_validate (text, -1, NULL))
    {
      g_autoptr(GBytes) png = dkg_image_encode_png (fixture_pixels, DKG_CONTAINER_ITXT_KEYWORD,
                                                    text, NULL);

      if (png != NULL)
        try_container (png);
    }
  return 0;
}
