/* dkg-plot-image.h — figure grids of images (plain, key, cipher, decrypted) with captions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "dkg-plot-style.h"

G_BEGIN_DECLS

/**
 * DkgPlotPixelFormat:
 * @DKG_PLOT_PIXEL_GREY8: one byte per pixel
 * @DKG_PLOT_PIXEL_GREY_ALPHA8: grey and alpha bytes
 * @DKG_PLOT_PIXEL_RGB8: red, green, blue bytes
 * @DKG_PLOT_PIXEL_RGBA8: red, green, blue, alpha bytes (alpha not premultiplied)
 *
 * Layouts of 8-bit pixel buffers, as #DkgImage stores 8-bit images with 1–4 channels.
 * 16-bit images are windowed to 8-bit first (dkg_plot_window_16()).
 */
typedef enum
{
  DKG_PLOT_PIXEL_GREY8 = 1,
  DKG_PLOT_PIXEL_GREY_ALPHA8 = 2,
  DKG_PLOT_PIXEL_RGB8 = 3,
  DKG_PLOT_PIXEL_RGBA8 = 4,
} DkgPlotPixelFormat;

/**
 * DkgPlotImage:
 * @caption: (nullable): text under the panel, e.g. "Key"
 * @pixels: (array): @height rows of @width pixels
 * @width: pixels per row, ≥ 1
 * @height: rows, ≥ 1
 * @stride: bytes from one row to the next, ≥ @width·bytes per pixel; 0: rows are packed
 * @format: the pixel layout; its value is the number of bytes per pixel
 */
typedef struct
{
  const char          *caption;
  const guint8        *pixels;
  guint                width;
  guint                height;
  gsize                stride;
  DkgPlotPixelFormat   format;
} DkgPlotImage;

/**
 * DkgPlotImageGrid:
 * @title: (nullable): title above the grid
 * @n_images: panels, ≥ 0
 * @images: (array length=n_images): the panels, in reading order
 * @columns: panels per row; 0 chooses the number that makes the panels largest
 * @smooth: interpolate when scaling; %FALSE (the default) shows every pixel as a sharp
 *   square when enlarged, which is what noise-like keys and ciphertexts need (smoothing blurs
 *   them into grey); reductions are always filtered
 *
 * Several images in a grid of equal cells, each scaled to fit its cell with its aspect ratio
 * kept, framed by a hairline, and captioned underneath.
 */
typedef struct
{
  const char          *title;
  guint                n_images;
  const DkgPlotImage  *images;
  guint                columns;
  gboolean             smooth;
} DkgPlotImageGrid;

void  dkg_plot_render_image_grid (cairo_t                 *cr,
                                  double                   width,
                                  double                   height,
                                  const DkgPlotStyle      *style,
                                  const DkgPlotImageGrid  *grid);
void  dkg_plot_image_grid_func   (cairo_t                 *cr,
                                  double                   width,
                                  double                   height,
                                  const DkgPlotStyle      *style,
                                  gconstpointer            grid);
void  dkg_plot_window_16         (const guint16           *samples,
                                  gsize                    n,
                                  gboolean                 is_signed,
                                  double                   center,
                                  double                   window_width,
                                  guint8                  *out);

G_END_DECLS
