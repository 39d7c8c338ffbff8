/* dkg-safetensors-write.c — serialising a set of tensors as the reference implementation does
 * (docs/SPECIFICATION.md §5.1; layout rules in the module comment of dkg-safetensors.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <json-glib/json-glib.h>
#include <string.h>

#include "dkg-bytes.h"
#include "dkg-error.h"
#include "dkg-file.h"
#include "dkg-safetensors-private.h"

static int
compare_for_layout (gconstpointer a, gconstpointer b)
{
  const Tensor *ta = *(Tensor * const *) a;
  const Tensor *tb = *(Tensor * const *) b;

  if (ta->dtype != tb->dtype)
    return ta->dtype > tb->dtype ? -1 : 1;
  return strcmp (ta->name, tb->name);
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
      g_autoptr(GPtrArray) keys = _dkg_safetensors_sorted_keys (st->metadata);

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
  dkg_bytes_put_le64 (out, padded_len);
  memcpy (out + 8, header, header_len);
  memset (out + 8 + header_len, ' ', padded_len - header_len);
  pos = 8 + padded_len;
  for (guint i = 0; i < order->len; i++)
    {
      const Tensor *t = g_ptr_array_index (order, i);

      _dkg_safetensors_copy_le (out + pos, t->data, t->n_bytes, t->dtype->swap_unit);
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
