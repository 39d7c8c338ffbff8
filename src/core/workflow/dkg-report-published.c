/* dkg-report-published.c — the values the DeepKeyGen paper publishes (Ding et al., "DeepKeyGen:
 * a deep learning-based stream cipher generator for medical image encryption and decryption",
 * IEEE TNNLS 2022), transcribed table by table for the report's "paper" columns
 *
 * Each row names its table. The paper's images (IDs 1…8 in every table) are not available to
 * us, so the report compares ranges by table, never image by image; the values are the
 * paper's and are quoted as such, never as measured by us.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "dkg-report-published.h"

static const DkgPublishedSeries series[] = {
  /* Table III — entropy of eight keys */
  { "III", NULL, "key entropy", 8, { 7.9807, 7.9801, 7.9808, 7.9806, 7.9790, 7.9782, 7.9791, 7.9803 } },
  /* Table IV — NPCR/UACI between keys from seeds differing in one pixel (%) */
  { "IV", NULL, "NPCR", 8, { 99.56, 99.58, 99.58, 99.56, 99.57, 99.59, 99.63, 99.59 } },
  { "IV", NULL, "UACI", 8, { 20.87, 21.45, 20.31, 23.20, 21.84, 20.36, 20.97, 22.67 } },
  /* Tables V–VII — entropy, plain → cipher (xor) */
  { "V", "CXR", "plain entropy", 8, { 7.7756, 7.5715, 7.7604, 7.7585, 7.7841, 7.8343, 7.7558, 7.6479 } },
  { "V", "CXR", "cipher entropy", 8, { 7.9985, 7.9987, 7.9987, 7.9986, 7.9986, 7.9986, 7.9986, 7.9988 } },
  { "VI", "US", "plain entropy", 8, { 7.5874, 7.3432, 7.3946, 7.3469, 7.4049, 7.4207, 7.1624, 7.4423 } },
  { "VI", "US", "cipher entropy", 8, { 7.9974, 7.9973, 7.9970, 7.9969, 7.9965, 7.9970, 7.9963, 7.9970 } },
  { "VII", "BraTS18", "plain entropy", 8, { 5.9737, 6.0054, 5.8111, 5.2625, 6.3590, 5.8324, 5.9459, 5.2428 } },
  { "VII", "BraTS18", "cipher entropy", 8, { 7.9942, 7.9948, 7.9929, 7.9934, 7.9957, 7.9935, 7.9934, 7.9931 } },
  /* Tables VIII–X — MSE and SSIM, plain vs cipher */
  { "VIII", "CXR", "MSE", 8, { 11017.56, 10032.44, 10224.44, 10295.42, 10432.93, 10770.87, 10391.61, 10139.78 } },
  { "VIII", "CXR", "SSIM", 8, { 0.0018, 0.0017, 0.0024, 0.0019, 0.0031, 0.0023, 0.0012, 0.0019 } },
  { "IX", "US", "MSE", 8, { 11720.98, 10744.93, 11968.21, 11933.00, 12628.54, 11491.53, 11135.18, 13072.60 } },
  { "IX", "US", "SSIM", 8, { 0.0061, 0.0072, 0.0040, 0.0056, 0.0047, 0.0049, 0.0026, 0.0049 } },
  { "X", "BraTS18", "MSE", 8, { 10176.00, 10694.46, 10300.70, 9455.74, 10715.22, 9287.06, 9052.20, 8701.21 } },
  { "X", "BraTS18", "SSIM", 8, { 0.0017, 0.0027, 0.0024, 0.0004, 0.0005, 0.0019, 0.0022, 0.0014 } },
  /* Tables XI–XIII — adjacent-pixel correlation, plain and cipher (*), images 1–4 */
  { "XI", "CXR", "H", 4, { 0.9636, 0.9054, 0.9421, 0.9093 } },
  { "XI", "CXR", "H*", 4, { 0.0383, 0.0280, 0.0511, 0.0395 } },
  { "XI", "CXR", "V", 4, { 0.7077, 0.9927, 0.7917, 0.8387 } },
  { "XI", "CXR", "V*", 4, { 0.2259, 0.1344, 0.1785, 0.1637 } },
  { "XI", "CXR", "D", 4, { 0.8477, 0.8105, 0.6266, 0.8407 } },
  { "XI", "CXR", "D*", 4, { 0.1158, 0.0380, 0.0453, 0.1242 } },
  { "XII", "US", "H", 4, { 0.6641, 0.8376, 0.3959, 0.2172 } },
  { "XII", "US", "H*", 4, { 0.0627, 0.0040, 0.0974, 0.0396 } },
  { "XII", "US", "V", 4, { 0.8257, 0.7377, 0.7285, 0.6056 } },
  { "XII", "US", "V*", 4, { 0.2557, 0.2938, 0.2666, 0.2612 } },
  { "XII", "US", "D", 4, { 0.3933, 0.3503, 0.6661, 0.5839 } },
  { "XII", "US", "D*", 4, { 0.0203, 0.1816, 0.0399, 0.0005 } },
  { "XIII", "BraTS18", "H", 4, { 0.8877, 0.7038, 0.9387, 0.8970 } },
  { "XIII", "BraTS18", "H*", 4, { 0.0357, 0.0724, 0.1600, 0.0600 } },
  { "XIII", "BraTS18", "V", 4, { 0.8456, 0.4053, 0.2657, 0.5725 } },
  { "XIII", "BraTS18", "V*", 4, { 0.2319, 0.2626, 0.1966, 0.2510 } },
  { "XIII", "BraTS18", "D", 4, { 0.8185, 0.7037, 0.7756, 0.8063 } },
  { "XIII", "BraTS18", "D*", 4, { 0.1059, 0.1120, 0.1130, 0.0716 } },
  /* Table XIV — two ciphertexts of one plaintext, keys from seeds differing in one pixel (%) */
  { "XIV", NULL, "NPCR", 8, { 99.63, 99.61, 99.59, 99.60, 99.59, 99.56, 99.58, 99.61 } },
  { "XIV", NULL, "UACI", 8, { 23.01, 24.37, 22.90, 22.51, 23.24, 23.12, 23.46, 22.97 } },
  /* Table XV — two decryptions of one ciphertext under those two keys (%) */
  { "XV", NULL, "NPCR", 8, { 99.71, 99.57, 99.49, 99.55, 99.64, 99.50, 99.68, 99.61 } },
  { "XV", NULL, "UACI", 8, { 23.90, 24.12, 23.57, 22.95, 24.24, 22.60, 24.07, 23.84 } },
};

