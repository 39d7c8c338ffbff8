/* dkg-conv2d.c — Conv2d forward and backward (im2col + sgemm, darknet style)
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

/* Stride 1 with few input or output channels: the direct kernels (dkg-conv-direct.c). The
 * input gradient is then a stride-1 convolution with padding K − 1 − P ≥ 0. */
static gboolean
use_direct (const DkgConv2dShape *s)
{
  return s->S == 1 && s->K <= 7 && s->P <= s->K - 1 && (s->OC <= 4 || s->C <= 4);
}

static gsize
direct_scratch (const DkgConv2dShape *s)
{
  int OH = dkg_conv2d_out_h (s), OW = dkg_conv2d_out_w (s);

  return MAX (_dkg_conv_direct_scratch_floats (s->C, s->H, s->W, s->OC, s->K, s->P),
              _dkg_conv_direct_scratch_floats (s->OC, OH, OW, s->C, s->K, s->K - 1 - s->P));
}

/**
 * dkg_conv2d_scratch_floats:
 * @s: the shape
 *
 * Returns: floats of scratch that dkg_conv2d_forward() and dkg_conv2d_backward() need: one
 * im2col band (C·K·K, NR·OW), NR output rows chosen to keep the band in cache and never above
 * %DKG_IM2COL_MAX_FLOATS (32 MiB) unless one row needs more; or, for the direct kernels, packed
 * weights and padded bands of a few rows. Independent of B.
 */
gsize
dkg_conv2d_scratch_floats (const DkgConv2dShape *s)
{
  g_return_val_if_fail (s != NULL, 0);
  if (use_direct (s))
    return direct_scratch (s);
  return (gsize) s->C * s->K * s->K * (gsize) band_rows (s) * (gsize) dkg_conv2d_out_w (s);
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
 * Computed per band of output rows as out = w · im2col(inp) (darknet forward_convolutional_layer),
 * or, for stride 1 with C ≤ 4 or OC ≤ 4, by the direct kernel of dkg-conv-direct.c.
 */
void
dkg_conv2d_forward (float *out, const float *inp, const float *w, const float *b,
                    float *scratch, const DkgConv2dShape *s)
{
  int OH, OW, CKK, NR;
  gsize in_sz, out_sz, plane;

  g_return_if_fail (out != NULL && inp != NULL && w != NULL && scratch != NULL && s != NULL);
  OH = dkg_conv2d_out_h (s);
  OW = dkg_conv2d_out_w (s);
  CKK = s->C * s->K * s->K;
  NR = band_rows (s);
  plane = (gsize) OH * OW;
  in_sz = (gsize) s->C * s->H * s->W;
  out_sz = (gsize) s->OC * plane;

  if (use_direct (s))
    {
      DkgWeightView wv = { w, CKK, s->K * s->K, s->K, 1 };

      for (int bi = 0; bi < s->B; bi++)
        _dkg_conv_direct_forward (out + bi * out_sz, FALSE, b, inp + bi * in_sz, s->C, s->H,
                                  s->W, &wv, s->OC, s->K, s->P, scratch);
      return;
    }
  for (int bi = 0; bi < s->B; bi++)
    {
      const float *x = inp + bi * in_sz;
      float *y = out + bi * out_sz;

      for (int oh0 = 0; oh0 < OH; oh0 += NR)
        {
          int oh1 = MIN (oh0 + NR, OH);
          int N = (oh1 - oh0) * OW;

          dkg_im2col (scratch, x, s->C, s->H, s->W, s->K, s->S, s->P, OW, oh0, oh1);
          /* y[:, oh0·OW : oh1·OW] (OC, N) = w (OC, CKK) · col (CKK, N) */
          cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, s->OC, N, CKK, 1.0f, w, CKK,
                       scratch, N, 0.0f, y + (gsize) oh0 * OW, (int) plane);
        }
      if (b != NULL)
        for (int oc = 0; oc < s->OC; oc++)
          {
            float *yo = y + oc * plane;

            for (gsize i = 0; i < plane; i++)
              yo[i] += b[oc];
          }
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
 * dinp[b] += col2im(wᵀ · dout[b]). On the direct path: dw by the direct correlation kernel and
 * dinp[b] += dout[b] ⋆ w' with w'[c, oc, ki, kj] = w[oc, c, K−1−ki, K−1−kj], padding K−1−P.
 */
void
dkg_conv2d_backward (float *dinp, float *dw, float *db, const float *dout, const float *inp,
                     const float *w, float *scratch, const DkgConv2dShape *s)
{
  int OH, OW, CKK, NR;
  gsize in_sz, out_sz, plane;

  g_return_if_fail (dout != NULL && inp != NULL && w != NULL && scratch != NULL && s != NULL);
  OH = dkg_conv2d_out_h (s);
  OW = dkg_conv2d_out_w (s);
  CKK = s->C * s->K * s->K;
  NR = band_rows (s);
  plane = (gsize) OH * OW;
  in_sz = (gsize) s->C * s->H * s->W;
  out_sz = (gsize) s->OC * plane;

  for (int bi = 0; bi < s->B; bi++)
    {
      const float *x = inp + bi * in_sz;
      const float *dy = dout + bi * out_sz;

      if (db != NULL)
        for (int oc = 0; oc < s->OC; oc++)
          {
            const float *d = dy + oc * plane;
            float acc = 0.0f;

            for (gsize i = 0; i < plane; i++)
              acc += d[i];
            db[oc] += acc;
          }
      if (dw == NULL && dinp == NULL)
        continue;
      if (use_direct (s))
        {
          /* dinp = dout ⋆ w flipped in (ki, kj) with c and oc exchanged, padding K − 1 − P */
          DkgWeightView wt = { w + (s->K - 1) * s->K + (s->K - 1), s->K * s->K, CKK, -s->K, -1 };

          if (dw != NULL)
            _dkg_conv_direct_dw (dw, dy, x, s->C, s->H, s->W, s->OC, s->K, s->P, scratch);
          if (dinp != NULL)
            _dkg_conv_direct_forward (dinp + bi * in_sz, TRUE, NULL, dy, s->OC, OH, OW, &wt,
                                      s->C, s->K, s->K - 1 - s->P, scratch);
          continue;
        }
      for (int oh0 = 0; oh0 < OH; oh0 += NR)
        {
          int oh1 = MIN (oh0 + NR, OH);
          int N = (oh1 - oh0) * OW;

          if (dw != NULL)
            {
              dkg_im2col (scratch, x, s->C, s->H, s->W, s->K, s->S, s->P, OW, oh0, oh1);
              /* dw (OC, CKK) += dy[:, band] (OC, N) · colᵀ (N, CKK) */
              cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasTrans, s->OC, CKK, N, 1.0f,
                           dy + (gsize) oh0 * OW, (int) plane, scratch, N, 1.0f, dw, CKK);
            }
          if (dinp != NULL)
            {
              /* dcol (CKK, N) = wᵀ (CKK, OC) · dy[:, band] (OC, N) */
              cblas_sgemm (CblasRowMajor, CblasTrans, CblasNoTrans, CKK, N, s->OC, 1.0f, w, CKK,
                           dy + (gsize) oh0 * OW, (int) plane, 0.0f, scratch, N);
              dkg_col2im (dinp + bi * in_sz, scratch, s->C, s->H, s->W, s->K, s->S, s->P, OW,
                          oh0, oh1);
            }
        }
    }
}
