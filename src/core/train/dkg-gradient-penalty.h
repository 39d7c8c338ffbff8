/* dkg-gradient-penalty.h — WGAN-GP's penalty with its exact weight gradient (docs/SPECIFICATION.md §4.2)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "dkg-net.h"

G_BEGIN_DECLS

typedef struct _DkgGradientPenalty DkgGradientPenalty;

DkgGradientPenalty *dkg_gradient_penalty_new        (void);
void                dkg_gradient_penalty_free       (DkgGradientPenalty *gp);
double              dkg_gradient_penalty_accumulate (DkgGradientPenalty *gp,
                                                     DkgNet             *critic,
                                                     const float        *xhat,
                                                     int                 B,
                                                     int                 H,
                                                     int                 W,
                                                     float               lambda,
                                                     double             *mean_grad_norm,
                                                     GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkgGradientPenalty, dkg_gradient_penalty_free)

G_END_DECLS
