/* dkg-conv-private.h — kernels shared by dkg-conv2d.c and dkg-conv-transpose2d.c
 *
 * Direct convolution with stride 1 or 2 (dkg-conv-direct.c): the three products a
 * convolution layer needs, each as register-blocked stride-1 passes over zero-padded bands of
 * rows (stride 2 by splitting the input into its four row/column phases, or the output into
 * its four parity classes). With the weights w(o, c, ki, kj) read through strides:
 *
 *   forward    y[o, h, w] (+)= b[o] + Σ_{c,ki,kj} w(o, c, ki, kj)·x[c, S·h − P + ki, S·w − P + kj]
 *   transpose  dx[c, S·h − P + ki, S·w − P + kj] += Σ_{o} w(o, c, ki, kj) · d[o, h, w]
 *   weight     dw(o, c, ki, kj) += Σ_{h,w} d[o, h, w] · x[c, S·h − P + ki, S·w − P + kj]
 *
 * Conv2d uses them as forward / input gradient / weight gradient; ConvTranspose2d as input
 * gradient / forward / weight gradient (with the roles of its input and output exchanged).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* w(o, c, ki, kj) = w[o·s_o + c·s_c + ki·s_ki + kj·s_kj] */
typedef struct
{
  const float *w;
  gssize       s_o, s_c, s_ki, s_kj;
} DkgWeightView;

typedef struct
{
  float  *w;
  gssize  s_o, s_c, s_ki, s_kj;
} DkgWeightGradView;

/* A convolution x (C, H, W) → y (O, OH, OW), OH = (H + 2P − K)/S + 1, OW likewise. */
typedef struct
{
  int C, H, W;
  int O, K, S, P;
} DkgConvGeom;

/* Which products of a layer run on the direct kernels (the others on im2col + GEMM). */
typedef enum
{
  DKG_CONV_FORWARD   = 1 << 0,   /* the forward product of the geometry */
  DKG_CONV_TRANSPOSE = 1 << 1,   /* its adjoint */
  DKG_CONV_WEIGHT    = 1 << 2,   /* the weight gradient */
} DkgConvProduct;

/* Test hook: AUTO (the default) chooses by speed; GEMM and DIRECT force a path (DIRECT only
 * where _dkg_conv_direct_supported()), so the tests check every path on every shape. */
typedef enum
{
  DKG_CONV_PATH_AUTO,
  DKG_CONV_PATH_GEMM,
  DKG_CONV_PATH_DIRECT,
} DkgConvPath;

void     _dkg_conv_set_path                 (DkgConvPath        path);
void     _dkg_conv_set_isa                  (int                level);
gboolean _dkg_conv_direct_supported         (const DkgConvGeom *g);
gboolean _dkg_conv_use_direct               (const DkgConvGeom *g,
                                             DkgConvProduct     product);
gsize    _dkg_conv_direct_scratch_floats    (const DkgConvGeom *g);

void     _dkg_conv_direct_forward           (float               *y,
                                             gboolean             accumulate,
                                             const float         *bias,
                                             const float         *x,
                                             const DkgWeightView *w,
                                             const DkgConvGeom   *g,
                                             float               *scratch);
/* dx (C, H, W) += the adjoint of the forward applied to d (O, OH, OW) */
void     _dkg_conv_direct_transpose         (float               *dx,
                                             const float         *d,
                                             const DkgWeightView *w,
                                             const DkgConvGeom   *g,
                                             float               *scratch);
void     _dkg_conv_direct_weight_grad       (const DkgWeightGradView *dw,
                                             const float             *d,
                                             const float             *x,
                                             const DkgConvGeom       *g,
                                             float                   *scratch);

/* d[n] = row[n·S + off] for n in [lo, hi), every index inside the row (dkg-im2col.c) */
void     _dkg_gather_row                    (float       *d,
                                             const float *row,
                                             int          S,
                                             int          off,
                                             int          lo,
                                             int          hi);

/* y (OC, plane) += b[oc] on every plane: the bias of a convolution's output. */
static inline void
_dkg_conv_add_bias (float       *y,
                    const float *b,
                    int          OC,
                    gsize        plane)
{
  for (int oc = 0; oc < OC; oc++)
    {
      float *yo = y + oc * plane;

      for (gsize i = 0; i < plane; i++)
        yo[i] += b[oc];
    }
}

/* db[oc] += Σ dy[oc, :] over one image's (OC, plane) output gradient, summed in order. */
static inline void
_dkg_conv_bias_grad (float       *db,
                     const float *dy,
                     int          OC,
                     gsize        plane)
{
  for (int oc = 0; oc < OC; oc++)
    {
      const float *d = dy + oc * plane;
      float acc = 0.0f;

      for (gsize i = 0; i < plane; i++)
        acc += d[i];
      db[oc] += acc;
    }
}

G_END_DECLS
