/* dkg-dicom.h — DICOM through GDCM, behind a C API (the adapter is dkg-dicom-gdcm.cc)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
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

G_END_DECLS
