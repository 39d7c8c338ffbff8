/* dkg-plot-export.c — any renderer to PNG, SVG or PDF files, and multi-page PDF reports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything is rendered into memory first (cairo's *_for_stream surfaces into a GByteArray)
 * and written with dkg_file_set_contents(): an unnamed file in the same directory, renamed over
 * the target (docs/SPECIFICATION.md §10). A failed or killed export leaves neither a partial file
 * nor a temporary one.
 */
#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <math.h>
#include <string.h>

#include "dkg-error.h"
#include "dkg-file.h"
#include "dkg-plot-export.h"

/* cairo's limit for image surfaces, and Acrobat's for page sizes (200 in). */
#define MAX_PIXELS 32767
#define MAX_POINTS 14400

static cairo_status_t
write_cb (void                *closure,
          const unsigned char *data,
          unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static gboolean
check_status (cairo_status_t   status,
              const char      *what,
              GError         **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, DKG_ERROR, DKG_ERROR_FAILED, "Could not render the %s: %s", what,
               cairo_status_to_string (status));
  return FALSE;
}

/**
 * dkg_plot_format_from_path:
 * @path: a file name
 * @format: (out): the format its extension names
 *
 * Recognises ".png", ".svg" and ".pdf", in any case.
 *
 * Returns: %TRUE if the extension is one of them
 */
gboolean
dkg_plot_format_from_path (const char    *path,
                           DkgPlotFormat *format)
{
  const char *dot;

  g_return_val_if_fail (path != NULL && format != NULL, FALSE);

  dot = strrchr (path, '.');
  if (dot == NULL || strchr (dot, G_DIR_SEPARATOR) != NULL)
    return FALSE;
  if (g_ascii_strcasecmp (dot, ".png") == 0)
    *format = DKG_PLOT_FORMAT_PNG;
  else if (g_ascii_strcasecmp (dot, ".svg") == 0)
    *format = DKG_PLOT_FORMAT_SVG;
  else if (g_ascii_strcasecmp (dot, ".pdf") == 0)
    *format = DKG_PLOT_FORMAT_PDF;
  else
    return FALSE;
  return TRUE;
}

/**
 * dkg_plot_format_extension:
 * @format: a format
 *
 * Returns: "png", "svg" or "pdf"
 */
const char *
dkg_plot_format_extension (DkgPlotFormat format)
{
  switch (format)
    {
    case DKG_PLOT_FORMAT_PNG:
      return "png";
    case DKG_PLOT_FORMAT_SVG:
      return "svg";
    case DKG_PLOT_FORMAT_PDF:
      return "pdf";
    default:
      g_return_val_if_reached ("png");
    }
}

/**
 * dkg_plot_render_to_bytes:
 * @format: PNG, SVG or PDF
 * @width: figure width: pixels for PNG (before @scale), points for SVG and PDF; > 0
 * @height: figure height, in the same units; > 0
 * @scale: PNG only: pixels per unit, 0.1 … 16 (2 for a high-resolution copy of a 640 × 480
 *   figure: 1280 × 960 pixels, same layout); ignored for SVG and PDF
 * @render: the renderer, e.g. dkg_plot_histogram_func()
 * @data: its data
 * @style: colours and fonts
 * @error: return location for a #GError
 *
 * Renders one figure into a file image in memory. The renderer sees a @width × @height
 * figure whatever @scale is, so that all formats have the same layout. PNGs are RGB when the
 * style paints an opaque background and RGBA otherwise; SVGs use points as their unit.
 *
 * Returns: (transfer full): the file's bytes, or %NULL with @error set (%DKG_ERROR_INVALID_ARGUMENT
 *   for sizes beyond 32767 pixels or 14400 points, %DKG_ERROR_FAILED if cairo fails)
 */
