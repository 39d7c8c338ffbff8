/* dkg-safetensors-read.c — parsing and validating a safetensors file (docs/SPECIFICATION.md
 * §5.1; the rules in the module comment of dkg-safetensors.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "dkg-bytes.h"
#include "dkg-error.h"
#include "dkg-safetensors-private.h"

/* Deepest nesting in a header: a valid one needs 3 (root, entry, shape); ignored members may
 * nest a little more. */
#define HEADER_MAX_DEPTH 64

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
  dtype = _dkg_safetensors_dtype_lookup (dtype_name);
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
  g_autoptr(DkgSafetensors) st = _dkg_safetensors_new_named (source);
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
          t->data = (const guint8 *) _dkg_safetensors_empty_data;
          continue;
        }
      src = base + t->begin;
      copy = G_BYTE_ORDER == G_BIG_ENDIAN ? t->dtype->swap_unit > 1
                                          : ((guintptr) src % t->dtype->size) != 0;
      if (copy)
        {
          t->owned = g_malloc (t->n_bytes);
          _dkg_safetensors_copy_le (t->owned, src, t->n_bytes, t->dtype->swap_unit);
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
  *n = dkg_bytes_get_le64 (prefix);
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
