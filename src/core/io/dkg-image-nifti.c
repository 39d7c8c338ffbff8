/* dkg-image-nifti.c — one slice of a NIfTI-1 volume (.nii, .nii.gz, .hdr/.img) via niftilib
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The header is converted by niftilib's nifti_convert_nhdr2nim(), which does the byte swapping;
 * niftilib prints to stderr when it meets a header it rejects, so every condition it would
 * reject is checked here first. Its loaders (nifti_image_read() and friends) are not used: they
 * find files by their extension and allocate the whole volume, while we dispatch by content and
 * read one slice. The files are read with zlib's gz* functions (as niftilib's znzlib does), which
 * read gzip and plain files alike; unlike znzlib they let us see zlib's errors, so a truncated
 * .nii.gz is reported instead of read as a short, clean end of file.
 *
 * Slices: axis 2 (axial, k fixed) gives an nx × ny image, axis 1 (coronal, j fixed) nx × nz,
 * axis 0 (sagittal, i fixed) ny × nz. Within a row the first voxel index increases to the right;
 * rows are stored top to bottom by decreasing second index, the usual display convention
 * (for an RAS volume an axial slice then has anterior at the top and a coronal or sagittal
 * slice superior at the top). No reorientation by qform/sform, no scl_slope/scl_inter: values
 * are the stored integers. 4-D files give the first volume.
 */
#include <errno.h>
#include <math.h>
#include <string.h>

#include <gio/gio.h>
#include <nifti1_io.h>
#include <zlib.h>

#include "dkg-error.h"
#include "dkg-image-private.h"

#define NIFTI1_HEADER_SIZE 348

static gpointer
nifti_silence (gpointer data)
{
  nifti_set_debug_level (0);
  return NULL;
}

static gint16
get_i16 (const guint8 *raw, gsize offset, gboolean swap)
{
  guint16 v;

  memcpy (&v, raw + offset, 2);
  if (swap)
    v = GUINT16_SWAP_LE_BE (v);
  return (gint16) v;
}

static gint32
get_i32 (const guint8 *raw, gsize offset, gboolean swap)
{
  guint32 v;

  memcpy (&v, raw + offset, 4);
  if (swap)
    v = GUINT32_SWAP_LE_BE (v);
  return (gint32) v;
}

static float
get_f32 (const guint8 *raw, gsize offset, gboolean swap)
{
  guint32 v = (guint32) get_i32 (raw, offset, swap);
  float f;

  memcpy (&f, &v, 4);
  return f;
}

/* The data file of a two-file (.hdr/.img) data set: foo.hdr → foo.img, foo.hdr.gz → foo.img.gz,
 * and if that does not exist the same name with or without .gz. */
static char *
find_image_file (const char *path)
{
  gsize n = strlen (path);
  g_autofree char *base = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *gz = NULL;
  gboolean upper;

  if (n > 7 && g_ascii_strcasecmp (path + n - 7, ".hdr.gz") == 0)
    {
      base = g_strndup (path, n - 7);
      upper = path[n - 6] == 'H';
    }
  else if (n > 4 && g_ascii_strcasecmp (path + n - 4, ".hdr") == 0)
    {
      base = g_strndup (path, n - 4);
      upper = path[n - 3] == 'H';
    }
  else
    return NULL;
  plain = g_strconcat (base, upper ? ".IMG" : ".img", NULL);
  gz = g_strconcat (plain, upper ? ".GZ" : ".gz", NULL);
  if (g_str_has_suffix (path, ".gz") || g_str_has_suffix (path, ".GZ"))
    return g_file_test (gz, G_FILE_TEST_EXISTS) || !g_file_test (plain, G_FILE_TEST_EXISTS)
           ? g_steal_pointer (&gz) : g_steal_pointer (&plain);
  return g_file_test (plain, G_FILE_TEST_EXISTS) || !g_file_test (gz, G_FILE_TEST_EXISTS)
         ? g_steal_pointer (&plain) : g_steal_pointer (&gz);
}

