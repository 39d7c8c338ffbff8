/* dkg-image.c — DkgImage: allocation with limits, comparison, and loading by content
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Limits (docs/SPECIFICATION.md §5.8) are checked before anything is allocated: width and height
 * ≤ DKG_IMAGE_MAX_DIM, and the bytes a decode needs against the memory the process can still
 * get (MemAvailable, the cgroup's memory.max, RLIMIT_AS, and an optional budget set with
 * dkg_image_set_memory_limit()).
 */
#include <errno.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "dkg-bytes.h"
#include "dkg-error.h"
#include "dkg-file.h"
#include "dkg-image-private.h"
#include "dkg-dicom.h"

G_LOCK_DEFINE_STATIC (memory_limit);
static guint64 memory_limit;

/**
 * dkg_image_set_memory_limit:
 * @max_bytes: the most bytes one image decode may use; 0 removes the budget
 *
 * Sets a process-wide budget that dkg_image_check_size() applies on top of the memory the
 * system reports as available (useful for an application that wants to keep headroom, and for
 * tests). Thread-safe.
 */
void
dkg_image_set_memory_limit (guint64 max_bytes)
{
  G_LOCK (memory_limit);
  memory_limit = max_bytes;
  G_UNLOCK (memory_limit);
}

/* Reads one unsigned decimal number from the start of a small file; FALSE if absent. */
static gboolean
read_u64_file (const char *path, guint64 *value)
{
  g_autofree char *text = NULL;
  char *end = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return FALSE;
  errno = 0;
  *value = g_ascii_strtoull (text, &end, 10);
  return end != text && errno == 0;
}

static guint64
meminfo_available (void)
{
  g_autofree char *text = NULL;
  const char *line;

  if (g_file_get_contents ("/proc/meminfo", &text, NULL, NULL)
      && (line = strstr (text, "MemAvailable:")) != NULL)
    {
      guint64 kib = g_ascii_strtoull (line + strlen ("MemAvailable:"), NULL, 10);

      if (kib > 0)
        return kib * 1024;
    }
#if defined(_SC_AVPHYS_PAGES) && defined(_SC_PAGESIZE)
  {
    long pages = sysconf (_SC_AVPHYS_PAGES);
    long page_size = sysconf (_SC_PAGESIZE);

    if (pages > 0 && page_size > 0)
      return (guint64) pages * (guint64) page_size;
  }
#endif
  return G_MAXUINT64;
}

/**
 * dkg_image_get_available_memory:
 *
 * Estimates how many more bytes this process can allocate: the smallest of the kernel's
 * MemAvailable (/proc/meminfo), the room left under a cgroup v2 memory.max, the room left under
 * RLIMIT_AS and the budget of dkg_image_set_memory_limit().
 *
 * Returns: bytes; %G_MAXUINT64 when nothing limits it
 */