/* Tables XVII (NIST p-values), XVIII (key entropy), XIX (time, s), XX (cipher entropy). */
static const DkgPublishedGenerator generators[] = {
  { "chaotic system", DKG_BASELINE_CHAOTIC, 0, 0.0504, 0.2098, 0.1316, 7.9971, 2.6178, 7.9974 },
  { "LCG", DKG_BASELINE_LCG, 0, 0.9799, 0.1966, 0, 7.9991, 0.5257, 7.9991 },
  { "Mersenne Twister", DKG_BASELINE_MT19937, 0, 0.8106, 0.1964, 0, 7.9955, 69.219, 7.9990 },
  { "RC4", DKG_BASELINE_RC4, 0, 0.6828, 0.1960, 0.0857, 7.9990, 0.0649, 7.9990 },
  { "RSA", DKG_BASELINE_RSA, 0.9998, 5.22e-88, 0, 0, 6.0314, 0.4379, 7.2034 },
  { "DeepKeyGen", -1, 0.5671, 0.9999, 0.9931, 0.0517, 7.9870, 2.0714, 7.9986 },
};

/**
 * dkg_published_find:
 * @table: the paper's table in Roman numerals, e.g. "III"
 * @dataset: (nullable): "CXR", "US" or "BraTS18" for Tables V–XIII, %NULL otherwise
 * @quantity: the row, e.g. "key entropy", "NPCR", "H*" (see #DkgPublishedSeries)
 *
 * Returns: (transfer none) (nullable): the published row, or %NULL when the paper has none
 */
const DkgPublishedSeries *
dkg_published_find (const char *table, const char *dataset, const char *quantity)
{
  g_return_val_if_fail (table != NULL && quantity != NULL, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (series); i++)
    if (strcmp (series[i].table, table) == 0 && g_strcmp0 (series[i].dataset, dataset) == 0
        && strcmp (series[i].quantity, quantity) == 0)
      return &series[i];
  return NULL;
}

/**
 * dkg_published_range:
 * @tables: the paper's tables, separated by spaces, e.g. "V VI VII" (all their datasets count)
 * @quantity: the row, e.g. "cipher entropy"
 * @min: (out): the smallest published value
 * @max: (out): the largest
 *
 * Returns: %TRUE when the paper publishes @quantity in one of @tables
 */
gboolean
dkg_published_range (const char *tables, const char *quantity, double *min, double *max)
{
  g_auto(GStrv) names = NULL;
  gboolean found = FALSE;

  g_return_val_if_fail (tables != NULL && quantity != NULL && min != NULL && max != NULL, FALSE);
  names = g_strsplit (tables, " ", -1);
  *min = INFINITY;
  *max = -INFINITY;
  for (guint i = 0; i < G_N_ELEMENTS (series); i++)
    if (g_strv_contains ((const char *const *) names, series[i].table)
        && strcmp (series[i].quantity, quantity) == 0)
      for (guint k = 0; k < series[i].n_values; k++)
        {
          *min = MIN (*min, series[i].values[k]);
          *max = MAX (*max, series[i].values[k]);
          found = TRUE;
        }
  return found;
}

/**
 * dkg_published_format_range:
 * @tables: the paper's tables, separated by spaces, e.g. "XI XII XIII"
 * @quantity: the row, e.g. "H*"
 * @decimals: decimals to print
 *
 * Returns: (transfer full): "min–max" of the published values, e.g. "7.978–7.981" for Table
 *   III's key entropy at 3 decimals, or "—" when the paper publishes none
 */
char *
dkg_published_format_range (const char *tables, const char *quantity, int decimals)
{
  double lo, hi;

  if (!dkg_published_range (tables, quantity, &lo, &hi))
    return g_strdup ("—");
  return g_strdup_printf ("%.*f–%.*f", decimals, lo, decimals, hi);
}

/**
 * dkg_published_generator:
 * @baseline: one of our baseline generators
 *
 * Returns: (transfer none) (nullable): the paper's generator of the same kind (Tables
 *   XVII–XX), or %NULL when the paper has none (ChaCha20, the OS CSPRNG)
 */
const DkgPublishedGenerator *
dkg_published_generator (DkgBaseline baseline)
{
  for (guint i = 0; i < G_N_ELEMENTS (generators); i++)
    if (generators[i].baseline == (int) baseline)
      return &generators[i];
  return NULL;
}

/** dkg_published_deepkeygen: Returns: (transfer none): DeepKeyGen's row of Tables XVII–XX */
const DkgPublishedGenerator *
dkg_published_deepkeygen (void)
{
  return &generators[G_N_ELEMENTS (generators) - 1];
}
