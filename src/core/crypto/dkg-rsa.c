/* dkg-rsa.c — RSA with libgcrypt: OAEP key wrapping for containers, and the paper's insecure
 * textbook per-pixel RSA for comparison (docs/SPECIFICATION.md §5.6)
 *
 * Two uses of RSA, as docs/SPECIFICATION.md §5.6 asks.
 *
 * (b) RSA-OAEP key wrapping. The papers assume the key image reaches the recipient over a
 * "secure channel". Here the key travels inside the ciphertext instead, readable only with the
 * recipient's RSA private key.
 *
 * Key files. libgcrypt S-expressions in the advanced (text) format of gcry_sexp_sprint():
 * NAME.pub holds "(public-key (rsa (n #…#) (e #…#)))", NAME.key the "(private-key (rsa (n)(e)
 * (d)(p)(q)(u)))" list that gcry_pk_genkey() returns (p < q, u = p⁻¹ mod q). Loading accepts the
 * advanced and the canonical format (gcry_sexp_sscan()) and a private key file where a public key
 * is wanted. Keys are generated with e = 65537 and 2048 or 3072 bits (4096 is accepted too);
 * keys of %DKG_RSA_MIN_BITS..%DKG_RSA_MAX_BITS bits are loaded. Private key files are written
 * with mode 0600, public key files 0644, both atomically (dkg_file_set_contents()). The
 * fingerprint of a key is SHA-256 over the canonical S-expression "(public-key(rsa(n%m)(e%m)))"
 * rebuilt from n and e, so it does not depend on how the file was formatted; 64 lowercase hex
 * digits.
 *
 * OAEP: RSAES-OAEP of RFC 8017 §7.1 with SHA-256, MGF1-SHA-256 and an empty label, through
 * gcry_pk_encrypt() with "(flags oaep)(hash-algo sha256)". The ciphertext is stored as k bytes,
 * k = ceil(bits / 8) (I2OSP, leading zeros kept).
 *
 * The wrapped-key chunk. dkg-container.c is not touched: dkg_rsa_wrap_container_key() adds a
 * second iTXt chunk, keyword "deepkeygen-wrapped-key", uncompressed, just before IEND (replacing
 * an earlier one), and leaves every other chunk byte for byte as it was, so the container still
 * decrypts as before. Its text is JSON:
 *
 *   { "version": 1, "algorithm": "rsa-oaep-sha256+chacha20-poly1305",
 *     "rsa_bits": 2048, "rsa_fingerprint": 64 hex,
 *     "wrapped_kek": base64 of RSA-OAEP(32 random bytes, the KEK), k bytes,
 *     "nonce": 24 hex, "key_ciphertext": base64, "tag": 32 hex }
 *
 * key_ciphertext ‖ tag = ChaCha20-Poly1305(KEK, nonce, AAD, P) (RFC 8439, dkg_aead_encrypt())
 * with a fresh random nonce, where P = u32 width ‖ u32 height ‖ u8 channels ‖ u8 bit_depth ‖
 * u8 signed ‖ the key image's samples in raster order (16-bit big-endian), and the AAD is the
 * text of the container's own "deepkeygen" iTXt chunk, byte for byte. The wrapped key is
 * therefore bound to that one container: moved to another container, or with the header text
 * changed in any way (even re-serialised), it no longer opens. Every member is required and no
 * other is allowed.
 *
 * Wrapping first checks that the key opens the container (dkg_container_decrypt()), so a
 * wrong key is never wrapped. Unwrapping checks the recipient fingerprint, RSA-OAEP-decrypts
 * the KEK, authenticates and decrypts the key image, and checks it against the container's key
 * fingerprint; any failure is %DKG_ERROR_AUTH and returns nothing.
 *
 * The PNG is handled with a small chunk walker (PNG spec §5.3): signature, then chunks of
 * length (≤ 2³¹ − 1, never past the end), type (four ASCII letters), data and CRC-32 (ISO 3309,
 * libgcrypt's GCRY_MD_CRC32), each verified; IHDR first; IEND last. Nothing after IEND is copied.
 *
 * (a) Textbook per-pixel RSA, the paper's scheme, INSECURE, for comparison only: every sample
 * value m (the unsigned bit pattern; 0..255 or 0..65535) is encrypted on its own as
 * c = m^e mod n with a tiny modulus n = p·q of 9 to 32 bits, so that c fits a 16-bit sample
 * (n ≤ 2¹⁶) or two (n > 2¹⁶). That is what per-pixel RSA schemes in such papers do, and it is
 * broken three times over: it is deterministic (equal pixels give equal ciphertexts, so the
 * ciphertext's histogram is the plaintext's with its bins permuted, and every edge of the image
 * stays visible), the 256 or 65536 possible messages can be encrypted with the public key alone
 * and looked up (dkg_rsa_textbook_dictionary_attack() decrypts every pixel without the private
 * key), and m = 0 and m = 1 are fixed points. A 2048-bit modulus would fix none of this.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gcrypt.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "dkg-aead.h"
#include "dkg-container.h"
#include "dkg-crypto.h"
#include "dkg-error.h"
#include "dkg-file.h"
#include "dkg-rsa.h"

#define MAX_KEY_FILE        (64 * 1024)
#define WRAP_ALGORITHM      "rsa-oaep-sha256+chacha20-poly1305"
#define SHAPE_BYTES         11
#define PNG_SIGNATURE_SIZE  8
#define PNG_MAX_CHUNK       0x7fffffffu

static const guint8 png_signature[PNG_SIGNATURE_SIZE] = { 137, 80, 78, 71, 13, 10, 26, 10 };

static const char *const wrapped_members[] = {
  "version", "algorithm", "rsa_bits", "rsa_fingerprint", "wrapped_kek", "nonce",
  "key_ciphertext", "tag", NULL
};

struct _DkgRsaKey
{
  gcry_sexp_t  pub;           /* Owned: "(public-key (rsa (n) (e)))" */
  gcry_sexp_t  priv;          /* Owned, nullable: "(private-key (rsa …))" */
  guint        bits;
  char         fingerprint[DKG_RSA_FINGERPRINT_LEN + 1];
};

static gboolean
gcry_failed (gcry_error_t   err,
             const char    *what,
             GError       **error)
{
  if (err == 0)
    return FALSE;
  g_set_error (error, DKG_ERROR, DKG_ERROR_FAILED, "libgcrypt: %s failed: %s", what,
               gcry_strerror (err));
  return TRUE;
}

static void
release_sexp (gcry_sexp_t s)
{
  if (s != NULL)
    gcry_sexp_release (s);
}

static void
release_mpi (gcry_mpi_t m)
{
  if (m != NULL)
    gcry_mpi_release (m);
}

/* Prints @s in @mode into a new NUL-terminated buffer. */
static char *
sexp_print (gcry_sexp_t  s,
            int          mode,
            gsize       *length)
{
  gsize size = gcry_sexp_sprint (s, mode, NULL, 0);
  char *buf = g_malloc0 (size + 1);
  gsize n = gcry_sexp_sprint (s, mode, buf, size + 1);

  g_assert (n > 0 && n <= size);
  buf[n] = '\0';
  *length = n;
  return buf;
}

static void
wipe_free (char  *p,
           gsize  n)
{
  if (p == NULL)
    return;
  dkg_crypto_wipe (p, n);
  g_free (p);
}

/* The unsigned big-endian value of the MPI in ( @name value ) below @list. */
static gcry_mpi_t
get_mpi (gcry_sexp_t  list,
         const char  *name)
{
  gcry_sexp_t l = gcry_sexp_find_token (list, name, 0);
  gcry_mpi_t m = l != NULL ? gcry_sexp_nth_mpi (l, 1, GCRYMPI_FMT_USG) : NULL;

  release_sexp (l);
  return m;
}

/* ---- keys ------------------------------------------------------------------------------ */

/**
 * dkg_rsa_key_free:
 * @key: (nullable): a key
 */
