/* dkg-image-png.c — PNG in and out with libpng, from and to memory
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libpng reports errors by longjmp(). Each setjmp() sits in a function whose state lives in a
 * context struct reached through an unmodified pointer, so nothing a longjmp() skips over is
 * lost: the caller frees what the context holds, whichever way the function returned.
 *
 * Signed 16-bit images: PNG has no signed sample type. dkg_image_encode_png() stores them
 * offset-binary (stored = sample + 32768, i.e. the top bit flipped) and adds the tEXt chunk
 * `deepkeygen-signed` = `offset-32768`; our loaders undo it, so a signed image round-trips
 * bit-exactly. Other programs see an unsigned image whose zero is at 32768.
 */
#include <errno.h>
#include <setjmp.h>
#include <string.h>

#include <gio/gio.h>
#include <png.h>

#include "dkg-error.h"
#include "dkg-file.h"
#include "dkg-image-private.h"

/* Largest ancillary chunk libpng may allocate for us (the container's iTXt is a few kB). */
#define PNG_CHUNK_MAX (16u * 1024 * 1024)
/* Largest single allocation libpng may make while reading: a chunk of PNG_CHUNK_MAX bytes;
 * its row buffers (≤ 32768 px × 4 channels × 2 bytes) and zlib's state are far smaller. */
#define PNG_READ_MALLOC_MAX (PNG_CHUNK_MAX + 1024)

typedef struct
{
  const char   *name;
  /* Source: memory (mem != NULL) or a stdio stream */
  const guint8 *mem;
  gsize         mem_len;
  gsize         mem_pos;
  FILE         *fp;
  int           read_errno;       /* errno of a failed fread(), 0 otherwise */
  char          message[256];     /* libpng's error message */
  /* Owned, freed by png_read_clear() */
  png_structp   png;
  png_infop     info;
  DkgImage     *image;
  png_bytepp    rows;
  char         *itxt;
  /* Set when the error is ours, not libpng's */
  GError       *own_error;
} PngRead;

typedef struct
{
  GByteArray   *out;
  char          message[256];
  /* Owned, freed by png_write_clear() */
  png_structp   png;
  png_infop     info;
  guint8       *row;
} PngWrite;

static void
png_error_cb (png_structp png, png_const_charp message)
{
  char *buffer = png_get_error_ptr (png);

  g_strlcpy (buffer, message != NULL ? message : "unknown libpng error", 256);
  png_longjmp (png, 1);
}

static void
png_warning_cb (png_structp png, png_const_charp message)
{
  /* Warnings (bad ancillary CRCs, unknown chunks) are not errors and are not printed. */
}

/* libpng's allocator for reading. png_set_chunk_malloc_max() alone does not bound memory:
 * libpng reports a chunk over the limit as a benign error, that is a warning, and then
 * allocates and zero-fills the chunk's claimed length anyway — up to 2 GiB for a 658-byte file
 * whose iTXt chunk claims 2³¹ bytes (found by fuzzing, tests/data/bad/REGRESSIONS.md). Refusing
 * the allocation makes libpng skip the chunk, and the missing data makes the file truncated. */
static png_voidp
png_read_malloc_cb (png_structp png, png_alloc_size_t size)
{
  return size <= PNG_READ_MALLOC_MAX ? g_try_malloc (size) : NULL;
}

static void
png_read_free_cb (png_structp png, png_voidp ptr)
{
  g_free (ptr);
}

static void
png_read_cb (png_structp png, png_bytep data, png_size_t length)
{
  PngRead *r = png_get_io_ptr (png);

  if (r->mem != NULL)
    {
      if (length > r->mem_len - r->mem_pos)
        png_error (png, "the file is truncated");
      memcpy (data, r->mem + r->mem_pos, length);
      r->mem_pos += length;
      return;
    }
  if (fread (data, 1, length, r->fp) != length)
    {
      if (ferror (r->fp))
        {
          r->read_errno = errno != 0 ? errno : EIO;
          png_error (png, g_strerror (r->read_errno));
        }
      png_error (png, "the file is truncated");
    }
}

