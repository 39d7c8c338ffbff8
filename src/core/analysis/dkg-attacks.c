/* dkg-attacks.c — attacks on the papers' ciphers and on the hardened scheme
 * (docs/SPECIFICATION.md §6.9)
 *
 * The attacks run on what an eavesdropper really gets: the pixels of PNG containers
 * (dkg_container_encrypt(), decoded back with dkg_image_load_png_bytes()) and their headers
 * (dkg_container_read_info()), which carry in the clear what docs/SPECIFICATION.md §5.7 puts there
 * — among it the Arnold cat map's round count k. The attacker never uses the key; the key and the
 * plaintexts appear only to score the result.
 *
 * Why they work on "xor" and "acm-xor". Both ciphers are C = π(P) ⊕ K with a fixed keystream K
 * and a fixed pixel permutation π (the identity for xor, A^k for acm-xor). So
 *   key reuse:        C₁ ⊕ C₂ = π(P₁ ⊕ P₂), and π is public (k in the header);
 *   known plaintext:  K = C₁ ⊕ π(P₁) decrypts every other ciphertext of the key;
 *   chosen plaintext: C(0) = K, then C(P) ⊕ K = π(P): images that write each pixel's position
 *                     into its value reveal π without k.
 * Why they fail on "chacha20-poly1305" (§5.5): each file draws a fresh salt and nonce, so each
 * has its own keystream and C₁ ⊕ C₂, C₁ ⊕ P₁ and C(P) ⊕ C(0) are uniformly random; the scores
 * then sit at chance, 2^−bit_depth per sample.
 *
 * Samples are compared as raw bit patterns (a signed 16-bit sample is its two's-complement
 * bits), and XOR is taken sample by sample on DkgImage.data: XOR commutes with the byte order,
 * so the result's §5.3 bytes are the XOR of the operands' §5.3 bytes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "dkg-attacks.h"
#include "dkg-arnold-cat-map.h"
#include "dkg-keystream.h"
#include "dkg-xor-cipher.h"
#include "dkg-error.h"

static gboolean
same_shape (const DkgImage *a,
            const DkgImage *b)
{
  return a->width == b->width && a->height == b->height && a->channels == b->channels
         && a->bit_depth == b->bit_depth;
}

static gsize
pixel_bytes (const DkgImage *image)
{
  return (gsize) image->channels * (image->bit_depth / 8);
}

static double
chance (guint bit_depth)
{
  return ldexp (1.0, -(int) bit_depth);
}

static gboolean
check_same_shape (const DkgImage  *a,
                  const DkgImage  *b,
                  const char      *what_a,
                  const char      *what_b,
                  GError         **error)
{
  if (same_shape (a, b))
    return TRUE;
  g_set_error (error, DKG_ERROR, DKG_ERROR_SHAPE,
               "%s (%u×%u, %u channels, %u-bit) and %s (%u×%u, %u channels, %u-bit) must have "
               "the same shape", what_a, a->width, a->height, a->channels, a->bit_depth, what_b,
               b->width, b->height, b->channels, b->bit_depth);
  return FALSE;
}

/**
 * dkg_attack_xor_images:
 * @a: an image
 * @b: an image of @a's width, height, channels and bit depth
 * @error: return location for a #GError
 *
 * Sample-by-sample XOR of the raw bit patterns, e.g. C₁ ⊕ C₂ or P ⊕ C.
 *
 * Returns: (transfer full) (nullable): an unsigned image of @a's shape, or %NULL with
 *   %DKG_ERROR_SHAPE or an error of dkg_image_new()
 */
DkgImage *
dkg_attack_xor_images (const DkgImage  *a,
                       const DkgImage  *b,
                       GError         **error)
{
  DkgImage *out;

  g_return_val_if_fail (a != NULL, NULL);
  g_return_val_if_fail (b != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_same_shape (a, b, "The first image", "the second image", error))
    return NULL;
  out = dkg_image_new (a->width, a->height, a->channels, a->bit_depth, FALSE, error);
  if (out == NULL)
    return NULL;
  dkg_xor_cipher_apply (out->data, a->data, b->data, dkg_image_n_bytes (a));
  return out;
}

/**
 * dkg_attack_count_equal_samples:
 * @a: an image
 * @b: an image with as many samples as @a and the same bit depth
 *
 * Returns: the number of sample positions i where @a's and @b's samples have equal bit patterns
 */
guint64
dkg_attack_count_equal_samples (const DkgImage *a,
                                const DkgImage *b)
{
  gsize n;
  guint64 equal = 0;

  g_return_val_if_fail (a != NULL && b != NULL, 0);
  g_return_val_if_fail (a->bit_depth == b->bit_depth, 0);
  g_return_val_if_fail (dkg_image_n_samples (a) == dkg_image_n_samples (b), 0);

  n = dkg_image_n_samples (a);
  if (a->bit_depth == 8)
    {
      for (gsize i = 0; i < n; i++)
        equal += a->data[i] == b->data[i];
    }
  else
    {
      const guint16 *x = (const guint16 *) a->data, *y = (const guint16 *) b->data;

      for (gsize i = 0; i < n; i++)
        equal += x[i] == y[i];
    }
  return equal;
}

static double
sample_value (const DkgImage *image,
              gsize           i)
{
  if (image->bit_depth == 8)
    return image->data[i];
  return ((const guint16 *) image->data)[i];
}

/* Pearson r of the samples of two images with equal sample counts, read as unsigned. */
static DkgCorrelationValue
pearson_samples (const DkgImage *a,
                 const DkgImage *b)
{
  DkgCorrelationValue v = { 0, FALSE, NAN };
  gsize n = dkg_image_n_samples (a);
  double ma = 0, mb = 0, sab = 0, saa = 0, sbb = 0;

  v.n_pairs = n;
  if (n < 2)
    return v;
  for (gsize i = 0; i < n; i++)
    {
      ma += sample_value (a, i);
      mb += sample_value (b, i);
    }
  ma /= (double) n;
  mb /= (double) n;
  for (gsize i = 0; i < n; i++)
    {
      double da = sample_value (a, i) - ma, db = sample_value (b, i) - mb;

      sab += da * db;
      saa += da * da;
      sbb += db * db;
    }
  if (saa > 0 && sbb > 0)
    {
      v.defined = TRUE;
      v.r = CLAMP (sab / sqrt (saa * sbb), -1.0, 1.0);
    }
  return v;
}

