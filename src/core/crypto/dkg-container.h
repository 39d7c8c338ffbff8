/* dkg-container.h — the authenticated ciphertext file: a viewable PNG plus a signed header
 * (docs/SPECIFICATION.md §5.7)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "dkg-aead.h"
#include "dkg-image.h"

G_BEGIN_DECLS

/** DKG_CONTAINER_VERSION: the container format version written for an image alone (pixels
 * and header); read, like every version up to %DKG_CONTAINER_VERSION_ORIGINAL. */
#define DKG_CONTAINER_VERSION 1
/** DKG_CONTAINER_VERSION_ORIGINAL: the version written when the container also carries the
 * source file, sealed (docs/SPECIFICATION.md §5.7, "Whole file"). */
#define DKG_CONTAINER_VERSION_ORIGINAL 2
/** DKG_CONTAINER_ORIGINAL_CHUNK: type of the PNG chunk that holds the sealed source file. */
#define DKG_CONTAINER_ORIGINAL_CHUNK "dkGf"
/** DKG_CONTAINER_ORIGINAL_MAX: largest source file a container carries, bytes (one PNG chunk). */
#define DKG_CONTAINER_ORIGINAL_MAX ((guint64) G_MAXINT32 - 1024)
/** DKG_CONTAINER_ITXT_KEYWORD: keyword of the PNG iTXt chunk that holds the JSON header. */
#define DKG_CONTAINER_ITXT_KEYWORD "deepkeygen"
/** DKG_CONTAINER_FINGERPRINT_LEN: hex digits of a key fingerprint (64 bits). */
#define DKG_CONTAINER_FINGERPRINT_LEN 16
/** DKG_CONTAINER_MAX_TAG_SIZE: bytes of the longest tag (HMAC-SHA256). */
#define DKG_CONTAINER_MAX_TAG_SIZE 32
/** DKG_CONTAINER_MIN_AEAD_KEY_BYTES: fewest key bytes accepted for chacha20-poly1305. */
#define DKG_CONTAINER_MIN_AEAD_KEY_BYTES 32
/** DKG_CONTAINER_MAX_ACM_ITERATIONS: most Arnold cat map rounds a container records. */
#define DKG_CONTAINER_MAX_ACM_ITERATIONS G_MAXUINT32

/**
 * DkgContainerScheme:
 * @DKG_CONTAINER_SCHEME_XOR: "xor", DeepKeyGen's C = P ⊕ K (§5.3) + HMAC-SHA256 tag
 * @DKG_CONTAINER_SCHEME_ACM_XOR: "acm-xor", Arnold cat map + XOR (§5.4) + HMAC-SHA256 tag
 * @DKG_CONTAINER_SCHEME_CHACHA20_POLY1305: "chacha20-poly1305", the hardened scheme (§5.5)
 */
typedef enum
{
  DKG_CONTAINER_SCHEME_XOR,
  DKG_CONTAINER_SCHEME_ACM_XOR,
  DKG_CONTAINER_SCHEME_CHACHA20_POLY1305,
} DkgContainerScheme;

/**
 * DkgContainerOptions:
 * @scheme: the cipher
 * @acm_iterations: %DKG_CONTAINER_SCHEME_ACM_XOR only: rounds k of the cat map,
 *   1..%DKG_CONTAINER_MAX_ACM_ITERATIONS and not a multiple of the map's period for
 *   N = max(width, height); ignored by the other schemes
 */
typedef struct
{
  DkgContainerScheme scheme;
  guint64            acm_iterations;
} DkgContainerOptions;

/**
 * DkgContainerInfo:
 * @version: format version (%DKG_CONTAINER_VERSION)
 * @scheme: the cipher
 * @width: width of the plaintext image
 * @height: height of the plaintext image
 * @channels: 1..4
 * @bit_depth: 8 or 16
 * @is_signed: the plaintext samples are int16
 * @pad_right: zero columns added at the right (acm-xor: N − width; else 0); the ciphertext
 *   PNG is (@width + @pad_right) × (@height + @pad_bottom)
 * @pad_bottom: zero rows added at the bottom (acm-xor: N − height; else 0)
 * @acm_iterations: cat map rounds (acm-xor), else 0
 * @acm_period: the cat map's period for N (acm-xor; computed, not stored), else 0
 * @salt: HKDF salt, 32 random bytes
 * @has_nonce: @nonce is set (chacha20-poly1305)
 * @nonce: the 96-bit ChaCha20-Poly1305 nonce
 * @key_fingerprint: 16 lowercase hex digits identifying the key (dkg_container_key_fingerprint())
 * @source_format: (nullable): the plaintext's source format ("dicom", "png", …); *Owned*
 * @tag: the authentication tag
 * @tag_len: 16 (Poly1305) or 32 (HMAC-SHA256)
 * @has_original: version 2: the container carries the source file, sealed
 * @original_len: bytes of the source file
 * @pixels_offset: where the viewable image's samples were cut out of the source file
 * @pixels_len: how many bytes were cut (dkg_image_n_bytes() of the plaintext), or 0: the
 *   sealed chunk holds @original_len − @pixels_len bytes
 * @original_salt: HKDF salt of the source file's key, 32 random bytes
 * @original_nonce: ChaCha20-Poly1305 nonce of the source file
 * @original_tag: Poly1305 tag of the source file
 *
 * The validated header of a container.
 */
