/* dkg-arnold-cat-map.c — Arnold cat map + XOR, the WGAN-GP variant's cipher (DESIGN.md §5.4)
 *
 * What is permuted. The image is placed at the top-left corner of an N×N square,
 * N = max(width, height); the padding (columns width..N−1 and rows height..N−1) is pixels
 * whose samples are all zero. Whole pixels move — all channels and both bytes of a 16-bit
 * sample together — from (x, y) (x = column, y = row, origin top-left) to
 * (x + y mod N, x + 2y mod N), i.e. by the matrix A = [[1 1] [1 2]] acting on (x, y)ᵀ.
 * k rounds move (x, y) to Aᵏ(x, y) mod N. The padded, permuted N×N image is then XOR-ed
 * with the first N·N·channels·bytes-per-sample key bytes (§5.3 byte order), so the
 * ciphertext is N×N; the caller records width and height (the container does, as padding) and
 * decryption gathers only the width×height pixels of the original back.
 *
 * Composing k rounds. A is linear, so k rounds are the single matrix Aᵏ mod N, found by
 * square-and-multiply in O(log k) 2×2 products; A has determinant 1, so A⁻ᵏ = A^(π−k mod π)
 * with π the map's period. Each output pixel then reads its source pixel once: O(N²) for any
 * k, with no permutation table. Along a row the source position advances by a constant
 * (a, c) mod N, so the inner loop has no multiplication or division.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "dkg-arnold-cat-map.h"
#include "dkg-error.h"
#include "dkg-keystream.h"

/* How many pixels ahead the gather prefetches its (scattered) source pixel. */
#define ACM_PREFETCH_DISTANCE 16

static inline guint64
swap16_lanes (guint64 v)
{
  return ((v & G_GUINT64_CONSTANT (0x00ff00ff00ff00ff)) << 8)
         | ((v >> 8) & G_GUINT64_CONSTANT (0x00ff00ff00ff00ff));
}

/**
 * dkg_arnold_cat_map_size:
 * @width: image width
 * @height: image height
 *
 * Returns: N = max(@width, @height), the side of the square the image is padded to (§5.4)
 */
guint
dkg_arnold_cat_map_size (guint width,
                         guint height)
{
  return MAX (width, height);
}

static void
mat_mul (const guint  x[4],
         const guint  y[4],
         guint        n,
         guint        out[4])
{
  guint64 r[4];

  r[0] = ((guint64) x[0] * y[0] + (guint64) x[1] * y[2]) % n;
  r[1] = ((guint64) x[0] * y[1] + (guint64) x[1] * y[3]) % n;
  r[2] = ((guint64) x[2] * y[0] + (guint64) x[3] * y[2]) % n;
  r[3] = ((guint64) x[2] * y[1] + (guint64) x[3] * y[3]) % n;
  for (int i = 0; i < 4; i++)
    out[i] = (guint) r[i];
}

/**
 * dkg_arnold_cat_map_period:
 * @n: side of the square, 1..%DKG_IMAGE_MAX_DIM
 *
 * The period π(N) of the cat map (x, y) → (x + y, x + 2y) mod N: the smallest k ≥ 1 with
 * Aᵏ ≡ I (mod N), so that k rounds restore every image. Found by stepping through A, A², …;
 * π(N) ≤ 3N, so this takes O(N) 2×2 products. π(1) = 1, π(2) = 3, π(256) = 192.
 *
 * Returns: π(@n)
 */
guint
dkg_arnold_cat_map_period (guint n)
{
  guint a[4], m[4], id[4];
  guint k = 1;

  g_return_val_if_fail (n >= 1 && n <= DKG_IMAGE_MAX_DIM, 0);

  a[0] = 1 % n;
  a[1] = 1 % n;
  a[2] = 1 % n;
  a[3] = 2 % n;
  id[0] = 1 % n;
  id[1] = 0;
  id[2] = 0;
  id[3] = 1 % n;
  memcpy (m, a, sizeof m);
  while (memcmp (m, id, sizeof m) != 0)
    {
      mat_mul (m, a, n, m);
      k++;
      g_assert (k <= 3 * n);
    }
  return k;
}

