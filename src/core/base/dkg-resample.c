/* dkg-resample.c — separable resampling of one float plane
 *
 * Each axis is resampled on its own: shrinking averages the source pixels an output pixel
 * covers, weighted by the covered length (area / box filter: no aliasing, the mean is kept);
 * enlarging interpolates linearly between pixel centres (PyTorch's interpolate(mode=
 * "bilinear", align_corners=False), edges clamped). An axis whose size does not change is
 * copied exactly.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "dkg-resample.h"
#include "dkg-tensor.h"

typedef struct
{
  int   first;     /* first source index */
  int   n;         /* number of taps */
  int   w;         /* offset into the weights array */
} Taps;

/* Weights mapping a source axis of length s to a destination axis of length d. */
static Taps *
make_taps (int s, int d, float **weights_out)
{
  Taps *taps = g_new0 (Taps, d);
  GArray *weights = g_array_new (FALSE, FALSE, sizeof (float));

  for (int j = 0; j < d; j++)
    {
      taps[j].w = (int) weights->len;
      if (d == s)
        {
          float one = 1.0f;
          taps[j].first = j;
          taps[j].n = 1;
          g_array_append_val (weights, one);
        }
      else if (d < s)
        {
          /* Output j covers source [j·s/d, (j+1)·s/d). */
          double lo = (double) j * s / d, hi = (double) (j + 1) * s / d;
          int i0 = (int) lo, i1 = MIN ((int) hi + 1, s);
          taps[j].first = i0;
          for (int i = i0; i < i1; i++)
            {
              double a = MAX (lo, (double) i), b = MIN (hi, (double) i + 1);
              float wt = (float) ((b - a) * d / s);
              if (b <= a)
                break;
              g_array_append_val (weights, wt);
              taps[j].n++;
            }
        }
      else
        {
          double x = (j + 0.5) * s / d - 0.5;
          int i0;
          float f, w0, w1;

          if (x < 0)
            x = 0;
          i0 = (int) x;
          if (i0 >= s - 1)
            {
              i0 = s - 1;
              x = i0;
            }
          f = (float) (x - i0);
          taps[j].first = i0;
          w0 = 1.0f - f;
          g_array_append_val (weights, w0);
          taps[j].n = 1;
          if (i0 + 1 < s)
            {
              w1 = f;
              g_array_append_val (weights, w1);
              taps[j].n = 2;
            }
        }
    }
  *weights_out = (float *) g_array_free (weights, FALSE);
  return taps;
}

/**
 * dkg_resample_plane:
 * @src: (array): source plane, @sh rows of @sw floats
 * @sw: source width, ≥ 1
 * @sh: source height, ≥ 1
 * @dst: (array): destination plane, @dh rows of @dw floats (must not overlap @src)
 * @dw: destination width, ≥ 1
 * @dh: destination height, ≥ 1
 *
 * Resamples with an area average on shrinking axes and linear interpolation on enlarging
 * axes (see the file comment). Cost O(sw·sh + dw·dh) for moderate factors.
 */
void
dkg_resample_plane (const float *src, int sw, int sh, float *dst, int dw, int dh)
{
  float *wx, *wy, *tmp;
  Taps *tx, *ty;

  g_return_if_fail (sw >= 1 && sh >= 1 && dw >= 1 && dh >= 1);

  if (sw == dw && sh == dh)
    {
      memcpy (dst, src, (gsize) sw * sh * sizeof (float));
      return;
    }
  tx = make_taps (sw, dw, &wx);
  ty = make_taps (sh, dh, &wy);
  tmp = dkg_alloc_floats ((gsize) dw * sh);
  /* Rows first: (sh, sw) → (sh, dw). */
  for (int y = 0; y < sh; y++)
    {
      const float *row = src + (gsize) y * sw;
      float *out = tmp + (gsize) y * dw;
      for (int j = 0; j < dw; j++)
        {
          float acc = 0.0f;
          for (int k = 0; k < tx[j].n; k++)
            acc += wx[tx[j].w + k] * row[tx[j].first + k];
          out[j] = acc;
        }
    }
  /* Then columns: (sh, dw) → (dh, dw). */
  for (int i = 0; i < dh; i++)
    {
      float *out = dst + (gsize) i * dw;
      memset (out, 0, (gsize) dw * sizeof (float));
      for (int k = 0; k < ty[i].n; k++)
        {
          const float *row = tmp + (gsize) (ty[i].first + k) * dw;
          float wt = wy[ty[i].w + k];
          for (int j = 0; j < dw; j++)
            out[j] += wt * row[j];
        }
    }
  dkg_free_floats (tmp);
  g_free (tx);
  g_free (ty);
  g_free (wx);
  g_free (wy);
}