void
dkg_rsa_key_free (DkgRsaKey *key)
{
  if (key == NULL)
    return;
  release_sexp (key->pub);
  release_sexp (key->priv);
  g_free (key);
}

/*
 * Pairwise consistency test: gcry_pk_testkey() only checks p·q = n for RSA, so a private key
 * with a corrupted d or u would pass it. Encrypting 32 random bytes with the public key and
 * decrypting them with the private key (RSA-OAEP, the operation the key is used for) catches any
 * inconsistency.
 */
static gboolean
pairwise_consistent (const DkgRsaKey *key)
{
  guint8 msg[32], back[32];
  g_autoptr(GBytes) c = NULL;
  gboolean ok;

  dkg_crypto_random (msg, sizeof msg);
  c = dkg_rsa_oaep_encrypt (key, msg, sizeof msg, NULL);
  ok = c != NULL && dkg_rsa_oaep_decrypt (key, c, back, sizeof back, NULL)
       && memcmp (msg, back, sizeof msg) == 0;
  dkg_crypto_wipe (msg, sizeof msg);
  dkg_crypto_wipe (back, sizeof back);
  return ok;
}

/* Builds a key from an S-expression holding a public-key or private-key list (borrowed). */
static DkgRsaKey *
key_from_sexp (gcry_sexp_t   s,
               gboolean      need_private,
               const char   *name,
               GError      **error)
{
  g_autoptr(DkgRsaKey) key = NULL;
  gcry_sexp_t priv = gcry_sexp_find_token (s, "private-key", 0);
  gcry_sexp_t pub = priv == NULL ? gcry_sexp_find_token (s, "public-key", 0) : NULL;
  gcry_sexp_t src = priv != NULL ? priv : pub;
  gcry_sexp_t rsa = NULL;
  gcry_mpi_t n = NULL, e = NULL;
  guint8 digest[32];
  char *canon = NULL;
  gsize canon_len = 0;
  gcry_error_t err;

  if (src == NULL)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                   "“%s” is not an RSA key file: it holds no public-key or private-key list", name);
      goto out;
    }
  if (need_private && priv == NULL)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                   "“%s” holds a public key; the private key (NAME.key) is needed", name);
      goto out;
    }
  rsa = gcry_sexp_find_token (src, "rsa", 0);
  if (rsa == NULL)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_UNSUPPORTED,
                   "“%s” holds a key of another algorithm; only RSA keys are supported", name);
      goto out;
    }
  n = get_mpi (rsa, "n");
  e = get_mpi (rsa, "e");
  if (n == NULL || e == NULL || gcry_mpi_cmp_ui (e, 3) < 0 || !gcry_mpi_test_bit (e, 0)
      || !gcry_mpi_test_bit (n, 0))
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                   "“%s” is not a valid RSA key: n or e is missing or malformed", name);
      goto out;
    }

  key = g_new0 (DkgRsaKey, 1);
  err = gcry_sexp_build (&key->pub, NULL, "(public-key(rsa(n%m)(e%m)))", n, e);
  if (gcry_failed (err, "gcry_sexp_build", error))
    {
      g_clear_pointer (&key, dkg_rsa_key_free);
      goto out;
    }
  key->bits = gcry_pk_get_nbits (key->pub);
  if (key->bits < DKG_RSA_MIN_BITS || key->bits > DKG_RSA_MAX_BITS)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_UNSUPPORTED,
                   "“%s” is a %u-bit RSA key; keys of %d to %d bits are accepted", name,
                   key->bits, DKG_RSA_MIN_BITS, DKG_RSA_MAX_BITS);
      g_clear_pointer (&key, dkg_rsa_key_free);
      goto out;
    }
  if (need_private)
    {
      err = gcry_pk_testkey (priv);
      key->priv = priv;
      priv = NULL;
      if (err != 0 || !pairwise_consistent (key))
        {
          g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                       "“%s” is not a consistent RSA private key: %s", name,
                       err != 0 ? gcry_strerror (err) : "it does not decrypt what its public key "
                       "encrypts");
          g_clear_pointer (&key, dkg_rsa_key_free);
          goto out;
        }
    }
  canon = sexp_print (key->pub, GCRYSEXP_FMT_CANON, &canon_len);
  gcry_md_hash_buffer (GCRY_MD_SHA256, digest, canon, canon_len);
  g_free (canon);
  canon = dkg_crypto_to_hex (digest, sizeof digest);
  memcpy (key->fingerprint, canon, DKG_RSA_FINGERPRINT_LEN + 1);
  g_free (canon);

out:
  release_sexp (pub);
  release_sexp (priv);
  release_sexp (rsa);
  release_mpi (n);
  release_mpi (e);
  return g_steal_pointer (&key);
}

/**
 * dkg_rsa_key_generate:
 * @bits: modulus size: 2048, 3072 or 4096
 * @error: return location for a #GError
 *
 * Generates an RSA key pair with libgcrypt (gcry_pk_genkey(), e = %DKG_RSA_PUBLIC_EXPONENT,
 * primes from %GCRY_VERY_STRONG_RANDOM). Takes a fraction of a second for 2048 bits and a few
 * seconds for 3072 on one core.
 *
 * Returns: (transfer full) (nullable): the key pair, or %NULL with %DKG_ERROR_INVALID_ARGUMENT
 *   (another size) or %DKG_ERROR_FAILED (libgcrypt)
 */
DkgRsaKey *
dkg_rsa_key_generate (guint    bits,
                      GError **error)
{
  gcry_sexp_t parms = NULL, pair = NULL;
  DkgRsaKey *key;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (bits != 2048 && bits != 3072 && bits != 4096)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                   "RSA keys are generated with 2048, 3072 or 4096 bits, not %u", bits);
      return NULL;
    }
  dkg_crypto_init ();
  if (gcry_failed (gcry_sexp_build (&parms, NULL, "(genkey(rsa(nbits%u)(rsa-use-e%u)))",
                                    bits, (unsigned) DKG_RSA_PUBLIC_EXPONENT),
                   "gcry_sexp_build", error))
    return NULL;
  if (gcry_failed (gcry_pk_genkey (&pair, parms), "gcry_pk_genkey", error))
    {
      release_sexp (parms);
      return NULL;
    }
  release_sexp (parms);
  key = key_from_sexp (pair, TRUE, "generated key", error);
  release_sexp (pair);
  return key;
}

/**
 * dkg_rsa_key_parse:
 * @data: (array length=length): the contents of a key file
 * @length: bytes of @data
 * @need_private: the private key is required (else a public key, or the public half of a
 *   private key)
 * @name_for_errors: the file's name, for messages
 * @error: return location for a #GError
 *
 * Parses an RSA key written as a libgcrypt S-expression, canonical or advanced (the format of
 * the module comment of dkg-rsa.c). A private key is checked with gcry_pk_testkey() and a
 * pairwise consistency test (RSA-OAEP encryption with its public key, decryption with it).
 *
 * Returns: (transfer full) (nullable): the key, or %NULL with %DKG_ERROR_INVALID_FILE (not an
 *   S-expression, a PEM file, no key, malformed or inconsistent), %DKG_ERROR_INVALID_ARGUMENT
 *   (@need_private and it is a public key) or %DKG_ERROR_UNSUPPORTED (not RSA, or a modulus
 *   outside %DKG_RSA_MIN_BITS..%DKG_RSA_MAX_BITS)
 */
DkgRsaKey *
dkg_rsa_key_parse (const char  *data,
                   gsize        length,
                   gboolean     need_private,
                   const char  *name_for_errors,
                   GError     **error)
{
  const char *name = name_for_errors != NULL ? name_for_errors : "key";
  gcry_sexp_t s = NULL;
  size_t erroff = 0;
  gcry_error_t err;
  DkgRsaKey *key;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  dkg_crypto_init ();
  if (length >= 10 && memcmp (data, "-----BEGIN", 10) == 0)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                   "“%s” is a PEM file; DeepKeyGen reads RSA keys as libgcrypt S-expressions "
                   "(as written by “deepkeygen rsa keygen”)", name);
      return NULL;
    }
  err = gcry_sexp_sscan (&s, &erroff, data, length);
  if (err != 0)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                   "“%s” is not an RSA key file: S-expression error at byte %zu: %s", name,
                   erroff, gcry_strerror (err));
      return NULL;
    }
  key = key_from_sexp (s, need_private, name, error);
  release_sexp (s);
  return key;
}