/* Reads exactly @n bytes (< 2³¹); FALSE on a short read or a gzip error. */
static gboolean
read_exact (gzFile fp, void *buffer, gsize n)
{
  return n <= G_MAXINT && gzread (fp, buffer, (unsigned) n) == (int) n;
}

static gboolean
seek_to (gzFile fp, guint64 offset)
{
  return offset <= G_MAXINT64 && gzseek (fp, (z_off_t) offset, SEEK_SET) == (z_off_t) offset;
}

/* Reads a gzip stream to its end so that zlib checks the trailer (CRC-32 and length): a file
 * cut anywhere, even in its last 8 bytes, is an error rather than a silently accepted image.
 * Plain files (read transparently) need no check. */
static gboolean
drain_gzip (gzFile fp)
{
  g_autofree guint8 *buffer = NULL;
  int n, errnum = Z_OK;

  if (gzdirect (fp))
    return TRUE;
  buffer = g_malloc (65536);
  do
    n = gzread (fp, buffer, 65536);
  while (n > 0);
  gzerror (fp, &errnum);
  return n == 0 && errnum == Z_OK;
}

typedef struct
{
  guint    channels;
  guint    bit_depth;
  gboolean is_signed;
} VoxelType;

static gboolean
voxel_type_for (int datatype, VoxelType *t)
{
  switch (datatype)
    {
    case DT_UINT8:  *t = (VoxelType) { 1, 8, FALSE };  return TRUE;
    case DT_INT16:  *t = (VoxelType) { 1, 16, TRUE };  return TRUE;
    case DT_UINT16: *t = (VoxelType) { 1, 16, FALSE }; return TRUE;
    case DT_RGB24:  *t = (VoxelType) { 3, 8, FALSE };  return TRUE;
    case DT_RGBA32: *t = (VoxelType) { 4, 8, FALSE };  return TRUE;
    default:        return FALSE;
    }
}

/* Validates the raw header as nifti_convert_nhdr2nim() would (so it never prints) and more. */
static gboolean
check_header (const guint8 *raw, gboolean swap, gboolean *one_file, VoxelType *type,
              const char *name, GError **error)
{
  gint16 ndim = get_i16 (raw, 40, swap);
  gint16 datatype = get_i16 (raw, 70, swap);
  float vox_offset = get_f32 (raw, 108, swap);
  const char *magic = (const char *) raw + 344;

  if (ndim < 1 || ndim > 7)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                   "“%s” is not a valid NIfTI-1 file: %d dimensions", name, ndim);
      return FALSE;
    }
  for (int d = 1; d <= ndim; d++)
    if (get_i16 (raw, 40 + 2 * d, swap) < 1)
      {
        g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                     "“%s” is not a valid NIfTI-1 file: dimension %d is %d", name, d,
                     get_i16 (raw, 40 + 2 * d, swap));
        return FALSE;
      }
  if (!voxel_type_for (datatype, type))
    {
      const char *dt = datatype == DT_UNKNOWN || datatype == DT_BINARY
                       ? "unknown" : nifti_datatype_string (datatype);

      g_set_error (error, DKG_ERROR, DKG_ERROR_UNSUPPORTED,
                   "“%s”: NIfTI data type %s (%d) is not supported; only uint8, int16 and "
                   "uint16 (and RGB24, RGBA32) volumes are read, to keep values exact",
                   name, dt, datatype);
      return FALSE;
    }
  if (!isfinite (vox_offset) || vox_offset < 0 || vox_offset > (float) (1 << 30))
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                   "“%s” is not a valid NIfTI-1 file: data offset %g", name, (double) vox_offset);
      return FALSE;
    }
  *one_file = magic[0] == 'n' && magic[1] == '+' && magic[2] == '1' && magic[3] == '\0';
  if (!*one_file && !(magic[0] == 'n' && magic[1] == 'i' && magic[2] == '1' && magic[3] == '\0'))
    {
      if (magic[0] == 'n' && (magic[1] == '+' || magic[1] == 'i') && magic[3] == '\0')
        {
          g_set_error (error, DKG_ERROR, DKG_ERROR_UNSUPPORTED,
                       "“%s”: NIfTI version “%c” is not supported (only NIfTI-1)", name,
                       magic[2]);
          return FALSE;
        }
      /* No magic: an ANALYZE 7.5 header, read like a two-file NIfTI-1 data set. */
    }
  return TRUE;
}

