/* dkg-dataset.c — unpaired, unlabeled image folders for GAN training (DESIGN.md §4)
 *
 * Every image of a folder is loaded once (any format dkg_image_load() reads), converted to
 * three planes in [-1, 1] (DESIGN.md §3: x/127.5 − 1; 16-bit x/32767.5 − 1; grey replicated,
 * alpha dropped) and resampled so that its shorter side is 9/8 of the training size S (the
 * CycleGAN "resize and crop" recipe: 286 for 256); dkg-resample.c says how. A sample is then a
 * random S×S crop with random horizontal and vertical flips, all drawn from the trainer's
 * DkgRand, so a seeded training run is reproducible and a resumed one continues exactly.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "dkg-error.h"
#include "dkg-resample.h"
#include "dkg-tensor.h"
#include "train/dkg-dataset.h"

typedef struct
{
  int    w, h;
  float *planes;      /* (3, h, w) */
} Item;

struct _DkgDataset
{
  GArray *items;      /* element-type Item */
  int     size;
  char   *description;
};

/**
 * dkg_image_to_planes:
 * @image: an image (1–4 channels, 8 or 16 bits)
 * @out: (array): (3, H, W) floats in [-1, 1]
 *
 * The network input of DESIGN.md §3: 8-bit x/127.5 − 1, unsigned 16-bit x/32767.5 − 1,
 * signed 16-bit (x + 32768)/32767.5 − 1; grey (and grey + alpha) replicated to three
 * channels, alpha dropped.
 */
void
dkg_image_to_planes (const DkgImage *image, float *out)
{
  gsize hw = (gsize) image->width * image->height;
  guint ch = image->channels;
  gboolean rgb = ch >= 3;

  for (gsize p = 0; p < hw; p++)
    for (guint c = 0; c < 3; c++)
      {
        gsize s = p * ch + (rgb ? c : 0);
        float v;

        if (image->bit_depth == 8)
          v = image->data[s] / 127.5f - 1.0f;
        else if (image->is_signed)
          v = ((float) ((const gint16 *) image->data)[s] + 32768.0f) / 32767.5f - 1.0f;
        else
          v = ((const guint16 *) image->data)[s] / 32767.5f - 1.0f;
        out[c * hw + p] = v;
      }
}

static void
add_image (DkgDataset *ds, const DkgImage *image)
{
  gsize hw = (gsize) image->width * image->height;
  float *planes = dkg_alloc_floats (3 * hw);
  int target = (ds->size * 9 + 7) / 8;
  int w = (int) image->width, h = (int) image->height;
  int nw, nh;
  Item it;

  dkg_image_to_planes (image, planes);
  /* Shorter side → 9/8·S, aspect kept. */
  if (w <= h)
    {
      nw = target;
      nh = MAX (target, (int) ((double) h * target / w + 0.5));
    }
  else
    {
      nh = target;
      nw = MAX (target, (int) ((double) w * target / h + 0.5));
    }
  it.w = nw;
  it.h = nh;
  it.planes = dkg_alloc_floats ((gsize) 3 * nw * nh);
  for (int c = 0; c < 3; c++)
    dkg_resample_plane (planes + c * hw, w, h, it.planes + (gsize) c * nw * nh, nw, nh);
  dkg_free_floats (planes);
  g_array_append_val (ds->items, it);
}

static void
item_clear (gpointer p)
{
  Item *it = p;

  dkg_free_floats (it->planes);
}

static DkgDataset *
dataset_new (int size)
{
  DkgDataset *ds = g_new0 (DkgDataset, 1);

  ds->items = g_array_new (FALSE, TRUE, sizeof (Item));
  g_array_set_clear_func (ds->items, item_clear);
  ds->size = size;
  return ds;
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/**
 * dkg_dataset_new_from_dir:
 * @dir: a folder of images (hidden files skipped; files in name order)
 * @size: training crop size S, 8..4096
 * @error: return location for a #GError
 *
 * Loads every image of @dir. A file that is not an image this build reads is an error
 * naming it (a training set with a stray file is more likely a mistake than intended).
 *
 * Returns: (transfer full): the dataset, or %NULL with %G_IO_ERROR (unreadable folder),
 *   the loader's error, or %DKG_ERROR_INVALID_ARGUMENT for a folder with no images
 */
DkgDataset *
dkg_dataset_new_from_dir (const char *dir, int size, GError **error)
{
  g_autoptr(GDir) d = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(DkgDataset) ds = NULL;
  const char *name;

  if (size < 8 || size > 4096)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                   "Training size %d is outside 8..4096", size);
      return NULL;
    }
  d = g_dir_open (dir, 0, error);
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
  ds = dataset_new (size);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, names->pdata[i], NULL);
      g_autoptr(DkgImage) image = dkg_image_load (path, NULL, error);
      if (image == NULL)
        return NULL;
      add_image (ds, image);
    }
  ds->description = g_strdup_printf ("%u images from %s", names->len, dir);
  return g_steal_pointer (&ds);
}

/**
 * dkg_dataset_new_from_images:
 * @images: (array length=n_images): images (copied)
 * @n_images: ≥ 1
 * @size: training crop size S, 8..4096
 * @description: what the images are, for metadata
 *
 * Returns: (transfer full): a dataset of @images
 */
DkgDataset *
dkg_dataset_new_from_images (DkgImage **images, guint n_images, int size,
                             const char *description)
{
  DkgDataset *ds;

  g_return_val_if_fail (n_images >= 1 && size >= 8, NULL);

  ds = dataset_new (size);
  for (guint i = 0; i < n_images; i++)
    add_image (ds, images[i]);
  ds->description = g_strdup (description);
  return ds;
}

void
dkg_dataset_free (DkgDataset *ds)
{
  if (ds == NULL)
    return;
  g_array_unref (ds->items);
  g_free (ds->description);
  g_free (ds);
}

guint
dkg_dataset_get_n_images (const DkgDataset *ds)
{
  return ds->items->len;
}

int
dkg_dataset_get_size (const DkgDataset *ds)
{
  return ds->size;
}

const char *
dkg_dataset_get_description (const DkgDataset *ds)
{
  return ds->description;
}

/**
 * dkg_dataset_sample:
 * @ds: a dataset
 * @rand: where the choices come from: image, crop offset, horizontal flip, vertical flip
 * @out: (array): (3, S, S) floats in [-1, 1]
 *
 * Draws one training sample.
 */
void
dkg_dataset_sample (const DkgDataset *ds, DkgRand *rand, float *out)
{
  const Item *it = &g_array_index (ds->items, Item, dkg_rand_below (rand, ds->items->len));
  int S = ds->size;
  int ox = (int) dkg_rand_below (rand, (guint32) (it->w - S + 1));
  int oy = (int) dkg_rand_below (rand, (guint32) (it->h - S + 1));
  gboolean hflip = dkg_rand_below (rand, 2), vflip = dkg_rand_below (rand, 2);

  for (int c = 0; c < 3; c++)
    for (int y = 0; y < S; y++)
      {
        int sy = oy + (vflip ? S - 1 - y : y);
        const float *row = it->planes + ((gsize) c * it->h + sy) * it->w + ox;
        float *dst = out + ((gsize) c * S + y) * S;

        if (hflip)
          for (int x = 0; x < S; x++)
            dst[x] = row[S - 1 - x];
        else
          memcpy (dst, row, (gsize) S * sizeof (float));
      }
}
