/* dkg-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "dkg-error.h"

G_DEFINE_QUARK (dkg-error-quark, dkg_error)
