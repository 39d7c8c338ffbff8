/* test-keyspace.c — nominal key space (docs/SPECIFICATION.md §6.8)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "dkg-keyspace.h"
#include "dkg-test-util.h"

/* 8·256·256·3 = 1,572,864 bits; 2^1572864 = 10^(1572864·log₁₀ 2) = 10^473479.2431. */
static void
test_keyspace_nominal (void)
{
  g_autofree char *text = dkg_keyspace_describe (256, 256, 3, 8);

  g_assert_cmpuint (dkg_keyspace_nominal_bits (256, 256, 3, 8), ==, 1572864);
  g_assert_cmpuint (dkg_keyspace_nominal_bits (512, 512, 3, 8), ==, 4 * 1572864ull);
  g_assert_cmpuint (dkg_keyspace_nominal_bits (32768, 32768, 4, 16), ==, 68719476736ull);
  g_assert_cmpfloat_with_epsilon (dkg_keyspace_log10 (1572864), 1572864 * log10 (2.0), 1e-6);
  g_assert_cmpfloat (fabs (dkg_keyspace_log10 (1572864) - 473479.2431), <, 1e-4);
  g_assert_cmpstr (text, ==, "2^1572864 ≈ 10^473479.2 (nominal)");
}

/* The caveat says what the number is not. */
static void
test_keyspace_caveat (void)
{
  const char *caveat = dkg_keyspace_caveat ();

  g_assert_nonnull (strstr (caveat, "Nominal"));
  g_assert_nonnull (strstr (caveat, "deterministic function of the model weights and the seed"));
}

int
main (int argc, char **argv)
{
  dkg_test_init (&argc, &argv);

  g_test_add_func ("/core/keyspace/nominal", test_keyspace_nominal);
  g_test_add_func ("/core/keyspace/caveat", test_keyspace_caveat);

  return g_test_run ();
}
