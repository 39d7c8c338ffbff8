/* studio-image.c — an image shown by the app: the original samples plus what display needs
 *
 * The samples stay exactly as loaded (8 or 16 bits, signed or not): the pixel read-out and the
 * analyses use them. Display maps them to 8-bit RGB on the CPU through a window (centre and
 * width, in sample units) and a lookup table, because GTK 4.8 has no 16-bit grey texture
 * format (docs/SPECIFICATION.md §8). The cumulative histogram made at construction gives the
 * automatic window (percentiles), so construction belongs in a worker thread for large images.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "dkg-dicom.h"
#include "studio-data.h"
#include "studio-image.h"

struct _StudioImage
{
  GObject    parent_instance;

  /* Owned */
  DkgImage  *image;
  char      *name;
  char      *path;
  guint64   *cumulative;          /* n_levels entries over the colour channels, pooled */
  guint      n_levels;
  double     min;
  double     max;
  /* modality rescale (DICOM): shown value = slope · stored + intercept, in units */
  double     slope;
  double     intercept;
  char      *units;
};

G_DEFINE_FINAL_TYPE (StudioImage, studio_image, G_TYPE_OBJECT)

static void
studio_image_finalize (GObject *object)
{
  StudioImage *self = STUDIO_IMAGE (object);

  g_clear_pointer (&self->image, dkg_image_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->units, g_free);
  g_clear_pointer (&self->cumulative, g_free);
  G_OBJECT_CLASS (studio_image_parent_class)->finalize (object);
}

static void
studio_image_class_init (StudioImageClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = studio_image_finalize;
}

static void
studio_image_init (StudioImage *self)
{
  self->slope = 1;
}

/* Colour channels: alpha (channel 2 of grey + alpha, 4 of RGBA) is not an intensity. */
static guint
colour_channels (const DkgImage *image)
{
  return image->channels == 2 ? 1 : image->channels == 4 ? 3 : image->channels;
}

static inline guint
level_at (const DkgImage *image, gsize i)
{
  if (image->bit_depth == 8)
    return image->data[i];
  if (image->is_signed)
    return (guint) (((const gint16 *) image->data)[i] + 32768);
  return ((const guint16 *) image->data)[i];
}

static inline double
level_value (const DkgImage *image, guint level)
{
  return image->bit_depth == 16 && image->is_signed ? (double) level - 32768.0 : (double) level;
}

/**
 * studio_image_new:
 * @image: (transfer full): the samples
 * @name: display name (usually the file's base name)
 *
 * Returns: (transfer full): a new image
 */
StudioImage *
studio_image_new (DkgImage *image, const char *name)
{
  StudioImage *self = g_object_new (STUDIO_TYPE_IMAGE, NULL);
  gsize n_pixels = (gsize) image->width * image->height;
  guint cc = colour_channels (image);
  guint lo = G_MAXUINT, hi = 0;

  self->image = image;
  self->name = g_strdup (name);
  self->n_levels = image->bit_depth == 8 ? 256 : 65536;
  self->cumulative = g_new0 (guint64, self->n_levels);
  for (gsize p = 0; p < n_pixels; p++)
    for (guint c = 0; c < cc; c++)
      self->cumulative[level_at (image, p * image->channels + c)]++;
  for (guint l = 0; l < self->n_levels; l++)
    if (self->cumulative[l] != 0)
      {
        lo = MIN (lo, l);
        hi = l;
      }
  for (guint l = 1; l < self->n_levels; l++)
    self->cumulative[l] += self->cumulative[l - 1];
  self->min = level_value (image, lo == G_MAXUINT ? 0 : lo);
  self->max = level_value (image, hi);
  return self;
}

/**
 * studio_image_load:
 * @path: a PNG, JPEG, TIFF, DICOM or NIfTI file
 *
 * Synchronous; use studio_image_load_async() from the main thread.
 *
 * Returns: (transfer full) (nullable): the image, or %NULL with @error set
 */
