/* dkg-image-tiff.c — TIFF in with libtiff 4: 8/16-bit grey, grey + alpha, RGB, RGBA
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libtiff reports through handlers. Per-file handlers (TIFFOpenOptions, libtiff ≥ 4.5) collect
 * the first error message for the GError; the process-wide handlers are cleared once so that
 * nothing is ever printed to stderr.
 */
#include <stdarg.h>
#include <string.h>

#include <tiffio.h>

#include "dkg-error.h"
#include "dkg-image-private.h"

/* Largest single allocation libtiff may make for us (a strip or tile buffer). */
#define TIFF_MAX_SINGLE_ALLOC ((tmsize_t) 1 << 30)

typedef struct
{
  char message[512];
} TiffErrors;

static int
tiff_error_cb (TIFF *tif, void *user_data, const char *module, const char *fmt, va_list ap)
{
  TiffErrors *e = user_data;

  if (e != NULL && e->message[0] == '\0')
    g_vsnprintf (e->message, sizeof e->message, fmt, ap);
  return 1;   /* handled: do not call the global handler */
}

static int
tiff_warning_cb (TIFF *tif, void *user_data, const char *module, const char *fmt, va_list ap)
{
  return 1;
}

static gpointer
tiff_silence_globals (gpointer data)
{
  TIFFSetErrorHandler (NULL);
  TIFFSetWarningHandler (NULL);
  return NULL;
}

/* Copies samples of one plane (@src, @n_pixels × 1 sample) into every @channels-th sample of
 * @dst, starting at channel @c. */
static void
scatter_plane (guint8 *dst, const guint8 *src, gsize n_pixels, guint channels, guint c,
               guint bytes)
{
  for (gsize i = 0; i < n_pixels; i++)
    memcpy (dst + (i * channels + c) * bytes, src + i * bytes, bytes);
}

static gboolean
read_strips (TIFF *tif, DkgImage *image, gboolean separate, TiffErrors *errors,
             const char *name, GError **error)
{
  guint bytes = image->bit_depth / 8;
  gsize rowbytes = (gsize) image->width * image->channels * bytes;
  gsize planebytes = (gsize) image->width * bytes;
  guint n_planes = separate ? image->channels : 1;
  g_autofree guint8 *buffer = NULL;
  tmsize_t scanline = TIFFScanlineSize (tif);

  if (scanline <= 0 || (gsize) scanline != (separate ? planebytes : rowbytes))
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                   "“%s”: inconsistent TIFF row size", name);
      return FALSE;
    }
  if (separate)
    buffer = g_malloc (planebytes);
  for (guint s = 0; s < n_planes; s++)
    for (guint y = 0; y < image->height; y++)
      {
        guint8 *row = image->data + (gsize) y * rowbytes;

        if (TIFFReadScanline (tif, separate ? buffer : row, y, (uint16_t) s) < 0)
          {
            g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                         "“%s” is a damaged TIFF file: %s", name,
                         errors->message[0] ? errors->message : "could not read the image data");
            return FALSE;
          }
        if (separate)
          scatter_plane (row, buffer, image->width, image->channels, s, bytes);
      }
  return TRUE;
}

static gboolean
read_tiles (TIFF *tif, DkgImage *image, gboolean separate, TiffErrors *errors,
            const char *name, GError **error)
{
  guint bytes = image->bit_depth / 8;
  guint32 tw = 0, th = 0;
  guint n_planes = separate ? image->channels : 1;
  guint spp = separate ? 1 : image->channels;
  gsize rowbytes = (gsize) image->width * image->channels * bytes;
  g_autofree guint8 *tile = NULL;
  tmsize_t tile_size = TIFFTileSize (tif);

  TIFFGetField (tif, TIFFTAG_TILEWIDTH, &tw);
  TIFFGetField (tif, TIFFTAG_TILELENGTH, &th);
  if (tw == 0 || th == 0 || tile_size <= 0
      || (guint64) tile_size != (guint64) tw * th * spp * bytes)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                   "“%s”: inconsistent TIFF tile size", name);
      return FALSE;
    }
  if (!dkg_image_check_size (tw, th, spp, image->bit_depth, 0, name, error))
    return FALSE;
  tile = g_try_malloc (tile_size);
  if (tile == NULL)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_TOO_LARGE, "“%s”: out of memory", name);
      return FALSE;
    }
  for (guint s = 0; s < n_planes; s++)
    for (guint32 y0 = 0; y0 < image->height; y0 += th)
      for (guint32 x0 = 0; x0 < image->width; x0 += tw)
        {
          guint32 w = MIN (tw, image->width - x0);
          guint32 h = MIN (th, image->height - y0);

          if (TIFFReadTile (tif, tile, x0, y0, 0, (uint16_t) s) < 0)
            {
              g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                           "“%s” is a damaged TIFF file: %s", name,
                           errors->message[0] ? errors->message : "could not read a tile");
              return FALSE;
            }
          for (guint32 y = 0; y < h; y++)
            {
              guint8 *dst = image->data + (gsize) (y0 + y) * rowbytes
                            + (gsize) x0 * image->channels * bytes;
              const guint8 *src = tile + (gsize) y * tw * spp * bytes;

              if (separate)
                scatter_plane (dst, src, w, image->channels, s, bytes);
              else
                memcpy (dst, src, (gsize) w * spp * bytes);
            }
        }
  return TRUE;
}

