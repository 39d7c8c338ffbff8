/* dkg-test-dicom.h — DICOM fixtures made with GDCM at test time (dkg-test-dicom.cc)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean dkg_test_dicom_transcode       (const char  *in,
                                         const char  *out,
                                         const char  *transfer_syntax_uid,
                                         guint        planar_configuration,
                                         GError     **error);
gboolean dkg_test_dicom_make_multiframe (const char  *in,
                                         const char  *out,
                                         guint        n_frames,
                                         GError     **error);

G_END_DECLS
