/* dkg-plot-axis.c — "nice" tick positions (1, 2, 5 × 10^k) and compact tick labels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "dkg-plot-axis.h"
#include "dkg-plot-private.h"

#define EPS 1e-9

/* Makes [lo, hi] a proper interval: finite, lo < hi. */
static void
sanitize_range (double *lo,
                double *hi)
{
  if (!isfinite (*lo) || !isfinite (*hi))
    {
      *lo = 0;
      *hi = 1;
    }
  if (*lo > *hi)
    {
      double t = *lo;

      *lo = *hi;
      *hi = t;
    }
  if (*lo == *hi)
    {
      double d = fabs (*lo) * 0.1;

      if (*lo == 0)
        *hi = 1;
      else
        {
          *lo -= d;
          *hi += d;
        }
    }
}

static guint
count_ticks (double   lo,
             double   hi,
             double   step,
             gboolean extend,
             double  *first)
{
  double a, b;

  if (extend)
    {
      a = floor (lo / step + EPS);
      b = ceil (hi / step - EPS);
    }
  else
    {
      a = ceil (lo / step - EPS);
      b = floor (hi / step + EPS);
    }
  *first = a;
  if (b < a)
    return 0;
  return (guint) MIN (b - a + 1, 1e6);
}

/**
 * dkg_plot_ticks_linear:
 * @ticks: (out caller-allocates): the result
 * @lo: lower end of the data, any finite value
 * @hi: upper end of the data; when @lo = @hi the range is widened (to [0, 1] for 0)
 * @max_ticks: most ticks wanted, 2 … %DKG_PLOT_MAX_TICKS (clamped; at least 3 when @extend)
 * @extend: %TRUE widens [@lo, @hi] outwards to the nearest ticks (value axes that start and end
 *   on a tick); %FALSE keeps [@lo, @hi] and places the ticks inside it (e.g. 0 … 255 pixel
 *   values, iterations)
 *
 * Chooses the smallest step of the form 1, 2 or 5 × 10^k (Heckbert, "Nice numbers for graph
 * labels", Graphics Gems 1990) that gives at most @max_ticks ticks, and lists them. Tick values
 * are exact multiples of the step (no 0.30000000000000004).
 */
void
dkg_plot_ticks_linear (DkgPlotTicks *ticks,
                       double        lo,
                       double        hi,
                       guint         max_ticks,
                       gboolean      extend)
{
  static const double mantissa[3] = { 1, 2, 5 };
  double span, step = 1, first = 0;
  int k;
  guint n = 0;
  gboolean found = FALSE;

  g_return_if_fail (ticks != NULL);

  sanitize_range (&lo, &hi);
  /* A widened range that straddles 0 always has a tick below, at and above 0. */
  max_ticks = CLAMP (max_ticks, extend ? 3 : 2, DKG_PLOT_MAX_TICKS);
  span = hi - lo;
  k = (int) floor (log10 (span / max_ticks)) - 1;
  memset (ticks, 0, sizeof *ticks);

  for (int e = k; e <= k + 4 && !found; e++)
    for (guint m = 0; m < 3 && !found; m++)
      {
        step = mantissa[m] * pow (10, e);
        n = count_ticks (lo, hi, step, extend, &first);
        found = n <= max_ticks;
      }
  if (extend)
    {
      lo = MIN (lo, first * step);
      hi = MAX (hi, (first + n - 1) * step);
    }
  ticks->lo = lo;
  ticks->hi = hi;
  ticks->log = FALSE;
  ticks->step = step;
  ticks->n = MIN (n, DKG_PLOT_MAX_TICKS);
  for (guint i = 0; i < ticks->n; i++)
    {
      double v = (first + i) * step;

      /* Multiples of 10^e with e < 0 are rounded to the step's decimals, so 0.1·3 prints
       * and compares as 0.3. */
      if (step < 1)
        {
          double scale = pow (10, ceil (-log10 (step) - EPS));

          v = round (v * scale) / scale;
        }
      ticks->value[i] = v == 0 ? 0 : v;   /* no −0 */
    }
}

