/* dkg-xor-cipher.c — the DeepKeyGen cipher: C = P ⊕ K (docs/SPECIFICATION.md §5.3)
 *
 * Ding et al. (IEEE TNNLS 2022) encrypt by XOR-ing the plaintext bytes with the key bytes.
 * The image-level functions work on host-order samples directly: for 16-bit images the
 * keystream's byte pairs are swapped on the fly (P and C are big-endian in §5.3), which is
 * the same as converting to bytes, XOR-ing and converting back, in one pass.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "dkg-error.h"
#include "dkg-keystream.h"
#include "dkg-xor-cipher.h"

/**
 * dkg_xor_cipher_apply:
 * @dst: (out caller-allocates) (array length=n_bytes): output; may equal @src
 * @src: (array length=n_bytes): input bytes
 * @keystream: (array length=n_bytes): keystream bytes
 * @n_bytes: number of bytes
 *
 * @dst[i] = @src[i] ⊕ @keystream[i] for i < @n_bytes (docs/SPECIFICATION.md §5.3), 64 bytes per
 * step (the loop is written on 64-bit words so that the compiler vectorises it).
 */
void
dkg_xor_cipher_apply (guint8       *dst,
                      const guint8 *src,
                      const guint8 *keystream,
                      gsize         n_bytes)
{
  gsize i = 0;

  for (; i + 64 <= n_bytes; i += 64)
    {
      guint64 a[8], k[8];

      memcpy (a, src + i, 64);
      memcpy (k, keystream + i, 64);
      for (int j = 0; j < 8; j++)
        a[j] ^= k[j];
      memcpy (dst + i, a, 64);
    }
  for (; i < n_bytes; i++)
    dst[i] = src[i] ^ keystream[i];
}

/**
 * dkg_xor_cipher_apply_samples:
 * @dst: (out caller-allocates) (array length=n_bytes): output samples (host order); may
 *   equal @src
 * @src: (array length=n_bytes): input samples in host order (a run of DkgImage.data)
 * @keystream: (array length=n_bytes): keystream bytes in §5.3 order
 * @n_bytes: number of bytes; even when @bit_depth is 16
 * @bit_depth: 8 or 16
 *
 * XOR of host-order samples with a keystream in §5.3 byte order: the result's §5.3 bytes are
 * exactly bytes(@src) ⊕ @keystream. For 8-bit data this is dkg_xor_cipher_apply().
 */
void
dkg_xor_cipher_apply_samples (guint8       *dst,
                              const guint8 *src,
                              const guint8 *keystream,
                              gsize         n_bytes,
                              guint         bit_depth)
{
  gsize i = 0;

  g_return_if_fail (bit_depth == 8 || bit_depth == 16);
  g_return_if_fail (bit_depth == 8 || n_bytes % 2 == 0);

#if G_BYTE_ORDER == G_LITTLE_ENDIAN
  if (bit_depth == 16)
    {
      const guint64 m = G_GUINT64_CONSTANT (0x00ff00ff00ff00ff);

      for (; i + 64 <= n_bytes; i += 64)
        {
          guint64 a[8], k[8];

          memcpy (a, src + i, 64);
          memcpy (k, keystream + i, 64);
          for (int j = 0; j < 8; j++)
            a[j] ^= ((k[j] & m) << 8) | ((k[j] >> 8) & m);
          memcpy (dst + i, a, 64);
        }
      for (; i < n_bytes; i += 2)
        {
          guint8 a = src[i] ^ keystream[i + 1], b = src[i + 1] ^ keystream[i];

          dst[i] = a;
          dst[i + 1] = b;
        }
      return;
    }
#endif
  dkg_xor_cipher_apply (dst, src, keystream, n_bytes);
}

/**
 * dkg_xor_cipher_apply_image:
 * @in: a plaintext or ciphertext image
 * @key: the key image; needs at least dkg_image_n_bytes(@in) bytes (§5.2)
 * @out: (out caller-allocates): an image of @in's width, height, channels and bit depth (its
 *   signedness is left as it is); may be @in itself
 * @error: return location for a #GError
 *
 * The cipher core of docs/SPECIFICATION.md §5.3 into an existing image: the §5.3 bytes of @out
 * become bytes(@in) ⊕ K[0..len). Encryption and decryption are this same operation.
 *
 * Returns: %TRUE on success; %FALSE with %DKG_ERROR_SHAPE or %DKG_ERROR_KEY_TOO_SHORT
 */
