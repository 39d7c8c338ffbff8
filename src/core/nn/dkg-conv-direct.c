/* dkg-conv-direct.c — direct convolution, stride 1 or 2: forward, transpose, weight gradient
 *
 * Shapes (one image, NCHW row-major), for a convolution x (C, H, W) → y (O, OH, OW):
 *   w      (O, C, K, K) read through a DkgWeightView (strides)
 *   xph    (C·S², R, Wp)  a band of the zero-padded input split into its S² phases:
 *          xph[(c·S + ry)·S + rx, m, n] = x[c, S·(oh0 + m) + ry − P, S·n + rx − P] (0 outside)
 *   wp     (C·S², ka, kb, OCB) per block of OCB output channels: plane (c, ry, rx), taps
 *          (a, b) < (ka, kb) hold w(o, c, S·a + ry, S·b + rx)
 *
 * forward:   y[o, oh, ow] = Σ_{planes} Σ_{a,b} wp · xph[plane, oh − oh0 + a, ow + b]
 *            — a stride-1 correlation of every phase plane with its sub-kernel, the sum over
 *            planes giving the stride-S convolution without im2col's K²/S² expansion.
 *            Register-blocked over OCB output channels × 16·U columns: per tap, U vector loads,
 *            OCB broadcasts, OCB·U fused multiply-adds.
 * transpose: dx[c, S·m + ry, S·n + rx] += Σ_{o,a,b} w(o, c, kr − S·a, kc − S·b) ·
 *            d[o, m + br + a, n + bc + b] for each output parity class (ry, rx): a stride-1
 *            correlation of the padded d with the class's taps (kr, kc the largest, br, bc the
 *            offsets), interleaved into dx.
 * weight:    dw(o, c, S·a + ry, S·b + rx) += Σ_{oh,ow} d[o, oh, ow] · xph[(c,ry,rx), oh − oh0 + a,
 *            ow + b] — register-blocked over OB output channels × the kb taps of one plane row:
 *            per 16 columns OB + kb loads, OB·kb fused multiply-adds; horizontal sums at the end.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "dkg-blas.h"
#include "dkg-conv-private.h"
#include "dkg-simd-private.h"

#define VL DKG_VL
#define LOADU DKG_LOADU
#define STOREU DKG_STOREU
#define XBAND_FLOATS (64 * 1024)     /* target size of a padded band: 256 KiB, in L2 */
#define XBAND_DW_FLOATS (192 * 1024) /* weight gradient, with the dout band: taller bands
                                      * amortise the final sums */
#define OCB_MAX 6                    /* output channels per register block (6 only with U = 4) */
#define MAX_WORKERS 8                /* threads one product uses at most */

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

static int isa_forced = -1;

/* 2: AVX-512, 1: AVX2 + FMA, 0: baseline x86-64 (or what _dkg_conv_set_isa() asked for, if the
 * CPU has it) */
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
  return isa_forced >= 0 ? MIN (isa_forced, level) : level;
}

/**
 * _dkg_conv_set_isa:
 * @level: −1 for the best the CPU has, or 0 (baseline x86-64), 1 (AVX2 + FMA), 2 (AVX-512)
 *
 * For the tests: runs the direct kernels' build for @level (never above what the CPU has), so
 * every build is checked on an AVX-512 machine. Not thread-safe; the library never calls it.
 */
void
_dkg_conv_set_isa (int level)
{
  isa_forced = level;
}

/* ---------------------------------------------------------------------------------------------
 * Threads: a product runs on as many threads as OpenBLAS is set to use (dkg_blas_set_threads,
 * at most MAX_WORKERS and the number of processors); the calling thread is worker 0, the
 * others come from one shared GThreadPool. Workers split whole bands (or planes), so every
 * output is computed in the same order whatever the thread count: results are bit-identical. */

typedef void (*WorkFunc) (gpointer data, int worker, int n_workers);

typedef struct
{
  WorkFunc fn;
  gpointer data;
  int      n;
  int      pending;
  GMutex   lock;
  GCond    done;
} Team;

typedef struct
{
  Team *team;
  int   index;
} TeamJob;

static void
team_job_run (gpointer job_data, gpointer user_data)
{
  TeamJob *job = job_data;
  Team *team = job->team;

  team->fn (team->data, job->index, team->n);
  g_mutex_lock (&team->lock);
  if (--team->pending == 0)
    g_cond_signal (&team->done);
  g_mutex_unlock (&team->lock);
}

/* read once: g_get_num_processors() opens and parses a sysfs file on every call, and this runs
 * several times per product (7 ms of a 150 ms GAN iteration went there) */
static int
max_workers (void)
{
  static gsize n;

  if (g_once_init_enter (&n))
    g_once_init_leave (&n, (gsize) CLAMP ((int) g_get_num_processors (), 1, MAX_WORKERS));
  return (int) n;
}

static int
n_workers (void)
{
  return CLAMP (dkg_blas_get_threads (), 1, max_workers ());
}

