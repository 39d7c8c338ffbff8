/* dkg-conv-direct.c — direct stride-1 convolution and its weight gradient (hot loops)
 *
 * Shapes (one image, NCHW row-major):
 *   inp   (C, H, W)
 *   w     (OC, C, K, K) read through a DkgWeightView (strides), so flipped/transposed views work
 *   out   (OC, OH, OW)   OH = H + 2P − K + 1, OW = W + 2P − K + 1
 *   xpad  (C, R, Wp)     a band of zero-padded input rows in the scratch, R = NR + K − 1,
 *                        xpad[c, r, j] = inp[c, oh0 − P + r, j − P] (0 outside)
 *   wp    (OC/OCB)(C, K, K, OCB)  the weights packed per block of OCB output channels
 *
 * forward:  out[oc, oh, ow] = Σ_{c,ki,kj} w(oc, c, ki, kj) · xpad[c, oh − oh0 + ki, ow + kj]
 *           Register-blocked over OCB output channels × U·16 output columns: per tap, U vector
 *           loads of the input row, OCB broadcasts, OCB·U fused multiply-adds.
 * dw:       dw[oc, c, ki, kj] += Σ_{oh,ow} dout[oc, oh, ow] · xpad[c, oh − oh0 + ki, ow + kj]
 *           Register-blocked over OB output channels × the K taps kj of one (c, ki): per 16
 *           output columns, OB + K loads and OB·K fused multiply-adds; horizontal sums at the end.
 *
 * Used where im2col + GEMM is memory-bound (OC ≤ 4 or C ≤ 4, e.g. the ResNet's 7×7 input and
 * output layers, the critic and PatchGAN heads). The vector type is GCC's generic 16-float
 * vector; the micro-kernels are compiled for AVX-512, AVX2+FMA (x86-64-v3) and baseline x86-64
 * and chosen at run time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "dkg-conv-private.h"
#include "dkg-simd-private.h"

#define VL DKG_VL
#define LOADU DKG_LOADU
#define STOREU DKG_STOREU
#define XBAND_FLOATS (64 * 1024) /* target size of the padded input band: 256 KiB, in L2 */

typedef struct
{
  int OH, OW;
  int U;        /* vectors per register block along ow: 1, 2 or 4 */
  int OWr;      /* OW rounded up to a multiple of 16·U */
  int Wp;       /* padded row length, OWr + K − 1 */
  int NR;       /* output rows per band */
  int R;        /* input rows per band, NR + K − 1 */
} Plan;

static void
plan_direct (Plan *p, int C, int H, int W, int K, int P)
{
  int nr;

  p->OH = H + 2 * P - K + 1;
  p->OW = W + 2 * P - K + 1;
  p->U = p->OW >= 48 ? 4 : p->OW > 16 ? 2 : 1;
  p->OWr = (p->OW + VL * p->U - 1) / (VL * p->U) * (VL * p->U);
  p->Wp = p->OWr + K - 1;
  nr = XBAND_FLOATS / (C * p->Wp) - (K - 1);
  p->NR = CLAMP (nr, 1, MAX (p->OH, 1));
  p->R = p->NR + K - 1;
}

/**
 * _dkg_conv_direct_scratch_floats:
 *
 * Returns: scratch floats for _dkg_conv_direct_forward() and _dkg_conv_direct_dw() on this
 * shape: packed weights, one padded input band, and an output/dout band.
 */
gsize
_dkg_conv_direct_scratch_floats (int C, int H, int W, int OC, int K, int P)
{
  Plan p;

  plan_direct (&p, C, H, W, K, P);
  return (gsize) OC * C * K * K + (gsize) C * p.R * p.Wp
         + MAX ((gsize) 4 * p.OWr, (gsize) OC * p.NR * p.OWr) + VL;
}

