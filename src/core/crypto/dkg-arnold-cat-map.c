/* dkg-arnold-cat-map.c — Arnold cat map + XOR, the WGAN-GP variant's cipher
 * (docs/SPECIFICATION.md §5.4)
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
 * Moving the pixels. The permutation sends neighbours far apart, so a direct gather (every
 * output pixel reads its source) misses the cache and the TLB on almost every pixel. The
 * default kernel therefore partitions, as a radix sort does: pass 1 reads the source in
 * raster order and appends (offset, pixel) to one of ⌈pixels/65536⌉ buckets by destination
 * (a 64-byte write-combining buffer per bucket, flushed with non-temporal stores); pass 2
 * writes each bucket into its 65536-pixel slice of the output, which stays in L2, and XORs
 * that slice with the keystream while it is there. Pass 2 knows exactly where every bucket
 * ends: a bijection sends exactly one source pixel to each destination pixel. The buckets
 * need (4, 8 or 16 bytes) × output pixels of scratch, kept by a #DkgArnoldCatMap for reuse;
 * above dkg_arnold_cat_map_set_max_scratch(), or if that memory cannot be had, the gather
 * (with software prefetch) does the same work without scratch.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "dkg-arnold-cat-map.h"
#include "dkg-error.h"
#include "dkg-keystream.h"
#include "dkg-xor-cipher.h"

/* How many pixels ahead the gather prefetches its (scattered) source pixel. */
#define ACM_PREFETCH_DISTANCE 16
/* Destination pixels per bucket of the partitioned kernel: offsets fit 16 bits, and a slice
 * of 65536 pixels (at most 512 KiB) stays in L2 while pass 2 fills it. */
#define BUCKET_SHIFT  16
#define BUCKET_PIXELS ((gsize) 1 << BUCKET_SHIFT)
/* Write-combining buffer per bucket: one cache line. */
#define WC_BYTES      64

struct _DkgArnoldCatMap
{
  guint    width;          /* the plaintext's size */
  guint    height;
  guint    n;              /* side of the padded square */
  guint    channels;
  guint    bit_depth;
  gsize    pixel_bytes;
  guint64  k;
  guint    period;
  guint    fwd[4];         /* Aᵏ mod n: padded plaintext position → ciphertext position */
  guint    inv[4];         /* A⁻ᵏ mod n */
  gsize    max_scratch;
  guint8  *scratch;        /* Owned: bucket storage, allocated on first use (free()) */
  gsize    scratch_bytes;
  guint8  *wc;             /* Owned: write-combining buffers, WC_BYTES per bucket (free()) */
  guint8 **cursor;         /* Owned: per-bucket write position in @scratch */
  guint    bucket_capacity; /* buckets that @scratch, @wc and @cursor have room for */
  guint    n_buckets;       /* buckets of the current job */
};

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

typedef void (*AcmGatherFunc) (guint8 *dst, guint dw, guint dh, const guint8 *src, guint sw,
                               guint sh, const guint8 *ks, gboolean ks_at_src, gboolean swap,
                               guint n, const guint m[4]);

/* The gather kernel for pixels of [P] bytes (1–4, 6, 8: 1–4 channels of 8 or 16 bits). */
static const AcmGatherFunc acm_gathers[9] = {
  [1] = acm_gather_1, [2] = acm_gather_2, [3] = acm_gather_3, [4] = acm_gather_4,
  [6] = acm_gather_6, [8] = acm_gather_8,
};

/* ---- the partitioned kernel ------------------------------------------------------------ */

/* A pixel of @P bytes as an integer whose low 8·P bits hold its bytes in memory order. */
static inline guint64
pix_load (const guint8 *p,
          gsize         P)
{
  guint64 v = 0;

  memcpy (&v, p, P);
#if G_BYTE_ORDER == G_BIG_ENDIAN
  v >>= 64 - 8 * P;
#endif
  return v;
}

static inline void
pix_store (guint8  *p,
           guint64  v,
           gsize    P)
{
#if G_BYTE_ORDER == G_BIG_ENDIAN
  v <<= 64 - 8 * P;
#endif
  memcpy (p, &v, P);
}

