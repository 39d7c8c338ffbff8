/* dkg-plot-style.c — light and dark styles with the Okabe–Ito palette
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "dkg-plot-style.h"

/* Okabe–Ito (2008) colours, 0xRRGGBB. */
#define OI_ORANGE     0xE69F00
#define OI_SKY_BLUE   0x56B4E9
#define OI_GREEN      0x009E73
#define OI_YELLOW     0xF0E442
#define OI_BLUE       0x0072B2
#define OI_VERMILLION 0xD55E00
#define OI_PURPLE     0xCC79A7

/**
 * dkg_plot_color_parse_hex:
 * @color: (out caller-allocates): the colour to set
 * @rgb: 0xRRGGBB
 *
 * Sets @color to the opaque colour @rgb.
 */
void
dkg_plot_color_parse_hex (DkgPlotColor *color,
                          guint32       rgb)
{
  g_return_if_fail (color != NULL);

  color->r = ((rgb >> 16) & 0xff) / 255.0;
  color->g = ((rgb >> 8) & 0xff) / 255.0;
  color->b = (rgb & 0xff) / 255.0;
  color->a = 1.0;
}

static void
style_init_common (DkgPlotStyle *style)
{
  style->font_family = "Sans";
  style->font_size = 12.0;
  style->line_width = 1.5;
  style->marker_size = 2.4;
  style->draw_text = TRUE;
  style->draw_grid = TRUE;
  style->draw_background = TRUE;
  style->title_inset_right = 0.0;
}

/**
 * dkg_plot_style_init_light:
 * @style: (out caller-allocates): the style to fill
 *
 * The default style for print and light themes: white background, near-black text, light
 * grey grid, series in the Okabe–Ito order blue, vermillion, bluish green, orange, reddish
 * purple, sky blue, grey, yellow. Body text is 12 device units, data lines 1.5.
 */
void
dkg_plot_style_init_light (DkgPlotStyle *style)
{
  static const guint32 palette[DKG_PLOT_N_SERIES_COLORS] = {
    OI_BLUE, OI_VERMILLION, OI_GREEN, OI_ORANGE, OI_PURPLE, OI_SKY_BLUE, 0x555555, OI_YELLOW,
  };

  g_return_if_fail (style != NULL);

  dkg_plot_color_parse_hex (&style->background, 0xFFFFFF);
  dkg_plot_color_parse_hex (&style->foreground, 0x1A1A1A);
  dkg_plot_color_parse_hex (&style->secondary, 0x4D4D4D);
  dkg_plot_color_parse_hex (&style->grid, 0xE3E3E3);
  dkg_plot_color_parse_hex (&style->stripe, 0xF2F2F2);
  dkg_plot_color_parse_hex (&style->pass, OI_GREEN);
  dkg_plot_color_parse_hex (&style->fail, OI_VERMILLION);
  for (guint i = 0; i < DKG_PLOT_N_SERIES_COLORS; i++)
    dkg_plot_color_parse_hex (&style->series[i], palette[i]);
  style_init_common (style);
}

/**
 * dkg_plot_style_init_dark:
 * @style: (out caller-allocates): the style to fill
 *
 * The style for dark themes (libadwaita's dark view background #1E1E1E): light text, dark grey
 * grid, and the Okabe–Ito series with sky blue first (blue on black is too dark), then
 * vermillion, bluish green, orange, reddish purple, yellow, light grey, blue — the same hues
 * as dkg_plot_style_init_light() for the first five series.
 */
void
dkg_plot_style_init_dark (DkgPlotStyle *style)
{
  static const guint32 palette[DKG_PLOT_N_SERIES_COLORS] = {
    OI_SKY_BLUE, OI_VERMILLION, OI_GREEN, OI_ORANGE, OI_PURPLE, OI_YELLOW, 0xBBBBBB, OI_BLUE,
  };

  g_return_if_fail (style != NULL);

  dkg_plot_color_parse_hex (&style->background, 0x1E1E1E);
  dkg_plot_color_parse_hex (&style->foreground, 0xEDEDED);
  dkg_plot_color_parse_hex (&style->secondary, 0xBDBDBD);
  dkg_plot_color_parse_hex (&style->grid, 0x3A3A3A);
  dkg_plot_color_parse_hex (&style->stripe, 0x2B2B2B);
  dkg_plot_color_parse_hex (&style->pass, OI_GREEN);
  dkg_plot_color_parse_hex (&style->fail, OI_VERMILLION);
  for (guint i = 0; i < DKG_PLOT_N_SERIES_COLORS; i++)
    dkg_plot_color_parse_hex (&style->series[i], palette[i]);
  style_init_common (style);
}

/**
 * dkg_plot_style_series_color:
 * @style: a style
 * @index: series number, any value (the palette repeats)
 *
 * Returns: (transfer none): the colour of series @index, @style->series[@index mod 8]
 */
const DkgPlotColor *
dkg_plot_style_series_color (const DkgPlotStyle *style,
                             guint               index)
{
  g_return_val_if_fail (style != NULL, NULL);

  return &style->series[index % DKG_PLOT_N_SERIES_COLORS];
}

/**
 * dkg_plot_style_channel_color:
 * @style: a style
 * @channel: channel index, 0 … @channels − 1
 * @channels: channels of the image, 1 … 4
 *
 * The colour to draw one channel's histogram or scatter with: for RGB(A) images red, green and
 * blue channels get Okabe–Ito vermillion, bluish green and blue (sky blue in dark styles, when
 * it leads the palette); grey channels and alpha get @style->secondary.
 *
 * Returns: the colour, opaque
 */
DkgPlotColor
dkg_plot_style_channel_color (const DkgPlotStyle *style,
                              guint               channel,
                              guint               channels)
{
  DkgPlotColor c = { 0, 0, 0, 1 };

  g_return_val_if_fail (style != NULL, c);

  if (channels >= 3 && channel < 3)
    {
      if (channel == 0)
        dkg_plot_color_parse_hex (&c, OI_VERMILLION);
      else if (channel == 1)
        dkg_plot_color_parse_hex (&c, OI_GREEN);
      else
        c = style->series[0];   /* the style's blue: blue, or sky blue on dark */
      c.a = 1.0;
      return c;
    }
  c = style->secondary;
  c.a = 1.0;
  return c;
}
