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
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "dkg-error.h"
#include "dkg-file.h"
#include "dkg-safetensors.h"
#include "dkg-safetensors-private.h"

/* Deepest nesting in a header: a valid one needs 3 (root, entry, shape); ignored members may
 * nest a little more. */
#define HEADER_MAX_DEPTH 64

typedef struct
{
  const char *name;
  guint       size;        /* bytes per element; 0 for the sub-byte types we do not read */
  guint       swap_unit;   /* bytes reversed together on a big-endian host */
} DtypeInfo;

/* In the order of the reference's `enum Dtype` (increasing alignment); the writer sorts by
 * descending position in this table. */
static const DtypeInfo dtypes[] = {
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

#define DTYPE_F32 (&dtypes[15])
#define DTYPE_I64 (&dtypes[18])

/* What an empty tensor's data pointer points at: never NULL, 8-byte aligned. */
static const guint64 empty_data[1];

typedef struct
{
  char            *name;
  const DtypeInfo *dtype;
  guint            ndim;
  gint64           shape[DKG_SAFETENSORS_MAX_DIMS];
  guint64          begin;      /* offsets in the data block of the file it was read from */
  guint64          end;
  gsize            n_bytes;
  const guint8    *data;       /* into @owned, into the file's data block, or empty_data */
  guint8          *owned;
} Tensor;

struct _DkgSafetensors
{
  GHashTable *tensors;      /* name (owned by the Tensor) → Tensor *, owned */
  GHashTable *metadata;     /* key → value, both owned */
  GBytes     *data_block;   /* nullable: the data block read tensors point into */
  char       *source;       /* file name for messages */
};

static void
tensor_free (gpointer p)
{
  Tensor *t = p;

  g_free (t->name);
  g_free (t->owned);
  g_free (t);
}

static const DtypeInfo *
dtype_lookup (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (dtypes); i++)
    if (strcmp (dtypes[i].name, name) == 0)
      return &dtypes[i];
  return NULL;
}

/* Copies @n_bytes of little-endian elements (host order on little-endian hosts). */
static void
copy_le (guint8 *dst, const guint8 *src, gsize n_bytes, guint swap_unit)
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

static DkgSafetensors *
safetensors_new_named (const char *source)
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
  return safetensors_new_named ("safetensors");
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
    t->data = (const guint8 *) empty_data;
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
compare_for_layout (gconstpointer a, gconstpointer b)
{
  const Tensor *ta = *(Tensor * const *) a;
  const Tensor *tb = *(Tensor * const *) b;

  if (ta->dtype != tb->dtype)
    return ta->dtype > tb->dtype ? -1 : 1;
  return strcmp (ta->name, tb->name);
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Keys of @table sorted by bytes; the array owns nothing. */
static GPtrArray *
sorted_keys (GHashTable *table)
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

/* The header JSON for @order (tensors in layout order), with serde_json's bytes. */
static char *
build_header (DkgSafetensors *st, GPtrArray *order, gsize *len)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  gsize text_len;
  guint64 offset = 0;

  json_builder_begin_object (builder);
  if (g_hash_table_size (st->metadata) > 0)
    {
      g_autoptr(GPtrArray) keys = sorted_keys (st->metadata);

      json_builder_set_member_name (builder, "__metadata__");
      json_builder_begin_object (builder);
      for (guint i = 0; i < keys->len; i++)
        {
          const char *key = g_ptr_array_index (keys, i);

          json_builder_set_member_name (builder, key);
          json_builder_add_string_value (builder, g_hash_table_lookup (st->metadata, key));
        }
      json_builder_end_object (builder);
    }
  for (guint i = 0; i < order->len; i++)
    {
      const Tensor *t = g_ptr_array_index (order, i);

      json_builder_set_member_name (builder, t->name);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "dtype");
      json_builder_add_string_value (builder, t->dtype->name);
      json_builder_set_member_name (builder, "shape");
      json_builder_begin_array (builder);
      for (guint d = 0; d < t->ndim; d++)
        json_builder_add_int_value (builder, t->shape[d]);
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "data_offsets");
      json_builder_begin_array (builder);
      json_builder_add_int_value (builder, (gint64) offset);
      json_builder_add_int_value (builder, (gint64) (offset + t->n_bytes));
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      offset += t->n_bytes;
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, FALSE);
  text = json_generator_to_data (generator, &text_len);
  return _dkg_json_fix_glib_escapes (text, text_len, len);
}

