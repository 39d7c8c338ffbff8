/* dkg-rsa-textbook.c — the paper's textbook per-pixel RSA, INSECURE, for comparison only
 * (docs/SPECIFICATION.md §5.6 (a))
 *
 *
 * The paper's scheme: every sample
 * value m (the unsigned bit pattern; 0..255 or 0..65535) is encrypted on its own as
 * c = m^e mod n with a tiny modulus n = p·q of 9 to 32 bits, so that c fits a 16-bit sample
 * (n ≤ 2¹⁶) or two (n > 2¹⁶). That is what per-pixel RSA schemes in such papers do, and it is
 * broken three times over: it is deterministic (equal pixels give equal ciphertexts, so the
 * ciphertext's histogram is the plaintext's with its bins permuted, and every edge of the image
 * stays visible), the 256 or 65536 possible messages can be encrypted with the public key alone
 * and looked up (dkg_rsa_textbook_dictionary_attack() decrypts every pixel without the private
 * key), and m = 0 and m = 1 are fixed points. A 2048-bit modulus would fix none of this.
 *
 * The arithmetic — modular powers, inverses, primality — is libgcrypt's MPI code
 * (gcry_mpi_powm(), gcry_mpi_invm(), gcry_prime_check(); random_prime() says why not
 * gcry_prime_generate()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gcrypt.h>
#include <string.h>

#include "dkg-crypto.h"
#include "dkg-error.h"
#include "dkg-rsa.h"


/* @v as an unsigned MPI (libgcrypt started first: every MPI use here begins with one). */
static gcry_mpi_t
mpi_from_u64 (guint64 v)
{
  guint64 be = GUINT64_TO_BE (v);
  gcry_mpi_t m = NULL;

  dkg_crypto_init ();
  if (gcry_mpi_scan (&m, GCRYMPI_FMT_USG, &be, sizeof be, NULL) != 0)
    g_error ("libgcrypt: gcry_mpi_scan failed on 8 bytes");
  return m;
}

/* The value of @m, which is below 2⁶⁴. */
static guint64
mpi_to_u64 (gcry_mpi_t m)
{
  guint8 buf[8] = { 0 };
  gsize n = 0;
  guint64 be = 0;

  g_assert (gcry_mpi_get_nbits (m) <= 64);
  if (gcry_mpi_print (GCRYMPI_FMT_USG, buf, sizeof buf, &n, m) != 0)
    g_error ("libgcrypt: gcry_mpi_print failed");
  /* right-align the n big-endian bytes (n is 0 for the value 0) */
  memcpy ((guint8 *) &be + (8 - n), buf, n);
  return GUINT64_FROM_BE (be);
}

/**
 * dkg_rsa_textbook_pow:
 * @base: the base, < @modulus
 * @exponent: the exponent
 * @modulus: the modulus, 2..2³²
 *
 * Modular exponentiation with libgcrypt's gcry_mpi_powm(). For textbook RSA only.
 *
 * Returns: @base^@exponent mod @modulus
 */
guint64
dkg_rsa_textbook_pow (guint64 base,
                      guint64 exponent,
                      guint64 modulus)
{
  gcry_mpi_t b, e, m, r;
  guint64 out;

  g_return_val_if_fail (modulus >= 2 && modulus <= G_GUINT64_CONSTANT (1) << 32, 0);

  b = mpi_from_u64 (base % modulus);
  e = mpi_from_u64 (exponent);
  m = mpi_from_u64 (modulus);
  r = gcry_mpi_new (64);
  gcry_mpi_powm (r, b, e, m);
  out = mpi_to_u64 (r);
  gcry_mpi_release (b);
  gcry_mpi_release (e);
  gcry_mpi_release (m);
  gcry_mpi_release (r);
  return out;
}

/**
 * dkg_rsa_textbook_words:
 * @n: a textbook modulus
 *
 * Returns: 16-bit samples per ciphertext value: 1 if @n ≤ 2¹⁶ (every c < @n fits), else 2
 */
guint
dkg_rsa_textbook_words (guint64 n)
{
  return n <= 65536 ? 1 : 2;
}

/* Whether @x is prime: gcry_prime_check() (trial division by small primes, then Fermat and
 * Rabin–Miller; exact for the values below 2³² used here). */
static gboolean
is_prime (guint64 x)
{
  gcry_mpi_t m;
  gboolean prime;

  if (x < 2)
    return FALSE;
  m = mpi_from_u64 (x);
  prime = gcry_prime_check (m, 0) == 0;
  gcry_mpi_release (m);
  return prime;
}