StudioImage *
studio_image_load (const char *path, GError **error)
{
  g_autoptr(DkgImage) image = dkg_image_load (path, NULL, error);
  g_autofree char *base = NULL;
  StudioImage *self;

  if (image == NULL)
    return NULL;
  base = g_path_get_basename (path);
  self = studio_image_new (g_steal_pointer (&image), base);
  self->path = g_strdup (path);
  /* CT: stored values become Hounsfield units through the file's rescale (the samples stay
   * stored values; only the read-out and the window presets use it). */
  if (g_strcmp0 (self->image->source_format, "dicom") == 0)
    {
      double slope, intercept;
      g_autofree char *units = NULL;

      if (dkg_dicom_read_rescale (path, &slope, &intercept, &units, NULL))
        studio_image_set_rescale (self, slope, intercept, units);
    }
  return self;
}

static void
studio_image_load_worker (GTask *task, gpointer source, gpointer task_data,
                          GCancellable *cancellable)
{
  GFile *file = task_data;
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GError) error = NULL;
  StudioImage *image;

  studio_data_background_thread ();

  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("Could not open “%s”: only local files can be opened"), uri);
      return;
    }
  image = studio_image_load (path, &error);
  if (image == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, image, g_object_unref);
}

/**
 * studio_image_load_async:
 * @file: the file to load (a local file)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the main thread when done
 * @user_data: for @callback
 *
 * Loads an image in a worker thread.
 */
void
studio_image_load_async (GFile *file, GCancellable *cancellable, GAsyncReadyCallback callback,
                         gpointer user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, studio_image_load_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, studio_image_load_worker);
}

/**
 * studio_image_load_finish:
 *
 * Returns: (transfer full): the image, or %NULL with @error set
 */
StudioImage *
studio_image_load_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/** studio_image_get_image: Returns: (transfer none): the samples */
const DkgImage *
studio_image_get_image (StudioImage *self)
{
  g_return_val_if_fail (STUDIO_IS_IMAGE (self), NULL);
  return self->image;
}

/** studio_image_get_name: Returns: (transfer none): the display name */
const char *
studio_image_get_name (StudioImage *self)
{
  g_return_val_if_fail (STUDIO_IS_IMAGE (self), NULL);
  return self->name;
}

/** studio_image_get_path: Returns: (transfer none) (nullable): the file it came from */
const char *
studio_image_get_path (StudioImage *self)
{
  g_return_val_if_fail (STUDIO_IS_IMAGE (self), NULL);
  return self->path;
}

void
studio_image_set_path (StudioImage *self, const char *path)
{
  g_return_if_fail (STUDIO_IS_IMAGE (self));
  g_free (self->path);
  self->path = g_strdup (path);
}

/** studio_image_get_min: Returns: the smallest colour sample value */
double
studio_image_get_min (StudioImage *self)
{
  return self->min;
}

/** studio_image_get_max: Returns: the largest colour sample value */
double
studio_image_get_max (StudioImage *self)
{
  return self->max;
}

/** studio_image_get_type_range: the range of the sample type (0..255, 0..65535, −32768..32767) */
void
studio_image_get_type_range (StudioImage *self, double *low, double *high)
{
  *low = level_value (self->image, 0);
  *high = level_value (self->image, self->n_levels - 1);
}

/**
 * studio_image_get_percentile_window:
 * @low_percent: e.g. 0.5
 * @high_percent: e.g. 99.5
 * @center: (out): window centre (level), in sample units
 * @width: (out): window width, in sample units, ≥ 1
 *
 * The window from the histogram's percentiles: the "auto" window/level.
 */