/**
 * dkg_safetensors_serialize:
 * @st: a #DkgSafetensors
 * @error: return location for a #GError
 *
 * Encodes @st as a safetensors file, byte-identical to what the reference library writes for
 * the same tensors and metadata (up to the order of several metadata keys: ours are sorted;
 * see the top of dkg-safetensors.c). Data is written little-endian whatever the host.
 *
 * Returns: (transfer full): the file's bytes, or %NULL with @error set (DKG_ERROR_TOO_LARGE
 *   when the total size does not fit in memory)
 */
GBytes *
dkg_safetensors_serialize (DkgSafetensors *st,
                           GError        **error)
{
  g_autoptr(GPtrArray) order = NULL;
  g_autofree char *header = NULL;
  GHashTableIter it;
  gpointer value;
  gsize header_len, padded_len, total, pos;
  guint64 data_len = 0;
  guint8 *out;

  g_return_val_if_fail (st != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  order = g_ptr_array_sized_new (g_hash_table_size (st->tensors));
  g_hash_table_iter_init (&it, st->tensors);
  while (g_hash_table_iter_next (&it, NULL, &value))
    {
      const Tensor *t = value;

      g_ptr_array_add (order, value);
      if (!g_uint64_checked_add (&data_len, data_len, t->n_bytes) || data_len > G_MAXINT64)
        {
          g_set_error (error, DKG_ERROR, DKG_ERROR_TOO_LARGE,
                       "“%s”: the tensors add up to more bytes than a file can hold", st->source);
          return NULL;
        }
    }
  g_ptr_array_sort (order, compare_for_layout);

  header = build_header (st, order, &header_len);
  padded_len = header_len + (8 - header_len % 8) % 8;
  if (data_len > G_MAXSIZE - 8 - padded_len)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_TOO_LARGE,
                   "“%s”: %" G_GUINT64_FORMAT " bytes of tensors do not fit in memory",
                   st->source, data_len);
      return NULL;
    }
  total = 8 + padded_len + (gsize) data_len;
  out = g_try_malloc (total);
  if (out == NULL)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_TOO_LARGE,
                   "“%s”: not enough memory for a %" G_GSIZE_FORMAT "-byte file", st->source,
                   total);
      return NULL;
    }
  for (int i = 0; i < 8; i++)
    out[i] = (guint8) ((guint64) padded_len >> (8 * i));
  memcpy (out + 8, header, header_len);
  memset (out + 8 + header_len, ' ', padded_len - header_len);
  pos = 8 + padded_len;
  for (guint i = 0; i < order->len; i++)
    {
      const Tensor *t = g_ptr_array_index (order, i);

      copy_le (out + pos, t->data, t->n_bytes, t->dtype->swap_unit);
      pos += t->n_bytes;
    }
  g_assert (pos == total);
  return g_bytes_new_take (out, total);
}

/**
 * dkg_safetensors_save:
 * @st: a #DkgSafetensors
 * @path: file to write (replaced atomically if it exists)
 * @error: return location for a #GError
 *
 * Writes dkg_safetensors_serialize() to @path atomically with dkg_file_set_contents() (mode
 * 0644; docs/SPECIFICATION.md §10): a crash or a kill leaves either the old file or the new one,
 * and no temporary file.
 *
 * Returns: %TRUE on success; %FALSE with @error set (%G_FILE_ERROR naming @path, or as
 *   dkg_safetensors_serialize())
 */
