/* dkg-baselines.c — the classic key generators DeepKeyGen is compared with (docs/SPECIFICATION.md
 * §6.10; Ding et al. 2022, Tables XVII–XIX)
 *
 * Every generator turns a seed (the bytes of a seed image, dkg_baseline_seed_bytes()) into n
 * key bytes; the tables use n = 256·256·3 = 196,608, the length of a DeepKeyGen key. Exactly:
 *
 *   chaotic    s = (Σ seed bytes) mod 256; K = dkg_chaotic_keystream (n, s,
 *              DKG_CHAOTIC_PARAMS_DEFAULT): the logistic map started at (x₀ + s/255)/2, the
 *              chaotic domain's cipher (docs/SPECIFICATION.md §4.3). The seed enters only
 *              through s: there are 256 keystreams in all, and consecutive bytes are tied
 *              by the tent-map conjugacy (see dkg-chaotic-cipher.c).
 *   lcg        x₀ = the first 4 bytes of SHA-256(seed), big-endian; x_{i+1} = (1664525·x_i +
 *              1013904223) mod 2³²; K[i] = x_{i+1} >> 24, the high byte (the low bits of a
 *              power-of-two LCG have short periods: bit j has period 2^(j+1)). 32 bits of state.
 *   mt19937    GLib's GRand (MT19937) seeded by g_rand_new_with_seed_array() with the eight
 *              big-endian 32-bit words of SHA-256(seed) (init_by_array of Matsumoto and
 *              Nishimura's mt19937ar.c); each g_rand_int() gives 4 key bytes, most significant
 *              first. (With G_RANDOM_VERSION=2.0 in the environment GLib seeds the 2.0 way and
 *              the stream changes; the tests check the modern seeding.) The output is linear
 *              over GF(2): 624 consecutive words reveal the state.
 *   rc4        RC4 (libgcrypt GCRY_CIPHER_ARCFOUR) with the 32-byte key SHA-256(seed); K = RC4
 *              keystream from its first byte (no bytes dropped, so the known biases of the first
 *              bytes — e.g. the second byte is 0 with probability 2/256 — are in the key).
 *   rsa        textbook RSA-2048: n = the RSA-2048 challenge modulus of RSA Laboratories
 *              (617 decimal digits, unfactored, so nobody holds a private key for it), e =
 *              65537. The seed is read as a cyclic byte stream S[j] = seed[j mod seed_len];
 *              block i is the 255 bytes S[255·i … 255·i + 254] read as a big-endian integer
 *              m_i (< 2²⁰⁴⁰ < n); K is c_0 ‖ c_1 ‖ … with c_i = m_i^e mod n written as 256
 *              big-endian bytes, cut to n bytes. Deliberately the insecure baseline: it has no
 *              secret at all (the output is a public function of the seed), equal blocks give
 *              equal outputs, an all-zero block (a black image region) gives 256 zero bytes,
 *              and the first byte of every block is below n's first byte 0xc7.
 *   chacha20   ChaCha20 (RFC 8439; libgcrypt GCRY_CIPHER_CHACHA20) with the 256-bit key
 *              SHA-256(seed), the all-zero 96-bit nonce and block counter 0: K = the keystream.
 *              A zero nonce is safe here because each key makes exactly one stream (a seed
 *              always gives the same key: that is what makes the generator deterministic).
 *   os-csprng  getrandom(2) with no flags (the kernel's CSPRNG, /dev/urandom once
 *              initialised); the seed is ignored and every call gives a new key.
 *
 * SHA-256(seed) stands for libgcrypt's GCRY_MD_SHA256 of all seed bytes. The reported time
 * covers dkg_baseline_generate() alone: hashing the seed, any key schedule and the n bytes
 * (not the conversion of the seed image to bytes, and not the analyses).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <gcrypt.h>
#include <gio/gio.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "dkg-baselines.h"
#include "dkg-bytes.h"
#include "dkg-crypto.h"
#include "dkg-error.h"
#include "dkg-keystream.h"
#include "dkg-chaotic-cipher.h"

/* RSA-2048 of the RSA Factoring Challenge (RSA Laboratories, 1991), in hexadecimal. Its
 * decimal form begins 25195908475657893494027183240048398571429282126204… and ends
 * …21212010397122822120720357 (617 digits); tests/core/crypto/ checks its decimal
 * digits and its 2048 bits. */
