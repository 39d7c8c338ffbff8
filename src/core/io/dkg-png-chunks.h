/* dkg-png-chunks.h — walking a PNG file's chunks and writing new ones (PNG spec §5)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DKG_PNG_SIGNATURE_SIZE  8
#define DKG_PNG_MAX_CHUNK       0x7fffffffu

/**
 * DkgPngChunk:
 * @offset: of the chunk's length field in the file
 * @length: bytes of @data
 * @type: the four-letter type, NUL-terminated
 * @data: (array length=length): the chunk's data, inside the parsed buffer
 */
typedef struct
{
  gsize          offset;
  guint32        length;
  char           type[5];
  const guint8  *data;
} DkgPngChunk;

/**
 * DkgPngItxt:
 * @keyword: (array length=keyword_len): the keyword, not NUL-terminated
 * @keyword_len: its length, 1..79
 * @compressed: whether the text is zlib-compressed
 * @text: (array length=text_len): the text as stored
 * @text_len: its length
 *
 * An iTXt chunk split into its fields (PNG spec §11.3.4.5); the pointers are into the chunk.
 */
typedef struct
{
  const char    *keyword;
  gsize          keyword_len;
  gboolean       compressed;
  const char    *text;
  gsize          text_len;
} DkgPngItxt;

extern const guint8 dkg_png_signature[DKG_PNG_SIGNATURE_SIZE];

GArray   *dkg_png_chunks_parse   (const guint8       *buf,
                                  gsize               len,
                                  const char         *name,
                                  GError            **error);
gboolean  dkg_png_itxt_parse     (const DkgPngChunk  *chunk,
                                  DkgPngItxt         *itxt);
gboolean  dkg_png_chunk_is_itxt  (const DkgPngChunk  *chunk,
                                  const char         *keyword,
                                  DkgPngItxt         *itxt);
void      dkg_png_append_chunk   (GByteArray         *out,
                                  const char         *type,
                                  const guint8       *data,
                                  gsize               length);

G_END_DECLS
