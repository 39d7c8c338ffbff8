/* dkg-safetensors.c — safetensors model files (docs/SPECIFICATION.md §5.1)
 *
 * Writing follows the reference implementation (huggingface/safetensors, safetensors/src/
 * tensor.rs, `prepare` and `serialize`) byte for byte:
 *   - tensors are laid out sorted by dtype, descending in the order of the reference's Dtype
 *     enum (U64, I64, F64, C64, F32, U32, I32, BF16, F16, U16, I16, … BOOL: widest alignment
 *     first), then by name in byte order; data_offsets are consecutive from 0 in that order;
 *   - the header is compact JSON with "__metadata__" first (omitted when there is none), then
 *     the tensors in layout order, each as {"dtype":…,"shape":[…],"data_offsets":[b,e]};
 *   - the header is padded with spaces (0x20) to a multiple of 8 bytes, so every tensor of the
 *     file starts 8-byte aligned when the file is.
 * One choice is ours: the reference keeps __metadata__ in a Rust HashMap, whose order is
 * unspecified; we write its keys sorted by bytes, so our files are deterministic. With one
 * metadata key (or none) the output is identical to the reference's.
 *
 * Reading validates everything before it allocates anything the size of which comes from the
 * file, and follows the specification's rules (https://huggingface.co/docs/safetensors,
 * "Format"): the header starts with ‘{’, has no duplicate keys (json-glib would keep the last
 * one silently, so a strict scanner runs first: dkg-json-strict.c), the data block is
 * entirely covered by the tensors' byte ranges with no gap and no overlap (as the reference's
 * Metadata::validate checks, after sorting by offsets), and shape × dtype size equals each
 * range's length. Members of a tensor entry other than dtype, shape and data_offsets are
 * ignored, as the reference (serde without deny_unknown_fields) ignores them.
 *
 * Files: dkg-safetensors.c builds a set of tensors and looks them up; dkg-safetensors-write.c
 * lays it out and serialises it; dkg-safetensors-read.c parses and validates a file;
 * dkg-json-strict.c is the strict JSON scanner the reader runs first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "dkg-error.h"
#include "dkg-safetensors-private.h"

/* In the order of the reference's `enum Dtype` (increasing alignment); the writer sorts by
 * descending position in this table. */
const DtypeInfo _dkg_safetensors_dtypes[] = {
  { "BOOL", 1, 1 },
  { "F4", 0, 0 },
  { "F6_E2M3", 0, 0 },
  { "F6_E3M2", 0, 0 },
  { "U8", 1, 1 },
  { "I8", 1, 1 },
  { "F8_E5M2", 1, 1 },
  { "F8_E4M3", 1, 1 },
  { "F8_E8M0", 1, 1 },
  { "I16", 2, 2 },
  { "U16", 2, 2 },
  { "F16", 2, 2 },
  { "BF16", 2, 2 },
  { "I32", 4, 4 },
  { "U32", 4, 4 },
  { "F32", 4, 4 },
  { "C64", 8, 4 },
  { "F64", 8, 8 },
  { "I64", 8, 8 },
  { "U64", 8, 8 },
};

const guint64 _dkg_safetensors_empty_data[1];

static void
tensor_free (gpointer p)
{
  Tensor *t = p;

  g_free (t->name);
  g_free (t->owned);
  g_free (t);
}

const DtypeInfo *
_dkg_safetensors_dtype_lookup (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (_dkg_safetensors_dtypes); i++)
    if (strcmp (_dkg_safetensors_dtypes[i].name, name) == 0)
      return &_dkg_safetensors_dtypes[i];
  return NULL;
}

/* Copies @n_bytes of little-endian elements (host order on little-endian hosts). */
void
_dkg_safetensors_copy_le (guint8 *dst, const guint8 *src, gsize n_bytes, guint swap_unit)
{
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
  (void) swap_unit;
  memcpy (dst, src, n_bytes);
#else
  for (gsize i = 0; i + swap_unit <= n_bytes; i += swap_unit)
    for (guint j = 0; j < swap_unit; j++)
      dst[i + j] = src[i + swap_unit - 1 - j];
#endif
}

