/* dkg-keygen.h — keys from a trained generator (docs/SPECIFICATION.md §5.2)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "dkg-image.h"
#include "dkg-net.h"

G_BEGIN_DECLS

void      dkg_keygen_size_for     (const DkgNet    *generator,
                                   guint            base_width,
                                   guint            base_height,
                                   guint64          needed_bytes,
                                   guint           *key_width,
                                   guint           *key_height);
DkgImage *dkg_keygen_generate     (DkgNet          *generator,
                                   const DkgImage  *seed,
                                   guint            width,
                                   guint            height,
                                   GError         **error);
DkgImage *dkg_keygen_generate_full (DkgNet          *generator,
                                   const DkgImage  *seed,
                                   guint            width,
                                   guint            height,
                                   GCancellable    *cancellable,
                                   DkgProgressFunc  progress,
                                   gpointer         user_data,
                                   GError         **error);

G_END_DECLS
