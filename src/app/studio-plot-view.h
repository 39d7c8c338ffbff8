/* studio-plot-view.h — a cairo plot: histogram, scatter plot or live curves, with export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "dkg-correlation.h"
#include "dkg-histogram.h"
#include "dkg-plot-axis.h"
#include "dkg-plot-style.h"

G_BEGIN_DECLS

#define STUDIO_TYPE_PLOT_VIEW (studio_plot_view_get_type ())

G_DECLARE_FINAL_TYPE (StudioPlotView, studio_plot_view, STUDIO, PLOT_VIEW, GtkWidget)

/**
 * StudioPlotKind:
 * @STUDIO_PLOT_NONE: nothing to show yet
 * @STUDIO_PLOT_HISTOGRAM: counts per level, one series per channel
 * @STUDIO_PLOT_SCATTER: (u, v) pairs of adjacent pixels
 * @STUDIO_PLOT_CURVES: named series against the iteration
 */
typedef enum
{
  STUDIO_PLOT_NONE,
  STUDIO_PLOT_HISTOGRAM,
  STUDIO_PLOT_SCATTER,
  STUDIO_PLOT_CURVES,
} StudioPlotKind;

GtkWidget      *studio_plot_view_new            (void);
StudioPlotKind  studio_plot_view_get_kind       (StudioPlotView             *self);
void            studio_plot_view_set_title      (StudioPlotView             *self,
                                                 const char                 *title);
const char     *studio_plot_view_get_title      (StudioPlotView             *self);
void            studio_plot_view_clear          (StudioPlotView             *self);
void            studio_plot_view_set_histogram  (StudioPlotView             *self,
                                                 const DkgHistogram         *histogram,
                                                 gboolean                    show_uniform);
void            studio_plot_view_set_scatter    (StudioPlotView             *self,
                                                 const DkgCorrelationSample *sample,
                                                 double                      low,
                                                 double                      high);
void            studio_plot_view_set_scatter_all_pairs (StudioPlotView         *self,
                                                 const DkgCorrelationValue  *all);
void            studio_plot_view_set_curves     (StudioPlotView             *self,
                                                 const char *const          *names);
void            studio_plot_view_append         (StudioPlotView             *self,
                                                 guint                       series,
                                                 double                      x,
                                                 double                      y);
void            studio_plot_view_set_clip_outliers (StudioPlotView         *self,
                                                 gboolean                    clip);
void            studio_plot_view_set_export_name (StudioPlotView          *self,
                                                 const char                 *name);
char           *studio_plot_view_get_export_name (StudioPlotView          *self);
void            studio_plot_view_set_log_y      (StudioPlotView             *self,
                                                 gboolean                    log_y);
guint           studio_plot_view_get_n_series   (StudioPlotView             *self);
guint           studio_plot_view_get_n_points   (StudioPlotView             *self,
                                                 guint                       series);
const char     *studio_plot_view_get_series_name (StudioPlotView            *self,
                                                 guint                       series);
void            studio_plot_view_render         (StudioPlotView             *self,
                                                 cairo_t                    *cr,
                                                 double                      width,
                                                 double                      height,
                                                 gboolean                    dark);
gboolean        studio_plot_view_get_area       (StudioPlotView             *self,
                                                 double                      width,
                                                 double                      height,
                                                 DkgPlotArea                *area);
void            studio_plot_view_render_func    (cairo_t                    *cr,
                                                 double                      width,
                                                 double                      height,
                                                 const DkgPlotStyle         *style,
                                                 gconstpointer               data);
gboolean        studio_plot_view_export         (StudioPlotView             *self,
                                                 const char                 *path,
                                                 GError                    **error);

G_END_DECLS