static DkgRsaKey *
key_load (const char  *path,
          gboolean     need_private,
          GError     **error)
{
  g_autofree char *name = NULL;
  char *data = NULL;
  gsize len = 0;
  GStatBuf st;
  DkgRsaKey *key;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  name = g_filename_display_name (path);
  if (g_stat (path, &st) == 0 && S_ISREG (st.st_mode) && st.st_size > MAX_KEY_FILE)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                   "“%s” is not an RSA key file: %lld bytes, more than any key file has", name,
                   (long long) st.st_size);
      return NULL;
    }
  if (!g_file_get_contents (path, &data, &len, error))
    return NULL;
  if (len > MAX_KEY_FILE)
    {
      wipe_free (data, len);
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                   "“%s” is not an RSA key file: it is too large", name);
      return NULL;
    }
  key = dkg_rsa_key_parse (data, len, need_private, name, error);
  wipe_free (data, len);
  return key;
}

/**
 * dkg_rsa_key_load_public:
 * @path: a public key file (NAME.pub), or a private key file (its public half is taken)
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the public key, or %NULL with a %G_FILE_ERROR or an
 *   error of dkg_rsa_key_parse()
 */
DkgRsaKey *
dkg_rsa_key_load_public (const char  *path,
                         GError     **error)
{
  return key_load (path, FALSE, error);
}

/**
 * dkg_rsa_key_load_private:
 * @path: a private key file (NAME.key)
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the key pair, or %NULL with a %G_FILE_ERROR or an error
 *   of dkg_rsa_key_parse() (%DKG_ERROR_INVALID_ARGUMENT for a public key file)
 */
DkgRsaKey *
dkg_rsa_key_load_private (const char  *path,
                          GError     **error)
{
  return key_load (path, TRUE, error);
}

/**
 * dkg_rsa_key_to_text:
 * @key: a key
 * @private_part: print the private key (@key must have one) instead of the public key
 * @length: (out) (optional): bytes of the text
 *
 * The key as a libgcrypt S-expression in the advanced (text) format, the contents of a key
 * file. Wipe a private key's text with dkg_crypto_wipe() before freeing it.
 *
 * Returns: (transfer full): the NUL-terminated text
 */
char *
dkg_rsa_key_to_text (const DkgRsaKey *key,
                     gboolean         private_part,
                     gsize           *length)
{
  gsize len;
  char *text;

  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (!private_part || key->priv != NULL, NULL);

  text = sexp_print (private_part ? key->priv : key->pub, GCRYSEXP_FMT_ADVANCED, &len);
  if (length != NULL)
    *length = len;
  return text;
}

static gboolean
key_save (const DkgRsaKey  *key,
          gboolean          private_part,
          const char       *path,
          GError          **error)
{
  gsize len = 0;
  char *text = dkg_rsa_key_to_text (key, private_part, &len);
  gboolean ok;

  ok = dkg_file_set_contents (path, text, len, private_part ? 0600 : 0644, error);
  wipe_free (text, len);
  return ok;
}

/**
 * dkg_rsa_key_save_public:
 * @key: a key
 * @path: the file to write (replaced if it exists)
 * @error: return location for a #GError
 *
 * Writes the public key (advanced S-expression) atomically with mode 0644 (less the umask).
 *
 * Returns: %TRUE on success; %FALSE with a %G_FILE_ERROR
 */
gboolean
dkg_rsa_key_save_public (const DkgRsaKey  *key,
                         const char       *path,
                         GError          **error)
{
  g_return_val_if_fail (key != NULL && path != NULL, FALSE);

  return key_save (key, FALSE, path, error);
}

/**
 * dkg_rsa_key_save_private:
 * @key: a key pair
 * @path: the file to write (replaced if it exists)
 * @error: return location for a #GError
 *
 * Writes the private key (advanced S-expression) atomically with dkg_file_set_contents(): an
 * unnamed file created with mode 0600 in the same directory, fsync'ed, linked and renamed, so
 * the key is never readable by others, not even for a moment.
 *
 * Returns: %TRUE on success; %FALSE with %DKG_ERROR_INVALID_ARGUMENT (@key has no private part)
 *   or a %G_FILE_ERROR
 */
gboolean
dkg_rsa_key_save_private (const DkgRsaKey  *key,
                          const char       *path,
                          GError          **error)
{
  g_return_val_if_fail (key != NULL && path != NULL, FALSE);

  if (key->priv == NULL)
    {
      g_set_error_literal (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                           "this RSA key has no private part to save");
      return FALSE;
    }
  return key_save (key, TRUE, path, error);
}

/** dkg_rsa_key_get_bits: Returns: the modulus size in bits */
guint
dkg_rsa_key_get_bits (const DkgRsaKey *key)
{
  g_return_val_if_fail (key != NULL, 0);
  return key->bits;
}

/** dkg_rsa_key_has_private: Returns: %TRUE if @key holds the private key */
gboolean
dkg_rsa_key_has_private (const DkgRsaKey *key)
{
  g_return_val_if_fail (key != NULL, FALSE);
  return key->priv != NULL;
}

/**
 * dkg_rsa_key_get_fingerprint:
 * @key: a key
 *
 * Returns: (transfer none): SHA-256 of the canonical public key, 64 lowercase hex digits (module
 *   comment of dkg-rsa.c)
 */
const char *
dkg_rsa_key_get_fingerprint (const DkgRsaKey *key)
{
  g_return_val_if_fail (key != NULL, NULL);
  return key->fingerprint;
}

/* ---- RSA-OAEP -------------------------------------------------------------------------- */

/**
 * dkg_rsa_oaep_encrypt:
 * @key: the recipient's public key
 * @data: (array length=n_bytes): the message, e.g. a key-encryption key
 * @n_bytes: its length, at most k − 66 bytes (190 for 2048 bits; RFC 8017 §7.1.1)
 * @error: return location for a #GError
 *
 * RSAES-OAEP-ENCRYPT (RFC 8017 §7.1.1) with SHA-256, MGF1-SHA-256 and an empty label, through
 * libgcrypt. Randomised: every call gives a different ciphertext.
 *
 * Returns: (transfer full) (nullable): the ciphertext, exactly k = ceil(bits / 8) bytes, or
 *   %NULL with %DKG_ERROR_INVALID_ARGUMENT (message too long) or %DKG_ERROR_FAILED
 */
GBytes *
dkg_rsa_oaep_encrypt (const DkgRsaKey  *key,
                      const guint8     *data,
                      gsize             n_bytes,
                      GError          **error)
{
  gsize k, written = 0;
  gcry_sexp_t plain = NULL, enc = NULL, a = NULL;
  gcry_mpi_t c = NULL;
  guint8 *out = NULL;
  GBytes *result = NULL;

  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (data != NULL || n_bytes == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  k = (key->bits + 7) / 8;
  if (n_bytes > k - 2 * 32 - 2)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                   "RSA-OAEP-SHA256 with a %u-bit key encrypts at most %" G_GSIZE_FORMAT
                   " bytes, not %" G_GSIZE_FORMAT, key->bits, k - 66, n_bytes);
      return NULL;
    }
  dkg_crypto_init ();
  if (gcry_failed (gcry_sexp_build (&plain, NULL, "(data(flags oaep)(hash-algo sha256)(value%b))",
                                    (int) n_bytes, data), "gcry_sexp_build", error)
      || gcry_failed (gcry_pk_encrypt (&enc, plain, key->pub), "gcry_pk_encrypt", error))
    goto out;
  a = gcry_sexp_find_token (enc, "a", 0);
  c = a != NULL ? gcry_sexp_nth_mpi (a, 1, GCRYMPI_FMT_USG) : NULL;
  if (c == NULL || (gcry_mpi_get_nbits (c) + 7) / 8 > k)
    {
      g_set_error_literal (error, DKG_ERROR, DKG_ERROR_FAILED,
                           "libgcrypt: gcry_pk_encrypt returned no usable ciphertext");
      goto out;
    }
  out = g_malloc0 (k);
  /* I2OSP: right-align the big-endian value in k bytes. */
  if (gcry_failed (gcry_mpi_print (GCRYMPI_FMT_USG, out + k - (gcry_mpi_get_nbits (c) + 7) / 8,
                                   (gcry_mpi_get_nbits (c) + 7) / 8, &written, c),
                   "gcry_mpi_print", error))
    goto out;
  result = g_bytes_new_take (g_steal_pointer (&out), k);

