/* studio-plot-view.c — a cairo plot: histogram, scatter plot or live curves, with export
 *
 * The widget keeps the data and one draw function, studio_plot_view_render(), which takes a
 * cairo context and a size and nothing from GTK: the GtkDrawingArea, the PNG/SVG/PDF export
 * and the PDF report all go through it (STYLE.md §4.8). Colours come from a light or dark
 * palette chosen by the caller.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <float.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "dkg-plot-curves.h"
#include "dkg-plot-export.h"
#include "dkg-plot-histogram.h"
#include "dkg-plot-scatter.h"
#include "dkg-plot-text.h"
#include "studio-export.h"
#include "studio-plot-view.h"

#define MAX_HISTOGRAM_BARS 256

typedef struct
{
  char   *name;
  GArray *x;                    /* element-type double (curves) or gint32 (scatter u) */
  GArray *y;                    /* element-type double (curves) or gint32 (scatter v) */
  GArray *counts;               /* element-type guint64 (histogram bars) */
  DkgPlotColor colour;
  gboolean     has_colour;
} Series;

struct _StudioPlotView
{
  GtkWidget       parent_instance;

  /* Template widgets */
  GtkOverlay     *overlay;
  GtkDrawingArea *area;
  GtkButton      *export_button;

  /* Owned */
  GPtrArray      *series;       /* element-type Series */
  char           *title;
  char           *x_label;
  char           *y_label;
  StudioPlotKind  kind;
  double          x_min, x_max;   /* histogram: value range of the bars; scatter: both axes */
  double          expected;       /* histogram: uniform count per bar, or 0 */
  double          r;              /* scatter: correlation of the pairs */
  gboolean        log_y;          /* histogram: logarithmic count axis */
  gboolean        clip_outliers;  /* curves: y range from the 1–99 % quantiles, not all points */
  char           *export_name;    /* the file name Export suggests */
};

G_DEFINE_FINAL_TYPE (StudioPlotView, studio_plot_view, GTK_TYPE_WIDGET)

static void
series_free (gpointer data)
{
  Series *s = data;

  g_free (s->name);
  g_clear_pointer (&s->x, g_array_unref);
  g_clear_pointer (&s->y, g_array_unref);
  g_clear_pointer (&s->counts, g_array_unref);
  g_free (s);
}

static Series *
series_new (const char *name, gsize element_size)
{
  Series *s = g_new0 (Series, 1);

  s->name = g_strdup (name);
  s->x = g_array_new (FALSE, FALSE, element_size);
  s->y = g_array_new (FALSE, FALSE, element_size);
  s->counts = g_array_new (FALSE, FALSE, sizeof (guint64));
  return s;
}

/* The core renderer's description of the plot; its arrays borrow from the series. */
typedef struct
{
  DkgPlotHistogram        histogram;
  DkgPlotHistogramSeries  hseries[DKG_ANALYSIS_MAX_CHANNELS];
  DkgPlotScatter          scatter;
  DkgPlotCurves           curves;
  DkgPlotCurve            curve[16];
} PlotData;

