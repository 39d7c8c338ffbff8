/* plot-test-util.h — pixel helpers for the plot tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "dkg-plot.h"

G_BEGIN_DECLS

cairo_surface_t *plot_test_render       (DkgPlotRenderFunc    render,
                                         gconstpointer        data,
                                         const DkgPlotStyle  *style,
                                         int                  width,
                                         int                  height,
                                         const char          *png_name);
guint32          plot_test_pixel        (cairo_surface_t     *surface,
                                         int                  x,
                                         int                  y);
guint32          plot_test_rgb          (const DkgPlotColor  *color);
guint32          plot_test_blend        (const DkgPlotColor  *over,
                                         double               alpha,
                                         const DkgPlotColor  *under);
gboolean         plot_test_near         (guint32              a,
                                         guint32              b,
                                         int                  tolerance);
guint            plot_test_count        (cairo_surface_t     *surface,
                                         int                  x0,
                                         int                  y0,
                                         int                  x1,
                                         int                  y1,
                                         guint32              rgb,
                                         int                  tolerance,
                                         gboolean             matching);
double           plot_test_coverage     (cairo_surface_t     *surface,
                                         int                  x0,
                                         int                  y0,
                                         int                  x1,
                                         int                  y1,
                                         const DkgPlotColor  *ink,
                                         const DkgPlotColor  *background);
void             plot_test_style_bare   (DkgPlotStyle        *style);
void             plot_test_teardown     (void);

G_END_DECLS
