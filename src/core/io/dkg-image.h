/* dkg-image.h — images as they come from medical files: 8/16-bit, signed or not, 1–4 channels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/** DKG_IMAGE_MAX_DIM: largest width or height accepted (docs/SPECIFICATION.md §5.8). */
#define DKG_IMAGE_MAX_DIM 32768

/**
 * DkgImage:
 * @width: pixels per row, 1..DKG_IMAGE_MAX_DIM
 * @height: rows, 1..DKG_IMAGE_MAX_DIM
 * @channels: 1 grey, 2 grey + alpha, 3 RGB, 4 RGBA
 * @bit_depth: 8 or 16 bits per sample
 * @is_signed: 16-bit only: samples are two's-complement int16 (DICOM PixelRepresentation 1)
 * @data: width·height·channels samples in raster order, channels interleaved, rows packed
 *   with no padding; 8-bit samples are guint8, 16-bit samples are guint16 (or gint16 when
 *   @is_signed) in host byte order
 * @source_format: (nullable): "png", "jpeg", "tiff", "dicom", "nifti" or %NULL
 *
 * Sample values are kept bit-exactly as the file stores them: nothing is rescaled, a 16-bit
 * image stays 16-bit and a signed one stays signed.
 */
typedef struct
{
  guint     width;
  guint     height;
  guint     channels;
  guint     bit_depth;
  gboolean  is_signed;
  guint8   *data;
  char     *source_format;
} DkgImage;

/**
 * DkgImageLoadOptions:
 * @frame: DICOM: frame to read (0 = first)
 * @slice_axis: NIfTI: 0 = x (sagittal), 1 = y (coronal), 2 = z (axial)
 * @slice_index: NIfTI: index along @slice_axis; -1 = the middle slice
 *
 * Options for dkg_image_load(); %NULL means the defaults (first frame, middle axial slice).
 */
typedef struct
{
  guint frame;
  int   slice_axis;
  int   slice_index;
} DkgImageLoadOptions;

DkgImage   *dkg_image_new            (guint                       width,
                                      guint                       height,
                                      guint                       channels,
                                      guint                       bit_depth,
                                      gboolean                    is_signed,
                                      GError                    **error);
DkgImage   *dkg_image_copy           (const DkgImage             *image);
void        dkg_image_free           (DkgImage                   *image);
gsize       dkg_image_n_samples      (const DkgImage             *image);
gsize       dkg_image_n_bytes        (const DkgImage             *image);
void        dkg_image_to_planes      (const DkgImage             *image,
                                      float                      *out);
GPtrArray  *dkg_image_dir_load       (const char                 *dir,
                                      GError                    **error);
DkgImage   *dkg_image_convert_like   (const DkgImage             *image,
                                      const DkgImage             *like,
                                      GError                    **error);
gboolean    dkg_image_equal          (const DkgImage             *a,
                                      const DkgImage             *b);

DkgImage   *dkg_image_load           (const char                 *path,
                                      const DkgImageLoadOptions  *options,
                                      GError                    **error);
DkgImage   *dkg_image_load_png_bytes (GBytes                     *bytes,
                                      const char                 *name,
                                      const char                 *itxt_keyword,
                                      char                      **itxt_text,
                                      GError                    **error);
GBytes     *dkg_image_encode_png     (const DkgImage             *image,
                                      const char                 *itxt_keyword,
                                      const char                 *itxt_text,
                                      GError                    **error);
GBytes     *dkg_image_encode_png_full (const DkgImage             *image,
                                      const char                 *itxt_keyword,
                                      const char                 *itxt_text,
                                      gboolean                    incompressible,
                                      GError                    **error);
gboolean    dkg_image_save_png       (const DkgImage             *image,
                                      const char                 *path,
                                      GError                    **error);
gboolean    dkg_image_write_png      (const DkgImage             *image,
                                      const char                 *itxt_keyword,
                                      const char                 *itxt_text,
                                      const char                 *path,
                                      int                         mode,
                                      GError                    **error);

gboolean    dkg_image_check_size     (guint                       width,
                                      guint                       height,
                                      guint                       channels,
                                      guint                       bit_depth,
                                      guint64                     extra_bytes,
                                      const char                 *name,
                                      GError                    **error);
guint64     dkg_image_get_available_memory (void);
void        dkg_image_set_memory_limit     (guint64           max_bytes);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkgImage, dkg_image_free)

G_END_DECLS