/**
 * dkg_attack_acm_permutation:
 * @width: plaintext width
 * @height: plaintext height
 * @k: cat map rounds (dkg_arnold_cat_map_check_iterations() must accept them)
 * @permutation: (out caller-allocates) (array length=width*height): for plaintext pixel
 *   p = y·@width + x, the index y'·N + x' of the N×N ciphertext pixel it moves to
 * @error: return location for a #GError
 *
 * The true permutation of acm-xor (§5.4): (x', y') = A^k·(x, y) mod N, N = max(@width,
 * @height), A^k from dkg_arnold_cat_map_matrix(). What the chosen-plaintext attack is scored
 * against.
 *
 * Returns: %TRUE on success; %FALSE with %DKG_ERROR_INVALID_ARGUMENT (@k or the size)
 */
gboolean
dkg_attack_acm_permutation (guint     width,
                            guint     height,
                            guint64   k,
                            gsize    *permutation,
                            GError  **error)
{
  guint n = dkg_arnold_cat_map_size (width, height);
  guint m[4];

  g_return_val_if_fail (permutation != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (width == 0 || height == 0 || n > DKG_IMAGE_MAX_DIM)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                   "No cat map for a %u×%u image", width, height);
      return FALSE;
    }
  if (!dkg_arnold_cat_map_check_iterations (n, k, error))
    return FALSE;
  dkg_arnold_cat_map_matrix (n, k, m);
  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      {
        guint64 xp = ((guint64) m[0] * x + (guint64) m[1] * y) % n;
        guint64 yp = ((guint64) m[2] * x + (guint64) m[3] * y) % n;

        permutation[(gsize) y * width + x] = (gsize) (yp * n + xp);
      }
  return TRUE;
}

/**
 * dkg_attack_container_pixels:
 * @plain: the plaintext
 * @key: the key image
 * @options: the scheme (and cat map rounds)
 * @info: (out) (optional) (transfer full): the header, as anyone can read it from the file
 * @error: return location for a #GError
 *
 * Encrypts @plain into a real container (dkg_container_encrypt()) and returns what an
 * eavesdropper sees: the container's pixels (the ciphertext) and its header
 * (dkg_container_read_info()).
 *
 * Returns: (transfer full) (nullable): the ciphertext image, or %NULL with an error of
 *   dkg_container_encrypt() or of the decoding
 */
