/* dkg-params.h — a model's parameters in one flat buffer, with parallel gradient and Adam state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "dkg-adam.h"

G_BEGIN_DECLS

#define DKG_PARAMS_MAX_DIMS 4

/**
 * DkgParamEntry:
 * @name: PyTorch state_dict name, e.g. "9.block.0.weight"
 * @ndim: number of dimensions (0 for a scalar)
 * @shape: the dimensions
 * @offset: first float in the flat buffer
 * @numel: number of floats
 */
typedef struct
{
  char  *name;
  int    ndim;
  gint64 shape[DKG_PARAMS_MAX_DIMS];
  gsize  offset;
  gsize  numel;
} DkgParamEntry;

/**
 * DkgParams:
 * @entries: (element-type DkgParamEntry): named views, in registration order
 * @n: total number of floats
 * @memory: the values (n floats)
 * @grad: the gradients (n floats), accumulated by backward passes
 * @m: Adam first moments (n floats)
 * @v: Adam second moments (n floats)
 * @adam_t: Adam steps taken so far
 *
 * llm.c's flat parameter buffer: layers hold offsets into @memory; zeroing the gradient, one
 * Adam step and a checkpoint are each one loop or one block. Entries are registered first
 * (dkg_params_register), then dkg_params_allocate() makes the four buffers.
 */
typedef struct
{
  GArray *entries;
  gsize   n;
  float  *memory;
  float  *grad;
  float  *m;
  float  *v;
  int     adam_t;
} DkgParams;

DkgParams           *dkg_params_new        (void);
void                 dkg_params_free       (DkgParams           *params);
gsize                dkg_params_register   (DkgParams           *params,
                                            const char          *name,
                                            int                  ndim,
                                            const gint64        *shape);
void                 dkg_params_allocate   (DkgParams           *params);
const DkgParamEntry *dkg_params_lookup     (const DkgParams     *params,
                                            const char          *name);
guint                dkg_params_n_entries  (const DkgParams     *params);
const DkgParamEntry *dkg_params_get_entry  (const DkgParams     *params,
                                            guint                i);
void                 dkg_params_zero_grad  (DkgParams           *params);
void                 dkg_params_adam_step  (DkgParams           *params,
                                            const DkgAdamConfig *config);
gboolean             dkg_params_all_finite (const DkgParams     *params);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkgParams, dkg_params_free)

G_END_DECLS