/**
 * dkg_arnold_cat_map_matrix:
 * @n: side of the square, 1..%DKG_IMAGE_MAX_DIM
 * @k: number of rounds (any; reduced modulo the period)
 * @m: (out caller-allocates) (array fixed-size=4): Aᵏ mod @n, row-major {a, b, c, d}: a point
 *   (x, y) goes to (a·x + b·y mod N, c·x + d·y mod N) after @k rounds
 *
 * Composes @k rounds of the map into one matrix by square-and-multiply, O(log @k).
 */
void
dkg_arnold_cat_map_matrix (guint    n,
                           guint64  k,
                           guint    m[4])
{
  guint base[4];

  g_return_if_fail (n >= 1 && n <= DKG_IMAGE_MAX_DIM);

  base[0] = 1 % n;
  base[1] = 1 % n;
  base[2] = 1 % n;
  base[3] = 2 % n;
  m[0] = 1 % n;
  m[1] = 0;
  m[2] = 0;
  m[3] = 1 % n;
  while (k > 0)
    {
      if (k & 1)
        mat_mul (m, base, n, m);
      mat_mul (base, base, n, base);
      k >>= 1;
    }
}

/**
 * dkg_arnold_cat_map_check_iterations:
 * @n: side of the square, 1..%DKG_IMAGE_MAX_DIM
 * @k: number of rounds
 * @error: return location for a #GError
 *
 * Refuses a round count that leaves every image unchanged: k ≡ 0 (mod π(N)), k = 0 included
 * (§5.4). For N = 1 there is one pixel and no permutation but the identity, so any k ≥ 1 is
 * accepted there (the XOR still encrypts).
 *
 * Returns: %TRUE if @k may be used; %FALSE with %DKG_ERROR_INVALID_ARGUMENT otherwise
 */
gboolean
dkg_arnold_cat_map_check_iterations (guint     n,
                                     guint64   k,
                                     GError  **error)
{
  guint period;

  g_return_val_if_fail (n >= 1 && n <= DKG_IMAGE_MAX_DIM, FALSE);

  if (k == 0)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                   "The Arnold cat map needs at least 1 iteration, not 0");
      return FALSE;
    }
  period = dkg_arnold_cat_map_period (n);
  if (n > 1 && k % period == 0)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                   "%" G_GUINT64_FORMAT " iterations of the Arnold cat map on a %u×%u square are "
                   "a multiple of its period %u and would leave the image unchanged; choose "
                   "another number of iterations", k, n, n, period);
      return FALSE;
    }
  return TRUE;
}

/* The gather: dst (dw × dh pixels of P bytes) at (x, y) receives the source pixel at
 * M·(x, y) mod n, a zero pixel if that falls outside the sw × sh source. With a keystream,
 * the pixel is XOR-ed with the keystream bytes of the N×N pixel at (x, y) (encryption:
 * ks_at_src = FALSE, dst is the N×N square) or at the source position (decryption:
 * ks_at_src = TRUE, src is the N×N square). @swap: 16-bit samples on a little-endian host,
 * the keystream's byte pairs are swapped to match host-order samples. */
