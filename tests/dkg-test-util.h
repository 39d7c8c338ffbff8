/* dkg-test-util.h — helpers shared by the test programs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "dkg-rand.h"

G_BEGIN_DECLS

void         dkg_test_init           (int *argc, char ***argv);
void         dkg_test_fill_uniform   (DkgRand *r, float *x, gsize n, float lo, float hi);
double       dkg_test_max_abs_diff   (const float *a, const float *b, gsize n);
double       dkg_test_max_rel_diff   (const float *a, const float *b, gsize n, double floor);
char        *dkg_test_make_tmpdir    (void);
void         dkg_test_rm_rf          (const char *path);
char        *dkg_test_source_path    (const char *relative);
gsize        dkg_test_count_files    (const char *dir);

G_END_DECLS
