/* dkg-container-private.h — what the container's files share (dkg-container.c: schemes, keys,
 * tags, encryption and decryption; dkg-container-header.c: the header as JSON and as the
 * canonical bytes the tag covers; dkg-container-original.c: the sealed source file;
 * dkg-container-file.c: the same on files). Format: module comment of dkg-container.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dkg-container.h"
#include "dkg-keystream.h"

G_BEGIN_DECLS

#define DKG_CONTAINER_HMAC_SIZE          32
#define DKG_CONTAINER_FINGERPRINT_BYTES  (DKG_CONTAINER_FINGERPRINT_LEN / 2)

gboolean    _dkg_container_scheme_has_hmac        (DkgContainerScheme       scheme);
gboolean    _dkg_container_source_format_is_valid (const char              *s);
gboolean    _dkg_container_check_aead_key         (const DkgImage          *key,
                                                   const char              *use,
                                                   GError                 **error);

/* dkg-container-header.c */
GByteArray *_dkg_container_canonical_header       (const DkgContainerInfo  *info,
                                                   guint64                  ciphertext_len);
DkgImage   *_dkg_container_load                   (GBytes                  *file,
                                                   const char              *name,
                                                   DkgContainerInfo       **info_out,
                                                   GError                 **error);

/* dkg-container-original.c */
gboolean    _dkg_container_prepare_original       (DkgContainerInfo        *info,
                                                   GBytes                  *original,
                                                   const DkgImage          *plain,
                                                   const DkgImage          *key,
                                                   GError                 **error);
guint8     *_dkg_container_seal_original          (const DkgKeystream      *whole,
                                                   DkgContainerInfo        *info,
                                                   const GByteArray        *header,
                                                   GBytes                  *original,
                                                   GError                 **error);
GBytes     *_dkg_container_png_add_original       (GBytes                  *png,
                                                   const guint8            *sealed,
                                                   gsize                    len);
gboolean    _dkg_container_png_find_original      (GBytes                  *png,
                                                   const DkgContainerInfo  *info,
                                                   const char              *name,
                                                   const guint8           **sealed,
                                                   gsize                   *sealed_len,
                                                   GError                 **error);
guint8     *_dkg_container_open_original          (const DkgKeystream      *whole,
                                                   const DkgContainerInfo  *info,
                                                   const GByteArray        *header,
                                                   const guint8            *sealed,
                                                   gsize                    sealed_len,
                                                   const char              *name,
                                                   GError                 **error);
GBytes     *_dkg_container_splice_original        (const DkgContainerInfo  *info,
                                                   guint8                  *opened,
                                                   gsize                    opened_len,
                                                   const DkgImage          *plain);

G_END_DECLS
