/* test-regressions.c — inputs the fuzzers found, kept as tests (tests/data/bad/REGRESSIONS.md)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each file must give its GError (domain and code) naming the file, and — the point of most of
 * them — must not cost more than a bounded amount of memory: a forked child resets its peak RSS
 * (/proc/self/clear_refs), loads the file through every reader that applies, and the growth of
 * VmHWM must stay under the case's bound, as must the peak RSS of the DICOM decoder process the
 * load starts (getrusage (RUSAGE_CHILDREN)).
 */
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dkg-error.h"
#include "dkg-test-util.h"
#include "dkg-image.h"
#include "reliability-util.h"

typedef struct
{
  const char *file;
  int         code;        /* DkgError code of dkg_image_load() */
  gboolean    png_bytes;   /* also through dkg_image_load_png_bytes() */
  guint       max_mib;     /* bound on the peak RSS growth while loading */
} Regression;

static const Regression regressions[] = {
  /* iTXt chunk claiming 2013266425 bytes: libpng allocated and zeroed it (1.9 GiB peak) */
  { "regression-png-itxt-2gib.png",         DKG_ERROR_INVALID_FILE, TRUE,  64 },
  /* "DICM" without a meta header: GDCM's decoder process allocated 3.6 GB (9 s) */
  { "regression-dicom-no-meta-3gb.dcm",     DKG_ERROR_INVALID_FILE, FALSE, 64 },
  /* damaged JPEG 2000 DICOM: OpenJPEG corrupts the heap of the decoder's child process */
  { "regression-dicom-j2k-heap-damage.dcm", DKG_ERROR_INVALID_FILE, FALSE, 64 },
};

static double
status_kib (const char *field)
{
  g_autofree char *text = NULL;
  const char *line;

  g_assert_true (g_file_get_contents ("/proc/self/status", &text, NULL, NULL));
  line = strstr (text, field);
  g_assert_nonnull (line);
  return g_ascii_strtod (line + strlen (field), NULL);
}

/* In the child: loads the file through its readers; returns the peak RSS growth in KiB, of
 * this process or of a decoder process it started (DICOM), whichever is larger. */
static double
child_load (const Regression *c, const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) bytes_error = NULL;
  g_autoptr(DkgImage) im = NULL;
  FILE *clear_refs;
  double before;

  clear_refs = fopen ("/proc/self/clear_refs", "w");
  g_assert_nonnull (clear_refs);
  g_assert_cmpint (fputs ("5", clear_refs), >=, 0);
  g_assert_cmpint (fclose (clear_refs), ==, 0);
  before = status_kib ("VmRSS:");

  im = dkg_image_load (path, NULL, &error);
  g_assert_null (im);
  g_assert_error (error, DKG_ERROR, c->code);
  g_assert_nonnull (strstr (error->message, c->file));
  if (c->png_bytes)
    {
      g_autoptr(GBytes) bytes = NULL;
      char *data;
      gsize len;

      g_assert_true (g_file_get_contents (path, &data, &len, NULL));
      bytes = g_bytes_new_take (data, len);
      im = dkg_image_load_png_bytes (bytes, c->file, "deepkeygen", NULL, &bytes_error);
      g_assert_null (im);
      g_assert_error (bytes_error, DKG_ERROR, c->code);
    }
  {
    struct rusage ru;
    double own = status_kib ("VmHWM:") - before;

    /* a forked decoder starts with this process's resident pages: count what it added */
    g_assert_cmpint (getrusage (RUSAGE_CHILDREN, &ru), ==, 0);
    return MAX (own, (double) ru.ru_maxrss - before);
  }
}

static void
test_regression (gconstpointer data)
{
  const Regression *c = data;
  g_autofree char *path = rel_bad_path (c->file);
  double growth_kib = -1;
  int fds[2], status;
  pid_t pid;

  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (pipe (fds), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      double growth;

      close (fds[0]);
      growth = child_load (c, path);
      _exit (write (fds[1], &growth, sizeof growth) == sizeof growth ? 0 : 1);
    }
  close (fds[1]);
  g_assert_cmpint (read (fds[0], &growth_kib, sizeof growth_kib), ==, sizeof growth_kib);
  close (fds[0]);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  g_test_message ("%s: peak RSS grew by %.1f MiB while loading (bound %u MiB)", c->file,
                  growth_kib / 1024, c->max_mib);
  g_assert_cmpfloat (growth_kib, <=, c->max_mib * 1024.0);
}

int
main (int argc, char **argv)
{
  dkg_test_init (&argc, &argv);
  for (gsize i = 0; i < G_N_ELEMENTS (regressions); i++)
    {
      g_autofree char *test_path = g_strdup_printf ("/reliability/regression/%s",
                                                    regressions[i].file);

      g_test_add_data_func (test_path, &regressions[i], test_regression);
    }
  return g_test_run ();
}
