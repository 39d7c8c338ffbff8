/* dkg-pipeline.h — the main job once: key, encryption, decryption, verification, figures
 * (docs/SPECIFICATION.md §5, §6)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dkg-analysis.h"
#include "dkg-container.h"
#include "dkg-differential.h"
#include "dkg-entropy.h"
#include "dkg-image.h"
#include "dkg-net.h"

G_BEGIN_DECLS

/**
 * DkgPipelineStage:
 * @DKG_PIPELINE_STAGE_KEY: generating the key; the fraction runs 0…1 with the network's layers
 * @DKG_PIPELINE_STAGE_ENCRYPT: encrypting with one scheme
 * @DKG_PIPELINE_STAGE_DECRYPT: verifying and decrypting that scheme's container
 * @DKG_PIPELINE_STAGE_FIGURES: computing the figures (#DkgPipelineOptions.figures)
 */
typedef enum
{
  DKG_PIPELINE_STAGE_KEY,
  DKG_PIPELINE_STAGE_ENCRYPT,
  DKG_PIPELINE_STAGE_DECRYPT,
  DKG_PIPELINE_STAGE_FIGURES,
} DkgPipelineStage;

/**
 * DkgPipelineStageFunc:
 * @stage: what the pipeline does now
 * @scheme_index: for ENCRYPT and DECRYPT, the index into #DkgPipelineOptions.schemes; else 0
 * @fraction: for KEY, the fraction of the key generation done (0…1); else 0
 * @user_data: #DkgPipelineOptions.user_data
 *
 * Called on the pipeline's thread as each stage starts (and during KEY, after each layer).
 */
typedef void (*DkgPipelineStageFunc) (DkgPipelineStage  stage,
                                      guint             scheme_index,
                                      double            fraction,
                                      gpointer          user_data);

/**
 * DkgPipelineOptions:
 * @seed: (nullable): the image the key comes from; %NULL: the plaintext itself (the paper's
 *   default seed choice)
 * @schemes: (array length=n_schemes): the ciphers to run, each with the one key
 * @n_schemes: 1 or more
 * @acm_iterations: cat map rounds k for acm-xor; 0: 5
 * @original: (nullable): the plaintext's source file to seal in every container
 *   (dkg_container_read_original_for(), docs/SPECIFICATION.md §5.7 "Whole file")
 * @key_for_schemes_run: size the key for @schemes only (acm-xor's N×N when it is among
 *   them, else the plaintext's own shape), not for every scheme
 * @figures: also compute #DkgPipelineResult's figures (key entropy, key sensitivity, each
 *   ciphertext's entropy, the XOR ciphertext's pair analysis)
 * @cancellable: (nullable): checked between the stages and between the network's layers
 * @stage_func: (nullable): progress
 * @user_data: for @stage_func
 *
 * Zero-initialise, then set @schemes and @n_schemes.
 */
typedef struct
{
  const DkgImage            *seed;
  const DkgContainerScheme  *schemes;
  guint                      n_schemes;
  guint64                    acm_iterations;
  GBytes                    *original;
  gboolean                   key_for_schemes_run;
  gboolean                   figures;
  GCancellable              *cancellable;
  DkgPipelineStageFunc       stage_func;
  gpointer                   user_data;
} DkgPipelineOptions;

/**
 * DkgPipelineCipher:
 * @scheme: the cipher
 * @container: the container file (a PNG with the signed header)
 * @info: its header, validated by the decryption
 * @cipher: the container's pixels as an image (N×N for acm-xor when the plaintext is not
 *   square), 16-bit ones read with the plaintext's signedness so that they compare with it
 *   sample for sample
 * @decrypted: the container decrypted with the key
 * @encrypt_ms: encryption time (dkg_container_encrypt_with_original())
 * @decrypt_ms: verification and decryption time (dkg_container_decrypt())
 * @exact: @decrypted equals the plaintext bit for bit (dkg_image_equal())
 * @cipher_entropy: with #DkgPipelineOptions.figures: the Shannon entropy of @cipher's samples
 *   as stored in the container
 */
typedef struct
{
  DkgContainerScheme  scheme;
  GBytes             *container;
  DkgContainerInfo   *info;
  DkgImage           *cipher;
  DkgImage           *decrypted;
  double              encrypt_ms;
  double              decrypt_ms;
  gboolean            exact;
  DkgEntropy          cipher_entropy;
} DkgPipelineCipher;

/**
 * DkgPipelineResult:
 * @key: the key, an RGB 8-bit image of dkg_pipeline_key_size() for the plaintext under
 *   acm-xor, the largest need of the three schemes, so that one key serves every scheme
 *   (with #DkgPipelineOptions.key_for_schemes_run: under the schemes run)
 * @keygen_ms: key generation time
 * @n_ciphers: as #DkgPipelineOptions.n_schemes
 * @ciphers: (array length=n_ciphers): one per scheme, in the options' order
 * @all_exact: every decrypted image equals the plaintext bit for bit
 * @has_figures: the figures below were computed
 * @key_entropy: the key's Shannon entropy
 * @key_sensitivity: NPCR/UACI between @key and the key of the seed with its first sample + 1
 *   mod 2^bits (dkg_differential_perturb_sample() at (0, 0, 0); paper Table IV)
 * @xor_analysis: (nullable): plaintext vs the first XOR ciphertext (docs/SPECIFICATION.md §6);
 *   %NULL when XOR was not run
 */
typedef struct
{
  DkgImage           *key;
  double              keygen_ms;
  guint               n_ciphers;
  DkgPipelineCipher  *ciphers;
  gboolean            all_exact;
  gboolean            has_figures;
  DkgEntropy          key_entropy;
  DkgDifferential     key_sensitivity;
  DkgPairAnalysis    *xor_analysis;
} DkgPipelineResult;

void               dkg_pipeline_key_size_for_shape (const DkgNet              *generator,
                                                    guint                      width,
                                                    guint                      height,
                                                    guint                      channels,
                                                    guint                      bit_depth,
                                                    DkgContainerScheme         scheme,
                                                    guint                     *key_width,
                                                    guint                     *key_height);
void               dkg_pipeline_key_size           (const DkgNet              *generator,
                                                    const DkgImage            *image,
                                                    DkgContainerScheme         scheme,
                                                    guint                     *key_width,
                                                    guint                     *key_height);
DkgImage          *dkg_pipeline_make_key           (DkgNet                    *generator,
                                                    const DkgImage            *seed,
                                                    const DkgImage            *plain,
                                                    DkgContainerScheme         scheme,
                                                    GCancellable              *cancellable,
                                                    DkgProgressFunc            progress,
                                                    gpointer                   user_data,
                                                    GError                   **error);
DkgPipelineResult *dkg_pipeline_run                (DkgNet                    *generator,
                                                    const DkgImage            *plain,
                                                    const DkgPipelineOptions  *options,
                                                    GError                   **error);
void               dkg_pipeline_result_free        (DkgPipelineResult         *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkgPipelineResult, dkg_pipeline_result_free)

G_END_DECLS
