/* dkg-bytes.h — integers in file formats: loads and stores of big- and little-endian values at
 * any (unaligned) address, through GLib's byte-order macros
 *
 * For each width W of 16, 32, 64 and order be/le:
 *   guintW dkg_bytes_get_beW (const guint8 *p)   the value stored at @p, big-endian
 *   guintW dkg_bytes_get_leW (const guint8 *p)   the value stored at @p, little-endian
 *   void   dkg_bytes_put_beW (guint8 *p, guintW v)  stores @v at @p, big-endian
 *   void   dkg_bytes_put_leW (guint8 *p, guintW v)  stores @v at @p, little-endian
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <string.h>

G_BEGIN_DECLS

#define DKG_BYTES_DEFINE(W, order, ORDER)                                                     \
  static inline guint##W                                                                     \
  dkg_bytes_get_##order##W (const guint8 *p)                                                 \
  {                                                                                          \
    guint##W v;                                                                              \
                                                                                             \
    memcpy (&v, p, sizeof v);                                                                \
    return GUINT##W##_FROM_##ORDER (v);                                                      \
  }                                                                                          \
  static inline void                                                                         \
  dkg_bytes_put_##order##W (guint8 *p, guint##W v)                                           \
  {                                                                                          \
    v = GUINT##W##_TO_##ORDER (v);                                                           \
    memcpy (p, &v, sizeof v);                                                                \
  }

DKG_BYTES_DEFINE (16, be, BE)
DKG_BYTES_DEFINE (16, le, LE)
DKG_BYTES_DEFINE (32, be, BE)
DKG_BYTES_DEFINE (32, le, LE)
DKG_BYTES_DEFINE (64, be, BE)
DKG_BYTES_DEFINE (64, le, LE)

#undef DKG_BYTES_DEFINE

G_END_DECLS
