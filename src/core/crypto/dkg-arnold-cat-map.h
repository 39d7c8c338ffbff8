/* dkg-arnold-cat-map.h — Arnold cat map + XOR, the WGAN-GP variant's cipher
 * (docs/SPECIFICATION.md §5.4)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "dkg-image.h"

G_BEGIN_DECLS

/** DKG_ARNOLD_CAT_MAP_DEFAULT_MAX_SCRATCH: default memory cap of the partitioned kernel (bytes). */
#define DKG_ARNOLD_CAT_MAP_DEFAULT_MAX_SCRATCH ((gsize) 512 * 1024 * 1024)

typedef struct _DkgArnoldCatMap DkgArnoldCatMap;

guint            dkg_arnold_cat_map_size              (guint                  width,
                                                       guint                  height);
guint            dkg_arnold_cat_map_period            (guint                  n);
void             dkg_arnold_cat_map_matrix            (guint                  n,
                                                       guint64                k,
                                                       guint                  m[4]);
gboolean         dkg_arnold_cat_map_check_iterations  (guint                  n,
                                                       guint64                k,
                                                       GError               **error);

DkgArnoldCatMap *dkg_arnold_cat_map_new               (guint                  width,
                                                       guint                  height,
                                                       guint                  channels,
                                                       guint                  bit_depth,
                                                       guint64                k,
                                                       GError               **error);
void             dkg_arnold_cat_map_free              (DkgArnoldCatMap       *map);
guint            dkg_arnold_cat_map_get_n             (const DkgArnoldCatMap *map);
guint            dkg_arnold_cat_map_get_period        (const DkgArnoldCatMap *map);
void             dkg_arnold_cat_map_set_max_scratch   (DkgArnoldCatMap       *map,
                                                       gsize                  max_bytes);
gboolean         dkg_arnold_cat_map_encrypt_into      (DkgArnoldCatMap       *map,
                                                       const DkgImage        *plain,
                                                       const DkgImage        *key,
                                                       DkgImage              *cipher,
                                                       GError               **error);
gboolean         dkg_arnold_cat_map_decrypt_into      (DkgArnoldCatMap       *map,
                                                       const DkgImage        *cipher,
                                                       const DkgImage        *key,
                                                       DkgImage              *plain,
                                                       GError               **error);

DkgImage        *dkg_arnold_cat_map_scramble          (const DkgImage        *image,
                                                       guint64                k,
                                                       GError               **error);
DkgImage        *dkg_arnold_cat_map_unscramble        (const DkgImage        *scrambled,
                                                       guint64                k,
                                                       guint                  width,
                                                       guint                  height,
                                                       GError               **error);
DkgImage        *dkg_arnold_cat_map_encrypt           (const DkgImage        *plain,
                                                       const DkgImage        *key,
                                                       guint64                k,
                                                       GError               **error);
DkgImage        *dkg_arnold_cat_map_decrypt           (const DkgImage        *cipher,
                                                       const DkgImage        *key,
                                                       guint64                k,
                                                       guint                  width,
                                                       guint                  height,
                                                       gboolean               is_signed,
                                                       GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkgArnoldCatMap, dkg_arnold_cat_map_free)

G_END_DECLS