static guint
bit_length (guint64 x)
{
  gcry_mpi_t m = mpi_from_u64 (x);
  guint bits = gcry_mpi_get_nbits (m);

  gcry_mpi_release (m);
  return bits;
}

/* e⁻¹ mod m, or 0 if gcd(e, m) ≠ 1 (gcry_mpi_invm()). */
static guint64
mod_inverse (guint64 e,
             guint64 m)
{
  gcry_mpi_t a = mpi_from_u64 (e % m), mod = mpi_from_u64 (m), inv = gcry_mpi_new (64);
  guint64 out = gcry_mpi_invm (inv, a, mod) ? mpi_to_u64 (inv) : 0;

  gcry_mpi_release (a);
  gcry_mpi_release (mod);
  gcry_mpi_release (inv);
  return out;
}

/**
 * dkg_rsa_textbook_key_from_primes:
 * @p: a prime
 * @q: another prime
 * @e: the public exponent, odd, ≥ 3, coprime to φ(n) = (@p − 1)(@q − 1)
 * @key: (out caller-allocates): the key
 * @error: return location for a #GError
 *
 * A textbook RSA key with modulus n = @p·@q of %DKG_RSA_TEXTBOOK_MIN_BITS to
 * %DKG_RSA_TEXTBOOK_MAX_BITS bits and d = @e⁻¹ mod φ(n). INSECURE: for the comparison of
 * docs/SPECIFICATION.md §5.6 only.
 *
 * Returns: %TRUE on success; %FALSE with %DKG_ERROR_INVALID_ARGUMENT (not primes, equal, n out
 *   of range, e not invertible)
 */
gboolean
dkg_rsa_textbook_key_from_primes (guint64             p,
                                  guint64             q,
                                  guint64             e,
                                  DkgRsaTextbookKey  *key,
                                  GError            **error)
{
  guint64 n, phi, d;
  guint bits;

  g_return_val_if_fail (key != NULL, FALSE);

  if (p >= (G_GUINT64_CONSTANT (1) << 32) || q >= (G_GUINT64_CONSTANT (1) << 32) || p == q
      || !is_prime (p) || !is_prime (q))
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                   "textbook RSA needs two different primes below 2³², not %" G_GUINT64_FORMAT
                   " and %" G_GUINT64_FORMAT, p, q);
      return FALSE;
    }
  n = p * q;
  bits = bit_length (n);
  if (bits < DKG_RSA_TEXTBOOK_MIN_BITS || bits > DKG_RSA_TEXTBOOK_MAX_BITS)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                   "the textbook RSA modulus n = %" G_GUINT64_FORMAT " has %u bits; it needs %d "
                   "to %d", n, bits, DKG_RSA_TEXTBOOK_MIN_BITS, DKG_RSA_TEXTBOOK_MAX_BITS);
      return FALSE;
    }
  phi = (p - 1) * (q - 1);
  d = e >= 3 && (e & 1) ? mod_inverse (e, phi) : 0;
  if (d == 0)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                   "e = %" G_GUINT64_FORMAT " is not an odd exponent ≥ 3 coprime to φ(n) = "
                   "%" G_GUINT64_FORMAT, e, phi);
      return FALSE;
    }
  key->bits = bits;
  key->n = n;
  key->e = e;
  key->d = d;
  key->p = p;
  key->q = q;
  return TRUE;
}

/* A random prime of exactly @bits bits (top bit set; @bits ≤ 16 here): uniform candidates from
 * libgcrypt's CSPRNG, tested with gcry_prime_check(). gcry_prime_generate() cannot be used:
 * it refuses primes below 48 bits (GPG_ERR_INV_ARG in libgcrypt 1.10), and the textbook
 * moduli need primes of 5 to 16 bits. */
static guint64
random_prime (guint bits)
{
  guint64 lo = G_GUINT64_CONSTANT (1) << (bits - 1);

  for (;;)
    {
      guint64 r;

      dkg_crypto_random ((guint8 *) &r, sizeof r);
      r = lo + r % lo;
      if (is_prime (r))
        return r;
    }
}

