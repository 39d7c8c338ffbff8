/* dkg-conv-private.h — kernels shared by dkg-conv2d.c and dkg-conv-transpose2d.c
 *
 * Direct stride-1 convolution (and its weight gradient) for the layers where an im2col GEMM
 * is memory-bound: few output channels (OC ≤ 4) or few input channels (C ≤ 4). The weights
 * are read through strides, so the input gradient of a convolution — a convolution of dout
 * with the flipped, transposed kernel — is the same kernel.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* w(oc, c, ki, kj) = w[oc·s_oc + c·s_c + ki·s_ki + kj·s_kj] */
typedef struct
{
  const float *w;
  gssize       s_oc, s_c, s_ki, s_kj;
} DkgWeightView;

gsize _dkg_conv_direct_scratch_floats (int C, int H, int W, int OC, int K, int P);

/* out (OC, OH, OW) = (or += when accumulate) bias + Σ_{c,ki,kj} w(oc, c, ki, kj) ·
 * inp[c, oh − P + ki, ow − P + kj]; inp (C, H, W), OH = H + 2P − K + 1, OW likewise.
 * bias may be NULL. */
void  _dkg_conv_direct_forward        (float               *out,
                                       gboolean             accumulate,
                                       const float         *bias,
                                       const float         *inp,
                                       int                  C,
                                       int                  H,
                                       int                  W,
                                       const DkgWeightView *w,
                                       int                  OC,
                                       int                  K,
                                       int                  P,
                                       float               *scratch);

/* dw (OC, C, K, K) += Σ_{oh,ow} dout[oc, oh, ow] · inp[c, oh − P + ki, ow − P + kj] */
void  _dkg_conv_direct_dw             (float               *dw,
                                       const float         *dout,
                                       const float         *inp,
                                       int                  C,
                                       int                  H,
                                       int                  W,
                                       int                  OC,
                                       int                  K,
                                       int                  P,
                                       float               *scratch);

G_END_DECLS
