/* crypto-test.h — helpers shared by the tests of src/core/crypto/
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "dkg-rand.h"
#include "dkg-image.h"

G_BEGIN_DECLS

DkgImage *crypto_test_random_image (DkgRand     *r,
                                    guint        width,
                                    guint        height,
                                    guint        channels,
                                    guint        bit_depth,
                                    gboolean     is_signed);
DkgImage *crypto_test_random_key   (DkgRand     *r,
                                    gsize        n_bytes);
guint8   *crypto_test_unhex        (const char  *hex,
                                    gsize       *n_bytes);
DkgImage *crypto_test_fixture_plain (void);
DkgImage *crypto_test_fixture_key   (void);
GBytes   *crypto_test_fixture_original (void);

G_END_DECLS
