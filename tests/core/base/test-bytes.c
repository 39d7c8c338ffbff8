/* test-bytes.c — dkg-bytes.h: big- and little-endian loads and stores at unaligned addresses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib.h>

#include "dkg-bytes.h"

/* The bytes 01 02 … 09 from an odd address: every value is spelled out by hand. */
static void
test_get (void)
{
  guint8 buf[16];
  const guint8 *p = buf + 1;

  for (int i = 0; i < 16; i++)
    buf[i] = (guint8) i;
  g_assert_cmphex (dkg_bytes_get_be16 (p), ==, 0x0102);
  g_assert_cmphex (dkg_bytes_get_le16 (p), ==, 0x0201);
  g_assert_cmphex (dkg_bytes_get_be32 (p), ==, 0x01020304);
  g_assert_cmphex (dkg_bytes_get_le32 (p), ==, 0x04030201);
  g_assert_cmphex (dkg_bytes_get_be64 (p), ==, G_GUINT64_CONSTANT (0x0102030405060708));
  g_assert_cmphex (dkg_bytes_get_le64 (p), ==, G_GUINT64_CONSTANT (0x0807060504030201));
}

static void
test_put (void)
{
  static const guint8 be32[] = { 0xde, 0xad, 0xbe, 0xef };
  static const guint8 le64[] = { 0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01 };
  static const guint8 le16[] = { 0x34, 0x12 };
  guint8 buf[16] = { 0 };

  dkg_bytes_put_be32 (buf + 3, 0xdeadbeef);
  g_assert_cmpmem (buf + 3, 4, be32, 4);
  g_assert_cmpuint (buf[2], ==, 0);
  g_assert_cmpuint (buf[7], ==, 0);
  dkg_bytes_put_le64 (buf + 5, G_GUINT64_CONSTANT (0x0102030405060708));
  g_assert_cmpmem (buf + 5, 8, le64, 8);
  dkg_bytes_put_le16 (buf + 1, 0x1234);
  g_assert_cmpmem (buf + 1, 2, le16, 2);
}

/* Every store is undone by the load of the same width and order. */
static void
test_round_trip (void)
{
  guint8 buf[9];
  guint64 v = G_GUINT64_CONSTANT (0xf1e2d3c4b5a69788);

  dkg_bytes_put_be64 (buf + 1, v);
  g_assert_cmphex (dkg_bytes_get_be64 (buf + 1), ==, v);
  g_assert_cmphex (dkg_bytes_get_le64 (buf + 1), ==, GUINT64_SWAP_LE_BE (v));
  dkg_bytes_put_le32 (buf + 1, (guint32) v);
  g_assert_cmphex (dkg_bytes_get_le32 (buf + 1), ==, (guint32) v);
  g_assert_cmphex (dkg_bytes_get_be32 (buf + 1), ==, GUINT32_SWAP_LE_BE ((guint32) v));
  dkg_bytes_put_be16 (buf + 1, (guint16) v);
  g_assert_cmphex (dkg_bytes_get_be16 (buf + 1), ==, (guint16) v);
  g_assert_cmphex (dkg_bytes_get_le16 (buf + 1), ==, GUINT16_SWAP_LE_BE ((guint16) v));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/bytes/get", test_get);
  g_test_add_func ("/core/bytes/put", test_put);
  g_test_add_func ("/core/bytes/round-trip", test_round_trip);
  return g_test_run ();
}
