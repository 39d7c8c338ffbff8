/* dkg-xor-cipher.h — the DeepKeyGen cipher: C = P ⊕ K (docs/SPECIFICATION.md §5.3)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "dkg-image.h"

G_BEGIN_DECLS

void      dkg_xor_cipher_apply          (guint8          *dst,
                                         const guint8    *src,
                                         const guint8    *keystream,
                                         gsize            n_bytes);
void      dkg_xor_cipher_apply_samples  (guint8          *dst,
                                         const guint8    *src,
                                         const guint8    *keystream,
                                         gsize            n_bytes,
                                         guint            bit_depth);
gboolean  dkg_xor_cipher_apply_image    (const DkgImage  *in,
                                         const DkgImage  *key,
                                         DkgImage        *out,
                                         GError         **error);
DkgImage *dkg_xor_cipher_encrypt        (const DkgImage  *plain,
                                         const DkgImage  *key,
                                         GError         **error);
DkgImage *dkg_xor_cipher_decrypt        (const DkgImage  *cipher,
                                         const DkgImage  *key,
                                         gboolean         is_signed,
                                         GError         **error);

G_END_DECLS