DkgImage *
dkg_attack_container_pixels (const DkgImage             *plain,
                             const DkgImage             *key,
                             const DkgContainerOptions  *options,
                             DkgContainerInfo          **info,
                             GError                    **error)
{
  g_autoptr(GBytes) file = NULL;
  g_autoptr(DkgImage) cipher = NULL;

  g_return_val_if_fail (plain != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  file = dkg_container_encrypt (plain, key, options, error);
  if (file == NULL)
    return NULL;
  cipher = dkg_image_load_png_bytes (file, "ciphertext container", NULL, NULL, error);
  if (cipher == NULL)
    return NULL;
  if (info != NULL)
    {
      *info = dkg_container_read_info (file, "ciphertext container", error);
      if (*info == NULL)
        return NULL;
    }
  return g_steal_pointer (&cipher);
}

/**
 * dkg_attack_key_reuse:
 * @plain1: P₁
 * @plain2: P₂, of @plain1's shape
 * @key: the one key both are encrypted with
 * @options: the scheme (and cat map rounds)
 * @error: return location for a #GError
 *
 * The key-reuse attack (§6.9): encrypts P₁ and P₂ into containers with @key and computes
 * C₁ ⊕ C₂. For xor it is P₁ ⊕ P₂ exactly; for acm-xor it is P₁ ⊕ P₂ moved by the cat map,
 * which the header's k undoes; for chacha20-poly1305 it is noise. See #DkgAttackKeyReuse for
 * every number reported.
 *
 * Returns: (transfer full) (nullable): the result, or %NULL with %DKG_ERROR_SHAPE or an error
 *   of the encryption
 */
DkgAttackKeyReuse *
dkg_attack_key_reuse (const DkgImage             *plain1,
                      const DkgImage             *plain2,
                      const DkgImage             *key,
                      const DkgContainerOptions  *options,
                      GError                    **error)
{
  g_autoptr(DkgAttackKeyReuse) r = NULL;
  g_autoptr(DkgContainerInfo) info1 = NULL;
  g_autoptr(DkgContainerInfo) info2 = NULL;

  g_return_val_if_fail (plain1 != NULL && plain2 != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_same_shape (plain1, plain2, "The first plaintext", "the second plaintext", error))
    return NULL;

  r = g_new0 (DkgAttackKeyReuse, 1);
  r->cipher1 = dkg_attack_container_pixels (plain1, key, options, &info1, error);
  if (r->cipher1 == NULL)
    return NULL;
  r->cipher2 = dkg_attack_container_pixels (plain2, key, options, &info2, error);
  if (r->cipher2 == NULL)
    return NULL;
  r->scheme = info1->scheme;
  r->acm_iterations = info1->acm_iterations;

  r->cipher_xor = dkg_attack_xor_images (r->cipher1, r->cipher2, error);
  if (r->cipher_xor == NULL)
    return NULL;
  if (info1->scheme == DKG_CONTAINER_SCHEME_ACM_XOR)
    r->revealed = dkg_arnold_cat_map_unscramble (r->cipher_xor, info1->acm_iterations,
                                                 info1->width, info1->height, error);
  else
    r->revealed = dkg_image_copy (r->cipher_xor);
  if (r->revealed == NULL)
    return NULL;
  r->plain_xor = dkg_attack_xor_images (plain1, plain2, error);
  if (r->plain_xor == NULL)
    return NULL;

  r->n_samples = dkg_image_n_samples (r->plain_xor);
  r->n_equal = dkg_attack_count_equal_samples (r->revealed, r->plain_xor);
  r->match_fraction = (double) r->n_equal / (double) r->n_samples;
  r->chance_fraction = chance (plain1->bit_depth);
  r->leaks = r->n_equal == r->n_samples;
  r->correlation = pearson_samples (r->revealed, r->plain_xor);
  dkg_entropy_compute_image (r->cipher_xor, &r->cipher_xor_entropy);
  dkg_entropy_compute_image (r->plain_xor, &r->plain_xor_entropy);
  dkg_correlation_compute_image (r->revealed, &r->revealed_adjacent);
  dkg_correlation_compute_image (r->plain_xor, &r->plain_xor_adjacent);
  return g_steal_pointer (&r);
}

/**
 * dkg_attack_key_reuse_free:
 * @result: (nullable): a result of dkg_attack_key_reuse()
 *
 * Frees @result and its images.
 */
void
dkg_attack_key_reuse_free (DkgAttackKeyReuse *result)
{
  if (result == NULL)
    return;
  dkg_image_free (result->cipher1);
  dkg_image_free (result->cipher2);
  dkg_image_free (result->cipher_xor);
  dkg_image_free (result->revealed);
  dkg_image_free (result->plain_xor);
  g_free (result);
}

/* T⁻¹ of the known-plaintext attack: the ciphertext-layout bytes @bytes (§5.3 order, @cipher's
 * shape) back to the plaintext's layout: for acm-xor the cat map undone with the header's k
 * and the padding dropped; otherwise the bytes as an image. */
static DkgImage *
invert_public (const guint8            *bytes,
               gsize                    n_bytes,
               const DkgImage          *cipher,
               const DkgContainerInfo  *info,
               gboolean                 is_signed,
               GError                 **error)
{
  g_autoptr(DkgImage) x = NULL;

  x = dkg_keystream_image_from_bytes (bytes, n_bytes, cipher->width, cipher->height,
                                      cipher->channels, cipher->bit_depth, is_signed, error);
  if (x == NULL || info->scheme != DKG_CONTAINER_SCHEME_ACM_XOR)
    return g_steal_pointer (&x);
  return dkg_arnold_cat_map_unscramble (x, info->acm_iterations, info->width, info->height,
                                        error);
}

/**
 * dkg_attack_known_plaintext:
 * @known_plain: P₁, a plaintext the attacker knows
 * @target_plain: P₂, the plaintext the attacker wants (used only to score the result); same
 *   channels and bit depth as @known_plain, any size
 * @key: the one key both are encrypted with
 * @options: the scheme (and cat map rounds)
 * @error: return location for a #GError
 *
 * The known-plaintext attack (§6.9): encrypts P₁ and P₂ into containers with @key; from P₁ and
 * C₁ alone the attacker computes the keystream K' = C₁ ⊕ T(P₁) (T: the scheme's public
 * transformation, see #DkgAttackKnownPlaintext), then decrypts C₂ with it:
 * P₂' = T⁻¹(C₂ ⊕ K'). Scores the fraction of P₂'s samples recovered exactly.
 *
 * Returns: (transfer full) (nullable): the result, or %NULL with %DKG_ERROR_SHAPE or an error
 *   of the encryption
 */
DkgAttackKnownPlaintext *
dkg_attack_known_plaintext (const DkgImage             *known_plain,
                            const DkgImage             *target_plain,
                            const DkgImage             *key,
                            const DkgContainerOptions  *options,
                            GError                    **error)
{
  g_autoptr(DkgAttackKnownPlaintext) r = NULL;
  g_autoptr(DkgContainerInfo) info1 = NULL;
  g_autoptr(DkgContainerInfo) info2 = NULL;
  g_autoptr(DkgImage) transformed = NULL;
  g_autoptr(DkgImage) mask = NULL;
  g_autoptr(DkgKeystream) whole = NULL;
  g_autofree guint8 *c1 = NULL;
  g_autofree guint8 *t1 = NULL;
  g_autofree guint8 *c2 = NULL;
  gsize n_c1, n_t1, n_c2, n_cover, n_cmp;
  guint64 key_equal = 0;

  g_return_val_if_fail (known_plain != NULL && target_plain != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (known_plain->channels != target_plain->channels
      || known_plain->bit_depth != target_plain->bit_depth)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_SHAPE,
                   "The known plaintext (%u channels, %u-bit) and the target (%u channels, "
                   "%u-bit) must have the same channels and bit depth", known_plain->channels,
                   known_plain->bit_depth, target_plain->channels, target_plain->bit_depth);
      return NULL;
    }

  r = g_new0 (DkgAttackKnownPlaintext, 1);
  r->cipher1 = dkg_attack_container_pixels (known_plain, key, options, &info1, error);
  if (r->cipher1 == NULL)
    return NULL;
  r->cipher2 = dkg_attack_container_pixels (target_plain, key, options, &info2, error);
  if (r->cipher2 == NULL)
    return NULL;
  r->scheme = info1->scheme;
  r->acm_iterations = info1->acm_iterations;

  /* The attacker's side: P₁, C₁, C₂ and the headers. */
  if (info1->scheme == DKG_CONTAINER_SCHEME_ACM_XOR)
    {
      transformed = dkg_arnold_cat_map_scramble (known_plain, info1->acm_iterations, error);
      if (transformed == NULL)
        return NULL;
    }
  else
    transformed = dkg_image_copy (known_plain);
  c1 = dkg_keystream_image_to_bytes (r->cipher1, &n_c1);
  t1 = dkg_keystream_image_to_bytes (transformed, &n_t1);
  if (n_c1 != n_t1)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_SHAPE,
                   "The ciphertext of the known plaintext has %" G_GSIZE_FORMAT " bytes, the "
                   "transformed plaintext %" G_GSIZE_FORMAT, n_c1, n_t1);
      return NULL;
    }
  dkg_xor_cipher_apply (c1, c1, t1, n_c1);        /* c1 is now K' */
  r->keystream = dkg_keystream_image_from_bytes (c1, n_c1, r->cipher1->width,
                                                 r->cipher1->height, r->cipher1->channels,
                                                 r->cipher1->bit_depth, FALSE, error);
  if (r->keystream == NULL)
    return NULL;
  r->keystream_bytes = n_c1;

  c2 = dkg_keystream_image_to_bytes (r->cipher2, &n_c2);
  r->cipher2_bytes = n_c2;
  n_cover = MIN (n_c1, n_c2);
  dkg_xor_cipher_apply (c2, c2, c1, n_cover);
  memset (c2 + n_cover, 0, n_c2 - n_cover);
  r->recovered = invert_public (c2, n_c2, r->cipher2, info2, target_plain->is_signed, error);
  if (r->recovered == NULL)
    return NULL;

  /* Scoring, with the key and P₂. Which samples K' reaches: mark C₂'s first n_cover bytes and
   * move the marks to the plaintext's layout as the ciphertext bytes were moved. */
  memset (c2, 0xff, n_cover);
  memset (c2 + n_cover, 0, n_c2 - n_cover);
  mask = invert_public (c2, n_c2, r->cipher2, info2, FALSE, error);
  if (mask == NULL)
    return NULL;
  whole = dkg_keystream_new_whole_key (key);
  n_cmp = MIN (n_c1, whole->n_bytes);
  for (gsize i = 0; i < n_cmp; i++)
    key_equal += c1[i] == whole->bytes[i];
  r->keystream_match_fraction = n_cmp > 0 ? (double) key_equal / (double) n_cmp : 0.0;
  r->n_samples = dkg_image_n_samples (target_plain);
  for (gsize i = 0; i < r->n_samples; i++)
    {
      gboolean covered, equal;

      if (target_plain->bit_depth == 8)
        {
          covered = mask->data[i] == 0xff;
          equal = r->recovered->data[i] == target_plain->data[i];
        }
      else
        {
          covered = ((const guint16 *) mask->data)[i] == 0xffff;
          equal = ((const guint16 *) r->recovered->data)[i]
                  == ((const guint16 *) target_plain->data)[i];
        }
      r->n_covered += covered ? 1 : 0;
      r->n_recovered += covered && equal ? 1 : 0;
    }
  r->covered_fraction = (double) r->n_covered / (double) r->n_samples;
  r->recovered_fraction = (double) r->n_recovered / (double) r->n_samples;
  r->chance_fraction = chance (target_plain->bit_depth);
  return g_steal_pointer (&r);
}