/* fn (data, i, n) for i = 0 … n − 1, concurrently; returns when all are done */
static void
team_run (WorkFunc fn, gpointer data, int n)
{
  static GThreadPool *pool;
  TeamJob jobs[MAX_WORKERS];
  Team team = { fn, data, n, n - 1 };

  if (n <= 1)
    {
      fn (data, 0, 1);
      return;
    }
  if (g_once_init_enter (&pool))
    g_once_init_leave (&pool, g_thread_pool_new (team_job_run, NULL, MAX_WORKERS - 1, FALSE,
                                                 NULL));
  g_mutex_init (&team.lock);
  g_cond_init (&team.done);
  for (int i = 1; i < n; i++)
    {
      jobs[i].team = &team;
      jobs[i].index = i;
      g_thread_pool_push (pool, &jobs[i], NULL);
    }
  fn (data, 0, n);
  g_mutex_lock (&team.lock);
  while (team.pending > 0)
    g_cond_wait (&team.done, &team.lock);
  g_mutex_unlock (&team.lock);
  g_mutex_clear (&team.lock);
  g_cond_clear (&team.done);
}

/* Rows per band so that the bands divide evenly among nt workers (never more than NR). */
static int
balance_rows (int rows, int NR, int nt)
{
  int nb = (rows + NR - 1) / NR;

  if (nt <= 1 || rows <= 0)
    return NR;
  nb = (nb + nt - 1) / nt * nt;
  return MAX (1, (rows + nb - 1) / nb);
}

/* forward micro-kernels: y (OCB, nblk·16·U) for one output row. x points at the row in plane 0
 * of a band (plane stride xs, row stride Wp); plane p has ka[p % pat] × kb[p % pat] taps; wp
 * holds OCB weights per tap, planes in order. */

#define DEFINE_FWD_ISA(OCB, U, ISA)                                                            \
  ISA_##ISA static void                                                                        \
  fwd_##OCB##_##U##_##ISA (float *y, int ys, const float *x, gsize xs, int Wp, const float *wp, \
                           int np, int pat, const int *ka, const int *kb, int nblk)            \
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
        for (int p = 0, q = 0; p < np; p++)                                                    \
          {                                                                                    \
            int KA = ka[q], KB = kb[q];                                                        \
                                                                                               \
            for (int a = 0; a < KA; a++)                                                       \
              {                                                                                \
                const float *xr = xb + p * xs + (gsize) a * Wp;                                \
                                                                                               \
                for (int b = 0; b < KB; b++, wc += OCB)                                        \
                  {                                                                            \
                    DkgV16 xv[U];                                                              \
                                                                                               \
                    _Pragma ("GCC unroll 8") for (int u = 0; u < U; u++)                       \
                      {                                                                        \
                        xv[u] = LOADU (xr + b + VL * u);                                       \
                        PIN_##ISA (xv[u]);                                                     \
                      }                                                                        \
                    _Pragma ("GCC unroll 8") for (int o = 0; o < OCB; o++)                     \
                      _Pragma ("GCC unroll 8") for (int u = 0; u < U; u++)                     \
                        acc[o][u] += xv[u] * wc[o];                                            \
                  }                                                                            \
              }                                                                                \
            if (++q == pat)                                                                    \
              q = 0;                                                                           \
          }                                                                                    \
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
DEFINE_FWD (6, 4)

typedef void (*FwdKernel) (float *, int, const float *, gsize, int, const float *, int, int,
                           const int *, const int *, int);

