/* dkg-attacks.h — attacks on the papers' ciphers and on the hardened scheme
 * (docs/SPECIFICATION.md §6.9)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "dkg-analysis-common.h"
#include "dkg-correlation.h"
#include "dkg-differential.h"
#include "dkg-entropy.h"
#include "dkg-container.h"
#include "dkg-image.h"

G_BEGIN_DECLS

/** DKG_ATTACK_UNMAPPED: a plaintext pixel the chosen-plaintext attack found no position for. */
#define DKG_ATTACK_UNMAPPED G_MAXSIZE

/**
 * DkgAttackKeyReuse:
 * @scheme: the cipher attacked
 * @acm_iterations: acm-xor: the rounds k, read from the containers' headers; else 0
 * @cipher1: *Owned*: C₁, the pixels of the container of P₁
 * @cipher2: *Owned*: C₂, the pixels of the container of P₂ (same key)
 * @cipher_xor: *Owned*: C₁ ⊕ C₂, sample by sample (unsigned, the ciphertexts' shape)
 * @revealed: *Owned*: what an eavesdropper makes of @cipher_xor without the key: for acm-xor
 *   the permutation undone with the k the headers record in the clear
 *   (dkg_arnold_cat_map_unscramble(), padding dropped); for xor and chacha20-poly1305 a copy of
 *   @cipher_xor. Plaintext-shaped
 * @plain_xor: *Owned*: P₁ ⊕ P₂, the truth @revealed is compared with (unsigned)
 * @n_samples: samples of @plain_xor
 * @n_equal: samples where @revealed equals @plain_xor
 * @match_fraction: @n_equal / @n_samples: 1 exactly when the keystream cancels (xor, acm-xor:
 *   C₁ ⊕ C₂ = P₁ ⊕ P₂); about 2^−bit_depth when it does not (chacha20-poly1305: each file has
 *   its own HKDF salt and nonce, so its own keystream)
 * @chance_fraction: 2^−bit_depth, what unrelated uniform samples give
 * @leaks: @match_fraction is 1: the two plaintexts' XOR is exposed
 * @correlation: Pearson r between the samples of @revealed and @plain_xor, all channels pooled
 *   (r = Σ(a−ā)(b−b̄)/√(Σ(a−ā)²·Σ(b−b̄)²)); 1 when they are equal; undefined when either is
 *   constant (e.g. P₁ = P₂)
 * @cipher_xor_entropy: entropy of @cipher_xor (§6.1); for acm-xor it equals that of P₁ ⊕ P₂
 *   plus the padding's zeros — a permutation keeps the histogram
 * @plain_xor_entropy: entropy of @plain_xor
 * @revealed_adjacent: adjacent-pixel correlation of @revealed (§6.4): high for xor and acm-xor
 *   (image structure), near 0 for chacha20-poly1305
 * @plain_xor_adjacent: adjacent-pixel correlation of @plain_xor
 *
 * The key-reuse attack (§6.9): two plaintexts encrypted with one key.
 */
typedef struct
{
  DkgContainerScheme   scheme;
  guint64              acm_iterations;
  DkgImage            *cipher1;
  DkgImage            *cipher2;
  DkgImage            *cipher_xor;
  DkgImage            *revealed;
  DkgImage            *plain_xor;
  guint64              n_samples;
  guint64              n_equal;
  double               match_fraction;
  double               chance_fraction;
  gboolean             leaks;
  DkgCorrelationValue  correlation;
  DkgEntropy           cipher_xor_entropy;
  DkgEntropy           plain_xor_entropy;
  DkgCorrelation       revealed_adjacent;
  DkgCorrelation       plain_xor_adjacent;
} DkgAttackKeyReuse;

/**
 * DkgAttackKnownPlaintext:
 * @scheme: the cipher attacked
 * @acm_iterations: acm-xor: the rounds k the headers record; else 0
 * @cipher1: *Owned*: C₁, the container pixels of the known plaintext P₁
 * @cipher2: *Owned*: C₂, the container pixels of the target P₂ (same key)
 * @keystream: *Owned*: K' = C₁ ⊕ T(P₁), @cipher1's shape, T = the scheme's public part (acm-xor:
 *   pad and permute with the header's k, dkg_arnold_cat_map_scramble(); else nothing)
 * @recovered: *Owned*: the attacker's P₂' = T⁻¹(C₂ ⊕ K'), P₂'s shape and signedness; where
 *   C₂ is longer than K' its bytes beyond K' decrypt to 0
 * @keystream_bytes: bytes of K' (§5.3 bytes of @cipher1)
 * @cipher2_bytes: bytes of C₂
 * @keystream_match_fraction: fraction of K''s bytes equal to the key's own bytes (§5.2
 *   keystream): 1 for xor and acm-xor (K' is the key), about 1/256 for chacha20-poly1305 (its
 *   keystream is ChaCha20 under HKDF(key, salt), not the key)
 * @n_samples: samples of P₂
 * @n_covered: samples of P₂ all of whose ciphertext bytes lie within K' (the first
 *   @keystream_bytes bytes of C₂): the samples the attack can reach
 * @covered_fraction: @n_covered / @n_samples
 * @n_recovered: covered samples of @recovered equal to P₂ (uncovered samples are never counted,
 *   even where P₂ happens to be 0)
 * @recovered_fraction: @n_recovered / @n_samples: 1 for xor and acm-xor when K' covers C₂
 *   (@covered_fraction for a shorter K'); about @chance_fraction·@covered_fraction for
 *   chacha20-poly1305
 * @chance_fraction: 2^−bit_depth
 *
 * The known-plaintext attack (§6.9).
 */
