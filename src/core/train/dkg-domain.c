/* dkg-domain.c — the transformation domain Y of DeepKeyGen training (docs/SPECIFICATION.md §4.3)
 *
 * A domain image is a seed image encrypted by the classic logistic-map cipher of
 * dkg-chaotic-domain.c. Keys are three-channel images whose bytes are used in raster order
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
#include <string.h>

#include "dkg-error.h"
#include "train/dkg-domain.h"

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/**
 * dkg_image_dir_load:
 * @dir: a folder of images
 * @error: return location for a #GError
 *
 * Loads every regular, non-hidden file of @dir in name order with dkg_image_load(). A file
 * that is not a readable image is an error naming it.
 *
 * Returns: (transfer full) (element-type DkgImage): the images, or %NULL with the loader's
 *   error, %G_IO_ERROR for the folder, or %DKG_ERROR_INVALID_ARGUMENT when it has no files
 */
GPtrArray *
dkg_image_dir_load (const char *dir, GError **error)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) images = g_ptr_array_new_with_free_func ((GDestroyNotify) dkg_image_free);
  const char *name;

  if (d == NULL)
    return NULL;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      if (name[0] != '.' && g_file_test (path, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (names, g_strdup (name));
    }
  if (names->len == 0)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                   "The folder “%s” holds no images", dir);
      return NULL;
    }
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, names->pdata[i], NULL);
      DkgImage *image = dkg_image_load (path, NULL, error);
      if (image == NULL)
        return NULL;
      g_ptr_array_add (images, image);
    }
  return g_steal_pointer (&images);
}

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