/* xpad (C, R, Wp) ← inp rows oh0 − P … oh0 − P + nrows − 1, zero-padded */
static void
fill_band (float *xpad, const float *inp, int C, int H, int W, int P, int Wp, int R, int oh0,
           int nrows)
{
  for (int c = 0; c < C; c++)
    for (int r = 0; r < R; r++)
      {
        float *d = xpad + ((gsize) c * R + r) * Wp;
        int ih = oh0 - P + r;
        int n = MIN (W, Wp - P);

        if (r >= nrows || ih < 0 || ih >= H)
          {
            memset (d, 0, sizeof (float) * Wp);
            continue;
          }
        memset (d, 0, sizeof (float) * P);
        memcpy (d + P, inp + ((gsize) c * H + ih) * W, sizeof (float) * n);
        if (P + n < Wp)
          memset (d + P + n, 0, sizeof (float) * (Wp - P - n));
      }
}

/* wp[(c·K + ki)·K + kj][o] = w(oc0 + o, c, ki, kj), o < ocb */
static void
pack_weights (float *wp, const DkgWeightView *w, int oc0, int ocb, int C, int K)
{
  for (int c = 0; c < C; c++)
    for (int ki = 0; ki < K; ki++)
      for (int kj = 0; kj < K; kj++)
        for (int o = 0; o < ocb; o++)
          *wp++ = w->w[(oc0 + o) * w->s_oc + c * w->s_c + ki * w->s_ki + kj * w->s_kj];
}

/* ---------------------------------------------------------------------------------------------
 * The micro-kernels are compiled three times — AVX-512, AVX2+FMA (x86-64-v3), baseline — and
 * picked at run time (isa_level). In the AVX-512 build, PIN keeps a loaded vector in a register:
 * left alone, GCC folds the load into every FMA that uses it and the kernel becomes bound by
 * loads instead of FMAs. */

#define ISA_AVX512 __attribute__ ((target ("avx512f")))
#define ISA_AVX2 __attribute__ ((target ("arch=x86-64-v3")))
#define ISA_BASE
#define PIN_AVX512(v) __asm__ ("" : "+v" (v))
#define PIN_AVX2(v)
#define PIN_BASE(v)

/* 2: AVX-512, 1: AVX2 + FMA, 0: baseline x86-64 */
static int
isa_level (void)
{
  static int level = -1;

  if (level < 0)
    {
      __builtin_cpu_init ();
      if (__builtin_cpu_supports ("avx512f"))
        level = 2;
      else if (__builtin_cpu_supports ("avx2") && __builtin_cpu_supports ("fma"))
        level = 1;
      else
        level = 0;
    }
  return level;
}

/* forward micro-kernels: y (OCB, nblk·16·U) for one output row; x = xpad at that row's band
 * offset, xs = plane stride of xpad, wp = (C, K, K, OCB) */

#define DEFINE_FWD_ISA(OCB, U, ISA)                                                            \
  ISA_##ISA static void                                                                        \
  fwd_##OCB##_##U##_##ISA (float *y, int ys, const float *x, gsize xs, int Wp, const float *wp, \
                           int C, int K, int nblk)                                             \
  {                                                                                            \
    for (int blk = 0; blk < nblk; blk++)                                                       \
      {                                                                                        \
        DkgV16 acc[OCB][U];                                                                    \
        const float *xb = x + blk * VL * U;                                                    \
        const float *wc = wp;                                                                  \
                                                                                               \
        _Pragma ("GCC unroll 8") for (int o = 0; o < OCB; o++)                                 \
          _Pragma ("GCC unroll 8") for (int u = 0; u < U; u++)                                 \
            acc[o][u] = (DkgV16) { 0 };                                                        \
        for (int c = 0; c < C; c++)                                                            \
          for (int ki = 0; ki < K; ki++)                                                       \
            {                                                                                  \
              const float *xr = xb + c * xs + (gsize) ki * Wp;                                 \
                                                                                               \
              for (int kj = 0; kj < K; kj++, wc += OCB)                                        \
                {                                                                              \
                  DkgV16 xv[U];                                                                \
                                                                                               \
                  _Pragma ("GCC unroll 8") for (int u = 0; u < U; u++)                         \
                    {                                                                          \
                      xv[u] = LOADU (xr + kj + VL * u);                                        \
                      PIN_##ISA (xv[u]);                                                       \
                    }                                                                          \
                  _Pragma ("GCC unroll 8") for (int o = 0; o < OCB; o++)                       \
                    _Pragma ("GCC unroll 8") for (int u = 0; u < U; u++)                       \
                      acc[o][u] += xv[u] * wc[o];                                              \
                }                                                                              \
            }                                                                                  \
        _Pragma ("GCC unroll 8") for (int o = 0; o < OCB; o++)                                 \
          _Pragma ("GCC unroll 8") for (int u = 0; u < U; u++)                                 \
            STOREU (y + (gsize) o * ys + blk * VL * U + VL * u, acc[o][u]);                    \
      }                                                                                        \
  }

