/* dkg-hkdf.c — HKDF-SHA256 (RFC 5869) over libgcrypt's HMAC-SHA256
 *
 * libgcrypt 1.10.1 has no GCRY_KDF_HKDF (it arrived in 1.11), so the two steps of RFC 5869 §2
 * are written out here with gcry_md in HMAC mode. Tested against RFC 5869 Appendix A.1–A.3.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gcrypt.h>
#include <string.h>

#include "dkg-crypto.h"
#include "dkg-error.h"
#include "dkg-hkdf.h"

/**
 * dkg_hkdf_sha256_extract:
 * @salt: (nullable) (array length=salt_len): salt; %NULL or empty means HashLen zero bytes
 * @salt_len: salt length in bytes
 * @ikm: (array length=ikm_len): input keying material (here: key bytes, up to gigabytes)
 * @ikm_len: length of @ikm in bytes
 * @prk: (out caller-allocates): the 32-byte pseudorandom key HMAC-SHA256(salt, IKM)
 * @error: return location for a #GError
 *
 * HKDF-Extract, RFC 5869 §2.2. @ikm is fed to HMAC in one pass, so any size works.
 *
 * Returns: %TRUE on success; %FALSE with %DKG_ERROR_FAILED only if libgcrypt fails
 */
gboolean
dkg_hkdf_sha256_extract (const guint8  *salt,
                         gsize          salt_len,
                         const guint8  *ikm,
                         gsize          ikm_len,
                         guint8         prk[DKG_HKDF_SHA256_HASH_LEN],
                         GError       **error)
{
  static const guint8 zeros[DKG_HKDF_SHA256_HASH_LEN] = { 0 };
  gcry_md_hd_t md = NULL;

  g_return_val_if_fail (ikm != NULL || ikm_len == 0, FALSE);
  g_return_val_if_fail (prk != NULL, FALSE);

  dkg_crypto_init ();
  if (salt == NULL || salt_len == 0)
    {
      salt = zeros;
      salt_len = sizeof zeros;
    }
  if (dkg_crypto_failed (gcry_md_open (&md, GCRY_MD_SHA256, GCRY_MD_FLAG_HMAC), "gcry_md_open",
                         error))
    return FALSE;
  if (dkg_crypto_failed (gcry_md_setkey (md, salt, salt_len), "gcry_md_setkey", error))
    {
      gcry_md_close (md);
      return FALSE;
    }
  if (ikm_len > 0)
    gcry_md_write (md, ikm, ikm_len);
  memcpy (prk, gcry_md_read (md, GCRY_MD_SHA256), DKG_HKDF_SHA256_HASH_LEN);
  gcry_md_close (md);
  return TRUE;
}

/**
 * dkg_hkdf_sha256_expand:
 * @prk: a 32-byte pseudorandom key from dkg_hkdf_sha256_extract()
 * @info: (nullable) (array length=info_len): context string (may be empty)
 * @info_len: length of @info in bytes
 * @okm: (out caller-allocates) (array length=okm_len): output keying material
 * @okm_len: bytes wanted, 1..%DKG_HKDF_SHA256_MAX_OUTPUT (8160)
 * @error: return location for a #GError
 *
 * HKDF-Expand, RFC 5869 §2.3: T(i) = HMAC(PRK, T(i−1) | info | i), OKM = first @okm_len bytes
 * of T(1) | T(2) | …
 *
 * Returns: %TRUE on success; %FALSE with %DKG_ERROR_INVALID_ARGUMENT if @okm_len is out of
 *   range, %DKG_ERROR_FAILED if libgcrypt fails
 */
gboolean
dkg_hkdf_sha256_expand (const guint8   prk[DKG_HKDF_SHA256_HASH_LEN],
                        const guint8  *info,
                        gsize          info_len,
                        guint8        *okm,
                        gsize          okm_len,
                        GError       **error)
{
  guint8 t[DKG_HKDF_SHA256_HASH_LEN];
  gsize t_len = 0, done = 0;
  gcry_md_hd_t md = NULL;

  g_return_val_if_fail (prk != NULL, FALSE);
  g_return_val_if_fail (info != NULL || info_len == 0, FALSE);
  g_return_val_if_fail (okm != NULL, FALSE);

  if (okm_len == 0 || okm_len > DKG_HKDF_SHA256_MAX_OUTPUT)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                   "HKDF-SHA256 can produce 1 to %d bytes, not %" G_GSIZE_FORMAT,
                   DKG_HKDF_SHA256_MAX_OUTPUT, okm_len);
      return FALSE;
    }
  dkg_crypto_init ();
  if (dkg_crypto_failed (gcry_md_open (&md, GCRY_MD_SHA256, GCRY_MD_FLAG_HMAC), "gcry_md_open",
                         error))
    return FALSE;
  if (dkg_crypto_failed (gcry_md_setkey (md, prk, DKG_HKDF_SHA256_HASH_LEN), "gcry_md_setkey",
                         error))
    {
      gcry_md_close (md);
      return FALSE;
    }
  for (guint i = 1; done < okm_len; i++)
    {
      guint8 counter = (guint8) i;
      gsize take = MIN (okm_len - done, (gsize) DKG_HKDF_SHA256_HASH_LEN);

      gcry_md_reset (md);
      if (t_len > 0)
        gcry_md_write (md, t, t_len);
      if (info_len > 0)
        gcry_md_write (md, info, info_len);
      gcry_md_write (md, &counter, 1);
      memcpy (t, gcry_md_read (md, GCRY_MD_SHA256), DKG_HKDF_SHA256_HASH_LEN);
      t_len = DKG_HKDF_SHA256_HASH_LEN;
      memcpy (okm + done, t, take);
      done += take;
    }
  gcry_md_close (md);
  dkg_crypto_wipe (t, sizeof t);
  return TRUE;
}

/**
 * dkg_hkdf_sha256:
 * @ikm: (array length=ikm_len): input keying material
 * @ikm_len: length of @ikm in bytes (any, including 0)
 * @salt: (nullable) (array length=salt_len): salt; %NULL or empty means HashLen zero bytes
 * @salt_len: length of @salt in bytes
 * @info: (nullable) (array length=info_len): context and application specific information
 * @info_len: length of @info in bytes
 * @okm: (out caller-allocates) (array length=okm_len): output keying material
 * @okm_len: bytes wanted, 1..%DKG_HKDF_SHA256_MAX_OUTPUT
 * @error: return location for a #GError
 *
 * HKDF-SHA256 (RFC 5869 §2): Expand(Extract(salt, IKM), info, L). docs/SPECIFICATION.md §5.5
 * derives the ChaCha20-Poly1305 key with it and §5.7 the HMAC key of the XOR containers.
 *
 * Returns: %TRUE on success; %FALSE with %DKG_ERROR_INVALID_ARGUMENT (@okm_len out of range)
 *   or %DKG_ERROR_FAILED (libgcrypt)
 */
gboolean
dkg_hkdf_sha256 (const guint8  *ikm,
                 gsize          ikm_len,
                 const guint8  *salt,
                 gsize          salt_len,
                 const guint8  *info,
                 gsize          info_len,
                 guint8        *okm,
                 gsize          okm_len,
                 GError       **error)
{
  guint8 prk[DKG_HKDF_SHA256_HASH_LEN];
  gboolean ok;

  if (!dkg_hkdf_sha256_extract (salt, salt_len, ikm, ikm_len, prk, error))
    return FALSE;
  ok = dkg_hkdf_sha256_expand (prk, info, info_len, okm, okm_len, error);
  dkg_crypto_wipe (prk, sizeof prk);
  return ok;
}
