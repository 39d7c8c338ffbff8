/* dkg-nist-result.c — results and reports of the SP 800-22 suite, and their JSON form
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdarg.h>

#include <json-glib/json-glib.h>

#include "dkg-nist-private.h"

typedef struct
{
  const char *name;   /* static */
  gint64      value;
} NistParam;

typedef struct
{
  const char *name;   /* static */
  double      value;
} NistStat;

struct _DkgNistResult
{
  DkgNistTest   test;
  DkgNistStatus status;
  double        alpha;
  char         *reason;          /* owned; set when not applicable */
  GString      *note;            /* owned, nullable: advisories (recommended sizes not met) */
  GArray       *p_values;        /* owned, element-type double */
  GPtrArray    *labels;          /* owned, element-type utf8 (nullable elements) */
  GArray       *params;          /* owned, element-type NistParam */
  GArray       *stats;           /* owned, element-type NistStat */
  guint         n_passed;
  double        min_proportion;
  double        elapsed;         /* seconds */
};

struct _DkgNistReport
{
  gsize          n_bits;
  DkgNistParams  params;
  DkgNistResult *results[DKG_NIST_N_TESTS];   /* owned */
  double         elapsed;
};

DkgNistResult *
_dkg_nist_result_new (DkgNistTest test, double alpha)
{
  DkgNistResult *r = g_new0 (DkgNistResult, 1);

  r->test = test;
  r->alpha = alpha;
  r->status = DKG_NIST_STATUS_PASS;
  r->p_values = g_array_new (FALSE, FALSE, sizeof (double));
  r->labels = g_ptr_array_new_with_free_func (g_free);
  r->params = g_array_new (FALSE, FALSE, sizeof (NistParam));
  r->stats = g_array_new (FALSE, FALSE, sizeof (NistStat));
  return r;
}

void
_dkg_nist_result_add_param (DkgNistResult *r, const char *name, gint64 value)
{
  NistParam p = { name, value };

  g_array_append_val (r->params, p);
}

void
_dkg_nist_result_add_stat (DkgNistResult *r, const char *name, double value)
{
  NistStat s = { name, value };

  g_array_append_val (r->stats, s);
}

void
_dkg_nist_result_add_p_value (DkgNistResult *r, const char *label, double p)
{
  g_array_append_val (r->p_values, p);
  g_ptr_array_add (r->labels, g_strdup (label));
}

void
_dkg_nist_result_set_not_applicable (DkgNistResult *r, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_free (r->reason);
  r->reason = g_strdup_vprintf (format, args);
  va_end (args);
  r->status = DKG_NIST_STATUS_NOT_APPLICABLE;
}

void
_dkg_nist_result_add_note (DkgNistResult *r, const char *format, ...)
{
  va_list args;

  if (r->note == NULL)
    r->note = g_string_new (NULL);
  else
    g_string_append (r->note, "; ");
  va_start (args, format);
  g_string_append_vprintf (r->note, format, args);
  va_end (args);
}

/* Decides the status. A p-value that is not a number (a degenerate statistic) makes the test
 * not applicable; rounding outside [0, 1] (1 − Σ + Σ of §2.13) is clamped. */
void
_dkg_nist_result_finish (DkgNistResult *r)
{
  guint k;

  for (guint i = 0; i < r->p_values->len && r->status != DKG_NIST_STATUS_NOT_APPLICABLE; i++)
    {
      double *p = &g_array_index (r->p_values, double, i);

      if (isnan (*p))
        _dkg_nist_result_set_not_applicable (r, _("The statistic is undefined for this sequence "
                                                  "(its p-value is not a number)"));
      else
        *p = CLAMP (*p, 0.0, 1.0);
    }
  if (r->status != DKG_NIST_STATUS_NOT_APPLICABLE && r->p_values->len == 0)
    _dkg_nist_result_set_not_applicable (r, _("No p-value was computed"));
  if (r->status == DKG_NIST_STATUS_NOT_APPLICABLE)
    {
      g_array_set_size (r->p_values, 0);
      g_ptr_array_set_size (r->labels, 0);
      r->n_passed = 0;
      r->min_proportion = 0;
      return;
    }
  k = r->p_values->len;
  r->n_passed = 0;
  for (guint i = 0; i < k; i++)
    if (g_array_index (r->p_values, double, i) >= r->alpha)
      r->n_passed++;
  if (k == 1)
    r->min_proportion = 1.0;
  else
    r->min_proportion = (1 - r->alpha) - 3 * sqrt (r->alpha * (1 - r->alpha) / k);
  r->status = (double) r->n_passed / k >= r->min_proportion ? DKG_NIST_STATUS_PASS
                                                            : DKG_NIST_STATUS_FAIL;
}

