/* dkg-image-private.h — internals shared by the image loaders in src/core/io/
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stdio.h>

#include "dkg-image.h"

G_BEGIN_DECLS

/* Signed 16-bit images in our PNGs (see dkg_image_encode_png()): samples are stored
 * offset-binary (value + 32768) and this tEXt chunk says so. */
#define DKG_IMAGE_SIGNED_KEYWORD "deepkeygen-signed"
#define DKG_IMAGE_SIGNED_VALUE   "offset-32768"

/* Every loader takes the display name of the file (for messages) and returns a new image or
 * NULL with @error set; none of them prints anything. */
DkgImage *_dkg_image_load_png_file (FILE                      *fp,
                                    const char                *name,
                                    GError                   **error);
DkgImage *_dkg_image_load_jpeg     (FILE                      *fp,
                                    const char                *name,
                                    GError                   **error);
DkgImage *_dkg_image_load_tiff     (const char                *path,
                                    const char                *name,
                                    GError                   **error);
DkgImage *_dkg_image_load_nifti    (const char                *path,
                                    const char                *name,
                                    const DkgImageLoadOptions *options,
                                    GError                   **error);

/* What the structural walk learnt about a DICOM file, for the GDCM adapter. */
typedef struct
{
  gboolean has_pixel_data;        /* a top-level (7FE0,0010) Pixel Data element */
  gboolean implicit_vr_mismatch;  /* the data set is implicit VR under an explicit VR syntax */
  gsize    ts_offset;             /* the meta header's Transfer Syntax UID value: byte offset */
  gsize    ts_length;             /* … and length in the file (0 without a meta header) */
} DkgDicomFacts;

/* Walks every element of a DICOM file (dkg-dicom-check.c) so that damaged files are rejected
 * before GDCM, whose assertions would abort the process, reads them. @memory_needed (nullable)
 * gets the file's size plus the bytes its pixel data decodes to (Rows × Columns × frames ×
 * samples × bytes, from the top-level attributes), or the file's size alone when the image
 * attributes are incomplete. @facts (nullable) gets what the walk found. */
gboolean  _dkg_dicom_check_structure (const char          *path,
                                      const char          *name,
                                      guint64             *memory_needed,
                                      DkgDicomFacts       *facts,
                                      GError             **error);

/* Flips the top bit of every 16-bit sample: int16 ↔ offset-binary uint16, in place. */
void      _dkg_image_toggle_offset (guint16                   *samples,
                                    gsize                      n);

G_END_DECLS