guint64
dkg_image_get_available_memory (void)
{
  guint64 avail = meminfo_available ();
  guint64 max, current;
  struct rlimit rl;

  if (read_u64_file ("/sys/fs/cgroup/memory.max", &max)
      && read_u64_file ("/sys/fs/cgroup/memory.current", &current))
    avail = MIN (avail, max > current ? max - current : 0);

  if (getrlimit (RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
    {
      g_autofree char *statm = NULL;
      guint64 used = 0;

      if (g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL))
        used = g_ascii_strtoull (statm, NULL, 10) * (guint64) sysconf (_SC_PAGESIZE);
      avail = MIN (avail, (guint64) rl.rlim_cur > used ? (guint64) rl.rlim_cur - used : 0);
    }

  G_LOCK (memory_limit);
  if (memory_limit > 0)
    avail = MIN (avail, memory_limit);
  G_UNLOCK (memory_limit);
  return avail;
}

/**
 * dkg_image_check_size:
 * @width: pixels per row claimed by a file
 * @height: rows claimed by a file
 * @channels: 1..4
 * @bit_depth: 8 or 16
 * @extra_bytes: further bytes the decoder needs besides the image itself (row buffers, a whole
 *   volume, …)
 * @name: (nullable): display name of the file, for the message
 * @error: return location for a #GError
 *
 * Checks what a file claims before anything is allocated (docs/SPECIFICATION.md §5.8): 1 ≤ width,
 * height ≤ %DKG_IMAGE_MAX_DIM, and width·height·channels·bytes-per-sample + @extra_bytes within
 * dkg_image_get_available_memory().
 *
 * Returns: %TRUE if the image may be allocated; %FALSE with %DKG_ERROR_INVALID_ARGUMENT (zero
 *   size, channels or depth out of range) or %DKG_ERROR_TOO_LARGE
 */
gboolean
dkg_image_check_size (guint        width,
                      guint        height,
                      guint        channels,
                      guint        bit_depth,
                      guint64      extra_bytes,
                      const char  *name,
                      GError     **error)
{
  const char *prefix = name != NULL ? name : "image";
  guint64 need, avail;

  if (width == 0 || height == 0)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                   "%s: image size %u×%u is empty", prefix, width, height);
      return FALSE;
    }
  if (channels < 1 || channels > 4 || (bit_depth != 8 && bit_depth != 16))
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                   "%s: %u channels of %u bits are not an image layout this library holds "
                   "(1–4 channels of 8 or 16 bits)", prefix, channels, bit_depth);
      return FALSE;
    }
  if (width > DKG_IMAGE_MAX_DIM || height > DKG_IMAGE_MAX_DIM)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_TOO_LARGE,
                   "%s: image size %u×%u is over the limit of %u pixels per side",
                   prefix, width, height, (guint) DKG_IMAGE_MAX_DIM);
      return FALSE;
    }
  need = (guint64) width * height * channels * (bit_depth / 8);
  if (extra_bytes > G_MAXUINT64 - need)
    need = G_MAXUINT64;
  else
    need += extra_bytes;
  avail = dkg_image_get_available_memory ();
  if (need > avail || need > G_MAXSIZE)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_TOO_LARGE,
                   "%s: decoding the %u×%u image needs %" G_GUINT64_FORMAT " MiB, more than "
                   "the %" G_GUINT64_FORMAT " MiB of memory available",
                   prefix, width, height, (need + 1048575) / 1048576, avail / 1048576);
      return FALSE;
    }
  return TRUE;
}

/**
 * dkg_image_new:
 * @width: pixels per row, 1..%DKG_IMAGE_MAX_DIM
 * @height: rows, 1..%DKG_IMAGE_MAX_DIM
 * @channels: 1 grey, 2 grey + alpha, 3 RGB, 4 RGBA
 * @bit_depth: 8 or 16
 * @is_signed: samples are int16; only with @bit_depth 16
 * @error: return location for a #GError
 *
 * Allocates a zero-filled image after dkg_image_check_size(). The allocation itself is a
 * g_try_malloc0(), so a failure that the estimate missed is an error too, never an abort.
 *
 * Returns: (transfer full) (nullable): the image, or %NULL with %DKG_ERROR_INVALID_ARGUMENT
 *   (zero size, bad channels/depth, signed 8-bit) or %DKG_ERROR_TOO_LARGE
 */
DkgImage *
dkg_image_new (guint      width,
               guint      height,
               guint      channels,
               guint      bit_depth,
               gboolean   is_signed,
               GError   **error)
{
  g_autoptr(DkgImage) image = NULL;

  if (!dkg_image_check_size (width, height, channels, bit_depth, 0, NULL, error))
    return NULL;
  if (is_signed && bit_depth != 16)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                   "signed samples are supported at 16 bits only, not %u", bit_depth);
      return NULL;
    }

  image = g_new0 (DkgImage, 1);
  image->width = width;
  image->height = height;
  image->channels = channels;
  image->bit_depth = bit_depth;
  image->is_signed = is_signed ? TRUE : FALSE;
  image->data = g_try_malloc0 (dkg_image_n_bytes (image));
  if (image->data == NULL)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_TOO_LARGE,
                   "out of memory allocating a %u×%u image of %" G_GSIZE_FORMAT " bytes",
                   width, height, dkg_image_n_bytes (image));
      return NULL;
    }
  return g_steal_pointer (&image);
}

/**
 * dkg_image_copy:
 * @image: an image
 *
 * Returns: (transfer full): a deep copy of @image (data and source format); aborts only if
 *   memory for an image that already exists cannot be found again
 */
DkgImage *
dkg_image_copy (const DkgImage *image)
{
  DkgImage *copy;

  g_return_val_if_fail (image != NULL, NULL);

  copy = g_new0 (DkgImage, 1);
  *copy = *image;
  copy->data = g_memdup2 (image->data, dkg_image_n_bytes (image));
  copy->source_format = g_strdup (image->source_format);
  return copy;
}

/**
 * dkg_image_free:
 * @image: (nullable): an image
 *
 * Frees @image and its data.
 */
void
dkg_image_free (DkgImage *image)
{
  if (image == NULL)
    return;
  g_free (image->data);
  g_free (image->source_format);
  g_free (image);
}