/**
 * dkg_plot_ticks_log:
 * @ticks: (out caller-allocates): the result
 * @lo: lower end of the axis, > 0
 * @hi: upper end of the axis, > @lo
 *
 * Ticks of a base-10 logarithmic axis over [@lo, @hi], which is kept as given: the powers of ten
 * inside it (every second or fifth one when there are more than 12 decades), or, when the range
 * spans less than two decades and so holds fewer than two powers of ten, the values 1, 2 and 5 ×
 * 10^k inside it.
 */
void
dkg_plot_ticks_log (DkgPlotTicks *ticks,
                    double        lo,
                    double        hi)
{
  double a, b;
  int every = 1;

  g_return_if_fail (ticks != NULL);

  if (!(lo > 0) || !isfinite (lo))
    lo = 1;
  if (!(hi > lo) || !isfinite (hi))
    hi = lo * 10;
  memset (ticks, 0, sizeof *ticks);
  ticks->lo = lo;
  ticks->hi = hi;
  ticks->log = TRUE;
  a = ceil (log10 (lo) - EPS);
  b = floor (log10 (hi) + EPS);
  if (b - a + 1 > 12)
    every = b - a + 1 > 30 ? 5 : 2;
  ticks->step = pow (10, every);
  if (b - a >= 1)
    {
      for (double e = a; e <= b && ticks->n < DKG_PLOT_MAX_TICKS; e += every)
        ticks->value[ticks->n++] = pow (10, e);
      return;
    }
  for (double e = floor (log10 (lo)); e <= b + 1 && ticks->n < DKG_PLOT_MAX_TICKS; e++)
    for (guint m = 0; m < 3; m++)
      {
        static const double mantissa[3] = { 1, 2, 5 };
        double v = mantissa[m] * pow (10, e);

        if (v >= lo * (1 - EPS) && v <= hi * (1 + EPS) && ticks->n < DKG_PLOT_MAX_TICKS)
          ticks->value[ticks->n++] = v;
      }
}

static int
decimals_for (double x)
{
  if (!(x > 0))
    return 0;
  return CLAMP ((int) -floor (log10 (x) + EPS), 0, 8);
}

/**
 * dkg_plot_ticks_format:
 * @ticks: the axis @value belongs to
 * @value: a tick value
 * @buf: (out caller-allocates) (array length=size): the label, NUL-terminated UTF-8
 * @size: bytes available in @buf, ≥ 1 (32 is always enough)
 *
 * A short label for a tick: as many decimals as the step needs and no more ("0", "0.5", "1"),
 * thousands as k, M or G when the axis reaches 10⁴ ("50k", "1.5M" — readable at small sizes,
 * where 1500000 is not), scientific notation below 10⁻⁵, and a true minus sign (U+2212).
 * Every tick of one linear axis uses the same unit and decimals.
 *
 * Returns: the length of the label in bytes, as g_snprintf() would give it
 */
gsize
dkg_plot_ticks_format (const DkgPlotTicks *ticks,
                       double              value,
                       char               *buf,
                       gsize               size)
{
  double mag = 0, unit = 1, a;
  const char *suffix = "";
  char num[40];
  int decimals;

  g_return_val_if_fail (ticks != NULL && buf != NULL && size >= 1, 0);

  if (!isfinite (value))
    return g_snprintf (buf, size, "%s", isnan (value) ? "NaN" : value > 0 ? "∞" : "−∞");
  if (ticks->log)
    mag = fabs (value);
  else
    {
      for (guint i = 0; i < ticks->n; i++)
        mag = MAX (mag, fabs (ticks->value[i]));
      if (ticks->n == 0)
        mag = MAX (fabs (ticks->lo), fabs (ticks->hi));
      if (fabs (value) < ticks->step * 1e-6)
        value = 0;
    }
  if (mag >= 1e9)
    unit = 1e9, suffix = "G";
  else if (mag >= 1e6)
    unit = 1e6, suffix = "M";
  else if (mag >= 1e4)
    unit = 1e3, suffix = "k";

  a = fabs (value) / unit;
  if (ticks->log)
    decimals = decimals_for (a);
  else
    decimals = decimals_for (ticks->step / unit);
  if (value == 0)
    g_snprintf (num, sizeof num, "0");
  else if (mag < 1e-5 || (ticks->log && a < 1e-5))
    g_snprintf (num, sizeof num, "%.1e", a);
  else
    g_snprintf (num, sizeof num, "%.*f%s", decimals, a, suffix);
  return g_snprintf (buf, size, "%s%s", value < 0 ? "−" : "", num);
}