gboolean
dkg_safetensors_save (DkgSafetensors *st,
                      const char     *path,
                      GError        **error)
{
  g_autoptr(GBytes) bytes = NULL;
  gsize len;
  const char *data;

  g_return_val_if_fail (st != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  bytes = dkg_safetensors_serialize (st, error);
  if (bytes == NULL)
    return FALSE;
  data = g_bytes_get_data (bytes, &len);
  return dkg_file_set_contents (path, data, len, 0644, error);
}

/* ---- reading ---------------------------------------------------------------------------- */

static gboolean bad_file (GError **error, int code, const char *source, const char *format, ...)
  G_GNUC_PRINTF (4, 5);

static gboolean
bad_file (GError **error, int code, const char *source, const char *format, ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  if (code == DKG_ERROR_UNSUPPORTED)
    g_set_error (error, DKG_ERROR, code, "“%s”: unsupported safetensors file: %s", source, what);
  else
    g_set_error (error, DKG_ERROR, code, "“%s” is not a valid safetensors file: %s", source, what);
  return FALSE;
}

/* A non-negative integer JSON value, or FALSE. */
static gboolean
node_get_size (JsonNode *node, guint64 *out)
{
  gint64 v;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  v = json_node_get_int (node);
  if (v < 0)
    return FALSE;
  *out = (guint64) v;
  return TRUE;
}

static const char *
node_get_string (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
parse_metadata (DkgSafetensors *st, JsonNode *node, GError **error)
{
  JsonObject *obj;
  g_autoptr(GList) members = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return bad_file (error, DKG_ERROR_INVALID_FILE, st->source, "“__metadata__” is not an object");
  obj = json_node_get_object (node);
  members = json_object_get_members (obj);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      const char *value = node_get_string (json_object_get_member (obj, key));

      if (value == NULL)
        return bad_file (error, DKG_ERROR_INVALID_FILE, st->source,
                         "the “__metadata__” value of “%s” is not a string", key);
      g_hash_table_replace (st->metadata, g_strdup (key), g_strdup (value));
    }
  return TRUE;
}

static Tensor *
parse_entry (const char *source, const char *name, JsonNode *node, guint64 data_len, GError **error)
{
  g_autoptr(GString) shape_text = g_string_new ("[");
  JsonObject *obj;
  JsonNode *member;
  JsonArray *arr;
  const char *dtype_name;
  const DtypeInfo *dtype;
  guint64 dims[DKG_SAFETENSORS_MAX_DIMS], n_elements = 1, n_bytes, begin, end;
  gboolean overflow = FALSE;
  guint ndim;
  Tensor *t;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      bad_file (error, DKG_ERROR_INVALID_FILE, source, "the entry of tensor “%s” is not an object",
                name);
      return NULL;
    }
  obj = json_node_get_object (node);

  dtype_name = node_get_string (json_object_get_member (obj, "dtype"));
  if (dtype_name == NULL)
    {
      bad_file (error, DKG_ERROR_INVALID_FILE, source,
                "tensor “%s” has no “dtype” string", name);
      return NULL;
    }
  dtype = dtype_lookup (dtype_name);
  if (dtype == NULL)
    {
      bad_file (error, DKG_ERROR_INVALID_FILE, source, "tensor “%s” has unknown dtype “%s”",
                name, dtype_name);
      return NULL;
    }
  if (dtype->size == 0)
    {
      bad_file (error, DKG_ERROR_UNSUPPORTED, source,
                "tensor “%s” has the sub-byte dtype %s, which is not supported", name, dtype_name);
      return NULL;
    }

  member = json_object_get_member (obj, "shape");
  if (member == NULL || !JSON_NODE_HOLDS_ARRAY (member))
    {
      bad_file (error, DKG_ERROR_INVALID_FILE, source, "tensor “%s” has no “shape” array", name);
      return NULL;
    }
  arr = json_node_get_array (member);
  ndim = json_array_get_length (arr);
  if (ndim > DKG_SAFETENSORS_MAX_DIMS)
    {
      bad_file (error, DKG_ERROR_UNSUPPORTED, source,
                "tensor “%s” has %u dimensions; at most %d are supported", name, ndim,
                DKG_SAFETENSORS_MAX_DIMS);
      return NULL;
    }
  for (guint i = 0; i < ndim; i++)
    {
      if (!node_get_size (json_array_get_element (arr, i), &dims[i]))
        {
          bad_file (error, DKG_ERROR_INVALID_FILE, source,
                    "dimension %u of tensor “%s” is not a non-negative integer", i, name);
          return NULL;
        }
      overflow = overflow || !g_uint64_checked_mul (&n_elements, n_elements, dims[i]);
      g_string_append_printf (shape_text, "%s%" G_GUINT64_FORMAT, i > 0 ? ", " : "", dims[i]);
    }
  g_string_append_c (shape_text, ']');
  if (overflow || !g_uint64_checked_mul (&n_bytes, n_elements, dtype->size))
    {
      bad_file (error, DKG_ERROR_INVALID_FILE, source,
                "the size of tensor “%s” (shape %s, %s) overflows 64 bits", name, shape_text->str,
                dtype_name);
      return NULL;
    }

  member = json_object_get_member (obj, "data_offsets");
  if (member == NULL || !JSON_NODE_HOLDS_ARRAY (member)
      || json_array_get_length (json_node_get_array (member)) != 2
      || !node_get_size (json_array_get_element (json_node_get_array (member), 0), &begin)
      || !node_get_size (json_array_get_element (json_node_get_array (member), 1), &end))
    {
      bad_file (error, DKG_ERROR_INVALID_FILE, source,
                "tensor “%s” has no “data_offsets” pair of non-negative integers", name);
      return NULL;
    }
  if (begin > end)
    {
      bad_file (error, DKG_ERROR_INVALID_FILE, source,
                "tensor “%s” begins at byte %" G_GUINT64_FORMAT " after its end %" G_GUINT64_FORMAT,
                name, begin, end);
      return NULL;
    }
  if (end > data_len)
    {
      bad_file (error, DKG_ERROR_INVALID_FILE, source,
                "tensor “%s” ends at byte %" G_GUINT64_FORMAT ", beyond the %" G_GUINT64_FORMAT
                "-byte data block", name, end, data_len);
      return NULL;
    }
  if (end - begin != n_bytes)
    {
      bad_file (error, DKG_ERROR_INVALID_FILE, source,
                "tensor “%s” of shape %s and dtype %s needs %" G_GUINT64_FORMAT
                " bytes but its data_offsets span %" G_GUINT64_FORMAT, name, shape_text->str,
                dtype_name, n_bytes, end - begin);
      return NULL;
    }

  t = g_new0 (Tensor, 1);
  t->name = g_strdup (name);
  t->dtype = dtype;
  t->ndim = ndim;
  for (guint i = 0; i < ndim; i++)
    t->shape[i] = (gint64) dims[i];
  t->begin = begin;
  t->end = end;
  t->n_bytes = (gsize) n_bytes;
  return t;
}

