/* dkg-plot-private.h — layout, axes, legend and text helpers shared by the plot renderers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>
#include <pango/pangocairo.h>

#include "dkg-plot-axis.h"
#include "dkg-plot-style.h"

G_BEGIN_DECLS

/* Text roles: tick labels 0.92×, body 1×, titles 1.2× bold of style->font_size. */
typedef enum
{
  DKG_PLOT_FONT_TICK,
  DKG_PLOT_FONT_BODY,
  DKG_PLOT_FONT_BOLD,
  DKG_PLOT_FONT_TITLE,
} DkgPlotFont;

/* Vertical anchor of a line of text: the top of capitals, their middle, or the bottom of
 * descenders. Fixed proportions of the font size, so layouts do not depend on font metrics. */
typedef enum
{
  DKG_PLOT_VALIGN_TOP,
  DKG_PLOT_VALIGN_MIDDLE,
  DKG_PLOT_VALIGN_BOTTOM,
} DkgPlotValign;

typedef enum
{
  DKG_PLOT_LEGEND_PATCH,
  DKG_PLOT_LEGEND_PATCH_LIGHT,    /* translucent fill with a solid outline */
  DKG_PLOT_LEGEND_LINE,
  DKG_PLOT_LEGEND_DASH,
  DKG_PLOT_LEGEND_MARKER,
} DkgPlotLegendKind;

#define DKG_PLOT_MAX_LEGEND 16

typedef struct
{
  const char         *label;
  DkgPlotColor        color;
  DkgPlotLegendKind   kind;
} DkgPlotLegendEntry;

/* What a framed plot (axes + plot area) asks for. */
typedef struct
{
  const char          *title;
  const char          *x_label;
  const char          *y_label;
  DkgPlotLegendEntry   legend[DKG_PLOT_MAX_LEGEND];
  guint                n_legend;
  char                 legend_text[DKG_PLOT_MAX_LEGEND][128];  /* labels the setup formats */
  double               x_lo;
  double               x_hi;
  gboolean             x_extend;     /* widen to ticks */
  double               y_lo;
  double               y_hi;
  gboolean             y_extend;
  gboolean             y_log;
  double               aspect;       /* plot area width/height; 0 = free */
  gboolean             x_grid;       /* vertical grid lines */
  gboolean             y_grid;       /* horizontal grid lines */
} DkgPlotFrameSpec;

/* Where it went. The plot area is [x0, x0 + w] × [y0, y0 + h] in device units, with integer
 * corners; the axes are drawn just outside it. */
typedef struct
{
  const DkgPlotStyle      *style;    /* borrowed */
  const DkgPlotFrameSpec  *spec;     /* borrowed */
  double                   width;
  double                   height;
  double                   x0;
  double                   y0;
  double                   w;
  double                   h;
  DkgPlotTicks             xt;
  DkgPlotTicks             yt;
  double                   legend_top;
  guint                    legend_rows;
  guint                    legend_row[DKG_PLOT_MAX_LEGEND];
  double                   legend_x[DKG_PLOT_MAX_LEGEND];    /* offset within its row */
  double                   legend_row_width[DKG_PLOT_MAX_LEGEND];
  double                   title_top;
} DkgPlotFrame;

double  _dkg_plot_font_size        (const DkgPlotStyle      *style,
                                    DkgPlotFont              font);
double  _dkg_plot_text_width       (cairo_t                 *cr,
                                    const DkgPlotStyle      *style,
                                    DkgPlotFont              font,
                                    const char              *text);
PangoLayout *_dkg_plot_text_layout (cairo_t                 *cr,
                                    const DkgPlotStyle      *style,
                                    DkgPlotFont              font,
                                    const char              *text);
double  _dkg_plot_baseline         (double                   y,
                                    double                   size,
                                    DkgPlotValign            valign);
