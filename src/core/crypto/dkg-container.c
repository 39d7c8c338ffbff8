/* dkg-container.c — the authenticated ciphertext file: a viewable PNG plus a signed header
 * (docs/SPECIFICATION.md §5.7)
 *
 * File layout. A PNG whose pixels are the ciphertext: same channels and bit depth as the
 * plaintext, unsigned, (width + pad_right) × (height + pad_bottom) pixels, and whose §5.3
 * bytes (the bytes PNG stores: 16-bit big-endian) are exactly the cipher's output — for "xor"
 * and "acm-xor" the papers' ciphertext pixels. An iTXt chunk "deepkeygen" holds the header as
 * JSON:
 *
 *   { "version": 1, "scheme": "xor" | "acm-xor" | "chacha20-poly1305",
 *     "width": W, "height": H, "channels": 1..4, "bit_depth": 8 | 16, "signed": bool,
 *     "padding": { "right": r, "bottom": b }, "acm_iterations": k (0 unless acm-xor),
 *     "salt": 64 hex, "nonce": 24 hex | null, "key_fingerprint": 16 hex,
 *     "source_format": "dicom" | "png" | … | null,
 *     "tag_algorithm": "hmac-sha256" | "poly1305", "tag": 64 | 32 hex }
 *
 * Hex is lowercase. Every member is required, no other member is allowed (it would not be
 * authenticated) and every value is range-checked and cross-checked against the PNG.
 * Nothing else of the source file is in the clear: no DICOM attribute, no patient name, only
 * the format's name (version 2 carries the whole file, sealed: see below).
 *
 * Canonical header. The JSON text may be re-serialised by any tool, so the tag never covers
 * the text. It covers this byte string, built from the parsed values (integers big-endian;
 * str8/bytes8 = one length byte, then the bytes):
 *
 *   "deepkeygen-container-header" 0x00  (28 bytes, domain separation)
 *   u32 version   str8 scheme   u32 width   u32 height   u32 channels   u32 bit_depth
 *   u8 signed   u32 pad_right   u32 pad_bottom   u64 acm_iterations
 *   bytes8 salt (32)   bytes8 nonce (12, or 0 bytes)   bytes8 key fingerprint (8)
 *   u8 has_source_format [str8 source_format]   str8 tag_algorithm
 *   u64 ciphertext length in bytes
 *
 * Every field has a fixed position or a length prefix, so two different headers never
 * encode to the same bytes.
 *
 * Tags. "chacha20-poly1305" (§5.5): k_enc = HKDF-SHA256(key bytes, salt,
 * "deepkeygen v1 chacha20-poly1305"), the canonical header is the AEAD's associated data and
 * the tag is Poly1305's. "xor" and "acm-xor": k_mac = HKDF-SHA256(key bytes, salt,
 * "deepkeygen v1 <scheme> hmac-sha256"), tag = HMAC-SHA256(k_mac, canonical header ‖
 * ciphertext bytes) — the cipher itself stays exactly the paper's. "Key bytes" are all bytes of
 * the key image in keystream order (dkg_keystream_new_whole_key()); the salt is fresh for
 * every file, so every file has its own k_mac or k_enc.
 *
 * Version 2: the whole source file (docs/SPECIFICATION.md §5.7, "Whole file"). For DICOM, NIfTI and
 * TIFF sources the container also carries the rest of the source file, sealed with
 * ChaCha20-Poly1305 under k_orig = HKDF-SHA256(key bytes, original salt (32 random bytes),
 * "deepkeygen v2 original file chacha20-poly1305"), a random 96-bit nonce, and the canonical
 * header as associated data, whatever the pixel scheme. The sealed bytes are the data of one
 * private ancillary PNG chunk "dkGf" before IEND (PNG viewers skip it); the header gains
 *
 *   "original": { "length": n, "pixels_offset": o, "pixels_length": p,
 *                 "salt": 64 hex, "nonce": 24 hex, "tag": 32 hex }
 *
 * and its canonical form ends, after the ciphertext length, with
 *
 *   u64 original length   u64 pixels offset   u64 pixels length
 *   bytes8 original salt (32)   bytes8 original nonce (12)
 *
 * so the pixel tag covers them too. "The rest": when the viewable image's samples appear in the
 * file exactly as stored (raster order, channels interleaved, 16-bit little-endian: native
 * little-endian DICOM, uncompressed TIFF strips), those p bytes at offset o are cut out — the
 * container's pixels carry them — and decryption splices the decrypted samples back. Otherwise
 * (compressed DICOM, big-endian data, NIfTI slices, which are flipped) p = 0 and the whole file
 * is sealed. Either way the file comes back byte for byte and nothing of it is in the clear.
 * Version 1 containers (no "original") are read as before.
 *
 * Files. dkg-container.c holds the schemes, the key fingerprint, the keys and tags, encryption
 * and decryption; dkg-container-header.c the header's JSON and canonical forms;
 * dkg-container-original.c the sealed source file of version 2; dkg-container-file.c the same
 * on files.
 *
 * Decryption parses and validates the header, checks the fingerprint, then verifies the tag
 * before it decrypts anything (xor, acm-xor) or before it returns anything (ChaCha20-Poly1305
 * decrypts into a private buffer that is wiped if the tag does not match).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gcrypt.h>
#include <string.h>

#include "dkg-arnold-cat-map.h"
#include "dkg-container-private.h"
#include "dkg-crypto.h"
#include "dkg-error.h"
#include "dkg-hkdf.h"
#include "dkg-xor-cipher.h"

#define FINGERPRINT_CONTEXT  "deepkeygen v1 key fingerprint"
#define MAC_INFO_XOR         "deepkeygen v1 xor hmac-sha256"
#define MAC_INFO_ACM_XOR     "deepkeygen v1 acm-xor hmac-sha256"
#define MAX_SOURCE_FORMAT    16
#define HMAC_CHUNK           (64 * 1024)

static const char *const scheme_names[] = { "xor", "acm-xor", "chacha20-poly1305" };

/**
 * dkg_container_scheme_to_string:
 * @scheme: a scheme
 *
 * Returns: (transfer none): "xor", "acm-xor" or "chacha20-poly1305", as in the header
 */
