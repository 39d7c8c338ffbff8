/* dkg-plot.h — pure-cairo figures shared by the GUI, the report and the tests
 * (docs/SPECIFICATION.md §2)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every figure has one renderer, dkg_plot_render_xxx (cr, width, height, style, data), which
 * draws into any cairo context: a GtkDrawingArea's, an image surface for PNG, an SVG or a PDF
 * surface. dkg_plot_xxx_func() is the same renderer as a #DkgPlotRenderFunc for
 * dkg_plot_export() and #DkgPlotPdf. Sizes are device units: pixels on image surfaces, points
 * on SVG and PDF surfaces.
 */
#pragma once

#include "dkg-plot-axis.h"
#include "dkg-plot-curves.h"
#include "dkg-plot-export.h"
#include "dkg-plot-histogram.h"
#include "dkg-plot-image.h"
#include "dkg-plot-scatter.h"
#include "dkg-plot-style.h"
#include "dkg-plot-table.h"
#include "dkg-plot-text.h"