#define FWD_TABLE(ISA)                                                                         \
  {                                                                                            \
    { fwd_1_1_##ISA, fwd_1_2_##ISA, fwd_1_4_##ISA },                                           \
    { fwd_2_1_##ISA, fwd_2_2_##ISA, fwd_2_4_##ISA },                                           \
    { fwd_3_1_##ISA, fwd_3_2_##ISA, fwd_3_4_##ISA },                                           \
    { fwd_4_1_##ISA, fwd_4_2_##ISA, fwd_4_4_##ISA },                                           \
    { NULL, NULL, NULL },                                                                      \
    { NULL, NULL, fwd_6_4_##ISA },                                                             \
  }

/* [isa level][OCB − 1][U = 1, 2, 4]; block_size() picks only the existing ones */
static const FwdKernel fwd_kernels[3][OCB_MAX][3] = { FWD_TABLE (BASE), FWD_TABLE (AVX2),
                                                       FWD_TABLE (AVX512) };

/* channels in the next register block: 6 × 64 columns (24 accumulators) when the rows are
 * wide, else up to 4 */
static int
block_size (int left, int U)
{
  if (U == 4 && left >= 6)
    return 6;
  return MIN (4, left);
}

/* weight-gradient micro-kernels: for one plane row (a) and OB output channels,
 * acc[o][b] = Σ_{r < nr} Σ_{i < OWr} d[o, r, i] · x[r·Wp + i + b], added to dw[o·dws + b·kjs];
 * d = band of dout (O, NR, OWr) at channel o0 (channel stride ds), x = the plane at row a. */

/* Σ of the 16 lanes by a shuffle tree (vector adds instead of 15 dependent scalar ones) */
#define HSUM_MASK(a, b, c, d, e, f, g, h) (DkgV16i) { a, b, c, d, e, f, g, h, a + 8, b + 8, \
                                                    c + 8, d + 8, e + 8, f + 8, g + 8, h + 8 }
#define hsum(v)                                                                                \
  ({                                                                                           \
    DkgV16 h_ = (v);                                                                           \
    h_ += __builtin_shuffle (h_, (DkgV16i) { 8, 9, 10, 11, 12, 13, 14, 15,                     \
                                             0, 1, 2, 3, 4, 5, 6, 7 });                        \
    h_ += __builtin_shuffle (h_, HSUM_MASK (4, 5, 6, 7, 0, 1, 2, 3));                          \
    h_ += __builtin_shuffle (h_, HSUM_MASK (2, 3, 0, 1, 6, 7, 4, 5));                          \
    h_ += __builtin_shuffle (h_, HSUM_MASK (1, 0, 3, 2, 5, 4, 7, 6));                          \
    h_[0];                                                                                     \
  })

#define DEFINE_DW_ISA(OB, KK, ISA)                                                             \
  ISA_##ISA static void                                                                        \
  dw_##OB##_##KK##_##ISA (float *dw, gssize dws, gssize kjs, const float *d, gsize ds,         \
                          const float *x, int Wp, int nr, int OWr)                             \
  {                                                                                            \
    DkgV16 acc[OB][KK];                                                                        \
                                                                                               \
    _Pragma ("GCC unroll 12") for (int o = 0; o < OB; o++)                                     \
      _Pragma ("GCC unroll 8") for (int b = 0; b < KK; b++)                                    \
        acc[o][b] = (DkgV16) { 0 };                                                            \
    for (int r = 0; r < nr; r++)                                                               \
      {                                                                                        \
        const float *xr = x + (gsize) r * Wp;                                                  \
        const float *dr = d + (gsize) r * OWr;                                                 \
                                                                                               \
        for (int i = 0; i < OWr; i += VL)                                                      \
          {                                                                                    \
            DkgV16 dv[OB];                                                                     \
                                                                                               \
            _Pragma ("GCC unroll 12") for (int o = 0; o < OB; o++)                             \
              {                                                                                \
                dv[o] = LOADU (dr + o * ds + i);                                               \
                PIN_##ISA (dv[o]);                                                             \
              }                                                                                \
            _Pragma ("GCC unroll 8") for (int b = 0; b < KK; b++)                              \
              {                                                                                \
                DkgV16 xv = LOADU (xr + i + b);                                                \
                                                                                               \
                PIN_##ISA (xv);                                                                \
                _Pragma ("GCC unroll 12") for (int o = 0; o < OB; o++)                         \
                  acc[o][b] += dv[o] * xv;                                                     \
              }                                                                                \
          }                                                                                    \
      }                                                                                        \
    _Pragma ("GCC unroll 12") for (int o = 0; o < OB; o++)                                     \
      _Pragma ("GCC unroll 8") for (int b = 0; b < KK; b++)                                    \
        dw[o * dws + b * kjs] += hsum (acc[o][b]);                                             \
  }

#define DEFINE_DW(OB, KK)                                                                      \
  DEFINE_DW_ISA (OB, KK, AVX512) DEFINE_DW_ISA (OB, KK, AVX2) DEFINE_DW_ISA (OB, KK, BASE)

/* per tap count KK: blocks of 1, 3 and the most output channels that fit in 32 registers */
DEFINE_DW (1, 1) DEFINE_DW (3, 1) DEFINE_DW (12, 1)
DEFINE_DW (1, 2) DEFINE_DW (3, 2) DEFINE_DW (10, 2)
DEFINE_DW (1, 3) DEFINE_DW (3, 3) DEFINE_DW (7, 3)
DEFINE_DW (1, 4) DEFINE_DW (3, 4) DEFINE_DW (5, 4)
DEFINE_DW (1, 5) DEFINE_DW (3, 5) DEFINE_DW (4, 5)
DEFINE_DW (1, 6) DEFINE_DW (3, 6) DEFINE_DW (4, 6)
DEFINE_DW (1, 7) DEFINE_DW (3, 7)

typedef void (*DwKernel) (float *, gssize, gssize, const float *, gsize, const float *, int, int,
                          int);

#define DW_TABLE(ISA)                                                                          \
  {                                                                                            \
    { dw_1_1_##ISA, dw_3_1_##ISA, dw_12_1_##ISA }, { dw_1_2_##ISA, dw_3_2_##ISA, dw_10_2_##ISA }, \
    { dw_1_3_##ISA, dw_3_3_##ISA, dw_7_3_##ISA },  { dw_1_4_##ISA, dw_3_4_##ISA, dw_5_4_##ISA },  \
    { dw_1_5_##ISA, dw_3_5_##ISA, dw_4_5_##ISA },  { dw_1_6_##ISA, dw_3_6_##ISA, dw_4_6_##ISA },  \
    { dw_1_7_##ISA, dw_3_7_##ISA, dw_3_7_##ISA },                                              \
  }

/* [isa level][KK − 1][block 1, 3, big] */
static const DwKernel dw_kernels[3][7][3] = { DW_TABLE (BASE), DW_TABLE (AVX2),
                                               DW_TABLE (AVX512) };
static const int dw_big[7] = { 12, 10, 7, 5, 4, 4, 3 };

/* ---------------------------------------------------------------------------------------------
 * Plans */

static int
pick_u (int n)
{
  return n >= 48 ? 4 : n > 16 ? 2 : 1;
}

static int
round_up (int n, int m)
{
  return (n + m - 1) / m * m;
}

/* forward and weight gradient: the phase planes of x */
typedef struct
{
  int OH, OW;          /* output of the convolution */
  int np, pat;         /* planes C·S², tap pattern period S² */
  int ka[4], kb[4];    /* taps of plane p: ka[p % pat] × kb[p % pat] */
  int kamax, kbmax;
  int U, OWr, Wp, NR, R;
} PhasePlan;

/* band_floats bounds the padded band plus, when dout_rows, a band of O output rows */
static void
plan_phases (PhasePlan *pl, const DkgConvGeom *g, int band_floats, gboolean dout_rows)
{
  int S = g->S, nr;

  pl->OH = (g->H + 2 * g->P - g->K) / S + 1;
  pl->OW = (g->W + 2 * g->P - g->K) / S + 1;
  pl->pat = S * S;
  pl->np = g->C * S * S;
  for (int ry = 0; ry < S; ry++)
    for (int rx = 0; rx < S; rx++)
      {
        pl->ka[ry * S + rx] = (g->K - ry + S - 1) / S;
        pl->kb[ry * S + rx] = (g->K - rx + S - 1) / S;
      }
  pl->kamax = pl->ka[0];
  pl->kbmax = pl->kb[0];
  pl->U = pick_u (pl->OW);
  pl->OWr = round_up (pl->OW, VL * pl->U);
  pl->Wp = pl->OWr + pl->kbmax - 1;
  nr = (band_floats - pl->np * pl->Wp * (pl->kamax - 1))
       / (pl->np * pl->Wp + (dout_rows ? g->O * pl->OWr : 0));
  pl->NR = CLAMP (nr, 1, MAX (pl->OH, 1));
  pl->R = pl->NR + pl->kamax - 1;
}

/* transpose: the parity classes of dx */
typedef struct
{
  int S, ncls;
  int ka[4], kb[4];    /* taps of class (ry, rx) = ry·S + rx */
  int kr[4], kc[4];    /* its largest ki, kj */
  int br[4], bc[4];    /* d row = m + br + a, d col = n + bc + b */
  int Mr[4], Nc[4];    /* its rows and columns in dx */
  int PT, PL;          /* zero rows above, columns left of d in the band */
  int Mmax;
  int U, OWr, Wp, NR, R;
} ClassPlan;

/* taps k ∈ [0, K) with (r + P − k) divisible by S: how many, the largest, and the offset */
static void
class_taps (int r, int K, int S, int P, int *n, int *kmax, int *base)
{
  int first = (r + P) % S;

  if (first >= K)
    {
      *n = 0;
      *kmax = 0;
      *base = 0;
      return;
    }
  *n = (K - 1 - first) / S + 1;
  *kmax = first + S * (*n - 1);
  *base = (r + P - *kmax) / S;
}

/* dx is (C, Hx, Wx) = (C, H, W) of the geometry */
static void
plan_classes (ClassPlan *pl, const DkgConvGeom *g)
{
  int S = g->S, Hx = g->H, Wx = g->W;
  int extr = 0, extc = 0, nmax = 0, nr;

  pl->S = S;
  pl->ncls = S * S;
  pl->PT = pl->PL = 0;
  pl->Mmax = 0;
  for (int ry = 0; ry < S; ry++)
    for (int rx = 0; rx < S; rx++)
      {
        int q = ry * S + rx;

        class_taps (ry, g->K, S, g->P, &pl->ka[q], &pl->kr[q], &pl->br[q]);
        class_taps (rx, g->K, S, g->P, &pl->kb[q], &pl->kc[q], &pl->bc[q]);
        pl->Mr[q] = Hx > ry ? (Hx - ry + S - 1) / S : 0;
        pl->Nc[q] = Wx > rx ? (Wx - rx + S - 1) / S : 0;
        if (pl->ka[q] == 0 || pl->kb[q] == 0 || pl->Mr[q] == 0 || pl->Nc[q] == 0)
          continue;
        pl->PT = MAX (pl->PT, -pl->br[q]);
        pl->PL = MAX (pl->PL, -pl->bc[q]);
        extr = MAX (extr, pl->br[q] + pl->ka[q]);
        extc = MAX (extc, pl->bc[q] + pl->kb[q]);
        pl->Mmax = MAX (pl->Mmax, pl->Mr[q]);
        nmax = MAX (nmax, pl->Nc[q]);
      }
  pl->U = pick_u (nmax);
  pl->OWr = round_up (MAX (nmax, 1), VL * pl->U);
  pl->Wp = pl->PL + pl->OWr + extc;
  nr = XBAND_FLOATS / (g->O * pl->Wp) - (pl->PT + extr);
  pl->NR = CLAMP (nr, 1, MAX (pl->Mmax, 1));
  pl->R = pl->PT + pl->NR + extr;
}

/**
 * _dkg_conv_direct_supported:
 *
 * Returns: whether the direct kernels handle @g: stride 1 or 2, K ≤ 7, 0 ≤ P < K.
 */
gboolean
_dkg_conv_direct_supported (const DkgConvGeom *g)
{
  return (g->S == 1 || g->S == 2) && g->K >= 1 && g->K <= 7 && g->P >= 0 && g->P < g->K
         && g->H + 2 * g->P >= g->K && g->W + 2 * g->P >= g->K;
}

static DkgConvPath conv_path = DKG_CONV_PATH_AUTO;

/**
 * _dkg_conv_set_path:
 * @path: %DKG_CONV_PATH_AUTO, or a path to force
 *
 * For the tests: makes every later Conv2d / ConvTranspose2d call take @path (the direct one
 * only where supported). Not thread-safe; the library never calls it.
 */
void
_dkg_conv_set_path (DkgConvPath path)
{
  conv_path = path;
}

/**
 * _dkg_conv_use_direct:
 * @g: the convolution geometry
 * @product: which of its three products
 *
 * Returns: whether @product of @g runs on the direct kernels. Measured on the networks'
 * layers (bench/bench-layers.c): the direct kernels win whenever a layer has few channels
 * (C ≤ 4 or O ≤ 4, where im2col + GEMM is memory-bound), and for the forward and transpose
 * products whenever the rows they compute are more than 16 columns wide (one vector); the
 * weight gradient of layers with many channels is faster as a GEMM (OpenBLAS blocks the long
 * reduction over positions better than the direct kernel's register tiles).
 */
gboolean
_dkg_conv_use_direct (const DkgConvGeom *g, DkgConvProduct product)
{
  gboolean few = g->C <= 4 || g->O <= 4;
  int OW, cls_w;

  if (!_dkg_conv_direct_supported (g) || conv_path == DKG_CONV_PATH_GEMM)
    return FALSE;
  if (conv_path == DKG_CONV_PATH_DIRECT || few)
    return TRUE;
  OW = (g->W + 2 * g->P - g->K) / g->S + 1;
  cls_w = (g->W + g->S - 1) / g->S;
  switch (product)
    {
    case DKG_CONV_FORWARD:
      return OW > VL;
    case DKG_CONV_TRANSPOSE:
      return cls_w > VL;
    case DKG_CONV_WEIGHT:
    default:
      /* channel products up to 64·64 at stride 1 (R64: 3.2 vs 3.7 ms), 16·32 at stride 2,
       * where the phase split leaves small sub-kernels (PatchGAN 16→32: 0.8 vs 1.1 ms) */
      return g->C * g->O <= (g->S == 1 ? 64 * 64 : 16 * 32);
    }
}

/**
 * _dkg_conv_direct_scratch_floats:
 *
 * Returns: scratch floats for any of the three direct products on @g: packed weights, and per
 * worker thread one padded band and an output or dout band, whatever the image size (bands of
 * a few rows).
 */
gsize
_dkg_conv_direct_scratch_floats (const DkgConvGeom *g)
{
  PhasePlan pp, pw;
  ClassPlan cp;
  gsize wsz = (gsize) g->O * g->C * g->K * g->K, a, b, c;

  plan_phases (&pp, g, XBAND_FLOATS, FALSE);
  plan_phases (&pw, g, XBAND_DW_FLOATS, TRUE);
  plan_classes (&cp, g);
  /* shared packed weights, then one region per worker */
  a = (gsize) pp.np * pp.R * pp.Wp + (gsize) OCB_MAX * pp.OWr;
  b = (gsize) g->O * cp.R * cp.Wp + (gsize) 2 * OCB_MAX * cp.OWr;
  c = (gsize) pw.np * pw.R * pw.Wp + (gsize) g->O * pw.NR * pw.OWr;
  return wsz + (gsize) max_workers () * (MAX (MAX (a, b), c) + VL);
}

/* ---------------------------------------------------------------------------------------------
 * Bands */

/* d_rx[n] = row[2n + rx − P] for rx = 0, 1 and n < Wp, 0 outside the row (0 ≤ P ≤ 6) */
DKG_HOT static void
deinterleave_row (float *d0, float *d1, const float *row, int W, int P, int Wp)
{
  const DkgV16i even = { 0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30 };
  const DkgV16i odd = { 1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31 };
  int n = 0;

  /* scalar until 2n − P ≥ 0, vectors while 2n − P + 31 < W, scalar to the end */
  for (; n < Wp && 2 * n - P < 0; n++)
    {
      int e = 2 * n - P;

      d0[n] = 0.0f;
      d1[n] = e + 1 >= 0 && e + 1 < W ? row[e + 1] : 0.0f;
    }
  for (; n + VL <= Wp && 2 * n - P + 2 * VL - 1 < W; n += VL)
    {
      const float *p = row + 2 * n - P;
      DkgV16 a = LOADU (p), b = LOADU (p + VL);

      STOREU (d0 + n, __builtin_shuffle (a, b, even));
      STOREU (d1 + n, __builtin_shuffle (a, b, odd));
    }
  for (; n < Wp; n++)
    {
      int e = 2 * n - P;

      d0[n] = e < W ? row[e] : 0.0f;
      d1[n] = e + 1 < W ? row[e + 1] : 0.0f;
    }
}

/* xph ← the phase planes of x for output rows oh0 … (zero-padded) */
static void
fill_phases (float *xph, const float *x, const DkgConvGeom *g, const PhasePlan *pl, int oh0)
{
  int S = g->S;
  gsize ps = (gsize) pl->R * pl->Wp;

  if (S == 2)
    {
      for (int c = 0; c < g->C; c++)
        for (int ry = 0; ry < 2; ry++)
          {
            float *p0 = xph + (gsize) (c * 4 + ry * 2) * ps;

            for (int r = 0; r < pl->R; r++)
              {
                float *d0 = p0 + (gsize) r * pl->Wp, *d1 = d0 + ps;
                int ih = 2 * (oh0 + r) + ry - g->P;

                if (ih < 0 || ih >= g->H)
                  {
                    memset (d0, 0, sizeof (float) * pl->Wp);
                    memset (d1, 0, sizeof (float) * pl->Wp);
                    continue;
                  }
                deinterleave_row (d0, d1, x + ((gsize) c * g->H + ih) * g->W, g->W, g->P, pl->Wp);
              }
          }
      return;
    }
  for (int c = 0; c < g->C; c++)
    {
      float *plane = xph + (gsize) c * ps;
      int n = MIN (g->W, pl->Wp - g->P);

      for (int r = 0; r < pl->R; r++)
        {
          float *d = plane + (gsize) r * pl->Wp;
          int ih = oh0 + r - g->P;

          if (ih < 0 || ih >= g->H)
            {
              memset (d, 0, sizeof (float) * pl->Wp);
              continue;
            }
          memset (d, 0, sizeof (float) * g->P);
          memcpy (d + g->P, x + ((gsize) c * g->H + ih) * g->W, sizeof (float) * n);
          memset (d + g->P + n, 0, sizeof (float) * (pl->Wp - g->P - n));
        }
    }
}

/* dst[2n] += t0[n] (n < n0), dst[2n + 1] += t1[n] (n < n1), t1 may be NULL */
DKG_HOT static void
interleave_add (float *dst, const float *t0, int n0, const float *t1, int n1)
{
  const DkgV16i lo = { 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23 };
  const DkgV16i hi = { 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31 };
  int n = 0;

  if (t1 != NULL)
    for (; n + VL <= MIN (n0, n1); n += VL)
      {
        DkgV16 a = LOADU (t0 + n), b = LOADU (t1 + n);
        float *p = dst + 2 * n;

        STOREU (p, LOADU (p) + __builtin_shuffle (a, b, lo));
        STOREU (p + VL, LOADU (p + VL) + __builtin_shuffle (a, b, hi));
      }
  for (int k = n; k < n0; k++)
    dst[2 * k] += t0[k];
  if (t1 != NULL)
    for (int k = n; k < n1; k++)
      dst[2 * k + 1] += t1[k];
}

static inline float
wv_at (const DkgWeightView *w, int o, int c, int ki, int kj)
{
  return w->w[o * w->s_o + c * w->s_c + ki * w->s_ki + kj * w->s_kj];
}

/* ---------------------------------------------------------------------------------------------
 * forward */

typedef struct
{
  float             *y;
  gboolean           accumulate;
  const float       *bias;
  const float       *x;
  const DkgConvGeom *g;
  const PhasePlan   *pl;
  const float       *wpack;
  float             *work;        /* per-worker regions of `per` floats */
  gsize              per;
} FwdJob;

static void
forward_work (gpointer data, int wi, int nt)
{
  const FwdJob *j = data;
  const PhasePlan *pl = j->pl;
  const DkgConvGeom *g = j->g;
  gsize taps = (gsize) g->C * g->K * g->K, plane = (gsize) pl->OH * pl->OW;
  gsize xs = (gsize) pl->R * pl->Wp;
  float *xph = j->work + (gsize) wi * j->per, *tmp = xph + (gsize) pl->np * xs;
  int ui = pl->U == 1 ? 0 : pl->U == 2 ? 1 : 2, isa = isa_level ();

  for (int oh0 = wi * pl->NR; oh0 < pl->OH; oh0 += nt * pl->NR)
    {
      int nr = MIN (pl->NR, pl->OH - oh0);

      fill_phases (xph, j->x, g, pl, oh0);
      for (int o0 = 0, ocb; o0 < g->O; o0 += ocb)
        {
          const float *wb = j->wpack + (gsize) o0 * taps;

          ocb = block_size (g->O - o0, pl->U);
          for (int r = 0; r < nr; r++)
            {
              fwd_kernels[isa][ocb - 1][ui] (tmp, pl->OWr, xph + (gsize) r * pl->Wp, xs, pl->Wp,
                                             wb, pl->np, pl->pat, pl->ka, pl->kb,
                                             pl->OWr / (VL * pl->U));
              for (int o = 0; o < ocb; o++)
                {
                  float *yr = j->y + (o0 + o) * plane + (gsize) (oh0 + r) * pl->OW;
                  const float *tr = tmp + (gsize) o * pl->OWr;
                  float bb = j->bias != NULL ? j->bias[o0 + o] : 0.0f;

                  if (j->accumulate)
                    for (int i = 0; i < pl->OW; i++)
                      yr[i] += tr[i] + bb;
                  else
                    for (int i = 0; i < pl->OW; i++)
                      yr[i] = tr[i] + bb;
                }
            }
        }
    }
}

/**
 * _dkg_conv_direct_forward:
 * @y: (O, OH, OW), overwritten, or accumulated into when @accumulate
 * @bias: (nullable): (O)
 * @x: (C, H, W)
 * @w: view of the (O, C, K, K) weights
 * @scratch: _dkg_conv_direct_scratch_floats() floats
 *
 * y[o, oh, ow] (+)= bias[o] + Σ_{c,ki,kj} w(o, c, ki, kj)·x[c, S·oh − P + ki, S·ow − P + kj],
 * the zero-padded cross-correlation of PyTorch's Conv2d.
 */
void
_dkg_conv_direct_forward (float *y, gboolean accumulate, const float *bias, const float *x,
                          const DkgWeightView *w, const DkgConvGeom *g, float *scratch)
{
  PhasePlan pl;
  gsize taps = (gsize) g->C * g->K * g->K;
  float *wcur = scratch;
  int S = g->S, nt = n_workers ();
  FwdJob job = { y, accumulate, bias, x, g, &pl, scratch, NULL, 0 };

  plan_phases (&pl, g, XBAND_FLOATS, FALSE);
  pl.NR = balance_rows (pl.OH, pl.NR, nt);
  pl.R = pl.NR + pl.kamax - 1;
  job.work = scratch + (gsize) g->O * taps;
  job.per = (_dkg_conv_direct_scratch_floats (g) - (gsize) g->O * taps) / max_workers ();

  /* pack: block of ocb channels, then plane, tap, channel */
  for (int o0 = 0, ocb; o0 < g->O; o0 += ocb)
    {
      ocb = block_size (g->O - o0, pl.U);
      for (int c = 0; c < g->C; c++)
        for (int ry = 0; ry < S; ry++)
          for (int rx = 0; rx < S; rx++)
            for (int a = 0; a < pl.ka[ry * S + rx]; a++)
              for (int b = 0; b < pl.kb[ry * S + rx]; b++)
                for (int o = 0; o < ocb; o++)
                  *wcur++ = wv_at (w, o0 + o, c, S * a + ry, S * b + rx);
    }
  team_run (forward_work, &job, MIN (nt, (pl.OH + pl.NR - 1) / pl.NR));
}

/* ---------------------------------------------------------------------------------------------
 * transpose */

typedef struct
{
  float             *dx;
  const float       *d;
  const DkgConvGeom *g;
  const ClassPlan   *pl;
  const float       *wpack;
  const gsize       *cls_off;
  float             *work;
  gsize              per;
} TransposeJob;

static void
transpose_work (gpointer data, int wi, int nt)
{
  const TransposeJob *j = data;
  const ClassPlan *pl = j->pl;
  const DkgConvGeom *g = j->g;
  const float *d = j->d, *wpack = j->wpack;
  const gsize *cls_off = j->cls_off;
  float *dx = j->dx;
  int OH = (g->H + 2 * g->P - g->K) / g->S + 1, OW = (g->W + 2 * g->P - g->K) / g->S + 1;
  int ui = pl->U == 1 ? 0 : pl->U == 2 ? 1 : 2, isa = isa_level (), S = g->S;
  int Hx = g->H, Wx = g->W;
  gsize xs = (gsize) pl->R * pl->Wp;
  float *dpad = j->work + (gsize) wi * j->per, *tmp = dpad + (gsize) g->O * xs;

  for (int m0 = wi * pl->NR; m0 < pl->Mmax; m0 += nt * pl->NR)
    {
      /* dpad[o, r, j] = d[o, m0 − PT + r, j − PL] */
      for (int o = 0; o < g->O; o++)
        for (int r = 0; r < pl->R; r++)
          {
            float *dst = dpad + (gsize) o * xs + (gsize) r * pl->Wp;
            int h = m0 - pl->PT + r;
            int n = MIN (OW, pl->Wp - pl->PL);

            if (h < 0 || h >= OH)
              {
                memset (dst, 0, sizeof (float) * pl->Wp);
                continue;
              }
            memset (dst, 0, sizeof (float) * pl->PL);
            memcpy (dst + pl->PL, d + ((gsize) o * OH + h) * OW, sizeof (float) * n);
            memset (dst + pl->PL + n, 0, sizeof (float) * (pl->Wp - pl->PL - n));
          }
      /* the classes of one row parity together, so S = 2 interleaves both column classes in
       * one pass */
      for (int ry = 0; ry < S; ry++)
        for (int c0 = 0, ocb; c0 < g->C; c0 += ocb)
          {
            ocb = block_size (g->C - c0, pl->U);
            for (int r = 0; r < pl->NR && m0 + r < pl->Mr[ry * S]; r++)
              {
                const float *t[2] = { NULL, NULL };

                for (int rx = 0; rx < S; rx++)
                  {
                    int q = ry * S + rx;
                    const float *wb, *xr;

                    if (pl->ka[q] == 0 || pl->kb[q] == 0 || pl->Nc[q] == 0)
                      continue;
                    wb = wpack + cls_off[q] + (gsize) c0 * g->O * pl->ka[q] * pl->kb[q];
                    xr = dpad + (gsize) (r + pl->br[q] + pl->PT) * pl->Wp + (pl->bc[q] + pl->PL);
                    t[rx] = tmp + (gsize) rx * OCB_MAX * pl->OWr;
                    fwd_kernels[isa][ocb - 1][ui] ((float *) t[rx], pl->OWr, xr, xs, pl->Wp, wb,
                                                   g->O, 1, &pl->ka[q], &pl->kb[q],
                                                   pl->OWr / (VL * pl->U));
                  }
                for (int cc = 0; cc < ocb; cc++)
                  {
                    float *dst = dx + ((gsize) (c0 + cc) * Hx + S * (m0 + r) + ry) * Wx;
                    gsize off = (gsize) cc * pl->OWr;

                    if (S == 1)
                      {
                        if (t[0] != NULL)
                          for (int n = 0; n < pl->Nc[0]; n++)
                            dst[n] += t[0][off + n];
                      }
                    else if (t[0] != NULL)
                      interleave_add (dst, t[0] + off, pl->Nc[ry * 2],
                                      t[1] != NULL ? t[1] + off : NULL, pl->Nc[ry * 2 + 1]);
                    else if (t[1] != NULL)
                      for (int n = 0; n < pl->Nc[ry * 2 + 1]; n++)
                        dst[2 * n + 1] += t[1][off + n];
                  }
              }
          }
    }
}

/**
 * _dkg_conv_direct_transpose:
 * @dx: (C, H, W), accumulated into
 * @d: (O, OH, OW)
 * @w: view of the (O, C, K, K) weights
 * @scratch: _dkg_conv_direct_scratch_floats() floats
 *
 * dx[c, S·oh − P + ki, S·ow − P + kj] += w(o, c, ki, kj)·d[o, oh, ow] for every position inside
 * dx: the adjoint of _dkg_conv_direct_forward() (the input gradient of Conv2d, the forward
 * pass of ConvTranspose2d, whose output padding rows are the positions no tap reaches from
 * inside the image or only some do).
 */
void
_dkg_conv_direct_transpose (float *dx, const float *d, const DkgWeightView *w,
                            const DkgConvGeom *g, float *scratch)
{
  ClassPlan pl;
  int S = g->S, nt = n_workers (), nr;
  gsize cls_off[4], wsz = (gsize) g->O * g->C * g->K * g->K;
  float *wpack = scratch, *wcur = scratch;
  TransposeJob job = { dx, d, g, &pl, wpack, cls_off, scratch + wsz, 0 };

  plan_classes (&pl, g);
  nr = balance_rows (pl.Mmax, pl.NR, nt);
  pl.R -= pl.NR - nr;
  pl.NR = nr;
  job.per = (_dkg_conv_direct_scratch_floats (g) - wsz) / max_workers ();

  /* pack per class: block of ocb dx channels, then d channel, tap, channel */
  for (int q = 0; q < pl.ncls; q++)
    {
      cls_off[q] = (gsize) (wcur - wpack);
      for (int c0 = 0, ocb; c0 < g->C; c0 += ocb)
        {
          ocb = block_size (g->C - c0, pl.U);
          for (int o = 0; o < g->O; o++)
            for (int a = 0; a < pl.ka[q]; a++)
              for (int b = 0; b < pl.kb[q]; b++)
                for (int cc = 0; cc < ocb; cc++)
                  *wcur++ = wv_at (w, o, c0 + cc, pl.kr[q] - S * a, pl.kc[q] - S * b);
        }
    }
  team_run (transpose_work, &job, MIN (nt, MAX (1, (pl.Mmax + pl.NR - 1) / pl.NR)));
}

/* ---------------------------------------------------------------------------------------------
 * weight gradient */

typedef struct
{
  const DkgWeightGradView *dw;
  const float             *d, *x;
  const DkgConvGeom       *g;
  const PhasePlan         *pl;
  float                   *work;
  gsize                    per;
} WeightJob;

/* Worker wi computes the input channels c ≡ wi (mod nt), all their phases: disjoint entries
 * of dw. */
static void
weight_work (gpointer data, int wi, int nt)
{
  const WeightJob *j = data;
  const PhasePlan *pl = j->pl;
  const DkgConvGeom *g = j->g;
  const DkgWeightGradView *dw = j->dw;
  int isa = isa_level (), S = g->S;
  gsize xs = (gsize) pl->R * pl->Wp, plane = (gsize) pl->OH * pl->OW;
  gsize ds = (gsize) pl->NR * pl->OWr;
  float *xph = j->work + (gsize) wi * j->per, *dband = xph + (gsize) pl->np * xs;

  for (int oh0 = 0; oh0 < pl->OH; oh0 += pl->NR)
    {
      int nr = MIN (pl->NR, pl->OH - oh0);

      fill_phases (xph, j->x, g, pl, oh0);
      /* dband (O, NR, OWr) ← d rows oh0 … oh0 + nr − 1, zero beyond OW */
      for (int o = 0; o < g->O; o++)
        for (int r = 0; r < nr; r++)
          {
            float *dr = dband + o * ds + (gsize) r * pl->OWr;

            memcpy (dr, j->d + o * plane + (gsize) (oh0 + r) * pl->OW, sizeof (float) * pl->OW);
            memset (dr + pl->OW, 0, sizeof (float) * (pl->OWr - pl->OW));
          }
      for (int p = 0; p < pl->np; p++)
        {
          int q = p % pl->pat, c = p / pl->pat, ry = q / S, rx = q % S, kk = pl->kb[q];

          if (kk == 0 || c % nt != wi)
            continue;
          for (int o0 = 0; o0 < g->O;)
            {
              int left = g->O - o0, sel, ob;

              if (left >= dw_big[kk - 1])
                {
                  sel = 2;
                  ob = dw_big[kk - 1];
                }
              else if (left >= 3)
                {
                  sel = 1;
                  ob = 3;
                }
              else
                {
                  sel = 0;
                  ob = 1;
                }
              for (int a = 0; a < pl->ka[q]; a++)
                dw_kernels[isa][kk - 1][sel] (dw->w + o0 * dw->s_o + c * dw->s_c
                                                + (S * a + ry) * dw->s_ki + rx * dw->s_kj,
                                              dw->s_o, S * dw->s_kj, dband + o0 * ds, ds,
                                              xph + p * xs + (gsize) a * pl->Wp, pl->Wp, nr,
                                              pl->OWr);
              o0 += ob;
            }
        }
    }
}

/**
 * _dkg_conv_direct_weight_grad:
 * @dw: view of the (O, C, K, K) weight gradient, accumulated into
 * @d: (O, OH, OW), the gradient of the forward's output
 * @x: (C, H, W), the forward's input
 * @scratch: _dkg_conv_direct_scratch_floats() floats
 *
 * dw(o, c, ki, kj) += Σ_{oh,ow} d[o, oh, ow]·x[c, S·oh − P + ki, S·ow − P + kj].
 */
void
_dkg_conv_direct_weight_grad (const DkgWeightGradView *dw, const float *d, const float *x,
                              const DkgConvGeom *g, float *scratch)
{
  PhasePlan pl;
  gsize wsz = (gsize) g->O * g->C * g->K * g->K;
  WeightJob job = { dw, d, x, g, &pl, scratch + wsz, 0 };

  plan_phases (&pl, g, XBAND_DW_FLOATS, TRUE);
  g_assert (pl.kbmax <= 7);
  job.per = (_dkg_conv_direct_scratch_floats (g) - wsz) / max_workers ();
  team_run (weight_work, &job, MIN (n_workers (), g->C));
}
