/* dkg-attacks-private.h — helpers the attack files share (dkg-attacks.c, dkg-attacks-chosen.c,
 * dkg-attacks-imitation.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "dkg-attacks.h"

G_BEGIN_DECLS

/* Bytes of one pixel: channels × bytes per sample. */
gsize    _dkg_attack_pixel_bytes      (const DkgImage  *image);
/* What a guess scores by chance per sample: 2^−bit_depth. */
double   _dkg_attack_chance           (guint            bit_depth);
/* %DKG_ERROR_SHAPE naming @what_a and @what_b unless @a and @b have one shape. */
gboolean _dkg_attack_check_same_shape (const DkgImage  *a,
                                       const DkgImage  *b,
                                       const char      *what_a,
                                       const char      *what_b,
                                       GError         **error);

G_END_DECLS