typedef struct
{
  DkgContainerScheme  scheme;
  guint64             acm_iterations;
  DkgImage           *cipher1;
  DkgImage           *cipher2;
  DkgImage           *keystream;
  DkgImage           *recovered;
  gsize               keystream_bytes;
  gsize               cipher2_bytes;
  double              keystream_match_fraction;
  guint64             n_samples;
  guint64             n_covered;
  double              covered_fraction;
  guint64             n_recovered;
  double              recovered_fraction;
  double              chance_fraction;
} DkgAttackKnownPlaintext;

/**
 * DkgAttackEncoding:
 * @DKG_ATTACK_ENCODING_PACKED: each chosen image carries as many bits of every pixel's position
 *   code as a pixel has (8·channels·bytes per sample): fewest images, e.g. 3 + 1 for a 181×217
 *   8-bit grey image
 * @DKG_ATTACK_ENCODING_BIT_PLANES: each chosen image carries one bit of the code, as pixels that
 *   are all zeros or all ones: ⌈log₂(codes)⌉ + 1 images a person can read (stripes)
 *
 * How the chosen plaintexts encode pixel positions (dkg_attack_chosen_plaintext_make_image()).
 */
typedef enum
{
  DKG_ATTACK_ENCODING_PACKED,
  DKG_ATTACK_ENCODING_BIT_PLANES,
} DkgAttackEncoding;

/**
 * DkgAttackOracleFunc:
 * @plain: a chosen plaintext
 * @user_data: the data given with the function
 * @error: return location for a #GError
 *
 * An encryption oracle: encrypts @plain under the victim's key and returns the ciphertext
 * pixels. Every call must give the same shape.
 *
 * Returns: (transfer full) (nullable): the ciphertext image, or %NULL with @error set
 */
typedef DkgImage *(*DkgAttackOracleFunc) (const DkgImage  *plain,
                                          gpointer         user_data,
                                          GError         **error);

/**
 * DkgAttackChosenPlaintext:
 * @scheme: the cipher attacked (dkg_attack_acm_chosen_plaintext()); %DKG_CONTAINER_SCHEME_ACM_XOR
 *   from dkg_attack_chosen_plaintext_run(), which does not know
 * @acm_iterations: the rounds the victim used (only to check the result; the attack never
 *   reads it)
 * @encoding: how the chosen images encode positions
 * @width: plaintext width
 * @height: plaintext height
 * @cipher_width: ciphertext width (acm-xor: N = max(@width, @height))
 * @cipher_height: ciphertext height
 * @n_bits: bits of the position codes: ⌈log₂(@width·@height + pad)⌉, pad = 1 when the
 *   ciphertext has more pixels than the plaintext (code 0 then marks padding; pixel p has code
 *   p + 1), else 0 (pixel p has code p)
 * @n_chosen: chosen plaintexts encrypted, the all-zero one included: 1 + ⌈@n_bits / bits per
 *   image⌉
 * @keystream: *Owned*: C₀, the encryption of the all-zero image: for acm-xor and xor, the key
 *   stream itself (the permuted zeros are zeros)
 * @permutation: *Owned*: (array length=width*height): for plaintext pixel p = y·@width + x, the
 *   ciphertext pixel index q = y'·@cipher_width + x' the attack decoded for it, or
 *   %DKG_ATTACK_UNMAPPED
 * @n_mapped: plaintext pixels given a position
 * @n_padding: ciphertext pixels decoded as padding
 * @n_invalid: ciphertext pixels whose decoded code is no pixel's
 * @n_collisions: ciphertext pixels whose code another ciphertext pixel already had
 * @is_bijection: every plaintext pixel got a distinct position and the rest decoded as padding
 * @has_truth: the true mapping is known (dkg_attack_acm_chosen_plaintext(): A^k for acm-xor,
 *   the identity for xor and chacha20-poly1305, whose pixels do not move)
 * @n_correct: entries of @permutation equal to the true mapping (0 without @has_truth)
 * @permutation_correct_fraction: @n_correct / (@width·@height); NaN without @has_truth
 * @recovered: *Owned*: the target ciphertext decrypted with the recovered permutation and
 *   keystream: P'(p) = C_t(q) ⊕ C₀(q), q = @permutation[p]; unmapped pixels are 0
 * @n_samples: samples of the target plaintext (0 when it was not given)
 * @n_recovered: samples of mapped pixels of @recovered equal to the target plaintext (unmapped
 *   pixels are never counted, even where the plaintext happens to be 0)
 * @recovered_fraction: @n_recovered / @n_samples (NaN when no plaintext was given)
 * @chance_fraction: 2^−bit_depth
 *
 * The chosen-plaintext attack on the Arnold cat map (§6.9). With the keystream removed (C₀),
 * C_j ⊕ C₀ is the chosen image j moved by the secret permutation, so each ciphertext pixel
 * shows the code of the plaintext pixel that moved there: @n_chosen images recover the whole
 * permutation, whatever k is. Against chacha20-poly1305 every encryption has a fresh keystream,
 * C_j ⊕ C₀ is noise and the decoded "permutation" is random.
 */
