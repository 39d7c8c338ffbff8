/* dkg-pipeline.c — the main job once: key, encryption, decryption, verification, figures
 * (docs/SPECIFICATION.md §5, §6)
 *
 * What `deepkeygen demo` (src/cli/dkg-cli-demo.c) and the app's Encrypt page
 * (src/app/studio-cipher-task.c) run: the key is sized for the image (dkg_pipeline_key_size())
 * and generated from the seed, the plaintext is encrypted into a container with each scheme,
 * each container is verified and decrypted with the key, and the result is compared with the
 * plaintext bit for bit. The front ends only parse, format and draw.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "dkg-arnold-cat-map.h"
#include "dkg-keygen.h"
#include "dkg-keystream.h"
#include "dkg-pipeline.h"

/**
 * dkg_pipeline_key_size_for_shape:
 * @generator: the generator (its size multiple: 4 for resnet, 16 for encdec)
 * @width: the plaintext's width in pixels
 * @height: its height
 * @channels: its samples per pixel, 1–4
 * @bit_depth: 8 or 16
 * @scheme: the scheme the key is for; acm-xor's key serves every scheme
 * @key_width: (out): key width, a multiple of the generator's size multiple
 * @key_height: (out): key height, likewise
 *
 * The key-size rule for a plaintext (docs/SPECIFICATION.md §5.2–§5.5): dkg_keygen_size_for()
 * of the plaintext's shape and its keystream bytes (dkg_keystream_size_for()), where acm-xor
 * first pads the image to the cat map's N×N square, N = max(@width, @height). For the other
 * schemes the shape is the plaintext's own. For example a 181×217 grey 8-bit image needs
 * 220×220 under acm-xor (N = 217 rounded up to a multiple of 4) and 184×220 under xor from a
 * resnet; a 10×10 RGBA 16-bit one (800 bytes, more than 3 a pixel) 20×20.
 */
void
dkg_pipeline_key_size_for_shape (const DkgNet *generator, guint width, guint height,
                                 guint channels, guint bit_depth, DkgContainerScheme scheme,
                                 guint *key_width, guint *key_height)
{
  if (scheme == DKG_CONTAINER_SCHEME_ACM_XOR)
    width = height = dkg_arnold_cat_map_size (width, height);
  dkg_keygen_size_for (generator, width, height,
                       dkg_keystream_size_for (width, height, channels, bit_depth),
                       key_width, key_height);
}

/**
 * dkg_pipeline_key_size:
 * @generator: the generator
 * @image: the plaintext
 * @scheme: the scheme the key is for; acm-xor's key serves every scheme
 * @key_width: (out): key width
 * @key_height: (out): key height
 *
 * dkg_pipeline_key_size_for_shape() with @image's shape and format.
 */
void
dkg_pipeline_key_size (const DkgNet *generator, const DkgImage *image, DkgContainerScheme scheme,
                       guint *key_width, guint *key_height)
{
  dkg_pipeline_key_size_for_shape (generator, image->width, image->height, image->channels,
                                   image->bit_depth, scheme, key_width, key_height);
}

/**
 * dkg_pipeline_make_key:
 * @generator: a trained generator (not shared with another thread while this runs)
 * @seed: the image the key comes from
 * @plain: the plaintext the key is for
 * @scheme: the scheme it is for (dkg_pipeline_key_size())
 * @cancellable: (nullable): checked between the network's layers
 * @progress: (nullable) (scope call): key generation's progress, 0…1, on the calling thread
 * @user_data: for @progress
 * @error: return location for a #GError
 *
 * A key as large as @plain needs under @scheme, from @seed (dkg_keygen_generate_full()).
 *
 * Returns: (transfer full): the key, or %NULL with the generator's error
 *   (%G_IO_ERROR_CANCELLED when cancelled, %DKG_ERROR_TOO_LARGE)
 */