DkgSafetensors *
_dkg_safetensors_new_named (const char *source)
{
  DkgSafetensors *st = g_new0 (DkgSafetensors, 1);

  st->tensors = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, tensor_free);
  st->metadata = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  st->source = g_strdup (source);
  return st;
}

/**
 * dkg_safetensors_new:
 *
 * Creates an empty set of tensors with no metadata, to fill with dkg_safetensors_add_f32(),
 * dkg_safetensors_add_i64() and dkg_safetensors_set_metadata() and then write with
 * dkg_safetensors_save() or dkg_safetensors_serialize().
 *
 * Returns: (transfer full): a new #DkgSafetensors; free with dkg_safetensors_free()
 */
DkgSafetensors *
dkg_safetensors_new (void)
{
  return _dkg_safetensors_new_named ("safetensors");
}

/**
 * dkg_safetensors_free:
 * @st: (nullable) (transfer full): a #DkgSafetensors
 *
 * Frees @st, its tensors and its metadata. Pointers returned by the getters become invalid.
 */
void
dkg_safetensors_free (DkgSafetensors *st)
{
  if (st == NULL)
    return;
  g_hash_table_unref (st->tensors);
  g_hash_table_unref (st->metadata);
  g_clear_pointer (&st->data_block, g_bytes_unref);
  g_free (st->source);
  g_free (st);
}

static gboolean
add_tensor (DkgSafetensors  *st,
            const char      *name,
            const DtypeInfo *dtype,
            guint            ndim,
            const gint64    *shape,
            gconstpointer    data)
{
  guint64 n_elements = 1, n_bytes;
  gboolean fits = TRUE;
  Tensor *t;

  g_return_val_if_fail (st != NULL, FALSE);
  g_return_val_if_fail (name != NULL && g_utf8_validate (name, -1, NULL), FALSE);
  g_return_val_if_fail (strcmp (name, "__metadata__") != 0, FALSE);
  g_return_val_if_fail (!g_hash_table_contains (st->tensors, name), FALSE);
  g_return_val_if_fail (ndim <= DKG_SAFETENSORS_MAX_DIMS, FALSE);
  g_return_val_if_fail (ndim == 0 || shape != NULL, FALSE);

  for (guint i = 0; i < ndim; i++)
    {
      g_return_val_if_fail (shape[i] >= 0, FALSE);
      fits = fits && g_uint64_checked_mul (&n_elements, n_elements, (guint64) shape[i]);
    }
  fits = fits && g_uint64_checked_mul (&n_bytes, n_elements, dtype->size) && n_bytes <= G_MAXSIZE;
  g_return_val_if_fail (fits, FALSE);
  g_return_val_if_fail (n_bytes == 0 || data != NULL, FALSE);

  t = g_new0 (Tensor, 1);
  t->name = g_strdup (name);
  t->dtype = dtype;
  t->ndim = ndim;
  for (guint i = 0; i < ndim; i++)
    t->shape[i] = shape[i];
  t->n_bytes = (gsize) n_bytes;
  if (n_bytes > 0)
    {
      t->owned = g_memdup2 (data, t->n_bytes);
      t->data = t->owned;
    }
  else
    t->data = (const guint8 *) _dkg_safetensors_empty_data;
  g_hash_table_insert (st->tensors, t->name, t);
  return TRUE;
}

/**
 * dkg_safetensors_add_f32:
 * @st: a #DkgSafetensors
 * @name: tensor name, valid UTF-8, not "__metadata__" and not already in @st (PyTorch
 *   state_dict names: "model.0.weight")
 * @ndim: number of dimensions, 0 (a scalar) to %DKG_SAFETENSORS_MAX_DIMS
 * @shape: (array length=ndim) (nullable): dimensions, each ≥ 0; %NULL when @ndim is 0
 * @data: (array) (nullable): the product of @shape floats in row-major order, copied;
 *   %NULL only when that product is 0
 *
 * Adds a float32 (dtype "F32") tensor. Bad arguments are programmer errors: a critical
 * warning and %FALSE, with @st unchanged.
 *
 * Returns: %TRUE when the tensor was added
 */
