/* dkg-plot-frame.c — layout of a framed plot: title, legend, plot area, axes, ticks and labels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Vertical layout, top to bottom: padding, title, legend rows (outside the data, so they never
 * hide it), plot area, tick labels, x-axis label, padding. Horizontal: padding, rotated y-axis
 * label, y tick labels, plot area, padding. Every size is a multiple of style->font_size, and
 * text is laid out and measured with Pango (pango_cairo) only when style->draw_text is set, so
 * a text-free layout is the same on every machine.
 */
#include <math.h>
#include <string.h>

#include "dkg-plot-private.h"

/* Proportions of the font size. */
#define PAD          0.8    /* outer padding */
#define TICK_LEN     0.35   /* tick marks, outwards */
#define TICK_GAP     0.25   /* tick mark to its label */
#define LABEL_GAP    0.45   /* tick labels to the axis label */
#define TITLE_GAP    0.55   /* title to what follows */
#define LEGEND_ROW   1.35   /* legend row height */
#define LEGEND_KEY   1.6    /* width of a legend key (line sample or patch) */
#define LEGEND_SEP   1.3    /* space between legend items */

double
_dkg_plot_font_size (const DkgPlotStyle *style,
                     DkgPlotFont         font)
{
  switch (font)
    {
    case DKG_PLOT_FONT_TICK:
      return style->font_size * 0.92;
    case DKG_PLOT_FONT_TITLE:
      return style->font_size * 1.2;
    case DKG_PLOT_FONT_BODY:
    case DKG_PLOT_FONT_BOLD:
    default:
      return style->font_size;
    }
}

/* A Pango layout of @text in the plot's font on @cr: the family, size (in user units) and weight
 * of @style and @font. Pango picks fallback fonts for characters the family lacks (α, χ², ≥,
 * other scripts) and, on a PDF, PostScript or SVG surface, the glyphs stay text. */
