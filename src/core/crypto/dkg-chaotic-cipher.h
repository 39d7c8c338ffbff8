/* dkg-chaotic-cipher.h — the transformation domain: a classic logistic-map image cipher
 * (docs/SPECIFICATION.md §4.3)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dkg-image.h"

G_BEGIN_DECLS

/**
 * DkgChaoticParams:
 * @x0: initial value of the keystream's logistic sequence, in (0, 1)
 * @perm_x0: initial value of the permutation's logistic sequence, in (0, 1)
 * @discard: iterates of each sequence dropped before the first one used (transient)
 * @permute: after the XOR, shuffle pixel positions by the permutation
 *
 * The cipher's key. DeepKeyGen (Ding et al. 2022) gives none of these values; ours are in
 * %DKG_CHAOTIC_PARAMS_DEFAULT. Both sequences are also perturbed by the plaintext (see
 * dkg_chaotic_keystream()).
 */
typedef struct
{
  double   x0;
  double   perm_x0;
  guint    discard;
  gboolean permute;
} DkgChaoticParams;

/**
 * DKG_CHAOTIC_PARAMS_DEFAULT:
 *
 * Initialiser for the pinned defaults: x₀ = 0.3456789, permutation x₀ = 0.7654321, 1000
 * discarded iterates, no permutation. The stored test vectors (tests/core/crypto/) and
 * tools/chaotic_reference.py use these.
 */
#define DKG_CHAOTIC_PARAMS_DEFAULT { 0.3456789, 0.7654321, 1000, FALSE }

/** DKG_CHAOTIC_MAX_DISCARD: largest accepted #DkgChaoticParams.discard. */
#define DKG_CHAOTIC_MAX_DISCARD 10000000

/**
 * DKG_CHAOTIC_MAX_PIXELS: largest image the image-level functions encrypt (8192 × 8192). Far
 * below the orbit lengths of the double-precision logistic map, and it bounds the scratch
 * memory of the permutation (16 bytes a pixel).
 */
#define DKG_CHAOTIC_MAX_PIXELS (G_GUINT64_CONSTANT (1) << 26)

/**
 * DkgChaoticProgressFunc:
 * @done: images handled so far (written or skipped)
 * @total: files in the source folder
 * @name: the file just handled (its name in the folder)
 * @user_data: the data given with the function
 *
 * Called by dkg_chaotic_make_domain() after each file.
 */
typedef void (*DkgChaoticProgressFunc) (guint       done,
                                        guint       total,
                                        const char *name,
                                        gpointer    user_data);

gboolean  dkg_chaotic_params_check   (const DkgChaoticParams  *params,
                                      GError                 **error);
guint8    dkg_chaotic_plain_sum      (const guint8            *grey,
                                      gsize                    n);
void      dkg_chaotic_keystream      (guint8                  *out,
                                      gsize                    n,
                                      guint8                   plain_sum,
                                      const DkgChaoticParams  *params);
void      dkg_chaotic_permutation    (gsize                   *perm,
                                      gsize                    n,
                                      guint8                   plain_sum,
                                      const DkgChaoticParams  *params);
guint8    dkg_chaotic_encrypt        (guint8                  *out,
                                      const guint8            *grey,
                                      gsize                    n,
                                      const DkgChaoticParams  *params);
void      dkg_chaotic_decrypt        (guint8                  *out,
                                      const guint8            *cipher,
                                      gsize                    n,
                                      guint8                   plain_sum,
                                      const DkgChaoticParams  *params);

DkgImage *dkg_chaotic_to_grey8       (const DkgImage          *image,
                                      GError                 **error);
DkgImage *dkg_chaotic_encrypt_image  (const DkgImage          *image,
                                      const DkgChaoticParams  *params,
                                      guint8                  *plain_sum,
                                      GError                 **error);
DkgImage *dkg_chaotic_decrypt_image  (const DkgImage          *cipher,
                                      guint8                   plain_sum,
                                      const DkgChaoticParams  *params,
                                      GError                 **error);
gboolean  dkg_chaotic_make_domain    (const char              *source_dir,
                                      const char              *output_dir,
                                      const DkgChaoticParams  *params,
                                      DkgChaoticProgressFunc   progress,
                                      gpointer                 user_data,
                                      guint                   *n_written,
                                      guint                   *n_skipped,
                                      GCancellable            *cancellable,
                                      GError                 **error);

G_END_DECLS
