/* dkg-blas.c — OpenBLAS start-up
 *
 * Debian 12's OpenBLAS (0.3.21, DYNAMIC_ARCH) does not know AMD Zen 4 and falls back to its
 * "Prescott" SSE3 kernels: sgemm 1024³ then runs at a fraction of the machine's speed. The
 * kernel set is chosen once, when the library is loaded, from OPENBLAS_CORETYPE. So
 * dkg_blas_init() checks which kernels were picked and, when a much faster set fits this CPU,
 * re-executes the program with OPENBLAS_CORETYPE set. A user's own OPENBLAS_CORETYPE is
 * always respected.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <cblas.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dkg-blas.h"

/* Provided by OpenBLAS (declared in its cblas.h on Debian, repeated for other builds). */
extern char *openblas_get_corename (void);
extern void  openblas_set_num_threads (int num_threads);
extern int   openblas_get_num_threads (void);

static const char *
best_coretype (void)
{
  __builtin_cpu_init ();
  if (__builtin_cpu_supports ("avx512f") && __builtin_cpu_supports ("avx512bw")
      && __builtin_cpu_supports ("avx512vl") && __builtin_cpu_supports ("avx512dq"))
    return "SkylakeX";
  if (__builtin_cpu_supports ("avx2") && __builtin_cpu_supports ("fma"))
    return "Haswell";
  return NULL;
}

static gboolean
corename_is_slow (const char *name)
{
  static const char *const slow[] = { "prescott", "core2", "nehalem", "penryn", "dunnington",
                                      "atom", "katmai", "coppermine", "northwood", "banias",
                                      "sandybridge", "opteron", "barcelona", "unknown", NULL };

  if (name == NULL)
    return TRUE;
  for (guint i = 0; slow[i] != NULL; i++)
    if (g_ascii_strcasecmp (name, slow[i]) == 0)
      return TRUE;
  return FALSE;
}

/**
 * dkg_blas_init:
 * @argv: (nullable): the program's argv, or %NULL to never re-execute
 *
 * Call first thing in main(). When OpenBLAS picked slow kernels for a CPU that supports
 * AVX2/FMA or AVX-512 and OPENBLAS_CORETYPE is unset, sets it and re-executes
 * /proc/self/exe with @argv (once; DKG_BLAS_REEXEC guards against loops). If the re-exec
 * fails the program carries on with the slow kernels. Then sets the thread count to the
 * number of available cores, unless OPENBLAS_NUM_THREADS is set.
 */
void
dkg_blas_init (char **argv)
{
  const char *best = best_coretype ();

  if (argv != NULL && best != NULL && g_getenv ("OPENBLAS_CORETYPE") == NULL
      && g_getenv ("DKG_BLAS_REEXEC") == NULL && corename_is_slow (openblas_get_corename ()))
    {
      g_setenv ("OPENBLAS_CORETYPE", best, TRUE);
      g_setenv ("DKG_BLAS_REEXEC", "1", TRUE);
      execv ("/proc/self/exe", argv);
      /* Fall through: keep running with the slow kernels. */
      g_unsetenv ("OPENBLAS_CORETYPE");
    }

  if (g_getenv ("OPENBLAS_NUM_THREADS") == NULL && g_getenv ("OMP_NUM_THREADS") == NULL)
    dkg_blas_set_threads (0);
}

/**
 * dkg_blas_set_threads:
 * @n_threads: threads for OpenBLAS; 0 or less means the number of available cores
 *
 * Sets the OpenBLAS thread count for all later calls from any thread.
 */
void
dkg_blas_set_threads (int n_threads)
{
  if (n_threads <= 0)
    n_threads = (int) g_get_num_processors ();
  openblas_set_num_threads (n_threads);
}

/**
 * dkg_blas_get_threads:
 *
 * Returns: the OpenBLAS thread count in force
 */
int
dkg_blas_get_threads (void)
{
  return openblas_get_num_threads ();
}

/**
 * dkg_blas_get_corename:
 *
 * Returns: (transfer none): the name of the OpenBLAS kernel set in use, e.g. "SkylakeX"
 */
const char *
dkg_blas_get_corename (void)
{
  return openblas_get_corename ();
}