GBytes *
dkg_plot_render_to_bytes (DkgPlotFormat       format,
                          double              width,
                          double              height,
                          double              scale,
                          DkgPlotRenderFunc   render,
                          gconstpointer       data,
                          const DkgPlotStyle *style,
                          GError            **error)
{
  g_autoptr(GByteArray) buffer = NULL;
  cairo_surface_t *surface = NULL;
  cairo_t *cr;
  cairo_status_t status;
  gboolean opaque;

  g_return_val_if_fail (render != NULL && style != NULL, NULL);
  g_return_val_if_fail (format <= DKG_PLOT_FORMAT_PDF, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (format != DKG_PLOT_FORMAT_PNG)
    scale = 1;
  if (!(width > 0 && height > 0 && scale >= 0.1 && scale <= 16)
      || (format == DKG_PLOT_FORMAT_PNG
          && (ceil (width * scale) > MAX_PIXELS || ceil (height * scale) > MAX_PIXELS))
      || (format != DKG_PLOT_FORMAT_PNG && (width > MAX_POINTS || height > MAX_POINTS)))
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                   "Cannot export a figure of %g × %g %s at scale %g: the size must be positive "
                   "and at most %d pixels or %d points",
                   width, height, format == DKG_PLOT_FORMAT_PNG ? "pixels" : "points", scale,
                   MAX_PIXELS, MAX_POINTS);
      return NULL;
    }

  buffer = g_byte_array_new ();
  opaque = style->draw_background && style->background.a >= 1.0;
  switch (format)
    {
    case DKG_PLOT_FORMAT_PNG:
      surface = cairo_image_surface_create (opaque ? CAIRO_FORMAT_RGB24 : CAIRO_FORMAT_ARGB32,
                                            (int) ceil (width * scale),
                                            (int) ceil (height * scale));
      break;
    case DKG_PLOT_FORMAT_SVG:
      surface = cairo_svg_surface_create_for_stream (write_cb, buffer, width, height);
      cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PT);
      break;
    case DKG_PLOT_FORMAT_PDF:
    default:
      surface = cairo_pdf_surface_create_for_stream (write_cb, buffer, width, height);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "DeepKeyGen Studio");
      break;
    }
  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  render (cr, width, height, style, data);
  status = cairo_status (cr);
  cairo_destroy (cr);
  if (status == CAIRO_STATUS_SUCCESS && format == DKG_PLOT_FORMAT_PNG)
    {
      cairo_surface_flush (surface);
      status = cairo_surface_write_to_png_stream (surface, write_cb, buffer);
    }
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (!check_status (status, "figure", error))
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
}

/**
 * dkg_plot_export:
 * @path: the file to write; replaced atomically if it exists
 * @format: PNG, SVG or PDF (dkg_plot_format_from_path() finds it from the name)
 * @width: figure width: pixels for PNG, points for SVG and PDF; > 0
 * @height: figure height, in the same units; > 0
 * @render: the renderer, e.g. dkg_plot_histogram_func(): the same one that draws the figure
 *   on screen
 * @data: its data
 * @style: colours and fonts (a light style for print, whatever the screen shows)
 * @error: return location for a #GError
 *
 * Writes one figure to a file (dkg_plot_render_to_bytes() at scale 1): rendered in memory,
 * then written to a temporary file next to @path and renamed over it, with mode 0644. On
 * failure no file is left behind.
 *
 * Returns: %TRUE on success; %FALSE with @error set (%G_FILE_ERROR when the directory is
 *   missing or not writable, #DkgError for bad sizes)
 */
gboolean
dkg_plot_export (const char         *path,
                 DkgPlotFormat       format,
                 double              width,
                 double              height,
                 DkgPlotRenderFunc   render,
                 gconstpointer       data,
                 const DkgPlotStyle *style,
                 GError            **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  bytes = dkg_plot_render_to_bytes (format, width, height, 1.0, render, data, style, error);
  if (bytes == NULL)
    return FALSE;
  return dkg_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                0644, error);
}

struct _DkgPlotPdf
{
  /* Owned */
  char            *path;
  GByteArray      *buffer;
  cairo_surface_t *surface;
  cairo_t         *cr;
  DkgPlotStyle     style;     /* font_family borrowed from the caller's style */
  double           page_width;
  double           page_height;
  guint            n_pages;
  gboolean         page_open;
  gboolean         finished;
};

