/* dkg-domain.c — the transformation domain Y of DeepKeyGen training (docs/SPECIFICATION.md §4.3)
 *
 * A domain image is a seed image encrypted by the classic logistic-map cipher of
 * dkg-chaotic-cipher.c. Keys are three-channel images whose bytes are used in raster order
 * with the channels interleaved (§5.2), so the domain must teach the generator three
 * *different* channels: a grey domain image replicated to RGB would teach it R = G = B, and
 * every key byte would appear three times. So the grey seed (dkg_chaotic_to_grey8) is first
 * replicated to RGB, and the cipher runs over all 3·W·H interleaved bytes as one sequence
 * (its plaintext sum, x₀ perturbation and keystream cover all of them): three independent-
 * looking channels. This generalises the paper's grey cipher to the key's shape; the
 * difference is noted in docs/DEVIATIONS.md.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "dkg-error.h"
#include "dkg-domain.h"

/**
 * dkg_domain_image_new:
 * @image: a seed image (any channels and depth: made 8-bit grey by dkg_chaotic_to_grey8())
 * @params: the cipher's parameters (%NULL for DKG_CHAOTIC_PARAMS_DEFAULT)
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the RGB 8-bit domain image (see the file comment), or %NULL
 */
DkgImage *
dkg_domain_image_new (const DkgImage *image, const DkgChaoticParams *params, GError **error)
{
  static const DkgChaoticParams defaults = DKG_CHAOTIC_PARAMS_DEFAULT;
  g_autoptr(DkgImage) grey = dkg_chaotic_to_grey8 (image, error);
  g_autoptr(DkgImage) rgb = NULL;
  g_autoptr(DkgImage) out = NULL;
  gsize n;

  if (grey == NULL)
    return NULL;
  if (params == NULL)
    params = &defaults;
  if (!dkg_chaotic_params_check (params, error))
    return NULL;
  rgb = dkg_image_new (grey->width, grey->height, 3, 8, FALSE, error);
  out = rgb != NULL ? dkg_image_new (grey->width, grey->height, 3, 8, FALSE, error) : NULL;
  if (out == NULL)
    return NULL;
  n = (gsize) grey->width * grey->height;
  for (gsize p = 0; p < n; p++)
    rgb->data[3 * p] = rgb->data[3 * p + 1] = rgb->data[3 * p + 2] = grey->data[p];
  dkg_chaotic_encrypt (out->data, rgb->data, 3 * n, params);
  return g_steal_pointer (&out);
}

/**
 * dkg_domain_images_new:
 * @images: (element-type DkgImage): seed images
 * @params: (nullable): the cipher's parameters
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type DkgImage): one domain image per seed image
 */
GPtrArray *
dkg_domain_images_new (GPtrArray *images, const DkgChaoticParams *params, GError **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) dkg_image_free);

  for (guint i = 0; i < images->len; i++)
    {
      DkgImage *d = dkg_domain_image_new (images->pdata[i], params, error);
      if (d == NULL)
        return NULL;
      g_ptr_array_add (out, d);
    }
  return g_steal_pointer (&out);
}

/**
 * dkg_dataset_new_chaotic_domain:
 * @source: the seed dataset (dkg_dataset_new_from_images())
 * @params: (nullable): the logistic-map cipher's parameters (%NULL: the defaults)
 * @description: what it is, for the model's metadata
 * @error: return location for a #GError
 *
 * The transformation domain of docs/SPECIFICATION.md §4.3 at the training resolution: each
 * seed image as the dataset holds it (already resized for crops of S), quantised to 8-bit grey,
 * encrypted by
 * the logistic-map cipher (dkg_domain_image_new()) and kept at that size, never resampled
 * after encryption. (Encrypting first and resizing after, as the first release did, averaged
 * the cipher's bytes toward mid-grey.)
 *
 * Returns: (transfer full): the dataset, or %NULL with the cipher's error
 */
