/* test-png-chunks.c — the PNG chunk walker (src/core/io/dkg-png-chunks.c): a real file's chunks,
 * a chunk appended and found again, CRC errors and truncation refused with the file's name
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "dkg-error.h"
#include "dkg-test-util.h"
#include "dkg-png-chunks.h"

static guint8 *
load_sample (gsize *len)
{
  g_autofree char *path = dkg_test_source_path ("data/samples/colin27_ch2_axial_z090_8bit.png");
  g_autoptr(GError) error = NULL;
  char *data = NULL;

  g_assert_true (g_file_get_contents (path, &data, len, &error));
  g_assert_no_error (error);
  return (guint8 *) data;
}

/* The sample as written by libpng: IHDR first, IEND last, every CRC (libpng's) accepted. */
static void
test_png_chunks_sample (void)
{
  gsize len;
  g_autofree guint8 *buf = load_sample (&len);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) chunks = dkg_png_chunks_parse (buf, len, "colin27.png", &error);
  const DkgPngChunk *first, *last;
  gsize end;

  g_assert_no_error (error);
  g_assert_nonnull (chunks);
  g_assert_cmpuint (chunks->len, >=, 3);
  first = &g_array_index (chunks, DkgPngChunk, 0);
  last = &g_array_index (chunks, DkgPngChunk, chunks->len - 1);
  g_assert_cmpstr (first->type, ==, "IHDR");
  g_assert_cmpuint (first->offset, ==, DKG_PNG_SIGNATURE_SIZE);
  g_assert_cmpuint (first->length, ==, 13);
  /* IHDR: width 181, height 217 (big-endian) */
  g_assert_cmpuint (first->data[3], ==, 181);
  g_assert_cmpuint (first->data[7], ==, 217);
  g_assert_cmpstr (last->type, ==, "IEND");
  g_assert_cmpuint (last->length, ==, 0);
  end = last->offset + 12;
  g_assert_cmpuint (end, ==, len);
}

/* A chunk appended with dkg_png_append_chunk() before IEND parses back with a valid CRC, and
 * its iTXt fields are split as written. */
static void
test_png_chunks_append_itxt (void)
{
  gsize len;
  g_autofree guint8 *buf = load_sample (&len);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) chunks = dkg_png_chunks_parse (buf, len, "colin27.png", &error);
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GArray) again = NULL;
  static const char itxt[] = "dkg-test\0\0\0en\0Test\0hello ≥ α";
  const DkgPngChunk *iend = &g_array_index (chunks, DkgPngChunk, chunks->len - 1);
  DkgPngItxt t;
  gboolean found = FALSE;

  g_assert_no_error (error);
  g_byte_array_append (out, buf, (guint) iend->offset);
  dkg_png_append_chunk (out, "iTXt", (const guint8 *) itxt, sizeof itxt - 1);
  g_byte_array_append (out, buf + iend->offset, (guint) (len - iend->offset));
  /* length, type, data and CRC: 12 bytes around the data */
  g_assert_cmpuint (out->len, ==, len + 12 + sizeof itxt - 1);

  again = dkg_png_chunks_parse (out->data, out->len, "edited.png", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->len, ==, chunks->len + 1);
  for (guint i = 0; i < again->len; i++)
    if (dkg_png_chunk_is_itxt (&g_array_index (again, DkgPngChunk, i), "dkg-test", &t))
      {
        found = TRUE;
        g_assert_false (t.compressed);
        g_assert_cmpuint (t.text_len, ==, strlen ("hello ≥ α"));
        g_assert_true (memcmp (t.text, "hello ≥ α", t.text_len) == 0);
      }
  g_assert_true (found);
  g_assert_false (dkg_png_chunk_is_itxt (&g_array_index (again, DkgPngChunk, 0), "dkg-test", &t));
}

static void
test_png_chunks_damage (void)
{
  gsize len;
  g_autofree guint8 *buf = load_sample (&len);
  g_autoptr(GError) error = NULL;
  GArray *chunks;

  /* a flipped bit in IHDR's data: the CRC no longer matches */
  buf[DKG_PNG_SIGNATURE_SIZE + 8] ^= 0x01;
  chunks = dkg_png_chunks_parse (buf, len, "flipped.png", &error);
  g_assert_null (chunks);
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE);
  g_assert_nonnull (strstr (error->message, "flipped.png"));
  g_assert_nonnull (strstr (error->message, "IHDR chunk has a CRC error"));
  g_clear_error (&error);
  buf[DKG_PNG_SIGNATURE_SIZE + 8] ^= 0x01;

  /* cut before IEND */
  chunks = dkg_png_chunks_parse (buf, len - 12, "cut.png", &error);
  g_assert_null (chunks);
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE);
  g_assert_nonnull (strstr (error->message, "cut.png"));
  g_clear_error (&error);

  /* not a PNG */
  chunks = dkg_png_chunks_parse ((const guint8 *) "GIF89a....", 10, "x.gif", &error);
  g_assert_null (chunks);
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE);
  g_assert_nonnull (strstr (error->message, "no PNG signature"));
}

int
main (int argc, char **argv)
{
  dkg_test_init (&argc, &argv);
  g_test_add_func ("/core/io/png-chunks/sample", test_png_chunks_sample);
  g_test_add_func ("/core/io/png-chunks/append-itxt", test_png_chunks_append_itxt);
  g_test_add_func ("/core/io/png-chunks/damage", test_png_chunks_damage);
  return g_test_run ();
}
