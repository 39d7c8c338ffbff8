/* dkg-aead.c — ChaCha20-Poly1305 (RFC 8439) through libgcrypt, the hardened cipher
 * (docs/SPECIFICATION.md §5.5)
 *
 * k_enc = HKDF-SHA256(IKM = key bytes, salt = 32 random bytes, info = DKG_AEAD_HKDF_INFO), a
 * fresh random 96-bit nonce per encryption, the container header as associated data. The
 * byte and image functions alike stream through libgcrypt in 64 KiB chunks, converting 16-bit
 * samples to and from §5.3 byte order (big-endian) inside each chunk while it is in cache.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gcrypt.h>
#include <string.h>

#include "dkg-aead.h"
#include "dkg-crypto.h"
#include "dkg-error.h"
#include "dkg-hkdf.h"
#include "dkg-keystream.h"

/* Chunk of the image functions: a multiple of the 64-byte ChaCha20 block, as libgcrypt
 * requires of every call but the last. */
#define AEAD_CHUNK (64 * 1024)

static gcry_cipher_hd_t
aead_open (const guint8   k_enc[DKG_AEAD_KEY_SIZE],
           const guint8   nonce[DKG_AEAD_NONCE_SIZE],
           const guint8  *aad,
           gsize          aad_len,
           GError       **error)
{
  gcry_cipher_hd_t hd = NULL;

  dkg_crypto_init ();
  if (dkg_crypto_failed (gcry_cipher_open (&hd, GCRY_CIPHER_CHACHA20, GCRY_CIPHER_MODE_POLY1305, 0),
                         "gcry_cipher_open", error))
    return NULL;
  if (dkg_crypto_failed (gcry_cipher_setkey (hd, k_enc, DKG_AEAD_KEY_SIZE), "gcry_cipher_setkey",
                         error)
      || dkg_crypto_failed (gcry_cipher_setiv (hd, nonce, DKG_AEAD_NONCE_SIZE), "gcry_cipher_setiv",
                            error)
      || (aad_len > 0
          && dkg_crypto_failed (gcry_cipher_authenticate (hd, aad, aad_len),
                                "gcry_cipher_authenticate", error)))
    {
      gcry_cipher_close (hd);
      return NULL;
    }
  return hd;
}

static void
auth_error (GError **error)
{
  g_set_error_literal (error, DKG_ERROR, DKG_ERROR_AUTH,
                       "Authentication failed: wrong key, or the ciphertext or its header was "
                       "modified");
}

/**
 * dkg_aead_derive_key:
 * @key_bytes: (array length=n_key_bytes): all bytes of the key image in keystream order
 *   (dkg_keystream_new_whole_key())
 * @n_key_bytes: their number
 * @salt: 32 random bytes, stored with the ciphertext
 * @k_enc: (out caller-allocates): the 32-byte ChaCha20-Poly1305 key
 * @error: return location for a #GError
 *
 * k_enc = HKDF-SHA256(IKM = key bytes, salt, info = "deepkeygen v1 chacha20-poly1305")
 * (docs/SPECIFICATION.md §5.5, RFC 5869).
 *
 * Returns: %TRUE on success; %FALSE with %DKG_ERROR_FAILED if libgcrypt fails
 */
gboolean
dkg_aead_derive_key (const guint8  *key_bytes,
                     gsize          n_key_bytes,
                     const guint8   salt[DKG_AEAD_SALT_SIZE],
                     guint8         k_enc[DKG_AEAD_KEY_SIZE],
                     GError       **error)
{
  static const char info[] = DKG_AEAD_HKDF_INFO;

  return dkg_hkdf_sha256 (key_bytes, n_key_bytes, salt, DKG_AEAD_SALT_SIZE,
                          (const guint8 *) info, sizeof info - 1, k_enc, DKG_AEAD_KEY_SIZE,
                          error);
}

/* Streams @n bytes of host-order samples from @in to @out through @hd, in §5.3 byte order
 * (bit depth 8: bytes as they are); @out may equal @in. */
static gboolean
aead_stream_samples (gcry_cipher_hd_t   hd,
                     gboolean           encrypt,
                     const guint8      *in,
                     guint8            *out,
                     gsize              n,
                     guint              bit_depth,
                     GError           **error)
{
  if (n == 0)
    gcry_cipher_final (hd);
  for (gsize off = 0; off < n; off += AEAD_CHUNK)
    {
      gsize len = MIN ((gsize) AEAD_CHUNK, n - off);
      gcry_error_t err;

      if (off + len == n)
        gcry_cipher_final (hd);
      dkg_keystream_samples_to_bytes (in + off, out + off, len, bit_depth);
      err = encrypt ? gcry_cipher_encrypt (hd, out + off, len, NULL, 0)
                    : gcry_cipher_decrypt (hd, out + off, len, NULL, 0);
      if (dkg_crypto_failed (err, encrypt ? "gcry_cipher_encrypt" : "gcry_cipher_decrypt", error))
        return FALSE;
      dkg_keystream_bytes_to_samples (out + off, out + off, len, bit_depth);
    }
  return TRUE;
}

