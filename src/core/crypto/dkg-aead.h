/* dkg-aead.h — ChaCha20-Poly1305 (RFC 8439) through libgcrypt, the hardened cipher
 * (docs/SPECIFICATION.md §5.5)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "dkg-image.h"

G_BEGIN_DECLS

/** DKG_AEAD_KEY_SIZE: ChaCha20-Poly1305 key, bytes. */
#define DKG_AEAD_KEY_SIZE 32
/** DKG_AEAD_NONCE_SIZE: ChaCha20-Poly1305 nonce (RFC 8439, 96 bits), bytes. */
#define DKG_AEAD_NONCE_SIZE 12
/** DKG_AEAD_TAG_SIZE: Poly1305 tag, bytes. */
#define DKG_AEAD_TAG_SIZE 16
/** DKG_AEAD_SALT_SIZE: HKDF salt of dkg_aead_derive_key(), bytes. */
#define DKG_AEAD_SALT_SIZE 32
/** DKG_AEAD_HKDF_INFO: the HKDF info string of §5.5. */
#define DKG_AEAD_HKDF_INFO "deepkeygen v1 chacha20-poly1305"

gboolean  dkg_aead_derive_key          (const guint8    *key_bytes,
                                       gsize            n_key_bytes,
                                       const guint8     salt[DKG_AEAD_SALT_SIZE],
                                       guint8           k_enc[DKG_AEAD_KEY_SIZE],
                                       GError         **error);
gboolean  dkg_aead_encrypt             (const guint8     k_enc[DKG_AEAD_KEY_SIZE],
                                       const guint8     nonce[DKG_AEAD_NONCE_SIZE],
                                       const guint8    *aad,
                                       gsize            aad_len,
                                       const guint8    *in,
                                       guint8          *out,
                                       gsize            n_bytes,
                                       guint8           tag[DKG_AEAD_TAG_SIZE],
                                       GError         **error);
gboolean  dkg_aead_decrypt             (const guint8     k_enc[DKG_AEAD_KEY_SIZE],
                                       const guint8     nonce[DKG_AEAD_NONCE_SIZE],
                                       const guint8    *aad,
                                       gsize            aad_len,
                                       const guint8    *in,
                                       guint8          *out,
                                       gsize            n_bytes,
                                       const guint8     tag[DKG_AEAD_TAG_SIZE],
                                       GError         **error);
gboolean  dkg_aead_encrypt_image_into  (const DkgImage  *plain,
                                       const guint8     k_enc[DKG_AEAD_KEY_SIZE],
                                       const guint8     nonce[DKG_AEAD_NONCE_SIZE],
                                       const guint8    *aad,
                                       gsize            aad_len,
                                       DkgImage        *cipher,
                                       guint8           tag[DKG_AEAD_TAG_SIZE],
                                       GError         **error);
gboolean  dkg_aead_decrypt_image_into  (const DkgImage  *cipher,
                                       const guint8     k_enc[DKG_AEAD_KEY_SIZE],
                                       const guint8     nonce[DKG_AEAD_NONCE_SIZE],
                                       const guint8    *aad,
                                       gsize            aad_len,
                                       const guint8     tag[DKG_AEAD_TAG_SIZE],
                                       DkgImage        *plain,
                                       GError         **error);
DkgImage *dkg_aead_encrypt_image       (const DkgImage  *plain,
                                       const guint8     k_enc[DKG_AEAD_KEY_SIZE],
                                       const guint8     nonce[DKG_AEAD_NONCE_SIZE],
                                       const guint8    *aad,
                                       gsize            aad_len,
                                       guint8           tag[DKG_AEAD_TAG_SIZE],
                                       GError         **error);
DkgImage *dkg_aead_decrypt_image       (const DkgImage  *cipher,
                                       const guint8     k_enc[DKG_AEAD_KEY_SIZE],
                                       const guint8     nonce[DKG_AEAD_NONCE_SIZE],
                                       const guint8    *aad,
                                       gsize            aad_len,
                                       const guint8     tag[DKG_AEAD_TAG_SIZE],
                                       gboolean         is_signed,
                                       GError         **error);

G_END_DECLS
