/* dkg-file.h — writing a whole file atomically, with nothing left behind by a kill
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

GPtrArray *dkg_file_list_dir   (const char  *dir,
                                GError     **error);
gboolean dkg_file_make_dir     (const char  *path,
                                GError     **error);
GBytes   *dkg_file_get_bytes   (const char  *path,
                                GError     **error);
gboolean dkg_file_is_same      (const char  *a,
                                const char  *b);
gboolean dkg_file_check_not_input (const char  *input,
                                   const char  *output,
                                   const char  *what,
                                   GError     **error);
gboolean dkg_file_set_contents (const char  *path,
                                const void  *data,
                                gsize        len,
                                int          mode,
                                GError     **error);

G_END_DECLS