/**
 * dkg_image_n_samples:
 * @image: an image
 *
 * Returns: width·height·channels
 */
gsize
dkg_image_n_samples (const DkgImage *image)
{
  g_return_val_if_fail (image != NULL, 0);

  return (gsize) image->width * image->height * image->channels;
}

/**
 * dkg_image_n_bytes:
 * @image: an image
 *
 * Returns: the size of @image->data in bytes: dkg_image_n_samples() · bit_depth / 8
 */
gsize
dkg_image_n_bytes (const DkgImage *image)
{
  g_return_val_if_fail (image != NULL, 0);

  return dkg_image_n_samples (image) * (image->bit_depth / 8);
}

/**
 * dkg_image_equal:
 * @a: (nullable): an image
 * @b: (nullable): an image
 *
 * Compares shape (width, height, channels, bit depth, signedness) and every sample bit for bit.
 * The source format is not compared: a PNG and a DICOM holding the same samples are equal.
 *
 * Returns: %TRUE if equal (two %NULLs are equal)
 */
gboolean
dkg_image_equal (const DkgImage *a,
                 const DkgImage *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  if (a->width != b->width || a->height != b->height || a->channels != b->channels
      || a->bit_depth != b->bit_depth || (!a->is_signed) != (!b->is_signed))
    return FALSE;
  return memcmp (a->data, b->data, dkg_image_n_bytes (a)) == 0;
}

void
_dkg_image_toggle_offset (guint16 *samples,
                          gsize    n)
{
  for (gsize i = 0; i < n; i++)
    samples[i] ^= 0x8000;
}

/* ---- Loading by content ------------------------------------------------------------------ */

typedef enum
{
  FORMAT_UNKNOWN,
  FORMAT_PNG,
  FORMAT_JPEG,
  FORMAT_TIFF,
  FORMAT_DICOM,
  FORMAT_NIFTI,
  FORMAT_NIFTI2,
  FORMAT_GZIP,
} Format;

/* Does @head (of @len bytes, maybe a truncated file) start with @magic? A file shorter than
 * the magic matches if what there is agrees, so that a truncated file reaches its own loader
 * and is reported as truncated rather than as an unknown format. */
static gboolean
has_magic (const guint8 *head,
           gsize         len,
           gsize         offset,
           const void   *magic,
           gsize         magic_len)
{
  if (len <= offset)
    return FALSE;
  return memcmp (head + offset, magic, MIN (magic_len, len - offset)) == 0;
}

static guint32
read_u32 (const guint8 *p, gboolean big_endian)
{
  return big_endian ? dkg_bytes_get_be32 (p) : dkg_bytes_get_le32 (p);
}

