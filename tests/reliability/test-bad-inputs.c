/* test-bad-inputs.c — every file of tests/data/bad/ through the core (docs/SPECIFICATION.md §10)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The table (reliability-util.c) gives each file of tests/data/bad/ the loader a user would feed
 * it to and the GError it must give (domain and code, from the fixtures' documentation). For
 * each file:
 *   - the loader fails with exactly that error, and the message names the file;
 *   - the operation that writes an output from it (encrypt an image, decrypt a container) fails
 *     with the same error and leaves nothing behind: no output file, no temporary file, and an
 *     output that existed before is left byte for byte;
 *   - the input itself is not modified (contents and modification time).
 * A file in the directory that the table does not know fails /reliability/bad-input/table, so
 * new fixtures cannot go untested. /reliability/samples-untouched does the same round of loads
 * and writes on the valid shipped samples and checks they are not modified either.
 */
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "crypto-test.h"
#include "dkg-container.h"
#include "dkg-error.h"
#include "dkg-test-util.h"
#include "dkg-dicom.h"
#include "dkg-image.h"
#include "dkg-safetensors.h"
#include "dkg-model-file.h"
#include "reliability-util.h"
#include "dkg-gan-trainer.h"

static char *tmp;
static DkgImage *fixture_key;
static DkgImage *big_key;

static void
assert_expected_error (const RelBadFile *c, const GError *error)
{
  g_assert_error (error, DKG_ERROR, c->code);
  g_assert_nonnull (strstr (error->message, c->file));
}

/* Runs @c's output-writing operation into @out_dir/out.png; returns its error (or NULL). */
static GError *
write_from (const RelBadFile *c, const char *in, const char *out)
{
  DkgContainerOptions opts = { DKG_CONTAINER_SCHEME_CHACHA20_POLY1305, 0 };
  GError *error = NULL;

  switch (c->kind)
    {
    case REL_KIND_IMAGE:
      dkg_container_encrypt_file (in, NULL, big_key, &opts, out, &error);
      break;
    case REL_KIND_CONTAINER:
      dkg_container_decrypt_to_png_file (in, fixture_key, out, NULL, &error);
      break;
    case REL_KIND_SAFETENSORS:
    default:
      g_assert_not_reached ();
    }
  return error;
}

static void
check_loaders (const RelBadFile *c, const char *path)
{
  g_autoptr(GError) error = NULL;

  switch (c->kind)
    {
    case REL_KIND_IMAGE:
      {
        g_autoptr(DkgImage) im = dkg_image_load (path, NULL, &error);

        if (c->code < 0)
          {
            g_assert_no_error (error);
            g_assert_nonnull (im);
            return;
          }
        g_assert_null (im);
      }
      break;
    case REL_KIND_CONTAINER:
      {
        g_autoptr(DkgImage) im = dkg_container_decrypt_file (path, fixture_key, NULL, &error);

        g_assert_null (im);
      }
      break;
    case REL_KIND_SAFETENSORS:
      {
        g_autoptr(DkgSafetensors) st = dkg_safetensors_load (path, &error);
        g_autoptr(DkgSafetensors) st2 = NULL;
        g_autoptr(DkgNet) net = NULL;
        g_autoptr(GError) e2 = NULL;
        g_autoptr(GError) e3 = NULL;
        g_autoptr(GError) e4 = NULL;
        g_autoptr(GBytes) bytes = NULL;
        DkgTrainConfig config;
        char *data;
        gsize len;

        g_assert_null (st);
        /* the in-memory parser agrees */
        g_assert_true (g_file_get_contents (path, &data, &len, NULL));
        bytes = g_bytes_new_take (data, len);
        st2 = dkg_safetensors_load_bytes (bytes, c->file, &e2);
        g_assert_null (st2);
        assert_expected_error (c, e2);
        /* so do the model and checkpoint readers built on it */
        net = dkg_model_load (path, NULL, &e3);
        g_assert_null (net);
        assert_expected_error (c, e3);
        g_assert_false (dkg_checkpoint_peek_config (path, &config, NULL, NULL, &e4));
        assert_expected_error (c, e4);
      }
      break;
    default:
      g_assert_not_reached ();
    }
  assert_expected_error (c, error);
  g_test_message ("%s: %s", c->file, error->message);
}