static const char rsa2048_modulus_hex[] =
  "c7970ceedcc3b0754490201a7aa613cd73911081c790f5f1a8726f463550bb5b"
  "7ff0db8e1ea1189ec72f93d1650011bd721aeeacc2acde32a04107f0648c2813"
  "a31f5b0b7765ff8b44b4b6ffc93384b646eb09c7cf5e8592d40ea33c80039f35"
  "b4f14a04b51f7bfd781be4d1673164ba8eb991c2c4d730bbbe35f592bdef524a"
  "f7e8daefd26c66fc02c479af89d64d373f442709439de66ceb955f3ea37d5159"
  "f6135809f85334b5cb1813addc80cd05609f10ac6a95ad65872c909525bdad32"
  "bc729592642920f24c61dc5b3c3b7923e56b16a4d9d373d8721f24a3fc0f1b31"
  "31f55615172866bccc30f95054c824e733a5eb6817f7bc16399d48c6361cc7e5";

typedef struct
{
  const char *id;
  const char *name;
  const char *description;
} BaselineInfo;

static const BaselineInfo baseline_info[DKG_N_BASELINES] = {
  [DKG_BASELINE_CHAOTIC] = {
    "chaotic", "Logistic-map chaotic",
    "Logistic map x ← 4x(1 − x) from (x₀ + s/255)/2, s = Σ seed bytes mod 256, bytes "
    "⌊asin(√x)/π·10¹⁵⌋ mod 256 (the chaotic domain's keystream); 256 keystreams in all" },
  [DKG_BASELINE_LCG] = {
    "lcg", "Linear congruential",
    "x ← (1664525·x + 1013904223) mod 2³², high byte of each state; x₀ = first 32 bits of "
    "SHA-256(seed); 32 bits of state" },
  [DKG_BASELINE_MT19937] = {
    "mt19937", "Mersenne Twister",
    "MT19937 (GLib GRand) seeded with the 8 words of SHA-256(seed), 4 bytes per output, most "
    "significant first; linear over GF(2), predictable from 624 outputs" },
  [DKG_BASELINE_RC4] = {
    "rc4", "RC4",
    "RC4 keystream (libgcrypt), key = SHA-256(seed), no initial bytes dropped; biased, "
    "prohibited in TLS (RFC 7465)" },
  [DKG_BASELINE_RSA] = {
    "rsa", "Textbook RSA-2048",
    "m^65537 mod n (RSA-2048 challenge modulus) over 255-byte blocks of the seed, 256 output "
    "bytes per block; no secret, deterministic, zero blocks give zero output (insecure)" },
  [DKG_BASELINE_CHACHA20] = {
    "chacha20", "ChaCha20",
    "ChaCha20 keystream (RFC 8439, libgcrypt), key = SHA-256(seed), zero nonce, counter 0" },
  [DKG_BASELINE_OS_CSPRNG] = {
    "os-csprng", "OS CSPRNG",
    "getrandom(2): the kernel's cryptographically secure generator; ignores the seed" },
};

/**
 * dkg_baseline_get_id:
 * @baseline: a generator
 *
 * Returns: (transfer none): its stable identifier for the command line and JSON: "chaotic",
 *   "lcg", "mt19937", "rc4", "rsa", "chacha20" or "os-csprng"
 */
const char *
dkg_baseline_get_id (DkgBaseline baseline)
{
  g_return_val_if_fail ((guint) baseline < DKG_N_BASELINES, NULL);

  return baseline_info[baseline].id;
}

/**
 * dkg_baseline_get_name:
 * @baseline: a generator
 *
 * Returns: (transfer none): its name for table rows, e.g. "Mersenne Twister"
 */