/**
 * dkg_rsa_textbook_key_generate:
 * @bits: bits of the modulus, %DKG_RSA_TEXTBOOK_MIN_BITS..%DKG_RSA_TEXTBOOK_MAX_BITS; at least
 *   the sample bit depth + 1 for the images it will encrypt (9 for 8-bit, 17 for 16-bit)
 * @key: (out caller-allocates): the key
 * @error: return location for a #GError
 *
 * Random primes p of ceil(@bits / 2) and q of floor(@bits / 2) bits (from libgcrypt's CSPRNG)
 * such that n = p·q has exactly @bits bits and e = 65537 is invertible mod φ(n). A modulus
 * this small is factored instantly; the textbook scheme is INSECURE whatever the modulus (module
 * comment of dkg-rsa.c). For comparison only.
 *
 * Returns: %TRUE on success; %FALSE with %DKG_ERROR_INVALID_ARGUMENT (@bits out of range)
 */
gboolean
dkg_rsa_textbook_key_generate (guint               bits,
                               DkgRsaTextbookKey  *key,
                               GError            **error)
{
  guint a = (bits + 1) / 2, b = bits / 2;

  g_return_val_if_fail (key != NULL, FALSE);

  if (bits < DKG_RSA_TEXTBOOK_MIN_BITS || bits > DKG_RSA_TEXTBOOK_MAX_BITS)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                   "textbook RSA moduli have %d to %d bits, not %u", DKG_RSA_TEXTBOOK_MIN_BITS,
                   DKG_RSA_TEXTBOOK_MAX_BITS, bits);
      return FALSE;
    }
  for (;;)
    {
      guint64 p = random_prime (a);
      guint64 q = random_prime (b);

      if (p != q && bit_length (p * q) == bits
          && dkg_rsa_textbook_key_from_primes (p, q, DKG_RSA_PUBLIC_EXPONENT, key, NULL))
        return TRUE;
    }
}

static gboolean
check_modulus (guint64      n,
               guint        bit_depth,
               GError     **error)
{
  if (n >= 2 && n <= G_GUINT64_CONSTANT (1) << 32 && n > (G_GUINT64_CONSTANT (1) << bit_depth) - 1)
    return TRUE;
  g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
               "the textbook RSA modulus n = %" G_GUINT64_FORMAT " must exceed every %u-bit sample "
               "value (n ≥ %" G_GUINT64_FORMAT ", i.e. at least %u bits) and fit 32 bits", n,
               bit_depth, G_GUINT64_CONSTANT (1) << bit_depth, bit_depth + 1);
  return FALSE;
}

static inline guint32
sample_at (const DkgImage *im,
           gsize           i)
{
  return im->bit_depth == 8 ? im->data[i] : ((const guint16 *) im->data)[i];
}

/* Index of the first cipher sample of plaintext sample @i (@words per value). */
static inline gsize
cipher_index (const DkgImage *plain,
              gsize           i,
              guint           words)
{
  gsize ch = plain->channels, pixel = i / ch, c = i % ch;
  gsize y = pixel / plain->width, x = pixel % plain->width;

  return ((y * plain->width * words) + x * words) * ch + c;
}

/**
 * dkg_rsa_textbook_encrypt_image:
 * @plain: an 8- or 16-bit image, 1–4 channels, signed or not
 * @key: a textbook key whose modulus exceeds every sample value
 * @error: return location for a #GError
 *
 * The paper's per-pixel textbook RSA, INSECURE, for comparison only: every sample value m (the
 * unsigned bit pattern) becomes c = m^e mod n. The ciphertext is an unsigned 16-bit image of
 * the same height and channels: the same width when n ≤ 2¹⁶ (c in one sample), twice the width
 * when n > 2¹⁶, with the high 16 bits of pixel x's values in pixel 2x and the low 16 bits in
 * pixel 2x + 1. Deterministic: equal samples give equal ciphertexts, so the ciphertext's
 * histogram is the plaintext's with its bins permuted (module comment of dkg-rsa-textbook.c).
 *
 * Returns: (transfer full) (nullable): the ciphertext image, or %NULL with
 *   %DKG_ERROR_INVALID_ARGUMENT (modulus too small for the bit depth) or %DKG_ERROR_TOO_LARGE
 */
