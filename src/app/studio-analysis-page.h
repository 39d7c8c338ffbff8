/* studio-analysis-page.h — the Analysis page: histograms, correlation plots, metrics, NIST
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "dkg-container.h"
#include "studio-cipher-task.h"
#include "studio-image.h"
#include "studio-plot-view.h"

G_BEGIN_DECLS

#define STUDIO_TYPE_ANALYSIS_PAGE (studio_analysis_page_get_type ())

G_DECLARE_FINAL_TYPE (StudioAnalysisPage, studio_analysis_page, STUDIO, ANALYSIS_PAGE, GtkWidget)

/** STUDIO_ANALYSIS_N_HISTOGRAMS: plaintext, key, ciphertext */
#define STUDIO_ANALYSIS_N_HISTOGRAMS 3
/** STUDIO_ANALYSIS_N_SCATTERS: plaintext H/V/D, then ciphertext H/V/D */
#define STUDIO_ANALYSIS_N_SCATTERS 6

void            studio_analysis_page_clear          (StudioAnalysisPage       *self);
void            studio_analysis_page_set_images     (StudioAnalysisPage       *self,
                                                     StudioImage              *plain,
                                                     StudioImage              *key,
                                                     StudioImage              *cipher,
                                                     DkgContainerScheme        scheme);
gboolean        studio_analysis_page_get_busy       (StudioAnalysisPage       *self);
gboolean        studio_analysis_page_get_has_result (StudioAnalysisPage       *self);
StudioPlotView *studio_analysis_page_get_histogram  (StudioAnalysisPage       *self,
                                                     guint                     index);
StudioPlotView *studio_analysis_page_get_scatter    (StudioAnalysisPage       *self,
                                                     guint                     index);
guint           studio_analysis_page_get_n_metrics  (StudioAnalysisPage       *self);
const char     *studio_analysis_page_get_verdict    (StudioAnalysisPage       *self,
                                                     gboolean                  nist);
GtkWidget      *studio_analysis_page_get_table      (StudioAnalysisPage       *self,
                                                     gboolean                  nist);
void            studio_analysis_page_run_nist       (StudioAnalysisPage       *self);
gboolean        studio_analysis_page_get_has_nist   (StudioAnalysisPage       *self);
void            studio_analysis_page_render_figure  (StudioAnalysisPage       *self,
                                                     cairo_t                  *cr,
                                                     double                    width,
                                                     double                    height);
gboolean        studio_analysis_page_export_report  (StudioAnalysisPage       *self,
                                                     const StudioCipherResult *result,
                                                     const char               *path,
                                                     GError                  **error);

G_END_DECLS
