/* test-memory.c — peak memory of key generation (docs/SPECIFICATION.md §10; engine issue: "peak
 * memory of a 2048×2048 forward ≤ 2 GB")
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A forked child loads the shipped model (model/deepkeygen.safetensors) and a shipped seed image,
 * resets its peak-RSS counter (/proc/self/clear_refs), runs dkg_keygen_generate() at the size
 * asked and reports VmHWM (the peak resident set) through a pipe. The bound is the engine's
 * target per pixel: 2 GiB for 2048×2048 pixels, i.e. 8 GiB at 4096×4096 — the whole process,
 * model and libraries included. Time is reported, not asserted.
 *
 * Under AddressSanitizer (scripts/sanitize.sh) the same sizes run — the point there is memory
 * errors at the largest size, where index arithmetic is most likely to overflow — and the
 * bound gets the sanitizer's 256 MiB quarantine added; its shadow memory is in the figure.
 */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dkg-test-util.h"
#include "dkg-image.h"
#include "dkg-keygen.h"
#include "dkg-model-file.h"

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif
#ifndef UNDER_ASAN
#define UNDER_ASAN 0
#endif

/* The engine issue's target: 2 GB for a 2048×2048 forward; bytes per pixel. */
#define TARGET_BYTES_PER_PIXEL ((double) (2u << 30) / (2048.0 * 2048.0))
/* AddressSanitizer's default quarantine_size_mb (freed memory it keeps poisoned). */
#define ASAN_QUARANTINE_BYTES (256.0 * 1024 * 1024)

typedef struct
{
  double baseline_kib;  /* VmRSS before the call */
  double peak_kib;      /* VmHWM after it */
  double seconds;
  int    ok;
} Measure;

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

/* In the child: generates one key and fills @m. */
static void
child_measure (guint size, Measure *m)
{
  g_autofree char *model_path = dkg_test_source_path ("model/deepkeygen.safetensors");
  g_autofree char *seed_path = dkg_test_source_path ("data/samples/colin27_ch2_axial_z090_8bit.png");
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgNet) net = dkg_model_load (model_path, NULL, &error);
  g_autoptr(DkgImage) seed = NULL;
  g_autoptr(DkgImage) key = NULL;
  FILE *clear_refs;
  gint64 t0;

  g_assert_no_error (error);
  seed = dkg_image_load (seed_path, NULL, &error);
  g_assert_no_error (error);
  /* "5" resets the peak RSS to the current RSS (Linux ≥ 4.0, proc(5)) */
  clear_refs = fopen ("/proc/self/clear_refs", "w");
  g_assert_nonnull (clear_refs);
  g_assert_cmpint (fputs ("5", clear_refs), >=, 0);
  g_assert_cmpint (fclose (clear_refs), ==, 0);
  m->baseline_kib = status_kib ("VmRSS:");
  t0 = g_get_monotonic_time ();
  key = dkg_keygen_generate (net, seed, size, size, &error);
  m->seconds = (g_get_monotonic_time () - t0) / 1e6;
  g_assert_no_error (error);
  g_assert_cmpuint (key->width, ==, size);
  m->peak_kib = status_kib ("VmHWM:");
  m->ok = 1;
}

static Measure
measure (guint size)
{
  Measure m = { 0 };
  int fds[2], status;
  pid_t pid;

  g_assert_cmpint (pipe (fds), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      close (fds[0]);
      child_measure (size, &m);
      if (write (fds[1], &m, sizeof m) != sizeof m)
        _exit (1);
      _exit (0);
    }
  close (fds[1]);
  g_assert_cmpint (read (fds[0], &m, sizeof m), ==, sizeof m);
  close (fds[0]);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  g_assert_true (m.ok);
  return m;
}

static void
check_keygen (guint size)
{
  Measure m = measure (size);
  double pixels = (double) size * size;
  double bound = TARGET_BYTES_PER_PIXEL * pixels + (UNDER_ASAN ? ASAN_QUARANTINE_BYTES : 0);
  double peak = m.peak_kib * 1024;

  g_test_message ("keygen %u×%u: peak RSS %.0f MiB (%.0f MiB before the call, so %.0f MiB for "
                  "it; %.1f bytes per pixel), bound %.0f MiB%s; %.2f s",
                  size, size, peak / 1048576, m.baseline_kib / 1024,
                  (m.peak_kib - m.baseline_kib) / 1024, (peak - m.baseline_kib * 1024) / pixels,
                  bound / 1048576,
                  UNDER_ASAN ? " (AddressSanitizer build: its shadow memory and quarantine "
                               "are in the figure)" : "",
                  m.seconds);
  g_assert_cmpfloat (peak, <=, bound);
}

static void
test_keygen_2048 (void)
{
  check_keygen (2048);
}

static void
test_keygen_4096 (void)
{
  check_keygen (4096);
}

int
main (int argc, char **argv)
{
  dkg_test_init (&argc, &argv);
  g_test_add_func ("/reliability/memory/keygen-2048", test_keygen_2048);
  g_test_add_func ("/reliability/memory/keygen-4096", test_keygen_4096);
  return g_test_run ();
}