const char *
dkg_baseline_get_name (DkgBaseline baseline)
{
  g_return_val_if_fail ((guint) baseline < DKG_N_BASELINES, NULL);

  return baseline_info[baseline].name;
}

/**
 * dkg_baseline_get_description:
 * @baseline: a generator
 *
 * Returns: (transfer none): one sentence saying exactly how it makes key bytes from the seed,
 *   and its known weakness, for table notes
 */
const char *
dkg_baseline_get_description (DkgBaseline baseline)
{
  g_return_val_if_fail ((guint) baseline < DKG_N_BASELINES, NULL);

  return baseline_info[baseline].description;
}

/**
 * dkg_baseline_is_deterministic:
 * @baseline: a generator
 *
 * Returns: %TRUE if equal seeds always give equal keys (every generator but the OS CSPRNG)
 */
gboolean
dkg_baseline_is_deterministic (DkgBaseline baseline)
{
  g_return_val_if_fail ((guint) baseline < DKG_N_BASELINES, FALSE);

  return baseline != DKG_BASELINE_OS_CSPRNG;
}

/**
 * dkg_baseline_from_id:
 * @id: an identifier from dkg_baseline_get_id()
 * @baseline: (out): the generator
 *
 * Returns: %TRUE if @id names a generator
 */
gboolean
dkg_baseline_from_id (const char  *id,
                      DkgBaseline *baseline)
{
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (baseline != NULL, FALSE);

  for (guint b = 0; b < DKG_N_BASELINES; b++)
    if (g_strcmp0 (id, baseline_info[b].id) == 0)
      {
        *baseline = (DkgBaseline) b;
        return TRUE;
      }
  return FALSE;
}

static double
now_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec * 1e3 + (double) ts.tv_nsec * 1e-6;
}

static void
set_gcry_error (GError      **error,
                const char   *what,
                gcry_error_t  err)
{
  g_set_error (error, DKG_ERROR, DKG_ERROR_FAILED, "%s: %s (libgcrypt)", what,
               gcry_strerror (err));
}

static void
sha256 (const guint8 *data,
        gsize         n,
        guint8        digest[32])
{
  dkg_crypto_init ();
  gcry_md_hash_buffer (GCRY_MD_SHA256, digest, data, n);
}

/**
 * dkg_baseline_lcg_seed:
 * @seed: (array length=seed_len): seed bytes
 * @seed_len: number of seed bytes
 *
 * Returns: x₀ of the LCG baseline: the first 4 bytes of SHA-256(@seed), big-endian
 */
guint32
dkg_baseline_lcg_seed (const guint8 *seed,
                       gsize         seed_len)
{
  guint8 d[32];

  g_return_val_if_fail (seed != NULL || seed_len == 0, 0);

  sha256 (seed, seed_len, d);
  return dkg_bytes_get_be32 (d);
}

/**
 * dkg_baseline_lcg_fill:
 * @state: the LCG state x before the first output
 * @out: (out caller-allocates) (array length=n): output bytes
 * @n: number of bytes
 *
 * Steps x ← (1664525·x + 1013904223) mod 2³² @n times and writes the high byte (x >> 24) of
 * each new state: from x = 0 the states are 1013904223, 1196435762, 3519870697, … and the
 * bytes 0x3c, 0x47, 0xd1, …
 *
 * Returns: the state after the last step
 */
guint32
dkg_baseline_lcg_fill (guint32  state,
                       guint8  *out,
                       gsize    n)
{
  g_return_val_if_fail (out != NULL || n == 0, state);

  for (gsize i = 0; i < n; i++)
    {
      state = state * DKG_BASELINE_LCG_A + DKG_BASELINE_LCG_C;
      out[i] = (guint8) (state >> 24);
    }
  return state;
}

/**
 * dkg_baseline_mt19937_new:
 * @seed: (array length=seed_len): seed bytes
 * @seed_len: number of seed bytes
 *
 * The Mersenne Twister of the MT19937 baseline: g_rand_new_with_seed_array() with the eight
 * big-endian 32-bit words of SHA-256(@seed).
 *
 * Returns: (transfer full): a new #GRand; free with g_rand_free()
 */
