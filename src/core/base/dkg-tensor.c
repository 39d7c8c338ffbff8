/* dkg-tensor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdlib.h>
#include <string.h>

#include "dkg-tensor.h"

/**
 * dkg_alloc_floats:
 * @n: number of floats (may be 0)
 *
 * Allocates @n zeroed floats, 64-byte aligned (one AVX-512 vector, one cache line).
 * Aborts like g_malloc() when memory is exhausted; callers check sizes a user controls
 * against limits first.
 *
 * Returns: (transfer full): the buffer, free with dkg_free_floats()
 */
float *
dkg_alloc_floats (gsize n)
{
  gsize bytes = MAX (n, 1) * sizeof (float);
  void *p = NULL;

  if (n > G_MAXSIZE / sizeof (float))
    g_error ("dkg_alloc_floats: %" G_GSIZE_FORMAT " floats overflow", n);
  bytes = (bytes + 63) & ~(gsize) 63;
  if (posix_memalign (&p, 64, bytes) != 0)
    g_error ("dkg_alloc_floats: out of memory allocating %" G_GSIZE_FORMAT " bytes", bytes);
  memset (p, 0, bytes);
  return p;
}

void
dkg_free_floats (float *p)
{
  free (p);
}

/**
 * dkg_tensor_new:
 * @n: batch size, ≥ 1
 * @c: channels, ≥ 1
 * @h: height, ≥ 1
 * @w: width, ≥ 1
 *
 * Returns: (transfer full): a zero-filled (N, C, H, W) tensor
 */
DkgTensor *
dkg_tensor_new (int n, int c, int h, int w)
{
  DkgTensor *t;

  g_return_val_if_fail (n >= 1 && c >= 1 && h >= 1 && w >= 1, NULL);

  t = g_new0 (DkgTensor, 1);
  t->n = n;
  t->c = c;
  t->h = h;
  t->w = w;
  t->data = dkg_alloc_floats ((gsize) n * c * h * w);
  return t;
}

/**
 * dkg_tensor_new_like:
 * @t: a tensor
 *
 * Returns: (transfer full): a zero-filled tensor of the shape of @t
 */
DkgTensor *
dkg_tensor_new_like (const DkgTensor *t)
{
  return dkg_tensor_new (t->n, t->c, t->h, t->w);
}

/**
 * dkg_tensor_copy:
 * @t: a tensor
 *
 * Returns: (transfer full): a deep copy of @t
 */
DkgTensor *
dkg_tensor_copy (const DkgTensor *t)
{
  DkgTensor *r = dkg_tensor_new_like (t);

  memcpy (r->data, t->data, dkg_tensor_numel (t) * sizeof (float));
  return r;
}

void
dkg_tensor_free (DkgTensor *t)
{
  if (t == NULL)
    return;
  dkg_free_floats (t->data);
  g_free (t);
}

/**
 * dkg_tensor_numel:
 * @t: a tensor
 *
 * Returns: N·C·H·W
 */
gsize
dkg_tensor_numel (const DkgTensor *t)
{
  return (gsize) t->n * t->c * t->h * t->w;
}

void
dkg_tensor_zero (DkgTensor *t)
{
  memset (t->data, 0, dkg_tensor_numel (t) * sizeof (float));
}

gboolean
dkg_tensor_same_shape (const DkgTensor *a, const DkgTensor *b)
{
  return a->n == b->n && a->c == b->c && a->h == b->h && a->w == b->w;
}
