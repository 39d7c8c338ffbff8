/* dkg-dataset.c — unpaired, unlabeled image folders for GAN training (docs/SPECIFICATION.md §4)
 *
 * Every image of a folder is loaded once (any format dkg_image_load() reads), converted to
 * three planes in [-1, 1] (docs/SPECIFICATION.md §3: x/127.5 − 1; 16-bit x/32767.5 − 1; grey replicated,
 * alpha dropped) and resampled so that its shorter side is 9/8 of the training size S (the
 * CycleGAN "resize and crop" recipe: 286 for 256); dkg-resample.c says how. A sample is then a
 * random S×S crop with random horizontal and vertical flips, all drawn from the trainer's
 * DkgRand, so a seeded training run is reproducible and a resumed one continues exactly.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "dkg-error.h"
#include "dkg-resample.h"
#include "dkg-tensor.h"
#include "dkg-dataset.h"

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

/* Seeds (@native FALSE): shorter side → 9/8·S, aspect kept, so a crop sees most of the
 * anatomy. Domain images (@native TRUE): kept at their own resolution when both sides are at
 * least S, so a crop sees the domain's pixels themselves; only a smaller image is enlarged
 * (shorter side → S). Resampling a cipher image averages (shrinking) or interpolates
 * (enlarging) neighbouring bytes: its histogram collapses toward mid-grey — by 73.9/f in
 * standard deviation for an f-fold area average — and the generator learns that instead of
 * noise (docs/TRAINING-STUDY.md). */
static void
add_planes (DkgDataset *ds, float *planes, int w, int h, gboolean native)
{
  int target = native ? ds->size : (ds->size * 9 + 7) / 8;
  int nw, nh;
  Item it;

  if (native && w >= ds->size && h >= ds->size)
    {
      it.w = w;
      it.h = h;
      it.planes = planes;
      g_array_append_val (ds->items, it);
      return;
    }
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
    dkg_resample_plane (planes + (gsize) c * w * h, w, h, it.planes + (gsize) c * nw * nh, nw, nh);
  dkg_free_floats (planes);
  g_array_append_val (ds->items, it);
}

static void
add_image (DkgDataset *ds, const DkgImage *image, gboolean native)
{
  float *planes = dkg_alloc_floats ((gsize) 3 * image->width * image->height);

  dkg_image_to_planes (image, planes);
  add_planes (ds, planes, (int) image->width, (int) image->height, native);
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
  g_autoptr(GPtrArray) images = NULL;
  g_autoptr(DkgDataset) ds = NULL;

  if (size < 8 || size > 4096)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                   "Training size %d is outside 8..4096", size);
      return NULL;
    }
  images = dkg_image_dir_load (dir, error);
  if (images == NULL)
    return NULL;
  ds = dataset_new (size);
  for (guint i = 0; i < images->len; i++)
    add_image (ds, images->pdata[i], FALSE);
  ds->description = g_strdup_printf ("%u images from %s", images->len, dir);
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
static DkgDataset *
new_from_images (DkgImage **images, guint n_images, int size, gboolean native,
                 const char *description)
{
  DkgDataset *ds;

  g_return_val_if_fail (n_images >= 1 && size >= 8, NULL);

  ds = dataset_new (size);
  for (guint i = 0; i < n_images; i++)
    add_image (ds, images[i], native);
  ds->description = g_strdup (description);
  return ds;
}

DkgDataset *
dkg_dataset_new_from_images (DkgImage **images, guint n_images, int size,
                             const char *description)
{
  return new_from_images (images, n_images, size, FALSE, description);
}

/**
 * dkg_dataset_new_domain_from_images:
 * @images: (array length=n_images): transformation-domain images Y (any size, 8 or 16 bits)
 * @n_images: how many, ≥ 1
 * @size: the crop size S in pixels, ≥ 8
 * @description: what they are, for the model's metadata
 *
 * Like dkg_dataset_new_from_images(), but crops at each image's own resolution: an image is
 * resampled only when a side is shorter than @size (enlarged to a shorter side of @size). The
 * domain's pixel statistics reach the discriminator unchanged.
 *
 * Returns: (transfer full): the dataset
 */
DkgDataset *
dkg_dataset_new_domain_from_images (DkgImage **images, guint n_images, int size,
                                    const char *description)
{
  return new_from_images (images, n_images, size, TRUE, description);
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
 * dkg_dataset_get_planes:
 * @ds: a dataset
 * @i: an image index, < dkg_dataset_get_n_images()
 * @width: (out): the stored image's width in pixels
 * @height: (out): its height in pixels
 *
 * An image as the dataset holds it: three planes in [-1, 1], already resampled for crops of
 * dkg_dataset_get_size() (see the file comment).
 *
 * Returns: (transfer none) (array): (3, @height, @width) floats, owned by @ds
 */
const float *
dkg_dataset_get_planes (const DkgDataset *ds, guint i, int *width, int *height)
{
  const Item *it;

  g_return_val_if_fail (i < ds->items->len, NULL);
  it = &g_array_index (ds->items, Item, i);
  *width = it->w;
  *height = it->h;
  return it->planes;
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
