/* dkg-domain.h — the transformation domain Y of DeepKeyGen training (docs/SPECIFICATION.md §4.3)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "io/dkg-image.h"
#include "train/dkg-chaotic-domain.h"

G_BEGIN_DECLS

GPtrArray *dkg_image_dir_load        (const char              *dir,
                                      GError                 **error);
DkgImage  *dkg_domain_image_new      (const DkgImage          *image,
                                      const DkgChaoticParams  *params,
                                      GError                 **error);
GPtrArray *dkg_domain_images_new     (GPtrArray               *images,
                                      const DkgChaoticParams  *params,
                                      GError                 **error);

G_END_DECLS