static void
fill_plot_data (StudioPlotView *self, PlotData *d)
{
  memset (d, 0, sizeof *d);
  switch (self->kind)
    {
    case STUDIO_PLOT_HISTOGRAM:
      d->histogram.title = self->title;
      d->histogram.x_label = self->x_label;
      d->histogram.y_label = self->y_label;
      d->histogram.n_series = MIN (self->series->len, DKG_ANALYSIS_MAX_CHANNELS);
      d->histogram.series = d->hseries;
      d->histogram.x_min = self->x_min;
      d->histogram.x_max = self->x_max;
      d->histogram.mode = DKG_PLOT_HISTOGRAM_BARS;
      /* Translators: legend of the flat line a uniform histogram would follow */
      d->histogram.expected_label = _("Uniform");
      d->histogram.expected = self->expected;
      d->histogram.log_y = self->log_y;
      for (guint i = 0; i < d->histogram.n_series; i++)
        {
          Series *s = self->series->pdata[i];

          d->histogram.n_bins = s->counts->len;
          d->hseries[i].label = d->histogram.n_series > 1 ? s->name : NULL;
          d->hseries[i].counts = (const guint64 *) s->counts->data;
          d->hseries[i].color = s->has_colour ? &s->colour : NULL;
        }
      break;
    case STUDIO_PLOT_SCATTER:
      {
        Series *s = self->series->pdata[0];

        d->scatter.title = self->title;
        d->scatter.x_label = self->x_label;
        d->scatter.y_label = self->y_label;
        d->scatter.n_points = s->x->len;
        d->scatter.u = (const gint32 *) s->x->data;
        d->scatter.v = (const gint32 *) s->y->data;
        d->scatter.min_value = self->x_min;
        d->scatter.max_value = self->x_max;
        d->scatter.r = self->r;
      }
      break;
    case STUDIO_PLOT_CURVES:
      d->curves.title = self->title;
      d->curves.x_label = self->x_label;
      d->curves.y_label = self->y_label;
      d->curves.n_curves = MIN (self->series->len, G_N_ELEMENTS (d->curve));
      d->curves.curves = d->curve;
      /* Every point by default: a spike a class should see is not cut off silently. */
      d->curves.y_range = self->clip_outliers ? DKG_PLOT_Y_RANGE_ROBUST : DKG_PLOT_Y_RANGE_FULL;
      d->curves.legend_values = TRUE;
      for (guint i = 0; i < d->curves.n_curves; i++)
        {
          Series *s = self->series->pdata[i];

          d->curve[i].label = s->name;
          d->curve[i].x = (const double *) s->x->data;
          d->curve[i].y = (const double *) s->y->data;
          d->curve[i].n = s->x->len;
        }
      break;
    case STUDIO_PLOT_NONE:
    default:
      break;
    }
}

static void
init_style (DkgPlotStyle *style, gboolean dark)
{
  if (dark)
    dkg_plot_style_init_dark (style);
  else
    dkg_plot_style_init_light (style);
}

static void
render_empty (cairo_t *cr, double width, double height, const DkgPlotStyle *style,
              const char *title)
{
  DkgPlotColor fg = style->foreground, secondary = style->secondary;

  fg.a = secondary.a = 1;
  cairo_save (cr);
  cairo_set_source_rgba (cr, style->background.r, style->background.g, style->background.b,
                         style->background.a);
  cairo_paint (cr);
  if (title != NULL)
    dkg_plot_draw_label (cr, style, 0, TRUE, &fg, title, (width - style->title_inset_right) / 2,
                         style->font_size * 1.5, 0.5);
  dkg_plot_draw_label (cr, style, 0, FALSE, &secondary, _("No data yet"), width / 2, height / 2,
                       0.5);
  cairo_restore (cr);
}

/**
 * studio_plot_view_render_func:
 * @data: the #StudioPlotView
 *
 * A #DkgPlotRenderFunc that draws the plot, for dkg_plot_export() and #DkgPlotPdf pages.
 */
void
studio_plot_view_render_func (cairo_t *cr, double width, double height,
                              const DkgPlotStyle *style, gconstpointer data)
{
  StudioPlotView *self = (StudioPlotView *) data;
  PlotData d;

  fill_plot_data (self, &d);
  if (self->kind == STUDIO_PLOT_HISTOGRAM && d.histogram.n_series > 0 && d.histogram.n_bins > 0)
    dkg_plot_render_histogram (cr, width, height, style, &d.histogram);
  else if (self->kind == STUDIO_PLOT_SCATTER)
    dkg_plot_render_scatter (cr, width, height, style, &d.scatter);
  else if (self->kind == STUDIO_PLOT_CURVES)
    dkg_plot_render_curves (cr, width, height, style, &d.curves);
  else
    render_empty (cr, width, height, style, self->title);
}

/**
 * studio_plot_view_render:
 * @cr: where to draw
 * @width: size in user units
 * @height: size in user units
 * @dark: use the dark style
 *
 * Draws the plot with the core's renderers (src/core/plot): the same picture on screen, in
 * exported files and in the report.
 */
