/* studio-image-view.c — a zoomable, pannable image pane with window/level and pixel read-out
 *
 * Wheel: zoom about the pointer; primary drag: pan; secondary drag: window/level (left–right
 * changes the width, up–down the level); double click: fit. The transform and the window
 * live in a StudioViewport that panes may share. Images render to 8-bit RGB on the CPU
 * (studio_image_render) once per window change; drawing is a cairo node with nearest-
 * neighbour sampling above 1:1, so zoomed pixels stay square for the read-out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "studio-image-view.h"

struct _StudioImageView
{
  GtkWidget        parent_instance;

  /* Owned */
  StudioImage     *image;
  StudioViewport  *viewport;
  cairo_surface_t *surface;
  char            *placeholder;
  gulong           transform_handler;
  gulong           window_handler;
  gboolean         windowed;
  double           rendered_center;
  double           rendered_width;
  /* drag state */
  double           drag_scale;
  double           drag_cx;
  double           drag_cy;
  double           drag_wc;
  double           drag_ww;
  /* pointer */
  gboolean         has_pointer;
  double           pointer_x;
  double           pointer_y;
};

enum
{
  PROP_0,
  PROP_IMAGE,
  PROP_VIEWPORT,
  N_PROPS
};

enum
{
  PIXEL_HOVERED,
  RESIZED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (StudioImageView, studio_image_view, GTK_TYPE_WIDGET)

static void
invalidate_surface (StudioImageView *self)
{
  g_clear_pointer (&self->surface, cairo_surface_destroy);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
get_window (StudioImageView *self, double *center, double *width)
{
  if (self->windowed && self->viewport != NULL)
    {
      studio_viewport_get_window (self->viewport, center, width);
      return;
    }
  /* Unwindowed (keys, ciphertexts, the attacks' images): the image's own automatic window,
   * so a 16-bit image is never a flat grey of a few levels out of 65,536. */
  studio_image_get_display_window (self->image, center, width);
}

static void
studio_image_view_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  StudioImageView *self = STUDIO_IMAGE_VIEW (widget);
  int w = gtk_widget_get_width (widget);
  int h = gtk_widget_get_height (widget);
  double scale, ox, oy, wc, ww;
  cairo_t *cr;

  if ((self->image == NULL || self->viewport == NULL) && self->placeholder != NULL && w > 0)
    {
      PangoLayout *layout = gtk_widget_create_pango_layout (widget, self->placeholder);
      int lw, lh;

      pango_layout_set_width (layout, MAX (w - 24, 1) * PANGO_SCALE);
      pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
      pango_layout_get_pixel_size (layout, &lw, &lh);
      gtk_snapshot_save (snapshot);
      /* The layout is w − 24 wide and centres each line itself. */
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (12, (h - lh) / 2.0));
      gtk_snapshot_append_layout (snapshot, layout, &(GdkRGBA) { 0.75, 0.75, 0.75, 0.8 });
      gtk_snapshot_restore (snapshot);
      g_object_unref (layout);
      return;
    }
  if (self->image == NULL || self->viewport == NULL || w <= 0 || h <= 0)
    return;
  get_window (self, &wc, &ww);
  if (self->surface == NULL || wc != self->rendered_center || ww != self->rendered_width)
    {
      g_clear_pointer (&self->surface, cairo_surface_destroy);
      self->surface = studio_image_render (self->image, wc, ww);
      self->rendered_center = wc;
      self->rendered_width = ww;
    }
  studio_viewport_get_transform (self->viewport, w, h, &scale, &ox, &oy);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, w, h));
  cairo_translate (cr, ox, oy);
  cairo_scale (cr, scale, scale);
  cairo_set_source_surface (cr, self->surface, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr),
                            scale >= 1.0 ? CAIRO_FILTER_NEAREST : CAIRO_FILTER_GOOD);
  cairo_rectangle (cr, 0, 0, cairo_image_surface_get_width (self->surface),
                   cairo_image_surface_get_height (self->surface));
  cairo_fill (cr);
  cairo_destroy (cr);
}