out:
  g_free (out);
  release_sexp (plain);
  release_sexp (enc);
  release_sexp (a);
  release_mpi (c);
  return result;
}

/**
 * dkg_rsa_oaep_decrypt:
 * @key: the recipient's key pair
 * @ciphertext: k = ceil(bits / 8) bytes from dkg_rsa_oaep_encrypt()
 * @out: (out caller-allocates) (array length=n_bytes): the message
 * @n_bytes: the message's expected length
 * @error: return location for a #GError
 *
 * RSAES-OAEP-DECRYPT (RFC 8017 §7.1.2), SHA-256, MGF1-SHA-256, empty label.
 *
 * Returns: %TRUE on success; %FALSE with %DKG_ERROR_AUTH (wrong private key, a modified
 *   ciphertext or a message of another length: decoding failed; @out is zeroed) or
 *   %DKG_ERROR_INVALID_ARGUMENT (@key has no private part)
 */
gboolean
dkg_rsa_oaep_decrypt (const DkgRsaKey  *key,
                      GBytes           *ciphertext,
                      guint8           *out,
                      gsize             n_bytes,
                      GError          **error)
{
  gcry_sexp_t enc = NULL, plain = NULL, value = NULL;
  gcry_mpi_t c = NULL;
  const guint8 *ct;
  const char *m = NULL;
  gsize k, ct_len = 0;
  size_t m_len = 0;
  gboolean ok = FALSE;

  g_return_val_if_fail (key != NULL && ciphertext != NULL, FALSE);
  g_return_val_if_fail (out != NULL || n_bytes == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n_bytes > 0)
    memset (out, 0, n_bytes);
  if (key->priv == NULL)
    {
      g_set_error_literal (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                           "RSA-OAEP decryption needs the private key");
      return FALSE;
    }
  k = (key->bits + 7) / 8;
  ct = g_bytes_get_data (ciphertext, &ct_len);
  if (ct_len != k)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_AUTH,
                   "the RSA-OAEP ciphertext has %" G_GSIZE_FORMAT " bytes; a %u-bit key's has "
                   "%" G_GSIZE_FORMAT ": wrong private key or a modified wrapped key", ct_len,
                   key->bits, k);
      return FALSE;
    }
  dkg_crypto_init ();
  if (gcry_failed (gcry_mpi_scan (&c, GCRYMPI_FMT_USG, ct, ct_len, NULL), "gcry_mpi_scan", error)
      || gcry_failed (gcry_sexp_build (&enc, NULL,
                                       "(enc-val(flags oaep)(hash-algo sha256)(rsa(a%m)))", c),
                      "gcry_sexp_build", error))
    goto out;
  if (gcry_pk_decrypt (&plain, enc, key->priv) == 0)
    {
      value = gcry_sexp_find_token (plain, "value", 0);
      if (value != NULL)
        m = gcry_sexp_nth_data (value, 1, &m_len);
    }
  if (m == NULL || m_len != n_bytes)
    {
      g_set_error_literal (error, DKG_ERROR, DKG_ERROR_AUTH,
                           "RSA-OAEP decryption failed: wrong private key or a modified wrapped "
                           "key");
      goto out;
    }
  memcpy (out, m, n_bytes);
  ok = TRUE;

out:
  release_sexp (enc);
  release_sexp (plain);
  release_sexp (value);
  release_mpi (c);
  return ok;
}

/* ---- PNG chunks ------------------------------------------------------------------------ */

typedef struct
{
  gsize          offset;     /* of the length field */
  guint32        length;
  char           type[5];
  const guint8  *data;
} PngChunk;

typedef struct
{
  const char    *keyword;    /* not NUL-terminated: @keyword_len bytes */
  gsize          keyword_len;
  gboolean       compressed;
  const char    *text;
  gsize          text_len;
} ITxt;

static guint32
get_be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static void
put_be32 (guint8  *p,
          guint32  v)
{
  p[0] = (guint8) (v >> 24);
  p[1] = (guint8) (v >> 16);
  p[2] = (guint8) (v >> 8);
  p[3] = (guint8) v;
}

/* CRC-32 of type ‖ data (PNG spec §5.5: ISO 3309, as libgcrypt's GCRY_MD_CRC32), big-endian. */
static guint32
chunk_crc (const guint8 *type,
           const guint8 *data,
           gsize         length)
{
  gcry_md_hd_t md;
  guint32 crc;

  if (gcry_md_open (&md, GCRY_MD_CRC32, 0) != 0)
    g_error ("libgcrypt: CRC-32 is unavailable");
  gcry_md_write (md, type, 4);
  gcry_md_write (md, data, length);
  crc = get_be32 (gcry_md_read (md, GCRY_MD_CRC32));
  gcry_md_close (md);
  return crc;
}

static gboolean
png_bad (const char  *name,
         const char  *what,
         GError     **error)
{
  g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE, "“%s” is not a valid PNG file: %s",
               name, what);
  return FALSE;
}

/* Splits a PNG into its chunks, verifying lengths, types and CRCs; stops after IEND. */
static GArray *
png_chunks_parse (const guint8  *buf,
                  gsize          len,
                  const char    *name,
                  GError       **error)
{
  g_autoptr(GArray) chunks = g_array_new (FALSE, TRUE, sizeof (PngChunk));
  gsize pos = PNG_SIGNATURE_SIZE;
  gboolean ended = FALSE;

  if (len < PNG_SIGNATURE_SIZE || memcmp (buf, png_signature, PNG_SIGNATURE_SIZE) != 0)
    return png_bad (name, "no PNG signature", error), NULL;
  while (!ended)
    {
      PngChunk c = { 0 };

      if (len - pos < 12)
        return png_bad (name, "truncated (no IEND chunk)", error), NULL;
      c.offset = pos;
      c.length = get_be32 (buf + pos);
      if (c.length > PNG_MAX_CHUNK || c.length > len - pos - 12)
        return png_bad (name, "a chunk length runs past the end of the file", error), NULL;
      memcpy (c.type, buf + pos + 4, 4);
      for (int i = 0; i < 4; i++)
        if (!g_ascii_isalpha (c.type[i]))
          return png_bad (name, "a chunk type is not four letters", error), NULL;
      c.data = buf + pos + 8;
      if (chunk_crc (buf + pos + 4, c.data, c.length) != get_be32 (c.data + c.length))
        {
          g_autofree char *what = g_strdup_printf ("a %s chunk has a CRC error", c.type);
          return png_bad (name, what, error), NULL;
        }
      if (chunks->len == 0 && strcmp (c.type, "IHDR") != 0)
        return png_bad (name, "the first chunk is not IHDR", error), NULL;
      ended = strcmp (c.type, "IEND") == 0;
      g_array_append_val (chunks, c);
      pos += 12 + (gsize) c.length;
    }
  return g_steal_pointer (&chunks);
}

