/* dkg-png-chunks.c — walking a PNG file's chunks and writing new ones (PNG spec §5)
 *
 * A small chunk walker for code that edits a PNG without decoding it (the wrapped-key chunk of
 * crypto/dkg-rsa-wrap.c): signature, then chunks of length (≤ 2³¹ − 1, never past the end),
 * type (four ASCII letters), data and CRC-32 (ISO 3309, zlib's crc32() over type ‖ data), each
 * verified; IHDR first; the walk stops after IEND.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>
#include <zlib.h>

#include "dkg-bytes.h"
#include "dkg-error.h"
#include "dkg-png-chunks.h"

const guint8 dkg_png_signature[DKG_PNG_SIGNATURE_SIZE] = { 137, 80, 78, 71, 13, 10, 26, 10 };

/* CRC-32 of type ‖ data (PNG spec §5.5). */
static guint32
chunk_crc (const guint8 *type,
           const guint8 *data,
           gsize         length)
{
  return (guint32) crc32_z (crc32 (crc32 (0L, Z_NULL, 0), type, 4), data, length);
}

static gboolean
png_bad (const char  *name,
         const char  *what,
         GError     **error)
{
  g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE, "“%s” is not a valid PNG file: %s",
               name, what);
  return FALSE;
}

/**
 * dkg_png_chunks_parse:
 * @buf: (array length=len): a whole PNG file
 * @len: its size
 * @name: the file's name, for messages
 * @error: return location for a #GError
 *
 * Splits a PNG into its chunks, verifying the signature, every length, type and CRC, and that
 * IHDR comes first; stops after IEND (anything after it is ignored).
 *
 * Returns: (transfer full) (element-type DkgPngChunk) (nullable): the chunks, pointing into
 *   @buf; %NULL with %DKG_ERROR_INVALID_FILE naming @name and the defect
 */
GArray *
dkg_png_chunks_parse (const guint8  *buf,
                      gsize          len,
                      const char    *name,
                      GError       **error)
{
  g_autoptr(GArray) chunks = g_array_new (FALSE, TRUE, sizeof (DkgPngChunk));
  gsize pos = DKG_PNG_SIGNATURE_SIZE;
  gboolean ended = FALSE;

  g_return_val_if_fail (buf != NULL || len == 0, NULL);

  if (len < DKG_PNG_SIGNATURE_SIZE || memcmp (buf, dkg_png_signature, DKG_PNG_SIGNATURE_SIZE) != 0)
    return png_bad (name, "no PNG signature", error), NULL;
  while (!ended)
    {
      DkgPngChunk c = { 0 };

      if (len - pos < 12)
        return png_bad (name, "truncated (no IEND chunk)", error), NULL;
      c.offset = pos;
      c.length = dkg_bytes_get_be32 (buf + pos);
      if (c.length > DKG_PNG_MAX_CHUNK || c.length > len - pos - 12)
        return png_bad (name, "a chunk length runs past the end of the file", error), NULL;
      memcpy (c.type, buf + pos + 4, 4);
      for (int i = 0; i < 4; i++)
        if (!g_ascii_isalpha (c.type[i]))
          return png_bad (name, "a chunk type is not four letters", error), NULL;
      c.data = buf + pos + 8;
      if (chunk_crc (buf + pos + 4, c.data, c.length) != dkg_bytes_get_be32 (c.data + c.length))
        {
          g_autofree char *what = g_strdup_printf ("a %s chunk has a CRC error", c.type);
          return png_bad (name, what, error), NULL;
        }
      if (chunks->len == 0 && strcmp (c.type, "IHDR") != 0)
        return png_bad (name, "the first chunk is not IHDR", error), NULL;
      ended = strcmp (c.type, "IEND") == 0;
      g_array_append_val (chunks, c);
      pos += 12 + (gsize) c.length;
    }
  return g_steal_pointer (&chunks);
}

/**
 * dkg_png_itxt_parse:
 * @chunk: an iTXt chunk
 * @itxt: (out caller-allocates): its fields
 *
 * Returns: %FALSE if the chunk's data is not a well-formed iTXt (PNG spec §11.3.4.5)
 */
gboolean
dkg_png_itxt_parse (const DkgPngChunk *chunk,
                    DkgPngItxt        *itxt)
{
  const char *p = (const char *) chunk->data, *end = p + chunk->length, *z;

  z = memchr (p, '\0', chunk->length);
  if (z == NULL || z == p || z - p > 79 || end - z < 3)
    return FALSE;
  itxt->keyword = p;
  itxt->keyword_len = (gsize) (z - p);
  itxt->compressed = z[1] != 0;
  p = z + 3;                                   /* compression flag and method */
  z = memchr (p, '\0', (gsize) (end - p));     /* language tag */
  if (z == NULL)
    return FALSE;
  p = z + 1;
  z = memchr (p, '\0', (gsize) (end - p));     /* translated keyword */
  if (z == NULL)
    return FALSE;
  itxt->text = z + 1;
  itxt->text_len = (gsize) (end - itxt->text);
  return TRUE;
}

/**
 * dkg_png_chunk_is_itxt:
 * @chunk: any chunk
 * @keyword: the keyword wanted
 * @itxt: (out caller-allocates): the fields, when it is
 *
 * Returns: whether @chunk is a well-formed iTXt chunk with @keyword
 */
gboolean
dkg_png_chunk_is_itxt (const DkgPngChunk *chunk,
                       const char        *keyword,
                       DkgPngItxt        *itxt)
{
  return strcmp (chunk->type, "iTXt") == 0 && dkg_png_itxt_parse (chunk, itxt)
         && itxt->keyword_len == strlen (keyword)
         && memcmp (itxt->keyword, keyword, itxt->keyword_len) == 0;
}

/**
 * dkg_png_append_chunk:
 * @out: the file being written
 * @type: four ASCII letters
 * @data: (array length=length): the chunk's data
 * @length: at most %DKG_PNG_MAX_CHUNK bytes
 *
 * Appends length, type, data and CRC-32.
 */
void
dkg_png_append_chunk (GByteArray   *out,
                      const char   *type,
                      const guint8 *data,
                      gsize         length)
{
  guint8 be[4];

  g_return_if_fail (length <= DKG_PNG_MAX_CHUNK);

  dkg_bytes_put_be32 (be, (guint32) length);
  g_byte_array_append (out, be, 4);
  g_byte_array_append (out, (const guint8 *) type, 4);
  g_byte_array_append (out, data, (guint) length);
  dkg_bytes_put_be32 (be, chunk_crc ((const guint8 *) type, data, length));
  g_byte_array_append (out, be, 4);
}
