/* dkg-dicom.h — DICOM through GDCM, behind a C API (the adapter is dkg-dicom-gdcm.cc)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * dkg_image_load() calls dkg_dicom_load() for DICOM content. dkg_dicom_list_identifying() tells
 * a caller which patient- and study-identifying attributes a file holds, so that none of them
 * is written in the clear (docs/SPECIFICATION.md §5.7). GDCM runs in a short-lived child process
 * (see the adapter), so a damaged file is a GError, never a crash.
 */
#pragma once

#include <glib.h>

#include "dkg-image.h"

G_BEGIN_DECLS

DkgImage  *dkg_dicom_load              (const char  *path,
                                        guint        frame,
                                        GError     **error);
char     **dkg_dicom_list_identifying  (const char  *path,
                                        GError     **error);
gboolean   dkg_dicom_read_rescale      (const char  *path,
                                        double      *slope,
                                        double      *intercept,
                                        char       **units,
                                        GError     **error);

G_END_DECLS