void
studio_image_get_percentile_window (StudioImage *self, double low_percent, double high_percent,
                                    double *center, double *width)
{
  guint64 total = self->cumulative[self->n_levels - 1];
  guint64 lo_count = (guint64) ceil (total * low_percent / 100.0);
  guint64 hi_count = (guint64) ceil (total * high_percent / 100.0);
  guint lo = 0, hi = self->n_levels - 1;
  double vlo, vhi;

  while (lo < self->n_levels - 1 && self->cumulative[lo] < MAX (lo_count, 1))
    lo++;
  while (hi > 0 && self->cumulative[hi - 1] >= hi_count)
    hi--;
  vlo = level_value (self->image, lo);
  vhi = level_value (self->image, MAX (hi, lo));
  *center = (vlo + vhi + 1) / 2.0;
  *width = MAX (vhi - vlo + 1, 1.0);
}

/**
 * studio_image_get_sample:
 * @value: (out): the stored sample value (signed for signed images)
 *
 * Returns: %FALSE when (x, y, channel) is outside the image
 */
gboolean
studio_image_get_sample (StudioImage *self, guint x, guint y, guint channel, int *value)
{
  const DkgImage *im = self->image;
  gsize i;

  if (x >= im->width || y >= im->height || channel >= im->channels)
    return FALSE;
  i = ((gsize) y * im->width + x) * im->channels + channel;
  *value = (int) level_value (im, level_at (im, i));
  return TRUE;
}

/**
 * studio_image_format_pixel:
 *
 * Returns: (transfer full) (nullable): the original sample value(s) at (x, y): "1043",
 *   "(12, 200, 7)", with the rescaled value when there is a rescale: "1408 (384 HU)"; %NULL
 *   outside the image
 */
char *
studio_image_format_pixel (StudioImage *self, guint x, guint y)
{
  GString *s;
  int v;

  if (!studio_image_get_sample (self, x, y, 0, &v))
    return NULL;
  if (self->image->channels == 1 && studio_image_has_rescale (self))
    {
      double shown = self->slope * v + self->intercept;

      /* Translators: a stored sample value and its rescaled value with units: "1408 (384 HU)" */
      return g_strdup_printf (_("%d (%g %s)"), v, shown, self->units != NULL ? self->units : "");
    }
  if (self->image->channels == 1)
    return g_strdup_printf ("%d", v);
  s = g_string_new ("(");
  for (guint c = 0; c < self->image->channels; c++)
    {
      studio_image_get_sample (self, x, y, c, &v);
      g_string_append_printf (s, c == 0 ? "%d" : ", %d", v);
    }
  g_string_append_c (s, ')');
  return g_string_free (s, FALSE);
}

/**
 * studio_image_render:
 * @center: window centre (level) in sample units
 * @width: window width in sample units
 *
 * Maps the samples to 8-bit RGB: value v shows as 255·(v − (center − width/2))/width,
 * clamped. Alpha is ignored.
 *
 * Returns: (transfer full): a %CAIRO_FORMAT_RGB24 surface of the image's size
 */
cairo_surface_t *
studio_image_render (StudioImage *self, double center, double width)
{
  const DkgImage *im = self->image;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) im->width,
                                                         (int) im->height);
  int stride = cairo_image_surface_get_stride (surface);
  guint8 *dst = cairo_image_surface_get_data (surface);
  g_autofree guint8 *lut = g_new (guint8, self->n_levels);
  double lo = center - width / 2.0;
  guint nc = im->channels;
  gboolean grey = colour_channels (im) == 1;

  width = MAX (width, 1e-9);
  for (guint l = 0; l < self->n_levels; l++)
    {
      double t = (level_value (im, l) - lo) / width * 255.0;
      lut[l] = (guint8) CLAMP (lrint (t), 0, 255);
    }
  cairo_surface_flush (surface);
  for (guint y = 0; y < im->height; y++)
    {
      guint32 *row = (guint32 *) (dst + (gsize) y * stride);
      gsize base = (gsize) y * im->width * nc;

      for (guint x = 0; x < im->width; x++)
        {
          gsize i = base + (gsize) x * nc;
          guint32 r, g, b;

          r = lut[level_at (im, i)];
          if (grey)
            g = b = r;
          else
            {
              g = lut[level_at (im, i + 1)];
              b = lut[level_at (im, i + 2)];
            }
          row[x] = (r << 16) | (g << 8) | b;
        }
    }
  cairo_surface_mark_dirty (surface);
  return surface;
}