static gboolean
same_layout (const DkgImage  *a,
             const DkgImage  *b,
             GError         **error)
{
  if (a->width == b->width && a->height == b->height && a->channels == b->channels
      && a->bit_depth == b->bit_depth)
    return TRUE;
  g_set_error (error, DKG_ERROR, DKG_ERROR_SHAPE,
               "ChaCha20-Poly1305 of a %u×%u×%u image of %u bits into a %u×%u×%u image of %u "
               "bits", a->width, a->height, a->channels, a->bit_depth, b->width, b->height,
               b->channels, b->bit_depth);
  return FALSE;
}

/* One AEAD call: @n bytes of @bit_depth samples from @in to @out (may equal @in), under
 * k_enc and the nonce, with @aad authenticated. */
typedef struct
{
  const guint8  *k_enc;       /* DKG_AEAD_KEY_SIZE bytes */
  const guint8  *nonce;       /* DKG_AEAD_NONCE_SIZE bytes */
  const guint8  *aad;
  gsize          aad_len;
  const guint8  *in;
  guint8        *out;
  gsize          n;
  guint          bit_depth;   /* 8: bytes as they are */
  gboolean       encrypt;
} AeadJob;

/* The first half of every call, the byte and the image functions': checks their common
 * arguments, opens the cipher and streams @job through it. Returns the handle for the tag, or
 * %NULL (a decryption's @job->out wiped to zeros). */
static gcry_cipher_hd_t
aead_run (const AeadJob  *job,
          GError        **error)
{
  gcry_cipher_hd_t hd;

  g_return_val_if_fail (job->k_enc != NULL && job->nonce != NULL, NULL);
  g_return_val_if_fail (job->aad != NULL || job->aad_len == 0, NULL);
  g_return_val_if_fail ((job->in != NULL && job->out != NULL) || job->n == 0, NULL);

  hd = aead_open (job->k_enc, job->nonce, job->aad, job->aad_len, error);
  if (hd == NULL)
    return NULL;
  if (!aead_stream_samples (hd, job->encrypt, job->in, job->out, job->n, job->bit_depth, error))
    {
      gcry_cipher_close (hd);
      if (!job->encrypt)
        dkg_crypto_wipe (job->out, job->n);
      return NULL;
    }
  return hd;
}

/* Encrypts @job and writes the tag. */
static gboolean
aead_seal (const AeadJob  *job,
           guint8          tag[DKG_AEAD_TAG_SIZE],
           GError        **error)
{
  gcry_cipher_hd_t hd;
  gboolean ok;

  g_return_val_if_fail (tag != NULL, FALSE);

  hd = aead_run (job, error);
  if (hd == NULL)
    return FALSE;
  ok = !dkg_crypto_failed (gcry_cipher_gettag (hd, tag, DKG_AEAD_TAG_SIZE), "gcry_cipher_gettag",
                           error);
  gcry_cipher_close (hd);
  return ok;
}

/* Decrypts @job and checks @tag; on any failure @job->out is wiped to zeros, so
 * unauthenticated plaintext never leaves. */
static gboolean
aead_unseal (const AeadJob  *job,
             const guint8    tag[DKG_AEAD_TAG_SIZE],
             GError        **error)
{
  gcry_cipher_hd_t hd;
  gcry_error_t err;

  g_return_val_if_fail (tag != NULL, FALSE);

  hd = aead_run (job, error);
  if (hd == NULL)
    return FALSE;
  err = gcry_cipher_checktag (hd, tag, DKG_AEAD_TAG_SIZE);
  gcry_cipher_close (hd);
  if (err != 0)
    {
      dkg_crypto_wipe (job->out, job->n);
      if (gcry_err_code (err) == GPG_ERR_CHECKSUM)
        auth_error (error);
      else
        dkg_crypto_failed (err, "gcry_cipher_checktag", error);
      return FALSE;
    }
  return TRUE;
}

