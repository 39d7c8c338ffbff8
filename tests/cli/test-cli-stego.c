/* test-cli-stego.c — `deepkeygen stego …` and `deepkeygen rsa …` as a user runs them, through
 * the deepkeygen binary (the path is the test's first argument): exit codes 0/2, messages,
 * files written or not, modes, and the end-to-end path text → encrypt → wrap → decrypt with the
 * private key → text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "cli-run.h"
#include "dkg-container.h"
#include "dkg-lsb-stego.h"
#include "dkg-rand.h"
#include "dkg-test-util.h"

static const char *deepkeygen;
static char *dir;

static const char patient[] = "患者: 山田 太郎 — Zoe\xcc\x88, 🩻 CT 2024-05-01, MRN 0042";

/* Runs deepkeygen with NULL-terminated arguments; the exit status goes to r->status. */
static void
run (CliRun *r, ...)
{
  va_list ap;

  va_start (ap, r);
  cli_run_va (r, deepkeygen, NULL, NULL, ap);
  va_end (ap);
}

static void
run_in_c_locale (CliRun *r, ...)
{
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "LC_ALL", "C", TRUE);
  va_list ap;

  va_start (ap, r);
  cli_run_va (r, deepkeygen, NULL, envp, ap);
  va_end (ap);
}

static char *
tmp (const char *name)
{
  return g_build_filename (dir, name, NULL);
}

static guint
file_mode (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 0777;
}

static void
test_stego (void)
{
  g_autofree char *colin = dkg_test_source_path ("data/samples/colin27_ch2_axial_z090_8bit.png");
  g_autofree char *ct = dkg_test_source_path ("data/samples/CT_small.dcm");
  g_autofree char *stego = tmp ("stego.png");
  g_autofree char *text_out = tmp ("text.txt");
  g_autofree char *big = tmp ("big.txt");
  g_autofree char *none = tmp ("none.png");
  g_autofree char *contents = NULL;
  g_autofree char *huge = g_strnfill (5000, 'x');
  gsize len = 0;

  {
    g_auto(CliRun) r = { 0 };
    run (&r, "stego", "embed", "--text", patient, colin, "-o", stego, NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_true (g_str_has_prefix (r.out, "Wrote "));
    g_assert_nonnull (strstr (r.err, "not encryption"));
  }
  {
    g_auto(CliRun) r = { 0 };
    g_autofree char *expected = g_strconcat (patient, "\n", NULL);

    run (&r, "stego", "extract", stego, NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmpstr (r.out, ==, expected);
  }
  {
    g_auto(CliRun) r = { 0 };
    run (&r, "stego", "extract", stego, "-o", text_out, NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_true (g_file_get_contents (text_out, &contents, &len, NULL));
    g_assert_cmpmem (contents, len, patient, strlen (patient));
    g_assert_cmphex (file_mode (text_out), ==, 0600);
  }
  /* UTF-8 text is taken as such in a C locale too. */
  {
    g_auto(CliRun) r1 = { 0 };
    g_auto(CliRun) r2 = { 0 };
    g_autofree char *expected = g_strconcat (patient, "\n", NULL);
    g_autofree char *c_png = tmp ("c-locale.png");

    run_in_c_locale (&r1, "stego", "embed", "--text", patient, colin, "-o", c_png, NULL);
    g_assert_cmpint (r1.status, ==, 0);
    run_in_c_locale (&r2, "stego", "extract", c_png, NULL);
    g_assert_cmpint (r2.status, ==, 0);
    g_assert_cmpstr (r2.out, ==, expected);
  }
  /* Too much text: exit 2, both sizes named, nothing written. */
  g_assert_true (g_file_set_contents (big, huge, -1, NULL));
  {
    g_auto(CliRun) r = { 0 };
    run (&r, "stego", "embed", "--text-file", big, colin, "-o", none, NULL);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "needs 5004 bytes"));
    g_assert_nonnull (strstr (r.err, "at most 4905 bytes"));
    g_assert_false (g_file_test (none, G_FILE_TEST_EXISTS));
  }
  {
    g_auto(CliRun) r = { 0 };
    run (&r, "stego", "embed", colin, "-o", none, NULL);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "--text"));
  }
  {
    g_auto(CliRun) r = { 0 };
    run (&r, "stego", "embed", "--text", "x", stego, "-o", stego, NULL);
    g_assert_cmpint (r.status, ==, 2);
  }
  {
    g_auto(CliRun) r = { 0 };
    run (&r, "stego", "extract", colin, NULL);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "no embedded text"));
    g_assert_cmpstr (r.out, ==, "");
  }
  /* Steganalysis: the clean sample passes, a full-capacity embedding is detected, 16-bit is
   * refused. */
  {
    g_auto(CliRun) r = { 0 };
    run (&r, "stego", "analyze", colin, NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "no LSB embedding detected"));
  }
  {
    g_autoptr(DkgRand) rnd = dkg_rand_new_seeded (31);
    g_autofree char *full = g_malloc (4906);
    g_autofree char *full_path = tmp ("full.txt");
    g_autofree char *full_png = tmp ("full.png");
    g_auto(CliRun) r1 = { 0 };
    g_auto(CliRun) r2 = { 0 };

    for (guint i = 0; i < 4905; i++)
      full[i] = (char) (' ' + dkg_rand_below (rnd, 95));
    full[4905] = '\0';
    g_assert_true (g_file_set_contents (full_path, full, -1, NULL));
    run (&r1, "stego", "embed", "--text-file", full_path, colin, "-o", full_png, NULL);
    g_assert_cmpint (r1.status, ==, 0);
    g_assert_nonnull (strstr (r1.out, "100.0% of its capacity"));
    run (&r2, "stego", "analyze", full_png, NULL);
    g_assert_cmpint (r2.status, ==, 0);
    g_assert_nonnull (strstr (r2.out, "LSB embedding detected"));
  }
  {
    g_auto(CliRun) r = { 0 };
    run (&r, "stego", "analyze", ct, NULL);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "8-bit"));
  }
  {
    g_auto(CliRun) r = { 0 };
    run (&r, "stego", NULL);
    g_assert_cmpint (r.status, ==, 2);
  }
  {
    g_auto(CliRun) r = { 0 };
    run (&r, "stego", "--help", NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "analyze"));
  }
}