static inline void
wc_flush (guint8       *dst,
          const guint8 *buf)
{
#ifdef __SSE2__
  const __m128i *s = (const __m128i *) buf;
  __m128i *d = (__m128i *) dst;

  _mm_stream_si128 (d, _mm_load_si128 (s));
  _mm_stream_si128 (d + 1, _mm_load_si128 (s + 1));
  _mm_stream_si128 (d + 2, _mm_load_si128 (s + 2));
  _mm_stream_si128 (d + 3, _mm_load_si128 (s + 3));
#else
  memcpy (dst, buf, WC_BYTES);
#endif
}

/* One move of the permutation: @dst (dw × dh, row pitch dw) at M·(x, y) mod n receives the
 * source pixel at (x, y) of the n×n square, of which only sw × sh (row pitch sw) is stored
 * (the rest is zero padding). Destinations outside dw × dh are dropped (decryption crops).
 * ks_src: keystream bytes at source positions of the n×n square; ks_dst: at destination
 * positions; either may be NULL. */
typedef struct
{
  guint8        *dst;
  guint          dw;
  guint          dh;
  const guint8  *src;
  guint          sw;
  guint          sh;
  const guint8  *ks_src;
  const guint8  *ks_dst;
  guint          bit_depth;
  guint          n;
  guint          m[4];       /* source → destination */
  guint          m_inv[4];   /* destination → source */
} AcmJob;

static inline gsize
element_size (gsize P)
{
  return P <= 2 ? 4 : P <= 6 ? 8 : 16;
}

/* Pass 1 and pass 2 of the module comment, for pixels of @P bytes (a constant after
 * inlining). Elements: 4 bytes (offset | pixel << 16) for P ≤ 2, 8 bytes for P ≤ 6,
 * 16 bytes (offset, pixel) for P = 8. */
static inline __attribute__ ((always_inline)) void
acm_partition (DkgArnoldCatMap *map,
               const AcmJob    *job,
               gsize            P)
{
  const gsize ES = element_size (P);
  /* locals, not job->…: the byte stores below may alias anything */
  const guint n = job->n, a = job->m[0], c = job->m[2];
  const guint dw = job->dw, dh = job->dh, sw = job->sw, sh = job->sh;
  const gsize total = (gsize) dw * dh;
  const gboolean swap = job->bit_depth == 16 && G_BYTE_ORDER == G_LITTLE_ENDIAN;
  const guint8 *const src = job->src, *const ks_src = job->ks_src;
  guint8 *const wc = map->wc;
  guint8 **const cursor = map->cursor;
  const guint n_buckets = map->n_buckets;
  g_autofree guint *fill = g_new0 (guint, n_buckets);

  for (guint j = 0; j < n_buckets; j++)
    cursor[j] = map->scratch + ((gsize) j << BUCKET_SHIFT) * ES;

  for (guint y = 0; y < n; y++)
    {
      guint dx = (guint) (((guint64) job->m[1] * y) % n);
      guint dy = (guint) (((guint64) job->m[3] * y) % n);
      const guint row_width = y < sh ? sw : 0;
      const guint8 *srow = src + (gsize) y * sw * P;
      const guint8 *krow = ks_src != NULL ? ks_src + (gsize) y * n * P : NULL;

      for (guint x = 0; x < n; x++)
        {
          if (dx < dw && dy < dh)
            {
              gsize d = (gsize) dy * dw + dx;
              guint j = (guint) (d >> BUCKET_SHIFT);
              guint64 off = d & (BUCKET_PIXELS - 1);
              guint64 pix = 0;
              guint8 *buf = wc + (gsize) j * WC_BYTES;
              guint f = fill[j];

              /* A full buffer is flushed when its bucket comes round again, long after
               * its last store retired: flushing at once would stall on reading back
               * those stores. */
              if (f == WC_BYTES)
                {
                  wc_flush (cursor[j], buf);
                  cursor[j] += WC_BYTES;
                  f = 0;
                }
              if (x < row_width)
                pix = pix_load (srow + (gsize) x * P, P);
              if (krow != NULL)
                {
                  guint64 kv = pix_load (krow + (gsize) x * P, P);

                  pix ^= swap ? swap16_lanes (kv) : kv;
                }
              if (ES == 4)
                {
                  guint32 e = (guint32) off | (guint32) pix << 16;

                  memcpy (buf + f, &e, 4);
                }
              else if (ES == 8)
                {
                  guint64 e = off | pix << 16;

                  memcpy (buf + f, &e, 8);
                }
              else
                {
                  guint64 e[2] = { off, pix };

                  memcpy (buf + f, e, 16);
                }
              fill[j] = f + (guint) ES;
            }
          dx += a;
          if (dx >= n)
            dx -= n;
          dy += c;
          if (dy >= n)
            dy -= n;
        }
    }
  for (guint j = 0; j < n_buckets; j++)
    {
      memcpy (cursor[j], wc + (gsize) j * WC_BYTES, fill[j]);
      cursor[j] += fill[j];
    }
#ifdef __SSE2__
  _mm_sfence ();
#endif

  for (guint j = 0; j < n_buckets; j++)
    {
      gsize base = (gsize) j << BUCKET_SHIFT;
      gsize count = MIN (BUCKET_PIXELS, total - base);
      const guint8 *e = map->scratch + base * ES;
      guint8 *slice = job->dst + base * P;

      /* a bijection: bucket j holds exactly one element per pixel of its slice */
      g_assert (cursor[j] == e + count * ES);
      for (gsize i = 0; i < count; i++, e += ES)
        {
          guint64 off, pix;

          if (ES == 4)
            {
              guint32 v;

              memcpy (&v, e, 4);
              off = v & 0xffff;
              pix = v >> 16;
            }
          else if (ES == 8)
            {
              guint64 v;

              memcpy (&v, e, 8);
              off = v & 0xffff;
              pix = v >> 16;
            }
          else
            {
              guint64 v[2];

              memcpy (v, e, 16);
              off = v[0];
              pix = v[1];
            }
          pix_store (slice + off * P, pix, P);
        }
      if (job->ks_dst != NULL)
        dkg_xor_cipher_apply_samples (slice, slice, job->ks_dst + base * P, count * P,
                                      job->bit_depth);
    }
}

