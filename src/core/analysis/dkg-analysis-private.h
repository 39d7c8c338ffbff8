/* dkg-analysis-private.h — sample access shared by the image metrics (not installed)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

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

G_END_DECLS