gboolean
dkg_xor_cipher_apply_image (const DkgImage  *in,
                            const DkgImage  *key,
                            DkgImage        *out,
                            GError         **error)
{
  g_autoptr(DkgKeystream) ks = NULL;

  g_return_val_if_fail (in != NULL && key != NULL && out != NULL, FALSE);

  if (out->width != in->width || out->height != in->height || out->channels != in->channels
      || out->bit_depth != in->bit_depth)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_SHAPE,
                   "XOR of a %u×%u×%u image of %u bits into a %u×%u×%u image of %u bits",
                   in->width, in->height, in->channels, in->bit_depth, out->width, out->height,
                   out->channels, out->bit_depth);
      return FALSE;
    }
  ks = dkg_keystream_new (key, in->width, in->height, in->channels, in->bit_depth, error);
  if (ks == NULL)
    return FALSE;
  dkg_xor_cipher_apply_samples (out->data, in->data, ks->bytes, ks->n_bytes, in->bit_depth);
  return TRUE;
}

static DkgImage *
xor_image (const DkgImage  *in,
           const DkgImage  *key,
           gboolean         is_signed,
           GError         **error)
{
  g_autoptr(DkgKeystream) ks = NULL;
  g_autoptr(DkgImage) out = NULL;

  /* the key is checked before the output is allocated */
  ks = dkg_keystream_new (key, in->width, in->height, in->channels, in->bit_depth, error);
  if (ks == NULL)
    return NULL;
  out = dkg_image_new (in->width, in->height, in->channels, in->bit_depth, is_signed, error);
  if (out == NULL || !dkg_xor_cipher_apply_image (in, key, out, error))
    return NULL;
  return g_steal_pointer (&out);
}

/**
 * dkg_xor_cipher_encrypt:
 * @plain: the plaintext image (1–4 channels, 8 or 16 bits, signed or not)
 * @key: the key image; needs at least dkg_image_n_bytes(@plain) bytes (§5.2)
 * @error: return location for a #GError
 *
 * The DeepKeyGen cipher (docs/SPECIFICATION.md §5.3): the ciphertext's bytes are C = P ⊕
 * K[0..len(P)), P the plaintext bytes (dkg_keystream_image_to_bytes()), K the keystream of @key.
 *
 * Returns: (transfer full) (nullable): the ciphertext, an unsigned image of @plain's shape and
 *   bit depth whose §5.3 bytes are C (exactly the paper's ciphertext pixels); %NULL with
 *   %DKG_ERROR_KEY_TOO_SHORT or an error of dkg_image_new()
 */
DkgImage *
dkg_xor_cipher_encrypt (const DkgImage  *plain,
                        const DkgImage  *key,
                        GError         **error)
{
  g_return_val_if_fail (plain != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return xor_image (plain, key, FALSE, error);
}

/**
 * dkg_xor_cipher_decrypt:
 * @cipher: a ciphertext image from dkg_xor_cipher_encrypt()
 * @key: the key image it was encrypted with
 * @is_signed: whether the plaintext's samples were signed (restored on the result; 16-bit)
 * @error: return location for a #GError
 *
 * P = C ⊕ K (docs/SPECIFICATION.md §5.3). XOR authenticates nothing: a wrong key gives noise, not
 * an error; dkg_container_decrypt() adds the authentication.
 *
 * Returns: (transfer full) (nullable): the plaintext image, or %NULL with
 *   %DKG_ERROR_KEY_TOO_SHORT or an error of dkg_image_new()
 */
DkgImage *
dkg_xor_cipher_decrypt (const DkgImage  *cipher,
                        const DkgImage  *key,
                        gboolean         is_signed,
                        GError         **error)
{
  g_return_val_if_fail (cipher != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return xor_image (cipher, key, is_signed, error);
}
