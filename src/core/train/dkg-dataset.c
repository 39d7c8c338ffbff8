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
#include "train/dkg-dataset.h"
#include "train/dkg-domain.h"

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
 * The network input of docs/SPECIFICATION.md §3: 8-bit x/127.5 − 1, unsigned 16-bit x/32767.5 − 1,
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
      add_image (ds, image, FALSE);
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
    add_image (ds, images[i], FALSE);
  ds->description = g_strdup (description);
  return ds;
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
  DkgDataset *ds;

  g_return_val_if_fail (n_images >= 1 && size >= 8, NULL);

  ds = dataset_new (size);
  for (guint i = 0; i < n_images; i++)
    add_image (ds, images[i], TRUE);
  ds->description = g_strdup (description);
  return ds;
}

/**
 * dkg_dataset_new_chaotic_domain:
 * @source: the seed dataset (dkg_dataset_new_from_images())
 * @params: (nullable): the logistic-map cipher's parameters (%NULL: the defaults)
 * @description: what it is, for the model's metadata
 * @error: return location for a #GError
 *
 * The transformation domain of docs/SPECIFICATION.md §4.3 at the training resolution: each seed image as
 * the dataset holds it (already resized for crops of S), quantised to 8-bit grey, encrypted by
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
  g_autoptr(DkgDataset) ds = dataset_new (source->size);

  for (guint i = 0; i < source->items->len; i++)
    {
      const Item *it = &g_array_index (source->items, Item, i);
      gsize hw = (gsize) it->w * it->h;
      g_autoptr(DkgImage) grey = dkg_image_new ((guint) it->w, (guint) it->h, 1, 8, FALSE, error);
      g_autoptr(DkgImage) enc = NULL;

      if (grey == NULL)
        return NULL;
      /* 8-bit grey: the mean of the three planes (equal for a grey seed), quantised. */
      for (gsize p = 0; p < hw; p++)
        {
          float v = (it->planes[p] + it->planes[hw + p] + it->planes[2 * hw + p]) / 3.0f;
          grey->data[p] = (guint8) CLAMP ((int) lrintf ((v + 1.0f) * 127.5f), 0, 255);
        }
      enc = dkg_domain_image_new (grey, params, error);
      if (enc == NULL)
        return NULL;
      add_image (ds, enc, TRUE);
    }
  ds->description = g_strdup (description);
  return g_steal_pointer (&ds);
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
