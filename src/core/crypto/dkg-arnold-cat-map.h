/* dkg-arnold-cat-map.h — Arnold cat map + XOR, the WGAN-GP variant's cipher (DESIGN.md §5.4)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "io/dkg-image.h"

G_BEGIN_DECLS

guint     dkg_arnold_cat_map_size              (guint            width,
                                                guint            height);
guint     dkg_arnold_cat_map_period            (guint            n);
void      dkg_arnold_cat_map_matrix            (guint            n,
                                                guint64          k,
                                                guint            m[4]);
gboolean  dkg_arnold_cat_map_check_iterations  (guint            n,
                                                guint64          k,
                                                GError         **error);
DkgImage *dkg_arnold_cat_map_scramble          (const DkgImage  *image,
                                                guint64          k,
                                                GError         **error);
DkgImage *dkg_arnold_cat_map_unscramble        (const DkgImage  *scrambled,
                                                guint64          k,
                                                guint            width,
                                                guint            height,
                                                GError         **error);
DkgImage *dkg_arnold_cat_map_encrypt           (const DkgImage  *plain,
                                                const DkgImage  *key,
                                                guint64          k,
                                                GError         **error);
DkgImage *dkg_arnold_cat_map_decrypt           (const DkgImage  *cipher,
                                                const DkgImage  *key,
                                                guint64          k,
                                                guint            width,
                                                guint            height,
                                                gboolean         is_signed,
                                                GError         **error);

G_END_DECLS
