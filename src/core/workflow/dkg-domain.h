/* dkg-domain.h — the transformation domain Y of DeepKeyGen training (docs/SPECIFICATION.md §4.3)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dkg-image.h"
#include "dkg-chaotic-cipher.h"
#include "dkg-dataset.h"

G_BEGIN_DECLS

DkgImage  *dkg_domain_image_new      (const DkgImage          *image,
                                      const DkgChaoticParams  *params,
                                      GError                 **error);
GPtrArray *dkg_domain_images_new     (GPtrArray               *images,
                                      const DkgChaoticParams  *params,
                                      GError                 **error);

DkgDataset *dkg_dataset_new_chaotic_domain (const DkgDataset       *source,
                                            const DkgChaoticParams *params,
                                            const char             *description,
                                            GError                **error);
gboolean    dkg_dataset_new_pair          (const char             *source_dir,
                                            const char             *domain_dir,
                                            int                     size,
                                            DkgDataset            **source,
                                            DkgDataset            **domain,
                                            DkgImage              **first_seed,
                                            GError                **error);

G_END_DECLS
