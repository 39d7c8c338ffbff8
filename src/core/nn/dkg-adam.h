/* dkg-adam.h — Adam exactly as torch.optim.Adam (no weight decay, amsgrad off)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  float lr;       /* learning rate */
  float beta1;
  float beta2;
  float eps;      /* added to sqrt(v̂): 1e-8 */
} DkgAdamConfig;

/* One step t (1-based) over n parameters:
 * m = β1·m + (1−β1)·g;  v = β2·v + (1−β2)·g²;
 * p −= (lr / (1 − β1^t)) · m / (sqrt(v) / sqrt(1 − β2^t) + eps) */
void dkg_adam_step (float               *param,
                    const float         *grad,
                    float               *m,
                    float               *v,
                    gsize                n,
                    const DkgAdamConfig *config,
                    int                  t);

G_END_DECLS