static int
compare_by_offsets (gconstpointer a, gconstpointer b)
{
  const Tensor *ta = *(Tensor * const *) a;
  const Tensor *tb = *(Tensor * const *) b;

  if (ta->begin != tb->begin)
    return ta->begin < tb->begin ? -1 : 1;
  if (ta->end != tb->end)
    return ta->end < tb->end ? -1 : 1;
  return strcmp (ta->name, tb->name);
}

/* The data block [0, data_len) must be the disjoint union of the tensors' ranges. */
static gboolean
check_coverage (DkgSafetensors *st, guint64 data_len, GError **error)
{
  g_autoptr(GPtrArray) order = g_ptr_array_sized_new (g_hash_table_size (st->tensors));
  GHashTableIter it;
  gpointer value;
  guint64 covered = 0;
  const Tensor *prev = NULL;

  g_hash_table_iter_init (&it, st->tensors);
  while (g_hash_table_iter_next (&it, NULL, &value))
    g_ptr_array_add (order, value);
  g_ptr_array_sort (order, compare_by_offsets);

  for (guint i = 0; i < order->len; i++)
    {
      const Tensor *t = g_ptr_array_index (order, i);

      if (t->begin < covered)
        return bad_file (error, DKG_ERROR_INVALID_FILE, st->source,
                         "tensors “%s” and “%s” overlap (bytes %" G_GUINT64_FORMAT "–%"
                         G_GUINT64_FORMAT " of the data block)", prev->name, t->name, t->begin,
                         covered);
      if (t->begin > covered)
        return bad_file (error, DKG_ERROR_INVALID_FILE, st->source,
                         "bytes %" G_GUINT64_FORMAT "–%" G_GUINT64_FORMAT " of the data block "
                         "belong to no tensor", covered, t->begin);
      covered = t->end;
      prev = t;
    }
  if (covered != data_len)
    return bad_file (error, DKG_ERROR_INVALID_FILE, st->source,
                     "bytes %" G_GUINT64_FORMAT "–%" G_GUINT64_FORMAT " at the end of the data "
                     "block belong to no tensor", covered, data_len);
  return TRUE;
}