DkgImage *
dkg_rsa_textbook_encrypt_image (const DkgImage           *plain,
                                const DkgRsaTextbookKey  *key,
                                GError                  **error)
{
  g_autoptr(DkgImage) cipher = NULL;
  g_autofree guint32 *table = NULL;
  guint words;
  gsize n_samples, levels;
  guint16 *out;

  g_return_val_if_fail (plain != NULL && plain->data != NULL && key != NULL, NULL);
  g_return_val_if_fail (plain->bit_depth == 8 || plain->bit_depth == 16, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_modulus (key->n, plain->bit_depth, error))
    return NULL;
  words = dkg_rsa_textbook_words (key->n);
  if ((guint64) plain->width * words > DKG_IMAGE_MAX_DIM)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_TOO_LARGE,
                   "a %u-pixel-wide image gives a %u-pixel-wide textbook RSA ciphertext, more "
                   "than %d", plain->width, plain->width * words, DKG_IMAGE_MAX_DIM);
      return NULL;
    }
  cipher = dkg_image_new (plain->width * words, plain->height, plain->channels, 16, FALSE, error);
  if (cipher == NULL)
    return NULL;
  /* Deterministic per value: one exponentiation per possible sample value. */
  levels = (gsize) 1 << plain->bit_depth;
  table = g_new (guint32, levels);
  for (gsize m = 0; m < levels; m++)
    table[m] = (guint32) dkg_rsa_textbook_pow (m, key->e, key->n);
  n_samples = dkg_image_n_samples (plain);
  out = (guint16 *) cipher->data;
  for (gsize i = 0; i < n_samples; i++)
    {
      guint32 c = table[sample_at (plain, i)];
      gsize j = cipher_index (plain, i, words);

      if (words == 1)
        out[j] = (guint16) c;
      else
        {
          out[j] = (guint16) (c >> 16);
          out[j + plain->channels] = (guint16) c;
        }
    }
  return g_steal_pointer (&cipher);
}

/* Shared by decryption and the dictionary attack: checks the ciphertext's shape and makes the
 * plaintext image. */
static DkgImage *
textbook_plain_for (const DkgImage  *cipher,
                    guint64          n,
                    guint            bit_depth,
                    gboolean         is_signed,
                    GError         **error)
{
  guint words;

  if (bit_depth != 8 && bit_depth != 16)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                   "textbook RSA plaintexts are 8- or 16-bit, not %u-bit", bit_depth);
      return NULL;
    }
  if (!check_modulus (n, bit_depth, error))
    return NULL;
  words = dkg_rsa_textbook_words (n);
  if (cipher->bit_depth != 16 || cipher->is_signed || cipher->width % words != 0)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                   "not a textbook RSA ciphertext for n = %" G_GUINT64_FORMAT ": expected an "
                   "unsigned 16-bit image%s, got a %u×%u %u-bit one", n,
                   words == 2 ? " of even width" : "", cipher->width, cipher->height,
                   cipher->bit_depth);
      return NULL;
    }
  return dkg_image_new (cipher->width / words, cipher->height, cipher->channels, bit_depth,
                        is_signed, error);
}

static inline guint64
cipher_value (const DkgImage *cipher,
              const DkgImage *plain,
              gsize           i,
              guint           words)
{
  const guint16 *in = (const guint16 *) cipher->data;
  gsize j = cipher_index (plain, i, words);

  return words == 1 ? in[j] : ((guint64) in[j] << 16) | in[j + plain->channels];
}

static inline void
set_sample (DkgImage *im,
            gsize     i,
            guint32   v)
{
  if (im->bit_depth == 8)
    im->data[i] = (guint8) v;
  else
    ((guint16 *) im->data)[i] = (guint16) v;
}

/**
 * dkg_rsa_textbook_decrypt_image:
 * @cipher: a ciphertext of dkg_rsa_textbook_encrypt_image()
 * @key: the key it was made with
 * @bit_depth: the plaintext's bit depth, 8 or 16
 * @is_signed: the plaintext's samples are signed (16-bit only)
 * @error: return location for a #GError
 *
 * m = c^d mod n for every value: the exact inverse of dkg_rsa_textbook_encrypt_image().
 *
 * Returns: (transfer full) (nullable): the plaintext, or %NULL with %DKG_ERROR_INVALID_FILE
 *   (a shape or a value c ≥ n or decrypting to more than @bit_depth bits: not a ciphertext of
 *   @key) or %DKG_ERROR_INVALID_ARGUMENT
 */