GRand *
dkg_baseline_mt19937_new (const guint8 *seed,
                          gsize         seed_len)
{
  guint8 d[32];
  guint32 words[8];

  g_return_val_if_fail (seed != NULL || seed_len == 0, NULL);

  sha256 (seed, seed_len, d);
  for (guint i = 0; i < 8; i++)
    words[i] = dkg_bytes_get_be32 (d + 4 * i);
  return g_rand_new_with_seed_array (words, G_N_ELEMENTS (words));
}

/**
 * dkg_baseline_mt19937_fill:
 * @rand: a #GRand (MT19937)
 * @out: (out caller-allocates) (array length=n): output bytes
 * @n: number of bytes
 *
 * Writes the outputs of g_rand_int() as bytes, most significant byte first (the word
 * 0xd091bb5c, MT19937's first output for seed 5489, gives d0 91 bb 5c); a last partial word
 * contributes its leading bytes.
 */
void
dkg_baseline_mt19937_fill (GRand  *rand,
                           guint8 *out,
                           gsize   n)
{
  gsize i = 0;

  g_return_if_fail (rand != NULL);
  g_return_if_fail (out != NULL || n == 0);

  for (; i + 4 <= n; i += 4)
    dkg_bytes_put_be32 (out + i, g_rand_int (rand));
  if (i < n)
    {
      guint8 last[4];

      dkg_bytes_put_be32 (last, g_rand_int (rand));
      memcpy (out + i, last, n - i);
    }
}

static gboolean
gcry_keystream (int            algo,
                const char    *what,
                const guint8  *key,
                gsize          key_len,
                const guint8  *nonce,
                gsize          nonce_len,
                guint8        *out,
                gsize          n,
                GError       **error)
{
  gcry_cipher_hd_t h = NULL;
  gcry_error_t err;

  dkg_crypto_init ();
  err = gcry_cipher_open (&h, algo, GCRY_CIPHER_MODE_STREAM, 0);
  if (err == 0)
    err = gcry_cipher_setkey (h, key, key_len);
  if (err == 0 && nonce != NULL)
    err = gcry_cipher_setiv (h, nonce, nonce_len);
  if (err == 0)
    {
      memset (out, 0, n);
      if (n > 0)
        err = gcry_cipher_encrypt (h, out, n, NULL, 0);
    }
  gcry_cipher_close (h);
  if (err != 0)
    {
      set_gcry_error (error, what, err);
      return FALSE;
    }
  return TRUE;
}

/**
 * dkg_baseline_rc4_keystream:
 * @key: (array length=key_len): RC4 key
 * @key_len: 5 … 256 bytes (libgcrypt's limits for ARCFOUR: 40 to 2048 bits)
 * @out: (out caller-allocates) (array length=n): keystream bytes
 * @n: number of bytes
 * @error: return location for a #GError
 *
 * The RC4 keystream from its first byte (libgcrypt %GCRY_CIPHER_ARCFOUR encrypting zeros). RFC
 * 6229 gives test vectors, e.g. key 01 02 03 04 05 → b2 39 63 05 f0 3d c0 27 …
 *
 * Returns: %TRUE on success; %FALSE with %DKG_ERROR_INVALID_ARGUMENT (@key_len) or
 *   %DKG_ERROR_FAILED (libgcrypt)
 */
gboolean
dkg_baseline_rc4_keystream (const guint8  *key,
                            gsize          key_len,
                            guint8        *out,
                            gsize          n,
                            GError       **error)
{
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (out != NULL || n == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (key_len < 5 || key_len > 256)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                   "An RC4 key has 5 to 256 bytes, not %" G_GSIZE_FORMAT, key_len);
      return FALSE;
    }
  return gcry_keystream (GCRY_CIPHER_ARCFOUR, "RC4", key, key_len, NULL, 0, out, n, error);
}

