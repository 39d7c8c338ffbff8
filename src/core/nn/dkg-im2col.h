/* dkg-im2col.h — im2col / col2im over a band of output rows (darknet's im2col_cpu, tiled)
 *
 * im (C, H, W); the convolution has kernel K, stride S, padding P and output width OW.
 * A band is the output rows [oh0, oh1); its column matrix col is (C·K·K, (oh1 − oh0)·OW),
 * row (c·K + ki)·K + kj, column (oh − oh0)·OW + ow, holding
 * im[c, oh·S − P + ki, ow·S − P + kj] (0 outside the image).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Upper bound on a column buffer (floats, 32 MiB) for the row-banded convolutions, whatever
 * the image size, unless a single output row already needs more. */
#define DKG_IM2COL_MAX_FLOATS ((gsize) 8 << 20)
/* The size a band aims at (floats, 256 KiB): it stays in L2 between im2col and the GEMM. */
#define DKG_IM2COL_BAND_FLOATS ((gsize) 64 << 10)
/* ... unless that leaves the GEMM fewer columns than this. */
#define DKG_IM2COL_MIN_COLUMNS 256

int  dkg_im2col_band_rows (gsize floats_per_row, int rows, int row_width);

void dkg_im2col (float       *col,
                 const float *im,
                 int          C,
                 int          H,
                 int          W,
                 int          K,
                 int          S,
                 int          P,
                 int          OW,
                 int          oh0,
                 int          oh1);

/* The adjoint of dkg_im2col: accumulates (+=) every entry of col into its image position. */
void dkg_col2im (float       *im,
                 const float *col,
                 int          C,
                 int          H,
                 int          W,
                 int          K,
                 int          S,
                 int          P,
                 int          OW,
                 int          oh0,
                 int          oh1);

G_END_DECLS
