/* dkg-bytes.h — integers in file formats: loads and stores of big- and little-endian values at
 * any (unaligned) address, through GLib's byte-order macros
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <string.h>

G_BEGIN_DECLS

/* dkg_bytes_get_be16: Returns: the big-endian 16-bit value at @p */
static inline guint16
dkg_bytes_get_be16 (const guint8 *p)
{
  guint16 v;

  memcpy (&v, p, sizeof v);
  return GUINT16_FROM_BE (v);
}

/* dkg_bytes_get_le16: Returns: the little-endian 16-bit value at @p */
static inline guint16
dkg_bytes_get_le16 (const guint8 *p)
{
  guint16 v;

  memcpy (&v, p, sizeof v);
  return GUINT16_FROM_LE (v);
}

/* dkg_bytes_get_be32: Returns: the big-endian 32-bit value at @p */
static inline guint32
dkg_bytes_get_be32 (const guint8 *p)
{
  guint32 v;

  memcpy (&v, p, sizeof v);
  return GUINT32_FROM_BE (v);
}

/* dkg_bytes_get_le32: Returns: the little-endian 32-bit value at @p */
static inline guint32
dkg_bytes_get_le32 (const guint8 *p)
{
  guint32 v;

  memcpy (&v, p, sizeof v);
  return GUINT32_FROM_LE (v);
}

/* dkg_bytes_get_le64: Returns: the little-endian 64-bit value at @p */
static inline guint64
dkg_bytes_get_le64 (const guint8 *p)
{
  guint64 v;

  memcpy (&v, p, sizeof v);
  return GUINT64_FROM_LE (v);
}

/* dkg_bytes_put_be32: stores @v at @p, big-endian */
static inline void
dkg_bytes_put_be32 (guint8  *p,
                    guint32  v)
{
  v = GUINT32_TO_BE (v);
  memcpy (p, &v, sizeof v);
}

/* dkg_bytes_put_le32: stores @v at @p, little-endian */
static inline void
dkg_bytes_put_le32 (guint8  *p,
                    guint32  v)
{
  v = GUINT32_TO_LE (v);
  memcpy (p, &v, sizeof v);
}

/* dkg_bytes_put_le64: stores @v at @p, little-endian */
static inline void
dkg_bytes_put_le64 (guint8  *p,
                    guint64  v)
{
  v = GUINT64_TO_LE (v);
  memcpy (p, &v, sizeof v);
}

G_END_DECLS