/**
 * dkg_baseline_chacha20_keystream:
 * @key: (array fixed-size=32): ChaCha20 key
 * @nonce: (array fixed-size=12): 96-bit nonce (RFC 8439)
 * @out: (out caller-allocates) (array length=n): keystream bytes
 * @n: number of bytes, at most 2³²·64 (the 32-bit block counter)
 * @error: return location for a #GError
 *
 * The ChaCha20 keystream of RFC 8439 §2.4 from block counter 0 (libgcrypt
 * %GCRY_CIPHER_CHACHA20 encrypting zeros); bytes 64·j … 64·j + 63 are the block with counter j
 * (RFC 8439 Appendix A.1 test vectors 1–5).
 *
 * Returns: %TRUE on success; %FALSE with %DKG_ERROR_TOO_LARGE (@n) or %DKG_ERROR_FAILED
 */
gboolean
dkg_baseline_chacha20_keystream (const guint8   key[32],
                                 const guint8   nonce[12],
                                 guint8        *out,
                                 gsize          n,
                                 GError       **error)
{
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (nonce != NULL, FALSE);
  g_return_val_if_fail (out != NULL || n == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((guint64) n > (G_GUINT64_CONSTANT (1) << 38))
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_TOO_LARGE,
                   "ChaCha20 with a 96-bit nonce gives at most 256 GiB of keystream");
      return FALSE;
    }
  return gcry_keystream (GCRY_CIPHER_CHACHA20, "ChaCha20", key, 32, nonce, 12, out, n, error);
}

/**
 * dkg_baseline_rsa_modulus_hex:
 *
 * Returns: (transfer none): the modulus n of the RSA baseline, RSA-2048 of the RSA Factoring
 *   Challenge, as 512 lowercase hex digits
 */
const char *
dkg_baseline_rsa_modulus_hex (void)
{
  return rsa2048_modulus_hex;
}

/**
 * dkg_baseline_rsa_textbook:
 * @seed: (array length=seed_len): seed bytes
 * @seed_len: number of seed bytes, ≥ 1
 * @out: (out caller-allocates) (array length=n): output bytes
 * @n: number of bytes
 * @error: return location for a #GError
 *
 * The RSA baseline (see the top of dkg-baselines.c): block i of the cyclic seed stream, 255
 * bytes big-endian, is m_i; out = c_0 ‖ c_1 ‖ … cut to @n bytes, c_i = m_i^65537 mod n as 256
 * big-endian bytes, n = dkg_baseline_rsa_modulus_hex().
 *
 * Returns: %TRUE on success; %FALSE with %DKG_ERROR_INVALID_ARGUMENT (empty seed) or
 *   %DKG_ERROR_FAILED (libgcrypt)
 */