static void
test_bad_file (gconstpointer data)
{
  const RelBadFile *c = data;
  g_autofree char *path = rel_bad_path (c->file);
  g_autofree char *dir = g_build_filename (tmp, c->file, NULL);
  g_autofree char *out = g_build_filename (dir, "out.png", NULL);
  const char *out_name[] = { "out.png" };
  g_auto(RelSnapshot) input = { 0 };

  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  rel_snapshot_take (&input, path);
  check_loaders (c, path);

  if (c->kind != REL_KIND_SAFETENSORS)
    {
      g_autoptr(GError) e1 = NULL;
      g_autoptr(GError) e2 = NULL;
      g_auto(RelSnapshot) before = { 0 };
      static const char previous[] = "a file the failed operation must not touch\n";

      g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
      /* no output yet: none afterwards */
      e1 = write_from (c, path, out);
      if (c->code < 0)
        {
          g_assert_no_error (e1);
          rel_assert_dir_holds (dir, 1, out_name);
        }
      else
        {
          assert_expected_error (c, e1);
          rel_assert_dir_holds (dir, 0, NULL);
          /* an output that exists is left as it was */
          g_assert_true (g_file_set_contents (out, previous, -1, NULL));
          rel_snapshot_take (&before, out);
          e2 = write_from (c, path, out);
          assert_expected_error (c, e2);
          rel_snapshot_assert_same (&before, out);
          rel_assert_dir_holds (dir, 1, out_name);
        }
      dkg_test_rm_rf (dir);
    }
  rel_snapshot_assert_same (&input, path);
}

/* Valid inputs are not touched either: each shipped sample is loaded, encrypted to a file and
 * decrypted again (and a DICOM file's identifying attributes listed); its bytes and mtime stay. */
static void
test_samples_untouched (void)
{
  g_autofree char *dir = dkg_test_source_path ("data/samples");
  g_autofree char *out = g_build_filename (tmp, "sample.png", NULL);
  g_autofree char *back = g_build_filename (tmp, "sample-back.png", NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  DkgContainerOptions opts = { DKG_CONTAINER_SCHEME_CHACHA20_POLY1305, 0 };
  const char *name;
  guint n = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(DkgImage) im = NULL;
      g_autoptr(DkgImage) decrypted = NULL;
      g_auto(RelSnapshot) input = { 0 };

      if (g_str_has_suffix (name, ".md"))
        continue;
      rel_snapshot_take (&input, path);
      im = dkg_image_load (path, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (dkg_container_encrypt_file (path, NULL, big_key, &opts, out, &error));
      g_assert_no_error (error);
      g_assert_true (dkg_container_decrypt_to_png_file (out, big_key, back, NULL, &error));
      g_assert_no_error (error);
      decrypted = dkg_image_load (back, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (dkg_image_equal (im, decrypted));
      if (g_str_has_suffix (name, ".dcm"))
        {
          g_auto(GStrv) ids = dkg_dicom_list_identifying (path, &error);

          g_assert_no_error (error);
        }
      rel_snapshot_assert_same (&input, path);
      n++;
    }
  g_test_message ("%u samples loaded, encrypted and decrypted; none modified", n);
  g_assert_cmpuint (n, >=, 4);
}

/* The table names every file in tests/data/bad/ (documentation aside), and only those. */
static void
test_table_is_complete (void)
{
  g_autofree char *dir = dkg_test_source_path ("tests/data/bad");
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n_files = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      gboolean known = FALSE;

      if (g_str_has_suffix (name, ".md"))
        continue;
      for (gsize i = 0; i < rel_n_bad_files; i++)
        known = known || strcmp (rel_bad_files[i].file, name) == 0;
      if (!known)
        g_error ("tests/data/bad/%s has no entry in the table of test-bad-inputs.c", name);
      n_files++;
    }
  g_assert_cmpuint (n_files, ==, rel_n_bad_files);
  g_test_message ("%u files in tests/data/bad/", n_files);
}

int
main (int argc, char **argv)
{
  g_autoptr(DkgRand) r = NULL;
  int status;

  dkg_test_init (&argc, &argv);
  /* a bounded budget, as a careful application would set: the huge claims must still be
   * refused for their size, not for this budget */
  dkg_image_set_memory_limit (1024u * 1024 * 1024);
  tmp = dkg_test_make_tmpdir ();
  fixture_key = crypto_test_fixture_key ();
  r = dkg_rand_new_seeded (8);
  big_key = crypto_test_random_key (r, 3 * 512 * 512);

  g_test_add_func ("/reliability/bad-input/table", test_table_is_complete);
  g_test_add_func ("/reliability/samples-untouched", test_samples_untouched);
  for (gsize i = 0; i < rel_n_bad_files; i++)
    {
      g_autofree char *test_path = g_strdup_printf ("/reliability/bad-input/%s",
                                                    rel_bad_files[i].file);

      g_test_add_data_func (test_path, &rel_bad_files[i], test_bad_file);
    }
  status = g_test_run ();
  dkg_image_free (fixture_key);
  dkg_image_free (big_key);
  dkg_test_rm_rf (tmp);
  g_free (tmp);
  return status;
}
