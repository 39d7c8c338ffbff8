/* dkg-conv2d.h — Conv2d, zero padding, optional bias (forward and backward)
 *
 * inp (B, C, H, W), w (OC, C, K, K), b (OC) or NULL, out (B, OC, OH, OW) with
 * OH = (H + 2P − K) / S + 1, OW = (W + 2P − K) / S + 1. PyTorch's nn.Conv2d(C, OC, K, S, P).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  int B, C, H, W;     /* input */
  int OC, K, S, P;    /* out channels, kernel, stride, padding */
} DkgConv2dShape;

int    dkg_conv2d_out_h          (const DkgConv2dShape *s);
int    dkg_conv2d_out_w          (const DkgConv2dShape *s);
gsize  dkg_conv2d_scratch_floats (const DkgConv2dShape *s);

/* out is overwritten. scratch holds dkg_conv2d_scratch_floats(s) floats. */
void   dkg_conv2d_forward        (float                *out,
                                  const float          *inp,
                                  const float          *w,
                                  const float          *b,
                                  float                *scratch,
                                  const DkgConv2dShape *s);

/* Accumulates (+=) into dinp, dw, db; each may be NULL when not wanted. */
void   dkg_conv2d_backward       (float                *dinp,
                                  float                *dw,
                                  float                *db,
                                  const float          *dout,
                                  const float          *inp,
                                  const float          *w,
                                  float                *scratch,
                                  const DkgConv2dShape *s);

G_END_DECLS