const char *
dkg_container_scheme_to_string (DkgContainerScheme scheme)
{
  g_return_val_if_fail ((guint) scheme < G_N_ELEMENTS (scheme_names), NULL);

  return scheme_names[scheme];
}

/**
 * dkg_container_scheme_from_string:
 * @name: "xor", "acm-xor" or "chacha20-poly1305"
 * @scheme: (out): the scheme
 *
 * Returns: %TRUE if @name is a scheme's name
 */
gboolean
dkg_container_scheme_from_string (const char         *name,
                                  DkgContainerScheme *scheme)
{
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (scheme_names); i++)
    if (strcmp (name, scheme_names[i]) == 0)
      {
        if (scheme != NULL)
          *scheme = (DkgContainerScheme) i;
        return TRUE;
      }
  return FALSE;
}

gboolean
_dkg_container_scheme_has_hmac (DkgContainerScheme scheme)
{
  return scheme == DKG_CONTAINER_SCHEME_XOR || scheme == DKG_CONTAINER_SCHEME_ACM_XOR;
}

/* %DKG_ERROR_KEY_TOO_SHORT, naming what (@use) needs the key, unless @key has the
 * %DKG_CONTAINER_MIN_AEAD_KEY_BYTES bytes an HKDF-derived ChaCha20-Poly1305 key wants. */
gboolean
_dkg_container_check_aead_key (const DkgImage  *key,
                               const char      *use,
                               GError         **error)
{
  if (dkg_image_n_bytes (key) >= DKG_CONTAINER_MIN_AEAD_KEY_BYTES)
    return TRUE;
  g_set_error (error, DKG_ERROR, DKG_ERROR_KEY_TOO_SHORT,
               "The key is too short: it has %" G_GSIZE_FORMAT " bytes, but %s needs at least "
               "%d key bytes", dkg_image_n_bytes (key), use, DKG_CONTAINER_MIN_AEAD_KEY_BYTES);
  return FALSE;
}

gboolean
_dkg_container_source_format_is_valid (const char *s)
{
  gsize len = strlen (s);

  if (len == 0 || len > MAX_SOURCE_FORMAT)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_islower (s[i]) && !g_ascii_isdigit (s[i]) && s[i] != '-')
      return FALSE;
  return TRUE;
}

/* SHA-256(context ‖ 0x00 ‖ u64 length ‖ key bytes), first 8 bytes. A fingerprint tells
 * keys apart; 64 bits of a hash of a key with far more entropy reveal nothing usable. */