static DkgImage *
read_slice (gzFile fp, guint64 offset, const nifti_image *nim, const VoxelType *type,
            gboolean swap, int axis, guint index, const char *name, GError **error)
{
  guint bpv = type->channels * type->bit_depth / 8;
  guint64 nx = nim->nx;
  guint64 ny = nim->ndim >= 2 ? nim->ny : 1;
  guint64 nz = nim->ndim >= 3 ? nim->nz : 1;
  guint width = axis == 0 ? ny : nx;
  guint height = axis == 2 ? ny : nz;
  gsize rowbytes = (gsize) nx * bpv;
  g_autoptr(DkgImage) image = NULL;
  g_autofree guint8 *row = NULL;
  gboolean ok = TRUE;

  if (!dkg_image_check_size (width, height, type->channels, type->bit_depth, rowbytes,
                             name, error))
    return NULL;
  image = dkg_image_new (width, height, type->channels, type->bit_depth, type->is_signed, error);
  if (image == NULL)
    return NULL;

  if (axis == 2)
    {
      /* k = index: rows j = 0..ny−1 follow each other in the file */
      ok = seek_to (fp, offset + (guint64) index * ny * rowbytes);
      for (guint64 j = 0; ok && j < ny; j++)
        ok = read_exact (fp, image->data + (gsize) (ny - 1 - j) * rowbytes, rowbytes);
    }
  else if (axis == 1)
    {
      /* j = index: one row of nx voxels per k */
      for (guint64 k = 0; ok && k < nz; k++)
        ok = seek_to (fp, offset + ((guint64) k * ny + index) * rowbytes)
             && read_exact (fp, image->data + (gsize) (nz - 1 - k) * rowbytes, rowbytes);
    }
  else
    {
      /* i = index: voxel i of every row of the first volume, read in file order */
      gsize out_rowbytes = (gsize) ny * bpv;

      row = g_malloc (rowbytes);
      ok = seek_to (fp, offset);
      for (guint64 k = 0; ok && k < nz; k++)
        for (guint64 j = 0; ok && j < ny; j++)
          {
            ok = read_exact (fp, row, rowbytes);
            if (ok)
              memcpy (image->data + (gsize) (nz - 1 - k) * out_rowbytes + (gsize) j * bpv,
                      row + (gsize) index * bpv, bpv);
          }
    }
  if (!ok)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                   "“%s” is a damaged NIfTI file: the image data is truncated or corrupt", name);
      return NULL;
    }
  if (swap && type->bit_depth == 16)
    {
      guint16 *s = (guint16 *) image->data;

      for (gsize i = 0; i < dkg_image_n_samples (image); i++)
        s[i] = GUINT16_SWAP_LE_BE (s[i]);
    }
  return g_steal_pointer (&image);
}