void
_dkg_nist_result_set_elapsed (DkgNistResult *r, double seconds)
{
  r->elapsed = seconds;
}

/**
 * dkg_nist_result_free:
 * @result: (nullable) (transfer full): the result of a test of SP 800-22 rev 1a §2
 *
 * Frees @result.
 */
void
dkg_nist_result_free (DkgNistResult *result)
{
  if (result == NULL)
    return;
  g_free (result->reason);
  if (result->note != NULL)
    g_string_free (result->note, TRUE);
  g_array_unref (result->p_values);
  g_ptr_array_unref (result->labels);
  g_array_unref (result->params);
  g_array_unref (result->stats);
  g_free (result);
}

/**
 * dkg_nist_result_get_test:
 * @result: a result
 *
 * Returns: the test (SP 800-22 rev 1a §2.x, see dkg_nist_test_get_section())
 */
DkgNistTest
dkg_nist_result_get_test (const DkgNistResult *result)
{
  g_return_val_if_fail (result != NULL, 0);
  return result->test;
}

/**
 * dkg_nist_result_get_name:
 * @result: a result
 *
 * Returns: the identifier of the test (SP 800-22 rev 1a §2.x), sts-2.1.2's name for it, e.g.
 *   "Frequency" (dkg_nist_test_get_id())
 */
const char *
dkg_nist_result_get_name (const DkgNistResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);
  return dkg_nist_test_get_id (result->test);
}

/**
 * dkg_nist_result_get_status:
 * @result: a result
 *
 * Pass or fail at α (SP 800-22 rev 1a §4.2): with one p-value, pass when p ≥ α; with k > 1,
 * pass when the proportion of p-values ≥ α is at least the §4.2.1 bound
 * (1 − α) − 3√(α(1 − α)/k) (dkg_nist_result_get_min_proportion()). The §4.2.1 interval is
 * meant for many sequences; applied to the p-values of one test it is a summary, the p-values
 * themselves are the result. Not applicable when a precondition fails.
 *
 * Returns: the status
 */
DkgNistStatus
dkg_nist_result_get_status (const DkgNistResult *result)
{
  g_return_val_if_fail (result != NULL, DKG_NIST_STATUS_NOT_APPLICABLE);
  return result->status;
}

/**
 * dkg_nist_result_get_reason:
 * @result: a result
 *
 * Returns: (nullable): why the test is not applicable (the precondition of SP 800-22 rev 1a
 *   or sts-2.1.2 that failed, with the numbers), or %NULL if it ran
 */
const char *
dkg_nist_result_get_reason (const DkgNistResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);
  return result->reason;
}

/**
 * dkg_nist_result_get_note:
 * @result: a result
 *
 * Returns: (nullable): advisories that do not stop the test, such as a sequence shorter than
 *   the minimum SP 800-22 rev 1a §2.x.7 recommends, or %NULL
 */
const char *
dkg_nist_result_get_note (const DkgNistResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);
  return result->note != NULL ? result->note->str : NULL;
}

/**
 * dkg_nist_result_get_alpha:
 * @result: a result
 *
 * Returns: the significance level α used (SP 800-22 rev 1a §1.1.5, §4.2)
 */
double
dkg_nist_result_get_alpha (const DkgNistResult *result)
{
  g_return_val_if_fail (result != NULL, 0);
  return result->alpha;
}