/* Parses and validates the header (@len bytes at @header) of a file whose data block has
 * @data_len bytes. The tensors get offsets but no data yet. */
static DkgSafetensors *
parse_header (const char *source, const char *header, gsize len, guint64 data_len, GError **error)
{
  g_autoptr(DkgSafetensors) st = safetensors_new_named (source);
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) json_error = NULL;
  g_autofree char *problem = NULL;
  g_autoptr(GList) members = NULL;
  DkgJsonProblem kind;
  const char *utf8_end;
  gsize problem_at;
  JsonNode *root;
  JsonObject *obj;

  if (!g_utf8_validate_len (header, len, &utf8_end))
    {
      bad_file (error, DKG_ERROR_INVALID_FILE, source,
                "the header is not valid UTF-8 (byte %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT ")",
                (gsize) (utf8_end - header), len);
      return NULL;
    }
  if (len == 0 || header[0] != '{')
    {
      bad_file (error, DKG_ERROR_INVALID_FILE, source, "the header does not start with ‘{’");
      return NULL;
    }
  kind = _dkg_json_check_strict (header, len, HEADER_MAX_DEPTH, &problem_at, &problem);
  if (kind != DKG_JSON_OK)
    {
      bad_file (error,
                kind == DKG_JSON_UNSUPPORTED ? DKG_ERROR_UNSUPPORTED : DKG_ERROR_INVALID_FILE, source,
                "bad JSON header at byte %" G_GSIZE_FORMAT ": %s", problem_at, problem);
      return NULL;
    }

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, header, (gssize) len, &json_error))
    {
      bad_file (error, DKG_ERROR_INVALID_FILE, source, "the header is not valid JSON: %s",
                json_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      bad_file (error, DKG_ERROR_INVALID_FILE, source, "the header is not a JSON object");
      return NULL;
    }
  obj = json_node_get_object (root);
  members = json_object_get_members (obj);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *node = json_object_get_member (obj, name);

      if (strcmp (name, "__metadata__") == 0)
        {
          if (!parse_metadata (st, node, error))
            return NULL;
        }
      else
        {
          Tensor *t = parse_entry (source, name, node, data_len, error);

          if (t == NULL)
            return NULL;
          g_hash_table_insert (st->tensors, t->name, t);
        }
    }
  if (!check_coverage (st, data_len, error))
    return NULL;
  return g_steal_pointer (&st);
}