#define DEFINE_ACM_PARTITION(P)                                                               \
  static void                                                                                 \
  acm_partition_##P (DkgArnoldCatMap *map, const AcmJob *job)                                 \
  {                                                                                           \
    acm_partition (map, job, P);                                                              \
  }

DEFINE_ACM_PARTITION (1)
DEFINE_ACM_PARTITION (2)
DEFINE_ACM_PARTITION (3)
DEFINE_ACM_PARTITION (4)
DEFINE_ACM_PARTITION (6)
DEFINE_ACM_PARTITION (8)

/* The partitioned kernel for pixels of [P] bytes, as acm_gathers[]. */
static void (*const acm_partitions[9]) (DkgArnoldCatMap *map, const AcmJob *job) = {
  [1] = acm_partition_1, [2] = acm_partition_2, [3] = acm_partition_3, [4] = acm_partition_4,
  [6] = acm_partition_6, [8] = acm_partition_8,
};

/* Allocates the bucket storage for @total destination pixels within the memory cap. */
static void
free_scratch (DkgArnoldCatMap *map)
{
  free (map->scratch);
  free (map->wc);
  g_free (map->cursor);
  map->scratch = NULL;
  map->wc = NULL;
  map->cursor = NULL;
  map->scratch_bytes = 0;
  map->bucket_capacity = 0;
  map->n_buckets = 0;
}

/* Makes room for the buckets of @total destination pixels within the memory cap; the storage
 * is kept for the next call (encryption has N·N destinations, decryption width·height). */
static gboolean
ensure_scratch (DkgArnoldCatMap *map,
                gsize            total)
{
  gsize es = element_size (map->pixel_bytes);
  guint n_buckets = (guint) ((total + BUCKET_PIXELS - 1) >> BUCKET_SHIFT);
  gsize bytes = ((gsize) n_buckets << BUCKET_SHIFT) * es;
  void *p = NULL;

  if (bytes > map->max_scratch)
    return FALSE;
  if (map->scratch == NULL || map->bucket_capacity < n_buckets)
    {
      free_scratch (map);
      if (posix_memalign (&p, WC_BYTES, bytes) != 0)
        return FALSE;
      map->scratch = p;
      if (posix_memalign (&p, WC_BYTES, (gsize) n_buckets * WC_BYTES) != 0)
        {
          free_scratch (map);
          return FALSE;
        }
      map->wc = p;
      map->cursor = g_new (guint8 *, n_buckets);
      map->scratch_bytes = bytes;
      map->bucket_capacity = n_buckets;
    }
  map->n_buckets = n_buckets;
  return TRUE;
}

