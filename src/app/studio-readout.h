/* studio-readout.h — what the Encrypt page's read-out says about one pixel: P ⊕ K = C
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "dkg-container.h"
#include "dkg-image.h"

G_BEGIN_DECLS

/** STUDIO_READOUT_MAX_BYTES: 4 channels of 16-bit samples */
#define STUDIO_READOUT_MAX_BYTES 8

/**
 * StudioReadout:
 * @n_bytes: plaintext bytes of one pixel (channels × bytes per sample)
 * @source_x: the plaintext pixel whose bytes are at the ciphertext pixel (the pixel itself for
 *   xor and chacha20-poly1305; where the cat map took it from for acm-xor), -1 for padding
 * @source_y: its row, -1 for padding
 * @key_offset: index of the first keystream byte, i.e. of the key image's bytes in raster order
 * @plain: the plaintext bytes (§5.3: samples big-endian, channels interleaved)
 * @key: the keystream bytes XORed with them (xor and acm-xor; 0 for chacha20-poly1305)
 * @cipher: the ciphertext bytes at the pixel
 * @xor_holds: @plain ⊕ @key = @cipher for every byte
 */
typedef struct
{
  guint   n_bytes;
  int     source_x;
  int     source_y;
  gsize   key_offset;
  guint8  plain[STUDIO_READOUT_MAX_BYTES];
  guint8  key[STUDIO_READOUT_MAX_BYTES];
  guint8  cipher[STUDIO_READOUT_MAX_BYTES];
  gboolean xor_holds;
} StudioReadout;

gsize    *studio_readout_acm_inverse (guint               width,
                                      guint               height,
                                      guint64             iterations,
                                      GError            **error);
gboolean  studio_readout_compute     (const DkgImage     *plain,
                                      const DkgImage     *key,
                                      const DkgImage     *cipher,
                                      DkgContainerScheme  scheme,
                                      const gsize        *acm_inverse,
                                      guint               x,
                                      guint               y,
                                      StudioReadout      *out);
char     *studio_readout_format      (const StudioReadout *readout,
                                      DkgContainerScheme  scheme);

G_END_DECLS