static void
png_read_clear (PngRead *r)
{
  if (r->png != NULL)
    png_destroy_read_struct (&r->png, &r->info, NULL);
  g_clear_pointer (&r->image, dkg_image_free);
  g_clear_pointer (&r->rows, g_free);
  g_clear_pointer (&r->itxt, g_free);
  g_clear_error (&r->own_error);
}

/* The decode proper; libpng errors longjmp() out of it into png_read_run(). */
static gboolean
png_read_body (PngRead    *r,
               const char *itxt_keyword)
{
  png_uint_32 width, height;
  int bit_depth, color_type, interlace;
  int n_text = 0;
  png_textp text = NULL;
  gsize rowbytes;
  guint channels, depth;

  png_set_read_fn (r->png, r, png_read_cb);
  /* The PNG limit (2³¹−1) so that libpng accepts any valid IHDR and we report over-size
   * images as too large rather than as corrupt. */
  png_set_user_limits (r->png, PNG_UINT_31_MAX, PNG_UINT_31_MAX);
  png_set_chunk_malloc_max (r->png, PNG_CHUNK_MAX);
  png_read_info (r->png, r->info);
  png_get_IHDR (r->png, r->info, &width, &height, &bit_depth, &color_type, &interlace, NULL, NULL);
  if (width > DKG_IMAGE_MAX_DIM || height > DKG_IMAGE_MAX_DIM)
    {
      g_set_error (&r->own_error, DKG_ERROR, DKG_ERROR_TOO_LARGE,
                   "“%s”: image size %u×%u is over the limit of %u pixels per side",
                   r->name, (guint) width, (guint) height, (guint) DKG_IMAGE_MAX_DIM);
      return FALSE;
    }

  if (color_type == PNG_COLOR_TYPE_PALETTE)
    png_set_palette_to_rgb (r->png);
  if (color_type == PNG_COLOR_TYPE_GRAY && bit_depth < 8)
    png_set_expand_gray_1_2_4_to_8 (r->png);
  if (png_get_valid (r->png, r->info, PNG_INFO_tRNS))
    png_set_tRNS_to_alpha (r->png);
  if (bit_depth == 16 && G_BYTE_ORDER == G_LITTLE_ENDIAN)
    png_set_swap (r->png);
  png_set_interlace_handling (r->png);
  png_read_update_info (r->png, r->info);

  channels = png_get_channels (r->png, r->info);
  depth = png_get_bit_depth (r->png, r->info);
  rowbytes = png_get_rowbytes (r->png, r->info);
  if (channels < 1 || channels > 4 || (depth != 8 && depth != 16)
      || rowbytes != (gsize) width * channels * (depth / 8))
    {
      g_set_error (&r->own_error, DKG_ERROR, DKG_ERROR_UNSUPPORTED,
                   "“%s”: unexpected PNG layout (%u channels of %u bits)", r->name, channels,
                   depth);
      return FALSE;
    }
  /* Besides the image: the row pointers and libpng's own row buffers. */
  if (!dkg_image_check_size (width, height, channels, depth,
                             (guint64) height * sizeof (png_bytep) + 4 * (guint64) rowbytes,
                             r->name, &r->own_error))
    return FALSE;
  r->image = dkg_image_new (width, height, channels, depth, FALSE, &r->own_error);
  if (r->image == NULL)
    return FALSE;
  r->rows = g_try_new (png_bytep, height);
  if (r->rows == NULL)
    {
      g_set_error (&r->own_error, DKG_ERROR, DKG_ERROR_TOO_LARGE, "“%s”: out of memory", r->name);
      return FALSE;
    }
  for (guint y = 0; y < height; y++)
    r->rows[y] = r->image->data + (gsize) y * rowbytes;
  png_read_image (r->png, r->rows);
  png_read_end (r->png, r->info);

  png_get_text (r->png, r->info, &text, &n_text);
  for (int i = 0; i < n_text; i++)
    {
      gboolean is_itxt = text[i].compression == PNG_ITXT_COMPRESSION_NONE
                         || text[i].compression == PNG_ITXT_COMPRESSION_zTXt;
      gsize length = is_itxt ? text[i].itxt_length : text[i].text_length;

      if (strcmp (text[i].key, DKG_IMAGE_SIGNED_KEYWORD) == 0 && depth == 16)
        {
          if (text[i].text == NULL || strcmp (text[i].text, DKG_IMAGE_SIGNED_VALUE) != 0)
            {
              g_set_error (&r->own_error, DKG_ERROR, DKG_ERROR_UNSUPPORTED,
                           "“%s”: unknown signed-sample encoding “%s”", r->name,
                           text[i].text != NULL ? text[i].text : "");
              return FALSE;
            }
          _dkg_image_toggle_offset ((guint16 *) r->image->data, dkg_image_n_samples (r->image));
          r->image->is_signed = TRUE;
        }
      else if (itxt_keyword != NULL && is_itxt && r->itxt == NULL
               && strcmp (text[i].key, itxt_keyword) == 0)
        {
          const char *t = text[i].text != NULL ? text[i].text : "";

          if (!g_utf8_validate (t, length, NULL) || strlen (t) != length)
            {
              g_set_error (&r->own_error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                           "“%s”: the iTXt chunk “%s” is not valid UTF-8", r->name, itxt_keyword);
              return FALSE;
            }
          r->itxt = g_strndup (t, length);
        }
    }
  return TRUE;
}