/**
 * dkg_attack_known_plaintext_free:
 * @result: (nullable): a result of dkg_attack_known_plaintext()
 *
 * Frees @result and its images.
 */
void
dkg_attack_known_plaintext_free (DkgAttackKnownPlaintext *result)
{
  if (result == NULL)
    return;
  dkg_image_free (result->cipher1);
  dkg_image_free (result->cipher2);
  dkg_image_free (result->keystream);
  dkg_image_free (result->recovered);
  g_free (result);
}

/* Position codes: pixel p has code p + padded; code 0 marks padding when padded. */
static guint
code_bits (guint64 n_pixels,
           gboolean padded)
{
  return g_bit_storage (n_pixels + (padded ? 1 : 0) - 1);
}

static guint
bits_per_image (guint             channels,
                guint             bit_depth,
                DkgAttackEncoding encoding)
{
  return encoding == DKG_ATTACK_ENCODING_PACKED ? channels * bit_depth : 1;
}

static gboolean
check_plain_format (guint     width,
                    guint     height,
                    guint     channels,
                    guint     bit_depth,
                    GError  **error)
{
  if (width < 1 || height < 1 || width > DKG_IMAGE_MAX_DIM || height > DKG_IMAGE_MAX_DIM
      || channels < 1 || channels > 4 || (bit_depth != 8 && bit_depth != 16))
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                   "No chosen plaintexts for a %u×%u image with %u channels of %u bits", width,
                   height, channels, bit_depth);
      return FALSE;
    }
  return TRUE;
}

/**
 * dkg_attack_chosen_plaintext_count:
 * @width: plaintext width, ≥ 1
 * @height: plaintext height, ≥ 1
 * @channels: 1–4
 * @bit_depth: 8 or 16
 * @padded: the ciphertext has more pixels than the plaintext (acm-xor on a non-square image)
 * @encoding: how positions are encoded
 *
 * Returns: the number of chosen plaintexts the attack encrypts, the all-zero one included:
 *   1 + ⌈b / bits per image⌉ with b = ⌈log₂(@width·@height + @padded)⌉ bits of position code
 *   (at least 1) and bits per image = 8·@channels·(@bit_depth/8) (packed) or 1 (bit planes)
 */
guint
dkg_attack_chosen_plaintext_count (guint             width,
                                   guint             height,
                                   guint             channels,
                                   guint             bit_depth,
                                   gboolean          padded,
                                   DkgAttackEncoding encoding)
{
  guint b, per;

  g_return_val_if_fail (check_plain_format (width, height, channels, bit_depth, NULL), 0);

  b = code_bits ((guint64) width * height, padded);
  per = bits_per_image (channels, bit_depth, encoding);
  return 1 + (b + per - 1) / per;
}

/**
 * dkg_attack_chosen_plaintext_make_image:
 * @width: plaintext width, ≥ 1
 * @height: plaintext height, ≥ 1
 * @channels: 1–4
 * @bit_depth: 8 or 16
 * @padded: the ciphertext has more pixels than the plaintext
 * @encoding: how positions are encoded
 * @index: which chosen plaintext, 0 … dkg_attack_chosen_plaintext_count() − 1
 * @error: return location for a #GError
 *
 * Chosen plaintext @index of the attack: 0 is the all-zero image; image j ≥ 1 writes bits
 * (j − 1)·w … j·w − 1 of every pixel's position code (p + @padded for pixel p = y·@width + x),
 * w = bits per image. Packed: the chunk's bytes, least significant first, fill the pixel's
 * bytes in memory order (DkgImage.data); bit planes: every byte of the pixel is 0xff when the
 * bit is set, else 0.
 *
 * Returns: (transfer full) (nullable): an unsigned image, or %NULL with
 *   %DKG_ERROR_INVALID_ARGUMENT or an error of dkg_image_new()
 */