/* Splits an iTXt chunk (PNG spec §11.3.4.5). FALSE if malformed. */
static gboolean
itxt_parse (const PngChunk *c,
            ITxt           *t)
{
  const char *p = (const char *) c->data, *end = p + c->length, *z;

  z = memchr (p, '\0', c->length);
  if (z == NULL || z == p || z - p > 79 || end - z < 3)
    return FALSE;
  t->keyword = p;
  t->keyword_len = (gsize) (z - p);
  t->compressed = z[1] != 0;
  p = z + 3;                                   /* compression flag and method */
  z = memchr (p, '\0', (gsize) (end - p));     /* language tag */
  if (z == NULL)
    return FALSE;
  p = z + 1;
  z = memchr (p, '\0', (gsize) (end - p));     /* translated keyword */
  if (z == NULL)
    return FALSE;
  t->text = z + 1;
  t->text_len = (gsize) (end - t->text);
  return TRUE;
}

static gboolean
itxt_is (const PngChunk *c,
         const char     *keyword,
         ITxt           *t)
{
  return strcmp (c->type, "iTXt") == 0 && itxt_parse (c, t)
         && t->keyword_len == strlen (keyword) && memcmp (t->keyword, keyword, t->keyword_len) == 0;
}

/*
 * Finds the container's header text (the first "deepkeygen" iTXt chunk, as libpng and
 * dkg-container.c see it) and the wrapped-key chunk (at most one; index −1 if none).
 */
static gboolean
find_chunks (GArray       *chunks,
             const char   *name,
             ITxt         *header,
             ITxt         *wrapped,
             int          *wrapped_index,
             GError      **error)
{
  gboolean have_header = FALSE;

  *wrapped_index = -1;
  for (guint i = 0; i < chunks->len; i++)
    {
      const PngChunk *c = &g_array_index (chunks, PngChunk, i);
      ITxt t;

      if (!have_header && itxt_is (c, DKG_CONTAINER_ITXT_KEYWORD, &t))
        {
          if (t.compressed)
            {
              g_set_error (error, DKG_ERROR, DKG_ERROR_UNSUPPORTED,
                           "“%s”: the container header chunk is compressed; DeepKeyGen writes it "
                           "uncompressed", name);
              return FALSE;
            }
          *header = t;
          have_header = TRUE;
        }
      else if (itxt_is (c, DKG_RSA_WRAPPED_KEY_KEYWORD, &t))
        {
          if (*wrapped_index >= 0)
            {
              g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                           "“%s” has more than one “%s” chunk", name, DKG_RSA_WRAPPED_KEY_KEYWORD);
              return FALSE;
            }
          if (t.compressed || t.text_len > DKG_RSA_WRAPPED_KEY_MAX)
            {
              g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                           "“%s”: the “%s” chunk is compressed or too large", name,
                           DKG_RSA_WRAPPED_KEY_KEYWORD);
              return FALSE;
            }
          *wrapped = t;
          *wrapped_index = (int) i;
        }
    }
  if (!have_header)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                   "“%s” is a PNG but not a DeepKeyGen container: it has no “%s” iTXt chunk",
                   name, DKG_CONTAINER_ITXT_KEYWORD);
      return FALSE;
    }
  return TRUE;
}

static void
append_chunk (GByteArray   *out,
              const char   *type,
              const guint8 *data,
              gsize         length)
{
  guint8 be[4];

  g_assert (length <= PNG_MAX_CHUNK);
  put_be32 (be, (guint32) length);
  g_byte_array_append (out, be, 4);
  g_byte_array_append (out, (const guint8 *) type, 4);
  g_byte_array_append (out, data, (guint) length);
  put_be32 (be, chunk_crc ((const guint8 *) type, data, length));
  g_byte_array_append (out, be, 4);
}

/* ---- wrapped-key chunk ----------------------------------------------------------------- */

static gboolean
bad_wrapped (const char  *name,
             const char  *member,
             const char  *expected,
             GError     **error)
{
  g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
               "“%s”: invalid wrapped key: “%s” must be %s", name, member, expected);
  return FALSE;
}

static gboolean
base64_valid (const char *s)
{
  gsize n = strlen (s), pad = 0;

  if (n == 0 || n % 4 != 0)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    {
      char ch = s[i];

      if (ch == '=')
        {
          if (i < n - 2)
            return FALSE;
          pad++;
        }
      else if (pad > 0 || !(g_ascii_isalnum (ch) || ch == '+' || ch == '/'))
        return FALSE;
    }
  return TRUE;
}

typedef struct
{
  guint    rsa_bits;
  char     rsa_fingerprint[DKG_RSA_FINGERPRINT_LEN + 1];
  GBytes  *wrapped_kek;
  guint8   nonce[DKG_AEAD_NONCE_SIZE];
  GBytes  *key_ciphertext;
  guint8   tag[DKG_AEAD_TAG_SIZE];
} Wrapped;

static void
wrapped_clear (Wrapped *w)
{
  g_clear_pointer (&w->wrapped_kek, g_bytes_unref);
  g_clear_pointer (&w->key_ciphertext, g_bytes_unref);
}

static const char *
json_string_member (JsonObject *o,
                    const char *member)
{
  JsonNode *node = json_object_get_member (o, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
json_int_member (JsonObject *o,
                 const char *member,
                 gint64     *out)
{
  JsonNode *node = json_object_get_member (o, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_int (node);
  return TRUE;
}

static GBytes *
base64_member (JsonObject  *o,
               const char  *member,
               const char  *name,
               GError     **error)
{
  const char *s = json_string_member (o, member);
  gsize n = 0;
  guchar *data;

  if (s == NULL || !base64_valid (s))
    return bad_wrapped (name, member, "base64", error), NULL;
  data = g_base64_decode (s, &n);
  return g_bytes_new_take (data, n);
}

/* Parses and validates the wrapped-key chunk's JSON text. */
static gboolean
wrapped_parse (const ITxt  *t,
               const char  *name,
               Wrapped     *w,
               GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) json_error = NULL;
  g_autofree char *text = NULL;
  JsonNode *root;
  JsonObject *o;
  GList *members;
  const char *s;
  gint64 v;

  if (!g_utf8_validate (t->text, (gssize) t->text_len, NULL))
    return bad_wrapped (name, "text", "UTF-8 JSON", error);
  text = g_strndup (t->text, t->text_len);
  if (!json_parser_load_from_data (parser, text, (gssize) t->text_len, &json_error))
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                   "“%s”: the wrapped key is not valid JSON: %s", name, json_error->message);
      return FALSE;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return bad_wrapped (name, "text", "a JSON object", error);
  o = json_node_get_object (root);

  if (!json_int_member (o, "version", &v))
    return bad_wrapped (name, "version", "an integer", error);
  if (v != DKG_RSA_WRAPPED_KEY_VERSION)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_BAD_VERSION,
                   "“%s”: wrapped key version %" G_GINT64_FORMAT "; this program reads version %d",
                   name, v, DKG_RSA_WRAPPED_KEY_VERSION);
      return FALSE;
    }
  members = json_object_get_members (o);
  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (wrapped_members, l->data))
      {
        g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                     "“%s”: invalid wrapped key: unknown member “%s”", name,
                     (const char *) l->data);
        g_list_free (members);
        return FALSE;
      }
  g_list_free (members);

  s = json_string_member (o, "algorithm");
  if (s == NULL || strcmp (s, WRAP_ALGORITHM) != 0)
    return bad_wrapped (name, "algorithm", "“" WRAP_ALGORITHM "”", error);
  if (!json_int_member (o, "rsa_bits", &v) || v < DKG_RSA_MIN_BITS || v > DKG_RSA_MAX_BITS)
    return bad_wrapped (name, "rsa_bits", "an integer from 2048 to 16384", error);
  w->rsa_bits = (guint) v;
  s = json_string_member (o, "rsa_fingerprint");
  {
    guint8 fp[DKG_RSA_FINGERPRINT_LEN / 2];

    if (s == NULL || strlen (s) != DKG_RSA_FINGERPRINT_LEN
        || !dkg_crypto_from_hex (s, fp, sizeof fp))
      return bad_wrapped (name, "rsa_fingerprint", "64 lowercase hex digits", error);
  }
  memcpy (w->rsa_fingerprint, s, DKG_RSA_FINGERPRINT_LEN + 1);
  s = json_string_member (o, "nonce");
  if (s == NULL || !dkg_crypto_from_hex (s, w->nonce, sizeof w->nonce))
    return bad_wrapped (name, "nonce", "24 lowercase hex digits", error);
  s = json_string_member (o, "tag");
  if (s == NULL || !dkg_crypto_from_hex (s, w->tag, sizeof w->tag))
    return bad_wrapped (name, "tag", "32 lowercase hex digits", error);
  w->wrapped_kek = base64_member (o, "wrapped_kek", name, error);
  if (w->wrapped_kek == NULL)
    return FALSE;
  if (g_bytes_get_size (w->wrapped_kek) != (w->rsa_bits + 7) / 8)
    return bad_wrapped (name, "wrapped_kek", "as long as the RSA modulus", error);
  w->key_ciphertext = base64_member (o, "key_ciphertext", name, error);
  if (w->key_ciphertext == NULL)
    return FALSE;
  if (g_bytes_get_size (w->key_ciphertext) <= SHAPE_BYTES)
    return bad_wrapped (name, "key_ciphertext", "a key shape and key bytes", error);
  return TRUE;
}

