/* dkg-crypto.h — libgcrypt start-up and the small primitives shared by src/core/crypto/
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gcrypt.h>
#include <glib.h>

G_BEGIN_DECLS

void      dkg_crypto_init      (void);
gboolean  dkg_crypto_failed    (gcry_error_t   err,
                                const char    *what,
                                GError       **error);
void      dkg_crypto_random    (guint8        *out,
                                gsize          n);
gboolean  dkg_crypto_equal     (const guint8  *a,
                                const guint8  *b,
                                gsize          n);
void      dkg_crypto_wipe      (void          *p,
                                gsize          n);
void      dkg_crypto_wipe_free (void          *p,
                                gsize          n);
char     *dkg_crypto_to_hex    (const guint8  *bytes,
                                gsize          n);
gboolean  dkg_crypto_from_hex  (const char    *hex,
                                guint8        *out,
                                gsize          n);

G_END_DECLS