#define DEFINE_FWD(OCB, U)                                                                     \
  DEFINE_FWD_ISA (OCB, U, AVX512) DEFINE_FWD_ISA (OCB, U, AVX2) DEFINE_FWD_ISA (OCB, U, BASE)

DEFINE_FWD (1, 1)
DEFINE_FWD (1, 2)
DEFINE_FWD (1, 4)
DEFINE_FWD (2, 1)
DEFINE_FWD (2, 2)
DEFINE_FWD (2, 4)
DEFINE_FWD (3, 1)
DEFINE_FWD (3, 2)
DEFINE_FWD (3, 4)
DEFINE_FWD (4, 1)
DEFINE_FWD (4, 2)
DEFINE_FWD (4, 4)

typedef void (*FwdKernel) (float *, int, const float *, gsize, int, const float *, int, int, int);

#define FWD_TABLE(ISA)                                                                         \
  {                                                                                            \
    { fwd_1_1_##ISA, fwd_1_2_##ISA, fwd_1_4_##ISA },                                           \
    { fwd_2_1_##ISA, fwd_2_2_##ISA, fwd_2_4_##ISA },                                           \
    { fwd_3_1_##ISA, fwd_3_2_##ISA, fwd_3_4_##ISA },                                           \
    { fwd_4_1_##ISA, fwd_4_2_##ISA, fwd_4_4_##ISA },                                           \
  }

/* [isa level][OCB − 1][U = 1, 2, 4] */
static const FwdKernel fwd_kernels[3][4][3] = { FWD_TABLE (BASE), FWD_TABLE (AVX2),
                                                 FWD_TABLE (AVX512) };

/**
 * _dkg_conv_direct_forward:
 * @out: (OC, OH, OW), overwritten, or accumulated into when @accumulate
 * @bias: (nullable): (OC)
 * @inp: (C, H, W)
 * @w: view of the (OC, C, K, K) weights
 * @scratch: _dkg_conv_direct_scratch_floats() floats
 *
 * out[oc, oh, ow] (+)= bias[oc] + Σ_{c,ki,kj} w(oc, c, ki, kj)·inp[c, oh − P + ki, ow − P + kj],
 * a stride-1 zero-padded cross-correlation (PyTorch Conv2d with stride 1).
 */
void
_dkg_conv_direct_forward (float *out, gboolean accumulate, const float *bias, const float *inp,
                          int C, int H, int W, const DkgWeightView *w, int OC, int K, int P,
                          float *scratch)
{
  Plan p;
  float *wpack = scratch, *xpad, *tmp;
  int ui, isa = isa_level ();
  gsize plane, xs;

  plan_direct (&p, C, H, W, K, P);
  plane = (gsize) p.OH * p.OW;
  xs = (gsize) p.R * p.Wp;
  xpad = wpack + (gsize) OC * C * K * K;
  tmp = xpad + (gsize) C * xs;
  ui = p.U == 1 ? 0 : p.U == 2 ? 1 : 2;

  for (int oc0 = 0, off = 0; oc0 < OC; oc0 += 4)
    {
      int ocb = MIN (4, OC - oc0);

      pack_weights (wpack + off, w, oc0, ocb, C, K);
      off += ocb * C * K * K;
    }
  for (int oh0 = 0; oh0 < p.OH; oh0 += p.NR)
    {
      int nr = MIN (p.NR, p.OH - oh0);

      fill_band (xpad, inp, C, H, W, P, p.Wp, p.R, oh0, nr + K - 1);
      for (int oc0 = 0; oc0 < OC; oc0 += 4)
        {
          int ocb = MIN (4, OC - oc0);
          const float *wb = wpack + (gsize) oc0 * C * K * K;

          for (int r = 0; r < nr; r++)
            {
              fwd_kernels[isa][ocb - 1][ui] (tmp, p.OWr, xpad + (gsize) r * p.Wp, xs, p.Wp, wb,
                                             C, K, p.OWr / (VL * p.U));
              for (int o = 0; o < ocb; o++)
                {
                  float *y = out + (oc0 + o) * plane + (gsize) (oh0 + r) * p.OW;
                  const float *t = tmp + (gsize) o * p.OWr;
                  float bb = bias != NULL ? bias[oc0 + o] : 0.0f;

                  if (accumulate)
                    for (int i = 0; i < p.OW; i++)
                      y[i] += t[i] + bb;
                  else
                    for (int i = 0; i < p.OW; i++)
                      y[i] = t[i] + bb;
                }
            }
        }
    }
}

/* ---------------------------------------------------------------------------------------------
 * weight-gradient micro-kernels: for one (c, ki) and OB output channels,
 * acc[o][kj] = Σ_{r < nr} Σ_{ow < OWr} d[o, r, ow] · x[r·Wp + ow + kj];
 * d = dout band (OC, NR, OWr) at channel oc0 (ds = NR·OWr), x = xpad at (c, ki). */

#define DEFINE_DW_ISA(OB, KK, ISA)                                                             \
  ISA_##ISA static void                                                                        \
  dw_##OB##_##KK##_##ISA (float *dw, gssize dws, const float *d, gsize ds, const float *x,     \
                          int Wp, int nr, int OWr)                                             \
  {                                                                                            \
    DkgV16 acc[OB][KK];                                                                        \
                                                                                               \
    _Pragma ("GCC unroll 8") for (int o = 0; o < OB; o++)                                      \
      _Pragma ("GCC unroll 8") for (int kj = 0; kj < KK; kj++)                                 \
        acc[o][kj] = (DkgV16) { 0 };                                                           \
    for (int r = 0; r < nr; r++)                                                               \
      {                                                                                        \
        const float *xr = x + (gsize) r * Wp;                                                  \
        const float *dr = d + (gsize) r * OWr;                                                 \
                                                                                               \
        for (int i = 0; i < OWr; i += VL)                                                      \
          {                                                                                    \
            DkgV16 dv[OB];                                                                     \
                                                                                               \
            _Pragma ("GCC unroll 8") for (int o = 0; o < OB; o++)                              \
              {                                                                                \
                dv[o] = LOADU (dr + o * ds + i);                                               \
                PIN_##ISA (dv[o]);                                                             \
              }                                                                                \
            _Pragma ("GCC unroll 8") for (int kj = 0; kj < KK; kj++)                           \
              {                                                                                \
                DkgV16 xv = LOADU (xr + i + kj);                                               \
                                                                                               \
                PIN_##ISA (xv);                                                                \
                _Pragma ("GCC unroll 8") for (int o = 0; o < OB; o++)                          \
                  acc[o][kj] += dv[o] * xv;                                                    \
              }                                                                                \
          }                                                                                    \
      }                                                                                        \
    _Pragma ("GCC unroll 8") for (int o = 0; o < OB; o++)                                      \
      _Pragma ("GCC unroll 8") for (int kj = 0; kj < KK; kj++)                                 \
        {                                                                                      \
          float s = 0.0f;                                                                      \
                                                                                               \
          for (int l = 0; l < VL; l++)                                                         \
            s += acc[o][kj][l];                                                                \
          dw[o * dws + kj] += s;                                                               \
        }                                                                                      \
  }

#define DEFINE_DW(OB, KK)                                                                      \
  DEFINE_DW_ISA (OB, KK, AVX512) DEFINE_DW_ISA (OB, KK, AVX2) DEFINE_DW_ISA (OB, KK, BASE)
#define DEFINE_DW_K(KK) DEFINE_DW (1, KK) DEFINE_DW (3, KK)

DEFINE_DW_K (1)
DEFINE_DW_K (2)
DEFINE_DW_K (3)
DEFINE_DW_K (4)
DEFINE_DW_K (5)
DEFINE_DW_K (6)
DEFINE_DW_K (7)

typedef void (*DwKernel) (float *, gssize, const float *, gsize, const float *, int, int, int);

#define DW_TABLE(ISA)                                                                          \
  {                                                                                            \
    { dw_1_1_##ISA, dw_3_1_##ISA }, { dw_1_2_##ISA, dw_3_2_##ISA },                            \
    { dw_1_3_##ISA, dw_3_3_##ISA }, { dw_1_4_##ISA, dw_3_4_##ISA },                            \
    { dw_1_5_##ISA, dw_3_5_##ISA }, { dw_1_6_##ISA, dw_3_6_##ISA },                            \
    { dw_1_7_##ISA, dw_3_7_##ISA },                                                            \
  }

/* [isa level][K − 1][OB = 1, 3] */
static const DwKernel dw_kernels[3][7][2] = { DW_TABLE (BASE), DW_TABLE (AVX2),
                                               DW_TABLE (AVX512) };

/**
 * _dkg_conv_direct_dw:
 * @dw: (OC, C, K, K), accumulated into
 * @dout: (OC, OH, OW)
 * @inp: (C, H, W)
 * @scratch: _dkg_conv_direct_scratch_floats() floats
 *
 * dw[oc, c, ki, kj] += Σ_{oh,ow} dout[oc, oh, ow]·inp[c, oh − P + ki, ow − P + kj] (K ≤ 7): the
 * weight gradient of _dkg_conv_direct_forward().
 */
void
_dkg_conv_direct_dw (float *dw, const float *dout, const float *inp, int C, int H, int W, int OC,
                     int K, int P, float *scratch)
{
  Plan p;
  float *xpad, *dband;
  gsize xs, plane, ds;
  int isa = isa_level ();

  g_assert (K >= 1 && K <= 7);
  plan_direct (&p, C, H, W, K, P);
  plane = (gsize) p.OH * p.OW;
  xs = (gsize) p.R * p.Wp;
  ds = (gsize) p.NR * p.OWr;
  xpad = scratch + (gsize) OC * C * K * K;
  dband = xpad + (gsize) C * xs;

  for (int oh0 = 0; oh0 < p.OH; oh0 += p.NR)
    {
      int nr = MIN (p.NR, p.OH - oh0);

      fill_band (xpad, inp, C, H, W, P, p.Wp, p.R, oh0, nr + K - 1);
      /* dband (OC, NR, OWr) ← dout rows oh0 … oh0 + nr − 1, zero beyond OW */
      for (int oc = 0; oc < OC; oc++)
        for (int r = 0; r < nr; r++)
          {
            float *d = dband + oc * ds + (gsize) r * p.OWr;

            memcpy (d, dout + oc * plane + (gsize) (oh0 + r) * p.OW, sizeof (float) * p.OW);
            memset (d + p.OW, 0, sizeof (float) * (p.OWr - p.OW));
          }
      for (int oc0 = 0; oc0 < OC;)
        {
          int ob = OC - oc0 >= 3 ? 3 : 1;
          DwKernel kern = dw_kernels[isa][K - 1][ob == 3];

          for (int c = 0; c < C; c++)
            for (int ki = 0; ki < K; ki++)
              kern (dw + (((gsize) oc0 * C + c) * K + ki) * K, (gssize) C * K * K,
                    dband + oc0 * ds, ds, xpad + c * xs + (gsize) ki * p.Wp, p.Wp, nr, p.OWr);
          oc0 += ob;
        }
    }
}
