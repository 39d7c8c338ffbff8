/* studio-readout.c — what the Encrypt page's read-out says about one pixel: P ⊕ K = C
 *
 * The XOR schemes combine bytes, not pixels: the plaintext bytes are the samples in raster
 * order, channels interleaved, 16-bit samples big-endian (docs/SPECIFICATION.md §5.3), and byte i
 * meets keystream byte i, the key image's bytes in raster order (§5.2). So the key byte XORed into
 * a grey pixel (x, y) is byte y·W + x of the RGB key, not the key pixel at (x, y): a read-out
 * that shows the key pane's pixel cannot show P ⊕ K = C. This one computes the bytes. Under
 * acm-xor the ciphertext pixel holds the plaintext pixel the cat map moved there (§5.4): the
 * read-out names it. Under chacha20-poly1305 the keystream comes from HKDF and ChaCha20, not
 * from the key image's bytes, so only P and C are shown.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "dkg-attacks.h"
#include "dkg-arnold-cat-map.h"
#include "studio-readout.h"

/**
 * studio_readout_acm_inverse:
 * @width: plaintext width
 * @height: plaintext height
 * @iterations: the cat map's rounds k
 *
 * Returns: (transfer full) (array length=N*N) (nullable): for each ciphertext pixel
 *   q = y'·N + x' (N = max(@width, @height)), the plaintext pixel p = y·@width + x the cat map
 *   moved there, or %G_MAXSIZE for padding; %NULL with @error set when k is refused
 */
gsize *
studio_readout_acm_inverse (guint width, guint height, guint64 iterations, GError **error)
{
  guint n = dkg_arnold_cat_map_size (width, height);
  g_autofree gsize *forward = g_new (gsize, (gsize) width * height);
  gsize *inverse;

  if (!dkg_attack_acm_permutation (width, height, iterations, forward, error))
    return NULL;
  inverse = g_new (gsize, (gsize) n * n);
  for (gsize q = 0; q < (gsize) n * n; q++)
    inverse[q] = G_MAXSIZE;
  for (gsize p = 0; p < (gsize) width * height; p++)
    inverse[forward[p]] = p;
  return inverse;
}

/* The bytes of pixel i (§5.3): samples big-endian, channels interleaved. */
static void
pixel_bytes (const DkgImage *im, gsize pixel, guint8 *out)
{
  gsize s0 = pixel * im->channels;

  for (guint c = 0; c < im->channels; c++)
    if (im->bit_depth == 8)
      out[c] = im->data[s0 + c];
    else
      {
        guint16 v = ((const guint16 *) im->data)[s0 + c];   /* the bit pattern, signed or not */

        out[2 * c] = v >> 8;
        out[2 * c + 1] = v & 0xff;
      }
}

/**
 * studio_readout_compute:
 * @plain: the plaintext
 * @key: (nullable): the key image (8-bit; its bytes are the keystream of xor and acm-xor)
 * @cipher: (nullable): the ciphertext pixels (N × N for acm-xor)
 * @scheme: the cipher
 * @acm_inverse: (nullable): for acm-xor, studio_readout_acm_inverse()
 * @x: column, in the ciphertext's (and, but for acm-xor's padding, the plaintext's) coordinates
 * @y: row
 * @out: (out caller-allocates): the bytes
 *
 * Returns: %FALSE when (x, y) is outside the images (or @cipher / @key is missing)
 */