DkgImage *
_dkg_image_load_nifti (const char                *path,
                       const char                *name,
                       const DkgImageLoadOptions *options,
                       GError                   **error)
{
  static GOnce silence = G_ONCE_INIT;
  struct nifti_1_header nhdr;
  guint8 raw[NIFTI1_HEADER_SIZE];
  gzFile fp = NULL;
  gzFile data_fp = NULL;
  nifti_image *nim = NULL;
  g_autofree char *data_path = NULL;
  DkgImage *image = NULL;
  gboolean swap, one_file;
  VoxelType type;
  guint64 offset;
  gint64 n_along;
  guint index;
  int saved_errno;
  int n_read;

  G_STATIC_ASSERT (sizeof nhdr == NIFTI1_HEADER_SIZE);
  g_once (&silence, nifti_silence, NULL);

  if (options->slice_axis < 0 || options->slice_axis > 2)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                   "“%s”: slice axis %d is not 0 (x), 1 (y) or 2 (z)", name, options->slice_axis);
      return NULL;
    }

  errno = 0;
  fp = gzopen (path, "rb");
  if (fp == NULL)
    {
      saved_errno = errno != 0 ? errno : EIO;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Could not open “%s”: %s", name, g_strerror (saved_errno));
      return NULL;
    }
  n_read = gzread (fp, raw, sizeof raw);
  if (n_read != (int) sizeof raw)
    {
      /* A gzip file holding something else is no image; a NIfTI header cut short is broken. */
      if (n_read >= 4 && get_i32 (raw, 0, FALSE) != NIFTI1_HEADER_SIZE
          && get_i32 (raw, 0, TRUE) != NIFTI1_HEADER_SIZE
          && get_i32 (raw, 0, FALSE) != 540 && get_i32 (raw, 0, TRUE) != 540)
        g_set_error (error, DKG_ERROR, DKG_ERROR_UNSUPPORTED,
                     "“%s” is not a PNG, JPEG, TIFF, DICOM or NIfTI-1 image", name);
      else
        g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                     "“%s” is truncated: no complete 348-byte NIfTI-1 header", name);
      goto out;
    }
  if (get_i32 (raw, 0, FALSE) == NIFTI1_HEADER_SIZE)
    swap = FALSE;
  else if (get_i32 (raw, 0, TRUE) == NIFTI1_HEADER_SIZE)
    swap = TRUE;
  else
    {
      if (get_i32 (raw, 0, FALSE) == 540 || get_i32 (raw, 0, TRUE) == 540)
        g_set_error (error, DKG_ERROR, DKG_ERROR_UNSUPPORTED,
                     "“%s” is a NIfTI-2 file; only NIfTI-1 is supported", name);
      else
        g_set_error (error, DKG_ERROR, DKG_ERROR_UNSUPPORTED,
                     "“%s” is not a PNG, JPEG, TIFF, DICOM or NIfTI-1 image", name);
      goto out;
    }
  if (!check_header (raw, swap, &one_file, &type, name, error))
    goto out;

  memcpy (&nhdr, raw, sizeof nhdr);
  nim = nifti_convert_nhdr2nim (nhdr, NULL);
  if (nim == NULL)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                   "“%s” is not a valid NIfTI-1 header", name);
      goto out;
    }
  offset = (guint64) MAX (nim->iname_offset, 0);

  n_along = options->slice_axis == 0 ? nim->nx
            : options->slice_axis == 1 ? (nim->ndim >= 2 ? nim->ny : 1)
            : (nim->ndim >= 3 ? nim->nz : 1);
  if (options->slice_index < -1 || options->slice_index >= n_along)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                   "“%s”: slice %d is outside 0..%" G_GINT64_FORMAT " along axis %d", name,
                   options->slice_index, n_along - 1, options->slice_axis);
      goto out;
    }
  index = options->slice_index == -1 ? (guint) (n_along / 2) : (guint) options->slice_index;

  if (one_file)
    image = read_slice (fp, offset, nim, &type, swap, options->slice_axis, index, name, error);
  else
    {
      data_path = find_image_file (path);
      if (data_path == NULL)
        {
          g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                       "“%s” is the header of a two-file NIfTI/ANALYZE data set but is not "
                       "named .hdr, so its .img file cannot be found", name);
          goto out;
        }
      errno = 0;
      data_fp = gzopen (data_path, "rb");
      if (data_fp == NULL)
        {
          g_autofree char *data_name = g_filename_display_name (data_path);

          saved_errno = errno != 0 ? errno : EIO;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                       "Could not open “%s”, the image data of “%s”: %s", data_name, name,
                       g_strerror (saved_errno));
          goto out;
        }
      image = read_slice (data_fp, offset, nim, &type, swap, options->slice_axis, index, name,
                          error);
    }
  if (image != NULL && !drain_gzip (one_file ? fp : data_fp))
    {
      g_clear_pointer (&image, dkg_image_free);
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                   "“%s” is a damaged NIfTI file: the gzip stream is truncated or corrupt", name);
    }

out:
  if (nim != NULL)
    nifti_image_free (nim);
  if (data_fp != NULL)
    gzclose (data_fp);
  if (fp != NULL)
    gzclose (fp);
  return image;
}
