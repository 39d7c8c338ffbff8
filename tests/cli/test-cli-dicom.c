/* test-cli-dicom.c — deepkeygen on DICOM files: decoding under load, whole files back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * /cli/dicom/j2k-concurrent: a JPEG 2000 file decoded by `deepkeygen info` 100 times, four
 * processes at a time; every run must succeed (issue 13: 10 of 320 failed before the decoder
 * child's memory cap was measured in the child).
 * /cli/dicom/original: encrypt a DICOM file with each scheme; `decrypt -o out.dcm` and
 * `decrypt --original` give the file back byte for byte, `-o out.png` the image.
 */
#include <string.h>
#include <sys/wait.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "../core/io/dkg-test-dicom.h"
#include "dkg-test-util.h"
#include "dkg-image.h"

#define J2K_PARALLEL 4
#define J2K_ROUNDS   25

static const char *cli;
static char *tmp;

/* A JPEG 2000 lossless DICOM file: pydicom's, or MR_small.dcm transcoded with GDCM. */
static char *
j2k_file (void)
{
  const char *pydicom = g_getenv ("DKG_PYDICOM_TEST_FILES");
  g_autofree char *sample = dkg_test_source_path ("data/samples/MR_small.dcm");
  char *path;
  g_autoptr(GError) error = NULL;

  if (pydicom != NULL && *pydicom != '\0')
    {
      path = g_build_filename (pydicom, "MR_small_jp2klossless.dcm", NULL);
      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return path;
      g_free (path);
    }
  path = g_build_filename (tmp, "mr-j2k.dcm", NULL);
  g_assert_true (dkg_test_dicom_transcode (sample, path, "1.2.840.10008.1.2.4.90", 0, &error));
  g_assert_no_error (error);
  return path;
}

static void
test_j2k_concurrent (void)
{
  g_autofree char *path = j2k_file ();
  guint n_ok = 0, n_failed = 0;

  for (guint round = 0; round < J2K_ROUNDS; round++)
    {
      GSubprocess *procs[J2K_PARALLEL];

      for (guint i = 0; i < J2K_PARALLEL; i++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(GSubprocessLauncher) launcher =
            g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                       | G_SUBPROCESS_FLAGS_STDERR_PIPE);

          /* as a user runs it: OpenBLAS starts its thread pool, whose start-up raced with the
           * decoder child's memory cap (the test environment pins it to one thread) */
          g_subprocess_launcher_unsetenv (launcher, "OPENBLAS_NUM_THREADS");
          procs[i] = g_subprocess_launcher_spawn (launcher, &error, cli, "info", path, NULL);
          g_assert_no_error (error);
        }
      for (guint i = 0; i < J2K_PARALLEL; i++)
        {
          g_autoptr(GError) error = NULL;
          g_autofree char *out = NULL;
          g_autofree char *err = NULL;

          g_assert_true (g_subprocess_communicate_utf8 (procs[i], NULL, NULL, &out, &err,
                                                        &error));
          g_assert_no_error (error);
          if (g_subprocess_get_if_exited (procs[i]) && g_subprocess_get_exit_status (procs[i]) == 0
              && strstr (out, "64×64") != NULL)
            n_ok++;
          else
            {
              n_failed++;
              g_test_message ("failed: %s%s", out, err);
            }
          g_object_unref (procs[i]);
        }
    }
  g_test_message ("%u of %u concurrent JPEG 2000 decodes succeeded", n_ok, n_ok + n_failed);
  g_assert_cmpuint (n_failed, ==, 0);
  g_assert_cmpuint (n_ok, ==, J2K_PARALLEL * J2K_ROUNDS);
}

static int
run (char **out, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  va_list ap;
  const char *a;
  int status = 0;

  g_ptr_array_add (argv, (char *) cli);
  va_start (ap, out);
  while ((a = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) a);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (tmp, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               out, &err, &status, &error));
  g_assert_no_error (error);
  g_test_message ("stderr: %s", err);
  return WIFEXITED (status) ? WEXITSTATUS (status) : 128;
}

static void
assert_same_file (const char *a, const char *b)
{
  g_autofree char *x = NULL;
  g_autofree char *y = NULL;
  gsize nx, ny;

  g_assert_true (g_file_get_contents (a, &x, &nx, NULL));
  g_assert_true (g_file_get_contents (b, &y, &ny, NULL));
  g_assert_cmpmem (x, nx, y, ny);
}

static void
test_original (void)
{
  static const char *const schemes[] = { "xor", "acm-xor", "chacha20-poly1305" };
  g_autofree char *src = dkg_test_source_path ("data/samples/CT_small.dcm");
  g_autofree char *key = g_build_filename (tmp, "key.png", NULL);
  g_autoptr(DkgImage) plain = dkg_image_load (src, NULL, NULL);
  g_autoptr(DkgImage) k = dkg_image_new (128, 128, 3, 8, FALSE, NULL);

  for (gsize i = 0; i < dkg_image_n_bytes (k); i++)
    k->data[i] = (guint8) g_test_rand_int ();
  g_assert_true (dkg_image_save_png (k, key, NULL));
  for (gsize s = 0; s < G_N_ELEMENTS (schemes); s++)
    {
      g_autofree char *c = g_strdup_printf ("%s/c-%s.png", tmp, schemes[s]);
      g_autofree char *dcm = g_strdup_printf ("%s/back-%s.dcm", tmp, schemes[s]);
      g_autofree char *bin = g_strdup_printf ("%s/back-%s.bin", tmp, schemes[s]);
      g_autofree char *png = g_strdup_printf ("%s/back-%s.png", tmp, schemes[s]);
      g_autofree char *o1 = NULL, *o2 = NULL, *o3 = NULL, *o4 = NULL, *cbytes = NULL;
      g_autoptr(DkgImage) view = NULL;
      gsize clen;

      g_assert_cmpint (run (&o1, "encrypt", "-k", key, "--scheme", schemes[s], "-o", c, src,
                            NULL), ==, 0);
      g_assert_nonnull (strstr (o1, "whole source file"));
      g_assert_true (g_file_get_contents (c, &cbytes, &clen, NULL));
      g_assert_null (memmem (cbytes, clen, "CompressedSamples^CT1", 21));  /* PatientName */
      g_assert_cmpint (run (&o2, "decrypt", "-k", key, "-o", dcm, c, NULL), ==, 0);
      assert_same_file (dcm, src);
      g_assert_cmpint (run (&o3, "decrypt", "-k", key, "--original", "-o", bin, c, NULL), ==, 0);
      assert_same_file (bin, src);
      g_assert_cmpint (run (&o4, "decrypt", "-k", key, "-o", png, c, NULL), ==, 0);
      view = dkg_image_load (png, NULL, NULL);
      g_assert_nonnull (view);
      g_assert_true (dkg_image_equal (view, plain));
    }
}

int
main (int argc, char **argv)
{
  int result;

  dkg_test_init (&argc, &argv);
  g_assert_cmpint (argc, >=, 2);
  cli = argv[1];
  tmp = dkg_test_make_tmpdir ();
  g_test_add_func ("/cli/dicom/j2k-concurrent", test_j2k_concurrent);
  g_test_add_func ("/cli/dicom/original", test_original);
  result = g_test_run ();
  dkg_test_rm_rf (tmp);
  g_free (tmp);
  return result;
}
