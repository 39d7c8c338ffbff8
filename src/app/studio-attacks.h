/* studio-attacks.h — inputs for the attacks of docs/SPECIFICATION.md §6.9
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "dkg-image.h"

G_BEGIN_DECLS

DkgImage *studio_attacks_match_image (const DkgImage  *image,
                                      const DkgImage  *like,
                                      GError         **error);

G_END_DECLS