/* keygen → encrypt (core) → wrap (to CIPHER-wrapped.png; the input is never replaced) →
 * unwrap / decrypt --private → extract the text. */
static void
test_rsa (void)
{
  g_autofree char *colin = dkg_test_source_path ("data/samples/colin27_ch2_axial_z090_8bit.png");
  g_autofree char *alice = tmp ("alice");
  g_autofree char *alice_pub = tmp ("alice.pub");
  g_autofree char *alice_key = tmp ("alice.key");
  g_autofree char *bob = tmp ("bob");
  g_autofree char *bob_key = tmp ("bob.key");
  g_autofree char *bob_pub = tmp ("bob.pub");
  g_autofree char *stego = tmp ("rsa-stego.png");
  g_autofree char *key_png = tmp ("key.png");
  g_autofree char *cipher = tmp ("cipher.png");
  g_autofree char *wrapped = tmp ("cipher-wrapped.png");
  g_autofree char *never = tmp ("never.png");
  g_autofree char *cipher_before = NULL;
  g_autofree char *wrapped_before = NULL;
  g_autofree char *bytes = NULL;
  gsize cipher_len = 0, wrapped_len = 0, bytes_len = 0;
  g_autofree char *key2 = tmp ("key2.png");
  g_autofree char *key3 = tmp ("key3.png");
  g_autofree char *plain_out = tmp ("plain.png");
  g_autofree char *plain_bad = tmp ("plain-bad.png");
  g_autoptr(DkgRand) rnd = dkg_rand_new_seeded (32);
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgImage) key = NULL;
  g_autoptr(DkgImage) got = NULL;
  g_autoptr(DkgImage) plain = NULL;
  g_autofree char *text = NULL;
  DkgContainerOptions opts = { DKG_CONTAINER_SCHEME_CHACHA20_POLY1305, 0 };

  umask (022);
  {
    g_auto(CliRun) r = { 0 };
    run (&r, "rsa", "keygen", "--bits", "2048", "-o", alice, NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "Fingerprint: "));
    g_assert_cmphex (file_mode (alice_key), ==, 0600);
    g_assert_cmphex (file_mode (alice_pub), ==, 0644);
  }
  {
    g_auto(CliRun) r = { 0 };
    run (&r, "rsa", "keygen", "--bits", "2048", "-o", alice, NULL);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "--force"));
  }
  {
    g_auto(CliRun) r = { 0 };
    run (&r, "rsa", "keygen", "--bits", "1024", "-o", bob, NULL);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_false (g_file_test (bob_key, G_FILE_TEST_EXISTS));
  }
  {
    g_auto(CliRun) r = { 0 };
    run (&r, "rsa", "keygen", "--bits", "2048", "-o", bob, NULL);
    g_assert_cmpint (r.status, ==, 0);
  }

  /* The patient text in the image, then the hardened cipher. */
  g_assert_true (dkg_lsb_stego_embed_file (colin, patient, -1, stego, &error));
  g_assert_no_error (error);
  key = dkg_image_new (64, 64, 3, 8, FALSE, &error);
  dkg_rand_bytes (rnd, key->data, dkg_image_n_bytes (key));
  g_assert_true (dkg_image_save_png (key, key_png, &error));
  g_assert_true (dkg_container_encrypt_file (stego, NULL, key, &opts, cipher, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (cipher, &cipher_before, &cipher_len, NULL));
  {
    g_auto(CliRun) r = { 0 };
    run (&r, "rsa", "wrap", "--public", alice_pub, "-k", key_png, cipher, NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "RSA-OAEP-SHA256"));
    g_assert_nonnull (strstr (r.out, "cipher-wrapped.png"));
  }
  /* The input as it was; the wrapped copy beside it. */
  g_assert_true (g_file_get_contents (cipher, &bytes, &bytes_len, NULL));
  g_assert_cmpmem (bytes, bytes_len, cipher_before, cipher_len);
  g_clear_pointer (&bytes, g_free);
  g_assert_true (g_file_get_contents (wrapped, &wrapped_before, &wrapped_len, NULL));
  g_assert_cmpuint (wrapped_len, >, cipher_len);
  /* Again without -o: CIPHER-wrapped.png exists and is not replaced. */
  {
    g_auto(CliRun) r = { 0 };
    run (&r, "rsa", "wrap", "--public", bob_pub, "-k", key_png, cipher, NULL);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "cipher-wrapped.png"));
    g_assert_nonnull (strstr (r.err, "exists"));
  }
  /* -o naming the input: refused, nothing written. */
  {
    g_auto(CliRun) r = { 0 };
    run (&r, "rsa", "wrap", "--public", alice_pub, "-k", key_png, cipher, "-o", cipher, NULL);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "overwrite the input"));
  }
  g_assert_true (g_file_get_contents (cipher, &bytes, &bytes_len, NULL));
  g_assert_cmpmem (bytes, bytes_len, cipher_before, cipher_len);
  g_clear_pointer (&bytes, g_free);
  g_assert_true (g_file_get_contents (wrapped, &bytes, &bytes_len, NULL));
  g_assert_cmpmem (bytes, bytes_len, wrapped_before, wrapped_len);
  g_clear_pointer (&bytes, g_free);
  {
    g_auto(CliRun) r = { 0 };
    run (&r, "rsa", "unwrap", "--private", alice_key, wrapped, "-o", key2, NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_cmphex (file_mode (key2), ==, 0600);
    got = dkg_image_load (key2, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (dkg_image_equal (got, key));
  }
  /* The wrong private key: exit 2, "wrong private key", nothing written. */
  {
    g_auto(CliRun) r = { 0 };
    run (&r, "rsa", "unwrap", "--private", bob_key, wrapped, "-o", key3, NULL);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "wrong private key"));
    g_assert_false (g_file_test (key3, G_FILE_TEST_EXISTS));
  }
  {
    g_auto(CliRun) r = { 0 };
    run (&r, "decrypt", "--private", bob_key, wrapped, "-o", plain_bad, NULL);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_false (g_file_test (plain_bad, G_FILE_TEST_EXISTS));
  }
  {
    g_auto(CliRun) r = { 0 };
    run (&r, "decrypt", "--private", alice_key, wrapped, "-o", plain_out, NULL);
    g_assert_cmpint (r.status, ==, 0);
  }
  text = dkg_lsb_stego_extract_file (plain_out, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, patient);
  plain = dkg_image_load (plain_out, NULL, &error);
  {
    g_autoptr(DkgImage) orig = dkg_image_load (stego, NULL, &error);
    g_assert_true (dkg_image_equal (plain, orig));
  }

  /* Wrapping with a key that does not open the container: exit 2, nothing written. */
  {
    g_auto(CliRun) r = { 0 };
    run (&r, "rsa", "wrap", "--public", alice_pub, "-k", colin, cipher, "-o", never, NULL);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_false (g_file_test (never, G_FILE_TEST_EXISTS));
  }
  {
    g_auto(CliRun) r = { 0 };
    run (&r, "rsa", "wrap", "-k", key_png, cipher, "-o", never, NULL);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_false (g_file_test (never, G_FILE_TEST_EXISTS));
  }
}

