/* dkg-conv-transpose2d.h — ConvTranspose2d (forward and backward)
 *
 * inp (B, C, H, W), w (C, OC, K, K) — PyTorch's layout for nn.ConvTranspose2d(C, OC, K, S, P,
 * output_padding=OP) —, b (OC) or NULL, out (B, OC, OH, OW) with
 * OH = (H − 1)·S − 2P + K + OP, OW = (W − 1)·S − 2P + K + OP.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  int B, C, H, W;        /* input */
  int OC, K, S, P, OP;   /* out channels, kernel, stride, padding, output_padding */
} DkgConvTranspose2dShape;

int    dkg_conv_transpose2d_out_h          (const DkgConvTranspose2dShape *s);
int    dkg_conv_transpose2d_out_w          (const DkgConvTranspose2dShape *s);
gsize  dkg_conv_transpose2d_scratch_floats (const DkgConvTranspose2dShape *s);

void   dkg_conv_transpose2d_forward        (float                         *out,
                                            const float                   *inp,
                                            const float                   *w,
                                            const float                   *b,
                                            float                         *scratch,
                                            const DkgConvTranspose2dShape *s);

/* Accumulates (+=) into dinp, dw, db; each may be NULL when not wanted. */
void   dkg_conv_transpose2d_backward       (float                         *dinp,
                                            float                         *dw,
                                            float                         *db,
                                            const float                   *dout,
                                            const float                   *inp,
                                            const float                   *w,
                                            float                         *scratch,
                                            const DkgConvTranspose2dShape *s);

G_END_DECLS
