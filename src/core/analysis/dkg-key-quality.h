/* dkg-key-quality.h — key quality of a generator during training, on a fixed probe seed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "dkg-image.h"
#include "dkg-net.h"
#include "dkg-gan-trainer.h"

G_BEGIN_DECLS

typedef struct _DkgKeyProbe DkgKeyProbe;

DkgKeyProbe *dkg_key_probe_new          (const DkgImage *seed,
                                         guint           width,
                                         guint           height);
void         dkg_key_probe_add_seed     (DkgKeyProbe    *probe,
                                         const DkgImage *seed);
void         dkg_key_probe_free         (DkgKeyProbe    *probe);
gboolean     dkg_key_probe_evaluate     (DkgNet         *generator,
                                         DkgKeyQuality  *quality,
                                         gpointer        probe,
                                         GError        **error);
DkgImage    *dkg_key_probe_dup_key      (DkgKeyProbe    *probe);
void         dkg_key_quality_of_key     (const DkgImage *key,
                                         DkgKeyQuality  *quality);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkgKeyProbe, dkg_key_probe_free)

G_END_DECLS