/* Where @v lies on an axis from @lo (0) to @hi (1), on a log₁₀ scale when @log_scale: the
 * mapping dkg_plot_area_to_device() and the renderers' frames share. */
double
_dkg_plot_axis_fraction (double   v,
                         double   lo,
                         double   hi,
                         gboolean log_scale)
{
  if (log_scale)
    return (log10 (v) - log10 (lo)) / (log10 (hi) - log10 (lo));
  return (v - lo) / (hi - lo);
}

/**
 * dkg_plot_area_to_device:
 * @area: a plot area
 * @data_x: data x value
 * @data_y: data y value (> 0 on a log axis)
 * @device_x: (out) (optional): device x, from the figure's left
 * @device_y: (out) (optional): device y, from the figure's top
 *
 * Maps a data point to the figure's device coordinates (linear, or log₁₀ in y when
 * @area->y_log). Points outside the axis ranges map outside the plot area.
 */
void
dkg_plot_area_to_device (const DkgPlotArea *area,
                         double             data_x,
                         double             data_y,
                         double            *device_x,
                         double            *device_y)
{
  g_return_if_fail (area != NULL);

  if (device_x != NULL)
    *device_x = area->x
                + _dkg_plot_axis_fraction (data_x, area->x_lo, area->x_hi, FALSE) * area->width;
  if (device_y != NULL)
    *device_y = area->y + area->height * (1 - _dkg_plot_axis_fraction (data_y, area->y_lo,
                                                                        area->y_hi, area->y_log));
}

/**
 * dkg_plot_area_to_data:
 * @area: a plot area
 * @device_x: device x, from the figure's left
 * @device_y: device y, from the figure's top
 * @data_x: (out) (optional): data x value
 * @data_y: (out) (optional): data y value
 *
 * The inverse of dkg_plot_area_to_device(): the data value under a device position, e.g.
 * the pointer's.
 */
void
dkg_plot_area_to_data (const DkgPlotArea *area,
                       double             device_x,
                       double             device_y,
                       double            *data_x,
                       double            *data_y)
{
  g_return_if_fail (area != NULL);

  if (data_x != NULL)
    *data_x = area->x_lo + (device_x - area->x) / area->width * (area->x_hi - area->x_lo);
  if (data_y != NULL)
    {
      double t = 1 - (device_y - area->y) / area->height;

      if (area->y_log)
        *data_y = pow (10, log10 (area->y_lo) + t * (log10 (area->y_hi) - log10 (area->y_lo)));
      else
        *data_y = area->y_lo + t * (area->y_hi - area->y_lo);
    }
}

/**
 * dkg_plot_area_contains:
 * @area: a plot area
 * @device_x: device x
 * @device_y: device y
 *
 * Returns: whether the device position lies inside the plot area (edges included)
 */
gboolean
dkg_plot_area_contains (const DkgPlotArea *area,
                        double             device_x,
                        double             device_y)
{
  g_return_val_if_fail (area != NULL, FALSE);

  return device_x >= area->x && device_x <= area->x + area->width
         && device_y >= area->y && device_y <= area->y + area->height;
}
