/* dkg-params.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "dkg-tensor.h"
#include "dkg-params.h"

static void
entry_clear (gpointer p)
{
  DkgParamEntry *e = p;

  g_free (e->name);
}

/** dkg_params_new: Returns: (transfer full): an empty parameter set */
DkgParams *
dkg_params_new (void)
{
  DkgParams *params = g_new0 (DkgParams, 1);

  params->entries = g_array_new (FALSE, TRUE, sizeof (DkgParamEntry));
  g_array_set_clear_func (params->entries, entry_clear);
  return params;
}

void
dkg_params_free (DkgParams *params)
{
  if (params == NULL)
    return;
  g_array_unref (params->entries);
  dkg_free_floats (params->memory);
  dkg_free_floats (params->grad);
  dkg_free_floats (params->m);
  dkg_free_floats (params->v);
  g_free (params);
}

/**
 * dkg_params_register:
 * @params: a parameter set not yet allocated
 * @name: PyTorch state_dict name
 * @ndim: 0..DKG_PARAMS_MAX_DIMS
 * @shape: (array length=ndim): dimensions, each ≥ 1
 *
 * Returns: the offset of the new tensor in the flat buffer
 */
gsize
dkg_params_register (DkgParams *params, const char *name, int ndim, const gint64 *shape)
{
  DkgParamEntry e = { 0 };

  g_return_val_if_fail (params->memory == NULL, 0);
  g_return_val_if_fail (ndim >= 0 && ndim <= DKG_PARAMS_MAX_DIMS, 0);
  g_return_val_if_fail (dkg_params_lookup (params, name) == NULL, 0);

  e.name = g_strdup (name);
  e.ndim = ndim;
  e.numel = 1;
  for (int i = 0; i < ndim; i++)
    {
      e.shape[i] = shape[i];
      e.numel *= (gsize) shape[i];
    }
  e.offset = params->n;
  params->n += e.numel;
  g_array_append_val (params->entries, e);
  return e.offset;
}

/** dkg_params_allocate: allocates the value, gradient and Adam buffers (all zero). */
void
dkg_params_allocate (DkgParams *params)
{
  g_return_if_fail (params->memory == NULL);

  params->memory = dkg_alloc_floats (params->n);
  params->grad = dkg_alloc_floats (params->n);
  params->m = dkg_alloc_floats (params->n);
  params->v = dkg_alloc_floats (params->n);
  params->adam_t = 0;
}

/**
 * dkg_params_lookup:
 * @params: a parameter set
 * @name: a state_dict name
 *
 * Returns: (transfer none) (nullable): the entry, or %NULL
 */
const DkgParamEntry *
dkg_params_lookup (const DkgParams *params, const char *name)
{
  for (guint i = 0; i < params->entries->len; i++)
    {
      const DkgParamEntry *e = &g_array_index (params->entries, DkgParamEntry, i);
      if (strcmp (e->name, name) == 0)
        return e;
    }
  return NULL;
}

guint
dkg_params_n_entries (const DkgParams *params)
{
  return params->entries->len;
}

const DkgParamEntry *
dkg_params_get_entry (const DkgParams *params, guint i)
{
  g_return_val_if_fail (i < params->entries->len, NULL);
  return &g_array_index (params->entries, DkgParamEntry, i);
}

/** dkg_params_zero_grad: sets every gradient to 0 (one memset). */
void
dkg_params_zero_grad (DkgParams *params)
{
  memset (params->grad, 0, params->n * sizeof (float));
}

/**
 * dkg_params_adam_step:
 * @params: an allocated parameter set with gradients
 * @config: learning rate, betas, eps
 *
 * One torch.optim.Adam step over all parameters (dkg_adam_step()), t = ++adam_t.
 */
void
dkg_params_adam_step (DkgParams *params, const DkgAdamConfig *config)
{
  params->adam_t++;
  dkg_adam_step (params->memory, params->grad, params->m, params->v, params->n, config,
                 params->adam_t);
}

/** dkg_params_all_finite: Returns: %FALSE if any value is NaN or ±Inf */
gboolean
dkg_params_all_finite (const DkgParams *params)
{
  float acc = 0.0f;

  /* x·0 is 0 for finite x and NaN for NaN/Inf: one branch-free pass. */
  for (gsize i = 0; i < params->n; i++)
    acc += params->memory[i] * 0.0f;
  return acc == 0.0f;
}