/**
 * dkg_nist_result_get_n_p_values:
 * @result: a result
 *
 * Returns: the number of p-values: 0 if not applicable; 2 for cumulative sums (§2.13) and
 *   serial (§2.11); 8 for random excursions (§2.14); 18 for its variant (§2.15); one per
 *   template for non-overlapping templates (§2.7; 148 for m = 9); else 1
 */
guint
dkg_nist_result_get_n_p_values (const DkgNistResult *result)
{
  g_return_val_if_fail (result != NULL, 0);
  return result->p_values->len;
}

/**
 * dkg_nist_result_get_p_value:
 * @result: a result
 * @i: index, < dkg_nist_result_get_n_p_values()
 *
 * Returns: p-value @i, in [0, 1] (SP 800-22 rev 1a §1.1.5)
 */
double
dkg_nist_result_get_p_value (const DkgNistResult *result, guint i)
{
  g_return_val_if_fail (result != NULL, NAN);
  g_return_val_if_fail (i < result->p_values->len, NAN);
  return g_array_index (result->p_values, double, i);
}

/**
 * dkg_nist_result_get_p_value_label:
 * @result: a result
 * @i: index, < dkg_nist_result_get_n_p_values()
 *
 * Returns: (nullable): what p-value @i is about: "forward"/"reverse" (§2.13), "del1"/"del2"
 *   for ∇ψ²m and ∇²ψ²m (§2.11), the template bits such as "000000001" (§2.7), the state such as
 *   "x=-4" (§2.14, §2.15); %NULL for tests with a single p-value
 */
const char *
dkg_nist_result_get_p_value_label (const DkgNistResult *result, guint i)
{
  g_return_val_if_fail (result != NULL, NULL);
  g_return_val_if_fail (i < result->labels->len, NULL);
  return g_ptr_array_index (result->labels, i);
}

/**
 * dkg_nist_result_get_passed:
 * @result: a result
 * @i: index, < dkg_nist_result_get_n_p_values()
 *
 * Returns: whether p-value @i ≥ α (SP 800-22 rev 1a §1.1.5: the sequence is accepted as random
 *   by this statistic)
 */
gboolean
dkg_nist_result_get_passed (const DkgNistResult *result, guint i)
{
  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (i < result->p_values->len, FALSE);
  return g_array_index (result->p_values, double, i) >= result->alpha;
}

/**
 * dkg_nist_result_get_n_passed:
 * @result: a result
 *
 * Returns: how many p-values are ≥ α (SP 800-22 rev 1a §4.2.1)
 */
guint
dkg_nist_result_get_n_passed (const DkgNistResult *result)
{
  g_return_val_if_fail (result != NULL, 0);
  return result->n_passed;
}

/**
 * dkg_nist_result_get_proportion:
 * @result: a result
 *
 * Returns: the proportion of p-values ≥ α (SP 800-22 rev 1a §4.2.1), or 0 if not applicable
 */
double
dkg_nist_result_get_proportion (const DkgNistResult *result)
{
  g_return_val_if_fail (result != NULL, 0);
  if (result->p_values->len == 0)
    return 0;
  return (double) result->n_passed / result->p_values->len;
}

/**
 * dkg_nist_result_get_min_proportion:
 * @result: a result
 *
 * Returns: the smallest passing proportion: 1 for a single p-value, else the lower end of the
 *   SP 800-22 rev 1a §4.2.1 interval (1 − α) − 3√(α(1 − α)/k); 0 if not applicable
 */
double
dkg_nist_result_get_min_proportion (const DkgNistResult *result)
{
  g_return_val_if_fail (result != NULL, 0);
  return result->min_proportion;
}

/**
 * dkg_nist_result_get_n_params:
 * @result: a result
 *
 * Returns: the number of parameters the test used (n, M, N, m, K, L, Q, J, …, with the names
 *   of SP 800-22 rev 1a §2.x.2–§2.x.4); reported even when the test is not applicable
 */
guint
dkg_nist_result_get_n_params (const DkgNistResult *result)
{
  g_return_val_if_fail (result != NULL, 0);
  return result->params->len;
}