static void
acm_run (DkgArnoldCatMap *map,
         const AcmJob    *job)
{
  gsize P = map->pixel_bytes;
  gboolean ks_at_src = job->ks_src != NULL;
  gboolean swap = job->bit_depth == 16 && G_BYTE_ORDER == G_LITTLE_ENDIAN;

  /* acm_gathers[] and acm_partitions[] hold the same pixel sizes */
  g_assert (P < G_N_ELEMENTS (acm_partitions) && acm_partitions[P] != NULL);
  if (ensure_scratch (map, (gsize) job->dw * job->dh))
    {
      acm_partitions[P] (map, job);
      return;
    }
  /* no scratch: gather each destination pixel from M⁻¹·q */
  acm_gathers[P] (job->dst, job->dw, job->dh, job->src, job->sw, job->sh,
                  ks_at_src ? job->ks_src : job->ks_dst, ks_at_src, swap, job->n, job->m_inv);
}

/* ---- the map object -------------------------------------------------------------------- */

/**
 * dkg_arnold_cat_map_new:
 * @width: plaintext width, 1..%DKG_IMAGE_MAX_DIM
 * @height: plaintext height, 1..%DKG_IMAGE_MAX_DIM
 * @channels: 1..4
 * @bit_depth: 8 or 16
 * @k: rounds, ≥ 1 and not a multiple of the period π(N) (for N > 1)
 * @error: return location for a #GError
 *
 * Prepares @k rounds of the cat map for images of one shape: N = max(@width, @height), the
 * period, Aᵏ and A⁻ᵏ. The map keeps its scratch memory between calls, so encrypting many
 * images of one shape allocates once. Not thread-safe: use one map per thread.
 *
 * Returns: (transfer full) (nullable): the map, or %NULL with %DKG_ERROR_INVALID_ARGUMENT
 *   (@k, or a shape outside the limits)
 */
DkgArnoldCatMap *
dkg_arnold_cat_map_new (guint     width,
                        guint     height,
                        guint     channels,
                        guint     bit_depth,
                        guint64   k,
                        GError  **error)
{
  DkgArnoldCatMap *map;
  guint n = dkg_arnold_cat_map_size (width, height);

  if (width == 0 || height == 0 || n > DKG_IMAGE_MAX_DIM || channels < 1 || channels > 4
      || (bit_depth != 8 && bit_depth != 16))
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                   "The Arnold cat map takes 1–%u pixels per side and 1–4 channels of 8 or 16 "
                   "bits, not %u×%u×%u of %u bits", (guint) DKG_IMAGE_MAX_DIM, width, height,
                   channels, bit_depth);
      return NULL;
    }
  if (!dkg_arnold_cat_map_check_iterations (n, k, error))
    return NULL;

  map = g_new0 (DkgArnoldCatMap, 1);
  map->width = width;
  map->height = height;
  map->n = n;
  map->channels = channels;
  map->bit_depth = bit_depth;
  map->pixel_bytes = (gsize) channels * (bit_depth / 8);
  map->k = k;
  map->period = dkg_arnold_cat_map_period (n);
  map->max_scratch = DKG_ARNOLD_CAT_MAP_DEFAULT_MAX_SCRATCH;
  dkg_arnold_cat_map_matrix (n, k % map->period, map->fwd);
  dkg_arnold_cat_map_matrix (n, (map->period - k % map->period) % map->period, map->inv);
  return map;
}

/**
 * dkg_arnold_cat_map_free:
 * @map: (nullable): a map
 *
 * Frees @map and its scratch memory.
 */
void
dkg_arnold_cat_map_free (DkgArnoldCatMap *map)
{
  if (map == NULL)
    return;
  free_scratch (map);
  g_free (map);
}

/**
 * dkg_arnold_cat_map_get_n:
 * @map: a map
 *
 * Returns: N, the side of the square the plaintext is padded to
 */
guint
dkg_arnold_cat_map_get_n (const DkgArnoldCatMap *map)
{
  g_return_val_if_fail (map != NULL, 0);

  return map->n;
}

/**
 * dkg_arnold_cat_map_get_period:
 * @map: a map
 *
 * Returns: π(N), the period of the cat map on the N×N square
 */
guint
dkg_arnold_cat_map_get_period (const DkgArnoldCatMap *map)
{
  g_return_val_if_fail (map != NULL, 0);

  return map->period;
}

