/* dkg-baselines.h — the classic key generators DeepKeyGen is compared with (docs/SPECIFICATION.md
 * §6.10; Ding et al. 2022, Tables XVII–XIX)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "dkg-image.h"

G_BEGIN_DECLS

/**
 * DkgBaseline:
 * @DKG_BASELINE_CHAOTIC: logistic map, the keystream of the chaotic domain cipher
 *   (dkg_chaotic_keystream()) with s = Σ seed bytes mod 256
 * @DKG_BASELINE_LCG: linear congruential generator x ← (1664525·x + 1013904223) mod 2³²,
 *   high byte of each state, x₀ from SHA-256 of the seed
 * @DKG_BASELINE_MT19937: Mersenne Twister (GLib's #GRand) seeded with the eight 32-bit words of
 *   SHA-256 of the seed
 * @DKG_BASELINE_RC4: RC4 (libgcrypt) keyed with SHA-256 of the seed
 * @DKG_BASELINE_RSA: textbook RSA-2048, c = m^65537 mod n over 255-byte blocks of the seed
 * @DKG_BASELINE_CHACHA20: ChaCha20 (RFC 8439, libgcrypt) keyed with SHA-256 of the seed, zero
 *   nonce
 * @DKG_BASELINE_OS_CSPRNG: the kernel's CSPRNG, getrandom(2); ignores the seed
 * @DKG_N_BASELINES: number of baselines
 *
 * The generators, in the order the tables list them. dkg_baseline_generate() documents each
 * one exactly.
 */
typedef enum
{
  DKG_BASELINE_CHAOTIC,
  DKG_BASELINE_LCG,
  DKG_BASELINE_MT19937,
  DKG_BASELINE_RC4,
  DKG_BASELINE_RSA,
  DKG_BASELINE_CHACHA20,
  DKG_BASELINE_OS_CSPRNG,
  DKG_N_BASELINES,
} DkgBaseline;

/** DKG_BASELINE_DEFAULT_BYTES: length of a 256×256×3 key, the tables' key length. */
#define DKG_BASELINE_DEFAULT_BYTES ((gsize) 256 * 256 * 3)

/** DKG_BASELINE_RSA_MODULUS_BYTES: bytes of the RSA-2048 modulus, one output block. */
#define DKG_BASELINE_RSA_MODULUS_BYTES 256
/** DKG_BASELINE_RSA_BLOCK_BYTES: seed bytes per RSA block, one less than the modulus: m < n. */
#define DKG_BASELINE_RSA_BLOCK_BYTES 255
/** DKG_BASELINE_RSA_EXPONENT: the public exponent e. */
#define DKG_BASELINE_RSA_EXPONENT 65537

/** DKG_BASELINE_LCG_A: multiplier of the LCG (Numerical Recipes). */
#define DKG_BASELINE_LCG_A 1664525u
/** DKG_BASELINE_LCG_C: increment of the LCG. */
#define DKG_BASELINE_LCG_C 1013904223u


const char        *dkg_baseline_get_id              (DkgBaseline          baseline);
const char        *dkg_baseline_get_name            (DkgBaseline          baseline);
const char        *dkg_baseline_get_description     (DkgBaseline          baseline);
gboolean           dkg_baseline_is_deterministic    (DkgBaseline          baseline);
gboolean           dkg_baseline_from_id             (const char          *id,
                                                     DkgBaseline         *baseline);

gboolean           dkg_baseline_generate            (DkgBaseline          baseline,
                                                     const guint8        *seed,
                                                     gsize                seed_len,
                                                     guint8              *out,
                                                     gsize                n,
                                                     double              *ms,
                                                     GError             **error);
guint8            *dkg_baseline_seed_bytes          (const DkgImage      *seed,
                                                     gsize               *n_bytes);
DkgImage          *dkg_baseline_generate_key        (DkgBaseline          baseline,
                                                     const DkgImage      *seed,
                                                     guint                width,
                                                     guint                height,
                                                     double              *ms,
                                                     GError             **error);

guint32            dkg_baseline_lcg_seed            (const guint8        *seed,
                                                     gsize                seed_len);
guint32            dkg_baseline_lcg_fill            (guint32              state,
                                                     guint8              *out,
                                                     gsize                n);
void               dkg_baseline_mt19937_fill        (GRand               *rand,
                                                     guint8              *out,
                                                     gsize                n);
GRand             *dkg_baseline_mt19937_new         (const guint8        *seed,
                                                     gsize                seed_len);
gboolean           dkg_baseline_rc4_keystream       (const guint8        *key,
                                                     gsize                key_len,
                                                     guint8              *out,
                                                     gsize                n,
                                                     GError             **error);
gboolean           dkg_baseline_chacha20_keystream  (const guint8         key[32],
                                                     const guint8         nonce[12],
                                                     guint8              *out,
                                                     gsize                n,
                                                     GError             **error);
gboolean           dkg_baseline_rsa_textbook        (const guint8        *seed,
                                                     gsize                seed_len,
                                                     guint8              *out,
                                                     gsize                n,
                                                     GError             **error);
const char        *dkg_baseline_rsa_modulus_hex     (void);

G_END_DECLS