/* Runs the decode; FALSE with r->message (libpng) or r->own_error set. */
static gboolean
png_read_run (PngRead    *r,
              const char *itxt_keyword)
{
  if (setjmp (png_jmpbuf (r->png)))
    return FALSE;
  return png_read_body (r, itxt_keyword);
}

static DkgImage *
png_read_common (PngRead     *r,
                 const char  *itxt_keyword,
                 char       **itxt_text,
                 GError     **error)
{
  DkgImage *image = NULL;

  r->png = png_create_read_struct_2 (PNG_LIBPNG_VER_STRING, r->message, png_error_cb,
                                     png_warning_cb, NULL, png_read_malloc_cb, png_read_free_cb);
  if (r->png != NULL)
    r->info = png_create_info_struct (r->png);
  if (r->png == NULL || r->info == NULL)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_FAILED, "“%s”: could not start libpng", r->name);
      png_read_clear (r);
      return NULL;
    }

  if (png_read_run (r, itxt_keyword))
    {
      image = g_steal_pointer (&r->image);
      image->source_format = g_strdup ("png");
      if (itxt_text != NULL)
        *itxt_text = g_steal_pointer (&r->itxt);
    }
  else if (r->own_error != NULL)
    g_propagate_error (error, g_steal_pointer (&r->own_error));
  else if (r->read_errno != 0)
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (r->read_errno),
                 "Could not read “%s”: %s", r->name, g_strerror (r->read_errno));
  else
    g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                 "“%s” is not a valid PNG file: %s", r->name, r->message);
  png_read_clear (r);
  return image;
}

DkgImage *
_dkg_image_load_png_file (FILE        *fp,
                          const char  *name,
                          GError     **error)
{
  PngRead r = { 0 };

  r.name = name;
  r.fp = fp;
  return png_read_common (&r, NULL, NULL, error);
}

/**
 * dkg_image_load_png_bytes:
 * @bytes: a PNG file in memory
 * @name: (nullable): what to call it in messages (a file name); %NULL for "PNG data"
 * @itxt_keyword: (nullable): keyword of an iTXt chunk to return, e.g. "deepkeygen"
 * @itxt_text: (out) (optional) (nullable) (transfer full): the UTF-8 text of the first iTXt
 *   chunk named @itxt_keyword (before or after the image data), or %NULL if there is none
 * @error: return location for a #GError
 *
 * Decodes a PNG from memory like dkg_image_load() does from a file: every colour type and bit
 * depth; palette, sub-byte grey and tRNS expanded to 8-bit samples with alpha; 16-bit kept
 * 16-bit (host byte order); signed images written by dkg_image_encode_png() restored to
 * signed. Checks the IHDR size against the limits before allocating.
 *
 * Returns: (transfer full) (nullable): the image, or %NULL with %DKG_ERROR_INVALID_FILE (not a
 *   PNG, corrupt, truncated, iTXt not UTF-8), %DKG_ERROR_TOO_LARGE or %DKG_ERROR_UNSUPPORTED
 */
