/* dkg-safetensors-private.h — internals shared by the safetensors files (dkg-safetensors.c: the
 * tensors and lookups; -write.c: serialising; -read.c: parsing; dkg-json-strict.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "dkg-safetensors.h"

G_BEGIN_DECLS

/**
 * DkgJsonProblem:
 * @DKG_JSON_OK: the text is strict JSON
 * @DKG_JSON_INVALID: not strict RFC 8259 JSON, a duplicate object key, an integer outside
 *   gint64, or nesting deeper than the limit
 * @DKG_JSON_UNSUPPORTED: valid JSON that C strings cannot carry (a string containing U+0000)
 */
typedef enum
{
  DKG_JSON_OK,
  DKG_JSON_INVALID,
  DKG_JSON_UNSUPPORTED,
} DkgJsonProblem;

DkgJsonProblem _dkg_json_check_strict (const char *text,
                                       gsize       len,
                                       guint       max_depth,
                                       gsize      *error_offset,
                                       char      **error_message);

char          *_dkg_json_fix_glib_escapes (const char *text,
                                           gsize       len,
                                           gsize      *out_len);

typedef struct
{
  const char *name;
  guint       size;        /* bytes per element; 0 for the sub-byte types we do not read */
  guint       swap_unit;   /* bytes reversed together on a big-endian host */
} DtypeInfo;

#define DTYPE_F32 (&_dkg_safetensors_dtypes[15])
#define DTYPE_I64 (&_dkg_safetensors_dtypes[18])

/* What an empty tensor's data pointer points at: never NULL, 8-byte aligned. */
extern const guint64 _dkg_safetensors_empty_data[1];
extern const DtypeInfo _dkg_safetensors_dtypes[];

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

const DtypeInfo *_dkg_safetensors_dtype_lookup (const char      *name);
void             _dkg_safetensors_copy_le      (guint8          *dst,
                                                const guint8    *src,
                                                gsize            n_bytes,
                                                guint            swap_unit);
DkgSafetensors  *_dkg_safetensors_new_named    (const char      *source);
GPtrArray       *_dkg_safetensors_sorted_keys  (GHashTable      *table);

G_END_DECLS