static gboolean
fingerprint_bytes (const DkgKeystream  *whole,
                   guint8               out[DKG_CONTAINER_FINGERPRINT_BYTES],
                   GError             **error)
{
  guint64 len_be = GUINT64_TO_BE ((guint64) whole->n_bytes);
  gcry_md_hd_t md;

  dkg_crypto_init ();
  if (dkg_crypto_failed (gcry_md_open (&md, GCRY_MD_SHA256, 0), "gcry_md_open", error))
    return FALSE;
  gcry_md_write (md, FINGERPRINT_CONTEXT, sizeof FINGERPRINT_CONTEXT);
  gcry_md_write (md, &len_be, sizeof len_be);
  gcry_md_write (md, whole->bytes, whole->n_bytes);
  memcpy (out, gcry_md_read (md, GCRY_MD_SHA256), DKG_CONTAINER_FINGERPRINT_BYTES);
  gcry_md_close (md);
  return TRUE;
}

/**
 * dkg_container_key_fingerprint:
 * @key: a key image
 *
 * A short identifier of a key, recorded in every container (docs/SPECIFICATION.md §5.7) so that a
 * wrong key can be named as such: the first 64 bits of SHA-256 over a domain-separation string,
 * the key length and all key bytes, as 16 lowercase hex digits. It does not reveal the key:
 * a GAN key has far more than 64 bits, and the hash is one-way.
 *
 * Returns: (transfer full) (nullable): the fingerprint, or %NULL only if libgcrypt fails
 */
char *
dkg_container_key_fingerprint (const DkgImage *key)
{
  g_autoptr(DkgKeystream) whole = NULL;
  guint8 fp[DKG_CONTAINER_FINGERPRINT_BYTES];

  g_return_val_if_fail (key != NULL, NULL);

  whole = dkg_keystream_new_whole_key (key);
  if (!fingerprint_bytes (whole, fp, NULL))
    return NULL;
  return dkg_crypto_to_hex (fp, sizeof fp);
}

/**
 * dkg_container_info_free:
 * @info: (nullable): a header
 *
 * Frees @info.
 */
void
dkg_container_info_free (DkgContainerInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->source_format);
  g_free (info);
}

/* ---- keys and tags ------------------------------------------------------------------- */

static gboolean
derive_key (const DkgKeystream      *whole,
            const DkgContainerInfo  *info,
            guint8                   out[32],
            GError                 **error)
{
  const char *mac_info;

  switch (info->scheme)
    {
    case DKG_CONTAINER_SCHEME_CHACHA20_POLY1305:
      return dkg_aead_derive_key (whole->bytes, whole->n_bytes, info->salt, out, error);
    case DKG_CONTAINER_SCHEME_XOR:
      mac_info = MAC_INFO_XOR;
      break;
    case DKG_CONTAINER_SCHEME_ACM_XOR:
      mac_info = MAC_INFO_ACM_XOR;
      break;
    default:
      g_assert_not_reached ();
    }
  return dkg_hkdf_sha256 (whole->bytes, whole->n_bytes, info->salt, sizeof info->salt,
                          (const guint8 *) mac_info, strlen (mac_info), out,
                          DKG_CONTAINER_HMAC_SIZE, error);
}

/* HMAC-SHA256(k_mac, header ‖ §5.3 bytes of @cipher). */
static gboolean
compute_hmac (const guint8     k_mac[DKG_CONTAINER_HMAC_SIZE],
              GByteArray      *header,
              const DkgImage  *cipher,
              guint8           tag[DKG_CONTAINER_HMAC_SIZE],
              GError         **error)
{
  gsize n = dkg_image_n_bytes (cipher);
  gcry_md_hd_t md;

  dkg_crypto_init ();
  if (dkg_crypto_failed (gcry_md_open (&md, GCRY_MD_SHA256, GCRY_MD_FLAG_HMAC), "gcry_md_open",
                         error))
    return FALSE;
  if (dkg_crypto_failed (gcry_md_setkey (md, k_mac, DKG_CONTAINER_HMAC_SIZE), "gcry_md_setkey",
                         error))
    {
      gcry_md_close (md);
      return FALSE;
    }
  gcry_md_write (md, header->data, header->len);
  if (cipher->bit_depth == 8 || G_BYTE_ORDER == G_BIG_ENDIAN)
    gcry_md_write (md, cipher->data, n);
  else
    {
      g_autofree guint8 *buf = g_malloc (HMAC_CHUNK);

      for (gsize off = 0; off < n; off += HMAC_CHUNK)
        {
          gsize len = MIN ((gsize) HMAC_CHUNK, n - off);

          dkg_keystream_samples_to_bytes (cipher->data + off, buf, len, 16);
          gcry_md_write (md, buf, len);
        }
    }
  memcpy (tag, gcry_md_read (md, GCRY_MD_SHA256), DKG_CONTAINER_HMAC_SIZE);
  gcry_md_close (md);
  return TRUE;
}