/* Serialises the key image as the AEAD plaintext: shape, then samples (16-bit big-endian). */
static guint8 *
key_plaintext (const DkgImage *key,
               gsize          *length)
{
  gsize n_samples = dkg_image_n_samples (key);
  gsize n = SHAPE_BYTES + dkg_image_n_bytes (key);
  guint8 *p = g_try_malloc (n);

  if (p == NULL)
    return NULL;
  put_be32 (p, key->width);
  put_be32 (p + 4, key->height);
  p[8] = (guint8) key->channels;
  p[9] = (guint8) key->bit_depth;
  p[10] = key->is_signed ? 1 : 0;
  if (key->bit_depth == 8)
    memcpy (p + SHAPE_BYTES, key->data, n_samples);
  else
    for (gsize i = 0; i < n_samples; i++)
      {
        guint16 s = ((const guint16 *) key->data)[i];

        p[SHAPE_BYTES + 2 * i] = (guint8) (s >> 8);
        p[SHAPE_BYTES + 2 * i + 1] = (guint8) s;
      }
  *length = n;
  return p;
}

/* The inverse of key_plaintext(); the shape is validated against the length. */
static DkgImage *
key_from_plaintext (const guint8  *p,
                    gsize          n,
                    const char    *name,
                    GError       **error)
{
  guint32 width = get_be32 (p), height = get_be32 (p + 4);
  guint channels = p[8], bit_depth = p[9];
  gboolean is_signed = p[10] != 0;
  g_autoptr(DkgImage) key = NULL;
  gsize n_samples;

  if (width == 0 || height == 0 || width > DKG_IMAGE_MAX_DIM || height > DKG_IMAGE_MAX_DIM
      || channels < 1 || channels > 4 || (bit_depth != 8 && bit_depth != 16) || p[10] > 1
      || (is_signed && bit_depth != 16)
      || (guint64) width * height * channels * (bit_depth / 8) != n - SHAPE_BYTES)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                   "“%s”: the wrapped key's shape does not match its bytes", name);
      return NULL;
    }
  key = dkg_image_new (width, height, channels, bit_depth, is_signed, error);
  if (key == NULL)
    return NULL;
  n_samples = dkg_image_n_samples (key);
  if (bit_depth == 8)
    memcpy (key->data, p + SHAPE_BYTES, n_samples);
  else
    for (gsize i = 0; i < n_samples; i++)
      ((guint16 *) key->data)[i] = (guint16) ((p[SHAPE_BYTES + 2 * i] << 8)
                                              | p[SHAPE_BYTES + 2 * i + 1]);
  return g_steal_pointer (&key);
}

static void
add_string (JsonBuilder *b,
            const char  *member,
            const char  *value)
{
  json_builder_set_member_name (b, member);
  json_builder_add_string_value (b, value);
}

static char *
wrapped_to_json (const DkgRsaKey  *recipient,
                 GBytes           *wrapped_kek,
                 const guint8      nonce[DKG_AEAD_NONCE_SIZE],
                 const guint8     *ciphertext,
                 gsize             ciphertext_len,
                 const guint8      tag[DKG_AEAD_TAG_SIZE])
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *kek64 = g_base64_encode (g_bytes_get_data (wrapped_kek, NULL),
                                            g_bytes_get_size (wrapped_kek));
  g_autofree char *nonce_hex = dkg_crypto_to_hex (nonce, DKG_AEAD_NONCE_SIZE);
  g_autofree char *ct64 = g_base64_encode (ciphertext, ciphertext_len);
  g_autofree char *tag_hex = dkg_crypto_to_hex (tag, DKG_AEAD_TAG_SIZE);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, DKG_RSA_WRAPPED_KEY_VERSION);
  add_string (b, "algorithm", WRAP_ALGORITHM);
  json_builder_set_member_name (b, "rsa_bits");
  json_builder_add_int_value (b, recipient->bits);
  add_string (b, "rsa_fingerprint", recipient->fingerprint);
  add_string (b, "wrapped_kek", kek64);
  add_string (b, "nonce", nonce_hex);
  add_string (b, "key_ciphertext", ct64);
  add_string (b, "tag", tag_hex);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

/* Bytes of the wrapped-key chunk's data for a key plaintext of @n bytes (an upper bound). */
static guint64
wrapped_chunk_size (gsize             n,
                    const DkgRsaKey  *recipient)
{
  return sizeof DKG_RSA_WRAPPED_KEY_KEYWORD + 4 + 400 + (n + 2) / 3 * 4
         + ((recipient->bits + 7) / 8 + 2) / 3 * 4;
}

/**
 * dkg_rsa_wrap_container_key_bytes:
 * @container: a container file's bytes (dkg_container_encrypt())
 * @name_for_errors: the container's name, for messages
 * @key: the key image that opens @container
 * @recipient: the recipient's public key
 * @error: return location for a #GError
 *
 * Adds the "deepkeygen-wrapped-key" chunk to @container (format in the module comment of
 * dkg-rsa.c): a fresh random 32-byte key-encryption key (KEK) wrapped with RSA-OAEP-SHA256 for
 * @recipient, and @key's shape and bytes encrypted with ChaCha20-Poly1305 under the KEK, a
 * fresh nonce and the container's header text as associated data. An earlier wrapped key is
 * replaced; every other chunk is kept byte for byte. @key is checked first: it must decrypt
 * @container (dkg_container_decrypt()), so a wrong key is never wrapped. The KEK and the
 * serialised key are wiped after use.
 *
 * Returns: (transfer full) (nullable): the new container's bytes, or %NULL with
 *   %DKG_ERROR_INVALID_FILE (not a PNG or not a container), %DKG_ERROR_TOO_LARGE (the wrapped
 *   key would exceed %DKG_RSA_WRAPPED_KEY_MAX), any error of dkg_container_decrypt() (prefixed:
 *   the key does not open the container; a wrong key is %DKG_ERROR_AUTH) or %DKG_ERROR_FAILED
 */
