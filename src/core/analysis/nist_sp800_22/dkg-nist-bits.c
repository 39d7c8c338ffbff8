/* dkg-nist-bits.c — the bit sequence of the SP 800-22 tests: packing and ASCII input
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "dkg-error.h"
#include "dkg-nist-private.h"

/**
 * dkg_nist_bits_new:
 * @bits_msb_first: (array): ⌈@n_bits / 8⌉ bytes; bit i is bit 7 − (i mod 8) of byte i / 8
 * @n_bits: the number of bits, n ≥ 1
 *
 * Packs the sequence ε = ε_1 … ε_n that every test of SP 800-22 rev 1a §2 reads (in the spec
 * ε_1 is the first bit; here it is bit 0). Bits of the last byte past @n_bits are ignored.
 *
 * Returns: (transfer full): the packed sequence, freed with dkg_nist_bits_free()
 */
DkgNistBits *
dkg_nist_bits_new (const guint8 *bits_msb_first, gsize n_bits)
{
  DkgNistBits *b;
  gsize n_bytes = (n_bits + 7) / 8;
  gsize n_full;

  g_return_val_if_fail (bits_msb_first != NULL, NULL);
  g_return_val_if_fail (n_bits > 0, NULL);

  b = g_new0 (DkgNistBits, 1);
  b->n = n_bits;
  n_full = (n_bits + 63) / 64;
  b->n_words = n_full + 2;
  b->w = g_new0 (guint64, b->n_words);
  for (gsize k = 0; k < n_full; k++)
    {
      guint64 x = 0;

      for (gsize j = 0; j < 8; j++)
        {
          gsize i = 8 * k + j;
          x = (x << 8) | (i < n_bytes ? bits_msb_first[i] : 0);
        }
      b->w[k] = x;
    }
  if (n_bits % 64 != 0)
    b->w[n_full - 1] &= ~G_GUINT64_CONSTANT (0) << (64 - n_bits % 64);
  for (gsize k = 0; k < n_full; k++)
    b->ones += (gsize) __builtin_popcountll (b->w[k]);
  return b;
}

/**
 * dkg_nist_bits_free:
 * @bits: (nullable) (transfer full): a sequence ε of SP 800-22 rev 1a §2, from dkg_nist_bits_new()
 *
 * Frees @bits.
 */
void
dkg_nist_bits_free (DkgNistBits *bits)
{
  if (bits == NULL)
    return;
  g_free (bits->w);
  g_free (bits);
}

/**
 * dkg_nist_bits_get_length:
 * @bits: a sequence
 *
 * Returns: n, the number of bits (SP 800-22 rev 1a §2, "n: the length of the bit string")
 */
gsize
dkg_nist_bits_get_length (const DkgNistBits *bits)
{
  g_return_val_if_fail (bits != NULL, 0);
  return bits->n;
}

/**
 * dkg_nist_bits_get:
 * @bits: a sequence
 * @i: a bit index, 0 ≤ @i < n
 *
 * Returns: ε_{i+1} in the notation of SP 800-22 rev 1a §2 (0 or 1)
 */
guint
dkg_nist_bits_get (const DkgNistBits *bits, gsize i)
{
  g_return_val_if_fail (bits != NULL, 0);
  g_return_val_if_fail (i < bits->n, 0);
  return _dkg_nist_bit (bits, i);
}

/**
 * dkg_nist_parse_ascii:
 * @text: ASCII '0' and '1' characters, with any white space between them (the format of
 *   sts-2.1.2's data/data.e, which SP 800-22 rev 1a Appendix B reads)
 * @length: bytes of @text, or -1 if it is NUL-terminated
 * @max_bits: stop after this many bits (0: read all of @text)
 * @n_bits: (out): the number of bits read
 * @error: return location for a #GError
 *
 * Reads an ASCII bit string into packed bytes, most significant bit first, as
 * dkg_nist_bits_new() and dkg_nist_run_all() take them. Any character other than '0', '1'
 * and white space before @max_bits bits are read is an error (%DKG_ERROR_INVALID_FILE), as is
 * text without a single bit.
 *
 * Returns: (transfer full) (array): ⌈*@n_bits / 8⌉ bytes, or %NULL with @error set
 */
guint8 *
dkg_nist_parse_ascii (const char *text, gssize length, gsize max_bits, gsize *n_bits,
                      GError **error)
{
  g_autofree guint8 *out = NULL;
  gsize len, cap, n = 0;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (n_bits != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  len = length < 0 ? strlen (text) : (gsize) length;
  cap = (max_bits != 0 ? MIN (max_bits, len) : len) / 8 + 1;
  out = g_malloc0 (cap);
  for (gsize i = 0; i < len && (max_bits == 0 || n < max_bits); i++)
    {
      char c = text[i];

      if (c == '0' || c == '1')
        {
          if (c == '1')
            out[n / 8] |= (guint8) (0x80 >> (n % 8));
          n++;
        }
      else if (!g_ascii_isspace (c))
        {
          g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                       "Character %u at offset %" G_GSIZE_FORMAT " is not 0, 1 or white space",
                       (guint) (guchar) c, i);
          return NULL;
        }
    }
  if (n == 0)
    {
      g_set_error_literal (error, DKG_ERROR, DKG_ERROR_INVALID_FILE,
                           "The text holds no bits (no 0 or 1 characters)");
      return NULL;
    }
  *n_bits = n;
  return g_steal_pointer (&out);
}