static void
on_transform_changed_cb (StudioViewport *viewport, StudioImageView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_window_changed_cb (StudioViewport *viewport, StudioImageView *self)
{
  if (self->windowed)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
on_scroll_cb (GtkEventControllerScroll *controller, double dx, double dy, StudioImageView *self)
{
  int w = gtk_widget_get_width (GTK_WIDGET (self));
  int h = gtk_widget_get_height (GTK_WIDGET (self));

  if (self->viewport == NULL || self->image == NULL || dy == 0)
    return FALSE;
  /* Zoom about the pointer (its last motion position), else about the centre. */
  studio_viewport_zoom_at (self->viewport, w, h, pow (1.15, -dy),
                           self->has_pointer ? self->pointer_x : w / 2.0,
                           self->has_pointer ? self->pointer_y : h / 2.0);
  return TRUE;
}

static void
on_pan_begin_cb (GtkGestureDrag *gesture, double x, double y, StudioImageView *self)
{
  double ox, oy;
  int w = gtk_widget_get_width (GTK_WIDGET (self));
  int h = gtk_widget_get_height (GTK_WIDGET (self));

  if (self->viewport == NULL || self->image == NULL)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  studio_viewport_get_transform (self->viewport, w, h, &self->drag_scale, &ox, &oy);
  self->drag_cx = (w / 2.0 - ox) / self->drag_scale;
  self->drag_cy = (h / 2.0 - oy) / self->drag_scale;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grabbing");
}

static void
on_pan_update_cb (GtkGestureDrag *gesture, double dx, double dy, StudioImageView *self)
{
  if (self->viewport == NULL)
    return;
  studio_viewport_set_view (self->viewport, self->drag_scale,
                            self->drag_cx - dx / self->drag_scale,
                            self->drag_cy - dy / self->drag_scale);
}

static void
on_pan_end_cb (GtkGestureDrag *gesture, double dx, double dy, StudioImageView *self)
{
  gtk_widget_set_cursor (GTK_WIDGET (self), NULL);
}

static void
on_level_begin_cb (GtkGestureDrag *gesture, double x, double y, StudioImageView *self)
{
  if (self->viewport == NULL || self->image == NULL || !self->windowed)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  studio_viewport_get_window (self->viewport, &self->drag_wc, &self->drag_ww);
}

static void
on_level_update_cb (GtkGestureDrag *gesture, double dx, double dy, StudioImageView *self)
{
  /* One pixel of drag moves the window by 1/400 of the data range (at least one level). */
  double range = studio_image_get_max (self->image) - studio_image_get_min (self->image) + 1;
  double k = MAX (range / 400.0, 0.25);

  studio_viewport_set_window (self->viewport, self->drag_wc - dy * k,
                              MAX (self->drag_ww + dx * k, 1.0));
}

static void
on_double_click_cb (GtkGestureClick *gesture, int n_press, double x, double y,
                    StudioImageView *self)
{
  if (n_press == 2 && self->viewport != NULL)
    studio_viewport_fit (self->viewport);
}

static void
on_motion_cb (GtkEventControllerMotion *controller, double x, double y, StudioImageView *self)
{
  double scale, ox, oy, ix, iy;
  const DkgImage *im;

  self->has_pointer = TRUE;
  self->pointer_x = x;
  self->pointer_y = y;
  if (self->image == NULL || self->viewport == NULL)
    return;
  im = studio_image_get_image (self->image);
  studio_viewport_get_transform (self->viewport, gtk_widget_get_width (GTK_WIDGET (self)),
                                 gtk_widget_get_height (GTK_WIDGET (self)), &scale, &ox, &oy);
  ix = floor ((x - ox) / scale);
  iy = floor ((y - oy) / scale);
  if (ix < 0 || iy < 0 || ix >= im->width || iy >= im->height)
    g_signal_emit (self, signals[PIXEL_HOVERED], 0, -1, -1);
  else
    g_signal_emit (self, signals[PIXEL_HOVERED], 0, (int) ix, (int) iy);
}

static void
on_leave_cb (GtkEventControllerMotion *controller, StudioImageView *self)
{
  self->has_pointer = FALSE;
  g_signal_emit (self, signals[PIXEL_HOVERED], 0, -1, -1);
}

static void
studio_image_view_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                           int *minimum, int *natural, int *minimum_baseline,
                           int *natural_baseline)
{
  *minimum = 64;
  *natural = 240;
}

static void
studio_image_view_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  GTK_WIDGET_CLASS (studio_image_view_parent_class)->size_allocate (widget, width, height,
                                                                    baseline);
  g_signal_emit (widget, signals[RESIZED], 0);
}

static void
studio_image_view_dispose (GObject *object)
{
  StudioImageView *self = STUDIO_IMAGE_VIEW (object);

  studio_image_view_set_viewport (self, NULL);
  g_clear_object (&self->image);
  g_clear_pointer (&self->surface, cairo_surface_destroy);
  g_clear_pointer (&self->placeholder, g_free);
  G_OBJECT_CLASS (studio_image_view_parent_class)->dispose (object);
}