DkgDataset *
dkg_dataset_new_chaotic_domain (const DkgDataset *source, const DkgChaoticParams *params,
                                const char *description, GError **error)
{
  g_autoptr(GPtrArray) domain = g_ptr_array_new_with_free_func ((GDestroyNotify) dkg_image_free);

  for (guint i = 0; i < dkg_dataset_get_n_images (source); i++)
    {
      int w, h;
      const float *planes = dkg_dataset_get_planes (source, i, &w, &h);
      gsize hw = (gsize) w * h;
      g_autoptr(DkgImage) grey = dkg_image_new ((guint) w, (guint) h, 1, 8, FALSE, error);
      DkgImage *enc;

      if (grey == NULL)
        return NULL;
      /* 8-bit grey: the mean of the three planes (equal for a grey seed), quantised. */
      for (gsize p = 0; p < hw; p++)
        {
          float v = (planes[p] + planes[hw + p] + planes[2 * hw + p]) / 3.0f;
          grey->data[p] = (guint8) CLAMP ((int) lrintf ((v + 1.0f) * 127.5f), 0, 255);
        }
      enc = dkg_domain_image_new (grey, params, error);
      if (enc == NULL)
        return NULL;
      g_ptr_array_add (domain, enc);
    }
  /* At the training resolution already: cropped natively, never resampled again. */
  return dkg_dataset_new_domain_from_images ((DkgImage **) domain->pdata, domain->len,
                                             dkg_dataset_get_size (source), description);
}

/**
 * dkg_dataset_new_pair:
 * @source_dir: folder of seed images X
 * @domain_dir: (nullable): folder of transformation-domain images Y, or %NULL for the chaotic
 *   domain made from the seeds (dkg_dataset_new_chaotic_domain())
 * @size: the crop size S in pixels, 8..4096
 * @source: (out) (transfer full): the seed dataset
 * @domain: (out) (transfer full): the domain dataset (dkg_dataset_new_domain_from_images() for
 *   a folder)
 * @first_seed: (out) (optional) (transfer full): a copy of the first seed image (by name), for
 *   previews
 * @error: return location for a #GError
 *
 * The two datasets of a training run, as `deepkeygen train` and the Training page make them.
 *
 * Returns: %FALSE with an error naming the folder or file that could not be read
 */
gboolean
dkg_dataset_new_pair (const char *source_dir, const char *domain_dir, int size,
                      DkgDataset **source, DkgDataset **domain, DkgImage **first_seed,
                      GError **error)
{
  g_autoptr(GPtrArray) images = dkg_image_dir_load (source_dir, error);
  g_autoptr(GPtrArray) dom = NULL;
  g_autoptr(DkgDataset) src = NULL;
  g_autofree char *sdesc = NULL;
  g_autofree char *ddesc = NULL;

  if (images == NULL)
    return FALSE;
  sdesc = g_strdup_printf ("%u images from %s", images->len, source_dir);
  src = dkg_dataset_new_from_images ((DkgImage **) images->pdata, images->len, size, sdesc);
  if (domain_dir == NULL)
    {
      ddesc = g_strdup_printf ("%u images of %s encrypted by the logistic-map cipher at the "
                               "training resolution (docs/SPECIFICATION.md §4.3, x0 0.3456789)",
                               images->len, source_dir);
      *domain = dkg_dataset_new_chaotic_domain (src, NULL, ddesc, error);
      if (*domain == NULL)
        return FALSE;
    }
  else
    {
      dom = dkg_image_dir_load (domain_dir, error);
      if (dom == NULL)
        return FALSE;
      ddesc = g_strdup_printf ("%u images from %s (crops at their own resolution)", dom->len,
                               domain_dir);
      *domain = dkg_dataset_new_domain_from_images ((DkgImage **) dom->pdata, dom->len, size,
                                                    ddesc);
    }
  if (first_seed != NULL)
    *first_seed = dkg_image_copy (images->pdata[0]);
  *source = g_steal_pointer (&src);
  return TRUE;
}
