/* dkg-plot-text.c — headings and wrapped paragraphs, for report pages (Pango lays out and
 * wraps the lines; each is drawn at the plot style's line pitch)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "dkg-plot-private.h"
#include "dkg-plot-text.h"

#define LINE_H 1.4   /* body line height, in font sizes */

/* Lines of @paragraph in a column @width wide when no text is drawn (style->draw_text off):
 * wrapped at spaces on the font-free width estimate of _dkg_plot_text_width(), so the layout
 * is the same on every machine. */
static guint
count_estimated_lines (cairo_t            *cr,
                       const DkgPlotStyle *style,
                       const char         *paragraph,
                       double              width)
{
  g_auto(GStrv) words = g_strsplit (paragraph, " ", -1);
  g_autoptr(GString) line = g_string_new (NULL);
  guint n = 1;

  for (guint w = 0; words[w] != NULL; w++)
    {
      gsize len = line->len;

      if (len > 0)
        g_string_append_c (line, ' ');
      g_string_append (line, words[w]);
      if (len > 0 && _dkg_plot_text_width (cr, style, DKG_PLOT_FONT_BODY, line->str) > width)
        {
          n++;
          g_string_assign (line, words[w]);
        }
    }
  return n;
}

/* Lays out @text in a column @width wide; draws it when @draw. Returns the height used. */
static double
layout_text (cairo_t            *cr,
             const DkgPlotStyle *style,
             const DkgPlotText  *text,
             double              width,
             double              height,
             gboolean            draw)
{
  double fs = style->font_size, y = 0;
  double line_h = LINE_H * fs;
  g_auto(GStrv) lines = NULL;

  if (text->title != NULL && *text->title != '\0')
    {
      if (draw)
        _dkg_plot_text (cr, style, DKG_PLOT_FONT_TITLE, &style->foreground, text->title,
                        0, 0.2 * fs, 0, DKG_PLOT_VALIGN_TOP);
      y += _dkg_plot_font_size (style, DKG_PLOT_FONT_TITLE) + 0.9 * fs;
    }
  if (text->body == NULL)
    return y;
  lines = g_strsplit (text->body, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(PangoLayout) layout = NULL;
      int n_lines;

      if (lines[i][0] == '\0')
        {
          y += 0.6 * line_h;   /* paragraph break */
          continue;
        }
      if (!style->draw_text)
        {
          y += line_h * count_estimated_lines (cr, style, lines[i], width);
          continue;
        }
      /* Pango wraps at word boundaries (and inside a word longer than the column) */
      layout = _dkg_plot_text_layout (cr, style, DKG_PLOT_FONT_BODY, lines[i]);
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
      n_lines = pango_layout_get_line_count (layout);
      for (int l = 0; l < n_lines; l++)
        {
          if (draw && y + line_h <= height)
            {
              cairo_save (cr);
              _dkg_plot_set_color (cr, &style->foreground, 1.0);
              _dkg_plot_show_line (cr, layout, (guint) l, 0,
                                   _dkg_plot_baseline (y + line_h / 2, fs,
                                                       DKG_PLOT_VALIGN_MIDDLE));
              cairo_restore (cr);
            }
          y += line_h;
        }
    }
  return y;
}

/**
 * dkg_plot_render_text:
 * @cr: the cairo context to draw into
 * @width: block width in device units (points on a PDF page), > 0
 * @height: block height in device units, > 0
 * @style: colours and fonts
 * @text: the heading and the body
 *
 * Draws the heading and the wrapped body from the top-left corner of (0, 0)–(@width,
 * @height), with no margin: place the block where the text should start. Unlike the plot
 * renderers it paints no background, so it can be drawn over a page or a figure.
 */
void
dkg_plot_render_text (cairo_t            *cr,
                      double              width,
                      double              height,
                      const DkgPlotStyle *style,
                      const DkgPlotText  *text)
{
  DkgPlotStyle s;

  g_return_if_fail (cr != NULL && style != NULL && text != NULL);
  g_return_if_fail (width > 0 && height > 0);

  s = *style;
  s.draw_background = FALSE;
  _dkg_plot_begin (cr, width, height, &s);
  layout_text (cr, &s, text, width, height, TRUE);
  _dkg_plot_end (cr);
}

/**
 * dkg_plot_text_func:
 * @cr: the cairo context to draw into
 * @width: block width in device units, > 0
 * @height: block height in device units, > 0
 * @style: colours and fonts
 * @text: a #DkgPlotText
 *
 * dkg_plot_render_text() as a #DkgPlotRenderFunc, for #DkgPlotPdf.
 */
void
dkg_plot_text_func (cairo_t            *cr,
                    double              width,
                    double              height,
                    const DkgPlotStyle *style,
                    gconstpointer       text)
{
  dkg_plot_render_text (cr, width, height, style, text);
}

/**
 * dkg_plot_text_height:
 * @width: block width in device units, > 0
 * @style: colours and fonts
 * @text: the heading and the body
 *
 * The height dkg_plot_render_text() needs to draw all of @text in a column @width wide: for
 * placing what follows it on a page.
 *
 * Returns: the height in device units, ≥ 0
 */
double
dkg_plot_text_height (double              width,
                      const DkgPlotStyle *style,
                      const DkgPlotText  *text)
{
  cairo_t *cr;
  double h;

  g_return_val_if_fail (style != NULL && text != NULL && width > 0, 0);

  cr = _dkg_plot_measure_context ();
  h = layout_text (cr, style, text, width, G_MAXDOUBLE, FALSE);
  cairo_destroy (cr);
  return h;
}

/**
 * dkg_plot_draw_label:
 * @cr: the cairo context to draw into
 * @style: the font family (and, when @size is 0, the size)
 * @size: font size in user units, or 0 for @style's body size
 * @bold: bold or regular weight
 * @color: the text colour
 * @text: one line of UTF-8
 * @x: the anchor's x: the left end (@halign 0), centre (0.5) or right end (1) of the text
 * @baseline: the baseline's y
 * @halign: 0, 0.5 or 1 (anything between works too)
 *
 * One line of text laid out by Pango, as the plots draw theirs (font fallback for α, χ², ≥ and
 * other scripts; real text in PDF and SVG): for titles and captions the app draws around
 * images and figures. Draws even when @style->draw_text is off.
 *
 * Returns: the text's width in user units
 */
double
dkg_plot_draw_label (cairo_t            *cr,
                     const DkgPlotStyle *style,
                     double              size,
                     gboolean            bold,
                     const DkgPlotColor *color,
                     const char         *text,
                     double              x,
                     double              baseline,
                     double              halign)
{
  g_autoptr(PangoLayout) layout = NULL;
  DkgPlotStyle s;
  PangoRectangle logical;
  double w;

  g_return_val_if_fail (cr != NULL && style != NULL && color != NULL, 0);

  if (text == NULL || *text == '\0')
    return 0;
  s = *style;
  if (size > 0)
    s.font_size = size;
  layout = _dkg_plot_text_layout (cr, &s, bold ? DKG_PLOT_FONT_BOLD : DKG_PLOT_FONT_BODY, text);
  pango_layout_get_extents (layout, NULL, &logical);
  w = (double) logical.width / PANGO_SCALE;
  cairo_save (cr);
  _dkg_plot_set_color (cr, color, 1.0);
  _dkg_plot_show_line (cr, layout, 0, x - halign * w, baseline);
  cairo_restore (cr);
  return w;
}
