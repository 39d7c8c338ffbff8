/* dkg-correlation.h — correlation of adjacent pixels (docs/SPECIFICATION.md §6.4)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "dkg-analysis-common.h"
#include "dkg-image.h"

G_BEGIN_DECLS

/**
 * DkgDirection:
 * @DKG_DIRECTION_HORIZONTAL: pairs (x, y)–(x + 1, y)
 * @DKG_DIRECTION_VERTICAL: pairs (x, y)–(x, y + 1)
 * @DKG_DIRECTION_DIAGONAL: pairs (x, y)–(x + 1, y + 1)
 * @DKG_N_DIRECTIONS: number of directions
 */
typedef enum
{
  DKG_DIRECTION_HORIZONTAL,
  DKG_DIRECTION_VERTICAL,
  DKG_DIRECTION_DIAGONAL,
  DKG_N_DIRECTIONS,
} DkgDirection;

/**
 * DkgCorrelationValue:
 * @n_pairs: pairs used
 * @defined: %FALSE when r is undefined: fewer than 2 pairs, or the first or the second
 *   pixels of the pairs all have one value (zero variance, e.g. a constant image)
 * @r: Pearson r, −1 … 1; NaN when !@defined
 */
typedef struct
{
  guint64   n_pairs;
  gboolean  defined;
  double    r;
} DkgCorrelationValue;

/**
 * DkgCorrelation:
 * @channels: channels of the image
 * @value: @value[c][d] is the correlation of channel c in direction d over all adjacent pairs
 */
typedef struct
{
  guint                channels;
  DkgCorrelationValue  value[DKG_ANALYSIS_MAX_CHANNELS][DKG_N_DIRECTIONS];
} DkgCorrelation;

/**
 * DkgCorrelationSample:
 * @direction: direction of the pairs
 * @channel: channel sampled
 * @seed: seed of the draw (#DkgRand)
 * @n_pairs: pairs drawn
 * @x: (array length=n_pairs): column of the first pixel of each pair
 * @y: (array length=n_pairs): row of the first pixel of each pair; the second pixel is
 *   its right, lower or lower-right neighbour
 * @u: (array length=n_pairs): sample value of the first pixel (signed when the image is)
 * @v: (array length=n_pairs): sample value of the second pixel
 * @value: Pearson r of the drawn pairs
 */
typedef struct
{
  DkgDirection         direction;
  guint                channel;
  guint64              seed;
  guint                n_pairs;
  guint               *x;
  guint               *y;
  gint32              *u;
  gint32              *v;
  DkgCorrelationValue  value;
} DkgCorrelationSample;

void                   dkg_correlation_compute          (const void            *samples,
                                                         guint                  width,
                                                         guint                  height,
                                                         guint                  channels,
                                                         guint                  bit_depth,
                                                         gboolean               is_signed,
                                                         DkgCorrelation        *out);
void                   dkg_correlation_compute_image    (const DkgImage        *image,
                                                         DkgCorrelation        *out);
DkgCorrelationSample  *dkg_correlation_sample           (const void            *samples,
                                                         guint                  width,
                                                         guint                  height,
                                                         guint                  channels,
                                                         guint                  bit_depth,
                                                         gboolean               is_signed,
                                                         DkgDirection           direction,
                                                         guint                  channel,
                                                         guint                  n_pairs,
                                                         guint64                seed,
                                                         GError               **error);
DkgCorrelationSample  *dkg_correlation_sample_image     (const DkgImage        *image,
                                                         DkgDirection           direction,
                                                         guint                  channel,
                                                         guint                  n_pairs,
                                                         guint64                seed,
                                                         GError               **error);
void                   dkg_correlation_sample_free      (DkgCorrelationSample  *sample);
const char            *dkg_direction_to_string          (DkgDirection           direction);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkgCorrelationSample, dkg_correlation_sample_free)

G_END_DECLS
