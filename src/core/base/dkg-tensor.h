/* dkg-tensor.h — float32 tensors in NCHW layout
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * DkgTensor:
 * @n: batch size (N ≥ 1)
 * @c: channels
 * @h: height
 * @w: width
 * @data: (array): n·c·h·w floats, row-major NCHW, 64-byte aligned
 *
 * A dense float32 tensor. Activations and images travel as DkgTensors; model parameters live
 * in one flat buffer per model instead (#DkgParams).
 */
typedef struct
{
  int    n, c, h, w;
  float *data;
} DkgTensor;

DkgTensor *dkg_tensor_new       (int n, int c, int h, int w);
DkgTensor *dkg_tensor_new_like  (const DkgTensor *t);
DkgTensor *dkg_tensor_copy      (const DkgTensor *t);
void       dkg_tensor_free      (DkgTensor *t);
gsize      dkg_tensor_numel     (const DkgTensor *t);
void       dkg_tensor_zero      (DkgTensor *t);
gboolean   dkg_tensor_same_shape (const DkgTensor *a, const DkgTensor *b);

float     *dkg_alloc_floats     (gsize n);
void       dkg_free_floats      (float *p);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkgTensor, dkg_tensor_free)

G_END_DECLS
