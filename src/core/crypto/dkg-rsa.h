/* dkg-rsa.h — RSA with libgcrypt: OAEP key wrapping for containers, and the paper's insecure
 * textbook per-pixel RSA for comparison (docs/SPECIFICATION.md §5.6)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "dkg-image.h"

G_BEGIN_DECLS

/** DKG_RSA_WRAPPED_KEY_KEYWORD: keyword of the iTXt chunk that carries a wrapped key. */
#define DKG_RSA_WRAPPED_KEY_KEYWORD "deepkeygen-wrapped-key"
/** DKG_RSA_WRAPPED_KEY_VERSION: version of the wrapped-key chunk this library writes and reads. */
#define DKG_RSA_WRAPPED_KEY_VERSION 1
/** DKG_RSA_WRAPPED_KEY_MAX: largest wrapped-key chunk (bytes of chunk data) written or read. */
#define DKG_RSA_WRAPPED_KEY_MAX (16u * 1024 * 1024)
/** DKG_RSA_KEK_SIZE: bytes of the random key-encryption key wrapped with RSA-OAEP. */
#define DKG_RSA_KEK_SIZE 32
/** DKG_RSA_FINGERPRINT_LEN: hex digits of an RSA public key fingerprint (SHA-256). */
#define DKG_RSA_FINGERPRINT_LEN 64
/** DKG_RSA_MIN_BITS: smallest modulus accepted for OAEP (generated or loaded). */
#define DKG_RSA_MIN_BITS 2048
/** DKG_RSA_MAX_BITS: largest modulus accepted when loading a key. */
#define DKG_RSA_MAX_BITS 16384
/** DKG_RSA_PUBLIC_EXPONENT: e of generated keys. */
#define DKG_RSA_PUBLIC_EXPONENT 65537

/** DKG_RSA_TEXTBOOK_MIN_BITS: smallest modulus of textbook per-pixel RSA. */
#define DKG_RSA_TEXTBOOK_MIN_BITS 9
/** DKG_RSA_TEXTBOOK_MAX_BITS: largest modulus of textbook per-pixel RSA (32-bit ciphertexts). */
#define DKG_RSA_TEXTBOOK_MAX_BITS 32
/** DKG_RSA_TEXTBOOK_ITXT_KEYWORD: iTXt keyword for the public parameters of a textbook
 * ciphertext written by the command line. */
#define DKG_RSA_TEXTBOOK_ITXT_KEYWORD "deepkeygen-textbook-rsa"

/**
 * DkgRsaKey:
 *
 * An RSA public key, or a key pair, held as libgcrypt S-expressions. Opaque.
 */
typedef struct _DkgRsaKey DkgRsaKey;

DkgRsaKey  *dkg_rsa_key_generate             (guint              bits,
                                              GError           **error);
DkgRsaKey  *dkg_rsa_key_parse                (const char        *data,
                                              gsize              length,
                                              gboolean           need_private,
                                              const char        *name_for_errors,
                                              GError           **error);
DkgRsaKey  *dkg_rsa_key_load_public          (const char        *path,
                                              GError           **error);
DkgRsaKey  *dkg_rsa_key_load_private         (const char        *path,
                                              GError           **error);
char       *dkg_rsa_key_to_text              (const DkgRsaKey   *key,
                                              gboolean           private_part,
                                              gsize             *length);
gboolean    dkg_rsa_key_save_public          (const DkgRsaKey   *key,
                                              const char        *path,
                                              GError           **error);
gboolean    dkg_rsa_key_save_private         (const DkgRsaKey   *key,
                                              const char        *path,
                                              GError           **error);
guint       dkg_rsa_key_get_bits             (const DkgRsaKey   *key);
gboolean    dkg_rsa_key_has_private          (const DkgRsaKey   *key);
const char *dkg_rsa_key_get_fingerprint      (const DkgRsaKey   *key);
void        dkg_rsa_key_free                 (DkgRsaKey         *key);

GBytes     *dkg_rsa_oaep_encrypt             (const DkgRsaKey   *key,
                                              const guint8      *data,
                                              gsize              n_bytes,
                                              GError           **error);
gboolean    dkg_rsa_oaep_decrypt             (const DkgRsaKey   *key,
                                              GBytes            *ciphertext,
                                              guint8            *out,
                                              gsize              n_bytes,
                                              GError           **error);

GBytes     *dkg_rsa_wrap_container_key_bytes (GBytes            *container,
                                              const char        *name_for_errors,
                                              const DkgImage    *key,
                                              const DkgRsaKey   *recipient,
                                              GError           **error);
gboolean    dkg_rsa_wrap_container_key       (const char        *container_path,
                                              const DkgImage    *key,
                                              const char        *public_key_path,
                                              const char        *out_path,
                                              GError           **error);
DkgImage   *dkg_rsa_unwrap_container_key_with (GBytes           *container,
                                               const char       *name_for_errors,
                                               const DkgRsaKey  *private_key,
                                               GError          **error);
DkgImage   *dkg_rsa_unwrap_container_key     (GBytes            *container,
                                              const char        *name,
                                              const char        *private_key_path,
                                              GError           **error);
char       *dkg_rsa_container_recipient      (GBytes            *container,
                                              const char        *name_for_errors,
                                              GError           **error);

/**
 * DkgRsaTextbookKey:
 * @bits: bits of the modulus, %DKG_RSA_TEXTBOOK_MIN_BITS..%DKG_RSA_TEXTBOOK_MAX_BITS
 * @n: the modulus p·q, 2^(@bits − 1) ≤ @n < 2^@bits
 * @e: the public exponent (65537)
 * @d: the private exponent, e⁻¹ mod φ(n)
 * @p: a prime factor of @n
 * @q: the other prime factor
 *
 * A tiny-modulus RSA key for the paper's per-pixel textbook RSA. INSECURE: for comparison only
 * (dkg_rsa_textbook_encrypt_image()).
 */
typedef struct
{
  guint    bits;
  guint64  n;
  guint64  e;
  guint64  d;
  guint64  p;
  guint64  q;
} DkgRsaTextbookKey;

gboolean  dkg_rsa_textbook_key_generate     (guint                     bits,
                                             DkgRsaTextbookKey        *key,
                                             GError                  **error);
gboolean  dkg_rsa_textbook_key_from_primes  (guint64                   p,
                                             guint64                   q,
                                             guint64                   e,
                                             DkgRsaTextbookKey        *key,
                                             GError                  **error);
guint64   dkg_rsa_textbook_pow              (guint64                   base,
                                             guint64                   exponent,
                                             guint64                   modulus);
guint     dkg_rsa_textbook_words            (guint64                   n);
DkgImage *dkg_rsa_textbook_encrypt_image    (const DkgImage           *plain,
                                             const DkgRsaTextbookKey  *key,
                                             GError                  **error);
DkgImage *dkg_rsa_textbook_decrypt_image    (const DkgImage           *cipher,
                                             const DkgRsaTextbookKey  *key,
                                             guint                     bit_depth,
                                             gboolean                  is_signed,
                                             GError                  **error);
DkgImage *dkg_rsa_textbook_dictionary_attack (const DkgImage          *cipher,
                                              guint64                  n,
                                              guint64                  e,
                                              guint                    bit_depth,
                                              gboolean                 is_signed,
                                              guint64                 *n_recovered,
                                              GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkgRsaKey, dkg_rsa_key_free)

G_END_DECLS