DkgImage *
dkg_pipeline_make_key (DkgNet *generator, const DkgImage *seed, const DkgImage *plain,
                       DkgContainerScheme scheme, GCancellable *cancellable,
                       DkgProgressFunc progress, gpointer user_data, GError **error)
{
  guint kw, kh;

  dkg_pipeline_key_size (generator, plain, scheme, &kw, &kh);
  return dkg_keygen_generate_full (generator, seed, kw, kh, cancellable, progress, user_data,
                                   error);
}

/**
 * dkg_pipeline_result_free:
 * @result: (nullable): a result of dkg_pipeline_run()
 */
void
dkg_pipeline_result_free (DkgPipelineResult *result)
{
  if (result == NULL)
    return;
  g_clear_pointer (&result->key, dkg_image_free);
  for (guint i = 0; i < result->n_ciphers; i++)
    {
      DkgPipelineCipher *c = &result->ciphers[i];

      g_clear_pointer (&c->container, g_bytes_unref);
      g_clear_pointer (&c->info, dkg_container_info_free);
      g_clear_pointer (&c->cipher, dkg_image_free);
      g_clear_pointer (&c->decrypted, dkg_image_free);
    }
  g_free (result->ciphers);
  g_clear_pointer (&result->xor_analysis, dkg_pair_analysis_free);
  g_free (result);
}

static double
ms_since (gint64 t0)
{
  return (g_get_monotonic_time () - t0) / 1000.0;
}

static void
stage (const DkgPipelineOptions *options, DkgPipelineStage what, guint index, double fraction)
{
  if (options->stage_func != NULL)
    options->stage_func (what, index, fraction, options->user_data);
}

static void
key_progress_cb (double fraction, gpointer user_data)
{
  stage (user_data, DKG_PIPELINE_STAGE_KEY, 0, fraction);
}

/* Encrypts, reads the container's pixels, verifies and decrypts with one scheme. */
static gboolean
run_scheme (const DkgImage *plain, const DkgImage *key, const DkgPipelineOptions *options,
            guint index, gboolean figures, DkgPipelineCipher *out, GError **error)
{
  DkgContainerOptions copts = { options->schemes[index],
                                options->acm_iterations > 0 ? options->acm_iterations : 5 };
  g_autofree char *name = g_strdup_printf ("the %s container",
                                           dkg_container_scheme_to_string (copts.scheme));
  gint64 t0;

  out->scheme = copts.scheme;
  stage (options, DKG_PIPELINE_STAGE_ENCRYPT, index, 0);
  t0 = g_get_monotonic_time ();
  out->container = dkg_container_encrypt_with_original (plain, options->original, key, &copts,
                                                        error);
  out->encrypt_ms = ms_since (t0);
  if (out->container == NULL || g_cancellable_set_error_if_cancelled (options->cancellable, error))
    return FALSE;
  out->cipher = dkg_image_load_png_bytes (out->container, name, NULL, NULL, error);
  if (out->cipher == NULL)
    return FALSE;
  if (figures)
    dkg_entropy_compute_image (out->cipher, &out->cipher_entropy);
  /* The container stores the ciphertext's bit patterns; read them with the plaintext's
   * signedness so that they compare sample for sample. */
  if (out->cipher->bit_depth == 16)
    out->cipher->is_signed = plain->is_signed;

  stage (options, DKG_PIPELINE_STAGE_DECRYPT, index, 0);
  t0 = g_get_monotonic_time ();
  out->decrypted = dkg_container_decrypt (out->container, name, key, &out->info, error);
  out->decrypt_ms = ms_since (t0);
  if (out->decrypted == NULL)
    return FALSE;
  out->exact = dkg_image_equal (plain, out->decrypted);
  return !g_cancellable_set_error_if_cancelled (options->cancellable, error);
}