PangoLayout *
_dkg_plot_text_layout (cairo_t            *cr,
                       const DkgPlotStyle *style,
                       DkgPlotFont         font,
                       const char         *text)
{
  gboolean bold = font == DKG_PLOT_FONT_TITLE || font == DKG_PLOT_FONT_BOLD;
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *desc = pango_font_description_new ();

  /* unhinted, unrounded positions: widths scale exactly with size and transformation, so a
   * layout measured at one scale holds at another (tables shrunk to fit, PDF and PNG) */
  pango_context_set_round_glyph_positions (pango_layout_get_context (layout), FALSE);
  pango_font_description_set_family (desc, style->font_family != NULL ? style->font_family
                                                                      : "Sans");
  pango_font_description_set_weight (desc, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_font_description_set_absolute_size (desc,
                                            _dkg_plot_font_size (style, font) * PANGO_SCALE);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

double
_dkg_plot_text_width (cairo_t            *cr,
                      const DkgPlotStyle *style,
                      DkgPlotFont         font,
                      const char         *text)
{
  g_autoptr(PangoLayout) layout = NULL;
  PangoRectangle logical;

  if (text == NULL || *text == '\0')
    return 0;
  if (!style->draw_text)
    return 0.55 * _dkg_plot_font_size (style, font) * g_utf8_strlen (text, -1);
  layout = _dkg_plot_text_layout (cr, style, font, text);
  pango_layout_get_extents (layout, NULL, &logical);
  return (double) logical.width / PANGO_SCALE;
}

/* The baseline of a line of text of font size @size whose @valign edge or middle is at @y. */
double
_dkg_plot_baseline (double        y,
                    double        size,
                    DkgPlotValign valign)
{
  switch (valign)
    {
    case DKG_PLOT_VALIGN_TOP:
      return y + 0.74 * size;
    case DKG_PLOT_VALIGN_BOTTOM:
      return y - 0.24 * size;
    case DKG_PLOT_VALIGN_MIDDLE:
    default:
      return y + 0.36 * size;
    }
}

/* Draws line @index of @layout with its left end on the baseline at (@x, @baseline). */
void
_dkg_plot_show_line (cairo_t     *cr,
                     PangoLayout *layout,
                     guint        index,
                     double       x,
                     double       baseline)
{
  PangoLayoutLine *line = pango_layout_get_line_readonly (layout, (int) index);

  if (line == NULL)
    return;
  cairo_move_to (cr, x, baseline);
  pango_cairo_show_layout_line (cr, line);
  cairo_new_path (cr);
}

/* Draws one line of @text with its anchor (@halign: 0 left, 0.5 centre, 1 right; @valign)
 * at (@x, @y). */
void
_dkg_plot_text (cairo_t            *cr,
                const DkgPlotStyle *style,
                DkgPlotFont         font,
                const DkgPlotColor *color,
                const char         *text,
                double              x,
                double              y,
                double              halign,
                DkgPlotValign       valign)
{
  g_autoptr(PangoLayout) layout = NULL;
  PangoRectangle logical;
  double w;

  if (!style->draw_text || text == NULL || *text == '\0')
    return;
  layout = _dkg_plot_text_layout (cr, style, font, text);
  pango_layout_get_extents (layout, NULL, &logical);
  w = (double) logical.width / PANGO_SCALE;
  cairo_save (cr);
  _dkg_plot_set_color (cr, color, 1.0);
  _dkg_plot_show_line (cr, layout, 0, x - halign * w,
                       _dkg_plot_baseline (y, _dkg_plot_font_size (style, font), valign));
  cairo_restore (cr);
}

void
_dkg_plot_set_color (cairo_t            *cr,
                     const DkgPlotColor *color,
                     double              alpha)
{
  cairo_set_source_rgba (cr, color->r, color->g, color->b, color->a * alpha);
}

/* Unhinted glyph advances: text widths scale exactly with the font size and the transformation,
 * so a layout measured at one scale holds at another (tables shrunk to fit, PDF and PNG). */
static void
set_linear_metrics (cairo_t *cr)
{
  cairo_font_options_t *options = cairo_font_options_create ();

  cairo_get_font_options (cr, options);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_set_font_options (cr, options);
  cairo_font_options_destroy (options);
}

/* Saves @cr, clips to the figure and paints the background. */
void
_dkg_plot_begin (cairo_t            *cr,
                 double              width,
                 double              height,
                 const DkgPlotStyle *style)
{
  cairo_save (cr);
  set_linear_metrics (cr);
  cairo_new_path (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_dash (cr, NULL, 0, 0);
  cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
  if (style->draw_background)
    {
      _dkg_plot_set_color (cr, &style->background, 1.0);
      cairo_paint (cr);
    }
}

void
_dkg_plot_end (cairo_t *cr)
{
  cairo_restore (cr);
}

/* A context on a 1×1 image surface, for measuring text when no drawing context is at hand. */
cairo_t *
_dkg_plot_measure_context (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (surface);

  cairo_surface_destroy (surface);
  set_linear_metrics (cr);
  return cr;
}

/* Whether @cr draws into a vector document (PDF, PostScript, SVG, cairo script). Everything
 * else ends up as pixels: image surfaces now, recording surfaces later (GTK 4 records a
 * GtkDrawingArea's drawing and replays it into pixels), window-system surfaces. Renderers
 * take pixel-level shortcuts only for those. */
gboolean
_dkg_plot_target_is_vector (cairo_t *cr)
{
  switch (cairo_surface_get_type (cairo_get_target (cr)))
    {
    case CAIRO_SURFACE_TYPE_PDF:
    case CAIRO_SURFACE_TYPE_PS:
    case CAIRO_SURFACE_TYPE_SVG:
    case CAIRO_SURFACE_TYPE_SCRIPT:
      return TRUE;
    default:
      return FALSE;
    }
}

/* Device pixels per user unit along x and y: the CTM times the target's device scale (which
 * GTK sets on HiDPI screens). FALSE when the CTM rotates or skews. */
gboolean
_dkg_plot_pixel_scale (cairo_t *cr,
                       double  *sx,
                       double  *sy)
{
  cairo_matrix_t m;
  double dx = 1, dy = 1;

  cairo_get_matrix (cr, &m);
  cairo_surface_get_device_scale (cairo_get_target (cr), &dx, &dy);
  *sx = m.xx * dx;
  *sy = m.yy * dy;
  return m.xy == 0 && m.yx == 0 && *sx > 0 && *sy > 0;
}

/* A boxed label in the top-left corner of a plot area, e.g. "r = 0.9987". */
void
_dkg_plot_label_box (cairo_t            *cr,
                     const DkgPlotStyle *style,
                     const char         *text,
                     double              x,
                     double              y)
{
  double fs = _dkg_plot_font_size (style, DKG_PLOT_FONT_BODY);
  double w = _dkg_plot_text_width (cr, style, DKG_PLOT_FONT_BODY, text);

  if (!style->draw_text)
    return;
  cairo_save (cr);
  cairo_rectangle (cr, x, y, w + 0.8 * fs, 1.5 * fs);
  _dkg_plot_set_color (cr, &style->background, 0.85);
  cairo_fill (cr);
  cairo_restore (cr);
  _dkg_plot_text (cr, style, DKG_PLOT_FONT_BODY, &style->foreground, text,
                  x + 0.4 * fs, y + 0.75 * fs, 0, DKG_PLOT_VALIGN_MIDDLE);
}

static double
max_tick_label_width (cairo_t                *cr,
                      const DkgPlotStyle     *style,
                      const DkgPlotTicks     *t,
                      double                 *first,
                      double                 *last)
{
  double m = 0;

  *first = *last = 0;
  for (guint i = 0; i < t->n; i++)
    {
      char buf[40];
      double w;

      dkg_plot_ticks_format (t, t->value[i], buf, sizeof buf);
      w = _dkg_plot_text_width (cr, style, DKG_PLOT_FONT_TICK, buf);
      m = MAX (m, w);
      if (i == 0)
        *first = w;
      *last = w;
    }
  return m;
}

static void
compute_y_ticks (DkgPlotFrame           *f,
                 const DkgPlotFrameSpec *spec,
                 double                  ts)
{
  guint max_n = (guint) CLAMP (f->h / (2.6 * ts) + 1, 2, 11);

  if (spec->y_log)
    dkg_plot_ticks_log (&f->yt, spec->y_lo, spec->y_hi);
  else
    dkg_plot_ticks_linear (&f->yt, spec->y_lo, spec->y_hi, max_n, spec->y_extend);
}

/* Wraps the legend into rows no wider than @avail. Returns the number of rows. */
static guint
layout_legend (DkgPlotFrame           *f,
               cairo_t                *cr,
               const DkgPlotStyle     *style,
               const DkgPlotFrameSpec *spec,
               double                  avail)
{
  double fs = style->font_size;
  double x = 0;
  guint row = 0;

  memset (f->legend_row_width, 0, sizeof f->legend_row_width);
  if (spec->n_legend == 0 || !style->draw_text)   /* keys without labels mean nothing */
    return 0;
  for (guint i = 0; i < spec->n_legend && i < DKG_PLOT_MAX_LEGEND; i++)
    {
      double iw = (LEGEND_KEY + 0.5) * fs
                  + _dkg_plot_text_width (cr, style, DKG_PLOT_FONT_BODY, spec->legend[i].label);

      if (x > 0 && x + LEGEND_SEP * fs + iw > avail)
        {
          row++;
          x = 0;
        }
      if (x > 0)
        x += LEGEND_SEP * fs;
      f->legend_row[i] = row;
      f->legend_x[i] = x;
      x += iw;
      f->legend_row_width[row] = x;
    }
  return row + 1;
}

/* Lays out the frame of a plot of @width × @height device units (see the file comment). */
void
_dkg_plot_frame_layout (DkgPlotFrame           *f,
                        cairo_t                *cr,
                        const DkgPlotStyle     *style,
                        const DkgPlotFrameSpec *spec,
                        double                  width,
                        double                  height)
{
  double fs = style->font_size;
  double ts = _dkg_plot_font_size (style, DKG_PLOT_FONT_TICK);
  double pad = PAD * fs;
  double top, bottom, left, right, ylw, first_w, last_w;
  gboolean has_title = spec->title != NULL && *spec->title != '\0';

  memset (f, 0, sizeof *f);
  f->style = style;
  f->spec = spec;
  f->width = width;
  f->height = height;

  top = pad;
  f->title_top = top;
  if (has_title)
    top += _dkg_plot_font_size (style, DKG_PLOT_FONT_TITLE) + TITLE_GAP * fs;
  f->legend_top = top;
  f->legend_rows = layout_legend (f, cr, style, spec, width - 2 * pad);
  if (f->legend_rows > 0)
    top += f->legend_rows * LEGEND_ROW * fs + 0.2 * fs;
  top += 0.5 * ts;   /* room for the label of a tick at the top edge */

  bottom = pad + TICK_LEN * fs + TICK_GAP * fs + ts;
  if (spec->x_label != NULL && *spec->x_label != '\0')
    bottom += LABEL_GAP * fs + fs;

  f->h = MAX (height - top - bottom, 1);
  f->y0 = top;
  compute_y_ticks (f, spec, ts);
  ylw = max_tick_label_width (cr, style, &f->yt, &first_w, &last_w);

  left = pad + ylw + TICK_GAP * fs + TICK_LEN * fs;
  if (spec->y_label != NULL && *spec->y_label != '\0')
    left += fs + LABEL_GAP * fs;
  right = pad;
  f->x0 = left;
  f->w = MAX (width - left - right, 1);

  if (spec->aspect > 0)
    {
      if (f->w / f->h > spec->aspect)
        {
          double nw = f->h * spec->aspect;

          f->x0 += (f->w - nw) / 2;
          f->w = nw;
        }
      else
        {
          double nh = f->w / spec->aspect;
          double shift = (f->h - nh) / 2;

          /* Centre the whole figure vertically: title and legend move with the plot. */
          f->y0 += shift;
          f->title_top += shift;
          f->legend_top += shift;
          f->h = nh;
          compute_y_ticks (f, spec, ts);
        }
    }

  /* x ticks: as many as fit with a gap of 1.5 em between labels, and at least 4.5 em apart. */
  for (guint max_n = (guint) CLAMP (f->w / (3.0 * ts) + 1, 2, 15); ; max_n--)
    {
      double lw, px_per_step;

      dkg_plot_ticks_linear (&f->xt, spec->x_lo, spec->x_hi, max_n, spec->x_extend);
      lw = max_tick_label_width (cr, style, &f->xt, &first_w, &last_w);
      px_per_step = f->xt.step / (f->xt.hi - f->xt.lo) * f->w;
      if (max_n <= 2 || f->xt.n < 2 || px_per_step >= MAX (lw + 1.5 * ts, 4.5 * ts))
        break;
    }
  /* Keep the label of a tick at the right edge inside the figure. */
  if (f->xt.n > 0 && spec->aspect <= 0)
    {
      double tx = f->x0 + (f->xt.value[f->xt.n - 1] - f->xt.lo) / (f->xt.hi - f->xt.lo) * f->w;
      double over = tx + last_w / 2 - (width - 0.4 * pad);

      if (over > 0)
        f->w = MAX (f->w - over, 1);
    }

  /* Integer corners: crisp axes and grid on image surfaces. */
  f->x0 = round (f->x0);
  f->y0 = round (f->y0);
  f->w = MAX (floor (f->w), 1);
  f->h = MAX (floor (f->h), 1);
}

double
_dkg_plot_frame_x (const DkgPlotFrame *f,
                   double              x)
{
  return f->x0 + _dkg_plot_axis_fraction (x, f->xt.lo, f->xt.hi, FALSE) * f->w;
}

double
_dkg_plot_frame_y (const DkgPlotFrame *f,
                   double              y)
{
  return f->y0 + f->h * (1 - _dkg_plot_axis_fraction (y, f->yt.lo, f->yt.hi, f->yt.log));
}

void
_dkg_plot_frame_to_area (const DkgPlotFrame *f,
                         DkgPlotArea        *area)
{
  area->x = f->x0;
  area->y = f->y0;
  area->width = f->w;
  area->height = f->h;
  area->x_lo = f->xt.lo;
  area->x_hi = f->xt.hi;
  area->y_lo = f->yt.lo;
  area->y_hi = f->yt.hi;
  area->y_log = f->yt.log;
}

/* The whole figure: background, frame, content, axes; the state of @cr is left as it was.
 * The arguments of the public render function are checked here (@check for @data). */
void
_dkg_plot_render_framed (cairo_t                 *cr,
                         double                   width,
                         double                   height,
                         const DkgPlotStyle      *style,
                         DkgPlotCheckFunc         check,
                         DkgPlotFrameSetupFunc    setup,
                         DkgPlotFrameContentFunc  content,
                         gconstpointer            data)
{
  DkgPlotFrameSpec spec;
  DkgPlotFrame f;

  g_return_if_fail (cr != NULL && style != NULL);
  g_return_if_fail (width > 0 && height > 0);
  if (!check (data))
    return;

  _dkg_plot_begin (cr, width, height, style);
  setup (cr, width, height, style, data, &spec, &f);
  _dkg_plot_frame_draw_under (&f, cr);
  content (cr, &f, style, data);
  _dkg_plot_frame_draw_over (&f, cr);
  _dkg_plot_end (cr);
}

/* Where _dkg_plot_render_framed() would put the plot area, without drawing; @area is zeroed
 * when the arguments are refused. */
void
_dkg_plot_layout_framed (double                 width,
                         double                 height,
                         const DkgPlotStyle    *style,
                         DkgPlotCheckFunc       check,
                         DkgPlotFrameSetupFunc  setup,
                         gconstpointer          data,
                         DkgPlotArea           *area)
{
  DkgPlotFrameSpec spec;
  DkgPlotFrame f;
  cairo_t *cr;

  g_return_if_fail (style != NULL && area != NULL);
  g_return_if_fail (width > 0 && height > 0);
  memset (area, 0, sizeof *area);
  if (!check (data))
    return;

  cr = _dkg_plot_measure_context ();
  setup (cr, width, height, style, data, &spec, &f);
  _dkg_plot_frame_to_area (&f, area);
  cairo_destroy (cr);
}

void
_dkg_plot_frame_clip (const DkgPlotFrame *f,
                      cairo_t            *cr)
{
  cairo_rectangle (cr, f->x0, f->y0, f->w, f->h);
  cairo_clip (cr);
}

/* Centre of the device pixel that contains @v: a 1-unit line there is crisp. */
static double
crisp (double v)
{
  return floor (v) + 0.5;
}

/* Grid lines at the major ticks, under the data. */
void
_dkg_plot_frame_draw_under (const DkgPlotFrame *f,
                            cairo_t            *cr)
{
  const DkgPlotStyle *style = f->style;

  if (!style->draw_grid)
    return;
  cairo_save (cr);
  cairo_set_line_width (cr, 1.0);
  _dkg_plot_set_color (cr, &style->grid, 1.0);
  if (f->spec->y_grid)
    for (guint i = 0; i < f->yt.n; i++)
      {
        double y = crisp (_dkg_plot_frame_y (f, f->yt.value[i]));

        if (y > f->y0 + f->h)
          y -= 1;
        cairo_move_to (cr, f->x0, y);
        cairo_line_to (cr, f->x0 + f->w, y);
      }
  if (f->spec->x_grid)
    for (guint i = 0; i < f->xt.n; i++)
      {
        double x = crisp (_dkg_plot_frame_x (f, f->xt.value[i]));

        if (x > f->x0 + f->w)
          x -= 1;
        cairo_move_to (cr, x, f->y0);
        cairo_line_to (cr, x, f->y0 + f->h);
      }
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
draw_legend (const DkgPlotFrame *f,
             cairo_t            *cr)
{
  const DkgPlotStyle *style = f->style;
  const DkgPlotFrameSpec *spec = f->spec;
  double fs = style->font_size;

  if (f->legend_rows == 0)
    return;
  for (guint i = 0; i < spec->n_legend && i < DKG_PLOT_MAX_LEGEND; i++)
    {
      const DkgPlotLegendEntry *e = &spec->legend[i];
      guint row = f->legend_row[i];
      double rw = f->legend_row_width[row];
      /* Each row is centred over the plot area, moved left if it would leave the figure. */
      double start = MAX (PAD * fs, MIN (f->x0 + (f->w - rw) / 2, f->width - PAD * fs - rw));
      double x = start + f->legend_x[i];
      double cy = f->legend_top + (row + 0.5) * LEGEND_ROW * fs;
      double key = LEGEND_KEY * fs;

      cairo_save (cr);
      _dkg_plot_set_color (cr, &e->color, 1.0);
      switch (e->kind)
        {
        case DKG_PLOT_LEGEND_PATCH:
          cairo_rectangle (cr, x + 0.2 * key, cy - 0.35 * fs, 0.6 * key, 0.7 * fs);
          cairo_fill (cr);
          break;
        case DKG_PLOT_LEGEND_PATCH_LIGHT:
          cairo_rectangle (cr, x + 0.2 * key + 0.5, cy - 0.35 * fs + 0.5, 0.6 * key - 1,
                           0.7 * fs - 1);
          _dkg_plot_set_color (cr, &e->color, 0.3);
          cairo_fill_preserve (cr);
          _dkg_plot_set_color (cr, &e->color, 1.0);
          cairo_set_line_width (cr, 1.0);
          cairo_stroke (cr);
          break;
        case DKG_PLOT_LEGEND_MARKER:
          cairo_arc (cr, x + key / 2, cy, 0.28 * fs, 0, 2 * G_PI);
          cairo_fill (cr);
          break;
        case DKG_PLOT_LEGEND_DASH:
          {
            double dash[2] = { 0.3 * fs, 0.2 * fs };

            cairo_set_dash (cr, dash, 2, 0);
          }
          G_GNUC_FALLTHROUGH;
        case DKG_PLOT_LEGEND_LINE:
        default:
          cairo_set_line_width (cr, MAX (style->line_width, 1.5));
          cairo_move_to (cr, x, cy);
          cairo_line_to (cr, x + key, cy);
          cairo_stroke (cr);
          break;
        }
      cairo_restore (cr);
      _dkg_plot_text (cr, style, DKG_PLOT_FONT_BODY, &style->foreground, e->label,
                      x + key + 0.5 * fs, cy, 0, DKG_PLOT_VALIGN_MIDDLE);
    }
}

/* Axes, ticks, tick labels, axis labels, title and legend, over the data. */
void
_dkg_plot_frame_draw_over (const DkgPlotFrame *f,
                           cairo_t            *cr)
{
  const DkgPlotStyle *style = f->style;
  const DkgPlotFrameSpec *spec = f->spec;
  double fs = style->font_size;
  double ts = _dkg_plot_font_size (style, DKG_PLOT_FONT_TICK);
  double tick = TICK_LEN * fs;
  double ax = f->x0 - 0.5, ay = f->y0 + f->h + 0.5;   /* the spines, just outside the area */
  double ylw = 0, first_w, last_w;

  cairo_save (cr);
  cairo_set_line_width (cr, 1.0);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_SQUARE);
  _dkg_plot_set_color (cr, &style->foreground, 1.0);
  cairo_move_to (cr, ax, f->y0);
  cairo_line_to (cr, ax, ay);
  cairo_line_to (cr, f->x0 + f->w, ay);
  cairo_stroke (cr);

  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  for (guint i = 0; i < f->xt.n; i++)
    {
      double x = crisp (_dkg_plot_frame_x (f, f->xt.value[i]));
      char buf[40];

      if (x > f->x0 + f->w)
        x -= 1;
      cairo_move_to (cr, x, ay);
      cairo_line_to (cr, x, ay + tick);
      cairo_stroke (cr);
      dkg_plot_ticks_format (&f->xt, f->xt.value[i], buf, sizeof buf);
      _dkg_plot_text (cr, style, DKG_PLOT_FONT_TICK, &style->secondary, buf,
                      x, ay + tick + TICK_GAP * fs, 0.5, DKG_PLOT_VALIGN_TOP);
    }
  for (guint i = 0; i < f->yt.n; i++)
    {
      double y = crisp (_dkg_plot_frame_y (f, f->yt.value[i]));
      char buf[40];

      if (y > f->y0 + f->h)
        y -= 1;
      cairo_move_to (cr, ax, y);
      cairo_line_to (cr, ax - tick, y);
      cairo_stroke (cr);
      dkg_plot_ticks_format (&f->yt, f->yt.value[i], buf, sizeof buf);
      _dkg_plot_text (cr, style, DKG_PLOT_FONT_TICK, &style->secondary, buf,
                      ax - tick - TICK_GAP * fs, y, 1.0, DKG_PLOT_VALIGN_MIDDLE);
    }
  cairo_restore (cr);

  if (spec->x_label != NULL)
    _dkg_plot_text (cr, style, DKG_PLOT_FONT_BODY, &style->foreground, spec->x_label,
                    f->x0 + f->w / 2, ay + tick + TICK_GAP * fs + ts + LABEL_GAP * fs,
                    0.5, DKG_PLOT_VALIGN_TOP);
  if (spec->y_label != NULL && *spec->y_label != '\0')
    {
      ylw = max_tick_label_width (cr, style, &f->yt, &first_w, &last_w);
      cairo_save (cr);
      cairo_translate (cr, ax - tick - TICK_GAP * fs - ylw - LABEL_GAP * fs,
                       f->y0 + f->h / 2);
      cairo_rotate (cr, -G_PI / 2);
      _dkg_plot_text (cr, style, DKG_PLOT_FONT_BODY, &style->foreground, spec->y_label,
                      0, 0, 0.5, DKG_PLOT_VALIGN_BOTTOM);
      cairo_restore (cr);
    }
  if (spec->title != NULL && *spec->title != '\0')
    {
      DkgPlotStyle title_style = *style;
      double tw = _dkg_plot_text_width (cr, style, DKG_PLOT_FONT_TITLE, spec->title);
      double inset = MAX (style->title_inset_right, 0.0);
      double avail = f->width - 2 * PAD * fs - inset;
      double hi, cx;

      /* A title wider than its line is set smaller, in steps of 10 % down to 70 %, rather
       * than under the inset's button or past the figure's edge. Steps, not any size: every
       * size is another font in Pango's and cairo's caches, and the plot tests' teardown
       * (cairo_debug_reset_static_data()) failed in 3 of 40 parallel runs while titles were
       * set at arbitrary sizes. */
      for (int step = 9; tw > avail && avail > 0 && step >= 7; step--)
        {
          title_style.font_size = style->font_size * step / 10.0;
          tw = _dkg_plot_text_width (cr, &title_style, DKG_PLOT_FONT_TITLE, spec->title);
        }
      hi = f->width - tw / 2 - PAD * fs - inset;
      cx = MAX (tw / 2 + PAD * fs, MIN (f->x0 + f->w / 2, hi));
      _dkg_plot_text (cr, &title_style, DKG_PLOT_FONT_TITLE, &style->foreground, spec->title,
                      cx, f->title_top, 0.5, DKG_PLOT_VALIGN_TOP);
    }
  draw_legend (f, cr);
}
