/* dkg-baselines.h — the classic key generators DeepKeyGen is compared with (docs/SPECIFICATION.md
 * §6.10; Ding et al. 2022, Tables XVII–XIX)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "analysis/dkg-correlation.h"
#include "analysis/nist_sp800_22/dkg-nist.h"
#include "io/dkg-image.h"

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

/**
 * DkgBaselineResult:
 * @baseline: the generator
 * @width: width of @key
 * @height: height of @key
 * @n_bytes: key bytes generated, @width·@height·3
 * @generation_ms: wall-clock time of dkg_baseline_generate() alone, milliseconds
 * @deterministic: the same seed always gives the same key (all but the OS CSPRNG)
 * @key: *Owned*: the key, a @width × @height 8-bit RGB image whose bytes in raster order
 *   (channels interleaved) are the generator's output
 * @entropy: Shannon entropy of the @n_bytes bytes, bits per byte (§6.1), 0 … 8
 * @entropy_expected: mean entropy of @n_bytes uniform random bytes (dkg_entropy_expected())
 * @chi2: χ² of the byte histogram against uniform (§6.2), 255 degrees of freedom
 * @chi2_p_value: its upper-tail p-value; uniformity passes at α when @chi2_p_value ≥ α
 * @correlation: adjacent-pixel correlation of @key per channel and direction (§6.4)
 * @nist: (nullable): *Owned*: NIST SP 800-22 on all 8·@n_bytes bits, most significant bit
 *   first (§6.7), or %NULL when it was not asked for
 *
 * One row of the baseline tables.
 */
typedef struct
{
  DkgBaseline     baseline;
  guint           width;
  guint           height;
  gsize           n_bytes;
  double          generation_ms;
  gboolean        deterministic;
  DkgImage       *key;
  double          entropy;
  double          entropy_expected;
  double          chi2;
  double          chi2_p_value;
  DkgCorrelation  correlation;
  DkgNistReport  *nist;
} DkgBaselineResult;

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
DkgBaselineResult *dkg_baseline_evaluate            (DkgBaseline          baseline,
                                                     const DkgImage      *seed,
                                                     guint                width,
                                                     guint                height,
                                                     gboolean             run_nist,
                                                     const DkgNistParams *nist_params,
                                                     GError             **error);
void               dkg_baseline_result_free         (DkgBaselineResult   *result);

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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkgBaselineResult, dkg_baseline_result_free)

G_END_DECLS
