/* dkg-attacks-chosen.c — the chosen-plaintext attack on the cat map's permutation
 * (docs/SPECIFICATION.md §6.9; the reasoning in the module comment of dkg-attacks.c)
 *
 * With C(0) = K, C(P) ⊕ K = π(P): images whose pixels carry their own position, in as few
 * images as the position codes need bits, reveal π without knowing k. Run with any oracle
 * (dkg_attack_chosen_plaintext_run()) or with real containers
 * (dkg_attack_acm_chosen_plaintext()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "dkg-attacks-private.h"
#include "dkg-error.h"
#include "dkg-xor-cipher.h"

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
  pb = _dkg_attack_pixel_bytes (image);
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
  r->chance_fraction = _dkg_attack_chance (bit_depth);

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
  pb = _dkg_attack_pixel_bytes (r->keystream);

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
