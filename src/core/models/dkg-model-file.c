/* dkg-model-file.c — networks in safetensors files (docs/SPECIFICATION.md §5.1)
 *
 * A model file holds one network: its parameters and BatchNorm buffers under the names
 * PyTorch's state_dict() gives them (tools/pytorch/deepkeygen_torch.py loads them with
 * load_state_dict), and __metadata__ with format, format_version, arch, n_blocks and whatever
 * the writer adds (training objective, iterations, hyperparameters, dataset, seed).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "dkg-error.h"
#include "dkg-model-file.h"

static void
add_params (const DkgParams *params, DkgSafetensors *st, const char *prefix)
{
  for (guint i = 0; i < dkg_params_n_entries (params); i++)
    {
      const DkgParamEntry *e = dkg_params_get_entry (params, i);
      g_autofree char *name = g_strconcat (prefix, e->name, NULL);

      dkg_safetensors_add_f32 (st, name, (guint) e->ndim, e->shape, params->memory + e->offset);
    }
}

/**
 * dkg_net_add_to_safetensors:
 * @net: a network
 * @st: the file being built
 * @prefix: prepended to every name ("" for a model file, "generator." in checkpoints)
 *
 * Adds every parameter, BatchNorm running statistic and num_batches_tracked (int64 scalar)
 * of @net under its state_dict name.
 */
void
dkg_net_add_to_safetensors (const DkgNet *net, DkgSafetensors *st, const char *prefix)
{
  add_params (net->params, st, prefix);
  add_params (net->buffers, st, prefix);
  for (guint i = 0; i < net->layers->len; i++)
    {
      const DkgLayer *l = &g_array_index (net->layers, DkgLayer, i);
      if (l->kind == DKG_LAYER_BATCH_NORM)
        {
          g_autofree char *name = g_strconcat (prefix, l->name, ".num_batches_tracked", NULL);
          dkg_safetensors_add_i64 (st, name, 0, NULL, &l->num_batches_tracked);
        }
    }
}

static gboolean
load_params (DkgParams *params, DkgSafetensors *st, const char *prefix, const char *file_name,
             GError **error)
{
  for (guint i = 0; i < dkg_params_n_entries (params); i++)
    {
      const DkgParamEntry *e = dkg_params_get_entry (params, i);
      g_autofree char *name = g_strconcat (prefix, e->name, NULL);
      g_autoptr(GError) local = NULL;
      const float *data = dkg_safetensors_require_f32 (st, name, (guint) e->ndim, e->shape,
                                                       &local);
      if (data == NULL)
        {
          g_set_error (error, DKG_ERROR, DKG_ERROR_SHAPE, "“%s” does not fit the network: %s",
                       file_name, local->message);
          return FALSE;
        }
      memcpy (params->memory + e->offset, data, e->numel * sizeof (float));
    }
  return TRUE;
}

/**
 * dkg_net_load_from_safetensors:
 * @net: a network of the architecture the file holds
 * @st: a loaded file
 * @prefix: the name prefix used when writing
 * @file_name: the file's name, for messages
 * @error: return location for a #GError
 *
 * Copies every parameter and buffer of @net from @st; a missing tensor or one of another
 * shape or dtype is %DKG_ERROR_SHAPE naming the file and the tensor. A missing
 * num_batches_tracked counts as 0 (PyTorch itself tolerates that).
 *
 * Returns: %TRUE on success; on failure @net may be partly overwritten
 */
gboolean
dkg_net_load_from_safetensors (DkgNet *net, DkgSafetensors *st, const char *prefix,
                               const char *file_name, GError **error)
{
  if (!load_params (net->params, st, prefix, file_name, error)
      || !load_params (net->buffers, st, prefix, file_name, error))
    return FALSE;
  for (guint i = 0; i < net->layers->len; i++)
    {
      DkgLayer *l = &g_array_index (net->layers, DkgLayer, i);
      if (l->kind == DKG_LAYER_BATCH_NORM)
        {
          g_autofree char *name = g_strconcat (prefix, l->name, ".num_batches_tracked", NULL);
          const gint64 *n = dkg_safetensors_get_i64 (st, name, NULL, NULL);
          l->num_batches_tracked = n != NULL ? n[0] : 0;
        }
    }
  return TRUE;
}