/**
 * dkg_arnold_cat_map_set_max_scratch:
 * @map: a map
 * @max_bytes: most scratch memory the partitioned kernel may use, bytes (default
 *   %DKG_ARNOLD_CAT_MAP_DEFAULT_MAX_SCRATCH); 0 forces the gather kernel
 *
 * The partitioned kernel needs 4, 8 or 16 bytes (pixels of ≤ 2, ≤ 6, 8 bytes) per output
 * pixel; above @max_bytes the slower gather kernel, which needs none, is used. Both give the
 * same result.
 */
void
dkg_arnold_cat_map_set_max_scratch (DkgArnoldCatMap *map,
                                    gsize            max_bytes)
{
  g_return_if_fail (map != NULL);

  map->max_scratch = max_bytes;
  if (map->scratch_bytes > max_bytes)
    free_scratch (map);
}

static gboolean
check_image (const DkgImage  *image,
             guint            width,
             guint            height,
             const DkgArnoldCatMap *map,
             const char      *what,
             GError         **error)
{
  if (image->width == width && image->height == height && image->channels == map->channels
      && image->bit_depth == map->bit_depth)
    return TRUE;
  g_set_error (error, DKG_ERROR, DKG_ERROR_SHAPE,
               "The %s is a %u×%u image of %u channels of %u bits, but this Arnold cat map "
               "needs %u×%u of %u channels of %u bits", what, image->width, image->height,
               image->channels, image->bit_depth, width, height, map->channels, map->bit_depth);
  return FALSE;
}

static DkgKeystream *
map_keystream (const DkgArnoldCatMap  *map,
               const DkgImage         *key,
               GError                **error)
{
  DkgKeystream *ks = dkg_keystream_new (key, map->n, map->n, map->channels, map->bit_depth,
                                        error);

  if (ks == NULL)
    g_prefix_error (error, "The Arnold cat map pads this %u×%u image to %u×%u. ", map->width,
                    map->height, map->n, map->n);
  return ks;
}

/* One direction of the map, from @src into @dst. Encrypting moves the width × height
 * plaintext's pixels by Aᵏ into the N×N ciphertext and XORs the keystream there; decrypting
 * XORs the ciphertext first and moves its pixels back by A⁻ᵏ. Either way @key may be %NULL
 * (permutation only). */
static gboolean
acm_apply (DkgArnoldCatMap  *map,
           const DkgImage   *src,
           const DkgImage   *key,
           DkgImage         *dst,
           gboolean          encrypt,
           GError          **error)
{
  guint plain_w = map->width, plain_h = map->height, n = map->n;
  guint sw = encrypt ? plain_w : n, sh = encrypt ? plain_h : n;
  guint dw = encrypt ? n : plain_w, dh = encrypt ? n : plain_h;
  g_autoptr(DkgKeystream) ks = NULL;
  AcmJob job;

  if (!check_image (src, sw, sh, map, encrypt ? "plaintext" : "ciphertext", error)
      || !check_image (dst, dw, dh, map, encrypt ? "ciphertext" : "plaintext", error))
    return FALSE;
  if (key != NULL && (ks = map_keystream (map, key, error)) == NULL)
    return FALSE;

  job = (AcmJob) {
    .dst = dst->data, .dw = dw, .dh = dh,
    .src = src->data, .sw = sw, .sh = sh,
    .ks_src = !encrypt && ks != NULL ? ks->bytes : NULL,
    .ks_dst = encrypt && ks != NULL ? ks->bytes : NULL,
    .bit_depth = map->bit_depth, .n = n,
  };
  memcpy (job.m, encrypt ? map->fwd : map->inv, sizeof job.m);
  memcpy (job.m_inv, encrypt ? map->inv : map->fwd, sizeof job.m_inv);
  acm_run (map, &job);
  return TRUE;
}

/**
 * dkg_arnold_cat_map_encrypt_into:
 * @map: a map for @plain's shape
 * @plain: the width × height plaintext
 * @key: (nullable): the key image, with at least N·N·channels·bit_depth/8 bytes; %NULL only
 *   permutes (the scramble stage alone)
 * @cipher: (out caller-allocates): an N×N image of the same channels and bit depth; every
 *   sample is overwritten
 * @error: return location for a #GError
 *
 * Arnold cat map + XOR (docs/SPECIFICATION.md §5.4) into an existing image: pad with zero pixels,
 * move every pixel p to Aᵏp mod N, XOR the §5.3 bytes with the keystream. O(N²) for any k.
 *
 * Returns: %TRUE on success; %FALSE with %DKG_ERROR_SHAPE or %DKG_ERROR_KEY_TOO_SHORT (the
 *   message states the N×N×channels(×2) key bytes needed)
 */