DkgImage *
dkg_attack_chosen_plaintext_make_image (guint              width,
                                        guint              height,
                                        guint              channels,
                                        guint              bit_depth,
                                        gboolean           padded,
                                        DkgAttackEncoding  encoding,
                                        guint              index,
                                        GError           **error)
{
  g_autoptr(DkgImage) image = NULL;
  guint count, per, shift;
  gsize n_pixels, pb;
  guint64 mask;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_plain_format (width, height, channels, bit_depth, error))
    return NULL;
  count = dkg_attack_chosen_plaintext_count (width, height, channels, bit_depth, padded,
                                             encoding);
  if (index >= count)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                   "The attack uses %u chosen plaintexts; there is no number %u", count, index);
      return NULL;
    }
  image = dkg_image_new (width, height, channels, bit_depth, FALSE, error);
  if (image == NULL)
    return NULL;
  if (index == 0)
    return g_steal_pointer (&image);

  per = bits_per_image (channels, bit_depth, encoding);
  shift = (index - 1) * per;
  mask = per >= 64 ? G_MAXUINT64 : (G_GUINT64_CONSTANT (1) << per) - 1;
  n_pixels = (gsize) width * height;
  pb = pixel_bytes (image);
  for (gsize p = 0; p < n_pixels; p++)
    {
      guint64 chunk = (((guint64) p + (padded ? 1 : 0)) >> shift) & mask;
      guint8 *px = image->data + p * pb;

      if (encoding == DKG_ATTACK_ENCODING_PACKED)
        for (gsize b = 0; b < pb; b++)
          px[b] = (guint8) (chunk >> (8 * b));
      else
        memset (px, chunk ? 0xff : 0, pb);
    }
  return g_steal_pointer (&image);
}

static gboolean
check_oracle_output (const DkgImage  *cipher,
                     const DkgImage  *first,
                     guint            channels,
                     guint            bit_depth,
                     gsize            n_plain_pixels,
                     GError         **error)
{
  if (cipher->channels != channels || cipher->bit_depth != bit_depth
      || (gsize) cipher->width * cipher->height < n_plain_pixels
      || (first != NULL && (cipher->width != first->width || cipher->height != first->height)))
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_SHAPE,
                   "The encryption oracle returned a %u×%u ciphertext with %u channels of %u "
                   "bits, which does not fit the chosen plaintexts", cipher->width,
                   cipher->height, cipher->channels, cipher->bit_depth);
      return FALSE;
    }
  return TRUE;
}

/**
 * dkg_attack_chosen_plaintext_run:
 * @width: plaintext width
 * @height: plaintext height
 * @channels: plaintext channels, 1–4
 * @bit_depth: 8 or 16
 * @encoding: how the chosen plaintexts encode positions
 * @oracle: (scope call): encrypts a plaintext under the victim's key
 * @user_data: data for @oracle
 * @target_cipher: the victim's ciphertext to decrypt, of the oracle's ciphertext shape
 * @target_plain: (nullable): its plaintext, only to score the result
 * @error: return location for a #GError
 *
 * The chosen-plaintext attack on a cipher C = π(P) ⊕ K with a secret pixel permutation π and a
 * fixed keystream K (acm-xor, §5.4): encrypts the all-zero image (C₀ = K) and the chosen
 * images of dkg_attack_chosen_plaintext_make_image(); C_j ⊕ C₀ = π(image j), so the bits read
 * at ciphertext pixel q spell the code of the plaintext pixel π moved to q. Then decrypts
 * @target_cipher: P'(p) = C_t(π(p)) ⊕ C₀(π(p)). Works for any k and needs neither the key nor
 * k. The result's @has_truth is %FALSE: the oracle's secret is not known here.
 *
 * Returns: (transfer full) (nullable): the result, or %NULL with the oracle's error,
 *   %DKG_ERROR_SHAPE (ciphertexts that do not fit) or %DKG_ERROR_INVALID_ARGUMENT
 */