/**
 * dkg_model_save:
 * @net: a network
 * @metadata: (nullable) (element-type utf8 utf8): extra __metadata__ entries
 * @path: destination; written to a temporary file and renamed, never half-written
 * @error: return location for a #GError
 *
 * Writes a model file: the network's tensors and __metadata__ with format, format_version,
 * arch and n_blocks (these four override entries of @metadata of the same name).
 *
 * Returns: %TRUE on success; %FALSE with a #GIOError naming the file otherwise
 */
gboolean
dkg_model_save (const DkgNet *net, GHashTable *metadata, const char *path, GError **error)
{
  g_autoptr(DkgSafetensors) st = dkg_safetensors_new ();
  g_autofree char *blocks = g_strdup_printf ("%d", net->n_blocks);

  if (metadata != NULL)
    {
      GHashTableIter it;
      gpointer k, v;

      g_hash_table_iter_init (&it, metadata);
      while (g_hash_table_iter_next (&it, &k, &v))
        dkg_safetensors_set_metadata (st, k, v);
    }
  dkg_safetensors_set_metadata (st, "format", DKG_MODEL_FORMAT);
  dkg_safetensors_set_metadata (st, "format_version", DKG_MODEL_FORMAT_VERSION);
  dkg_safetensors_set_metadata (st, "arch", dkg_arch_to_string (net->arch));
  dkg_safetensors_set_metadata (st, "n_blocks", blocks);
  dkg_net_add_to_safetensors (net, st, "");
  return dkg_safetensors_save (st, path, error);
}

/**
 * dkg_model_load:
 * @path: a model file written by dkg_model_save() (or by tools/pytorch with the same
 *   metadata)
 * @file: (out) (optional) (transfer full): the parsed file, for its metadata
 * @error: return location for a #GError
 *
 * Reads a model file and builds its network. Errors: the file's own (%G_IO_ERROR,
 * %DKG_ERROR_INVALID_FILE from the safetensors parser), %DKG_ERROR_INVALID_FILE when it is
 * not a DeepKeyGen model (no or wrong format / arch / n_blocks metadata),
 * %DKG_ERROR_BAD_VERSION for an unknown format_version, %DKG_ERROR_SHAPE when a tensor is
 * missing or has the wrong shape. Every message names the file.
 *
 * Returns: (transfer full): the network, or %NULL
 */
DkgNet *
dkg_model_load (const char *path, DkgSafetensors **file, GError **error)
{
  g_autoptr(DkgSafetensors) st = dkg_safetensors_load (path, error);
  g_autoptr(DkgNet) net = NULL;
  const char *format, *version, *arch_name, *blocks;
  DkgArch arch;
  gint64 n_blocks = 6;

  if (st == NULL)
    return NULL;
  format = dkg_safetensors_get_metadata (st, "format");
  version = dkg_safetensors_get_metadata (st, "format_version");
  arch_name = dkg_safetensors_get_metadata (st, "arch");
  blocks = dkg_safetensors_get_metadata (st, "n_blocks");
  if (g_strcmp0 (format, DKG_MODEL_FORMAT) != 0)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                   "“%s” is not a DeepKeyGen model: its metadata has no format “%s”", path,
                   DKG_MODEL_FORMAT);
      return NULL;
    }
  if (g_strcmp0 (version, DKG_MODEL_FORMAT_VERSION) != 0)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_BAD_VERSION,
                   "“%s” is a model of format version %s; this program reads version %s",
                   path, version != NULL ? version : "(none)", DKG_MODEL_FORMAT_VERSION);
      return NULL;
    }
  if (!dkg_arch_from_string (arch_name, &arch))
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                   "“%s” names an unknown architecture “%s”", path,
                   arch_name != NULL ? arch_name : "(none)");
      return NULL;
    }
  if (arch == DKG_ARCH_RESNET
      && (blocks == NULL || !g_ascii_string_to_signed (blocks, 10, 1, 64, &n_blocks, NULL)))
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                   "“%s”: n_blocks must be a number from 1 to 64, not “%s”", path,
                   blocks != NULL ? blocks : "(none)");
      return NULL;
    }
  net = dkg_net_new (arch, (int) n_blocks);
  if (!dkg_net_load_from_safetensors (net, st, "", path, error))
    return NULL;
  if (!dkg_params_all_finite (net->params))
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                   "“%s” holds NaN or infinite weights", path);
      return NULL;
    }
  if (file != NULL)
    *file = g_steal_pointer (&st);
  return g_steal_pointer (&net);
}
