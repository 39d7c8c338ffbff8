/* dkg-safetensors.h — safetensors model files (docs/SPECIFICATION.md §5.1)
 *
 * File layout (https://huggingface.co/docs/safetensors): an 8-byte little-endian unsigned
 * header length N, N bytes of UTF-8 JSON — an object mapping each tensor name to
 * {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, plus an optional
 * "__metadata__" object of string → string — then the data block: the tensors' raw
 * little-endian, row-major bytes, at [begin, end) relative to the start of the block.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/** DKG_SAFETENSORS_MAX_DIMS: most dimensions a tensor may have (more is DKG_ERROR_UNSUPPORTED). */
#define DKG_SAFETENSORS_MAX_DIMS 8

/** DKG_SAFETENSORS_MAX_HEADER: largest header length accepted, in bytes (the reference's limit). */
#define DKG_SAFETENSORS_MAX_HEADER 100000000

/**
 * DkgSafetensors:
 *
 * A set of named tensors plus string metadata: built in memory and written out, or read from a
 * file. Opaque; free with dkg_safetensors_free().
 */
typedef struct _DkgSafetensors DkgSafetensors;

DkgSafetensors *dkg_safetensors_new               (void);
void            dkg_safetensors_free              (DkgSafetensors  *st);

gboolean        dkg_safetensors_add_f32           (DkgSafetensors  *st,
                                                   const char      *name,
                                                   guint            ndim,
                                                   const gint64    *shape,
                                                   const float     *data);
gboolean        dkg_safetensors_add_i64           (DkgSafetensors  *st,
                                                   const char      *name,
                                                   guint            ndim,
                                                   const gint64    *shape,
                                                   const gint64    *data);
void            dkg_safetensors_set_metadata      (DkgSafetensors  *st,
                                                   const char      *key,
                                                   const char      *value);

GBytes         *dkg_safetensors_serialize         (DkgSafetensors  *st,
                                                   GError         **error);
gboolean        dkg_safetensors_save              (DkgSafetensors  *st,
                                                   const char      *path,
                                                   GError         **error);

DkgSafetensors *dkg_safetensors_load              (const char      *path,
                                                   GError         **error);
DkgSafetensors *dkg_safetensors_load_bytes        (GBytes          *bytes,
                                                   const char      *name_for_errors,
                                                   GError         **error);

guint           dkg_safetensors_get_n_tensors     (DkgSafetensors  *st);
char          **dkg_safetensors_list_names        (DkgSafetensors  *st);
gboolean        dkg_safetensors_contains          (DkgSafetensors  *st,
                                                   const char      *name);
gconstpointer   dkg_safetensors_get_raw           (DkgSafetensors  *st,
                                                   const char      *name,
                                                   const char     **dtype,
                                                   guint           *ndim,
                                                   gint64          *shape_out,
                                                   gsize           *n_bytes);
const float    *dkg_safetensors_get_f32           (DkgSafetensors  *st,
                                                   const char      *name,
                                                   guint           *ndim,
                                                   gint64          *shape_out);
const gint64   *dkg_safetensors_get_i64           (DkgSafetensors  *st,
                                                   const char      *name,
                                                   guint           *ndim,
                                                   gint64          *shape_out);
const float    *dkg_safetensors_require_f32       (DkgSafetensors  *st,
                                                   const char      *name,
                                                   guint            ndim,
                                                   const gint64    *shape,
                                                   GError         **error);
const gint64   *dkg_safetensors_require_i64       (DkgSafetensors  *st,
                                                   const char      *name,
                                                   guint            ndim,
                                                   const gint64    *shape,
                                                   GError         **error);

const char     *dkg_safetensors_get_metadata      (DkgSafetensors  *st,
                                                   const char      *key);
char          **dkg_safetensors_list_metadata_keys (DkgSafetensors *st);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkgSafetensors, dkg_safetensors_free)

G_END_DECLS