/**
 * studio_image_render_rgb:
 * @center: window centre (level) in sample units
 * @width: window width in sample units
 *
 * Like studio_image_render(), as packed 8-bit RGB rows (width·3 bytes each).
 *
 * Returns: (transfer full): the pixels
 */
GBytes *
studio_image_render_rgb (StudioImage *self, double center, double width)
{
  cairo_surface_t *surface = studio_image_render (self, center, width);
  const guint8 *src = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint w = self->image->width, h = self->image->height;
  guint8 *rgb = g_malloc ((gsize) w * h * 3);

  for (guint y = 0; y < h; y++)
    {
      const guint32 *row = (const guint32 *) (src + (gsize) y * stride);
      guint8 *out = rgb + (gsize) y * w * 3;

      for (guint x = 0; x < w; x++)
        {
          out[3 * x] = (row[x] >> 16) & 0xff;
          out[3 * x + 1] = (row[x] >> 8) & 0xff;
          out[3 * x + 2] = row[x] & 0xff;
        }
    }
  cairo_surface_destroy (surface);
  return g_bytes_new_take (rgb, (gsize) w * h * 3);
}

/**
 * studio_image_set_rescale:
 * @slope: shown value per stored unit (not 0)
 * @intercept: shown value of stored 0
 * @units: (nullable): the shown values' units ("HU")
 *
 * The modality rescale of a DICOM image: stored v shows as @slope · v + @intercept.
 */
void
studio_image_set_rescale (StudioImage *self, double slope, double intercept, const char *units)
{
  g_return_if_fail (STUDIO_IS_IMAGE (self));
  g_return_if_fail (slope != 0);
  self->slope = slope;
  self->intercept = intercept;
  g_free (self->units);
  self->units = g_strdup (units);
}

/**
 * studio_image_get_rescale:
 * @slope: (out) (optional): 1 without a rescale
 * @intercept: (out) (optional): 0 without a rescale
 *
 * Returns: (transfer none) (nullable): the rescaled values' units, %NULL when unknown
 */
const char *
studio_image_get_rescale (StudioImage *self, double *slope, double *intercept)
{
  g_return_val_if_fail (STUDIO_IS_IMAGE (self), NULL);
  if (slope != NULL)
    *slope = self->slope;
  if (intercept != NULL)
    *intercept = self->intercept;
  return self->units;
}

/** studio_image_has_rescale: Returns: stored values are not the shown values */
gboolean
studio_image_has_rescale (StudioImage *self)
{
  g_return_val_if_fail (STUDIO_IS_IMAGE (self), FALSE);
  return self->slope != 1 || self->intercept != 0;
}

/**
 * studio_image_get_display_window:
 * @center: (out): window centre, in stored units
 * @width: (out): window width, in stored units
 *
 * The window an image shows in when nobody chose one: 8-bit images their whole range (they
 * are made to be seen as they are), 16-bit images the 0.5–99.5 percentiles of their own
 * histogram (a CT uses a few thousand of the 65,536 levels; noise, like a ciphertext, spans
 * them all, so its window is the full range anyway).
 */
void
studio_image_get_display_window (StudioImage *self, double *center, double *width)
{
  double lo, hi;

  g_return_if_fail (STUDIO_IS_IMAGE (self));
  if (self->image->bit_depth == 16)
    {
      studio_image_get_percentile_window (self, 0.5, 99.5, center, width);
      return;
    }
  studio_image_get_type_range (self, &lo, &hi);
  *center = (lo + hi + 1) / 2;
  *width = hi - lo + 1;
}
