/* studio-viewport.c — the view transform and display window shared by synchronised image panes
 *
 * Every pane of the Encrypt page draws through one StudioViewport, so zooming or panning one
 * moves all four, and a window/level drag on one changes the others (docs/SPECIFICATION.md §8). The
 * transform is kept in image pixels: screen = (image − centre)·scale + view/2. "Fit" follows
 * the reference size (the plaintext's) and each pane's own allocation.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "studio-viewport.h"

#define MIN_SCALE 0.01
#define MAX_SCALE 64.0

struct _StudioViewport
{
  GObject  parent_instance;

  gboolean fit;
  double   scale;
  double   center_x;
  double   center_y;
  double   ref_width;
  double   ref_height;
  double   window_center;
  double   window_width;
};

enum
{
  TRANSFORM_CHANGED,
  WINDOW_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (StudioViewport, studio_viewport, G_TYPE_OBJECT)

static void
studio_viewport_class_init (StudioViewportClass *klass)
{
  /**
   * StudioViewport::transform-changed:
   *
   * The zoom, the centre or the fit mode changed.
   */
  signals[TRANSFORM_CHANGED] = g_signal_new ("transform-changed", G_TYPE_FROM_CLASS (klass),
                                             G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                             G_TYPE_NONE, 0);
  /**
   * StudioViewport::window-changed:
   *
   * The display window (level and width) changed.
   */
  signals[WINDOW_CHANGED] = g_signal_new ("window-changed", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 0);
}

static void
studio_viewport_init (StudioViewport *self)
{
  self->fit = TRUE;
  self->scale = 1.0;
  self->ref_width = self->ref_height = 1.0;
  self->window_center = 127.5;
  self->window_width = 256.0;
}

/** studio_viewport_new: Returns: (transfer full): a viewport in fit mode */
StudioViewport *
studio_viewport_new (void)
{
  return g_object_new (STUDIO_TYPE_VIEWPORT, NULL);
}

/**
 * studio_viewport_set_reference:
 * @width: width of the image the panes show (the plaintext's)
 * @height: its height
 *
 * Sets the reference size and goes back to fit mode.
 */
void
studio_viewport_set_reference (StudioViewport *self, double width, double height)
{
  g_return_if_fail (STUDIO_IS_VIEWPORT (self));
  self->ref_width = MAX (width, 1.0);
  self->ref_height = MAX (height, 1.0);
  self->center_x = self->ref_width / 2;
  self->center_y = self->ref_height / 2;
  self->fit = TRUE;
  g_signal_emit (self, signals[TRANSFORM_CHANGED], 0);
}

/** studio_viewport_fit: shows the whole reference image in every pane. */
void
studio_viewport_fit (StudioViewport *self)
{
  g_return_if_fail (STUDIO_IS_VIEWPORT (self));
  self->fit = TRUE;
  self->center_x = self->ref_width / 2;
  self->center_y = self->ref_height / 2;
  g_signal_emit (self, signals[TRANSFORM_CHANGED], 0);
}

gboolean
studio_viewport_get_fit (StudioViewport *self)
{
  g_return_val_if_fail (STUDIO_IS_VIEWPORT (self), TRUE);
  return self->fit;
}

/**
 * studio_viewport_get_transform:
 * @view_width: the pane's width in pixels
 * @view_height: its height
 * @scale: (out): screen pixels per image pixel
 * @offset_x: (out): screen x of image x = 0
 * @offset_y: (out): screen y of image y = 0
 */
void
studio_viewport_get_transform (StudioViewport *self, int view_width, int view_height,
                               double *scale, double *offset_x, double *offset_y)
{
  double s, cx, cy;

  if (self->fit)
    {
      s = MIN (MAX (view_width, 1) / self->ref_width, MAX (view_height, 1) / self->ref_height);
      cx = self->ref_width / 2;
      cy = self->ref_height / 2;
    }
  else
    {
      s = self->scale;
      cx = self->center_x;
      cy = self->center_y;
    }
  *scale = s;
  *offset_x = view_width / 2.0 - cx * s;
  *offset_y = view_height / 2.0 - cy * s;
}

/**
 * studio_viewport_set_view:
 * @scale: screen pixels per image pixel (1 = 1:1)
 * @center_x: image x shown at the centre of the panes
 * @center_y: image y shown at the centre
 *
 * Leaves fit mode.
 */
void
studio_viewport_set_view (StudioViewport *self, double scale, double center_x, double center_y)
{
  g_return_if_fail (STUDIO_IS_VIEWPORT (self));
  self->fit = FALSE;
  self->scale = CLAMP (scale, MIN_SCALE, MAX_SCALE);
  self->center_x = CLAMP (center_x, 0, self->ref_width);
  self->center_y = CLAMP (center_y, 0, self->ref_height);
  g_signal_emit (self, signals[TRANSFORM_CHANGED], 0);
}

/**
 * studio_viewport_zoom_at:
 * @factor: zoom factor (> 1 zooms in)
 * @x: screen x (in the pane) that stays on the same image point
 * @y: screen y
 */
void
studio_viewport_zoom_at (StudioViewport *self, int view_width, int view_height, double factor,
                         double x, double y)
{
  double s, ox, oy, ix, iy, ns;

  g_return_if_fail (STUDIO_IS_VIEWPORT (self));
  studio_viewport_get_transform (self, view_width, view_height, &s, &ox, &oy);
  ix = (x - ox) / s;
  iy = (y - oy) / s;
  ns = CLAMP (s * factor, MIN_SCALE, MAX_SCALE);
  /* Keep (ix, iy) under (x, y): centre = i − (screen − view/2)/ns. */
  studio_viewport_set_view (self, ns, ix - (x - view_width / 2.0) / ns,
                            iy - (y - view_height / 2.0) / ns);
}

/**
 * studio_viewport_set_window:
 * @center: level, in sample units
 * @width: window width, in sample units (at least 1)
 */
void
studio_viewport_set_window (StudioViewport *self, double center, double width)
{
  g_return_if_fail (STUDIO_IS_VIEWPORT (self));
  width = MAX (width, 1.0);
  if (center == self->window_center && width == self->window_width)
    return;
  self->window_center = center;
  self->window_width = width;
  g_signal_emit (self, signals[WINDOW_CHANGED], 0);
}

void
studio_viewport_get_window (StudioViewport *self, double *center, double *width)
{
  g_return_if_fail (STUDIO_IS_VIEWPORT (self));
  *center = self->window_center;
  *width = self->window_width;
}
