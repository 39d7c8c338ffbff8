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
 * Files: dkg-attacks.c holds the shared plumbing (XOR of images, containers' pixels, the cat
 * map's true permutation), key reuse and known plaintext; dkg-attacks-chosen.c the chosen-
 * plaintext attack; dkg-attacks-imitation.c the imitation attack's key comparison and the
 * mutual-decryption matrix.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "dkg-attacks-private.h"
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

gsize
_dkg_attack_pixel_bytes (const DkgImage *image)
{
  return (gsize) image->channels * (image->bit_depth / 8);
}

double
_dkg_attack_chance (guint bit_depth)
{
  return ldexp (1.0, -(int) bit_depth);
}

gboolean
_dkg_attack_check_same_shape (const DkgImage  *a,
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

  if (!_dkg_attack_check_same_shape (a, b, "The first image", "the second image", error))
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

  if (!_dkg_attack_check_same_shape (plain1, plain2, "The first plaintext",
                                     "the second plaintext", error))
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
  r->chance_fraction = _dkg_attack_chance (plain1->bit_depth);
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
  r->chance_fraction = _dkg_attack_chance (target_plain->bit_depth);
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