/* ---- encryption ------------------------------------------------------------------------ */

/**
 * dkg_container_encrypt:
 * @plain: the plaintext image (1–4 channels, 8 or 16 bits, signed or not); only its samples,
 *   shape and source format name are stored
 * @key: the key image (§5.2). "xor" needs dkg_image_n_bytes(@plain) key bytes, "acm-xor"
 *   N·N·channels·bytes-per-sample with N = max(width, height), "chacha20-poly1305" at
 *   least %DKG_CONTAINER_MIN_AEAD_KEY_BYTES
 * @options: scheme and, for acm-xor, the cat map rounds
 * @error: return location for a #GError
 *
 * Encrypts @plain into a container file (docs/SPECIFICATION.md §5.7; layout, canonical header and
 * tags in the module comment of dkg-container.c). A fresh 32-byte salt (and for chacha20-poly1305 a
 * fresh 96-bit nonce) from %GCRY_STRONG_RANDOM makes every call's output different.
 *
 * Returns: (transfer full) (nullable): the PNG file's bytes, or %NULL with
 *   %DKG_ERROR_KEY_TOO_SHORT (the message states the size needed),
 *   %DKG_ERROR_INVALID_ARGUMENT (cat map rounds, source format name), or an error of the
 *   image allocation or PNG encoder
 */
GBytes *
dkg_container_encrypt (const DkgImage             *plain,
                       const DkgImage             *key,
                       const DkgContainerOptions  *options,
                       GError                    **error)
{
  return dkg_container_encrypt_with_original (plain, NULL, key, options, error);
}

/**
 * dkg_container_encrypt_with_original:
 * @plain: the plaintext image, as for dkg_container_encrypt()
 * @original: (nullable): the source file's bytes, all of them, to carry sealed
 *   (at most %DKG_CONTAINER_ORIGINAL_MAX bytes); %NULL for none
 * @key: the key image; with @original at least %DKG_CONTAINER_MIN_AEAD_KEY_BYTES bytes
 * @options: scheme and, for acm-xor, the cat map rounds
 * @error: return location for a #GError
 *
 * dkg_container_encrypt(), plus, when @original is given, a version 2 container that carries
 * @original sealed with ChaCha20-Poly1305 under its own HKDF-derived key, salt and nonce, the
 * canonical header as associated data, whatever the pixel scheme (docs/SPECIFICATION.md §5.7 "Whole
 * file"; module comment of dkg-container.c). The pixels are encrypted exactly as without it.
 * dkg_container_decrypt_original() gives @original back byte for byte.
 *
 * Returns: (transfer full) (nullable): the container's bytes, or %NULL with the errors of
 *   dkg_container_encrypt(), %DKG_ERROR_KEY_TOO_SHORT (a key under 32 bytes cannot seal the
 *   file) or %DKG_ERROR_TOO_LARGE (@original over %DKG_CONTAINER_ORIGINAL_MAX)
 */