DkgImage *
dkg_image_load_png_bytes (GBytes      *bytes,
                          const char  *name,
                          const char  *itxt_keyword,
                          char       **itxt_text,
                          GError     **error)
{
  PngRead r = { 0 };
  static const guint8 empty[1] = { 0 };

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (itxt_text != NULL)
    *itxt_text = NULL;
  r.name = name != NULL ? name : "PNG data";
  r.mem = g_bytes_get_data (bytes, &r.mem_len);
  if (r.mem == NULL)
    r.mem = empty;
  if (r.mem_len == 0)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE, "“%s” is empty", r.name);
      return NULL;
    }
  return png_read_common (&r, itxt_keyword, itxt_text, error);
}

/* ---- Writing ------------------------------------------------------------------------------ */

static void
png_write_cb (png_structp png, png_bytep data, png_size_t length)
{
  PngWrite *w = png_get_io_ptr (png);

  g_byte_array_append (w->out, data, length);
}

static void
png_flush_cb (png_structp png)
{
}

static void
png_write_clear (PngWrite *w)
{
  if (w->png != NULL)
    png_destroy_write_struct (&w->png, &w->info);
  g_clear_pointer (&w->row, g_free);
}

static gboolean
png_write_body (PngWrite       *w,
               const DkgImage *image,
               const char     *itxt_keyword,
               const char     *itxt_text,
               gboolean        incompressible)
{
  static const int color_types[] = { 0, PNG_COLOR_TYPE_GRAY, PNG_COLOR_TYPE_GRAY_ALPHA,
                                     PNG_COLOR_TYPE_RGB, PNG_COLOR_TYPE_RGB_ALPHA };
  png_text text[2];
  int n_text = 0;
  gsize rowbytes = (gsize) image->width * image->channels * (image->bit_depth / 8);

  memset (text, 0, sizeof text);
  png_set_write_fn (w->png, w, png_write_cb, png_flush_cb);
  png_set_IHDR (w->png, w->info, image->width, image->height, image->bit_depth,
                color_types[image->channels], PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                PNG_FILTER_TYPE_DEFAULT);
  if (image->is_signed)
    {
      text[n_text].compression = PNG_TEXT_COMPRESSION_NONE;
      text[n_text].key = (char *) DKG_IMAGE_SIGNED_KEYWORD;
      text[n_text].text = (char *) DKG_IMAGE_SIGNED_VALUE;
      text[n_text].text_length = strlen (DKG_IMAGE_SIGNED_VALUE);
      n_text++;
    }
  if (itxt_keyword != NULL)
    {
      text[n_text].compression = PNG_ITXT_COMPRESSION_NONE;
      text[n_text].key = (char *) itxt_keyword;
      text[n_text].text = (char *) itxt_text;
      text[n_text].itxt_length = strlen (itxt_text);
      text[n_text].lang = (char *) "";
      text[n_text].lang_key = (char *) "";
      n_text++;
    }
  if (n_text > 0)
    png_set_text (w->png, w->info, text, n_text);
  if (incompressible)
    {
      /* Ciphertext does not compress: stored deflate blocks and no row filters write it
       * about ten times faster, and the file is no larger. */
      png_set_compression_level (w->png, 0);
      png_set_filter (w->png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
    }
  png_write_info (w->png, w->info);
  if (image->bit_depth == 16 && G_BYTE_ORDER == G_LITTLE_ENDIAN)
    png_set_swap (w->png);

  for (guint y = 0; y < image->height; y++)
    {
      const guint8 *src = image->data + (gsize) y * rowbytes;

      if (image->is_signed)
        {
          memcpy (w->row, src, rowbytes);
          _dkg_image_toggle_offset ((guint16 *) w->row, rowbytes / 2);
          src = w->row;
        }
      png_write_row (w->png, src);
    }
  png_write_end (w->png, w->info);
  return TRUE;
}

static gboolean
png_write_run (PngWrite       *w,
               const DkgImage *image,
               const char     *itxt_keyword,
               const char     *itxt_text,
               gboolean        incompressible)
{
  if (setjmp (png_jmpbuf (w->png)))
    return FALSE;
  return png_write_body (w, image, itxt_keyword, itxt_text, incompressible);
}

/* A PNG keyword: 1–79 printable Latin-1 characters, no leading, trailing or double spaces
 * (PNG spec §11.3.4.2); we allow the ASCII subset. */
static gboolean
keyword_is_valid (const char *k)
{
  gsize n = strlen (k);

  if (n < 1 || n > 79 || k[0] == ' ' || k[n - 1] == ' ' || strstr (k, "  ") != NULL)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (k[i] < 32 || k[i] > 126)
      return FALSE;
  return TRUE;
}

/**
 * dkg_image_encode_png:
 * @image: an image
 * @itxt_keyword: (nullable): keyword of an iTXt chunk to add: 1–79 printable ASCII
 *   characters, no leading, trailing or double spaces, not "deepkeygen-signed"
 * @itxt_text: (nullable): its text, UTF-8; required with @itxt_keyword
 * @error: return location for a #GError
 *
 * Encodes @image as a PNG in memory: colour type grey, grey + alpha, RGB or RGBA by the channel
 * count, the image's bit depth, not interlaced. The iTXt chunk, if any, is uncompressed, has an
 * empty language tag and comes before the image data. Signed 16-bit images are written
 * offset-binary (sample + 32768) with a tEXt chunk `deepkeygen-signed` = `offset-32768`, which
 * dkg_image_load() and dkg_image_load_png_bytes() recognise, so they round-trip bit-exactly.
 *
 * Returns: (transfer full) (nullable): the PNG file's bytes, or %NULL with
 *   %DKG_ERROR_INVALID_ARGUMENT (bad keyword, text not UTF-8) or %DKG_ERROR_FAILED (libpng)
 */
GBytes *
dkg_image_encode_png (const DkgImage  *image,
                      const char      *itxt_keyword,
                      const char      *itxt_text,
                      GError         **error)
{
  return dkg_image_encode_png_full (image, itxt_keyword, itxt_text, FALSE, error);
}

/**
 * dkg_image_encode_png_full:
 * @image: an image
 * @itxt_keyword: (nullable): as for dkg_image_encode_png()
 * @itxt_text: (nullable): as for dkg_image_encode_png()
 * @incompressible: %TRUE for data that does not compress (ciphertext): deflate level 1 and no
 *   row filters, about ten times faster for the same size
 * @error: return location for a #GError
 *
 * dkg_image_encode_png() with control over compression; the samples written are the same.
 *
 * Returns: (transfer full) (nullable): the PNG file's bytes, or %NULL with the errors of
 *   dkg_image_encode_png()
 */
GBytes *
dkg_image_encode_png_full (const DkgImage  *image,
                           const char      *itxt_keyword,
                           const char      *itxt_text,
                           gboolean         incompressible,
                           GError         **error)
{
  PngWrite w = { 0 };
  GBytes *result = NULL;

  g_return_val_if_fail (image != NULL && image->data != NULL, NULL);
  g_return_val_if_fail (image->channels >= 1 && image->channels <= 4, NULL);
  g_return_val_if_fail (image->bit_depth == 8 || image->bit_depth == 16, NULL);
  g_return_val_if_fail (!image->is_signed || image->bit_depth == 16, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (itxt_keyword != NULL
      && (!keyword_is_valid (itxt_keyword) || strcmp (itxt_keyword, DKG_IMAGE_SIGNED_KEYWORD) == 0))
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                   "“%s” is not a valid PNG text keyword", itxt_keyword);
      return NULL;
    }
  if (itxt_keyword != NULL && (itxt_text == NULL || !g_utf8_validate (itxt_text, -1, NULL)))
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                   "the text for the iTXt chunk “%s” is missing or not valid UTF-8", itxt_keyword);
      return NULL;
    }

  w.png = png_create_write_struct (PNG_LIBPNG_VER_STRING, w.message, png_error_cb,
                                   png_warning_cb);
  if (w.png != NULL)
    w.info = png_create_info_struct (w.png);
  if (w.png == NULL || w.info == NULL)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_FAILED, "could not start libpng");
      png_write_clear (&w);
      return NULL;
    }
  w.out = g_byte_array_new ();
  if (image->is_signed)
    w.row = g_malloc ((gsize) image->width * image->channels * 2);

  if (png_write_run (&w, image, itxt_keyword, itxt_text, incompressible))
    result = g_byte_array_free_to_bytes (g_steal_pointer (&w.out));
  else
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_FAILED, "could not encode PNG: %s", w.message);
      g_byte_array_unref (w.out);
    }
  png_write_clear (&w);
  return result;
}

