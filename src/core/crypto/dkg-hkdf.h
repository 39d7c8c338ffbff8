/* dkg-hkdf.h — HKDF-SHA256 (RFC 5869) over libgcrypt's HMAC-SHA256
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/** DKG_HKDF_SHA256_HASH_LEN: HashLen of SHA-256, the size of a pseudorandom key (bytes). */
#define DKG_HKDF_SHA256_HASH_LEN 32

/** DKG_HKDF_SHA256_MAX_OUTPUT: largest output of HKDF-Expand, 255·HashLen bytes (RFC 5869 §2.3). */
#define DKG_HKDF_SHA256_MAX_OUTPUT (255 * DKG_HKDF_SHA256_HASH_LEN)

gboolean  dkg_hkdf_sha256_extract  (const guint8  *salt,
                                    gsize          salt_len,
                                    const guint8  *ikm,
                                    gsize          ikm_len,
                                    guint8         prk[DKG_HKDF_SHA256_HASH_LEN],
                                    GError       **error);
gboolean  dkg_hkdf_sha256_expand   (const guint8   prk[DKG_HKDF_SHA256_HASH_LEN],
                                    const guint8  *info,
                                    gsize          info_len,
                                    guint8        *okm,
                                    gsize          okm_len,
                                    GError       **error);
gboolean  dkg_hkdf_sha256          (const guint8  *ikm,
                                    gsize          ikm_len,
                                    const guint8  *salt,
                                    gsize          salt_len,
                                    const guint8  *info,
                                    gsize          info_len,
                                    guint8        *okm,
                                    gsize          okm_len,
                                    GError       **error);

G_END_DECLS