GBytes *
dkg_container_encrypt_with_original (const DkgImage             *plain,
                                     GBytes                     *original,
                                     const DkgImage             *key,
                                     const DkgContainerOptions  *options,
                                     GError                    **error)
{
  g_autoptr(DkgContainerInfo) info = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autofree guint8 *sealed = NULL;
  g_autoptr(DkgKeystream) whole = NULL;
  g_autoptr(DkgImage) cipher = NULL;
  g_autoptr(GByteArray) header = NULL;
  g_autofree char *json = NULL;
  guint8 fp[DKG_CONTAINER_FINGERPRINT_BYTES], derived[32];
  gboolean ok;

  g_return_val_if_fail (plain != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail ((guint) options->scheme < G_N_ELEMENTS (scheme_names), NULL);

  if (plain->source_format != NULL && !_dkg_container_source_format_is_valid (plain->source_format))
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                   "“%s” is not a source format name (1–16 characters a–z, 0–9, “-”)",
                   plain->source_format);
      return NULL;
    }

  info = g_new0 (DkgContainerInfo, 1);
  info->version = DKG_CONTAINER_VERSION;
  info->scheme = options->scheme;
  info->width = plain->width;
  info->height = plain->height;
  info->channels = plain->channels;
  info->bit_depth = plain->bit_depth;
  info->is_signed = plain->is_signed;
  info->source_format = g_strdup (plain->source_format);
  info->tag_len = _dkg_container_scheme_has_hmac (options->scheme) ? DKG_CONTAINER_HMAC_SIZE
                                                                   : DKG_AEAD_TAG_SIZE;

  if (original != NULL && !_dkg_container_prepare_original (info, original, plain, key, error))
    return NULL;

  switch (options->scheme)
    {
    case DKG_CONTAINER_SCHEME_XOR:
      cipher = dkg_xor_cipher_encrypt (plain, key, error);
      break;
    case DKG_CONTAINER_SCHEME_ACM_XOR:
      {
        guint n = dkg_arnold_cat_map_size (plain->width, plain->height);

        if (options->acm_iterations > DKG_CONTAINER_MAX_ACM_ITERATIONS)
          {
            g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                         "At most %u Arnold cat map iterations can be recorded, not %"
                         G_GUINT64_FORMAT, DKG_CONTAINER_MAX_ACM_ITERATIONS,
                         options->acm_iterations);
            return NULL;
          }
        info->pad_right = n - plain->width;
        info->pad_bottom = n - plain->height;
        info->acm_iterations = options->acm_iterations;
        cipher = dkg_arnold_cat_map_encrypt (plain, key, options->acm_iterations, error);
        if (cipher != NULL)
          info->acm_period = dkg_arnold_cat_map_period (n);
      }
      break;
    case DKG_CONTAINER_SCHEME_CHACHA20_POLY1305:
      if (!_dkg_container_check_aead_key (key, "chacha20-poly1305", error))
        return NULL;
      info->has_nonce = TRUE;
      dkg_crypto_random (info->nonce, sizeof info->nonce);
      break;
    default:
      g_assert_not_reached ();
    }
  if (options->scheme != DKG_CONTAINER_SCHEME_CHACHA20_POLY1305 && cipher == NULL)
    return NULL;

  dkg_crypto_random (info->salt, sizeof info->salt);
  whole = dkg_keystream_new_whole_key (key);
  if (!fingerprint_bytes (whole, fp, error))
    return NULL;
  {
    g_autofree char *hex = dkg_crypto_to_hex (fp, sizeof fp);

    memcpy (info->key_fingerprint, hex, DKG_CONTAINER_FINGERPRINT_LEN + 1);
  }
  header = _dkg_container_canonical_header (
    info, dkg_keystream_size_for (plain->width + info->pad_right, plain->height + info->pad_bottom,
                                  plain->channels, plain->bit_depth));
  if (!derive_key (whole, info, derived, error))
    return NULL;
  if (_dkg_container_scheme_has_hmac (options->scheme))
    ok = compute_hmac (derived, header, cipher, info->tag, error);
  else
    {
      cipher = dkg_aead_encrypt_image (plain, derived, info->nonce, header->data, header->len,
                                       info->tag, error);
      ok = cipher != NULL;
    }
  dkg_crypto_wipe (derived, sizeof derived);
  if (!ok)
    return NULL;

  if (original != NULL)
    {
      sealed = _dkg_container_seal_original (whole, info, header, original, error);
      if (sealed == NULL)
        return NULL;
    }

  json = dkg_container_info_to_json (info);
  png = dkg_image_encode_png_full (cipher, DKG_CONTAINER_ITXT_KEYWORD, json, TRUE, error);
  if (png == NULL || original == NULL)
    return g_steal_pointer (&png);
  return _dkg_container_png_add_original (png, sealed, info->original_len - info->pixels_len);
}

/* ---- decryption ------------------------------------------------------------------------ */

static DkgImage *decrypt_common (GBytes             *file,
                                 const char         *name_for_errors,
                                 const DkgImage     *key,
                                 DkgContainerInfo  **info_out,
                                 GBytes            **original_out,
                                 GError            **error);