typedef struct
{
  DkgContainerScheme  scheme;
  guint64             acm_iterations;
  DkgAttackEncoding   encoding;
  guint               width;
  guint               height;
  guint               cipher_width;
  guint               cipher_height;
  guint               n_bits;
  guint               n_chosen;
  DkgImage           *keystream;
  gsize              *permutation;
  guint64             n_mapped;
  guint64             n_padding;
  guint64             n_invalid;
  guint64             n_collisions;
  gboolean            is_bijection;
  gboolean            has_truth;
  guint64             n_correct;
  double              permutation_correct_fraction;
  DkgImage           *recovered;
  guint64             n_samples;
  guint64             n_recovered;
  double              recovered_fraction;
  double              chance_fraction;
} DkgAttackChosenPlaintext;

/**
 * DkgAttackKeyComparison:
 * @n_bytes: bytes compared
 * @byte_match_fraction: fraction of positions where the two keys' bytes are equal (chance:
 *   1/256)
 * @bit_match_fraction: fraction of equal bits (chance: 1/2)
 * @differential: NPCR and UACI between the two keys with Wu et al.'s critical values (§6.3);
 *   independent keys pass, an imitation that learnt the victim's key fails NPCR
 *
 * One victim key against one attack key made from the same seed.
 */
typedef struct
{
  gsize            n_bytes;
  double           byte_match_fraction;
  double           bit_match_fraction;
  DkgDifferential  differential;
} DkgAttackKeyComparison;

/**
 * DkgAttackImitation:
 * @n_pairs: victim/attack key pairs
 * @pairs: *Owned*: (array length=n_pairs): each pair's comparison
 * @mean_byte_match: mean of the pairs' byte_match_fraction
 * @max_byte_match: the largest byte_match_fraction: the attack's best key
 * @mean_bit_match: mean bit_match_fraction
 * @mean_npcr: mean pooled NPCR, percent
 * @min_npcr: smallest pooled NPCR, percent
 * @mean_uaci: mean pooled UACI, percent
 * @n_npcr_pass: pairs whose pooled NPCR passes at α = 0.05, 0.01, 0.001
 * @n_uaci_pass: pairs whose pooled UACI passes at α = 0.05, 0.01, 0.001
 * @chance_byte_match: 1/256, the byte match of independent uniform keys
 *
 * The imitation-learning attack's evaluation (paper §III-E).
 */
typedef struct
{
  guint                    n_pairs;
  DkgAttackKeyComparison  *pairs;
  double                   mean_byte_match;
  double                   max_byte_match;
  double                   mean_bit_match;
  double                   mean_npcr;
  double                   min_npcr;
  double                   mean_uaci;
  guint                    n_npcr_pass[DKG_ANALYSIS_N_ALPHAS];
  guint                    n_uaci_pass[DKG_ANALYSIS_N_ALPHAS];
  double                   chance_byte_match;
} DkgAttackImitation;

/**
 * DkgAttackMutualDecryption:
 * @n_models: K
 * @scheme: the cipher
 * @acm_iterations: acm-xor: the rounds; else 0
 * @success: *Owned*: (array length=n_models*n_models): row-major K×K matrix;
 *   @success[i·K + j] is the fraction of the plaintext's samples recovered exactly when the
 *   ciphertext made with model i's key is decrypted with model j's key
 * @refused: *Owned*: (array length=n_models*n_models): chacha20-poly1305 only: %TRUE where the
 *   container refused to decrypt (authentication); @success is then 0
 * @diagonal_min: smallest @success[i·K + i] (1 when every model decrypts its own ciphertext)
 * @off_diagonal_mean: mean of @success over i ≠ j (chance ≈ 2^−bit_depth for XOR: one-time pads)
 * @off_diagonal_max: largest @success over i ≠ j
 * @chance_fraction: 2^−bit_depth
 *
 * The one-time-pad mutual-decryption matrix (§6.9).
 */