static void
test_textbook (void)
{
  g_autofree char *colin = dkg_test_source_path ("data/samples/colin27_ch2_axial_z090_8bit.png");
  g_autofree char *ct = dkg_test_source_path ("data/samples/CT_small.dcm");
  g_autofree char *out = tmp ("textbook.png");
  g_autofree char *out16 = tmp ("textbook16.png");
  g_autofree char *itxt = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(DkgImage) im = NULL;
  char *data = NULL;
  gsize len = 0;

  {
    g_auto(CliRun) r = { 0 };
    run (&r, "rsa", "textbook", colin, "-o", out, NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_true (g_str_has_prefix (r.out, "INSECURE"));
    g_assert_nonnull (strstr (r.out, "Decryption with d: bit-exact"));
    g_assert_nonnull (strstr (r.out, "sorted histograms equal"));
    g_assert_nonnull (strstr (r.out, "39277 of 39277 samples recovered (100.00%)"));
  }
  g_assert_true (g_file_get_contents (out, &data, &len, NULL));
  png = g_bytes_new_take (data, len);
  im = dkg_image_load_png_bytes (png, "textbook.png", "deepkeygen-textbook-rsa", &itxt, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (im->bit_depth, ==, 16);
  g_assert_cmpuint (im->width, ==, 181);
  g_assert_nonnull (strstr (itxt, "\"insecure\":true"));
  {
    g_auto(CliRun) r = { 0 };
    run (&r, "rsa", "textbook", ct, "-o", out16, NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "sorted histograms equal"));
    g_assert_nonnull (strstr (r.out, "(100.00%)"));
  }
  {
    g_auto(CliRun) r = { 0 };
    run (&r, "rsa", "textbook", "--bits", "16", ct, "-o", out16, NULL);
    g_assert_cmpint (r.status, ==, 2);
  }
  {
    g_auto(CliRun) r = { 0 };
    run (&r, "rsa", "textbook", "--help", NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_nonnull (strstr (r.out, "INSECURE"));
  }
  {
    g_auto(CliRun) r = { 0 };
    run (&r, "rsa", "frobnicate", NULL);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "unknown subcommand"));
  }
}

int
main (int argc, char **argv)
{
  int status;

  dkg_test_init (&argc, &argv);
  g_assert_cmpint (argc, ==, 2);
  deepkeygen = argv[1];
  dir = dkg_test_make_tmpdir ();
  g_test_add_func ("/core/cli-stego/stego", test_stego);
  g_test_add_func ("/core/cli-stego/rsa", test_rsa);
  g_test_add_func ("/core/cli-stego/textbook", test_textbook);
  status = g_test_run ();
  dkg_test_rm_rf (dir);
  g_free (dir);
  return status;
}