/**
 * dkg_container_decrypt_original:
 * @file: the bytes of a container file
 * @name_for_errors: (nullable): the file's name for messages
 * @key: the key image
 * @info_out: (out) (optional) (transfer full): the validated header
 * @error: return location for a #GError
 *
 * Authenticates the whole container as dkg_container_decrypt() does (header, pixels and the
 * sealed source file) and returns the source file it carries, byte for byte as it was given
 * to dkg_container_encrypt_with_original() (docs/SPECIFICATION.md §5.7, "Whole file").
 *
 * Returns: (transfer full) (nullable): the source file's bytes, or %NULL with
 *   %DKG_ERROR_UNSUPPORTED (the container carries no source file: version 1, or made from a
 *   PNG or JPEG; the message says so), or an error of dkg_container_decrypt()
 */
GBytes *
dkg_container_decrypt_original (GBytes             *file,
                                const char         *name_for_errors,
                                const DkgImage     *key,
                                DkgContainerInfo  **info_out,
                                GError            **error)
{
  g_autoptr(DkgImage) plain = NULL;
  g_autoptr(DkgContainerInfo) info = NULL;
  GBytes *original = NULL;

  g_return_val_if_fail (file != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  plain = decrypt_common (file, name_for_errors, key, &info, &original, error);
  if (plain == NULL)
    return NULL;
  if (original == NULL)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_UNSUPPORTED,
                   "“%s” carries no original file (a version %u container made from %s "
                   "source): only its image can be decrypted",
                   name_for_errors != NULL ? name_for_errors : "container", info->version,
                   info->source_format != NULL ? info->source_format : "an unnamed");
      return NULL;
    }
  if (info_out != NULL)
    *info_out = g_steal_pointer (&info);
  return original;
}

/**
 * dkg_container_read_info:
 * @file: the bytes of a container file
 * @name_for_errors: (nullable): the file's name for messages
 * @error: return location for a #GError
 *
 * Reads and validates the header without a key (the PNG is decoded too, so that its shape
 * can be checked against the header). Nothing is authenticated: the tag is checked only by
 * dkg_container_decrypt().
 *
 * Returns: (transfer full) (nullable): the header, or %NULL with %DKG_ERROR_BAD_VERSION,
 *   %DKG_ERROR_INVALID_FILE or an error of the PNG decoder
 */
DkgContainerInfo *
dkg_container_read_info (GBytes      *file,
                         const char  *name_for_errors,
                         GError     **error)
{
  g_autoptr(DkgImage) cipher = NULL;
  DkgContainerInfo *info = NULL;

  g_return_val_if_fail (file != NULL, NULL);

  cipher = _dkg_container_load (file, name_for_errors != NULL ? name_for_errors : "container",
                           &info, error);
  if (cipher == NULL)
    return NULL;
  return info;
}

/**
 * dkg_container_decrypt:
 * @file: the bytes of a container file
 * @name_for_errors: (nullable): the file's name for messages
 * @key: the key image
 * @info_out: (out) (optional) (transfer full): the validated header
 * @error: return location for a #GError
 *
 * Parses and validates the header (every member, its type and range, and its agreement with
 * the PNG), checks the key fingerprint, verifies the tag, and only then decrypts
 * (docs/SPECIFICATION.md §5.7, §10). The result is bit-exactly the image given to
 * dkg_container_encrypt(): unpadded, signedness and source format name restored.
 *
 * Returns: (transfer full) (nullable): the plaintext image, or %NULL with %DKG_ERROR_AUTH (the
 *   key is not the one the file was encrypted with, or any bit of the pixels or the header
 *   was changed; the message names the file), %DKG_ERROR_BAD_VERSION (unknown format
 *   version), %DKG_ERROR_INVALID_FILE (not a container, missing or bad header members) or an
 *   error of the PNG decoder (corrupt or truncated file)
 */
DkgImage *
dkg_container_decrypt (GBytes             *file,
                       const char         *name_for_errors,
                       const DkgImage     *key,
                       DkgContainerInfo  **info_out,
                       GError            **error)
{
  return decrypt_common (file, name_for_errors, key, info_out, NULL, error);
}

static DkgImage *
pixels_not_authentic (const char  *name,
                      GError     **error)
{
  g_set_error (error, DKG_ERROR, DKG_ERROR_AUTH,
               "Authentication failed for “%s”: the file was modified or damaged, or the key "
               "is not the one it was encrypted with; nothing was decrypted", name);
  return NULL;
}