static Format
detect_format (const guint8 *head, gsize len)
{
  static const guint8 png_magic[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  static const guint8 jpeg_magic[3] = { 0xff, 0xd8, 0xff };
  static const guint8 tiff_le[4] = { 'I', 'I', 42, 0 };
  static const guint8 tiff_be[4] = { 'M', 'M', 0, 42 };
  static const guint8 bigtiff_le[4] = { 'I', 'I', 43, 0 };
  static const guint8 bigtiff_be[4] = { 'M', 'M', 0, 43 };
  static const guint8 gzip_magic[2] = { 0x1f, 0x8b };

  if (len == 0)
    return FORMAT_UNKNOWN;
  /* PNG and JPEG first: their bytes 128–131 are chunk or segment data, which may read "DICM"
   * (a text chunk did, found by fuzz-png). Then DICOM, before TIFF: a DICOM preamble may hold
   * a TIFF header (dual-personality files, PS3.10 §7.1). */
  if (len >= 2 && has_magic (head, len, 0, png_magic, sizeof png_magic))
    return FORMAT_PNG;
  if (len >= 2 && has_magic (head, len, 0, jpeg_magic, sizeof jpeg_magic))
    return FORMAT_JPEG;
  if (len > 128 && has_magic (head, len, 128, "DICM", 4))
    return FORMAT_DICOM;
  if (len >= 3 && (has_magic (head, len, 0, tiff_le, 4) || has_magic (head, len, 0, tiff_be, 4)
                   || has_magic (head, len, 0, bigtiff_le, 4)
                   || has_magic (head, len, 0, bigtiff_be, 4)))
    return FORMAT_TIFF;
  if (len >= 2 && has_magic (head, len, 0, gzip_magic, sizeof gzip_magic))
    return FORMAT_GZIP;
  if (len >= 4 && (read_u32 (head, FALSE) == 348 || read_u32 (head, TRUE) == 348))
    return FORMAT_NIFTI;
  if (len >= 4 && (read_u32 (head, FALSE) == 540 || read_u32 (head, TRUE) == 540))
    return FORMAT_NIFTI2;
  /* A DICOM data set without the 128-byte preamble and "DICM" (old ACR-NEMA style files):
   * it starts with an element of group 0002 or 0008, little endian, element number below 0100
   * (often (0008,0005) Specific Character Set), then an explicit VR (two capital letters) or an
   * implicit VR length that fits in the file. */
  if (len >= 8 && (head[0] == 0x02 || head[0] == 0x08) && head[1] == 0x00 && head[3] == 0x00
      && ((g_ascii_isupper (head[4]) && g_ascii_isupper (head[5]))
          || read_u32 (head + 4, FALSE) <= len - 8))
    return FORMAT_DICOM;
  return FORMAT_UNKNOWN;
}

static void
set_source_format (DkgImage *image, const char *format)
{
  g_free (image->source_format);
  image->source_format = g_strdup (format);
}

/**
 * dkg_image_load:
 * @path: a file name in the GLib file name encoding
 * @options: (nullable): frame and slice choices; %NULL for the first frame and the middle
 *   axial slice
 * @error: return location for a #GError
 *
 * Loads an image, choosing the decoder from the file's content (magic bytes), never from its
 * name: a JPEG named `.png` loads as the JPEG it is.
 *
 * - PNG (libpng): every colour type and bit depth; palette, sub-byte grey and tRNS are
 *   expanded to 8-bit samples with alpha; 16-bit stays 16-bit. A PNG written by
 *   dkg_image_encode_png() for a signed image is recognised and comes back signed.
 * - JPEG (libjpeg-turbo): 8-bit grey or RGB (YCbCr is converted to RGB by libjpeg); an EXIF
 *   orientation is not applied; CMYK and 12-bit are %DKG_ERROR_UNSUPPORTED; a truncated or
 *   damaged stream is an error, not an image padded with grey.
 * - TIFF (libtiff): 8- or 16-bit grey, grey + alpha, RGB, RGBA (16-bit also signed),
 *   contiguous or separate planes, strips or tiles, any codec libtiff has (JPEG-compressed
 *   YCbCr as RGB); the first directory.
 * - DICOM (GDCM, see dkg_dicom_load()): native, RLE, JPEG, JPEG-LS and JPEG 2000 transfer
 *   syntaxes; 8/16-bit, signed or unsigned, MONOCHROME1/2 and RGB; YBR_FULL(_422), YBR_RCT and
 *   YBR_ICT delivered as RGB; @options->frame. Stored values are kept: no rescale
 *   slope/intercept, no MONOCHROME1 inversion.
 * - NIfTI-1 (niftilib; .nii, .nii.gz, .hdr/.img, also ANALYZE 7.5): uint8, int16 and uint16
 *   volumes kept exactly (RGB24 and RGBA32 too); other data types are
 *   %DKG_ERROR_UNSUPPORTED. One slice of the first volume, chosen by @options->slice_axis and
 *   @options->slice_index (−1: the middle one, n/2): axis 2 gives an nx × ny image, axis 1
 *   nx × nz, axis 0 ny × nz; the first in-plane index runs left to right and the second from
 *   the bottom row up (the display convention). No reorientation, no scl_slope/scl_inter.
 *
 * Returns: (transfer full) (nullable): the image with @source_format set, or %NULL with
 *   %G_IO_ERROR (the file cannot be opened or read), %DKG_ERROR_INVALID_FILE (empty, corrupt,
 *   truncated), %DKG_ERROR_UNSUPPORTED (a format or a variant of one that is not handled,
 *   including content that is no known image format), %DKG_ERROR_TOO_LARGE (over
 *   %DKG_IMAGE_MAX_DIM or the memory estimate, checked before allocating) or
 *   %DKG_ERROR_INVALID_ARGUMENT (a frame or slice that does not exist); messages name the
 *   file.
 */
DkgImage *
dkg_image_load (const char                 *path,
                const DkgImageLoadOptions  *options,
                GError                    **error)
{
  static const DkgImageLoadOptions defaults = { 0, 2, -1 };
  g_autofree char *name = NULL;
  g_autoptr(DkgImage) image = NULL;
  guint8 head[348];
  gsize len;
  FILE *fp;
  int saved_errno;
  const char *format = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (options == NULL)
    options = &defaults;
  name = g_filename_display_name (path);

  fp = g_fopen (path, "rb");
  if (fp == NULL)
    {
      saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not open “%s”: %s", name, g_strerror (saved_errno));
      return NULL;
    }
  len = fread (head, 1, sizeof head, fp);
  if (ferror (fp))
    {
      saved_errno = errno;
      fclose (fp);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not read “%s”: %s", name, g_strerror (saved_errno));
      return NULL;
    }
  if (len == 0)
    {
      fclose (fp);
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE, "“%s” is empty", name);
      return NULL;
    }
  rewind (fp);

  switch (detect_format (head, len))
    {
    case FORMAT_PNG:
      image = _dkg_image_load_png_file (fp, name, error);
      break;
    case FORMAT_JPEG:
      image = _dkg_image_load_jpeg (fp, name, error);
      format = "jpeg";
      break;
    case FORMAT_TIFF:
      fclose (fp);
      fp = NULL;
      image = _dkg_image_load_tiff (path, name, error);
      format = "tiff";
      break;
    case FORMAT_DICOM:
      fclose (fp);
      fp = NULL;
      image = dkg_dicom_load (path, options->frame, error);
      format = "dicom";
      break;
    case FORMAT_NIFTI:
    case FORMAT_GZIP:
      fclose (fp);
      fp = NULL;
      image = _dkg_image_load_nifti (path, name, options, error);
      format = "nifti";
      break;
    case FORMAT_NIFTI2:
      g_set_error (error, DKG_ERROR, DKG_ERROR_UNSUPPORTED,
                   "“%s” is a NIfTI-2 file; only NIfTI-1 is supported", name);
      break;
    case FORMAT_UNKNOWN:
    default:
      g_set_error (error, DKG_ERROR, DKG_ERROR_UNSUPPORTED,
                   "“%s” is not a PNG, JPEG, TIFF, DICOM or NIfTI-1 image", name);
      break;
    }
  if (fp != NULL)
    fclose (fp);
  if (image != NULL && format != NULL)
    set_source_format (image, format);
  return g_steal_pointer (&image);
}

