/* dkg-attacks-imitation.c — the imitation attack's measurements: a victim's key against an
 * imitation model's key, and the matrix of every model's ciphertext decrypted with every
 * model's key (docs/SPECIFICATION.md §6.9)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "dkg-arnold-cat-map.h"
#include "dkg-attacks-private.h"
#include "dkg-error.h"
#include "dkg-xor-cipher.h"

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

  if (!_dkg_attack_check_same_shape (victim_key, attack_key, "The victim's key", "the attack key",
                                     error))
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
  r->chance_fraction = _dkg_attack_chance (plain->bit_depth);

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