static inline __attribute__ ((always_inline)) void
acm_gather (guint8        *dst,
            guint          dw,
            guint          dh,
            const guint8  *src,
            guint          sw,
            guint          sh,
            const guint8  *ks,
            gboolean       ks_at_src,
            gboolean       swap,
            guint          n,
            const guint    m[4],
            gsize          P)
{
  const guint a = m[0], c = m[2];
  const guint pa = (guint) (((guint64) a * ACM_PREFETCH_DISTANCE) % n);
  const guint pc = (guint) (((guint64) c * ACM_PREFETCH_DISTANCE) % n);

  for (guint y = 0; y < dh; y++)
    {
      guint sx = (guint) (((guint64) m[1] * y) % n);
      guint sy = (guint) (((guint64) m[3] * y) % n);
      guint px = sx + pa, py = sy + pc;
      guint8 *d = dst + (gsize) y * dw * P;
      const guint8 *kd = ks != NULL ? ks + (gsize) y * dw * P : NULL;

      if (px >= n)
        px -= n;
      if (py >= n)
        py -= n;
      for (guint x = 0; x < dw; x++)
        {
          guint64 v = 0;

          if (px < sw && py < sh)
            __builtin_prefetch (src + ((gsize) py * sw + px) * P);
          if (sx < sw && sy < sh)
            memcpy (&v, src + ((gsize) sy * sw + sx) * P, P);
          if (ks != NULL)
            {
              guint64 kv = 0;

              if (ks_at_src)
                {
                  __builtin_prefetch (ks + ((gsize) py * n + px) * P);
                  memcpy (&kv, ks + ((gsize) sy * n + sx) * P, P);
                }
              else
                memcpy (&kv, kd + (gsize) x * P, P);
              if (swap)
                kv = swap16_lanes (kv);
              v ^= kv;
            }
          memcpy (d + (gsize) x * P, &v, P);
          sx += a;
          if (sx >= n)
            sx -= n;
          sy += c;
          if (sy >= n)
            sy -= n;
          px += a;
          if (px >= n)
            px -= n;
          py += c;
          if (py >= n)
            py -= n;
        }
    }
}

#define DEFINE_ACM_GATHER(P)                                                                  \
  static void                                                                                 \
  acm_gather_##P (guint8 *dst, guint dw, guint dh, const guint8 *src, guint sw, guint sh,     \
                  const guint8 *ks, gboolean ks_at_src, gboolean swap, guint n,               \
                  const guint m[4])                                                           \
  {                                                                                           \
    if (ks == NULL)                                                                           \
      acm_gather (dst, dw, dh, src, sw, sh, NULL, FALSE, FALSE, n, m, P);                     \
    else if (ks_at_src)                                                                       \
      acm_gather (dst, dw, dh, src, sw, sh, ks, TRUE, swap, n, m, P);                         \
    else                                                                                      \
      acm_gather (dst, dw, dh, src, sw, sh, ks, FALSE, swap, n, m, P);                        \
  }

DEFINE_ACM_GATHER (1)
DEFINE_ACM_GATHER (2)
DEFINE_ACM_GATHER (3)
DEFINE_ACM_GATHER (4)
DEFINE_ACM_GATHER (6)
DEFINE_ACM_GATHER (8)

static void
acm_gather_dispatch (guint8        *dst,
                     guint          dw,
                     guint          dh,
                     const guint8  *src,
                     guint          sw,
                     guint          sh,
                     const guint8  *ks,
                     gboolean       ks_at_src,
                     guint          bit_depth,
                     guint          n,
                     const guint    m[4],
                     gsize          pixel_bytes)
{
  gboolean swap = bit_depth == 16 && G_BYTE_ORDER == G_LITTLE_ENDIAN;

  switch (pixel_bytes)
    {
    case 1:
      acm_gather_1 (dst, dw, dh, src, sw, sh, ks, ks_at_src, swap, n, m);
      break;
    case 2:
      acm_gather_2 (dst, dw, dh, src, sw, sh, ks, ks_at_src, swap, n, m);
      break;
    case 3:
      acm_gather_3 (dst, dw, dh, src, sw, sh, ks, ks_at_src, swap, n, m);
      break;
    case 4:
      acm_gather_4 (dst, dw, dh, src, sw, sh, ks, ks_at_src, swap, n, m);
      break;
    case 6:
      acm_gather_6 (dst, dw, dh, src, sw, sh, ks, ks_at_src, swap, n, m);
      break;
    case 8:
      acm_gather_8 (dst, dw, dh, src, sw, sh, ks, ks_at_src, swap, n, m);
      break;
    default:
      g_assert_not_reached ();
    }
}

static gsize
pixel_bytes (const DkgImage *image)
{
  return (gsize) image->channels * (image->bit_depth / 8);
}

