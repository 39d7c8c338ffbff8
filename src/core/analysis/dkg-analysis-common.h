/* dkg-analysis-common.h — constants shared by the image metrics (docs/SPECIFICATION.md §6)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/** DKG_ANALYSIS_MAX_CHANNELS: images have 1–4 interleaved channels (see #DkgImage). */
#define DKG_ANALYSIS_MAX_CHANNELS 4

/**
 * DKG_ANALYSIS_N_ALPHAS:
 *
 * Number of significance levels every test reports: index 0 is α = 0.05, 1 is α = 0.01 and
 * 2 is α = 0.001 (dkg_analysis_alpha()).
 */
#define DKG_ANALYSIS_N_ALPHAS 3

double dkg_analysis_alpha (guint index);

G_END_DECLS
