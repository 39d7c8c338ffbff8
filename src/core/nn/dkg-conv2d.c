/* dkg-conv2d.c — Conv2d forward and backward
 *
 * Shapes (NCHW, row-major):
 *   inp  (B, C, H, W)
 *   w    (OC, C, K, K)   = a (OC, CKK) matrix, CKK = C·K·K
 *   b    (OC) or NULL
 *   out  (B, OC, OH, OW)  OH = (H + 2P − K) / S + 1, OW likewise
 *   col  (CKK, NR·OW)     the im2col band of NR output rows, in the caller's scratch
 *
 * forward:   out[b] = w · im2col(inp[b]) + b
 * backward:  dw += dout[b] · colᵀ ;  dcol = wᵀ · dout[b] ;  dinp[b] += col2im(dcol) ;
 *            db += Σ_{b, oh, ow} dout
 *
 * Each of the three products (forward, input gradient, weight gradient) runs either as above,
 * im2col + cblas_sgemm over bands of output rows (darknet's convolutional_layer.c), or on the
 * direct kernels of dkg-conv-direct.c (stride 1 or 2, K ≤ 7): _dkg_conv_use_direct() picks the
 * faster for the shape.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <cblas.h>
#include <string.h>

#include "dkg-conv-private.h"
#include "dkg-conv2d.h"
#include "dkg-im2col.h"

/** dkg_conv2d_out_h: Returns: OH = (H + 2P − K) / S + 1 */
int
dkg_conv2d_out_h (const DkgConv2dShape *s)
{
  return (s->H + 2 * s->P - s->K) / s->S + 1;
}

/** dkg_conv2d_out_w: Returns: OW = (W + 2P − K) / S + 1 */
int
dkg_conv2d_out_w (const DkgConv2dShape *s)
{
  return (s->W + 2 * s->P - s->K) / s->S + 1;
}

static int
band_rows (const DkgConv2dShape *s)
{
  gsize ckk = (gsize) s->C * s->K * s->K;

  return dkg_im2col_band_rows (ckk * (gsize) dkg_conv2d_out_w (s), dkg_conv2d_out_h (s),
                               dkg_conv2d_out_w (s));
}

static DkgConvGeom
geom (const DkgConv2dShape *s)
{
  DkgConvGeom g = { s->C, s->H, s->W, s->OC, s->K, s->S, s->P };

  return g;
}

/**
 * dkg_conv2d_scratch_floats:
 * @s: the shape
 *
 * Returns: floats of scratch that dkg_conv2d_forward() and dkg_conv2d_backward() need: an
 * im2col band (C·K·K, NR·OW), NR output rows chosen to keep it in cache and never above
 * %DKG_IM2COL_MAX_FLOATS (32 MiB) unless one row needs more, and/or the direct kernels' packed
 * weights and bands of a few padded rows. Independent of B.
 */
gsize
dkg_conv2d_scratch_floats (const DkgConv2dShape *s)
{
  DkgConvGeom g;
  gsize n;

  g_return_val_if_fail (s != NULL, 0);
  g = geom (s);
  /* enough for either path, whichever each product takes */
  n = (gsize) s->C * s->K * s->K * (gsize) band_rows (s) * (gsize) dkg_conv2d_out_w (s);
  if (_dkg_conv_direct_supported (&g))
    n = MAX (n, _dkg_conv_direct_scratch_floats (&g));
  return MAX (n, 1);
}

/* One image by im2col + GEMM: y (OC, OH·OW) = w (OC, CKK) · col (CKK, OH·OW), band by band. */
static void
forward_gemm (float *y, const float *x, const float *w, float *col, const DkgConv2dShape *s)
{
  int OH = dkg_conv2d_out_h (s), OW = dkg_conv2d_out_w (s), NR = band_rows (s);
  int CKK = s->C * s->K * s->K;
  gsize plane = (gsize) OH * OW;

  for (int oh0 = 0; oh0 < OH; oh0 += NR)
    {
      int oh1 = MIN (oh0 + NR, OH);
      int N = (oh1 - oh0) * OW;

      dkg_im2col (col, x, s->C, s->H, s->W, s->K, s->S, s->P, OW, oh0, oh1);
      /* y[:, oh0·OW : oh1·OW] (OC, N) = w (OC, CKK) · col (CKK, N) */
      cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, s->OC, N, CKK, 1.0f, w, CKK, col,
                   N, 0.0f, y + (gsize) oh0 * OW, (int) plane);
    }
}

/* One image by im2col + GEMM: dw += dy · colᵀ (if dw), dx += col2im(wᵀ · dy) (if dx). */
static void
backward_gemm (float *dx, float *dw, const float *dy, const float *x, const float *w, float *col,
               const DkgConv2dShape *s)
{
  int OH = dkg_conv2d_out_h (s), OW = dkg_conv2d_out_w (s), NR = band_rows (s);
  int CKK = s->C * s->K * s->K;
  gsize plane = (gsize) OH * OW;

  for (int oh0 = 0; oh0 < OH; oh0 += NR)
    {
      int oh1 = MIN (oh0 + NR, OH);
      int N = (oh1 - oh0) * OW;

      if (dw != NULL)
        {
          dkg_im2col (col, x, s->C, s->H, s->W, s->K, s->S, s->P, OW, oh0, oh1);
          /* dw (OC, CKK) += dy[:, band] (OC, N) · colᵀ (N, CKK) */
          cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasTrans, s->OC, CKK, N, 1.0f,
                       dy + (gsize) oh0 * OW, (int) plane, col, N, 1.0f, dw, CKK);
        }
      if (dx != NULL)
        {
          /* dcol (CKK, N) = wᵀ (CKK, OC) · dy[:, band] (OC, N) */
          cblas_sgemm (CblasRowMajor, CblasTrans, CblasNoTrans, CKK, N, s->OC, 1.0f, w, CKK,
                       dy + (gsize) oh0 * OW, (int) plane, 0.0f, col, N);
          dkg_col2im (dx, col, s->C, s->H, s->W, s->K, s->S, s->P, OW, oh0, oh1);
        }
    }
}

