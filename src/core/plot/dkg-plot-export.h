/* dkg-plot-export.h — any renderer to PNG, SVG or PDF files, and multi-page PDF reports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "dkg-plot-style.h"

G_BEGIN_DECLS

/** DKG_PLOT_A4_WIDTH: width of an A4 page, 210 mm, in points (1/72 in). */
#define DKG_PLOT_A4_WIDTH  (210.0 / 25.4 * 72.0)
/** DKG_PLOT_A4_HEIGHT: height of an A4 page, 297 mm, in points. */
#define DKG_PLOT_A4_HEIGHT (297.0 / 25.4 * 72.0)

/**
 * DkgPlotFormat:
 * @DKG_PLOT_FORMAT_PNG: raster image; sizes are in pixels
 * @DKG_PLOT_FORMAT_SVG: vector image; sizes are in points
 * @DKG_PLOT_FORMAT_PDF: vector document; sizes are in points
 */
typedef enum
{
  DKG_PLOT_FORMAT_PNG,
  DKG_PLOT_FORMAT_SVG,
  DKG_PLOT_FORMAT_PDF,
} DkgPlotFormat;

gboolean     dkg_plot_format_from_path  (const char           *path,
                                         DkgPlotFormat        *format);
const char  *dkg_plot_format_extension  (DkgPlotFormat         format);
GBytes      *dkg_plot_render_to_bytes   (DkgPlotFormat         format,
                                         double                width,
                                         double                height,
                                         double                scale,
                                         DkgPlotRenderFunc     render,
                                         gconstpointer         data,
                                         const DkgPlotStyle   *style,
                                         GError              **error);
gboolean     dkg_plot_export            (const char           *path,
                                         DkgPlotFormat         format,
                                         double                width,
                                         double                height,
                                         DkgPlotRenderFunc     render,
                                         gconstpointer         data,
                                         const DkgPlotStyle   *style,
                                         GError              **error);

/**
 * DkgPlotPdf:
 *
 * A multi-page PDF document being written, e.g. the analysis report. Pages are A4 (portrait
 * or landscape), in points from the top-left corner. Nothing reaches the disk before
 * dkg_plot_pdf_finish(), which writes the whole file atomically.
 */
typedef struct _DkgPlotPdf DkgPlotPdf;

DkgPlotPdf  *dkg_plot_pdf_new             (const char           *path,
                                           const char           *title,
                                           const DkgPlotStyle   *style);
void         dkg_plot_pdf_begin_page      (DkgPlotPdf           *pdf,
                                           gboolean              landscape);
void         dkg_plot_pdf_draw            (DkgPlotPdf           *pdf,
                                           double                x,
                                           double                y,
                                           double                width,
                                           double                height,
                                           DkgPlotRenderFunc     render,
                                           gconstpointer         data);
void         dkg_plot_pdf_add_page        (DkgPlotPdf           *pdf,
                                           DkgPlotRenderFunc     render,
                                           gconstpointer         data);
double       dkg_plot_pdf_get_page_width  (DkgPlotPdf           *pdf);
double       dkg_plot_pdf_get_page_height (DkgPlotPdf           *pdf);
guint        dkg_plot_pdf_get_n_pages     (DkgPlotPdf           *pdf);
gboolean     dkg_plot_pdf_finish          (DkgPlotPdf           *pdf,
                                           GError              **error);
void         dkg_plot_pdf_free            (DkgPlotPdf           *pdf);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkgPlotPdf, dkg_plot_pdf_free)

G_END_DECLS
