/* nn-check.h — helpers for the layer tests: random fills, tolerance checks, central finite
 * differences in double precision
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "dkg-rand.h"

G_BEGIN_DECLS

/* A scalar loss of the double-precision reference model, evaluated at its current parameters. */
typedef double (*NnLossFunc) (gpointer ctx);

float  *nn_check_new_uniform  (DkgRand *r, gsize n, float lo, float hi);
double *nn_check_new_double   (const float *x, gsize n);
void    nn_check_close        (const char   *what,
                               const float  *got,
                               const double *want,
                               gsize         n,
                               double        rtol,
                               double        floor);
/* The finite differences alone (indices and values), for checking several analytic results */
typedef struct
{
  gsize   m;
  gsize  *idx;
  double *want;
} NnFdRef;

void    nn_check_fd_compute   (NnFdRef      *ref,
                               double       *theta,
                               gsize         n,
                               NnLossFunc    loss,
                               gpointer      ctx,
                               double        h,
                               gsize         max_samples,
                               DkgRand      *r);
void    nn_check_fd_against   (const char    *what,
                               const NnFdRef *ref,
                               const float   *analytic,
                               const float   *prefill,
                               double         rtol,
                               double         floor);
void    nn_check_fd_clear     (NnFdRef      *ref);
void    nn_check_fd           (const char   *what,
                               double       *theta,
                               gsize         n,
                               NnLossFunc    loss,
                               gpointer      ctx,
                               const float  *analytic,
                               const float  *prefill,
                               double        h,
                               double        rtol,
                               double        floor,
                               gsize         max_samples,
                               DkgRand      *r);

G_END_DECLS