/**
 * dkg_image_to_planes:
 * @image: an image (1–4 channels, 8 or 16 bits)
 * @out: (array): (3, H, W) floats in [-1, 1]
 *
 * The network input of docs/SPECIFICATION.md §3: 8-bit x/127.5 − 1, unsigned 16-bit x/32767.5 − 1,
 * signed 16-bit (x + 32768)/32767.5 − 1; grey (and grey + alpha) replicated to three
 * channels, alpha dropped.
 */
void
dkg_image_to_planes (const DkgImage *image, float *out)
{
  gsize hw = (gsize) image->width * image->height;
  guint ch = image->channels;
  gboolean rgb = ch >= 3;

  for (gsize p = 0; p < hw; p++)
    for (guint c = 0; c < 3; c++)
      {
        gsize s = p * ch + (rgb ? c : 0);
        float v;

        if (image->bit_depth == 8)
          v = image->data[s] / 127.5f - 1.0f;
        else if (image->is_signed)
          v = ((float) ((const gint16 *) image->data)[s] + 32768.0f) / 32767.5f - 1.0f;
        else
          v = ((const guint16 *) image->data)[s] / 32767.5f - 1.0f;
        out[c * hw + p] = v;
      }
}

/**
 * dkg_image_dir_load:
 * @dir: a folder of images
 * @error: return location for a #GError
 *
 * Loads every file of dkg_file_list_dir() (regular, non-hidden, in name order) with
 * dkg_image_load(). A file that is not a readable image is an error naming it: a training
 * set with a stray file is more likely a mistake than intended.
 *
 * Returns: (transfer full) (element-type DkgImage): the images, or %NULL with the loader's
 *   error, %G_FILE_ERROR for the folder, or %DKG_ERROR_INVALID_ARGUMENT when it has no files
 */
GPtrArray *
dkg_image_dir_load (const char *dir, GError **error)
{
  g_autoptr(GPtrArray) names = dkg_file_list_dir (dir, error);
  g_autoptr(GPtrArray) images = g_ptr_array_new_with_free_func ((GDestroyNotify) dkg_image_free);

  if (names == NULL)
    return NULL;
  if (names->len == 0)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                   "The folder “%s” holds no images", dir);
      return NULL;
    }
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, names->pdata[i], NULL);
      DkgImage *image = dkg_image_load (path, NULL, error);
      if (image == NULL)
        return NULL;
      g_ptr_array_add (images, image);
    }
  return g_steal_pointer (&images);
}
