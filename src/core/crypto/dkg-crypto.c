/* dkg-crypto.c — libgcrypt start-up and the small primitives shared by src/core/crypto/
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gcrypt.h>
#include <string.h>

#include "dkg-crypto.h"
#include "dkg-error.h"

static gpointer
crypto_init_once (gpointer data)
{
  /* The library we run against must be at least the one we were compiled with. */
  if (gcry_check_version (GCRYPT_VERSION) == NULL)
    g_error ("libgcrypt %s is older than %s, the version libdeepkeygen was built with",
             gcry_check_version (NULL), GCRYPT_VERSION);
  /* Key material lives in ordinary (image-sized) buffers anyway, and a locked pool of a few
   * KiB would only produce "using insecure memory" warnings; secure memory is therefore off.
   * If the application finished the initialisation itself, its choice stands. */
  if (!gcry_control (GCRYCTL_INITIALIZATION_FINISHED_P))
    {
      gcry_control (GCRYCTL_DISABLE_SECMEM, 0);
      gcry_control (GCRYCTL_INITIALIZATION_FINISHED, 0);
    }
  return NULL;
}

/**
 * dkg_crypto_init:
 *
 * Initialises libgcrypt once per process (gcry_check_version() against the headers we were
 * built with, secure memory off, initialisation finished). Thread-safe (g_once()); every
 * public function of src/core/crypto/ that uses libgcrypt calls it, so callers never need to.
 * Aborts with g_error() if the installed libgcrypt is older than the headers: that is a
 * broken installation, not something a user of the program can cause.
 */
void
dkg_crypto_init (void)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, crypto_init_once, NULL);
}

/**
 * dkg_crypto_failed:
 * @err: what a libgcrypt call returned
 * @what: the call, e.g. "gcry_cipher_setkey"
 * @error: return location for a #GError
 *
 * Turns a libgcrypt error code into %DKG_ERROR_FAILED ("libgcrypt: @what failed: reason").
 *
 * Returns: %TRUE (and @error set) if @err is an error, %FALSE if it is 0
 */
gboolean
dkg_crypto_failed (gcry_error_t   err,
                   const char    *what,
                   GError       **error)
{
  if (err == 0)
    return FALSE;
  g_set_error (error, DKG_ERROR, DKG_ERROR_FAILED, "libgcrypt: %s failed: %s", what,
               gcry_strerror (err));
  return TRUE;
}

/**
 * dkg_crypto_random:
 * @out: (out caller-allocates) (array length=n): buffer to fill
 * @n: number of bytes
 *
 * Fills @out with @n bytes from libgcrypt's CSPRNG at %GCRY_STRONG_RANDOM (salts, nonces).
 */
void
dkg_crypto_random (guint8 *out,
                   gsize   n)
{
  g_return_if_fail (out != NULL || n == 0);

  dkg_crypto_init ();
  gcry_randomize (out, n, GCRY_STRONG_RANDOM);
}

/**
 * dkg_crypto_equal:
 * @a: (array length=n): bytes
 * @b: (array length=n): bytes
 * @n: number of bytes
 *
 * Compares two tags in time that depends on @n only, never on where they differ.
 *
 * Returns: %TRUE if the @n bytes are equal
 */
gboolean
dkg_crypto_equal (const guint8 *a,
                  const guint8 *b,
                  gsize         n)
{
  volatile guint8 diff = 0;

  for (gsize i = 0; i < n; i++)
    diff |= a[i] ^ b[i];
  return diff == 0;
}

/**
 * dkg_crypto_wipe:
 * @p: (nullable): memory to clear
 * @n: number of bytes
 *
 * Overwrites @n bytes with zeros in a way the compiler may not remove (explicit_bzero()), for
 * derived keys and for plaintext that failed authentication.
 */
void
dkg_crypto_wipe (void  *p,
                 gsize  n)
{
  if (p != NULL && n > 0)
    explicit_bzero (p, n);
}

/**
 * dkg_crypto_wipe_free:
 * @p: (nullable): memory from g_malloc()
 * @n: its size in bytes
 *
 * dkg_crypto_wipe() then g_free(): for key files and decrypted key material.
 */
void
dkg_crypto_wipe_free (void  *p,
                      gsize  n)
{
  if (p == NULL)
    return;
  dkg_crypto_wipe (p, n);
  g_free (p);
}

/**
 * dkg_crypto_to_hex:
 * @bytes: (array length=n): bytes
 * @n: number of bytes
 *
 * Returns: (transfer full): 2·@n lowercase hexadecimal digits
 */
char *
dkg_crypto_to_hex (const guint8 *bytes,
                   gsize         n)
{
  static const char digits[] = "0123456789abcdef";
  char *s = g_malloc (2 * n + 1);

  for (gsize i = 0; i < n; i++)
    {
      s[2 * i] = digits[bytes[i] >> 4];
      s[2 * i + 1] = digits[bytes[i] & 15];
    }
  s[2 * n] = '\0';
  return s;
}

/**
 * dkg_crypto_from_hex:
 * @hex: a string
 * @out: (out caller-allocates) (array length=n): decoded bytes
 * @n: number of bytes expected
 *
 * Decodes exactly 2·@n lowercase hexadecimal digits. Upper case is refused so that every
 * byte string has one spelling in a container header.
 *
 * Returns: %TRUE if @hex is exactly 2·@n lowercase hex digits; %FALSE (and @out undefined)
 *   otherwise
 */
gboolean
dkg_crypto_from_hex (const char *hex,
                     guint8     *out,
                     gsize       n)
{
  g_return_val_if_fail (hex != NULL, FALSE);

  if (strlen (hex) != 2 * n)
    return FALSE;
  for (gsize i = 0; i < 2 * n; i++)
    {
      int v = g_ascii_isupper (hex[i]) ? -1 : g_ascii_xdigit_value (hex[i]);

      if (v < 0)
        return FALSE;
      if (i % 2 == 0)
        out[i / 2] = (guint8) (v << 4);
      else
        out[i / 2] |= (guint8) v;
    }
  return TRUE;
}