gboolean
dkg_safetensors_add_f32 (DkgSafetensors *st,
                         const char     *name,
                         guint           ndim,
                         const gint64   *shape,
                         const float    *data)
{
  return add_tensor (st, name, DTYPE_F32, ndim, shape, data);
}

/**
 * dkg_safetensors_add_i64:
 * @st: a #DkgSafetensors
 * @name: tensor name, as for dkg_safetensors_add_f32()
 * @ndim: number of dimensions, 0 to %DKG_SAFETENSORS_MAX_DIMS (PyTorch's BatchNorm
 *   `num_batches_tracked` is a scalar: @ndim 0)
 * @shape: (array length=ndim) (nullable): dimensions, each ≥ 0; %NULL when @ndim is 0
 * @data: (array) (nullable): the product of @shape int64 values, copied
 *
 * Adds an int64 (dtype "I64") tensor; otherwise as dkg_safetensors_add_f32().
 *
 * Returns: %TRUE when the tensor was added
 */
gboolean
dkg_safetensors_add_i64 (DkgSafetensors *st,
                         const char     *name,
                         guint           ndim,
                         const gint64   *shape,
                         const gint64   *data)
{
  return add_tensor (st, name, DTYPE_I64, ndim, shape, data);
}

/**
 * dkg_safetensors_set_metadata:
 * @st: a #DkgSafetensors
 * @key: metadata key, valid UTF-8
 * @value: its value, valid UTF-8 (any characters; control characters are escaped)
 *
 * Sets one "__metadata__" entry (docs/SPECIFICATION.md §5.1: architecture, hyperparameters,
 * iterations, dataset, format version), replacing the value a key had.
 */
