/* dkg-metrics.c — reading the trainer's metrics CSV
 *
 * The file dkg_trainer_set_metrics_path() writes (and tools/pytorch/train.py, with the same
 * header): a header line starting "iteration," and one row per iteration, empty fields for
 * values not measured (NaN here). Columns are found by name, so files with fewer or more
 * columns (older releases, later ones) read too. Used by the app's Training page (Open
 * Metrics…) and by `deepkeygen curves` (dkg-cli-curves.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "dkg-error.h"
#include "dkg-metrics.h"

struct _DkgMetrics
{
  GArray     *iterations;   /* element-type double */
  GHashTable *columns;      /* name → GArray of double, one per row */
};

/**
 * dkg_metrics_load:
 * @path: a metrics CSV
 * @error: return location for a #GError
 *
 * Reads every row with at least two fields (a torn last line of a killed run is skipped).
 *
 * Returns: (transfer full): the columns, or %NULL with the file's #GIOError, or
 *   %DKG_ERROR_INVALID_FILE naming the file when it has no "iteration," header or no rows
 */
DkgMetrics *
dkg_metrics_load (const char *path, GError **error)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) header = NULL;
  g_autoptr(GPtrArray) cols = NULL;
  DkgMetrics *m;
  guint n_header;

  if (!g_file_get_contents (path, &text, NULL, error))
    return NULL;
  lines = g_strsplit (text, "\n", -1);
  if (lines[0] == NULL || !g_str_has_prefix (lines[0], "iteration,"))
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                   "“%s” is not a metrics CSV of deepkeygen train (no “iteration,” header)",
                   path);
      return NULL;
    }
  header = g_strsplit (g_strchomp (lines[0]), ",", -1);
  n_header = g_strv_length (header);
  m = g_new0 (DkgMetrics, 1);
  m->iterations = g_array_new (FALSE, FALSE, sizeof (double));
  m->columns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify) g_array_unref);
  cols = g_ptr_array_new ();
  for (guint h = 1; h < n_header; h++)
    {
      GArray *a = g_array_new (FALSE, FALSE, sizeof (double));
      g_hash_table_replace (m->columns, g_strdup (header[h]), a);
      g_ptr_array_add (cols, a);
    }
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = g_strsplit (g_strchomp (lines[i]), ",", -1);
      guint n = g_strv_length (f);
      double it;

      if (n < 2)
        continue;
      it = g_ascii_strtod (f[0], NULL);
      g_array_append_val (m->iterations, it);
      for (guint h = 1; h < n_header; h++)
        {
          double v = h < n && f[h][0] != '\0' ? g_ascii_strtod (f[h], NULL) : NAN;
          g_array_append_val ((GArray *) cols->pdata[h - 1], v);
        }
    }
  if (m->iterations->len == 0)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE, "“%s” has no rows", path);
      dkg_metrics_free (m);
      return NULL;
    }
  return m;
}

void
dkg_metrics_free (DkgMetrics *m)
{
  if (m == NULL)
    return;
  g_array_unref (m->iterations);
  g_hash_table_unref (m->columns);
  g_free (m);
}

/** dkg_metrics_get_n_rows: Returns: the number of rows (≥ 1) */
guint
dkg_metrics_get_n_rows (const DkgMetrics *m)
{
  return m->iterations->len;
}

/** dkg_metrics_get_iterations: Returns: (transfer none) (array): the iteration of each row */
const double *
dkg_metrics_get_iterations (const DkgMetrics *m)
{
  return (const double *) m->iterations->data;
}

/**
 * dkg_metrics_get_column:
 * @name: a header name, e.g. "loss_g"
 *
 * Returns: (transfer none) (array) (nullable): one value per row (NaN where empty), or %NULL
 *   when the file has no such column
 */
const double *
dkg_metrics_get_column (const DkgMetrics *m, const char *name)
{
  GArray *a = g_hash_table_lookup (m->columns, name);

  return a != NULL ? (const double *) a->data : NULL;
}

/** dkg_metrics_has_values: Returns: %TRUE when column @name exists and has a finite value */
gboolean
dkg_metrics_has_values (const DkgMetrics *m, const char *name)
{
  const double *v = dkg_metrics_get_column (m, name);

  for (guint i = 0; v != NULL && i < m->iterations->len; i++)
    if (isfinite (v[i]))
      return TRUE;
  return FALSE;
}