/* Points every tensor into @block (the data block), copying the ones that are misaligned for
 * their dtype (or, on a big-endian host, that need their bytes swapped). */
static void
attach_data (DkgSafetensors *st, GBytes *block)
{
  const guint8 *base = g_bytes_get_data (block, NULL);
  GHashTableIter it;
  gpointer value;

  st->data_block = g_bytes_ref (block);
  g_hash_table_iter_init (&it, st->tensors);
  while (g_hash_table_iter_next (&it, NULL, &value))
    {
      Tensor *t = value;
      const guint8 *src;
      gboolean copy;

      if (t->n_bytes == 0)
        {
          t->data = (const guint8 *) empty_data;
          continue;
        }
      src = base + t->begin;
      copy = G_BYTE_ORDER == G_BIG_ENDIAN ? t->dtype->swap_unit > 1
                                          : ((guintptr) src % t->dtype->size) != 0;
      if (copy)
        {
          t->owned = g_malloc (t->n_bytes);
          copy_le (t->owned, src, t->n_bytes, t->dtype->swap_unit);
          t->data = t->owned;
        }
      else
        t->data = src;
    }
}

/* Reads the 8-byte length; checks it against the limit and against @file_size. */
static gboolean
check_header_length (const char *source, const guint8 prefix[8], guint64 file_size, guint64 *n,
                     GError **error)
{
  *n = 0;
  for (int i = 7; i >= 0; i--)
    *n = (*n << 8) | prefix[i];
  if (*n > DKG_SAFETENSORS_MAX_HEADER)
    return bad_file (error, DKG_ERROR_INVALID_FILE, source,
                     "header length %" G_GUINT64_FORMAT " is over the %d-byte limit", *n,
                     DKG_SAFETENSORS_MAX_HEADER);
  if (*n > file_size - 8)
    return bad_file (error, DKG_ERROR_INVALID_FILE, source,
                     "header length %" G_GUINT64_FORMAT " is larger than the %" G_GUINT64_FORMAT
                     " bytes after the length field", *n, file_size - 8);
  return TRUE;
}

/**
 * dkg_safetensors_load_bytes:
 * @bytes: a whole safetensors file
 * @name_for_errors: what error messages call it (a file name)
 * @error: return location for a #GError
 *
 * Parses and validates @bytes (see dkg_safetensors_load() for the checks). Tensors point into
 * @bytes, which is kept referenced; those misaligned for their dtype are copied.
 *
 * Returns: (transfer full): the tensors and metadata, or %NULL with @error set
 *   (DKG_ERROR_INVALID_FILE or DKG_ERROR_UNSUPPORTED, the message naming @name_for_errors)
 */