DkgAttackChosenPlaintext *
dkg_attack_chosen_plaintext_run (guint                 width,
                                 guint                 height,
                                 guint                 channels,
                                 guint                 bit_depth,
                                 DkgAttackEncoding     encoding,
                                 DkgAttackOracleFunc   oracle,
                                 gpointer              user_data,
                                 const DkgImage       *target_cipher,
                                 const DkgImage       *target_plain,
                                 GError              **error)
{
  g_autoptr(DkgAttackChosenPlaintext) r = NULL;
  g_autoptr(DkgImage) zero = NULL;
  g_autofree guint64 *codes = NULL;
  gsize n_plain, n_cipher, pb;
  guint per;
  gboolean padded;

  g_return_val_if_fail (oracle != NULL, NULL);
  g_return_val_if_fail (target_cipher != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_plain_format (width, height, channels, bit_depth, error))
    return NULL;
  n_plain = (gsize) width * height;
  if (target_plain != NULL
      && (target_plain->width != width || target_plain->height != height
          || target_plain->channels != channels || target_plain->bit_depth != bit_depth))
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_SHAPE,
                   "The target plaintext is not a %u×%u image with %u channels of %u bits",
                   width, height, channels, bit_depth);
      return NULL;
    }

  r = g_new0 (DkgAttackChosenPlaintext, 1);
  r->scheme = DKG_CONTAINER_SCHEME_ACM_XOR;
  r->encoding = encoding;
  r->width = width;
  r->height = height;
  r->permutation_correct_fraction = NAN;
  r->recovered_fraction = NAN;
  r->chance_fraction = chance (bit_depth);

  zero = dkg_attack_chosen_plaintext_make_image (width, height, channels, bit_depth, FALSE,
                                                 encoding, 0, error);
  if (zero == NULL)
    return NULL;
  r->keystream = oracle (zero, user_data, error);
  if (r->keystream == NULL)
    return NULL;
  if (!check_oracle_output (r->keystream, NULL, channels, bit_depth, n_plain, error)
      || !check_oracle_output (target_cipher, r->keystream, channels, bit_depth, n_plain, error))
    return NULL;
  r->cipher_width = r->keystream->width;
  r->cipher_height = r->keystream->height;
  n_cipher = (gsize) r->cipher_width * r->cipher_height;
  padded = n_cipher > n_plain;
  r->n_bits = code_bits (n_plain, padded);
  r->n_chosen = dkg_attack_chosen_plaintext_count (width, height, channels, bit_depth, padded,
                                                   encoding);
  per = bits_per_image (channels, bit_depth, encoding);
  pb = pixel_bytes (r->keystream);

  codes = g_new0 (guint64, n_cipher);
  for (guint j = 1; j < r->n_chosen; j++)
    {
      g_autoptr(DkgImage) chosen = NULL;
      g_autoptr(DkgImage) cipher = NULL;
      guint shift = (j - 1) * per;

      chosen = dkg_attack_chosen_plaintext_make_image (width, height, channels, bit_depth,
                                                       padded, encoding, j, error);
      if (chosen == NULL)
        return NULL;
      cipher = oracle (chosen, user_data, error);
      if (cipher == NULL)
        return NULL;
      if (!check_oracle_output (cipher, r->keystream, channels, bit_depth, n_plain, error))
        return NULL;
      for (gsize q = 0; q < n_cipher; q++)
        {
          const guint8 *c = cipher->data + q * pb, *k = r->keystream->data + q * pb;
          guint64 chunk = 0;

          if (encoding == DKG_ATTACK_ENCODING_PACKED)
            for (gsize b = 0; b < pb; b++)
              chunk |= (guint64) (c[b] ^ k[b]) << (8 * b);
          else
            chunk = (c[0] ^ k[0]) & 1;
          codes[q] |= chunk << shift;
        }
    }

  r->permutation = g_new (gsize, n_plain);
  for (gsize p = 0; p < n_plain; p++)
    r->permutation[p] = DKG_ATTACK_UNMAPPED;
  for (gsize q = 0; q < n_cipher; q++)
    {
      guint64 code = codes[q];
      guint64 p;

      if (padded && code == 0)
        {
          r->n_padding++;
          continue;
        }
      p = code - (padded ? 1 : 0);
      if (p >= n_plain)
        r->n_invalid++;
      else if (r->permutation[p] != DKG_ATTACK_UNMAPPED)
        r->n_collisions++;
      else
        {
          r->permutation[p] = q;
          r->n_mapped++;
        }
    }
  r->is_bijection = r->n_mapped == n_plain && r->n_padding == n_cipher - n_plain;

  r->recovered = dkg_image_new (width, height, channels, bit_depth,
                                target_plain != NULL && target_plain->is_signed, error);
  if (r->recovered == NULL)
    return NULL;
  for (gsize p = 0; p < n_plain; p++)
    {
      gsize q = r->permutation[p];

      if (q != DKG_ATTACK_UNMAPPED)
        dkg_xor_cipher_apply (r->recovered->data + p * pb, target_cipher->data + q * pb,
                              r->keystream->data + q * pb, pb);
    }
  if (target_plain != NULL)
    {
      gsize sample_bytes = bit_depth / 8;

      r->n_samples = dkg_image_n_samples (target_plain);
      for (gsize p = 0; p < n_plain; p++)
        if (r->permutation[p] != DKG_ATTACK_UNMAPPED)
          for (gsize c = 0; c < channels; c++)
            {
              gsize off = p * pb + c * sample_bytes;

              r->n_recovered += memcmp (r->recovered->data + off, target_plain->data + off,
                                        sample_bytes) == 0;
            }
      r->recovered_fraction = (double) r->n_recovered / (double) r->n_samples;
    }
  return g_steal_pointer (&r);
}

typedef struct
{
  const DkgImage             *key;
  const DkgContainerOptions  *options;
} ContainerOracle;

static DkgImage *
container_oracle (const DkgImage  *plain,
                  gpointer         user_data,
                  GError         **error)
{
  ContainerOracle *o = user_data;

  return dkg_attack_container_pixels (plain, o->key, o->options, NULL, error);
}

/**
 * dkg_attack_acm_chosen_plaintext:
 * @target_plain: the victim's plaintext (encrypted with @key to make the target ciphertext;
 *   then used only to score the result)
 * @key: the victim's key, used only inside the encryption oracle
 * @options: the victim's scheme: acm-xor (the attack's subject), chacha20-poly1305 (it fails)
 *   or xor (no permutation: the identity is recovered)
 * @encoding: how the chosen plaintexts encode positions
 * @error: return location for a #GError
 *
 * dkg_attack_chosen_plaintext_run() with real containers: the oracle encrypts with @key and
 * @options (a fresh container each time, as a user would make them), the target ciphertext is
 * @target_plain's container. The recovered permutation is then scored against the truth: A^k
 * (dkg_attack_acm_permutation()) for acm-xor, the identity for xor and chacha20-poly1305.
 *
 * Returns: (transfer full) (nullable): the result, or %NULL with an error of the encryption or
 *   of dkg_attack_chosen_plaintext_run()
 */