/* Key entropy, key sensitivity and the XOR ciphertext's analysis. */
static gboolean
compute_figures (DkgNet *generator, const DkgImage *plain, const DkgImage *seed,
                 const DkgPipelineOptions *options, DkgPipelineResult *result, GError **error)
{
  g_autoptr(DkgImage) seed2 = dkg_image_copy (seed);
  g_autoptr(DkgImage) key2 = NULL;

  stage (options, DKG_PIPELINE_STAGE_FIGURES, 0, 0);
  dkg_entropy_compute_image (result->key, &result->key_entropy);
  if (!dkg_differential_perturb_sample (seed2, 0, 0, 0, error))
    return FALSE;
  key2 = dkg_keygen_generate_full (generator, seed2, result->key->width, result->key->height,
                                   options->cancellable, NULL, NULL, error);
  if (key2 == NULL || !dkg_differential_keys (result->key, key2, &result->key_sensitivity, error))
    return FALSE;
  for (guint i = 0; i < result->n_ciphers; i++)
    if (result->ciphers[i].scheme == DKG_CONTAINER_SCHEME_XOR)
      {
        result->xor_analysis = dkg_pair_analysis_compute (plain, result->ciphers[i].cipher, NULL,
                                                          error);
        if (result->xor_analysis == NULL)
          return FALSE;
        break;
      }
  result->has_figures = TRUE;
  return TRUE;
}

/**
 * dkg_pipeline_run:
 * @generator: a trained generator (not shared with another thread while this runs)
 * @plain: the plaintext (1–4 channels, 8 or 16 bits)
 * @options: the seed, the schemes and what else to do
 * @error: return location for a #GError
 *
 * The main job (docs/SPECIFICATION.md §5): a key for @plain under every scheme
 * (dkg_pipeline_key_size() for acm-xor; with @options->key_for_schemes_run for the schemes
 * run) from the seed, then for each scheme in turn the
 * container (dkg_container_encrypt_with_original()), its pixels, its verification and
 * decryption (dkg_container_decrypt()) and the bit-exact comparison with @plain, each timed;
 * with @options->figures, the figures of `deepkeygen demo` (#DkgPipelineResult).
 *
 * Returns: (transfer full): the result, or %NULL with @error set: the generator's, the
 *   container's (%DKG_ERROR_INVALID_ARGUMENT for an image it cannot hold, a bad
 *   @options->acm_iterations), %G_IO_ERROR_CANCELLED
 */
DkgPipelineResult *
dkg_pipeline_run (DkgNet *generator, const DkgImage *plain, const DkgPipelineOptions *options,
                  GError **error)
{
  g_autoptr(DkgPipelineResult) result = NULL;
  DkgContainerScheme key_scheme = DKG_CONTAINER_SCHEME_ACM_XOR;
  const DkgImage *seed;
  gint64 t0;

  g_return_val_if_fail (generator != NULL && plain != NULL, NULL);
  g_return_val_if_fail (options != NULL && options->schemes != NULL && options->n_schemes > 0,
                        NULL);

  seed = options->seed != NULL ? options->seed : plain;
  result = g_new0 (DkgPipelineResult, 1);
  result->ciphers = g_new0 (DkgPipelineCipher, options->n_schemes);
  result->n_ciphers = options->n_schemes;

  if (options->key_for_schemes_run)
    {
      /* xor and chacha20-poly1305 need the same; acm-xor more */
      key_scheme = options->schemes[0];
      for (guint i = 0; i < options->n_schemes; i++)
        if (options->schemes[i] == DKG_CONTAINER_SCHEME_ACM_XOR)
          key_scheme = DKG_CONTAINER_SCHEME_ACM_XOR;
    }
  stage (options, DKG_PIPELINE_STAGE_KEY, 0, 0);
  t0 = g_get_monotonic_time ();
  result->key = dkg_pipeline_make_key (generator, seed, plain, key_scheme,
                                       options->cancellable,
                                       options->stage_func != NULL ? key_progress_cb : NULL,
                                       (gpointer) options, error);
  result->keygen_ms = ms_since (t0);
  if (result->key == NULL)
    return NULL;

  result->all_exact = TRUE;
  for (guint i = 0; i < options->n_schemes; i++)
    {
      if (!run_scheme (plain, result->key, options, i, options->figures, &result->ciphers[i],
                       error))
        return NULL;
      result->all_exact = result->all_exact && result->ciphers[i].exact;
    }
  if (options->figures && !compute_figures (generator, plain, seed, options, result, error))
    return NULL;
  return g_steal_pointer (&result);
}
