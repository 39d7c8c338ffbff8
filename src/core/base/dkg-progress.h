/* dkg-progress.h — progress reports of long computations (networks, key generation, training)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * DkgProgressFunc:
 * @fraction: the part of the work done so far, 0…1
 * @user_data: the data given with the function
 *
 * Reports the progress of a long computation (dkg_net_forward_full(),
 * dkg_keygen_generate_full()). Called on the thread doing the work, with strictly increasing
 * fractions; it may cancel the computation's #GCancellable.
 */
typedef void (*DkgProgressFunc) (double   fraction,
                                 gpointer user_data);

G_END_DECLS