GBytes *
dkg_rsa_wrap_container_key_bytes (GBytes            *container,
                                  const char        *name_for_errors,
                                  const DkgImage    *key,
                                  const DkgRsaKey   *recipient,
                                  GError           **error)
{
  const char *name = name_for_errors != NULL ? name_for_errors : "container";
  g_autoptr(GArray) chunks = NULL;
  g_autoptr(GByteArray) out = NULL;
  g_autoptr(GBytes) wrapped_kek = NULL;
  g_autofree char *json = NULL;
  g_autofree guint8 *chunk = NULL;
  ITxt header = { 0 }, old = { 0 };
  int old_index;
  guint8 kek[DKG_RSA_KEK_SIZE];
  guint8 nonce[DKG_AEAD_NONCE_SIZE];
  guint8 tag[DKG_AEAD_TAG_SIZE];
  guint8 *plain = NULL, *cipher = NULL;
  gsize plain_len = 0, json_len, chunk_len;
  const guint8 *buf;
  gsize buf_len;
  gboolean ok = FALSE;

  g_return_val_if_fail (container != NULL && key != NULL && recipient != NULL, NULL);
  g_return_val_if_fail (key->data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  dkg_crypto_init ();
  buf = g_bytes_get_data (container, &buf_len);
  chunks = png_chunks_parse (buf, buf_len, name, error);
  if (chunks == NULL || !find_chunks (chunks, name, &header, &old, &old_index, error))
    return NULL;
  if (wrapped_chunk_size (dkg_image_n_bytes (key) + SHAPE_BYTES, recipient)
      > DKG_RSA_WRAPPED_KEY_MAX)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_TOO_LARGE,
                   "a %u×%u key of %" G_GSIZE_FORMAT " bytes is too large to travel in the "
                   "container: the wrapped-key chunk is limited to %u MiB (keys up to about "
                   "12 MB)", key->width, key->height, dkg_image_n_bytes (key),
                   DKG_RSA_WRAPPED_KEY_MAX >> 20);
      return NULL;
    }
  {
    g_autoptr(DkgImage) check = dkg_container_decrypt (container, name, key, NULL, error);

    if (check == NULL)
      {
        g_prefix_error (error, "not wrapping a key that does not open “%s”: ", name);
        return NULL;
      }
    dkg_crypto_wipe (check->data, dkg_image_n_bytes (check));
  }

  dkg_crypto_random (kek, sizeof kek);
  dkg_crypto_random (nonce, sizeof nonce);
  wrapped_kek = dkg_rsa_oaep_encrypt (recipient, kek, sizeof kek, error);
  if (wrapped_kek == NULL)
    goto out;
  plain = key_plaintext (key, &plain_len);
  cipher = plain != NULL ? g_try_malloc (plain_len) : NULL;
  if (cipher == NULL)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_TOO_LARGE, "out of memory wrapping a %u×%u key",
                   key->width, key->height);
      goto out;
    }
  if (!dkg_aead_encrypt (kek, nonce, (const guint8 *) header.text, header.text_len, plain, cipher,
                         plain_len, tag, error))
    goto out;
  json = wrapped_to_json (recipient, wrapped_kek, nonce, cipher, plain_len, tag);
  json_len = strlen (json);
  chunk_len = sizeof DKG_RSA_WRAPPED_KEY_KEYWORD + 4 + json_len;
  g_assert (chunk_len <= DKG_RSA_WRAPPED_KEY_MAX);
  /* keyword \0, compression flag 0, method 0, language "" \0, translated keyword "" \0, text */
  chunk = g_malloc0 (chunk_len);
  memcpy (chunk, DKG_RSA_WRAPPED_KEY_KEYWORD, sizeof DKG_RSA_WRAPPED_KEY_KEYWORD);
  memcpy (chunk + sizeof DKG_RSA_WRAPPED_KEY_KEYWORD + 4, json, json_len);

  out = g_byte_array_sized_new ((guint) MIN (buf_len + chunk_len + 12, G_MAXUINT));
  g_byte_array_append (out, png_signature, PNG_SIGNATURE_SIZE);
  for (guint i = 0; i < chunks->len; i++)
    {
      const PngChunk *c = &g_array_index (chunks, PngChunk, i);

      if ((int) i == old_index)
        continue;
      if (strcmp (c->type, "IEND") == 0)
        append_chunk (out, "iTXt", chunk, chunk_len);
      g_byte_array_append (out, buf + c->offset, 12 + c->length);
    }
  ok = TRUE;

out:
  dkg_crypto_wipe (kek, sizeof kek);
  if (plain != NULL)
    wipe_free ((char *) plain, plain_len);
  g_free (cipher);
  if (!ok)
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/**
 * dkg_rsa_wrap_container_key:
 * @container_path: a container file (read)
 * @key: the key image that opens it
 * @public_key_path: the recipient's public key file (NAME.pub)
 * @out_path: the container to write (replaced if it exists); never @container_path
 * @error: return location for a #GError
 *
 * dkg_rsa_wrap_container_key_bytes() on files. The input is only read (docs/SPECIFICATION.md §10:
 * no input is ever modified), so @out_path must be another file than @container_path, not merely
 * another name for it. The output is written atomically (dkg_file_set_contents()): on any
 * failure no file is created and an existing @out_path is left as it was.
 *
 * Returns: %TRUE on success; %FALSE with %DKG_ERROR_INVALID_ARGUMENT (@out_path is
 *   @container_path), a %G_FILE_ERROR, an error of dkg_rsa_key_load_public() or of
 *   dkg_rsa_wrap_container_key_bytes()
 */
gboolean
dkg_rsa_wrap_container_key (const char      *container_path,
                            const DkgImage  *key,
                            const char      *public_key_path,
                            const char      *out_path,
                            GError         **error)
{
  g_autoptr(DkgRsaKey) recipient = NULL;
  g_autoptr(GBytes) in = NULL;
  g_autoptr(GBytes) result = NULL;
  g_autofree char *name = NULL;
  GStatBuf in_st, out_st;
  char *data = NULL;
  gsize len = 0;
  const char *out;

  g_return_val_if_fail (container_path != NULL && key != NULL, FALSE);
  g_return_val_if_fail (public_key_path != NULL && out_path != NULL, FALSE);

  if (g_stat (container_path, &in_st) == 0 && g_stat (out_path, &out_st) == 0
      && in_st.st_dev == out_st.st_dev && in_st.st_ino == out_st.st_ino)
    {
      name = g_filename_display_name (container_path);
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                   "Refusing to write the wrapped container over its own input “%s”", name);
      return FALSE;
    }
  recipient = dkg_rsa_key_load_public (public_key_path, error);
  if (recipient == NULL)
    return FALSE;
  if (!g_file_get_contents (container_path, &data, &len, error))
    return FALSE;
  in = g_bytes_new_take (data, len);
  name = g_filename_display_name (container_path);
  result = dkg_rsa_wrap_container_key_bytes (in, name, key, recipient, error);
  if (result == NULL)
    return FALSE;
  out = g_bytes_get_data (result, &len);
  return dkg_file_set_contents (out_path, out, len, 0666, error);
}

/* Finds and parses the wrapped-key chunk; also returns the header text. */
static gboolean
read_wrapped (GBytes      *container,
              const char  *name,
              GArray     **chunks_out,
              ITxt        *header,
              Wrapped     *w,
              GError     **error)
{
  g_autoptr(GArray) chunks = NULL;
  ITxt t = { 0 };
  int index;
  const guint8 *buf;
  gsize len;

  buf = g_bytes_get_data (container, &len);
  chunks = png_chunks_parse (buf, len, name, error);
  if (chunks == NULL || !find_chunks (chunks, name, header, &t, &index, error))
    return FALSE;
  if (index < 0)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                   "“%s” carries no wrapped key (no “%s” chunk): add one with “deepkeygen rsa "
                   "wrap”", name, DKG_RSA_WRAPPED_KEY_KEYWORD);
      return FALSE;
    }
  if (!wrapped_parse (&t, name, w, error))
    return FALSE;
  *chunks_out = g_steal_pointer (&chunks);
  return TRUE;
}

/**
 * dkg_rsa_container_recipient:
 * @container: a container file's bytes
 * @name_for_errors: its name, for messages
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the fingerprint of the RSA public key the container's
 *   key was wrapped for, or %NULL with %DKG_ERROR_INVALID_FILE (no or an invalid wrapped-key
 *   chunk, not a container) or %DKG_ERROR_BAD_VERSION
 */
