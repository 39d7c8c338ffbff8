/* dkg-resample.h — resampling float planes (seeds for key generation, training crops)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void dkg_resample_plane (const float *src,
                         int          sw,
                         int          sh,
                         float       *dst,
                         int          dw,
                         int          dh);

G_END_DECLS