void
studio_plot_view_render (StudioPlotView *self, cairo_t *cr, double width, double height,
                         gboolean dark)
{
  DkgPlotStyle style;

  g_return_if_fail (STUDIO_IS_PLOT_VIEW (self));
  init_style (&style, dark);
  if (width < 40 || height < 40)
    return;
  /* On screen the Export button lies over the top right corner: keep the title clear of it. */
  style.title_inset_right = gtk_widget_get_width (GTK_WIDGET (self->export_button))
                            + gtk_widget_get_margin_end (GTK_WIDGET (self->export_button));
  studio_plot_view_render_func (cr, width, height, &style, self);
}

/**
 * studio_plot_view_get_area:
 * @area: (out): where the data goes in a @width × @height rendering
 *
 * Returns: %FALSE when the plot has no data (no plot area)
 */
gboolean
studio_plot_view_get_area (StudioPlotView *self, double width, double height,
                           DkgPlotArea *area)
{
  DkgPlotStyle style;
  PlotData d;

  g_return_val_if_fail (STUDIO_IS_PLOT_VIEW (self), FALSE);
  dkg_plot_style_init_light (&style);
  fill_plot_data (self, &d);
  if (self->kind == STUDIO_PLOT_HISTOGRAM && d.histogram.n_series > 0)
    dkg_plot_layout_histogram (width, height, &style, &d.histogram, area);
  else if (self->kind == STUDIO_PLOT_SCATTER)
    dkg_plot_layout_scatter (width, height, &style, &d.scatter, area);
  else if (self->kind == STUDIO_PLOT_CURVES)
    dkg_plot_layout_curves (width, height, &style, &d.curves, area);
  else
    return FALSE;
  return TRUE;
}

static gboolean
is_dark (void)
{
  return adw_style_manager_get_dark (adw_style_manager_get_default ());
}

static void
draw_cb (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer user_data)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (area));
  /* Presentation mode (studio-window.c): larger text, the plot laid out for a smaller area
   * and scaled up, still as vectors */
  double k = root != NULL && gtk_widget_has_css_class (GTK_WIDGET (root), "presentation")
             ? 1.3 : 1.0;

  cairo_scale (cr, k, k);
  studio_plot_view_render (STUDIO_PLOT_VIEW (user_data), cr, width / k, height / k, is_dark ());
}

/**
 * studio_plot_view_export:
 * @path: a .png, .svg or .pdf file (anything else is written as PNG)
 *
 * Writes the plot at 800 × 500 (pixels or points) in the light style (dkg_plot_export()).
 */
gboolean
studio_plot_view_export (StudioPlotView *self, const char *path, GError **error)
{
  DkgPlotStyle style;
  DkgPlotFormat format;

  g_return_val_if_fail (STUDIO_IS_PLOT_VIEW (self), FALSE);
  if (!dkg_plot_format_from_path (path, &format))
    format = DKG_PLOT_FORMAT_PNG;
  dkg_plot_style_init_light (&style);
  return dkg_plot_export (path, format, 800, 500, studio_plot_view_render_func, self, &style,
                          error);
}

static void
on_export_chosen_cb (GFile *file, gpointer user_data)
{
  StudioPlotView *self = user_data;
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GError) error = NULL;

  if (!studio_plot_view_export (self, path, &error))
    {
      GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

      if (overlay != NULL)
        adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (error->message));
      else
        g_warning ("%s", error->message);
      return;
    }
  {
    g_autofree char *base = g_file_get_basename (file);
    g_autofree char *msg = g_strdup_printf (_("Saved the plot as “%s”"), base);

    studio_export_toast (GTK_WIDGET (self), msg, file);
  }
}

/**
 * studio_plot_view_set_export_name:
 * @name: (nullable): the file name Export suggests, e.g.
 *   "colin27-ch2-axial-z090-8bit-cipher-scatter-horizontal.png"; %NULL: from the title
 */
void
studio_plot_view_set_export_name (StudioPlotView *self, const char *name)
{
  g_return_if_fail (STUDIO_IS_PLOT_VIEW (self));
  g_free (self->export_name);
  self->export_name = g_strdup (name);
}