static GIOErrorEnum
io_error_from_file_error (int code)
{
  switch (code)
    {
    case G_FILE_ERROR_EXIST:       return G_IO_ERROR_EXISTS;
    case G_FILE_ERROR_ISDIR:       return G_IO_ERROR_IS_DIRECTORY;
    case G_FILE_ERROR_ACCES:       return G_IO_ERROR_PERMISSION_DENIED;
    case G_FILE_ERROR_PERM:        return G_IO_ERROR_PERMISSION_DENIED;
    case G_FILE_ERROR_NAMETOOLONG: return G_IO_ERROR_FILENAME_TOO_LONG;
    case G_FILE_ERROR_NOENT:       return G_IO_ERROR_NOT_FOUND;
    case G_FILE_ERROR_NOTDIR:      return G_IO_ERROR_NOT_DIRECTORY;
    case G_FILE_ERROR_ROFS:        return G_IO_ERROR_READ_ONLY;
    case G_FILE_ERROR_LOOP:        return G_IO_ERROR_TOO_MANY_LINKS;
    case G_FILE_ERROR_NOSPC:       return G_IO_ERROR_NO_SPACE;
    case G_FILE_ERROR_NOMEM:       return G_IO_ERROR_NO_SPACE;
    case G_FILE_ERROR_INVAL:       return G_IO_ERROR_INVALID_ARGUMENT;
    case G_FILE_ERROR_MFILE:       return G_IO_ERROR_TOO_MANY_OPEN_FILES;
    default:                       return G_IO_ERROR_FAILED;
    }
}

