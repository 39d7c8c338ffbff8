/* dkg-data.h — finding the shipped models and sample images, installed or in a build tree
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *dkg_data_find                 (const char *relative);
char *dkg_data_source_root_of_build (const char *exe_path);

G_END_DECLS