/* Forward: pad @plain to N×N, permute by Aᵏ, XOR with @key's keystream if @key is given. */
static DkgImage *
acm_forward (const DkgImage  *plain,
             const DkgImage  *key,
             guint64          k,
             gboolean         out_signed,
             GError         **error)
{
  g_autoptr(DkgKeystream) ks = NULL;
  g_autoptr(DkgImage) out = NULL;
  guint n = dkg_arnold_cat_map_size (plain->width, plain->height);
  guint period, m[4];

  if (!dkg_arnold_cat_map_check_iterations (n, k, error))
    return NULL;
  if (key != NULL)
    {
      ks = dkg_keystream_new (key, n, n, plain->channels, plain->bit_depth, error);
      if (ks == NULL)
        {
          g_prefix_error (error, "The Arnold cat map pads this %u×%u image to %u×%u. ",
                          plain->width, plain->height, n, n);
          return NULL;
        }
    }
  out = dkg_image_new (n, n, plain->channels, plain->bit_depth, out_signed, error);
  if (out == NULL)
    return NULL;
  /* The output pixel q takes the padded input pixel A⁻ᵏq = A^(π − k mod π) q. */
  period = dkg_arnold_cat_map_period (n);
  dkg_arnold_cat_map_matrix (n, (period - k % period) % period, m);
  acm_gather_dispatch (out->data, n, n, plain->data, plain->width, plain->height,
                       ks != NULL ? ks->bytes : NULL, FALSE, plain->bit_depth, n, m,
                       pixel_bytes (plain));
  return g_steal_pointer (&out);
}

/* Inverse: XOR the N×N @cipher with @key's keystream if given, undo Aᵏ, crop to w×h. */
static DkgImage *
acm_inverse (const DkgImage  *cipher,
             const DkgImage  *key,
             guint64          k,
             guint            width,
             guint            height,
             gboolean         is_signed,
             GError         **error)
{
  g_autoptr(DkgKeystream) ks = NULL;
  g_autoptr(DkgImage) out = NULL;
  guint n = dkg_arnold_cat_map_size (width, height);
  guint m[4];

  if (cipher->width != n || cipher->height != n)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_SHAPE,
                   "A %u×%u image is padded to %u×%u by the Arnold cat map, but the "
                   "scrambled image is %u×%u", width, height, n, n, cipher->width,
                   cipher->height);
      return NULL;
    }
  if (!dkg_arnold_cat_map_check_iterations (n, k, error))
    return NULL;
  if (key != NULL)
    {
      ks = dkg_keystream_new (key, n, n, cipher->channels, cipher->bit_depth, error);
      if (ks == NULL)
        {
          g_prefix_error (error, "The Arnold cat map pads this %u×%u image to %u×%u. ",
                          width, height, n, n);
          return NULL;
        }
    }
  out = dkg_image_new (width, height, cipher->channels, cipher->bit_depth, is_signed, error);
  if (out == NULL)
    return NULL;
  /* The plaintext pixel p sits at Aᵏp in the scrambled square. */
  dkg_arnold_cat_map_matrix (n, k, m);
  acm_gather_dispatch (out->data, width, height, cipher->data, n, n,
                       ks != NULL ? ks->bytes : NULL, TRUE, cipher->bit_depth, n, m,
                       pixel_bytes (cipher));
  return g_steal_pointer (&out);
}

/**
 * dkg_arnold_cat_map_scramble:
 * @image: an image (any channels, 8 or 16 bits)
 * @k: rounds, ≥ 1 and not a multiple of the period π(N) (for N > 1)
 * @error: return location for a #GError
 *
 * The permutation stage alone (no XOR), for showing what the map does: @image padded with zero
 * pixels to N×N (N = max(width, height), image at the top-left) and every pixel moved from p
 * to Aᵏp mod N. O(N²) for any @k.
 *
 * Returns: (transfer full) (nullable): the N×N scrambled image (signedness of @image), or
 *   %NULL with %DKG_ERROR_INVALID_ARGUMENT (@k) or an error of dkg_image_new()
 */