char *
dkg_rsa_container_recipient (GBytes      *container,
                             const char  *name_for_errors,
                             GError     **error)
{
  const char *name = name_for_errors != NULL ? name_for_errors : "container";
  g_autoptr(GArray) chunks = NULL;
  Wrapped w = { 0 };
  ITxt header;
  char *fp = NULL;

  g_return_val_if_fail (container != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  dkg_crypto_init ();
  if (read_wrapped (container, name, &chunks, &header, &w, error))
    fp = g_strdup (w.rsa_fingerprint);
  wrapped_clear (&w);
  return fp;
}

/**
 * dkg_rsa_unwrap_container_key_with:
 * @container: a container file's bytes with a wrapped key
 * @name_for_errors: its name, for messages
 * @private_key: the recipient's key pair
 * @error: return location for a #GError
 *
 * Recovers the key image from the wrapped-key chunk (module comment of dkg-rsa.c): checks that
 * it was wrapped for @private_key, RSA-OAEP-decrypts the KEK, authenticates and decrypts the
 * key with ChaCha20-Poly1305 against the container's header text, and checks the key against
 * the container's key fingerprint. Decrypt the container with it afterwards
 * (dkg_container_decrypt()). Nothing is returned unless every check passes; the KEK and buffers
 * are wiped.
 *
 * Returns: (transfer full) (nullable): the key image, or %NULL with %DKG_ERROR_AUTH (wrapped
 *   for another RSA key, wrong private key, a modified wrapped key or header, or a key that
 *   does not belong to the container), %DKG_ERROR_INVALID_FILE (no or a malformed wrapped-key
 *   chunk, not a container), %DKG_ERROR_BAD_VERSION or %DKG_ERROR_INVALID_ARGUMENT (no
 *   private part)
 */
DkgImage *
dkg_rsa_unwrap_container_key_with (GBytes           *container,
                                   const char       *name_for_errors,
                                   const DkgRsaKey  *private_key,
                                   GError          **error)
{
  const char *name = name_for_errors != NULL ? name_for_errors : "container";
  g_autoptr(GArray) chunks = NULL;
  g_autoptr(DkgImage) key = NULL;
  g_autoptr(DkgContainerInfo) info = NULL;
  g_autofree char *key_fp = NULL;
  Wrapped w = { 0 };
  ITxt header = { 0 };
  guint8 kek[DKG_RSA_KEK_SIZE];
  guint8 *plain = NULL;
  gsize plain_len = 0;
  const guint8 *ct;

  g_return_val_if_fail (container != NULL && private_key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  dkg_crypto_init ();
  memset (kek, 0, sizeof kek);
  if (private_key->priv == NULL)
    {
      g_set_error_literal (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                           "unwrapping a key needs the RSA private key");
      return NULL;
    }
  if (!read_wrapped (container, name, &chunks, &header, &w, error))
    goto out;
  if (strcmp (w.rsa_fingerprint, private_key->fingerprint) != 0 || w.rsa_bits != private_key->bits)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_AUTH,
                   "“%s”: its key was wrapped for the RSA key %.16s…, not for this one "
                   "(%.16s…): wrong private key", name, w.rsa_fingerprint,
                   private_key->fingerprint);
      goto out;
    }
  if (!dkg_rsa_oaep_decrypt (private_key, w.wrapped_kek, kek, sizeof kek, error))
    {
      g_prefix_error (error, "“%s”: ", name);
      goto out;
    }
  ct = g_bytes_get_data (w.key_ciphertext, &plain_len);
  plain = g_try_malloc (plain_len);
  if (plain == NULL)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_TOO_LARGE, "“%s”: out of memory", name);
      goto out;
    }
  if (!dkg_aead_decrypt (kek, w.nonce, (const guint8 *) header.text, header.text_len, ct, plain,
                         plain_len, w.tag, NULL))
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_AUTH,
                   "“%s”: the wrapped key does not authenticate: it belongs to another "
                   "container, or the key or the container header was modified", name);
      goto out;
    }
  key = key_from_plaintext (plain, plain_len, name, error);
  if (key == NULL)
    goto out;
  info = dkg_container_read_info (container, name, error);
  if (info == NULL)
    goto out;
  key_fp = dkg_container_key_fingerprint (key);
  if (key_fp == NULL || strcmp (key_fp, info->key_fingerprint) != 0)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_AUTH,
                   "“%s”: the wrapped key (fingerprint %s) is not the container's key (%s)",
                   name, key_fp != NULL ? key_fp : "?", info->key_fingerprint);
      dkg_crypto_wipe (key->data, dkg_image_n_bytes (key));
      g_clear_pointer (&key, dkg_image_free);
    }

out:
  dkg_crypto_wipe (kek, sizeof kek);
  if (plain != NULL)
    wipe_free ((char *) plain, plain_len);
  wrapped_clear (&w);
  return g_steal_pointer (&key);
}

/**
 * dkg_rsa_unwrap_container_key:
 * @container: a container file's bytes with a wrapped key
 * @name: its name, for messages
 * @private_key_path: the recipient's private key file (NAME.key)
 * @error: return location for a #GError
 *
 * dkg_rsa_key_load_private() and dkg_rsa_unwrap_container_key_with().
 *
 * Returns: (transfer full) (nullable): the key image, or %NULL with an error of either
 */
DkgImage *
dkg_rsa_unwrap_container_key (GBytes      *container,
                              const char  *name,
                              const char  *private_key_path,
                              GError     **error)
{
  g_autoptr(DkgRsaKey) priv = NULL;

  g_return_val_if_fail (container != NULL && private_key_path != NULL, NULL);

  priv = dkg_rsa_key_load_private (private_key_path, error);
  if (priv == NULL)
    return NULL;
  return dkg_rsa_unwrap_container_key_with (container, name, priv, error);
}

/* ---- textbook RSA (insecure, for comparison) ------------------------------------------- */

/**
 * dkg_rsa_textbook_pow:
 * @base: the base, < @modulus
 * @exponent: the exponent
 * @modulus: the modulus, 2..2³²
 *
 * Square-and-multiply modular exponentiation in 64-bit arithmetic (products of two values
 * below 2³² never overflow). Not constant-time: for textbook RSA only.
 *
 * Returns: @base^@exponent mod @modulus
 */
guint64
dkg_rsa_textbook_pow (guint64 base,
                      guint64 exponent,
                      guint64 modulus)
{
  guint64 r = 1 % modulus;

  g_return_val_if_fail (modulus >= 2 && modulus <= G_GUINT64_CONSTANT (1) << 32, 0);

  base %= modulus;
  while (exponent > 0)
    {
      if (exponent & 1)
        r = r * base % modulus;
      base = base * base % modulus;
      exponent >>= 1;
    }
  return r;
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

static gboolean
is_prime (guint64 x)
{
  if (x < 2)
    return FALSE;
  for (guint64 d = 2; d * d <= x; d++)
    if (x % d == 0)
      return FALSE;
  return TRUE;
}

static guint
bit_length (guint64 x)
{
  guint b = 0;

  while (x > 0)
    {
      b++;
      x >>= 1;
    }
  return b;
}

/* e⁻¹ mod m, or 0 if gcd(e, m) ≠ 1 (extended Euclid). */
static guint64
mod_inverse (guint64 e,
             guint64 m)
{
  gint64 t = 0, new_t = 1;
  gint64 r = (gint64) m, new_r = (gint64) (e % m);

  while (new_r != 0)
    {
      gint64 q = r / new_r, tmp;

      tmp = t - q * new_t;
      t = new_t;
      new_t = tmp;
      tmp = r - q * new_r;
      r = new_r;
      new_r = tmp;
    }
  if (r != 1)
    return 0;
  return (guint64) (t < 0 ? t + (gint64) m : t);
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

/* A random prime in [lo, hi). */
static guint64
random_prime (guint64 lo,
              guint64 hi)
{
  for (;;)
    {
      guint64 r;

      dkg_crypto_random ((guint8 *) &r, sizeof r);
      r = lo + r % (hi - lo);
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
      guint64 p = random_prime (G_GUINT64_CONSTANT (1) << (a - 1), G_GUINT64_CONSTANT (1) << a);
      guint64 q = random_prime (G_GUINT64_CONSTANT (1) << (b - 1), G_GUINT64_CONSTANT (1) << b);

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
 * histogram is the plaintext's with its bins permuted (module comment of dkg-rsa.c).
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
