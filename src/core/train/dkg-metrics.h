/* dkg-metrics.h — reading the trainer's metrics CSV
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _DkgMetrics DkgMetrics;

DkgMetrics    *dkg_metrics_load          (const char        *path,
                                          GError           **error);
void           dkg_metrics_free          (DkgMetrics        *metrics);
guint          dkg_metrics_get_n_rows    (const DkgMetrics  *metrics);
const double  *dkg_metrics_get_iterations (const DkgMetrics *metrics);
const double  *dkg_metrics_get_column    (const DkgMetrics  *metrics,
                                          const char        *name);
gboolean       dkg_metrics_has_values    (const DkgMetrics  *metrics,
                                          const char        *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkgMetrics, dkg_metrics_free)

G_END_DECLS