/**
 * dkg_conv2d_forward:
 * @out: (out): (B, OC, OH, OW), overwritten
 * @inp: (B, C, H, W)
 * @w: (OC, C, K, K)
 * @b: (nullable): (OC)
 * @scratch: dkg_conv2d_scratch_floats() floats
 * @s: the shape
 *
 * PyTorch nn.Conv2d(C, OC, K, S, P) with zero padding:
 * out[b, oc, oh, ow] = b[oc]
 *   + Σ_{c, ki, kj} w[oc, c, ki, kj] · inp[b, c, oh·S − P + ki, ow·S − P + kj].
 * Computed per band of output rows as out = w · im2col(inp) (darknet forward_convolutional_layer)
 * or by the direct kernels (dkg-conv-direct.c), whichever is faster for the shape.
 */
void
dkg_conv2d_forward (float *out, const float *inp, const float *w, const float *b,
                    float *scratch, const DkgConv2dShape *s)
{
  DkgConvGeom g;
  gboolean direct;
  gsize in_sz, out_sz, plane;
  int CKK;

  g_return_if_fail (out != NULL && inp != NULL && w != NULL && scratch != NULL && s != NULL);
  g = geom (s);
  direct = _dkg_conv_use_direct (&g, DKG_CONV_FORWARD);
  CKK = s->C * s->K * s->K;
  plane = (gsize) dkg_conv2d_out_h (s) * dkg_conv2d_out_w (s);
  in_sz = (gsize) s->C * s->H * s->W;
  out_sz = (gsize) s->OC * plane;

  for (int bi = 0; bi < s->B; bi++)
    {
      const float *x = inp + bi * in_sz;
      float *y = out + bi * out_sz;

      if (direct)
        {
          DkgWeightView wv = { w, CKK, s->K * s->K, s->K, 1 };

          _dkg_conv_direct_forward (y, FALSE, b, x, &wv, &g, scratch);
          continue;
        }
      forward_gemm (y, x, w, scratch, s);
      if (b != NULL)
        _dkg_conv_add_bias (y, b, s->OC, plane);
    }
}

/**
 * dkg_conv2d_backward:
 * @dinp: (nullable) (inout): (B, C, H, W), accumulated into
 * @dw: (nullable) (inout): (OC, C, K, K), accumulated into
 * @db: (nullable) (inout): (OC), accumulated into
 * @dout: (B, OC, OH, OW)
 * @inp: (B, C, H, W), the forward input
 * @w: (OC, C, K, K)
 * @scratch: dkg_conv2d_scratch_floats() floats
 * @s: the shape
 *
 * The gradients of dkg_conv2d_forward() (darknet backward_convolutional_layer):
 * db[oc] += Σ dout[b, oc, :, :];  dw += dout[b] · im2col(inp[b])ᵀ;
 * dinp[b] += col2im(wᵀ · dout[b]) — each as a GEMM or by the direct kernels' weight-gradient
 * and transpose products.
 */
void
dkg_conv2d_backward (float *dinp, float *dw, float *db, const float *dout, const float *inp,
                     const float *w, float *scratch, const DkgConv2dShape *s)
{
  DkgConvGeom g;
  gboolean direct_dx, direct_dw;
  gsize in_sz, out_sz, plane;
  int CKK;

  g_return_if_fail (dout != NULL && inp != NULL && w != NULL && scratch != NULL && s != NULL);
  g = geom (s);
  direct_dx = _dkg_conv_use_direct (&g, DKG_CONV_TRANSPOSE);
  direct_dw = _dkg_conv_use_direct (&g, DKG_CONV_WEIGHT);
  CKK = s->C * s->K * s->K;
  plane = (gsize) dkg_conv2d_out_h (s) * dkg_conv2d_out_w (s);
  in_sz = (gsize) s->C * s->H * s->W;
  out_sz = (gsize) s->OC * plane;

  for (int bi = 0; bi < s->B; bi++)
    {
      const float *x = inp + bi * in_sz;
      const float *dy = dout + bi * out_sz;
      float *dx = dinp != NULL ? dinp + bi * in_sz : NULL;
      DkgWeightView wv = { w, CKK, s->K * s->K, s->K, 1 };
      DkgWeightGradView dwv = { dw, CKK, s->K * s->K, s->K, 1 };

      if (db != NULL)
        _dkg_conv_bias_grad (db, dy, s->OC, plane);
      if ((dx != NULL && !direct_dx) || (dw != NULL && !direct_dw))
        backward_gemm (direct_dx ? NULL : dx, direct_dw ? NULL : dw, dy, x, w, scratch, s);
      if (dw != NULL && direct_dw)
        _dkg_conv_direct_weight_grad (&dwv, dy, x, &g, scratch);
      if (dx != NULL && direct_dx)
        _dkg_conv_direct_transpose (dx, dy, &wv, &g, scratch);
    }
}
