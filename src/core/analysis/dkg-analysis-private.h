/* dkg-analysis-private.h — sample access shared by the image metrics (not installed)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "dkg-image.h"

G_BEGIN_DECLS

/*
 * Every kernel reads an image one row and one channel at a time as "levels": unsigned integers
 * 0 … 2^bit_depth − 1. 8-bit and unsigned 16-bit samples are their own level; a signed 16-bit
 * sample v has level v + 32768 (offset binary, the bit pattern with its top bit flipped). Levels
 * are what histograms count; correlation, NPCR/UACI and MSE are invariant under the offset;
 * SSIM is not, so it subtracts _dkg_analysis_level_offset() again.
 */

gboolean  _dkg_analysis_format_ok      (const void *samples,
                                        guint       width,
                                        guint       height,
                                        guint       channels,
                                        guint       bit_depth,
                                        gboolean    is_signed);
void      _dkg_analysis_row_levels     (const void *samples,
                                        guint       width,
                                        guint       channels,
                                        guint       bit_depth,
                                        gboolean    is_signed,
                                        guint       y,
                                        guint       channel,
                                        guint16    *out);
int       _dkg_analysis_level_offset   (guint       bit_depth,
                                        gboolean    is_signed);

/* Per channel c < @channels, over all pixels of two images of one format, as exact integers
 * on levels: how many samples differ, Σ |a − b| and Σ (a − b)². */
void      _dkg_analysis_channel_diffs  (const void *a,
                                        const void *b,
                                        guint       width,
                                        guint       height,
                                        guint       channels,
                                        guint       bit_depth,
                                        gboolean    is_signed,
                                        guint64    *n_differ,
                                        guint64    *sum_abs,
                                        guint64    *sum_sq);
/* %DKG_ERROR_SHAPE ("cannot compare @what of different formats: …") unless @a and @b have the
 * same width, height, channels, bit depth and signedness. */
gboolean  _dkg_analysis_check_same_format (const DkgImage  *a,
                                           const DkgImage  *b,
                                           const char      *what,
                                           GError         **error);

G_END_DECLS