/**
 * dkg_image_write_png:
 * @image: an image
 * @itxt_keyword: (nullable): keyword of an iTXt chunk to add, as for dkg_image_encode_png()
 * @itxt_text: (nullable): its UTF-8 text; %NULL when @itxt_keyword is %NULL
 * @path: where to write, in the GLib file name encoding
 * @mode: permissions of the new file before the umask, e.g. 0600 for a key, 0666 otherwise
 * @error: return location for a #GError
 *
 * Encodes @image with dkg_image_encode_png() and writes it atomically with
 * dkg_file_set_contents() (docs/SPECIFICATION.md §10): on failure @path is left as it was and
 * no temporary file remains.
 *
 * Returns: %TRUE on success; %FALSE with an error of dkg_image_encode_png() or the
 *   %G_FILE_ERROR of dkg_file_set_contents() (its message names @path)
 */
gboolean
dkg_image_write_png (const DkgImage  *image,
                     const char      *itxt_keyword,
                     const char      *itxt_text,
                     const char      *path,
                     int              mode,
                     GError         **error)
{
  g_autoptr(GBytes) png = NULL;
  gconstpointer data;
  gsize len;

  g_return_val_if_fail (image != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  png = dkg_image_encode_png (image, itxt_keyword, itxt_text, error);
  if (png == NULL)
    return FALSE;
  data = g_bytes_get_data (png, &len);
  return dkg_file_set_contents (path, data, len, mode, error);
}

/**
 * dkg_image_save_png:
 * @image: an image
 * @path: where to write, in the GLib file name encoding
 * @error: return location for a #GError
 *
 * dkg_image_write_png() without iTXt, mode 0644, with the failures to write as %G_IO_ERROR:
 * to an unnamed file in the same directory, flushed, then renamed over @path. On failure, a
 * kill included, @path is left as it was and no temporary file remains.
 *
 * Returns: %TRUE on success; %FALSE with %G_IO_ERROR (the file cannot be written: the code of
 *   dkg_file_set_contents()'s %G_FILE_ERROR, the same message) or the errors of
 *   dkg_image_encode_png()
 */
gboolean
dkg_image_save_png (const DkgImage  *image,
                    const char      *path,
                    GError         **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (image != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (dkg_image_write_png (image, NULL, NULL, path, 0644, &local_error))
    return TRUE;
  if (local_error->domain == G_FILE_ERROR)
    g_set_error_literal (error, G_IO_ERROR, io_error_from_file_error (local_error->code),
                         local_error->message);
  else
    g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}
