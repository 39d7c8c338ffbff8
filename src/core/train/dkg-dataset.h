/* dkg-dataset.h — unpaired, unlabeled image folders for GAN training (docs/SPECIFICATION.md §4)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "dkg-rand.h"
#include "dkg-image.h"

G_BEGIN_DECLS

typedef struct _DkgDataset DkgDataset;

DkgDataset  *dkg_dataset_new_from_dir     (const char      *dir,
                                           int              size,
                                           GError         **error);
DkgDataset  *dkg_dataset_new_from_images  (DkgImage       **images,
                                           guint            n_images,
                                           int              size,
                                           const char      *description);
DkgDataset  *dkg_dataset_new_domain_from_images (DkgImage       **images,
                                                 guint            n_images,
                                                 int              size,
                                                 const char      *description);
void         dkg_dataset_free             (DkgDataset      *ds);
guint        dkg_dataset_get_n_images     (const DkgDataset *ds);
int          dkg_dataset_get_size         (const DkgDataset *ds);
const char  *dkg_dataset_get_description  (const DkgDataset *ds);
const float *dkg_dataset_get_planes       (const DkgDataset *ds,
                                           guint             i,
                                           int              *width,
                                           int              *height);
void         dkg_dataset_sample           (const DkgDataset *ds,
                                           DkgRand          *rand,
                                           float            *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkgDataset, dkg_dataset_free)

G_END_DECLS