/* dkg_container_decrypt(); with @original_out, also the source file (NULL for a container that
 * carries none). The sealed source file, when there is one, is authenticated in every case. */
static DkgImage *
decrypt_common (GBytes             *file,
                const char         *name_for_errors,
                const DkgImage     *key,
                DkgContainerInfo  **info_out,
                GBytes            **original_out,
                GError            **error)
{
  const char *name = name_for_errors != NULL ? name_for_errors : "container";
  const guint8 *sealed = NULL;
  gsize sealed_len = 0;
  g_autofree guint8 *opened = NULL;
  g_autoptr(DkgContainerInfo) info = NULL;
  g_autoptr(DkgImage) cipher = NULL;
  g_autoptr(DkgImage) plain = NULL;
  g_autoptr(DkgKeystream) whole = NULL;
  g_autoptr(GByteArray) header = NULL;
  g_autoptr(GError) local = NULL;
  guint8 fp[DKG_CONTAINER_FINGERPRINT_BYTES], derived[32];
  g_autofree char *fp_hex = NULL;

  g_return_val_if_fail (file != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  cipher = _dkg_container_load (file, name, &info, error);
  if (cipher == NULL)
    return NULL;
  if (info->has_original
      && !_dkg_container_png_find_original (file, info, name, &sealed, &sealed_len, error))
    return NULL;

  whole = dkg_keystream_new_whole_key (key);
  if (!fingerprint_bytes (whole, fp, error))
    return NULL;
  fp_hex = dkg_crypto_to_hex (fp, sizeof fp);
  if (strcmp (fp_hex, info->key_fingerprint) != 0)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_AUTH,
                   "Authentication failed for “%s”: it was encrypted with another key (key "
                   "fingerprint %s; this key's is %s), or its header was modified", name,
                   info->key_fingerprint, fp_hex);
      return NULL;
    }

  header = _dkg_container_canonical_header (info, dkg_image_n_bytes (cipher));
  if (info->has_original)
    {
      /* the source file first: a modified one stops everything before any pixel is decrypted */
      opened = _dkg_container_open_original (whole, info, header, sealed, sealed_len, name,
                                             error);
      if (opened == NULL)
        return NULL;
    }
  if (!derive_key (whole, info, derived, error))
    return NULL;
  if (_dkg_container_scheme_has_hmac (info->scheme))
    {
      guint8 tag[DKG_CONTAINER_HMAC_SIZE];
      gboolean ok = compute_hmac (derived, header, cipher, tag, error);

      dkg_crypto_wipe (derived, sizeof derived);
      if (!ok)
        return NULL;
      if (!dkg_crypto_equal (tag, info->tag, DKG_CONTAINER_HMAC_SIZE))
        return pixels_not_authentic (name, error);
      if (info->scheme == DKG_CONTAINER_SCHEME_XOR)
        {
          /* in place: the decoded PNG is ours */
          if (!dkg_xor_cipher_apply_image (cipher, key, cipher, error))
            return NULL;
          plain = g_steal_pointer (&cipher);
          plain->is_signed = info->is_signed;
        }
      else
        plain = dkg_arnold_cat_map_decrypt (cipher, key, info->acm_iterations, info->width,
                                            info->height, info->is_signed, error);
    }
  else
    {
      /* in place: the decoded PNG is ours, and is wiped if the tag does not match */
      gboolean ok = dkg_aead_decrypt_image_into (cipher, derived, info->nonce, header->data,
                                                 header->len, info->tag, cipher, &local);

      dkg_crypto_wipe (derived, sizeof derived);
      if (!ok && g_error_matches (local, DKG_ERROR, DKG_ERROR_AUTH))
        return pixels_not_authentic (name, error);
      if (!ok)
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local), "“%s”: ", name);
          return NULL;
        }
      plain = g_steal_pointer (&cipher);
      plain->is_signed = info->is_signed;
    }
  if (plain == NULL)
    return NULL;
  g_free (plain->source_format);
  plain->source_format = g_strdup (info->source_format);
  if (original_out != NULL && opened != NULL)
    *original_out = _dkg_container_splice_original (info, opened, sealed_len, plain);
  else if (original_out != NULL)
    *original_out = NULL;
  else if (opened != NULL)
    dkg_crypto_wipe (opened, sealed_len);
  if (info_out != NULL)
    *info_out = g_steal_pointer (&info);
  return g_steal_pointer (&plain);
}