/**
 * dkg_plot_pdf_new:
 * @path: the file dkg_plot_pdf_finish() will write
 * @title: (nullable): the document title (PDF metadata), e.g. "DeepKeyGen analysis report"
 * @style: (nullable): colours and fonts of the pages; %NULL: dkg_plot_style_init_light(). Its
 *   font family must outlive the document
 *
 * Starts a PDF document in memory. Add pages with dkg_plot_pdf_begin_page() and
 * dkg_plot_pdf_draw(), or dkg_plot_pdf_add_page(); write it with dkg_plot_pdf_finish().
 *
 * Returns: (transfer full): the document; free with dkg_plot_pdf_free()
 */
DkgPlotPdf *
dkg_plot_pdf_new (const char         *path,
                  const char         *title,
                  const DkgPlotStyle *style)
{
  DkgPlotPdf *pdf;

  g_return_val_if_fail (path != NULL, NULL);

  pdf = g_new0 (DkgPlotPdf, 1);
  pdf->path = g_strdup (path);
  pdf->buffer = g_byte_array_new ();
  if (style != NULL)
    pdf->style = *style;
  else
    dkg_plot_style_init_light (&pdf->style);
  pdf->page_width = DKG_PLOT_A4_WIDTH;
  pdf->page_height = DKG_PLOT_A4_HEIGHT;
  pdf->surface = cairo_pdf_surface_create_for_stream (write_cb, pdf->buffer,
                                                      pdf->page_width, pdf->page_height);
  cairo_pdf_surface_set_metadata (pdf->surface, CAIRO_PDF_METADATA_CREATOR, "DeepKeyGen Studio");
  if (title != NULL)
    cairo_pdf_surface_set_metadata (pdf->surface, CAIRO_PDF_METADATA_TITLE, title);
  pdf->cr = cairo_create (pdf->surface);
  return pdf;
}

/**
 * dkg_plot_pdf_begin_page:
 * @pdf: a document not yet finished
 * @landscape: %TRUE for an A4 page on its side (842 × 595 points), %FALSE for portrait
 *   (595 × 842 points)
 *
 * Ends the current page, if any, and starts a new one, filled with the style's background
 * when it paints one.
 */
void
dkg_plot_pdf_begin_page (DkgPlotPdf *pdf,
                         gboolean    landscape)
{
  g_return_if_fail (pdf != NULL && !pdf->finished);

  if (pdf->page_open)
    cairo_show_page (pdf->cr);
  pdf->page_width = landscape ? DKG_PLOT_A4_HEIGHT : DKG_PLOT_A4_WIDTH;
  pdf->page_height = landscape ? DKG_PLOT_A4_WIDTH : DKG_PLOT_A4_HEIGHT;
  cairo_pdf_surface_set_size (pdf->surface, pdf->page_width, pdf->page_height);
  pdf->page_open = TRUE;
  pdf->n_pages++;
  if (pdf->style.draw_background)
    {
      cairo_save (pdf->cr);
      cairo_set_source_rgba (pdf->cr, pdf->style.background.r, pdf->style.background.g,
                             pdf->style.background.b, pdf->style.background.a);
      cairo_paint (pdf->cr);
      cairo_restore (pdf->cr);
    }
}

/**
 * dkg_plot_pdf_draw:
 * @pdf: a document not yet finished
 * @x: left edge of the figure on the page, points from the page's left
 * @y: top edge of the figure, points from the page's top
 * @width: figure width in points, > 0
 * @height: figure height in points, > 0
 * @render: the renderer, e.g. dkg_plot_table_func()
 * @data: its data
 *
 * Draws a figure into a rectangle of the current page (a portrait page is started if there is
 * none), clipped to the rectangle. A page can hold several figures.
 */
void
dkg_plot_pdf_draw (DkgPlotPdf        *pdf,
                   double             x,
                   double             y,
                   double             width,
                   double             height,
                   DkgPlotRenderFunc  render,
                   gconstpointer      data)
{
  g_return_if_fail (pdf != NULL && !pdf->finished);
  g_return_if_fail (render != NULL && width > 0 && height > 0);

  if (!pdf->page_open)
    dkg_plot_pdf_begin_page (pdf, FALSE);
  cairo_save (pdf->cr);
  cairo_translate (pdf->cr, x, y);
  cairo_rectangle (pdf->cr, 0, 0, width, height);
  cairo_clip (pdf->cr);
  render (pdf->cr, width, height, &pdf->style, data);
  cairo_restore (pdf->cr);
}