static void
studio_image_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  StudioImageView *self = STUDIO_IMAGE_VIEW (object);

  switch (prop_id)
    {
    case PROP_IMAGE:
      g_value_set_object (value, self->image);
      break;
    case PROP_VIEWPORT:
      g_value_set_object (value, self->viewport);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
studio_image_view_set_property (GObject *object, guint prop_id, const GValue *value,
                                GParamSpec *pspec)
{
  StudioImageView *self = STUDIO_IMAGE_VIEW (object);

  switch (prop_id)
    {
    case PROP_IMAGE:
      studio_image_view_set_image (self, g_value_get_object (value));
      break;
    case PROP_VIEWPORT:
      studio_image_view_set_viewport (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
studio_image_view_class_init (StudioImageViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = studio_image_view_dispose;
  object_class->get_property = studio_image_view_get_property;
  object_class->set_property = studio_image_view_set_property;
  widget_class->snapshot = studio_image_view_snapshot;
  widget_class->measure = studio_image_view_measure;
  widget_class->size_allocate = studio_image_view_size_allocate;

  properties[PROP_IMAGE] =
    g_param_spec_object ("image", NULL, NULL, STUDIO_TYPE_IMAGE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VIEWPORT] =
    g_param_spec_object ("viewport", NULL, NULL, STUDIO_TYPE_VIEWPORT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * StudioImageView::pixel-hovered:
   * @x: image column under the pointer, or -1 when it is outside the image
   * @y: image row, or -1
   */
  signals[PIXEL_HOVERED] = g_signal_new ("pixel-hovered", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_INT);

  /**
   * StudioImageView::resized:
   *
   * The pane got a new size (its fit scale may have changed).
   */
  signals[RESIZED] = g_signal_new ("resized", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (widget_class, "studio-image-view");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
studio_image_view_init (StudioImageView *self)
{
  GtkEventController *scroll, *motion;
  GtkGesture *pan, *level, *click;

  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect (scroll, "scroll", G_CALLBACK (on_scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  pan = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (pan), GDK_BUTTON_PRIMARY);
  g_signal_connect (pan, "drag-begin", G_CALLBACK (on_pan_begin_cb), self);
  g_signal_connect (pan, "drag-update", G_CALLBACK (on_pan_update_cb), self);
  g_signal_connect (pan, "drag-end", G_CALLBACK (on_pan_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (pan));

  level = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (level), GDK_BUTTON_SECONDARY);
  g_signal_connect (level, "drag-begin", G_CALLBACK (on_level_begin_cb), self);
  g_signal_connect (level, "drag-update", G_CALLBACK (on_level_update_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (level));

  click = gtk_gesture_click_new ();
  g_signal_connect (click, "pressed", G_CALLBACK (on_double_click_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
}

/** studio_image_view_new: Returns: (transfer floating): a new, empty pane */
GtkWidget *
studio_image_view_new (void)
{
  return g_object_new (STUDIO_TYPE_IMAGE_VIEW, NULL);
}

/**
 * studio_image_view_set_image:
 * @image: (nullable): the image to show
 */
void
studio_image_view_set_image (StudioImageView *self, StudioImage *image)
{
  g_return_if_fail (STUDIO_IS_IMAGE_VIEW (self));
  if (!g_set_object (&self->image, image))
    return;
  invalidate_surface (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IMAGE]);
}

/** studio_image_view_get_image: Returns: (transfer none) (nullable): the image shown */
StudioImage *
studio_image_view_get_image (StudioImageView *self)
{
  g_return_val_if_fail (STUDIO_IS_IMAGE_VIEW (self), NULL);
  return self->image;
}

/**
 * studio_image_view_set_viewport:
 * @viewport: (nullable): the shared transform and window
 */
void
studio_image_view_set_viewport (StudioImageView *self, StudioViewport *viewport)
{
  g_return_if_fail (STUDIO_IS_IMAGE_VIEW (self));
  if (self->viewport == viewport)
    return;
  if (self->viewport != NULL)
    {
      g_clear_signal_handler (&self->transform_handler, self->viewport);
      g_clear_signal_handler (&self->window_handler, self->viewport);
      g_clear_object (&self->viewport);
    }
  if (viewport != NULL)
    {
      self->viewport = g_object_ref (viewport);
      self->transform_handler = g_signal_connect (viewport, "transform-changed",
                                                  G_CALLBACK (on_transform_changed_cb), self);
      self->window_handler = g_signal_connect (viewport, "window-changed",
                                               G_CALLBACK (on_window_changed_cb), self);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEWPORT]);
}

/** studio_image_view_get_viewport: Returns: (transfer none) (nullable): the viewport */
StudioViewport *
studio_image_view_get_viewport (StudioImageView *self)
{
  g_return_val_if_fail (STUDIO_IS_IMAGE_VIEW (self), NULL);
  return self->viewport;
}

/**
 * studio_image_view_set_windowed:
 * @windowed: %TRUE: display through the viewport's window/level (plaintexts);
 *   %FALSE: the full range of the sample type (keys, ciphertexts)
 */
void
studio_image_view_set_windowed (StudioImageView *self, gboolean windowed)
{
  g_return_if_fail (STUDIO_IS_IMAGE_VIEW (self));
  self->windowed = windowed;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/** studio_image_view_get_placeholder: Returns: (transfer none) (nullable): what the empty pane says */
const char *
studio_image_view_get_placeholder (StudioImageView *self)
{
  g_return_val_if_fail (STUDIO_IS_IMAGE_VIEW (self), NULL);
  return self->placeholder;
}

/** studio_image_view_get_windowed: Returns: the pane shows through the viewport's window */
gboolean
studio_image_view_get_windowed (StudioImageView *self)
{
  g_return_val_if_fail (STUDIO_IS_IMAGE_VIEW (self), FALSE);
  return self->windowed;
}

/**
 * studio_image_view_set_placeholder:
 * @text: (nullable): what the empty pane says ("Press Encrypt…")
 */
void
studio_image_view_set_placeholder (StudioImageView *self, const char *text)
{
  g_return_if_fail (STUDIO_IS_IMAGE_VIEW (self));
  g_free (self->placeholder);
  self->placeholder = g_strdup (text);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
