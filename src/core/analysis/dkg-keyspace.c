/* dkg-keyspace.c — nominal key space of image-shaped keys (docs/SPECIFICATION.md §6.8)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "dkg-keyspace.h"

/**
 * dkg_keyspace_nominal_bits:
 * @width: key width in pixels
 * @height: key height in pixels
 * @channels: channels (3 for DeepKeyGen's RGB keys)
 * @bit_depth: bits per sample (8)
 *
 * Nominal key space of an image-shaped key, counted as if every sample were free
 * (docs/SPECIFICATION.md §6.8; DeepKeyGen's key-space analysis): bit_depth·H·W·C bits, 8·256·256·3
 * = 1,572,864 bits for a 256×256 RGB key. Read it with dkg_keyspace_caveat().
 *
 * Returns: the number of bits, log₂ of the number of distinct keys (at most 2^36 for
 *   32768×32768×4 16-bit, so it cannot overflow)
 */
guint64
dkg_keyspace_nominal_bits (guint width,
                           guint height,
                           guint channels,
                           guint bit_depth)
{
  return (guint64) bit_depth * width * height * channels;
}

/**
 * dkg_keyspace_log10:
 * @bits: a key space in bits
 *
 * Returns: log₁₀ of 2^@bits, i.e. @bits·log₁₀ 2, to write the key space as 10^x
 */
double
dkg_keyspace_log10 (guint64 bits)
{
  return (double) bits * M_LN2 / M_LN10;
}

/**
 * dkg_keyspace_caveat:
 *
 * The note that must accompany a nominal key space (docs/SPECIFICATION.md §6.8).
 *
 * Returns: (transfer none): a static English sentence
 */
const char *
dkg_keyspace_caveat (void)
{
  return "Nominal key space: the number of distinct key images of this size, as if every "
         "sample were chosen freely. Generated keys are a deterministic function of the model "
         "weights and the seed image, so the effective key space is bounded by what an "
         "attacker does not know about the model and the seed, and can be far smaller.";
}

/**
 * dkg_keyspace_describe:
 * @width: key width in pixels
 * @height: key height in pixels
 * @channels: channels
 * @bit_depth: bits per sample
 *
 * Formats the nominal key space, e.g. "2^1572864 ≈ 10^473479.2 (nominal)" for a 256×256
 * 8-bit RGB key.
 *
 * Returns: (transfer full): a string, free with g_free()
 */
char *
dkg_keyspace_describe (guint width,
                       guint height,
                       guint channels,
                       guint bit_depth)
{
  guint64 bits = dkg_keyspace_nominal_bits (width, height, channels, bit_depth);

  return g_strdup_printf ("2^%" G_GUINT64_FORMAT " ≈ 10^%.1f (nominal)", bits,
                          dkg_keyspace_log10 (bits));
}