/** studio_plot_view_get_export_name: Returns: (transfer full): the name Export suggests */
char *
studio_plot_view_get_export_name (StudioPlotView *self)
{
  g_autofree char *stem = NULL;

  g_return_val_if_fail (STUDIO_IS_PLOT_VIEW (self), NULL);
  if (self->export_name != NULL)
    return g_strdup (self->export_name);
  stem = studio_export_file_stem (self->title != NULL ? self->title : _("plot"));
  return g_strdup_printf ("%s.png", stem);
}

static void
export_action_cb (GtkWidget *widget, const char *action_name, GVariant *param)
{
  StudioPlotView *self = STUDIO_PLOT_VIEW (widget);
  g_autofree char *name = studio_plot_view_get_export_name (self);

  studio_export_choose_save (widget, _("Export Plot"), NULL, name, TRUE, on_export_chosen_cb,
                             g_object_ref (self), g_object_unref);
}

static void
on_dark_changed_cb (AdwStyleManager *manager, GParamSpec *pspec, StudioPlotView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
}

static void
studio_plot_view_dispose (GObject *object)
{
  StudioPlotView *self = STUDIO_PLOT_VIEW (object);

  g_signal_handlers_disconnect_by_func (adw_style_manager_get_default (),
                                        on_dark_changed_cb, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), STUDIO_TYPE_PLOT_VIEW);
  G_OBJECT_CLASS (studio_plot_view_parent_class)->dispose (object);
}

static void
studio_plot_view_finalize (GObject *object)
{
  StudioPlotView *self = STUDIO_PLOT_VIEW (object);

  g_clear_pointer (&self->series, g_ptr_array_unref);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->export_name, g_free);
  g_clear_pointer (&self->x_label, g_free);
  g_clear_pointer (&self->y_label, g_free);
  G_OBJECT_CLASS (studio_plot_view_parent_class)->finalize (object);
}

static void
studio_plot_view_class_init (StudioPlotViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = studio_plot_view_dispose;
  object_class->finalize = studio_plot_view_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/deepkeygen/"
                                               "Studio/ui/studio-plot-view.ui");
  gtk_widget_class_bind_template_child (widget_class, StudioPlotView, overlay);
  gtk_widget_class_bind_template_child (widget_class, StudioPlotView, area);
  gtk_widget_class_bind_template_child (widget_class, StudioPlotView, export_button);
  gtk_widget_class_install_action (widget_class, "plot.export", NULL, export_action_cb);
  gtk_widget_class_set_css_name (widget_class, "studio-plot-view");
}

static void
studio_plot_view_init (StudioPlotView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->series = g_ptr_array_new_with_free_func (series_free);
  gtk_drawing_area_set_draw_func (self->area, draw_cb, self, NULL);
  g_signal_connect (adw_style_manager_get_default (), "notify::dark",
                    G_CALLBACK (on_dark_changed_cb), self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plot.export", FALSE);
}

/** studio_plot_view_new: Returns: (transfer floating): an empty plot */
GtkWidget *
studio_plot_view_new (void)
{
  return g_object_new (STUDIO_TYPE_PLOT_VIEW, NULL);
}

StudioPlotKind
studio_plot_view_get_kind (StudioPlotView *self)
{
  g_return_val_if_fail (STUDIO_IS_PLOT_VIEW (self), STUDIO_PLOT_NONE);
  return self->kind;
}

static void
changed (StudioPlotView *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plot.export",
                                 self->kind != STUDIO_PLOT_NONE);
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
}

/** studio_plot_view_set_title: sets the title drawn above the plot and its accessible label. */
void
studio_plot_view_set_title (StudioPlotView *self, const char *title)
{
  g_return_if_fail (STUDIO_IS_PLOT_VIEW (self));
  g_free (self->title);
  self->title = g_strdup (title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->area), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  title, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
}

/** studio_plot_view_get_title: Returns: (transfer none) (nullable): the title */
const char *
studio_plot_view_get_title (StudioPlotView *self)
{
  g_return_val_if_fail (STUDIO_IS_PLOT_VIEW (self), NULL);
  return self->title;
}

static void
set_labels (StudioPlotView *self, const char *x_label, const char *y_label)
{
  g_free (self->x_label);
  g_free (self->y_label);
  self->x_label = g_strdup (x_label);
  self->y_label = g_strdup (y_label);
}