typedef struct
{
  guint               n_models;
  DkgContainerScheme  scheme;
  guint64             acm_iterations;
  double             *success;
  gboolean           *refused;
  double              diagonal_min;
  double              off_diagonal_mean;
  double              off_diagonal_max;
  double              chance_fraction;
} DkgAttackMutualDecryption;

DkgImage *dkg_attack_xor_images          (const DkgImage             *a,
                                          const DkgImage             *b,
                                          GError                    **error);
guint64   dkg_attack_count_equal_samples (const DkgImage             *a,
                                          const DkgImage             *b);
gboolean  dkg_attack_acm_permutation     (guint                       width,
                                          guint                       height,
                                          guint64                     k,
                                          gsize                      *permutation,
                                          GError                    **error);
DkgImage *dkg_attack_container_pixels    (const DkgImage             *plain,
                                          const DkgImage             *key,
                                          const DkgContainerOptions  *options,
                                          DkgContainerInfo          **info,
                                          GError                    **error);

DkgAttackKeyReuse *dkg_attack_key_reuse      (const DkgImage             *plain1,
                                              const DkgImage             *plain2,
                                              const DkgImage             *key,
                                              const DkgContainerOptions  *options,
                                              GError                    **error);
void               dkg_attack_key_reuse_free (DkgAttackKeyReuse          *result);

DkgAttackKnownPlaintext *dkg_attack_known_plaintext      (const DkgImage             *known_plain,
                                                          const DkgImage             *target_plain,
                                                          const DkgImage             *key,
                                                          const DkgContainerOptions  *options,
                                                          GError                    **error);
void                     dkg_attack_known_plaintext_free (DkgAttackKnownPlaintext    *result);

guint     dkg_attack_chosen_plaintext_count      (guint               width,
                                                  guint               height,
                                                  guint               channels,
                                                  guint               bit_depth,
                                                  gboolean            padded,
                                                  DkgAttackEncoding   encoding);
DkgImage *dkg_attack_chosen_plaintext_make_image (guint               width,
                                                  guint               height,
                                                  guint               channels,
                                                  guint               bit_depth,
                                                  gboolean            padded,
                                                  DkgAttackEncoding   encoding,
                                                  guint               index,
                                                  GError            **error);
DkgAttackChosenPlaintext *dkg_attack_chosen_plaintext_run  (guint                 width,
                                                            guint                 height,
                                                            guint                 channels,
                                                            guint                 bit_depth,
                                                            DkgAttackEncoding     encoding,
                                                            DkgAttackOracleFunc   oracle,
                                                            gpointer              user_data,
                                                            const DkgImage       *target_cipher,
                                                            const DkgImage       *target_plain,
                                                            GError              **error);
void                      dkg_attack_chosen_plaintext_free (DkgAttackChosenPlaintext *result);
DkgAttackChosenPlaintext *dkg_attack_acm_chosen_plaintext (const DkgImage             *target_plain,
                                                           const DkgImage             *key,
                                                           const DkgContainerOptions  *options,
                                                           DkgAttackEncoding           encoding,
                                                           GError                    **error);

gboolean            dkg_attack_compare_keys       (const DkgImage          *victim_key,
                                                   const DkgImage          *attack_key,
                                                   DkgAttackKeyComparison  *out,
                                                   GError                 **error);
DkgAttackImitation *dkg_attack_imitation_evaluate (const DkgImage *const   *victim_keys,
                                                   const DkgImage *const   *attack_keys,
                                                   guint                    n_pairs,
                                                   GError                 **error);
void                dkg_attack_imitation_free     (DkgAttackImitation      *result);

DkgAttackMutualDecryption *dkg_attack_mutual_decryption (const DkgImage *const  *keys,
                                                         guint                   n_models,
                                                         const DkgImage         *plain,
                                                         DkgContainerScheme      scheme,
                                                         guint64                 acm_iterations,
                                                         GError                **error);
void                       dkg_attack_mutual_decryption_free (DkgAttackMutualDecryption *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkgAttackKeyReuse, dkg_attack_key_reuse_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkgAttackKnownPlaintext, dkg_attack_known_plaintext_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkgAttackChosenPlaintext, dkg_attack_chosen_plaintext_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkgAttackImitation, dkg_attack_imitation_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkgAttackMutualDecryption, dkg_attack_mutual_decryption_free)

G_END_DECLS
