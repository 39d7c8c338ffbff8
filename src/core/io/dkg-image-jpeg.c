/* dkg-image-jpeg.c — JPEG in with libjpeg(-turbo): 8-bit grey or RGB
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libjpeg's default error handler prints and exit()s; ours formats the message and longjmp()s
 * back to jpeg_read_run(). Warnings that mean the data is damaged (a truncated file, where
 * libjpeg would silently pad the image with grey, or corrupt entropy-coded data) are errors
 * too: a key or a ciphertext must never be computed from half an image.
 */
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include <jerror.h>
#include <jpeglib.h>

#include "dkg-error.h"
#include "dkg-image-private.h"

typedef struct
{
  struct jpeg_error_mgr           pub;
  jmp_buf                         jmp;
  char                            message[JMSG_LENGTH_MAX];
  int                             code;           /* libjpeg message code of the error */
  int                             damage;         /* first warning that means damaged data */
  char                            damage_message[JMSG_LENGTH_MAX];
} JpegErrorMgr;

typedef struct
{
  struct jpeg_decompress_struct   cinfo;
  JpegErrorMgr                    err;
  const char                     *name;
  FILE                           *fp;
  /* Owned */
  DkgImage                       *image;
  GError                         *own_error;
} JpegRead;

static void
jpeg_error_exit_cb (j_common_ptr cinfo)
{
  JpegErrorMgr *err = (JpegErrorMgr *) cinfo->err;

  err->code = err->pub.msg_code;
  err->pub.format_message (cinfo, err->message);
  longjmp (err->jmp, 1);
}

static gboolean
warning_is_damage (int code)
{
  switch (code)
    {
    case JWRN_JPEG_EOF:
    case JWRN_HIT_MARKER:
    case JWRN_HUFF_BAD_CODE:
    case JWRN_MUST_RESYNC:
    case JWRN_NOT_SEQUENTIAL:
    case JWRN_BOGUS_PROGRESSION:
      return TRUE;
    default:
      return FALSE;
    }
}

static void
jpeg_emit_message_cb (j_common_ptr cinfo, int msg_level)
{
  JpegErrorMgr *err = (JpegErrorMgr *) cinfo->err;

  /* msg_level −1 is a warning; ≥ 0 are trace messages, never printed. */
  if (msg_level < 0 && err->damage == 0 && warning_is_damage (err->pub.msg_code))
    {
      err->damage = err->pub.msg_code;
      err->pub.format_message (cinfo, err->damage_message);
    }
}

static void
jpeg_output_message_cb (j_common_ptr cinfo)
{
}

static gboolean
jpeg_read_body (JpegRead *r)
{
  j_decompress_ptr cinfo = &r->cinfo;
  guint channels;
  JSAMPROW row;

  jpeg_create_decompress (cinfo);
  jpeg_stdio_src (cinfo, r->fp);
  jpeg_read_header (cinfo, TRUE);

  switch (cinfo->jpeg_color_space)
    {
    case JCS_GRAYSCALE:
      cinfo->out_color_space = JCS_GRAYSCALE;
      channels = 1;
      break;
    case JCS_YCbCr:
    case JCS_RGB:
      cinfo->out_color_space = JCS_RGB;
      channels = 3;
      break;
    case JCS_CMYK:
    case JCS_YCCK:
      g_set_error (&r->own_error, DKG_ERROR, DKG_ERROR_UNSUPPORTED,
                   "“%s”: CMYK JPEG images are not supported (only grey and RGB)", r->name);
      return FALSE;
    default:
      g_set_error (&r->own_error, DKG_ERROR, DKG_ERROR_UNSUPPORTED,
                   "“%s”: JPEG colour space %d is not supported (only grey and RGB)", r->name,
                   (int) cinfo->jpeg_color_space);
      return FALSE;
    }
  if (cinfo->data_precision != 8)
    {
      g_set_error (&r->own_error, DKG_ERROR, DKG_ERROR_UNSUPPORTED,
                   "“%s”: %d-bit JPEG is not supported (only 8-bit)", r->name,
                   cinfo->data_precision);
      return FALSE;
    }
  /* libjpeg's working memory: a progressive or multi-scan file keeps every DCT coefficient
   * (2 bytes per sample per component) until the end. */
  if (!dkg_image_check_size (cinfo->image_width, cinfo->image_height, channels, 8,
                             (guint64) cinfo->image_width * cinfo->image_height
                             * cinfo->num_components * 2,
                             r->name, &r->own_error))
    return FALSE;
  r->image = dkg_image_new (cinfo->image_width, cinfo->image_height, channels, 8, FALSE,
                            &r->own_error);
  if (r->image == NULL)
    return FALSE;

  jpeg_start_decompress (cinfo);
  if (cinfo->output_components != (int) channels
      || cinfo->output_width != r->image->width || cinfo->output_height != r->image->height)
    {
      g_set_error (&r->own_error, DKG_ERROR, DKG_ERROR_UNSUPPORTED,
                   "“%s”: unexpected JPEG output layout", r->name);
      return FALSE;
    }
  while (cinfo->output_scanline < cinfo->output_height)
    {
      row = r->image->data + (gsize) cinfo->output_scanline * cinfo->output_width * channels;
      jpeg_read_scanlines (cinfo, &row, 1);
      if (r->err.damage != 0)
        break;
    }
  if (r->err.damage == 0)
    jpeg_finish_decompress (cinfo);
  if (r->err.damage != 0)
    {
      g_set_error (&r->own_error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                   "“%s” is a damaged JPEG file: %s", r->name,
                   r->err.damage == JWRN_JPEG_EOF ? "the file is truncated"
                                                  : r->err.damage_message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
jpeg_read_run (JpegRead *r)
{
  if (setjmp (r->err.jmp))
    return FALSE;
  return jpeg_read_body (r);
}

static gboolean
error_code_is_unsupported (int code)
{
  switch (code)
    {
    case JERR_BAD_PRECISION:
    case JERR_CONVERSION_NOTIMPL:
    case JERR_NOT_COMPILED:
    case JERR_ARITH_NOTIMPL:
    case JERR_NOTIMPL:
      return TRUE;
    default:
      return FALSE;
    }
}

DkgImage *
_dkg_image_load_jpeg (FILE        *fp,
                      const char  *name,
                      GError     **error)
{
  JpegRead *r = g_new0 (JpegRead, 1);
  DkgImage *image = NULL;

  r->name = name;
  r->fp = fp;
  r->cinfo.err = jpeg_std_error (&r->err.pub);
  r->err.pub.error_exit = jpeg_error_exit_cb;
  r->err.pub.emit_message = jpeg_emit_message_cb;
  r->err.pub.output_message = jpeg_output_message_cb;

  if (jpeg_read_run (r))
    image = g_steal_pointer (&r->image);
  else if (r->own_error != NULL)
    g_propagate_error (error, g_steal_pointer (&r->own_error));
  else
    g_set_error (error, DKG_ERROR,
                 error_code_is_unsupported (r->err.code) ? DKG_ERROR_UNSUPPORTED
                                                         : DKG_ERROR_INVALID_FILE,
                 "“%s” is not a valid JPEG file: %s", name,
                 r->err.code == JERR_INPUT_EMPTY || r->err.code == JERR_INPUT_EOF
                 ? "the file is truncated" : r->err.message);

  jpeg_destroy_decompress (&r->cinfo);
  g_clear_pointer (&r->image, dkg_image_free);
  g_clear_error (&r->own_error);
  g_free (r);
  return image;
}