/**
 * dkg_nist_result_get_param:
 * @result: a result
 * @i: index, < dkg_nist_result_get_n_params()
 * @name: (out) (optional) (transfer none): the parameter's name in SP 800-22 rev 1a §2
 *
 * Returns: the value of parameter @i
 */
gint64
dkg_nist_result_get_param (const DkgNistResult *result, guint i, const char **name)
{
  const NistParam *p;

  g_return_val_if_fail (result != NULL, 0);
  g_return_val_if_fail (i < result->params->len, 0);
  p = &g_array_index (result->params, NistParam, i);
  if (name != NULL)
    *name = p->name;
  return p->value;
}

/* Index of the entry called @name in an array of NistParam or NistStat (both start with the
 * name), or −1. */
static int
find_named (GArray     *array,
            const char *name)
{
  guint size = g_array_get_element_size (array);

  for (guint i = 0; i < array->len; i++)
    if (g_str_equal (*(const char *const *) (array->data + (gsize) i * size), name))
      return (int) i;
  return -1;
}

/**
 * dkg_nist_result_lookup_param:
 * @result: a result
 * @name: a parameter name of SP 800-22 rev 1a §2 ("n", "M", "L", …)
 * @value: (out) (optional): its value
 *
 * Returns: whether the test has a parameter @name
 */
gboolean
dkg_nist_result_lookup_param (const DkgNistResult *result, const char *name, gint64 *value)
{
  int i;

  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  i = find_named (result->params, name);
  if (i >= 0 && value != NULL)
    *value = g_array_index (result->params, NistParam, i).value;
  return i >= 0;
}

/**
 * dkg_nist_result_get_n_stats:
 * @result: a result
 *
 * Returns: the number of intermediate statistics (χ², counts ν_i, s_obs, …, named as in
 *   SP 800-22 rev 1a §2.x.4) recorded with the result
 */
guint
dkg_nist_result_get_n_stats (const DkgNistResult *result)
{
  g_return_val_if_fail (result != NULL, 0);
  return result->stats->len;
}

/**
 * dkg_nist_result_get_stat:
 * @result: a result
 * @i: index, < dkg_nist_result_get_n_stats()
 * @name: (out) (optional) (transfer none): its name, as in SP 800-22 rev 1a §2.x.4
 *
 * Returns: the value of statistic @i
 */
double
dkg_nist_result_get_stat (const DkgNistResult *result, guint i, const char **name)
{
  const NistStat *s;

  g_return_val_if_fail (result != NULL, NAN);
  g_return_val_if_fail (i < result->stats->len, NAN);
  s = &g_array_index (result->stats, NistStat, i);
  if (name != NULL)
    *name = s->name;
  return s->value;
}

/**
 * dkg_nist_result_lookup_stat:
 * @result: a result
 * @name: a statistic's name ("chi2", "nu_0", …; the symbols of SP 800-22 rev 1a §2.x.4)
 * @value: (out) (optional): its value
 *
 * Returns: whether the result has a statistic @name
 */
gboolean
dkg_nist_result_lookup_stat (const DkgNistResult *result, const char *name, double *value)
{
  int i;

  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  i = find_named (result->stats, name);
  if (i >= 0 && value != NULL)
    *value = g_array_index (result->stats, NistStat, i).value;
  return i >= 0;
}

/**
 * dkg_nist_result_get_elapsed:
 * @result: a result
 *
 * Returns: wall-clock seconds the test (SP 800-22 rev 1a §2.x) took (monotonic clock, one
 *   thread)
 */
double
dkg_nist_result_get_elapsed (const DkgNistResult *result)
{
  g_return_val_if_fail (result != NULL, 0);
  return result->elapsed;
}

DkgNistReport *
_dkg_nist_report_new (gsize n_bits, const DkgNistParams *params)
{
  DkgNistReport *report = g_new0 (DkgNistReport, 1);

  report->n_bits = n_bits;
  report->params = *params;
  return report;
}

void
_dkg_nist_report_take_result (DkgNistReport *report, DkgNistResult *result)
{
  g_assert (report->results[result->test] == NULL);
  report->results[result->test] = result;
}

