/* dkg-plot-text.h — headings and wrapped paragraphs, for report pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "dkg-plot-style.h"

G_BEGIN_DECLS

/**
 * DkgPlotText:
 * @title: (nullable): a heading, bold, 1.2× the body size
 * @body: (nullable): UTF-8 text; '\n' starts a new line, an empty line separates paragraphs,
 *   long lines are wrapped at spaces
 *
 * A block of text laid out from the top-left corner of its rectangle: report headings, the
 * description of what was analysed, parameters. Lines that do not fit in the height are not
 * drawn.
 */
typedef struct
{
  const char  *title;
  const char  *body;
} DkgPlotText;

void    dkg_plot_render_text (cairo_t             *cr,
                              double               width,
                              double               height,
                              const DkgPlotStyle  *style,
                              const DkgPlotText   *text);
void    dkg_plot_text_func   (cairo_t             *cr,
                              double               width,
                              double               height,
                              const DkgPlotStyle  *style,
                              gconstpointer        text);
double  dkg_plot_text_height (double               width,
                              const DkgPlotStyle  *style,
                              const DkgPlotText   *text);
double  dkg_plot_draw_label  (cairo_t             *cr,
                              const DkgPlotStyle  *style,
                              double               size,
                              gboolean             bold,
                              const DkgPlotColor  *color,
                              const char          *text,
                              double               x,
                              double               baseline,
                              double               halign);

G_END_DECLS