DkgSafetensors *
dkg_safetensors_load_bytes (GBytes      *bytes,
                            const char  *name_for_errors,
                            GError     **error)
{
  g_autoptr(GBytes) block = NULL;
  DkgSafetensors *st;
  const guint8 *data;
  gsize size;
  guint64 n;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (name_for_errors != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (bytes, &size);
  if (size < 8)
    {
      bad_file (error, DKG_ERROR_INVALID_FILE, name_for_errors,
                "%" G_GSIZE_FORMAT " bytes, shorter than the 8-byte header length", size);
      return NULL;
    }
  if (!check_header_length (name_for_errors, data, size, &n, error))
    return NULL;
  st = parse_header (name_for_errors, (const char *) data + 8, (gsize) n, size - 8 - n, error);
  if (st == NULL)
    return NULL;
  block = g_bytes_new_from_bytes (bytes, 8 + (gsize) n, size - 8 - (gsize) n);
  attach_data (st, block);
  return st;
}

/**
 * dkg_safetensors_load:
 * @path: a .safetensors file
 * @error: return location for a #GError
 *
 * Reads and validates a safetensors file. The 8-byte length and the header are read and
 * checked first; the data block is read only once the header has been validated against the
 * file's size, so no allocation is larger than the file. Rejected, with DKG_ERROR_INVALID_FILE
 * and a message naming @path and the problem: a file shorter than 8 bytes; a header length
 * over %DKG_SAFETENSORS_MAX_HEADER or past the end of the file; a header that is not valid
 * UTF-8, does not start with ‘{’, is not strict JSON or not an object, has a duplicate key or
 * nests deeper than 64; an entry that is not an object or lacks a string dtype, an array shape
 * of non-negative integers or a data_offsets pair of non-negative integers; an unknown dtype;
 * a size that overflows 64 bits; begin > end; end past the data block; shape × dtype size ≠
 * end − begin; overlapping ranges; bytes of the data block that belong to no tensor; a
 * "__metadata__" that is not an object of strings. Valid files this reader cannot represent
 * give DKG_ERROR_UNSUPPORTED: a sub-byte dtype (F4, F6_E2M3, F6_E3M2), more than
 * %DKG_SAFETENSORS_MAX_DIMS dimensions, a name or value containing U+0000. Never modifies
 * @path.
 *
 * Returns: (transfer full): the tensors and metadata, or %NULL with @error set (also
 *   %G_IO_ERROR when @path cannot be read)
 */
DkgSafetensors *
dkg_safetensors_load (const char  *path,
                      GError     **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(DkgSafetensors) st = NULL;
  g_autoptr(GBytes) block = NULL;
  g_autofree char *header = NULL;
  g_autofree guint8 *data = NULL;
  guint8 prefix[8], extra;
  gsize got;
  guint64 file_size, n, data_len;
  goffset size;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  file = g_file_new_for_path (path);
  stream = g_file_read (file, NULL, error);
  if (stream == NULL)
    return NULL;
  info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, NULL, error);
  if (info == NULL)
    return NULL;
  size = g_file_info_get_size (info);
  file_size = size > 0 ? (guint64) size : 0;

  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), prefix, 8, &got, NULL, error))
    return NULL;
  if (got < 8 || file_size < 8)
    {
      bad_file (error, DKG_ERROR_INVALID_FILE, path,
                "%" G_GUINT64_FORMAT " bytes, shorter than the 8-byte header length",
                MIN (file_size, (guint64) got));
      return NULL;
    }
  if (!check_header_length (path, prefix, file_size, &n, error))
    return NULL;

  header = g_malloc ((gsize) n + 1);
  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), header, (gsize) n, &got, NULL, error))
    return NULL;
  if (got != n)
    {
      bad_file (error, DKG_ERROR_INVALID_FILE, path, "the file is shorter than its size says");
      return NULL;
    }
  header[n] = '\0';
  data_len = file_size - 8 - n;
  st = parse_header (path, header, (gsize) n, data_len, error);
  if (st == NULL)
    return NULL;

  if (data_len > G_MAXSIZE)
    {
      bad_file (error, DKG_ERROR_UNSUPPORTED, path, "the data block does not fit in memory");
      return NULL;
    }
  data = g_try_malloc (MAX ((gsize) data_len, 1));
  if (data == NULL)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_TOO_LARGE,
                   "“%s”: not enough memory for its %" G_GUINT64_FORMAT "-byte data block", path,
                   data_len);
      return NULL;
    }
  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), data, (gsize) data_len, &got, NULL, error))
    return NULL;
  if (got != data_len)
    {
      bad_file (error, DKG_ERROR_INVALID_FILE, path, "the file is shorter than its size says");
      return NULL;
    }
  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), &extra, 1, &got, NULL, error))
    return NULL;
  if (got != 0)
    {
      bad_file (error, DKG_ERROR_INVALID_FILE, path, "the file grew while it was read");
      return NULL;
    }
  block = g_bytes_new_take (g_steal_pointer (&data), (gsize) data_len);
  attach_data (st, block);
  return g_steal_pointer (&st);
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
  g_autoptr(GPtrArray) keys = sorted_keys (table);
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
