/* dkg-rsa.c — RSA key pairs and RSA-OAEP with libgcrypt (docs/SPECIFICATION.md §5.6 (b))
 *
 * RSA is used two ways (docs/SPECIFICATION.md §5.6): (b) RSA-OAEP wraps the key image for a
 * recipient — the keys and OAEP are here, the wrapped-key chunk of a container in
 * dkg-rsa-wrap.c — and (a) the paper's insecure textbook per-pixel RSA, for comparison, in
 * dkg-rsa-textbook.c.
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
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gcrypt.h>
#include <glib/gstdio.h>
#include <string.h>

#include "dkg-crypto.h"
#include "dkg-error.h"
#include "dkg-file.h"
#include "dkg-rsa.h"

#define MAX_KEY_FILE        (64 * 1024)

struct _DkgRsaKey
{
  gcry_sexp_t  pub;           /* Owned: "(public-key (rsa (n) (e)))" */
  gcry_sexp_t  priv;          /* Owned, nullable: "(private-key (rsa …))" */
  guint        bits;
  char         fingerprint[DKG_RSA_FINGERPRINT_LEN + 1];
};

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
  if (dkg_crypto_failed (err, "gcry_sexp_build", error))
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
  if (dkg_crypto_failed (gcry_sexp_build (&parms, NULL, "(genkey(rsa(nbits%u)(rsa-use-e%u)))",
                                          bits, (unsigned) DKG_RSA_PUBLIC_EXPONENT),
                         "gcry_sexp_build", error))
    return NULL;
  if (dkg_crypto_failed (gcry_pk_genkey (&pair, parms), "gcry_pk_genkey", error))
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
      dkg_crypto_wipe_free (data, len);
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                   "“%s” is not an RSA key file: it is too large", name);
      return NULL;
    }
  key = dkg_rsa_key_parse (data, len, need_private, name, error);
  dkg_crypto_wipe_free (data, len);
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
  dkg_crypto_wipe_free (text, len);
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
  if (dkg_crypto_failed (gcry_sexp_build (&plain, NULL,
                                          "(data(flags oaep)(hash-algo sha256)(value%b))",
                                          (int) n_bytes, data), "gcry_sexp_build", error)
      || dkg_crypto_failed (gcry_pk_encrypt (&enc, plain, key->pub), "gcry_pk_encrypt", error))
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
  if (dkg_crypto_failed (gcry_mpi_print (GCRYMPI_FMT_USG,
                                         out + k - (gcry_mpi_get_nbits (c) + 7) / 8,
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
  if (dkg_crypto_failed (gcry_mpi_scan (&c, GCRYMPI_FMT_USG, ct, ct_len, NULL), "gcry_mpi_scan",
                         error)
      || dkg_crypto_failed (gcry_sexp_build (&enc, NULL,
                                             "(enc-val(flags oaep)(hash-algo sha256)(rsa(a%m)))",
                                             c),
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
