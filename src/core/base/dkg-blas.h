/* dkg-blas.h — OpenBLAS start-up: fast kernels and thread count
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void         dkg_blas_init          (char **argv);
void         dkg_blas_set_threads   (int n_threads);
int          dkg_blas_get_threads   (void);
const char  *dkg_blas_get_corename  (void);

G_END_DECLS