gboolean
dkg_arnold_cat_map_encrypt_into (DkgArnoldCatMap  *map,
                                 const DkgImage   *plain,
                                 const DkgImage   *key,
                                 DkgImage         *cipher,
                                 GError          **error)
{
  g_return_val_if_fail (map != NULL && plain != NULL && cipher != NULL, FALSE);

  return acm_apply (map, plain, key, cipher, TRUE, error);
}

/**
 * dkg_arnold_cat_map_decrypt_into:
 * @map: the map the ciphertext was made with
 * @cipher: the N×N ciphertext
 * @key: (nullable): the key image; %NULL only unscrambles
 * @plain: (out caller-allocates): a width × height image of the same channels and bit depth
 *   (its signedness is left as it is); every sample is overwritten
 * @error: return location for a #GError
 *
 * The inverse of dkg_arnold_cat_map_encrypt_into(): XOR with the keystream, move every pixel
 * back by A⁻ᵏ and drop the padding.
 *
 * Returns: %TRUE on success; %FALSE with %DKG_ERROR_SHAPE or %DKG_ERROR_KEY_TOO_SHORT
 */
gboolean
dkg_arnold_cat_map_decrypt_into (DkgArnoldCatMap  *map,
                                 const DkgImage   *cipher,
                                 const DkgImage   *key,
                                 DkgImage         *plain,
                                 GError          **error)
{
  g_return_val_if_fail (map != NULL && plain != NULL && cipher != NULL, FALSE);

  return acm_apply (map, cipher, key, plain, FALSE, error);
}

/* ---- one-shot functions ---------------------------------------------------------------- */

/* The one-shot functions: a map for the width × height plaintext, @src encrypted (into an N×N
 * image) or decrypted (into a width × height one) with @key, or only permuted when @key is
 * %NULL. The key is checked before the output is allocated. */
static DkgImage *
acm_oneshot (const DkgImage  *src,
             const DkgImage  *key,
             guint64          k,
             guint            width,
             guint            height,
             gboolean         out_signed,
             gboolean         encrypt,
             GError         **error)
{
  g_autoptr(DkgArnoldCatMap) map = NULL;
  g_autoptr(DkgImage) out = NULL;
  g_autoptr(DkgKeystream) ks = NULL;

  map = dkg_arnold_cat_map_new (width, height, src->channels, src->bit_depth, k, error);
  if (map == NULL)
    return NULL;
  if (key != NULL && (ks = map_keystream (map, key, error)) == NULL)
    return NULL;
  out = dkg_image_new (encrypt ? map->n : width, encrypt ? map->n : height, src->channels,
                       src->bit_depth, out_signed, error);
  if (out == NULL || !acm_apply (map, src, key, out, encrypt, error))
    return NULL;
  return g_steal_pointer (&out);
}

static DkgImage *
acm_forward (const DkgImage  *plain,
             const DkgImage  *key,
             guint64          k,
             gboolean         out_signed,
             GError         **error)
{
  return acm_oneshot (plain, key, k, plain->width, plain->height, out_signed, TRUE, error);
}

static DkgImage *
acm_inverse (const DkgImage  *cipher,
             const DkgImage  *key,
             guint64          k,
             guint            width,
             guint            height,
             gboolean         is_signed,
             GError         **error)
{
  guint n = dkg_arnold_cat_map_size (width, height);

  if (cipher->width != n || cipher->height != n)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_SHAPE,
                   "A %u×%u image is padded to %u×%u by the Arnold cat map, but the "
                   "scrambled image is %u×%u", width, height, n, n, cipher->width,
                   cipher->height);
      return NULL;
    }
  return acm_oneshot (cipher, key, k, width, height, is_signed, FALSE, error);
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
 * Arnold cat map + XOR (docs/SPECIFICATION.md §5.4): pad to N×N with zero pixels, permute whole
 * pixels by Aᵏ, then XOR the §5.3 bytes of the N×N result with the keystream of @key. One pass over
 * the output, O(N²) for any @k.
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
