/* dkg-keystream.h — plaintext bytes of an image (docs/SPECIFICATION.md §5.3) and keystreams from
 * key images (§5.2)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "dkg-image.h"

G_BEGIN_DECLS

/**
 * DkgKeystream:
 * @bytes: the keystream: @n_bytes key bytes in raster order, channels interleaved, 16-bit
 *   samples big-endian. *Borrowed* from the key image's data (8-bit keys) or pointing into
 *   @owned (16-bit keys)
 * @n_bytes: number of bytes in @bytes
 * @owned: *Owned*: the serialised bytes of a 16-bit key, or %NULL
 *
 * A keystream borrows from the key image it was made from: keep the key alive and unchanged
 * while the keystream is in use.
 */
typedef struct
{
  const guint8 *bytes;
  gsize         n_bytes;
  guint8       *owned;
} DkgKeystream;

guint64       dkg_keystream_size_for       (guint                width,
                                            guint                height,
                                            guint                channels,
                                            guint                bit_depth);
void          dkg_keystream_samples_to_bytes (const guint8      *samples,
                                            guint8              *bytes,
                                            gsize                n_bytes,
                                            guint                bit_depth);
void          dkg_keystream_bytes_to_samples (const guint8      *bytes,
                                            guint8              *samples,
                                            gsize                n_bytes,
                                            guint                bit_depth);
guint8       *dkg_keystream_image_to_bytes (const DkgImage      *image,
                                            gsize               *n_bytes);
DkgImage     *dkg_keystream_image_from_bytes (const guint8      *bytes,
                                            gsize                n_bytes,
                                            guint                width,
                                            guint                height,
                                            guint                channels,
                                            guint                bit_depth,
                                            gboolean             is_signed,
                                            GError             **error);
DkgKeystream *dkg_keystream_new            (const DkgImage      *key,
                                            guint                width,
                                            guint                height,
                                            guint                channels,
                                            guint                bit_depth,
                                            GError             **error);
DkgKeystream *dkg_keystream_new_whole_key  (const DkgImage      *key);
void          dkg_keystream_free           (DkgKeystream        *keystream);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkgKeystream, dkg_keystream_free)

G_END_DECLS
