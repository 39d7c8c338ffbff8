/* dkg-report-published.h — the values the DeepKeyGen paper publishes, for the report's tables
 * (Ding et al., IEEE TNNLS 2022, Tables III–XXI; docs/SPECIFICATION.md §6)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "dkg-baselines.h"

G_BEGIN_DECLS

/**
 * DkgPublishedSeries:
 * @table: the paper's table, in Roman numerals ("III", "XIV")
 * @dataset: (nullable): "CXR" (Montgomery chest X-rays), "US" (brachial-plexus ultrasound) or
 *   "BraTS18" for Tables V–XIII; %NULL for the others
 * @quantity: what the row holds, as the paper heads it: "key entropy", "NPCR", "UACI",
 *   "plain entropy", "cipher entropy", "MSE", "SSIM", "H", "H*", "V", "V*", "D", "D*"
 * @n_values: how many images (8; 4 for the correlation tables)
 * @values: (array length=n_values): the published values, in the paper's image order 1…8
 *   (percent for NPCR/UACI, bits per byte for entropy)
 *
 * One row of a published per-image table. The paper's images are not ours: compare by
 * table, not by image.
 */
typedef struct
{
  const char *table;
  const char *dataset;
  const char *quantity;
  guint       n_values;
  double      values[8];
} DkgPublishedSeries;

/**
 * DkgPublishedGenerator:
 * @name: the paper's name for the key generator
 * @baseline: our #DkgBaseline of the same kind, or -1 for DeepKeyGen itself
 * @nist_template: Table XVII, p-value of the non-overlapping template test
 * @nist_rank: Table XVII, binary matrix rank
 * @nist_universal: Table XVII, Maurer's universal test
 * @nist_excursions_variant: Table XVII, random excursions variant
 * @key_entropy: Table XVIII, key entropy (bits per byte)
 * @time_s: Table XIX, key generation time in seconds (the authors' machine)
 * @cipher_entropy: Table XX, ciphertext entropy (bits per byte)
 *
 * One generator of the paper's comparison (Tables XVII–XX).
 */
typedef struct
{
  const char *name;
  int         baseline;
  double      nist_template;
  double      nist_rank;
  double      nist_universal;
  double      nist_excursions_variant;
  double      key_entropy;
  double      time_s;
  double      cipher_entropy;
} DkgPublishedGenerator;

const DkgPublishedSeries    *dkg_published_find             (const char                  *table,
                                                             const char                  *dataset,
                                                             const char                  *quantity);
gboolean                     dkg_published_range            (const char                  *tables,
                                                             const char                  *quantity,
                                                             double                      *min,
                                                             double                      *max);
char                        *dkg_published_format_range     (const char                  *tables,
                                                             const char                  *quantity,
                                                             int                          decimals);
const DkgPublishedGenerator *dkg_published_generator        (DkgBaseline                  baseline);
const DkgPublishedGenerator *dkg_published_deepkeygen       (void);

G_END_DECLS
