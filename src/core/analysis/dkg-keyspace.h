/* dkg-keyspace.h — nominal key space of image-shaped keys (docs/SPECIFICATION.md §6.8)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

guint64      dkg_keyspace_nominal_bits  (guint    width,
                                         guint    height,
                                         guint    channels,
                                         guint    bit_depth);
double       dkg_keyspace_log10         (guint64  bits);
const char  *dkg_keyspace_caveat        (void);
char        *dkg_keyspace_describe      (guint    width,
                                         guint    height,
                                         guint    channels,
                                         guint    bit_depth);

G_END_DECLS