void
_dkg_nist_report_set_elapsed (DkgNistReport *report, double seconds)
{
  report->elapsed = seconds;
}

/**
 * dkg_nist_report_free:
 * @report: (nullable) (transfer full): the results of the 15 tests of SP 800-22 rev 1a §2
 *
 * Frees @report and its results.
 */
void
dkg_nist_report_free (DkgNistReport *report)
{
  if (report == NULL)
    return;
  for (guint t = 0; t < DKG_NIST_N_TESTS; t++)
    dkg_nist_result_free (report->results[t]);
  g_free (report);
}

/**
 * dkg_nist_report_get_n_bits:
 * @report: a report
 *
 * Returns: n, the length of the tested sequence (SP 800-22 rev 1a §2)
 */
gsize
dkg_nist_report_get_n_bits (const DkgNistReport *report)
{
  g_return_val_if_fail (report != NULL, 0);
  return report->n_bits;
}

/**
 * dkg_nist_report_get_params:
 * @report: a report
 *
 * Returns: (transfer none): the parameters used (SP 800-22 rev 1a §2.x.2, sts-2.1.2 defaults
 *   unless the caller changed them)
 */
const DkgNistParams *
dkg_nist_report_get_params (const DkgNistReport *report)
{
  g_return_val_if_fail (report != NULL, NULL);
  return &report->params;
}

/**
 * dkg_nist_report_get_result:
 * @report: a report
 * @test: a test
 *
 * Returns: (transfer none): the result of @test (SP 800-22 rev 1a §2.x)
 */
const DkgNistResult *
dkg_nist_report_get_result (const DkgNistReport *report, DkgNistTest test)
{
  g_return_val_if_fail (report != NULL, NULL);
  g_return_val_if_fail ((guint) test < DKG_NIST_N_TESTS, NULL);
  return report->results[test];
}

/**
 * dkg_nist_report_count_status:
 * @report: a report
 * @status: a status
 *
 * Returns: how many of the 15 tests of SP 800-22 rev 1a §2 have @status
 */
guint
dkg_nist_report_count_status (const DkgNistReport *report, DkgNistStatus status)
{
  guint n = 0;

  g_return_val_if_fail (report != NULL, 0);
  for (guint t = 0; t < DKG_NIST_N_TESTS; t++)
    if (report->results[t]->status == status)
      n++;
  return n;
}

/**
 * dkg_nist_report_get_elapsed:
 * @report: a report
 *
 * Returns: wall-clock seconds for all 15 tests of SP 800-22 rev 1a §2 (for dkg_nist_run_all(),
 *   packing the bytes included)
 */
double
dkg_nist_report_get_elapsed (const DkgNistReport *report)
{
  g_return_val_if_fail (report != NULL, 0);
  return report->elapsed;
}

static void
add_double (JsonBuilder *b, double v)
{
  if (isfinite (v))
    json_builder_add_double_value (b, v);
  else
    json_builder_add_null_value (b);
}

/**
 * dkg_nist_report_to_json:
 * @report: a report
 * @pretty: indent the output
 *
 * Serialises the report:
 * |[
 * { "n_bits": 1000000, "alpha": 0.01,
 *   "parameters": { "block_frequency_m": 128, … },
 *   "tests": [ { "id": "Frequency", "title": "Frequency (monobit)", "section": "2.1",
 *                "status": "pass" | "fail" | "not-applicable",
 *                "reason": "…" (only when not applicable), "note": "…" (only when set),
 *                "parameters": { "n": 1000000 }, "statistics": { "s_obs": 0.058 },
 *                "p_values": [ { "label": "forward" (if any), "p_value": 0.95, "pass": true } ],
 *                "passed": 1, "total": 1, "proportion": 1.0, "min_proportion": 1.0 }, … ] }
 * ]|
 * Tests appear in the order of #DkgNistTest, ids are dkg_nist_test_get_id(), sections refer to
 * SP 800-22 rev 1a. Timings are not included, so the output depends only on the input.
 *
 * Returns: (transfer full): the JSON text
 */
