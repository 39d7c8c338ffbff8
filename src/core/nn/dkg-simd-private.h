/* dkg-simd-private.h — the 16-float vector type of the hand-written hot loops
 *
 * GCC's generic vectors: one zmm register in the AVX-512 clone, two ymm in the x86-64-v3
 * clone, four xmm in the baseline one (DKG_HOT compiles a function for all three and picks
 * one at load time). Loads and stores through DkgV16u are unaligned and may alias float.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#define DKG_VL 16

typedef float DkgV16 __attribute__ ((vector_size (64)));
typedef float DkgV16u __attribute__ ((vector_size (64), aligned (4), may_alias));
typedef int DkgV16i __attribute__ ((vector_size (64)));

#define DKG_LOADU(p) (*(const DkgV16u *) (p))
#define DKG_STOREU(p, v) (*(DkgV16u *) (p) = (v))
/* m ? a : b for a comparison mask m (all-ones / all-zeros lanes), bit-exact */
#define DKG_SELECT(m, a, b) \
  ((DkgV16) (((DkgV16i) (a) & (m)) | ((DkgV16i) (b) & ~(m))))

#define DKG_HOT __attribute__ ((target_clones ("avx512f", "arch=x86-64-v3", "default")))

/* The sum of 4 vectors' 64 lanes, in double, lane by lane in order (the norms' partial sums). */
static inline double
dkg_v16_hsum4 (const DkgV16 *a)
{
  double s = 0.0;

  for (int k = 0; k < 4; k++)
    for (int l = 0; l < DKG_VL; l++)
      s += a[k][l];
  return s;
}