DkgAttackChosenPlaintext *
dkg_attack_acm_chosen_plaintext (const DkgImage             *target_plain,
                                 const DkgImage             *key,
                                 const DkgContainerOptions  *options,
                                 DkgAttackEncoding           encoding,
                                 GError                    **error)
{
  g_autoptr(DkgAttackChosenPlaintext) r = NULL;
  g_autoptr(DkgImage) target_cipher = NULL;
  g_autofree gsize *truth = NULL;
  ContainerOracle o = { key, options };
  gsize n_plain;

  g_return_val_if_fail (target_plain != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  target_cipher = dkg_attack_container_pixels (target_plain, key, options, NULL, error);
  if (target_cipher == NULL)
    return NULL;
  r = dkg_attack_chosen_plaintext_run (target_plain->width, target_plain->height,
                                       target_plain->channels, target_plain->bit_depth,
                                       encoding, container_oracle, &o, target_cipher,
                                       target_plain, error);
  if (r == NULL)
    return NULL;
  r->scheme = options->scheme;
  r->acm_iterations = options->scheme == DKG_CONTAINER_SCHEME_ACM_XOR
                      ? options->acm_iterations : 0;

  n_plain = (gsize) r->width * r->height;
  truth = g_new (gsize, n_plain);
  if (options->scheme == DKG_CONTAINER_SCHEME_ACM_XOR)
    {
      if (!dkg_attack_acm_permutation (r->width, r->height, options->acm_iterations, truth,
                                       error))
        return NULL;
    }
  else
    for (gsize p = 0; p < n_plain; p++)
      truth[p] = p;
  r->has_truth = TRUE;
  r->n_correct = 0;
  for (gsize p = 0; p < n_plain; p++)
    r->n_correct += r->permutation[p] == truth[p];
  r->permutation_correct_fraction = (double) r->n_correct / (double) n_plain;
  return g_steal_pointer (&r);
}

/**
 * dkg_attack_chosen_plaintext_free:
 * @result: (nullable): a result of the chosen-plaintext attack
 *
 * Frees @result, its images and its permutation.
 */
void
dkg_attack_chosen_plaintext_free (DkgAttackChosenPlaintext *result)
{
  if (result == NULL)
    return;
  dkg_image_free (result->keystream);
  dkg_image_free (result->recovered);
  g_free (result->permutation);
  g_free (result);
}

/**
 * dkg_attack_compare_keys:
 * @victim_key: a key
 * @attack_key: a key of the same shape (an imitation model's key for the same seed)
 * @out: (out caller-allocates): the comparison
 * @error: return location for a #GError
 *
 * Compares two keys byte by byte (fraction equal), bit by bit (fraction of equal bits) and by
 * NPCR/UACI with their critical values (dkg_differential_compute_images(), §6.3).
 *
 * Returns: %TRUE on success; %FALSE with %DKG_ERROR_SHAPE
 */
gboolean
dkg_attack_compare_keys (const DkgImage          *victim_key,
                         const DkgImage          *attack_key,
                         DkgAttackKeyComparison  *out,
                         GError                 **error)
{
  gsize n;
  guint64 equal = 0, bits = 0;

  g_return_val_if_fail (victim_key != NULL && attack_key != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_same_shape (victim_key, attack_key, "The victim's key", "the attack key", error))
    return FALSE;
  memset (out, 0, sizeof *out);
  if (!dkg_differential_compute_images (victim_key, attack_key, &out->differential, error))
    return FALSE;
  n = dkg_image_n_bytes (victim_key);
  for (gsize i = 0; i < n; i++)
    {
      guint8 d = victim_key->data[i] ^ attack_key->data[i];

      equal += d == 0;
      bits += 8 - (guint) __builtin_popcount (d);
    }
  out->n_bytes = n;
  out->byte_match_fraction = (double) equal / (double) n;
  out->bit_match_fraction = (double) bits / (8.0 * (double) n);
  return TRUE;
}

/**
 * dkg_attack_imitation_evaluate:
 * @victim_keys: (array length=n_pairs): keys of the victim's generator, one per seed
 * @attack_keys: (array length=n_pairs): keys of the attack generator (trained on the leaked
 *   domain, paper §III-E) for the same seeds, in the same order
 * @n_pairs: number of pairs, ≥ 1
 * @error: return location for a #GError
 *
 * The imitation-learning attack's evaluation: dkg_attack_compare_keys() on every pair, then the
 * means, extremes and pass counts of #DkgAttackImitation. The attack would succeed if its keys
 * matched the victim's (byte match well above 1/256, NPCR far below its critical value).
 *
 * Returns: (transfer full) (nullable): the evaluation, or %NULL with %DKG_ERROR_SHAPE or
 *   %DKG_ERROR_INVALID_ARGUMENT (no pairs)
 */
DkgAttackImitation *
dkg_attack_imitation_evaluate (const DkgImage *const  *victim_keys,
                               const DkgImage *const  *attack_keys,
                               guint                   n_pairs,
                               GError                **error)
{
  g_autoptr(DkgAttackImitation) r = NULL;

  g_return_val_if_fail (victim_keys != NULL || n_pairs == 0, NULL);
  g_return_val_if_fail (attack_keys != NULL || n_pairs == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (n_pairs == 0)
    {
      g_set_error_literal (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                           "The imitation attack needs at least one pair of keys");
      return NULL;
    }
  r = g_new0 (DkgAttackImitation, 1);
  r->n_pairs = n_pairs;
  r->pairs = g_new0 (DkgAttackKeyComparison, n_pairs);
  r->min_npcr = INFINITY;
  for (guint i = 0; i < n_pairs; i++)
    {
      DkgAttackKeyComparison *c = &r->pairs[i];

      if (!dkg_attack_compare_keys (victim_keys[i], attack_keys[i], c, error))
        {
          g_prefix_error (error, "Key pair %u: ", i + 1);
          return NULL;
        }
      r->mean_byte_match += c->byte_match_fraction;
      r->max_byte_match = MAX (r->max_byte_match, c->byte_match_fraction);
      r->mean_bit_match += c->bit_match_fraction;
      r->mean_npcr += c->differential.all.npcr;
      r->min_npcr = MIN (r->min_npcr, c->differential.all.npcr);
      r->mean_uaci += c->differential.all.uaci;
      for (guint a = 0; a < DKG_ANALYSIS_N_ALPHAS; a++)
        {
          r->n_npcr_pass[a] += c->differential.all.npcr_pass[a] ? 1 : 0;
          r->n_uaci_pass[a] += c->differential.all.uaci_pass[a] ? 1 : 0;
        }
    }
  r->mean_byte_match /= n_pairs;
  r->mean_bit_match /= n_pairs;
  r->mean_npcr /= n_pairs;
  r->mean_uaci /= n_pairs;
  r->chance_byte_match = 1.0 / 256;
  return g_steal_pointer (&r);
}

/**
 * dkg_attack_imitation_free:
 * @result: (nullable): a result of dkg_attack_imitation_evaluate()
 *
 * Frees @result.
 */
void
dkg_attack_imitation_free (DkgAttackImitation *result)
{
  if (result == NULL)
    return;
  g_free (result->pairs);
  g_free (result);
}

/* One cell of the matrix: decrypt model i's ciphertext with model j's key. */
static gboolean
mutual_cell (const DkgImage      *plain,
             const DkgImage      *cipher,
             GBytes              *container,
             const DkgImage      *key,
             DkgContainerScheme   scheme,
             guint64              k,
             double              *success,
             gboolean            *refused,
             GError             **error)
{
  g_autoptr(DkgImage) out = NULL;
  g_autoptr(GError) local = NULL;

  *refused = FALSE;
  switch (scheme)
    {
    case DKG_CONTAINER_SCHEME_XOR:
      out = dkg_xor_cipher_decrypt (cipher, key, plain->is_signed, error);
      break;
    case DKG_CONTAINER_SCHEME_ACM_XOR:
      out = dkg_arnold_cat_map_decrypt (cipher, key, k, plain->width, plain->height,
                                        plain->is_signed, error);
      break;
    case DKG_CONTAINER_SCHEME_CHACHA20_POLY1305:
    default:
      out = dkg_container_decrypt (container, "ciphertext container", key, NULL, &local);
      if (out == NULL)
        {
          if (!g_error_matches (local, DKG_ERROR, DKG_ERROR_AUTH))
            {
              g_propagate_error (error, g_steal_pointer (&local));
              return FALSE;
            }
          *refused = TRUE;
          *success = 0.0;
          return TRUE;
        }
      break;
    }
  if (out == NULL)
    return FALSE;
  *success = (double) dkg_attack_count_equal_samples (out, plain)
             / (double) dkg_image_n_samples (plain);
  return TRUE;
}

/**
 * dkg_attack_mutual_decryption:
 * @keys: (array length=n_models): key i made by model i from one seed (K models trained
 *   alike with different randomness)
 * @n_models: K, ≥ 1
 * @plain: the plaintext every model's key encrypts
 * @scheme: xor (the paper's one-time-pad argument), acm-xor, or chacha20-poly1305 (through
 *   containers: a wrong key is refused)
 * @acm_iterations: acm-xor: the rounds (checked as dkg_arnold_cat_map_encrypt() does); else
 *   ignored
 * @error: return location for a #GError
 *
 * The one-time-pad mutual-decryption matrix (§6.9): encrypts @plain with each key, decrypts
 * each ciphertext with each key and records the fraction of @plain's samples recovered
 * exactly. xor and acm-xor use the bare ciphers (dkg_xor_cipher_*, dkg_arnold_cat_map_*), so a
 * wrong key decrypts to noise instead of being refused. A diagonal of 1 and an off-diagonal at
 * chance level mean every model's key is a pad of its own.
 *
 * Returns: (transfer full) (nullable): the matrix, or %NULL with %DKG_ERROR_INVALID_ARGUMENT
 *   (no models), %DKG_ERROR_KEY_TOO_SHORT or another error of the ciphers
 */
DkgAttackMutualDecryption *
dkg_attack_mutual_decryption (const DkgImage *const  *keys,
                              guint                   n_models,
                              const DkgImage         *plain,
                              DkgContainerScheme      scheme,
                              guint64                 acm_iterations,
                              GError                **error)
{
  g_autoptr(DkgAttackMutualDecryption) r = NULL;
  g_autoptr(GPtrArray) ciphers = NULL;
  g_autoptr(GPtrArray) containers = NULL;
  guint n_off = 0;

  g_return_val_if_fail (keys != NULL || n_models == 0, NULL);
  g_return_val_if_fail (plain != NULL, NULL);
  g_return_val_if_fail (scheme <= DKG_CONTAINER_SCHEME_CHACHA20_POLY1305, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (n_models == 0)
    {
      g_set_error_literal (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                           "The mutual-decryption matrix needs at least one model's key");
      return NULL;
    }
  r = g_new0 (DkgAttackMutualDecryption, 1);
  r->n_models = n_models;
  r->scheme = scheme;
  r->acm_iterations = scheme == DKG_CONTAINER_SCHEME_ACM_XOR ? acm_iterations : 0;
  r->success = g_new0 (double, (gsize) n_models * n_models);
  r->refused = g_new0 (gboolean, (gsize) n_models * n_models);
  r->chance_fraction = chance (plain->bit_depth);

  ciphers = g_ptr_array_new_with_free_func ((GDestroyNotify) dkg_image_free);
  containers = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  for (guint i = 0; i < n_models; i++)
    {
      DkgImage *cipher = NULL;
      GBytes *container = NULL;

      if (scheme == DKG_CONTAINER_SCHEME_XOR)
        cipher = dkg_xor_cipher_encrypt (plain, keys[i], error);
      else if (scheme == DKG_CONTAINER_SCHEME_ACM_XOR)
        cipher = dkg_arnold_cat_map_encrypt (plain, keys[i], acm_iterations, error);
      else
        {
          DkgContainerOptions options = { scheme, 0 };

          container = dkg_container_encrypt (plain, keys[i], &options, error);
        }
      if (cipher == NULL && container == NULL)
        {
          g_prefix_error (error, "Model %u: ", i + 1);
          return NULL;
        }
      g_ptr_array_add (ciphers, cipher);
      g_ptr_array_add (containers, container);
    }

  r->diagonal_min = INFINITY;
  for (guint i = 0; i < n_models; i++)
    for (guint j = 0; j < n_models; j++)
      {
        gsize cell = (gsize) i * n_models + j;

        if (!mutual_cell (plain, g_ptr_array_index (ciphers, i),
                          g_ptr_array_index (containers, i), keys[j], scheme, acm_iterations,
                          &r->success[cell], &r->refused[cell], error))
          {
            g_prefix_error (error, "Model %u's ciphertext with model %u's key: ", i + 1, j + 1);
            return NULL;
          }
        if (i == j)
          r->diagonal_min = MIN (r->diagonal_min, r->success[cell]);
        else
          {
            r->off_diagonal_mean += r->success[cell];
            r->off_diagonal_max = MAX (r->off_diagonal_max, r->success[cell]);
            n_off++;
          }
      }
  r->off_diagonal_mean = n_off > 0 ? r->off_diagonal_mean / n_off : NAN;
  if (n_off == 0)
    r->off_diagonal_max = NAN;
  return g_steal_pointer (&r);
}

/**
 * dkg_attack_mutual_decryption_free:
 * @result: (nullable): a result of dkg_attack_mutual_decryption()
 *
 * Frees @result and its matrices.
 */
void
dkg_attack_mutual_decryption_free (DkgAttackMutualDecryption *result)
{
  if (result == NULL)
    return;
  g_free (result->success);
  g_free (result->refused);
  g_free (result);
}