/** studio_plot_view_clear: removes the data. */
void
studio_plot_view_clear (StudioPlotView *self)
{
  g_return_if_fail (STUDIO_IS_PLOT_VIEW (self));
  g_ptr_array_set_size (self->series, 0);
  self->kind = STUDIO_PLOT_NONE;
  changed (self);
}

/**
 * studio_plot_view_set_histogram:
 * @histogram: counts per channel (copied); the x range is the whole range for 8-bit data and
 *   the levels in use for 16-bit data, in at most 256 bars
 * @show_uniform: draw the count a uniform distribution gives (for keys and ciphertexts)
 */
void
studio_plot_view_set_histogram (StudioPlotView *self, const DkgHistogram *histogram,
                                gboolean show_uniform)
{
  const char *names[] = { N_("red"), N_("green"), N_("blue") };
  guint lo = G_MAXUINT, hi = 0, len, bars;
  DkgPlotStyle style;
  guint colour_channels = histogram->channels >= 3 ? 3 : 1;

  g_return_if_fail (STUDIO_IS_PLOT_VIEW (self));
  g_ptr_array_set_size (self->series, 0);
  self->kind = STUDIO_PLOT_HISTOGRAM;
  set_labels (self, _("Sample value"), _("Count"));
  for (guint c = 0; c < colour_channels; c++)
    for (guint l = 0; l < histogram->n_bins; l++)
      if (histogram->counts[(gsize) c * histogram->n_bins + l] != 0)
        {
          lo = MIN (lo, l);
          hi = MAX (hi, l);
        }
  if (lo == G_MAXUINT || histogram->bit_depth == 8)
    {
      lo = 0;
      hi = histogram->n_bins - 1;
    }
  /* A whole number of levels per bar, within the level range. */
  bars = MIN (hi - lo + 1, MAX_HISTOGRAM_BARS);
  len = (hi - lo + 1 + bars - 1) / bars * bars;
  if (lo + len > histogram->n_bins)
    lo = histogram->n_bins - len;
  dkg_plot_style_init_light (&style);
  for (guint c = 0; c < colour_channels; c++)
    {
      Series *s = series_new (colour_channels == 1 ? _("grey") : _(names[c]), sizeof (double));

      g_array_set_size (s->counts, bars);
      dkg_plot_histogram_rebin (histogram->counts + (gsize) c * histogram->n_bins + lo, len,
                                (guint64 *) s->counts->data, bars);
      if (colour_channels > 1)
        {
          s->colour = dkg_plot_style_channel_color (&style, c, colour_channels);
          s->has_colour = TRUE;
        }
      g_ptr_array_add (self->series, s);
    }
  self->x_min = dkg_histogram_level_value (histogram, lo);
  self->x_max = self->x_min + len;
  /* The uniform expectation: only when the bars span the whole range of the samples. */
  self->expected = show_uniform && len == histogram->n_bins
                   ? (double) histogram->n_per_channel / bars : 0;
  changed (self);
}

/**
 * studio_plot_view_set_scatter:
 * @sample: adjacent-pixel pairs (copied)
 * @low: smallest value on both axes
 * @high: largest value on both axes
 */
void
studio_plot_view_set_scatter (StudioPlotView *self, const DkgCorrelationSample *sample,
                              double low, double high)
{
  Series *s;

  g_return_if_fail (STUDIO_IS_PLOT_VIEW (self));
  g_ptr_array_set_size (self->series, 0);
  self->kind = STUDIO_PLOT_SCATTER;
  set_labels (self, _("Pixel value at (x, y)"), _("Neighbour's value"));
  s = series_new (_("pairs"), sizeof (gint32));
  g_array_append_vals (s->x, sample->u, sample->n_pairs);
  g_array_append_vals (s->y, sample->v, sample->n_pairs);
  g_ptr_array_add (self->series, s);
  self->x_min = low;
  self->x_max = MAX (high, low + 1);
  self->r = sample->value.defined ? sample->value.r : NAN;
  changed (self);
}