/**
 * dkg_plot_pdf_add_page:
 * @pdf: a document not yet finished
 * @render: the renderer
 * @data: its data
 *
 * Adds a portrait A4 page filled by one figure (595 × 842 points).
 */
void
dkg_plot_pdf_add_page (DkgPlotPdf        *pdf,
                       DkgPlotRenderFunc  render,
                       gconstpointer      data)
{
  g_return_if_fail (pdf != NULL && !pdf->finished && render != NULL);

  dkg_plot_pdf_begin_page (pdf, FALSE);
  dkg_plot_pdf_draw (pdf, 0, 0, pdf->page_width, pdf->page_height, render, data);
}

/**
 * dkg_plot_pdf_get_page_width:
 * @pdf: a document
 *
 * Returns: the width of the current page in points (595.3 portrait, 841.9 landscape)
 */
double
dkg_plot_pdf_get_page_width (DkgPlotPdf *pdf)
{
  g_return_val_if_fail (pdf != NULL, 0);

  return pdf->page_width;
}

/**
 * dkg_plot_pdf_get_page_height:
 * @pdf: a document
 *
 * Returns: the height of the current page in points
 */
double
dkg_plot_pdf_get_page_height (DkgPlotPdf *pdf)
{
  g_return_val_if_fail (pdf != NULL, 0);

  return pdf->page_height;
}

/**
 * dkg_plot_pdf_get_n_pages:
 * @pdf: a document
 *
 * Returns: the pages begun so far
 */
guint
dkg_plot_pdf_get_n_pages (DkgPlotPdf *pdf)
{
  g_return_val_if_fail (pdf != NULL, 0);

  return pdf->n_pages;
}

/**
 * dkg_plot_pdf_finish:
 * @pdf: a document not yet finished, with at least one page
 * @error: return location for a #GError
 *
 * Ends the last page and writes the document to its path atomically (a temporary file in the
 * same directory, renamed over the target; mode 0644). Afterwards only dkg_plot_pdf_free()
 * may be called.
 *
 * Returns: %TRUE on success; %FALSE with @error set (%DKG_ERROR_INVALID_ARGUMENT for a
 *   document without pages, %G_FILE_ERROR when the directory is missing or not writable) and
 *   no file left behind
 */
gboolean
dkg_plot_pdf_finish (DkgPlotPdf  *pdf,
                     GError     **error)
{
  cairo_status_t status;

  g_return_val_if_fail (pdf != NULL && !pdf->finished, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  pdf->finished = TRUE;
  if (pdf->n_pages == 0)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                   "Cannot write “%s”: the document has no pages", pdf->path);
      return FALSE;
    }
  cairo_show_page (pdf->cr);
  status = cairo_status (pdf->cr);
  g_clear_pointer (&pdf->cr, cairo_destroy);
  cairo_surface_finish (pdf->surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (pdf->surface);
  g_clear_pointer (&pdf->surface, cairo_surface_destroy);
  if (!check_status (status, "PDF document", error))
    return FALSE;
  return dkg_file_set_contents (pdf->path, pdf->buffer->data, pdf->buffer->len, 0644, error);
}

/**
 * dkg_plot_pdf_free:
 * @pdf: (nullable): a document
 *
 * Frees the document. If it was not finished, nothing is written.
 */
void
dkg_plot_pdf_free (DkgPlotPdf *pdf)
{
  if (pdf == NULL)
    return;
  g_clear_pointer (&pdf->cr, cairo_destroy);
  if (pdf->surface != NULL)
    {
      cairo_surface_finish (pdf->surface);
      cairo_surface_destroy (pdf->surface);
    }
  g_byte_array_unref (pdf->buffer);
  g_free (pdf->path);
  g_free (pdf);
}
