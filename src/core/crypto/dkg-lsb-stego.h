/* dkg-lsb-stego.h — UTF-8 text in the least significant bits of an image
 * (docs/SPECIFICATION.md §5.6)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "dkg-image.h"

G_BEGIN_DECLS

/** DKG_LSB_STEGO_PREFIX_BYTES: bytes of the big-endian length prefix written before the text. */
#define DKG_LSB_STEGO_PREFIX_BYTES 4

guint64   dkg_lsb_stego_n_carriers      (const DkgImage  *image);
guint64   dkg_lsb_stego_capacity        (const DkgImage  *image);
gboolean  dkg_lsb_stego_is_carrier      (guint            channels,
                                         guint            channel);
gboolean  dkg_lsb_stego_embed           (DkgImage        *image,
                                         const char      *text,
                                         gssize           length,
                                         GError         **error);
char     *dkg_lsb_stego_extract         (const DkgImage  *image,
                                         gsize           *length,
                                         GError         **error);
gboolean  dkg_lsb_stego_embed_file      (const char      *path,
                                         const char      *text,
                                         gssize           length,
                                         const char      *out_path,
                                         GError         **error);
char     *dkg_lsb_stego_extract_file    (const char      *path,
                                         gsize           *length,
                                         GError         **error);

G_END_DECLS
