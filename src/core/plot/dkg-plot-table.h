/* dkg-plot-table.h — tables with pass/fail cells (the NIST SP 800-22 page of the report)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "dkg-plot-style.h"

G_BEGIN_DECLS

/**
 * DkgPlotCellState:
 * @DKG_PLOT_CELL_PLAIN: an ordinary cell
 * @DKG_PLOT_CELL_PASS: tinted with the style's pass colour
 * @DKG_PLOT_CELL_FAIL: tinted with the style's fail colour, text in bold
 * @DKG_PLOT_CELL_MUTED: secondary text colour, e.g. "not applicable"
 *
 * How a cell is highlighted. Colour is never the only cue: the cell's text should say
 * "pass" or "fail" too.
 */
typedef enum
{
  DKG_PLOT_CELL_PLAIN,
  DKG_PLOT_CELL_PASS,
  DKG_PLOT_CELL_FAIL,
  DKG_PLOT_CELL_MUTED,
} DkgPlotCellState;

/**
 * DkgPlotAlign:
 * @DKG_PLOT_ALIGN_LEFT: text starts at the left of the cell (names)
 * @DKG_PLOT_ALIGN_CENTER: text is centred (short labels)
 * @DKG_PLOT_ALIGN_RIGHT: text ends at the right of the cell (numbers)
 */
typedef enum
{
  DKG_PLOT_ALIGN_LEFT,
  DKG_PLOT_ALIGN_CENTER,
  DKG_PLOT_ALIGN_RIGHT,
} DkgPlotAlign;

/**
 * DkgPlotTable:
 * @title: (nullable): title above the table
 * @n_columns: columns, 1 … 64
 * @n_rows: body rows, ≥ 0
 * @header: (nullable) (array length=n_columns): column headings, drawn bold; %NULL: no
 *   header row
 * @cells: (array): @n_rows·@n_columns strings, row by row; %NULL entries are empty cells
 * @states: (nullable) (array): highlighting of each cell, in the order of @cells; %NULL:
 *   all plain
 * @align: (nullable) (array length=n_columns): alignment of each column; %NULL: the first
 *   column left, the others right (names, then numbers)
 * @note: (nullable): a note under the table in small secondary text, e.g. the parameters
 *   and α of the tests; '\n' starts a new line
 *
 * A table in the booktabs manner: rules above and below the header and at the end, no
 * vertical lines, lightly shaded alternate rows.
 */
typedef struct
{
  const char              *title;
  guint                    n_columns;
  guint                    n_rows;
  const char * const      *header;
  const char * const      *cells;
  const DkgPlotCellState  *states;
  const DkgPlotAlign      *align;
  const char              *note;
} DkgPlotTable;

void    dkg_plot_render_table (cairo_t             *cr,
                               double               width,
                               double               height,
                               const DkgPlotStyle  *style,
                               const DkgPlotTable  *table);
void    dkg_plot_table_func   (cairo_t             *cr,
                               double               width,
                               double               height,
                               const DkgPlotStyle  *style,
                               gconstpointer        table);
double  dkg_plot_table_scale  (double               width,
                               double               height,
                               const DkgPlotStyle  *style,
                               const DkgPlotTable  *table);

G_END_DECLS