/**
 * dkg_aead_encrypt:
 * @k_enc: 32-byte key
 * @nonce: 12-byte nonce; never use one twice with the same key (take 12 random bytes)
 * @aad: (nullable) (array length=aad_len): associated data, authenticated but not encrypted
 * @aad_len: its length in bytes
 * @in: (array length=n_bytes): plaintext
 * @out: (out caller-allocates) (array length=n_bytes): ciphertext; may equal @in
 * @n_bytes: plaintext length in bytes (up to 256 GiB, RFC 8439 §2.8)
 * @tag: (out caller-allocates): the 16-byte Poly1305 tag
 * @error: return location for a #GError
 *
 * AEAD_CHACHA20_POLY1305 of RFC 8439 §2.8 (libgcrypt %GCRY_CIPHER_MODE_POLY1305).
 *
 * Returns: %TRUE on success; %FALSE with %DKG_ERROR_FAILED if libgcrypt fails
 */
gboolean
dkg_aead_encrypt (const guint8   k_enc[DKG_AEAD_KEY_SIZE],
                  const guint8   nonce[DKG_AEAD_NONCE_SIZE],
                  const guint8  *aad,
                  gsize          aad_len,
                  const guint8  *in,
                  guint8        *out,
                  gsize          n_bytes,
                  guint8         tag[DKG_AEAD_TAG_SIZE],
                  GError       **error)
{
  AeadJob job = { k_enc, nonce, aad, aad_len, in, out, n_bytes, 8, TRUE };

  return aead_seal (&job, tag, error);
}

/**
 * dkg_aead_decrypt:
 * @k_enc: 32-byte key
 * @nonce: 12-byte nonce
 * @aad: (nullable) (array length=aad_len): associated data
 * @aad_len: its length in bytes
 * @in: (array length=n_bytes): ciphertext
 * @out: (out caller-allocates) (array length=n_bytes): plaintext; may equal @in
 * @n_bytes: ciphertext length in bytes
 * @tag: the 16-byte Poly1305 tag
 * @error: return location for a #GError
 *
 * Decrypts and checks the tag (constant time, in libgcrypt). If the tag does not match, @out
 * is wiped to zeros: the caller never sees unauthenticated plaintext.
 *
 * Returns: %TRUE if authentic; %FALSE with %DKG_ERROR_AUTH (wrong key or modified data) or
 *   %DKG_ERROR_FAILED
 */
gboolean
dkg_aead_decrypt (const guint8   k_enc[DKG_AEAD_KEY_SIZE],
                  const guint8   nonce[DKG_AEAD_NONCE_SIZE],
                  const guint8  *aad,
                  gsize          aad_len,
                  const guint8  *in,
                  guint8        *out,
                  gsize          n_bytes,
                  const guint8   tag[DKG_AEAD_TAG_SIZE],
                  GError       **error)
{
  AeadJob job = { k_enc, nonce, aad, aad_len, in, out, n_bytes, 8, FALSE };

  return aead_unseal (&job, tag, error);
}

/**
 * dkg_aead_encrypt_image_into:
 * @plain: the plaintext image
 * @k_enc: 32-byte key (dkg_aead_derive_key())
 * @nonce: 12 fresh random bytes
 * @aad: (nullable) (array length=aad_len): associated data (the container header)
 * @aad_len: its length in bytes
 * @cipher: (out caller-allocates): an image of @plain's width, height, channels and bit depth
 *   (its signedness is left as it is); may be @plain itself
 * @tag: (out caller-allocates): the 16-byte Poly1305 tag
 * @error: return location for a #GError
 *
 * ChaCha20-Poly1305 over the plaintext bytes of @plain (§5.3 order), docs/SPECIFICATION.md §5.5:
 * the §5.3 bytes of @cipher become the AEAD ciphertext.
 *
 * Returns: %TRUE on success; %FALSE with %DKG_ERROR_SHAPE or %DKG_ERROR_FAILED
 */
gboolean
dkg_aead_encrypt_image_into (const DkgImage  *plain,
                             const guint8     k_enc[DKG_AEAD_KEY_SIZE],
                             const guint8     nonce[DKG_AEAD_NONCE_SIZE],
                             const guint8    *aad,
                             gsize            aad_len,
                             DkgImage        *cipher,
                             guint8           tag[DKG_AEAD_TAG_SIZE],
                             GError         **error)
{
  AeadJob job;

  g_return_val_if_fail (plain != NULL && cipher != NULL, FALSE);

  job = (AeadJob) { k_enc, nonce, aad, aad_len, plain->data, cipher->data,
                    dkg_image_n_bytes (plain), plain->bit_depth, TRUE };
  return same_layout (plain, cipher, error) && aead_seal (&job, tag, error);
}