DkgImage *
dkg_arnold_cat_map_scramble (const DkgImage  *image,
                             guint64          k,
                             GError         **error)
{
  g_return_val_if_fail (image != NULL, NULL);

  return acm_forward (image, NULL, k, image->is_signed, error);
}

/**
 * dkg_arnold_cat_map_unscramble:
 * @scrambled: an N×N image from dkg_arnold_cat_map_scramble()
 * @k: the rounds it was scrambled with
 * @width: the original width (N = max(@width, @height))
 * @height: the original height
 * @error: return location for a #GError
 *
 * The inverse of dkg_arnold_cat_map_scramble(): moves every pixel back by A⁻ᵏ and crops the
 * padding away.
 *
 * Returns: (transfer full) (nullable): the @width × @height image (signedness of @scrambled),
 *   or %NULL with %DKG_ERROR_SHAPE (@scrambled is not N×N), %DKG_ERROR_INVALID_ARGUMENT (@k)
 *   or an error of dkg_image_new()
 */
DkgImage *
dkg_arnold_cat_map_unscramble (const DkgImage  *scrambled,
                               guint64          k,
                               guint            width,
                               guint            height,
                               GError         **error)
{
  g_return_val_if_fail (scrambled != NULL, NULL);

  return acm_inverse (scrambled, NULL, k, width, height, scrambled->is_signed, error);
}

/**
 * dkg_arnold_cat_map_encrypt:
 * @plain: the plaintext image (1–4 channels, 8 or 16 bits, signed or not)
 * @key: the key image; needs at least N·N·channels·bit_depth/8 bytes, N = max(width, height)
 * @k: rounds, ≥ 1 and not a multiple of the period π(N) (for N > 1)
 * @error: return location for a #GError
 *
 * Arnold cat map + XOR (DESIGN.md §5.4): pad to N×N with zero pixels, permute whole pixels by
 * Aᵏ, then XOR the §5.3 bytes of the N×N result with the keystream of @key. One pass over the
 * output, O(N²) for any @k.
 *
 * Returns: (transfer full) (nullable): the N×N unsigned ciphertext image; %NULL with
 *   %DKG_ERROR_INVALID_ARGUMENT (@k), %DKG_ERROR_KEY_TOO_SHORT (the message states the
 *   N×N×channels(×2) bytes needed) or an error of dkg_image_new()
 */
DkgImage *
dkg_arnold_cat_map_encrypt (const DkgImage  *plain,
                            const DkgImage  *key,
                            guint64          k,
                            GError         **error)
{
  g_return_val_if_fail (plain != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return acm_forward (plain, key, k, FALSE, error);
}

/**
 * dkg_arnold_cat_map_decrypt:
 * @cipher: an N×N ciphertext image from dkg_arnold_cat_map_encrypt()
 * @key: the key image it was encrypted with
 * @k: the rounds it was encrypted with
 * @width: the plaintext's width (N = max(@width, @height))
 * @height: the plaintext's height
 * @is_signed: whether the plaintext's samples were signed (16-bit)
 * @error: return location for a #GError
 *
 * The inverse of dkg_arnold_cat_map_encrypt(): XOR with the keystream, move every pixel back
 * by A⁻ᵏ and drop the padding, in one pass over the @width × @height output. Authenticates
 * nothing (dkg_container_decrypt() does).
 *
 * Returns: (transfer full) (nullable): the plaintext image; %NULL with %DKG_ERROR_SHAPE,
 *   %DKG_ERROR_INVALID_ARGUMENT, %DKG_ERROR_KEY_TOO_SHORT or an error of dkg_image_new()
 */
DkgImage *
dkg_arnold_cat_map_decrypt (const DkgImage  *cipher,
                            const DkgImage  *key,
                            guint64          k,
                            guint            width,
                            guint            height,
                            gboolean         is_signed,
                            GError         **error)
{
  g_return_val_if_fail (cipher != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return acm_inverse (cipher, key, k, width, height, is_signed, error);
}