void
dkg_safetensors_set_metadata (DkgSafetensors *st,
                              const char     *key,
                              const char     *value)
{
  g_return_if_fail (st != NULL);
  g_return_if_fail (key != NULL && g_utf8_validate (key, -1, NULL));
  g_return_if_fail (value != NULL && g_utf8_validate (value, -1, NULL));

  g_hash_table_replace (st->metadata, g_strdup (key), g_strdup (value));
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Keys of @table sorted by bytes; the array owns nothing. */
GPtrArray *
_dkg_safetensors_sorted_keys (GHashTable *table)
{
  GPtrArray *keys = g_ptr_array_sized_new (g_hash_table_size (table));
  GHashTableIter it;
  gpointer key;

  g_hash_table_iter_init (&it, table);
  while (g_hash_table_iter_next (&it, &key, NULL))
    g_ptr_array_add (keys, key);
  g_ptr_array_sort (keys, compare_strings);
  return keys;
}

/* ---- lookups ---------------------------------------------------------------------------- */

/**
 * dkg_safetensors_get_n_tensors:
 * @st: a #DkgSafetensors
 *
 * Returns: the number of tensors in @st
 */
guint
dkg_safetensors_get_n_tensors (DkgSafetensors *st)
{
  g_return_val_if_fail (st != NULL, 0);

  return g_hash_table_size (st->tensors);
}

static char **
sorted_strv (GHashTable *table)
{
  g_autoptr(GPtrArray) keys = _dkg_safetensors_sorted_keys (table);
  char **out = g_new0 (char *, keys->len + 1);

  for (guint i = 0; i < keys->len; i++)
    out[i] = g_strdup (g_ptr_array_index (keys, i));
  return out;
}

/**
 * dkg_safetensors_list_names:
 * @st: a #DkgSafetensors
 *
 * Returns: (transfer full) (array zero-terminated=1): the tensor names, sorted by bytes
 *   (strcmp); free with g_strfreev()
 */
char **
dkg_safetensors_list_names (DkgSafetensors *st)
{
  g_return_val_if_fail (st != NULL, NULL);

  return sorted_strv (st->tensors);
}

/**
 * dkg_safetensors_contains:
 * @st: a #DkgSafetensors
 * @name: a tensor name
 *
 * Returns: whether @st has a tensor called @name, of any dtype
 */
gboolean
dkg_safetensors_contains (DkgSafetensors *st,
                          const char     *name)
{
  g_return_val_if_fail (st != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  return g_hash_table_contains (st->tensors, name);
}

static void
fill_shape (const Tensor *t, guint *ndim, gint64 *shape_out)
{
  if (ndim != NULL)
    *ndim = t->ndim;
  if (shape_out != NULL)
    for (guint i = 0; i < t->ndim; i++)
      shape_out[i] = t->shape[i];
}

/**
 * dkg_safetensors_get_raw:
 * @st: a #DkgSafetensors
 * @name: a tensor name
 * @dtype: (out) (optional) (transfer none): its dtype as the file names it ("F32", "BF16", …)
 * @ndim: (out) (optional): its number of dimensions (0 for a scalar)
 * @shape_out: (out caller-allocates) (array fixed-size=8) (optional): its dimensions; room for
 *   %DKG_SAFETENSORS_MAX_DIMS
 * @n_bytes: (out) (optional): its size in bytes
 *
 * Any tensor, whatever its dtype, as host-order bytes aligned for its element size.
 *
 * Returns: (transfer none) (nullable): its data, valid while @st lives (never %NULL for a
 *   present tensor, even an empty one), or %NULL if @st has no tensor @name
 */
gconstpointer
dkg_safetensors_get_raw (DkgSafetensors  *st,
                         const char      *name,
                         const char     **dtype,
                         guint           *ndim,
                         gint64          *shape_out,
                         gsize           *n_bytes)
{
  const Tensor *t;

  g_return_val_if_fail (st != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  t = g_hash_table_lookup (st->tensors, name);
  if (t == NULL)
    return NULL;
  if (dtype != NULL)
    *dtype = t->dtype->name;
  if (n_bytes != NULL)
    *n_bytes = t->n_bytes;
  fill_shape (t, ndim, shape_out);
  return t->data;
}

static gconstpointer
get_typed (DkgSafetensors *st, const char *name, const DtypeInfo *dtype, guint *ndim,
           gint64 *shape_out)
{
  const Tensor *t;

  g_return_val_if_fail (st != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  t = g_hash_table_lookup (st->tensors, name);
  if (t == NULL || t->dtype != dtype)
    return NULL;
  fill_shape (t, ndim, shape_out);
  return t->data;
}

/**
 * dkg_safetensors_get_f32:
 * @st: a #DkgSafetensors
 * @name: a tensor name
 * @ndim: (out) (optional): its number of dimensions
 * @shape_out: (out caller-allocates) (array fixed-size=8) (optional): its dimensions
 *
 * Returns: (transfer none) (nullable): the tensor's floats in row-major order, valid while @st
 *   lives, or %NULL if it is absent or its dtype is not F32 (see dkg_safetensors_require_f32()
 *   for an error that says which)
 */
const float *
dkg_safetensors_get_f32 (DkgSafetensors *st,
                         const char     *name,
                         guint          *ndim,
                         gint64         *shape_out)
{
  return get_typed (st, name, DTYPE_F32, ndim, shape_out);
}

/**
 * dkg_safetensors_get_i64:
 * @st: a #DkgSafetensors
 * @name: a tensor name
 * @ndim: (out) (optional): its number of dimensions
 * @shape_out: (out caller-allocates) (array fixed-size=8) (optional): its dimensions
 *
 * Returns: (transfer none) (nullable): the tensor's int64 values, or %NULL if it is absent or
 *   its dtype is not I64
 */
const gint64 *
dkg_safetensors_get_i64 (DkgSafetensors *st,
                         const char     *name,
                         guint          *ndim,
                         gint64         *shape_out)
{
  return get_typed (st, name, DTYPE_I64, ndim, shape_out);
}

static gconstpointer
require_typed (DkgSafetensors *st, const char *name, const DtypeInfo *dtype, guint ndim,
               const gint64 *shape, GError **error)
{
  const Tensor *t;
  gboolean same;

  g_return_val_if_fail (st != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (ndim == 0 || shape != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  t = g_hash_table_lookup (st->tensors, name);
  if (t == NULL)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE, "“%s” has no tensor “%s”",
                   st->source, name);
      return NULL;
    }
  if (t->dtype != dtype)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_UNSUPPORTED,
                   "“%s”: tensor “%s” has dtype %s; only %s is supported for it", st->source,
                   name, t->dtype->name, dtype->name);
      return NULL;
    }
  same = t->ndim == ndim;
  for (guint i = 0; same && i < ndim; i++)
    same = t->shape[i] == shape[i];
  if (!same)
    {
      g_autoptr(GString) have = g_string_new ("[");
      g_autoptr(GString) want = g_string_new ("[");

      for (guint i = 0; i < t->ndim; i++)
        g_string_append_printf (have, "%s%" G_GINT64_FORMAT, i > 0 ? ", " : "", t->shape[i]);
      for (guint i = 0; i < ndim; i++)
        g_string_append_printf (want, "%s%" G_GINT64_FORMAT, i > 0 ? ", " : "", shape[i]);
      g_set_error (error, DKG_ERROR, DKG_ERROR_SHAPE,
                   "“%s”: tensor “%s” has shape %s], the model needs %s]", st->source, name,
                   have->str, want->str);
      return NULL;
    }
  return t->data;
}

/**
 * dkg_safetensors_require_f32:
 * @st: a #DkgSafetensors
 * @name: a tensor name
 * @ndim: the number of dimensions the caller needs
 * @shape: (array length=ndim) (nullable): the dimensions the caller needs
 * @error: return location for a #GError
 *
 * dkg_safetensors_get_f32() for loading a model: every mismatch is an error that names the
 * file and the tensor — DKG_ERROR_INVALID_FILE if it is absent, DKG_ERROR_UNSUPPORTED if its
 * dtype is not F32 (F16, BF16, F64 weights are not converted), DKG_ERROR_SHAPE if its shape
 * differs from @shape.
 *
 * Returns: (transfer none) (nullable): the floats, valid while @st lives, or %NULL with
 *   @error set
 */
const float *
dkg_safetensors_require_f32 (DkgSafetensors *st,
                             const char     *name,
                             guint           ndim,
                             const gint64   *shape,
                             GError        **error)
{
  return require_typed (st, name, DTYPE_F32, ndim, shape, error);
}

/**
 * dkg_safetensors_require_i64:
 * @st: a #DkgSafetensors
 * @name: a tensor name
 * @ndim: the number of dimensions the caller needs (0 for `num_batches_tracked`)
 * @shape: (array length=ndim) (nullable): the dimensions the caller needs
 * @error: return location for a #GError
 *
 * As dkg_safetensors_require_f32(), for an I64 tensor.
 *
 * Returns: (transfer none) (nullable): the values, or %NULL with @error set
 */
const gint64 *
dkg_safetensors_require_i64 (DkgSafetensors *st,
                             const char     *name,
                             guint           ndim,
                             const gint64   *shape,
                             GError        **error)
{
  return require_typed (st, name, DTYPE_I64, ndim, shape, error);
}

/**
 * dkg_safetensors_get_metadata:
 * @st: a #DkgSafetensors
 * @key: a metadata key
 *
 * Returns: (transfer none) (nullable): the "__metadata__" value of @key, or %NULL
 */
const char *
dkg_safetensors_get_metadata (DkgSafetensors *st,
                              const char     *key)
{
  g_return_val_if_fail (st != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return g_hash_table_lookup (st->metadata, key);
}

/**
 * dkg_safetensors_list_metadata_keys:
 * @st: a #DkgSafetensors
 *
 * Returns: (transfer full) (array zero-terminated=1): the metadata keys sorted by bytes; free
 *   with g_strfreev()
 */
char **
dkg_safetensors_list_metadata_keys (DkgSafetensors *st)
{
  g_return_val_if_fail (st != NULL, NULL);

  return sorted_strv (st->metadata);
}