void    _dkg_plot_show_line        (cairo_t                 *cr,
                                    PangoLayout             *layout,
                                    guint                    index,
                                    double                   x,
                                    double                   baseline);
void    _dkg_plot_text             (cairo_t                 *cr,
                                    const DkgPlotStyle      *style,
                                    DkgPlotFont              font,
                                    const DkgPlotColor      *color,
                                    const char              *text,
                                    double                   x,
                                    double                   y,
                                    double                   halign,
                                    DkgPlotValign            valign);
void    _dkg_plot_set_color        (cairo_t                 *cr,
                                    const DkgPlotColor      *color,
                                    double                   alpha);
void    _dkg_plot_begin            (cairo_t                 *cr,
                                    double                   width,
                                    double                   height,
                                    const DkgPlotStyle      *style);
void    _dkg_plot_end              (cairo_t                 *cr);
cairo_t *_dkg_plot_measure_context (void);
gboolean _dkg_plot_target_is_vector (cairo_t                 *cr);
gboolean _dkg_plot_pixel_scale     (cairo_t                 *cr,
                                    double                  *sx,
                                    double                  *sy);

void    _dkg_plot_frame_layout     (DkgPlotFrame            *frame,
                                    cairo_t                 *cr,
                                    const DkgPlotStyle      *style,
                                    const DkgPlotFrameSpec  *spec,
                                    double                   width,
                                    double                   height);
void    _dkg_plot_frame_draw_under (const DkgPlotFrame      *frame,
                                    cairo_t                 *cr);
void    _dkg_plot_frame_draw_over  (const DkgPlotFrame      *frame,
                                    cairo_t                 *cr);
void    _dkg_plot_frame_clip       (const DkgPlotFrame      *frame,
                                    cairo_t                 *cr);
double  _dkg_plot_axis_fraction    (double                   v,
                                    double                   lo,
                                    double                   hi,
                                    gboolean                 log_scale);
double  _dkg_plot_frame_x          (const DkgPlotFrame      *frame,
                                    double                   x);
double  _dkg_plot_frame_y          (const DkgPlotFrame      *frame,
                                    double                   y);
void    _dkg_plot_frame_to_area    (const DkgPlotFrame      *frame,
                                    DkgPlotArea             *area);
/* A figure drawn in one DkgPlotFrame: @setup lays the frame out for @data (the cairo context
 * measures text), @content draws the data between the grid and the axes. */
typedef void (*DkgPlotFrameSetupFunc)   (cairo_t                 *cr,
                                         double                   width,
                                         double                   height,
                                         const DkgPlotStyle      *style,
                                         gconstpointer            data,
                                         DkgPlotFrameSpec        *spec,
                                         DkgPlotFrame            *frame);
typedef void (*DkgPlotFrameContentFunc) (cairo_t                 *cr,
                                         const DkgPlotFrame      *frame,
                                         const DkgPlotStyle      *style,
                                         gconstpointer            data);
/* FALSE (after a g_return_val_if_fail warning) when @data cannot be drawn. */
typedef gboolean (*DkgPlotCheckFunc)    (gconstpointer            data);

void    _dkg_plot_render_framed    (cairo_t                 *cr,
                                    double                   width,
                                    double                   height,
                                    const DkgPlotStyle      *style,
                                    DkgPlotCheckFunc         check,
                                    DkgPlotFrameSetupFunc    setup,
                                    DkgPlotFrameContentFunc  content,
                                    gconstpointer            data);
void    _dkg_plot_layout_framed    (double                   width,
                                    double                   height,
                                    const DkgPlotStyle      *style,
                                    DkgPlotCheckFunc         check,
                                    DkgPlotFrameSetupFunc    setup,
                                    gconstpointer            data,
                                    DkgPlotArea             *area);
void    _dkg_plot_label_box        (cairo_t                 *cr,
                                    const DkgPlotStyle      *style,
                                    const char              *text,
                                    double                   x,
                                    double                   y);

G_END_DECLS
