/* dkg-plot-table.c — tables with pass/fail cells
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The table is laid out at its natural size (columns as wide as their widest text, rows of
 * 1.7 font sizes), then scaled down as a whole if it does not fit, so that it is never cut.
 */
#include <math.h>
#include <string.h>

#include "dkg-plot-private.h"
#include "dkg-plot-table.h"

#define MAX_COLUMNS 64
#define ROW_H       1.7    /* font sizes */
#define CELL_PAD    0.6

typedef struct
{
  double  col_w[MAX_COLUMNS];
  double  width;      /* natural size, before scaling */
  double  height;
  double  title_h;
  double  note_h;
  guint   note_lines;
  double  scale;
} TableLayout;

static const char *
cell_text (const DkgPlotTable *d,
           guint               row,
           guint               col)
{
  const char *t = d->cells[(gsize) row * d->n_columns + col];

  return t != NULL ? t : "";
}

static DkgPlotCellState
cell_state (const DkgPlotTable *d,
            guint               row,
            guint               col)
{
  return d->states != NULL ? d->states[(gsize) row * d->n_columns + col] : DKG_PLOT_CELL_PLAIN;
}

static DkgPlotFont
cell_font (DkgPlotCellState state)
{
  return state == DKG_PLOT_CELL_FAIL ? DKG_PLOT_FONT_BOLD : DKG_PLOT_FONT_BODY;
}

static gboolean
check_args (const DkgPlotTable *d)
{
  g_return_val_if_fail (d != NULL, FALSE);
  g_return_val_if_fail (d->n_columns >= 1 && d->n_columns <= MAX_COLUMNS, FALSE);
  g_return_val_if_fail (d->n_rows == 0 || d->cells != NULL, FALSE);
  return TRUE;
}

static void
layout_table (cairo_t            *cr,
              const DkgPlotStyle *style,
              const DkgPlotTable *d,
              double              width,
              double              height,
              TableLayout        *t)
{
  double fs = style->font_size, pad = 0.8 * fs;

  memset (t, 0, sizeof *t);
  for (guint c = 0; c < d->n_columns; c++)
    {
      double w = 0;

      if (d->header != NULL && d->header[c] != NULL)
        w = _dkg_plot_text_width (cr, style, DKG_PLOT_FONT_BOLD, d->header[c]);
      for (guint r = 0; r < d->n_rows; r++)
        w = MAX (w, _dkg_plot_text_width (cr, style, cell_font (cell_state (d, r, c)),
                                          cell_text (d, r, c)));
      t->col_w[c] = w + 2 * CELL_PAD * fs;
      t->width += t->col_w[c];
    }
  if (d->title != NULL && *d->title != '\0')
    {
      t->title_h = _dkg_plot_font_size (style, DKG_PLOT_FONT_TITLE) + 0.8 * fs;
      t->width = MAX (t->width, _dkg_plot_text_width (cr, style, DKG_PLOT_FONT_TITLE, d->title));
    }
  if (d->note != NULL && *d->note != '\0')
    {
      g_auto(GStrv) lines = g_strsplit (d->note, "\n", -1);

      t->note_lines = g_strv_length (lines);
      for (guint i = 0; lines[i] != NULL; i++)
        t->width = MAX (t->width, _dkg_plot_text_width (cr, style, DKG_PLOT_FONT_TICK, lines[i]));
      t->note_h = 0.5 * fs + t->note_lines * 1.3 * _dkg_plot_font_size (style, DKG_PLOT_FONT_TICK);
    }
  t->height = t->title_h + (d->n_rows + (d->header != NULL ? 1 : 0)) * ROW_H * fs + t->note_h;
  t->scale = MIN (1.0, MIN ((width - 2 * pad) / MAX (t->width, 1),
                            (height - 2 * pad) / MAX (t->height, 1)));
  t->scale = MAX (t->scale, 1e-3);
}

static void
draw_rule (cairo_t            *cr,
           const DkgPlotStyle *style,
           double              x,
           double              y,
           double              w,
           double              lw)
{
  cairo_set_line_width (cr, lw);
  _dkg_plot_set_color (cr, &style->foreground, 1.0);
  cairo_move_to (cr, x, y);
  cairo_line_to (cr, x + w, y);
  cairo_stroke (cr);
}

static void
draw_row (cairo_t            *cr,
          const DkgPlotStyle *style,
          const DkgPlotTable *d,
          const TableLayout  *t,
          double              y,
          guint               row,
          gboolean            header)
{
  double fs = style->font_size, x = 0, row_h = ROW_H * fs;

  for (guint c = 0; c < d->n_columns; c++)
    {
      DkgPlotAlign align = d->align != NULL ? d->align[c]
                                            : c == 0 ? DKG_PLOT_ALIGN_LEFT : DKG_PLOT_ALIGN_RIGHT;
      DkgPlotCellState state = header ? DKG_PLOT_CELL_PLAIN : cell_state (d, row, c);
      const char *text = header ? (d->header[c] != NULL ? d->header[c] : "")
                                : cell_text (d, row, c);
      const DkgPlotColor *color = state == DKG_PLOT_CELL_MUTED ? &style->secondary
                                                               : &style->foreground;
      DkgPlotFont font = header ? DKG_PLOT_FONT_BOLD : cell_font (state);
      double tx;

      if (state == DKG_PLOT_CELL_PASS || state == DKG_PLOT_CELL_FAIL)
        {
          cairo_rectangle (cr, x + 1, y + 1, t->col_w[c] - 2, row_h - 2);
          _dkg_plot_set_color (cr, state == DKG_PLOT_CELL_PASS ? &style->pass : &style->fail, 0.22);
          cairo_fill (cr);
        }
      switch (align)
        {
        case DKG_PLOT_ALIGN_LEFT:
          tx = x + CELL_PAD * fs;
          break;
        case DKG_PLOT_ALIGN_CENTER:
          tx = x + t->col_w[c] / 2;
          break;
        case DKG_PLOT_ALIGN_RIGHT:
        default:
          tx = x + t->col_w[c] - CELL_PAD * fs;
          break;
        }
      _dkg_plot_text (cr, style, font, color, text, tx, y + row_h / 2,
                      align == DKG_PLOT_ALIGN_LEFT ? 0 : align == DKG_PLOT_ALIGN_CENTER ? 0.5 : 1,
                      DKG_PLOT_VALIGN_MIDDLE);
      x += t->col_w[c];
    }
}