DkgImage *
dkg_rsa_textbook_decrypt_image (const DkgImage           *cipher,
                                const DkgRsaTextbookKey  *key,
                                guint                     bit_depth,
                                gboolean                  is_signed,
                                GError                  **error)
{
  g_autoptr(DkgImage) plain = NULL;
  g_autofree guint32 *cache = NULL;
  guint words;
  gsize n_samples;

  g_return_val_if_fail (cipher != NULL && cipher->data != NULL && key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  plain = textbook_plain_for (cipher, key->n, bit_depth, is_signed, error);
  if (plain == NULL)
    return NULL;
  words = dkg_rsa_textbook_words (key->n);
  if (words == 1)
    {
      cache = g_new (guint32, key->n);
      memset (cache, 0xff, key->n * sizeof (guint32));
    }
  n_samples = dkg_image_n_samples (plain);
  for (gsize i = 0; i < n_samples; i++)
    {
      guint64 c = cipher_value (cipher, plain, i, words), m;

      if (c >= key->n)
        {
          g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                       "not a textbook RSA ciphertext of this key: value %" G_GUINT64_FORMAT
                       " ≥ n = %" G_GUINT64_FORMAT, c, key->n);
          return NULL;
        }
      if (cache != NULL && cache[c] != G_MAXUINT32)
        m = cache[c];
      else
        m = dkg_rsa_textbook_pow (c, key->d, key->n);
      if (cache != NULL)
        cache[c] = (guint32) m;
      if (m >> bit_depth != 0)
        {
          g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                       "not a textbook RSA ciphertext of this key: %" G_GUINT64_FORMAT
                       " decrypts to %" G_GUINT64_FORMAT ", more than %u bits", c, m, bit_depth);
          return NULL;
        }
      set_sample (plain, i, (guint32) m);
    }
  return g_steal_pointer (&plain);
}

typedef struct
{
  guint32 c;
  guint32 m;
} CodebookEntry;

static int
codebook_cmp (const void *a,
              const void *b)
{
  guint32 x = ((const CodebookEntry *) a)->c, y = ((const CodebookEntry *) b)->c;

  return x < y ? -1 : x > y;
}

/**
 * dkg_rsa_textbook_dictionary_attack:
 * @cipher: a ciphertext of dkg_rsa_textbook_encrypt_image()
 * @n: the public modulus
 * @e: the public exponent
 * @bit_depth: the plaintext's bit depth, 8 or 16
 * @is_signed: the plaintext's samples are signed (16-bit only)
 * @n_recovered: (out) (optional): samples recovered
 * @error: return location for a #GError
 *
 * Why per-pixel textbook RSA is broken without factoring n: with the public key alone, encrypt
 * every possible sample value (256 or 65536 of them), sort the codebook and look every
 * ciphertext value up. Needs no private key and recovers every sample of a genuine ciphertext.
 * Samples not in the codebook are set to 0 and not counted.
 *
 * Returns: (transfer full) (nullable): the recovered plaintext, or %NULL with an error as for
 *   dkg_rsa_textbook_decrypt_image()
 */
DkgImage *
dkg_rsa_textbook_dictionary_attack (const DkgImage  *cipher,
                                    guint64          n,
                                    guint64          e,
                                    guint            bit_depth,
                                    gboolean         is_signed,
                                    guint64         *n_recovered,
                                    GError         **error)
{
  g_autoptr(DkgImage) plain = NULL;
  g_autofree CodebookEntry *book = NULL;
  guint words;
  gsize levels, n_samples;
  guint64 found = 0;

  g_return_val_if_fail (cipher != NULL && cipher->data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (n_recovered != NULL)
    *n_recovered = 0;
  plain = textbook_plain_for (cipher, n, bit_depth, is_signed, error);
  if (plain == NULL)
    return NULL;
  words = dkg_rsa_textbook_words (n);
  levels = (gsize) 1 << bit_depth;
  book = g_new (CodebookEntry, levels);
  for (gsize m = 0; m < levels; m++)
    {
      book[m].c = (guint32) dkg_rsa_textbook_pow (m, e, n);
      book[m].m = (guint32) m;
    }
  qsort (book, levels, sizeof *book, codebook_cmp);
  n_samples = dkg_image_n_samples (plain);
  for (gsize i = 0; i < n_samples; i++)
    {
      CodebookEntry probe = { (guint32) cipher_value (cipher, plain, i, words), 0 };
      const CodebookEntry *hit = bsearch (&probe, book, levels, sizeof *book, codebook_cmp);

      if (hit != NULL)
        {
          set_sample (plain, i, hit->m);
          found++;
        }
    }
  if (n_recovered != NULL)
    *n_recovered = found;
  return g_steal_pointer (&plain);
}