/**
 * dkg_aead_decrypt_image_into:
 * @cipher: a ciphertext image
 * @k_enc: 32-byte key
 * @nonce: the 12-byte nonce it was encrypted with
 * @aad: (nullable) (array length=aad_len): the same associated data
 * @aad_len: its length in bytes
 * @tag: the 16-byte Poly1305 tag
 * @plain: (out caller-allocates): an image of @cipher's width, height, channels and bit depth
 *   (signedness left as it is); may be @cipher itself (then a failure wipes the ciphertext)
 * @error: return location for a #GError
 *
 * Decrypts into @plain and checks the tag; on a mismatch every sample of @plain is wiped to
 * zero before returning, so unauthenticated plaintext never leaves this function.
 *
 * Returns: %TRUE if authentic; %FALSE with %DKG_ERROR_AUTH (wrong key, modified ciphertext or
 *   associated data), %DKG_ERROR_SHAPE or %DKG_ERROR_FAILED
 */
gboolean
dkg_aead_decrypt_image_into (const DkgImage  *cipher,
                             const guint8     k_enc[DKG_AEAD_KEY_SIZE],
                             const guint8     nonce[DKG_AEAD_NONCE_SIZE],
                             const guint8    *aad,
                             gsize            aad_len,
                             const guint8     tag[DKG_AEAD_TAG_SIZE],
                             DkgImage        *plain,
                             GError         **error)
{
  AeadJob job;

  g_return_val_if_fail (plain != NULL && cipher != NULL, FALSE);

  job = (AeadJob) { k_enc, nonce, aad, aad_len, cipher->data, plain->data,
                    dkg_image_n_bytes (plain), cipher->bit_depth, FALSE };
  return same_layout (cipher, plain, error) && aead_unseal (&job, tag, error);
}

/**
 * dkg_aead_encrypt_image:
 * @plain: the plaintext image
 * @k_enc: 32-byte key (dkg_aead_derive_key())
 * @nonce: 12 fresh random bytes
 * @aad: (nullable) (array length=aad_len): associated data (the container header)
 * @aad_len: its length in bytes
 * @tag: (out caller-allocates): the 16-byte Poly1305 tag
 * @error: return location for a #GError
 *
 * dkg_aead_encrypt_image_into() into a new image.
 *
 * Returns: (transfer full) (nullable): the unsigned ciphertext image of @plain's shape whose
 *   §5.3 bytes are the AEAD ciphertext; %NULL with an error of dkg_image_new() or
 *   %DKG_ERROR_FAILED
 */
DkgImage *
dkg_aead_encrypt_image (const DkgImage  *plain,
                        const guint8     k_enc[DKG_AEAD_KEY_SIZE],
                        const guint8     nonce[DKG_AEAD_NONCE_SIZE],
                        const guint8    *aad,
                        gsize            aad_len,
                        guint8           tag[DKG_AEAD_TAG_SIZE],
                        GError         **error)
{
  g_autoptr(DkgImage) out = NULL;

  g_return_val_if_fail (plain != NULL, NULL);

  out = dkg_image_new (plain->width, plain->height, plain->channels, plain->bit_depth, FALSE,
                       error);
  if (out == NULL
      || !dkg_aead_encrypt_image_into (plain, k_enc, nonce, aad, aad_len, out, tag, error))
    return NULL;
  return g_steal_pointer (&out);
}

/**
 * dkg_aead_decrypt_image:
 * @cipher: a ciphertext image from dkg_aead_encrypt_image()
 * @k_enc: 32-byte key
 * @nonce: the 12-byte nonce it was encrypted with
 * @aad: (nullable) (array length=aad_len): the same associated data
 * @aad_len: its length in bytes
 * @tag: the 16-byte Poly1305 tag
 * @is_signed: whether the plaintext's samples were signed (16-bit)
 * @error: return location for a #GError
 *
 * Decrypts into a private buffer and checks the tag before anything is returned; on a
 * mismatch the buffer is wiped and freed.
 *
 * Returns: (transfer full) (nullable): the plaintext image, or %NULL with %DKG_ERROR_AUTH
 *   (wrong key, modified ciphertext or associated data), an error of dkg_image_new() or
 *   %DKG_ERROR_FAILED
 */
DkgImage *
dkg_aead_decrypt_image (const DkgImage  *cipher,
                        const guint8     k_enc[DKG_AEAD_KEY_SIZE],
                        const guint8     nonce[DKG_AEAD_NONCE_SIZE],
                        const guint8    *aad,
                        gsize            aad_len,
                        const guint8     tag[DKG_AEAD_TAG_SIZE],
                        gboolean         is_signed,
                        GError         **error)
{
  g_autoptr(DkgImage) out = NULL;

  g_return_val_if_fail (cipher != NULL, NULL);

  out = dkg_image_new (cipher->width, cipher->height, cipher->channels, cipher->bit_depth,
                       is_signed, error);
  if (out == NULL
      || !dkg_aead_decrypt_image_into (cipher, k_enc, nonce, aad, aad_len, tag, out, error))
    return NULL;
  return g_steal_pointer (&out);
}