typedef struct
{
  guint               version;
  DkgContainerScheme  scheme;
  guint               width;
  guint               height;
  guint               channels;
  guint               bit_depth;
  gboolean            is_signed;
  guint               pad_right;
  guint               pad_bottom;
  guint64             acm_iterations;
  guint               acm_period;
  guint8              salt[DKG_AEAD_SALT_SIZE];
  gboolean            has_nonce;
  guint8              nonce[DKG_AEAD_NONCE_SIZE];
  char                key_fingerprint[DKG_CONTAINER_FINGERPRINT_LEN + 1];
  char               *source_format;
  guint8              tag[DKG_CONTAINER_MAX_TAG_SIZE];
  gsize               tag_len;
  gboolean            has_original;
  guint64             original_len;
  guint64             pixels_offset;
  guint64             pixels_len;
  guint8              original_salt[DKG_AEAD_SALT_SIZE];
  guint8              original_nonce[DKG_AEAD_NONCE_SIZE];
  guint8              original_tag[DKG_AEAD_TAG_SIZE];
} DkgContainerInfo;

const char       *dkg_container_scheme_to_string    (DkgContainerScheme          scheme);
gboolean          dkg_container_scheme_from_string  (const char                 *name,
                                                     DkgContainerScheme         *scheme);
char             *dkg_container_key_fingerprint     (const DkgImage             *key);
char             *dkg_container_info_to_json        (const DkgContainerInfo     *info);
void              dkg_container_info_free           (DkgContainerInfo           *info);

GBytes           *dkg_container_encrypt             (const DkgImage             *plain,
                                                     const DkgImage             *key,
                                                     const DkgContainerOptions  *options,
                                                     GError                    **error);
GBytes           *dkg_container_encrypt_with_original (const DkgImage           *plain,
                                                     GBytes                     *original,
                                                     const DkgImage             *key,
                                                     const DkgContainerOptions  *options,
                                                     GError                    **error);
GBytes           *dkg_container_read_original_for   (const char                 *path,
                                                     const DkgImage             *plain,
                                                     GError                    **error);
GBytes           *dkg_container_decrypt_original    (GBytes                     *file,
                                                     const char                 *name_for_errors,
                                                     const DkgImage             *key,
                                                     DkgContainerInfo          **info_out,
                                                     GError                    **error);
DkgImage         *dkg_container_decrypt             (GBytes                     *file,
                                                     const char                 *name_for_errors,
                                                     const DkgImage             *key,
                                                     DkgContainerInfo          **info_out,
                                                     GError                    **error);
DkgContainerInfo *dkg_container_read_info           (GBytes                     *file,
                                                     const char                 *name_for_errors,
                                                     GError                    **error);

gboolean          dkg_container_encrypt_to_file     (const DkgImage             *plain,
                                                     const DkgImage             *key,
                                                     const DkgContainerOptions  *options,
                                                     const char                 *path,
                                                     GError                    **error);
gboolean          dkg_container_encrypt_to_file_with_original (const DkgImage   *plain,
                                                     GBytes                     *original,
                                                     const DkgImage             *key,
                                                     const DkgContainerOptions  *options,
                                                     const char                 *path,
                                                     GError                    **error);
gboolean          dkg_container_encrypt_file        (const char                 *path,
                                                     const DkgImageLoadOptions  *load_options,
                                                     const DkgImage             *key,
                                                     const DkgContainerOptions  *options,
                                                     const char                 *out_path,
                                                     GError                    **error);
DkgImage         *dkg_container_decrypt_file        (const char                 *path,
                                                     const DkgImage             *key,
                                                     DkgContainerInfo          **info_out,
                                                     GError                    **error);
gboolean          dkg_container_decrypt_to_png_file (const char                 *path,
                                                     const DkgImage             *key,
                                                     const char                 *out_path,
                                                     DkgContainerInfo          **info_out,
                                                     GError                    **error);
gboolean          dkg_container_decrypt_original_to_file (const char             *path,
                                                     const DkgImage             *key,
                                                     const char                 *out_path,
                                                     DkgContainerInfo          **info_out,
                                                     GError                    **error);
DkgContainerInfo *dkg_container_read_info_file      (const char                 *path,
                                                     GError                    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkgContainerInfo, dkg_container_info_free)

G_END_DECLS