/**
 * dkg_plot_render_table:
 * @cr: the cairo context to draw into
 * @width: figure width in device units (pixels on an image surface, points on PDF/SVG), > 0
 * @height: figure height in device units, > 0
 * @style: colours and fonts; @style->pass and @style->fail tint highlighted cells
 * @table: the table
 *
 * Draws a table into the rectangle (0, 0)–(@width, @height) of @cr, centred horizontally and
 * starting at the top: title, header row in bold between two rules, body rows with every other
 * one shaded, a closing rule and the note. Columns are as wide as their widest text; a table
 * too large for the rectangle is scaled down as a whole (dkg_plot_table_scale() tells by how
 * much) rather than cut. The state of @cr is left as it was.
 */
void
dkg_plot_render_table (cairo_t            *cr,
                       double              width,
                       double              height,
                       const DkgPlotStyle *style,
                       const DkgPlotTable *table)
{
  TableLayout t;
  double fs, row_h, y, tw = 0;

  g_return_if_fail (cr != NULL && style != NULL);
  g_return_if_fail (width > 0 && height > 0);
  if (!check_args (table))
    return;

  fs = style->font_size;
  row_h = ROW_H * fs;
  _dkg_plot_begin (cr, width, height, style);
  layout_table (cr, style, table, width, height, &t);
  for (guint c = 0; c < table->n_columns; c++)
    tw += t.col_w[c];

  cairo_translate (cr, (width - t.width * t.scale) / 2, 0.8 * fs);
  cairo_scale (cr, t.scale, t.scale);
  cairo_translate (cr, (t.width - tw) / 2, 0);
  if (t.title_h > 0)
    _dkg_plot_text (cr, style, DKG_PLOT_FONT_TITLE, &style->foreground, table->title,
                    tw / 2, 0, 0.5, DKG_PLOT_VALIGN_TOP);
  y = t.title_h;
  draw_rule (cr, style, 0, y, tw, 1.2);
  if (table->header != NULL)
    {
      draw_row (cr, style, table, &t, y, 0, TRUE);
      y += row_h;
      draw_rule (cr, style, 0, y, tw, 0.7);
    }
  for (guint r = 0; r < table->n_rows; r++)
    {
      if (r % 2 == 1)
        {
          cairo_rectangle (cr, 0, y, tw, row_h);
          _dkg_plot_set_color (cr, &style->stripe, 1.0);
          cairo_fill (cr);
        }
      draw_row (cr, style, table, &t, y, r, FALSE);
      y += row_h;
    }
  draw_rule (cr, style, 0, y, tw, 1.2);
  if (t.note_lines > 0)
    {
      g_auto(GStrv) lines = g_strsplit (table->note, "\n", -1);
      double ts = _dkg_plot_font_size (style, DKG_PLOT_FONT_TICK);

      y += 0.5 * fs;
      /* left-aligned with the table, or with the block when the note is the widest part */
      for (guint i = 0; lines[i] != NULL; i++, y += 1.3 * ts)
        _dkg_plot_text (cr, style, DKG_PLOT_FONT_TICK, &style->secondary, lines[i],
                        MIN (0, (tw - t.width) / 2), y, 0, DKG_PLOT_VALIGN_TOP);
    }
  _dkg_plot_end (cr);
}

/**
 * dkg_plot_table_func:
 * @cr: the cairo context to draw into
 * @width: figure width in device units, > 0
 * @height: figure height in device units, > 0
 * @style: colours and fonts
 * @table: a #DkgPlotTable
 *
 * dkg_plot_render_table() as a #DkgPlotRenderFunc, for dkg_plot_export() and #DkgPlotPdf.
 */
void
dkg_plot_table_func (cairo_t            *cr,
                     double              width,
                     double              height,
                     const DkgPlotStyle *style,
                     gconstpointer       table)
{
  dkg_plot_render_table (cr, width, height, style, table);
}

/**
 * dkg_plot_table_scale:
 * @width: figure width in device units, > 0
 * @height: figure height in device units, > 0
 * @style: colours and fonts
 * @table: the table
 *
 * How much dkg_plot_render_table() shrinks @table to fit @width × @height: 1 when it fits at
 * @style->font_size. A report can split a table whose scale would make its text too small
 * (say below 0.75) over several pages.
 *
 * Returns: the scale factor, 0 < scale ≤ 1
 */
double
dkg_plot_table_scale (double              width,
                      double              height,
                      const DkgPlotStyle *style,
                      const DkgPlotTable *table)
{
  TableLayout t;
  cairo_t *cr;

  g_return_val_if_fail (style != NULL && width > 0 && height > 0, 1.0);
  if (!check_args (table))
    return 1.0;

  cr = _dkg_plot_measure_context ();
  layout_table (cr, style, table, width, height, &t);
  cairo_destroy (cr);
  return t.scale;
}
