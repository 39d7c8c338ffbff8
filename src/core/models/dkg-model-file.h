/* dkg-model-file.h — networks in safetensors files (docs/SPECIFICATION.md §5.1)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "dkg-safetensors.h"
#include "dkg-net.h"

G_BEGIN_DECLS

/** DKG_MODEL_FORMAT: the "format" metadata value of a model file. */
#define DKG_MODEL_FORMAT         "deepkeygen-model"
/** DKG_MODEL_FORMAT_VERSION: the "format_version" this build writes and reads. */
#define DKG_MODEL_FORMAT_VERSION "1"

void      dkg_net_add_to_safetensors   (const DkgNet    *net,
                                        DkgSafetensors  *st,
                                        const char      *prefix);
gboolean  dkg_net_load_from_safetensors (DkgNet         *net,
                                        DkgSafetensors  *st,
                                        const char      *prefix,
                                        const char      *file_name,
                                        GError         **error);
gboolean  dkg_model_save               (const DkgNet    *net,
                                        GHashTable      *metadata,
                                        const char      *path,
                                        GError         **error);
DkgNet   *dkg_model_load               (const char      *path,
                                        DkgSafetensors **file,
                                        GError         **error);

G_END_DECLS