gboolean
dkg_baseline_rsa_textbook (const guint8  *seed,
                           gsize          seed_len,
                           guint8        *out,
                           gsize          n,
                           GError       **error)
{
  gcry_mpi_t modulus = NULL, e = NULL, m = NULL, c = NULL;
  gcry_error_t err;
  guint8 block[DKG_BASELINE_RSA_BLOCK_BYTES];
  guint8 cbuf[DKG_BASELINE_RSA_MODULUS_BYTES];
  gsize pos = 0, written;
  gboolean ok = TRUE;

  g_return_val_if_fail (seed != NULL || seed_len == 0, FALSE);
  g_return_val_if_fail (out != NULL || n == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (seed_len == 0)
    {
      g_set_error_literal (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                           "The RSA baseline needs at least one seed byte");
      return FALSE;
    }
  dkg_crypto_init ();
  err = gcry_mpi_scan (&modulus, GCRYMPI_FMT_HEX, rsa2048_modulus_hex, 0, NULL);
  if (err != 0)
    {
      set_gcry_error (error, "RSA modulus", err);
      return FALSE;
    }
  e = gcry_mpi_set_ui (NULL, DKG_BASELINE_RSA_EXPONENT);
  c = gcry_mpi_new (2048);
  for (gsize out_pos = 0; ok && out_pos < n; out_pos += DKG_BASELINE_RSA_MODULUS_BYTES)
    {
      gsize take = MIN ((gsize) DKG_BASELINE_RSA_MODULUS_BYTES, n - out_pos);

      for (guint j = 0; j < DKG_BASELINE_RSA_BLOCK_BYTES; j++)
        {
          block[j] = seed[pos];
          pos = pos + 1 == seed_len ? 0 : pos + 1;
        }
      err = gcry_mpi_scan (&m, GCRYMPI_FMT_USG, block, sizeof block, NULL);
      if (err == 0)
        {
          gcry_mpi_powm (c, m, e, modulus);
          /* Right-align: c < n has at most 256 bytes, fewer when it has leading zeros. */
          err = gcry_mpi_print (GCRYMPI_FMT_USG, cbuf, sizeof cbuf, &written, c);
        }
      gcry_mpi_release (m);
      m = NULL;
      if (err != 0)
        {
          set_gcry_error (error, "RSA block", err);
          ok = FALSE;
          break;
        }
      memmove (cbuf + sizeof cbuf - written, cbuf, written);
      memset (cbuf, 0, sizeof cbuf - written);
      memcpy (out + out_pos, cbuf, take);
    }
  gcry_mpi_release (c);
  gcry_mpi_release (e);
  gcry_mpi_release (modulus);
  return ok;
}

static gboolean
os_csprng (guint8  *out,
           gsize    n,
           GError **error)
{
  gsize done = 0;

  while (done < n)
    {
      ssize_t got = getrandom (out + done, n - done, 0);

      if (got < 0)
        {
          int saved = errno;

          if (saved == EINTR)
            continue;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       "getrandom() failed: %s", g_strerror (saved));
          return FALSE;
        }
      done += (gsize) got;
    }
  return TRUE;
}

/**
 * dkg_baseline_generate:
 * @baseline: the generator
 * @seed: (array length=seed_len) (nullable): seed bytes (dkg_baseline_seed_bytes() of a seed
 *   image); ignored by %DKG_BASELINE_OS_CSPRNG, which accepts %NULL
 * @seed_len: number of seed bytes; ≥ 1 except for %DKG_BASELINE_OS_CSPRNG
 * @out: (out caller-allocates) (array length=n): the key bytes
 * @n: number of key bytes (%DKG_BASELINE_DEFAULT_BYTES for the tables)
 * @ms: (out) (optional): wall-clock time of the generation, milliseconds
 * @error: return location for a #GError
 *
 * Makes @n key bytes with @baseline, exactly as the top of dkg-baselines.c describes: hashing
 * the seed, setting up the generator and producing the bytes, all inside the timed region.
 * Thread-safe (no shared state but libgcrypt's, which is).
 *
 * Returns: %TRUE on success; %FALSE with %DKG_ERROR_INVALID_ARGUMENT (empty seed),
 *   %DKG_ERROR_FAILED (libgcrypt) or a %G_IO_ERROR (getrandom)
 */