/**
 * studio_plot_view_set_scatter_all_pairs:
 * @all: the correlation over all adjacent pairs (the metrics table's)
 *
 * Prints @all's r in the plot, not the sample's, and says on the x axis how many of the pairs
 * the dots are: the r a class reads in the plot is then the table's.
 */
void
studio_plot_view_set_scatter_all_pairs (StudioPlotView *self, const DkgCorrelationValue *all)
{
  g_autofree char *label = NULL;
  guint shown;

  g_return_if_fail (STUDIO_IS_PLOT_VIEW (self));
  g_return_if_fail (self->kind == STUDIO_PLOT_SCATTER && self->series->len == 1);
  shown = ((Series *) self->series->pdata[0])->x->len;
  /* Translators: scatter plot x axis: the dots are a sample of the pairs, r is computed on all
   * of them; %'u and %'llu print with the locale's digit grouping */
  label = g_strdup_printf (_("Pixel value at (x, y) · %'u of %'llu pairs shown, r on all"),
                           shown, (unsigned long long) all->n_pairs);
  set_labels (self, label, _("Neighbour's value"));
  self->r = all->defined ? all->r : NAN;
  changed (self);
}

/**
 * studio_plot_view_set_curves:
 * @names: (array zero-terminated=1): one name per series
 *
 * Starts empty curves; add points with studio_plot_view_append().
 */
void
studio_plot_view_set_curves (StudioPlotView *self, const char *const *names)
{
  g_return_if_fail (STUDIO_IS_PLOT_VIEW (self));
  g_ptr_array_set_size (self->series, 0);
  self->kind = STUDIO_PLOT_CURVES;
  set_labels (self, _("Iteration"), NULL);
  for (guint i = 0; names[i] != NULL; i++)
    g_ptr_array_add (self->series, series_new (names[i], sizeof (double)));
  changed (self);
}

/**
 * studio_plot_view_append:
 * @series: index of the series
 * @x: iteration
 * @y: value (NaN leaves a gap)
 */
void
studio_plot_view_append (StudioPlotView *self, guint series, double x, double y)
{
  Series *s;

  g_return_if_fail (STUDIO_IS_PLOT_VIEW (self));
  g_return_if_fail (series < self->series->len);
  s = self->series->pdata[series];
  g_array_append_val (s->x, x);
  g_array_append_val (s->y, y);
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
}

guint
studio_plot_view_get_n_series (StudioPlotView *self)
{
  g_return_val_if_fail (STUDIO_IS_PLOT_VIEW (self), 0);
  return self->series->len;
}

/** studio_plot_view_get_n_points: Returns: the number of points of a series */
guint
studio_plot_view_get_n_points (StudioPlotView *self, guint series)
{
  g_return_val_if_fail (STUDIO_IS_PLOT_VIEW (self), 0);
  g_return_val_if_fail (series < self->series->len, 0);
  return ((Series *) self->series->pdata[series])->x->len;
}

/** studio_plot_view_get_series_name: Returns: (transfer none): the series' name */
const char *
studio_plot_view_get_series_name (StudioPlotView *self, guint series)
{
  g_return_val_if_fail (STUDIO_IS_PLOT_VIEW (self), NULL);
  g_return_val_if_fail (series < self->series->len, NULL);
  return ((Series *) self->series->pdata[series])->name;
}

/**
 * studio_plot_view_set_clip_outliers:
 * @clip: curves: %TRUE fits the y axis to the 1–99 % quantiles (early spikes are cut at the
 *   edge); %FALSE (the default) shows every point
 */
void
studio_plot_view_set_clip_outliers (StudioPlotView *self, gboolean clip)
{
  g_return_if_fail (STUDIO_IS_PLOT_VIEW (self));
  self->clip_outliers = clip;
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
}

/**
 * studio_plot_view_set_log_y:
 * @log_y: histograms: a logarithmic count axis (a medical image's black background is one
 *   tall bar that flattens everything else on a linear axis)
 */
void
studio_plot_view_set_log_y (StudioPlotView *self, gboolean log_y)
{
  g_return_if_fail (STUDIO_IS_PLOT_VIEW (self));
  self->log_y = log_y;
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
}