DkgImage *
_dkg_image_load_tiff (const char  *path,
                      const char  *name,
                      GError     **error)
{
  static GOnce silence = G_ONCE_INIT;
  TiffErrors errors = { { 0 } };
  TIFFOpenOptions *opts;
  TIFF *tif;
  guint32 width = 0, height = 0;
  guint16 spp = 1, bps = 1, format = SAMPLEFORMAT_UINT, planar = PLANARCONFIG_CONTIG;
  guint16 photometric = 0, compression = COMPRESSION_NONE;
  gboolean separate, is_signed = FALSE;
  DkgImage *image = NULL;
  GError *local = NULL;
  gboolean ok;

  g_once (&silence, tiff_silence_globals, NULL);

  opts = TIFFOpenOptionsAlloc ();
  TIFFOpenOptionsSetErrorHandlerExtR (opts, tiff_error_cb, &errors);
  TIFFOpenOptionsSetWarningHandlerExtR (opts, tiff_warning_cb, NULL);
  TIFFOpenOptionsSetMaxSingleMemAlloc (opts, TIFF_MAX_SINGLE_ALLOC);
  /* "m": no memory mapping, so a file truncated while we read it cannot raise SIGBUS. */
  tif = TIFFOpenExt (path, "rm", opts);
  TIFFOpenOptionsFree (opts);
  if (tif == NULL)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE, "“%s” is not a valid TIFF file: %s",
                   name, errors.message[0] ? errors.message : "cannot read its header");
      return NULL;
    }

  TIFFGetField (tif, TIFFTAG_IMAGEWIDTH, &width);
  TIFFGetField (tif, TIFFTAG_IMAGELENGTH, &height);
  TIFFGetFieldDefaulted (tif, TIFFTAG_SAMPLESPERPIXEL, &spp);
  TIFFGetFieldDefaulted (tif, TIFFTAG_BITSPERSAMPLE, &bps);
  TIFFGetFieldDefaulted (tif, TIFFTAG_SAMPLEFORMAT, &format);
  TIFFGetFieldDefaulted (tif, TIFFTAG_PLANARCONFIG, &planar);
  TIFFGetFieldDefaulted (tif, TIFFTAG_COMPRESSION, &compression);
  if (!TIFFGetField (tif, TIFFTAG_PHOTOMETRIC, &photometric))
    photometric = spp >= 3 ? PHOTOMETRIC_RGB : PHOTOMETRIC_MINISBLACK;
  separate = planar == PLANARCONFIG_SEPARATE && spp > 1;

  if (photometric == PHOTOMETRIC_YCBCR && compression == COMPRESSION_JPEG)
    {
      /* libjpeg converts YCbCr to RGB for us. */
      TIFFSetField (tif, TIFFTAG_JPEGCOLORMODE, JPEGCOLORMODE_RGB);
      photometric = PHOTOMETRIC_RGB;
    }

  if (!TIFFIsCODECConfigured (compression))
    g_set_error (&local, DKG_ERROR, DKG_ERROR_UNSUPPORTED,
                 "“%s”: TIFF compression scheme %u is not available", name, compression);
  else if (bps != 8 && bps != 16)
    g_set_error (&local, DKG_ERROR, DKG_ERROR_UNSUPPORTED,
                 "“%s”: %u-bit TIFF samples are not supported (only 8 and 16 bits)", name, bps);
  else if (format == SAMPLEFORMAT_INT && bps == 16)
    is_signed = TRUE;
  else if (format != SAMPLEFORMAT_UINT)
    g_set_error (&local, DKG_ERROR, DKG_ERROR_UNSUPPORTED,
                 "“%s”: TIFF sample format %u at %u bits is not supported "
                 "(unsigned 8/16-bit or signed 16-bit integers)", name, format, bps);

  if (local == NULL)
    {
      if (!((photometric == PHOTOMETRIC_MINISBLACK && (spp == 1 || spp == 2))
            || (photometric == PHOTOMETRIC_RGB && (spp == 3 || spp == 4))))
        g_set_error (&local, DKG_ERROR, DKG_ERROR_UNSUPPORTED,
                     "“%s”: TIFF photometric interpretation %u with %u samples per pixel is not "
                     "supported (grey, grey + alpha, RGB, RGBA)", name, photometric, spp);
      else if (width == 0 || height == 0)
        g_set_error (&local, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                     "“%s”: the TIFF image is empty (%u×%u)", name, width, height);
      else if (dkg_image_check_size (width, height, spp, bps,
                                     (guint64) width * spp * bps / 8, name, &local))
        image = dkg_image_new (width, height, spp, bps, is_signed, &local);
    }
  if (image == NULL)
    {
      TIFFClose (tif);
      g_propagate_error (error, local);
      return NULL;
    }

  if (TIFFIsTiled (tif))
    ok = read_tiles (tif, image, separate, &errors, name, &local);
  else
    ok = read_strips (tif, image, separate, &errors, name, &local);
  TIFFClose (tif);
  if (!ok)
    {
      dkg_image_free (image);
      g_propagate_error (error, local);
      return NULL;
    }
  return image;
}