char *
dkg_nist_report_to_json (const DkgNistReport *report, gboolean pretty)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  const DkgNistParams *pp;

  g_return_val_if_fail (report != NULL, NULL);
  pp = &report->params;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "n_bits");
  json_builder_add_int_value (b, (gint64) report->n_bits);
  json_builder_set_member_name (b, "alpha");
  json_builder_add_double_value (b, pp->alpha);
  json_builder_set_member_name (b, "parameters");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "block_frequency_m");
  json_builder_add_int_value (b, pp->block_frequency_m);
  json_builder_set_member_name (b, "non_overlapping_m");
  json_builder_add_int_value (b, pp->non_overlapping_m);
  json_builder_set_member_name (b, "non_overlapping_n_blocks");
  json_builder_add_int_value (b, pp->non_overlapping_n_blocks);
  json_builder_set_member_name (b, "overlapping_m");
  json_builder_add_int_value (b, pp->overlapping_m);
  json_builder_set_member_name (b, "overlapping_block_length");
  json_builder_add_int_value (b, pp->overlapping_block_length);
  json_builder_set_member_name (b, "linear_complexity_m");
  json_builder_add_int_value (b, pp->linear_complexity_m);
  json_builder_set_member_name (b, "serial_m");
  json_builder_add_int_value (b, pp->serial_m);
  json_builder_set_member_name (b, "approximate_entropy_m");
  json_builder_add_int_value (b, pp->approximate_entropy_m);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "tests");
  json_builder_begin_array (b);
  for (guint t = 0; t < DKG_NIST_N_TESTS; t++)
    {
      const DkgNistResult *r = report->results[t];

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, dkg_nist_test_get_id (r->test));
      json_builder_set_member_name (b, "title");
      json_builder_add_string_value (b, dkg_nist_test_get_title (r->test));
      json_builder_set_member_name (b, "section");
      json_builder_add_string_value (b, dkg_nist_test_get_section (r->test));
      json_builder_set_member_name (b, "status");
      json_builder_add_string_value (b, dkg_nist_status_to_string (r->status));
      if (r->reason != NULL)
        {
          json_builder_set_member_name (b, "reason");
          json_builder_add_string_value (b, r->reason);
        }
      if (r->note != NULL)
        {
          json_builder_set_member_name (b, "note");
          json_builder_add_string_value (b, r->note->str);
        }
      json_builder_set_member_name (b, "parameters");
      json_builder_begin_object (b);
      for (guint i = 0; i < r->params->len; i++)
        {
          const NistParam *p = &g_array_index (r->params, NistParam, i);

          json_builder_set_member_name (b, p->name);
          json_builder_add_int_value (b, p->value);
        }
      json_builder_end_object (b);
      json_builder_set_member_name (b, "statistics");
      json_builder_begin_object (b);
      for (guint i = 0; i < r->stats->len; i++)
        {
          const NistStat *s = &g_array_index (r->stats, NistStat, i);

          json_builder_set_member_name (b, s->name);
          add_double (b, s->value);
        }
      json_builder_end_object (b);
      json_builder_set_member_name (b, "p_values");
      json_builder_begin_array (b);
      for (guint i = 0; i < r->p_values->len; i++)
        {
          const char *label = g_ptr_array_index (r->labels, i);

          json_builder_begin_object (b);
          if (label != NULL)
            {
              json_builder_set_member_name (b, "label");
              json_builder_add_string_value (b, label);
            }
          json_builder_set_member_name (b, "p_value");
          add_double (b, g_array_index (r->p_values, double, i));
          json_builder_set_member_name (b, "pass");
          json_builder_add_boolean_value (b, dkg_nist_result_get_passed (r, i));
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_set_member_name (b, "passed");
      json_builder_add_int_value (b, r->n_passed);
      json_builder_set_member_name (b, "total");
      json_builder_add_int_value (b, r->p_values->len);
      json_builder_set_member_name (b, "proportion");
      json_builder_add_double_value (b, dkg_nist_result_get_proportion (r));
      json_builder_set_member_name (b, "min_proportion");
      json_builder_add_double_value (b, r->min_proportion);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, pretty);
  return json_generator_to_data (gen, NULL);
}