gboolean
studio_readout_compute (const DkgImage *plain, const DkgImage *key, const DkgImage *cipher,
                        DkgContainerScheme scheme, const gsize *acm_inverse, guint x, guint y,
                        StudioReadout *out)
{
  guint bps;
  gsize q, p;

  g_return_val_if_fail (plain != NULL && out != NULL, FALSE);
  memset (out, 0, sizeof *out);
  if (cipher == NULL || key == NULL || x >= cipher->width || y >= cipher->height
      || cipher->channels != plain->channels || cipher->bit_depth != plain->bit_depth)
    return FALSE;
  bps = plain->bit_depth / 8;
  out->n_bytes = plain->channels * bps;
  g_assert (out->n_bytes <= STUDIO_READOUT_MAX_BYTES);
  q = (gsize) y * cipher->width + x;
  if (scheme == DKG_CONTAINER_SCHEME_ACM_XOR)
    {
      if (acm_inverse == NULL)
        return FALSE;
      p = acm_inverse[q];
    }
  else if (x < plain->width && y < plain->height)
    p = (gsize) y * plain->width + x;
  else
    return FALSE;
  if (p == G_MAXSIZE)
    out->source_x = out->source_y = -1;          /* padding: plaintext bytes 0 */
  else
    {
      out->source_x = (int) (p % plain->width);
      out->source_y = (int) (p / plain->width);
      pixel_bytes (plain, p, out->plain);
    }
  pixel_bytes (cipher, q, out->cipher);
  /* The keystream runs over the ciphertext's pixels: byte i of pixel q is keystream byte
   * q·n_bytes + i, read from the key image's bytes. */
  out->key_offset = q * out->n_bytes;
  if (scheme != DKG_CONTAINER_SCHEME_CHACHA20_POLY1305 && key->bit_depth == 8
      && out->key_offset + out->n_bytes <= dkg_image_n_bytes (key))
    memcpy (out->key, key->data + out->key_offset, out->n_bytes);
  out->xor_holds = scheme != DKG_CONTAINER_SCHEME_CHACHA20_POLY1305;
  for (guint i = 0; i < out->n_bytes; i++)
    if ((out->plain[i] ^ out->key[i]) != out->cipher[i])
      out->xor_holds = FALSE;
  return TRUE;
}

static void
append_hex (GString *s, const guint8 *bytes, guint n)
{
  for (guint i = 0; i < n; i++)
    g_string_append_printf (s, i == 0 ? "%02X" : " %02X", bytes[i]);
}

/**
 * studio_readout_format:
 *
 * Returns: (transfer full): one line for a classroom about a ciphertext pixel:
 *   "P 5A ⊕ K 3C = C 66 (key byte 10252)" plus, under acm-xor, where the plaintext pixel came
 *   from
 */
char *
studio_readout_format (const StudioReadout *r, DkgContainerScheme scheme)
{
  GString *s = g_string_new (NULL);
  g_autoptr(GString) p = g_string_new (NULL);
  g_autoptr(GString) k = g_string_new (NULL);
  g_autoptr(GString) c = g_string_new (NULL);

  append_hex (p, r->plain, r->n_bytes);
  append_hex (k, r->key, r->n_bytes);
  append_hex (c, r->cipher, r->n_bytes);
  if (scheme == DKG_CONTAINER_SCHEME_CHACHA20_POLY1305)
    /* Translators: plaintext and ciphertext bytes in hexadecimal, e.g. "P 5A → C 9F" */
    g_string_append_printf (s, _("P %s → C %s (keystream from HKDF and ChaCha20, not the key "
                                 "image)"), p->str, c->str);
  else
    {
      /* Translators: plaintext, keystream and ciphertext bytes in hexadecimal, with the
       * index of the first keystream byte: "P 5A ⊕ K 3C = C 66 (key byte 10252)" */
      g_string_append_printf (s, _("P %s ⊕ K %s = C %s (key byte %zu)"), p->str, k->str,
                              c->str, r->key_offset);
      if (!r->xor_holds)
        g_string_append_printf (s, " ≠");
    }
  if (scheme == DKG_CONTAINER_SCHEME_ACM_XOR)
    {
      if (r->source_x < 0)
        g_string_append (s, _(", padding moved here by the cat map"));
      else
        /* Translators: acm-xor: the plaintext pixel the cat map moved to the pointer */
        g_string_append_printf (s, _(", plaintext pixel (%d, %d) moved here by the cat map"),
                                r->source_x, r->source_y);
    }
  return g_string_free (s, FALSE);
}