gboolean
dkg_baseline_generate (DkgBaseline    baseline,
                       const guint8  *seed,
                       gsize          seed_len,
                       guint8        *out,
                       gsize          n,
                       double        *ms,
                       GError       **error)
{
  guint8 digest[32];
  double t0;
  gboolean ok = TRUE;

  g_return_val_if_fail ((guint) baseline < DKG_N_BASELINES, FALSE);
  g_return_val_if_fail (seed != NULL || seed_len == 0, FALSE);
  g_return_val_if_fail (out != NULL || n == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (baseline != DKG_BASELINE_OS_CSPRNG && seed_len == 0)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                   "The %s generator needs a seed of at least one byte",
                   baseline_info[baseline].name);
      return FALSE;
    }
  dkg_crypto_init ();

  t0 = now_ms ();
  switch (baseline)
    {
    case DKG_BASELINE_CHAOTIC:
      {
        const DkgChaoticParams params = DKG_CHAOTIC_PARAMS_DEFAULT;

        dkg_chaotic_keystream (out, n, dkg_chaotic_plain_sum (seed, seed_len), &params);
      }
      break;
    case DKG_BASELINE_LCG:
      dkg_baseline_lcg_fill (dkg_baseline_lcg_seed (seed, seed_len), out, n);
      break;
    case DKG_BASELINE_MT19937:
      {
        GRand *rand = dkg_baseline_mt19937_new (seed, seed_len);

        dkg_baseline_mt19937_fill (rand, out, n);
        g_rand_free (rand);
      }
      break;
    case DKG_BASELINE_RC4:
      sha256 (seed, seed_len, digest);
      ok = dkg_baseline_rc4_keystream (digest, sizeof digest, out, n, error);
      break;
    case DKG_BASELINE_RSA:
      ok = dkg_baseline_rsa_textbook (seed, seed_len, out, n, error);
      break;
    case DKG_BASELINE_CHACHA20:
      {
        static const guint8 zero_nonce[12] = { 0 };

        sha256 (seed, seed_len, digest);
        ok = dkg_baseline_chacha20_keystream (digest, zero_nonce, out, n, error);
      }
      break;
    case DKG_BASELINE_OS_CSPRNG:
      ok = os_csprng (out, n, error);
      break;
    case DKG_N_BASELINES:
    default:
      g_assert_not_reached ();
    }
  if (ms != NULL)
    *ms = now_ms () - t0;
  dkg_crypto_wipe (digest, sizeof digest);
  return ok;
}

/**
 * dkg_baseline_seed_bytes:
 * @seed: the seed image
 * @n_bytes: (out): number of bytes returned
 *
 * The seed bytes of an image: its samples in raster order, channels interleaved, 16-bit
 * samples big-endian (the §5.3 plaintext bytes, dkg_keystream_image_to_bytes()).
 *
 * Returns: (transfer full) (array length=n_bytes): the bytes; g_free() them
 */
guint8 *
dkg_baseline_seed_bytes (const DkgImage *seed,
                         gsize          *n_bytes)
{
  g_return_val_if_fail (seed != NULL, NULL);
  g_return_val_if_fail (n_bytes != NULL, NULL);

  return dkg_keystream_image_to_bytes (seed, n_bytes);
}

/**
 * dkg_baseline_generate_key:
 * @baseline: the generator
 * @seed: (nullable): the seed image; %NULL only for %DKG_BASELINE_OS_CSPRNG
 * @width: key width, ≥ 1
 * @height: key height, ≥ 1
 * @ms: (out) (optional): generation time (dkg_baseline_generate()), milliseconds
 * @error: return location for a #GError
 *
 * A key image of the DeepKeyGen shape (§5.2): @width × @height, 3 channels, 8 bits, whose
 * bytes in raster order are dkg_baseline_generate() of dkg_baseline_seed_bytes(@seed). A key
 * made this way encrypts with every scheme, like a generator's key.
 *
 * Returns: (transfer full) (nullable): the key, or %NULL with an error of dkg_image_new() or
 *   dkg_baseline_generate()
 */
DkgImage *
dkg_baseline_generate_key (DkgBaseline      baseline,
                           const DkgImage  *seed,
                           guint            width,
                           guint            height,
                           double          *ms,
                           GError         **error)
{
  g_autoptr(DkgImage) key = NULL;
  g_autofree guint8 *seed_bytes = NULL;
  gsize seed_len = 0;

  g_return_val_if_fail ((guint) baseline < DKG_N_BASELINES, NULL);
  g_return_val_if_fail (seed != NULL || baseline == DKG_BASELINE_OS_CSPRNG, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  key = dkg_image_new (width, height, 3, 8, FALSE, error);
  if (key == NULL)
    return NULL;
  if (seed != NULL)
    seed_bytes = dkg_baseline_seed_bytes (seed, &seed_len);
  if (!dkg_baseline_generate (baseline, seed_bytes, seed_len, key->data, dkg_image_n_bytes (key),
                              ms, error))
    return NULL;
  return g_steal_pointer (&key);
}
