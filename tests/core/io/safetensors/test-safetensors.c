/* test-safetensors.c — safetensors: round trips, reference bytes, every malformation, fixtures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "dkg-error.h"
#include "dkg-test-util.h"
#include "dkg-safetensors.h"

/* A file made of an 8-byte length, @header as it is (no padding) and @data_len data bytes
 * (0, 1, 2, … mod 251). */
static GBytes *
make_file_len (const char *header, gsize header_len, gsize data_len)
{
  gsize total = 8 + header_len + data_len;
  guint8 *buf = g_malloc (total);

  for (int i = 0; i < 8; i++)
    buf[i] = (guint8) ((guint64) header_len >> (8 * i));
  memcpy (buf + 8, header, header_len);
  for (gsize i = 0; i < data_len; i++)
    buf[8 + header_len + i] = (guint8) (i % 251);
  return g_bytes_new_take (buf, total);
}

static GBytes *
make_file (const char *header, gsize data_len)
{
  return make_file_len (header, strlen (header), data_len);
}

static void
assert_bytes_equal (GBytes *got, const guint8 *want, gsize want_len)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (got, &len);

  g_assert_cmpmem (data, len, want, want_len);
}

/* The bytes the reference writer produces: the header text padded with spaces to a multiple
 * of 8, its length in front, the data after. */
static GBytes *
expected_file (const char *header, const void *data, gsize data_len)
{
  gsize hlen = strlen (header), padded = hlen + (8 - hlen % 8) % 8;
  g_autoptr(GByteArray) out = g_byte_array_new ();
  guint8 prefix[8];

  for (int i = 0; i < 8; i++)
    prefix[i] = (guint8) ((guint64) padded >> (8 * i));
  g_byte_array_append (out, prefix, 8);
  g_byte_array_append (out, (const guint8 *) header, (guint) hlen);
  for (gsize i = hlen; i < padded; i++)
    g_byte_array_append (out, (const guint8 *) " ", 1);
  g_byte_array_append (out, data, (guint) data_len);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static void
test_round_trip (void)
{
  static const float w[6] = { 0.5f, -1.25f, 3.0e-8f, 1.0e30f, -0.0f, 2.0f };
  static const gint64 count = 1234567890123LL;
  static const gint64 idx[3] = { -1, 0, G_MAXINT64 };
  const gint64 w_shape[2] = { 2, 3 }, idx_shape[1] = { 3 }, empty_shape[2] = { 0, 4 };
  g_autoptr(DkgSafetensors) st = dkg_safetensors_new ();
  g_autoptr(DkgSafetensors) back = NULL;
  g_autoptr(DkgSafetensors) from_file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = dkg_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "model.safetensors", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) names = NULL;
  g_auto(GStrv) keys = NULL;
  gint64 shape[DKG_SAFETENSORS_MAX_DIMS];
  const char *dtype;
  const float *f;
  const gint64 *i64;
  gsize len, n_bytes;
  guint ndim;

  g_assert_true (dkg_safetensors_add_f32 (st, "conv.weight", 2, w_shape, w));
  g_assert_true (dkg_safetensors_add_i64 (st, "bn.num_batches_tracked", 0, NULL, &count));
  g_assert_true (dkg_safetensors_add_i64 (st, "index", 1, idx_shape, idx));
  g_assert_true (dkg_safetensors_add_f32 (st, "empty", 2, empty_shape, NULL));
  dkg_safetensors_set_metadata (st, "architecture", "resnet");
  dkg_safetensors_set_metadata (st, "format", "pt");
  dkg_safetensors_set_metadata (st, "dataset",
                                "chest X-rays, “ünïcödé”\n\ttab \x01\x1f\x7f \\ \" /");
  dkg_safetensors_set_metadata (st, "format", "dkg-1");   /* replaces */

  bytes = dkg_safetensors_serialize (st, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (bytes) % 8, ==, 0);   /* 8 + padded header + 6·4 + 8 + 24 */

  back = dkg_safetensors_load_bytes (bytes, "memory", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dkg_safetensors_get_n_tensors (back), ==, 4);
  names = dkg_safetensors_list_names (back);
  g_assert_cmpstrv (names, ((const char *[]) { "bn.num_batches_tracked", "conv.weight", "empty",
                                               "index", NULL }));
  f = dkg_safetensors_get_f32 (back, "conv.weight", &ndim, shape);
  g_assert_nonnull (f);
  g_assert_cmpuint (ndim, ==, 2);
  g_assert_cmpint (shape[0], ==, 2);
  g_assert_cmpint (shape[1], ==, 3);
  g_assert_cmpmem (f, 6 * sizeof (float), w, sizeof w);
  g_assert_cmpuint ((guintptr) f % 4, ==, 0);

  i64 = dkg_safetensors_get_i64 (back, "bn.num_batches_tracked", &ndim, shape);
  g_assert_nonnull (i64);
  g_assert_cmpuint (ndim, ==, 0);
  g_assert_cmpint (*i64, ==, count);
  i64 = dkg_safetensors_get_i64 (back, "index", &ndim, shape);
  g_assert_nonnull (i64);
  g_assert_cmpmem (i64, 3 * sizeof (gint64), idx, sizeof idx);

  g_assert_nonnull (dkg_safetensors_get_raw (back, "empty", &dtype, &ndim, shape, &n_bytes));
  g_assert_cmpstr (dtype, ==, "F32");
  g_assert_cmpuint (ndim, ==, 2);
  g_assert_cmpint (shape[0], ==, 0);
  g_assert_cmpint (shape[1], ==, 4);
  g_assert_cmpuint (n_bytes, ==, 0);

  /* Wrong dtype or absent: NULL. */
  g_assert_null (dkg_safetensors_get_f32 (back, "index", NULL, NULL));
  g_assert_null (dkg_safetensors_get_i64 (back, "conv.weight", NULL, NULL));
  g_assert_null (dkg_safetensors_get_f32 (back, "missing", NULL, NULL));
  g_assert_false (dkg_safetensors_contains (back, "missing"));
  g_assert_true (dkg_safetensors_contains (back, "index"));

  keys = dkg_safetensors_list_metadata_keys (back);
  g_assert_cmpstrv (keys, ((const char *[]) { "architecture", "dataset", "format", NULL }));
  g_assert_cmpstr (dkg_safetensors_get_metadata (back, "format"), ==, "dkg-1");
  g_assert_cmpstr (dkg_safetensors_get_metadata (back, "dataset"), ==,
                   "chest X-rays, “ünïcödé”\n\ttab \x01\x1f\x7f \\ \" /");
  g_assert_null (dkg_safetensors_get_metadata (back, "missing"));

  /* Re-serializing what was read gives the same bytes. */
  again = dkg_safetensors_serialize (back, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (bytes, again));

  /* Through a file: the file holds exactly the serialized bytes, mode 0644, and reads back. */
  g_assert_true (dkg_safetensors_save (st, path, &error));
  g_assert_no_error (error);
  g_assert_true (dkg_safetensors_save (st, path, &error));   /* replaces */
  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  g_assert_cmpmem (contents, len, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  {
    GStatBuf sb;

    g_assert_cmpint (g_stat (path, &sb), ==, 0);
    g_assert_cmpint (sb.st_mode & 0777, ==, 0644);
  }
  from_file = dkg_safetensors_load (path, &error);
  g_assert_no_error (error);
  f = dkg_safetensors_get_f32 (from_file, "conv.weight", NULL, NULL);
  g_assert_cmpmem (f, 6 * sizeof (float), w, sizeof w);
  g_assert_cmpstr (dkg_safetensors_get_metadata (from_file, "architecture"), ==, "resnet");
  g_assert_cmpuint (dkg_test_count_files (dir), ==, 1);   /* no temporary file left */
  dkg_test_rm_rf (dir);
}

/* Byte-exact agreement with the reference writer. The expected bytes are built by hand from
 * the format rules of huggingface/safetensors (safetensors/src/tensor.rs, `prepare`): sort by
 * dtype (I64 before F32) then name, compact serde_json header with __metadata__ first,
 * spaces up to a multiple of 8. The first three are the cases of the reference's own tests
 * `test_empty` and `test_serialization_forced_alignement`. */
static void
test_reference_bytes (void)
{
  static const float six[6] = { 0, 1, 2, 3, 4, 5 };
  static const float two[2] = { 1.0f, -2.0f };
  static const gint64 seven = 7;
  static const guint8 empty_file[16] = {
    8, 0, 0, 0, 0, 0, 0, 0, '{', '}', ' ', ' ', ' ', ' ', ' ', ' ',
  };
  const gint64 shape4[4] = { 1, 1, 2, 3 }, shape1[1] = { 2 }, shape0[1] = { 0 };
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(DkgSafetensors) st = dkg_safetensors_new ();
    g_autoptr(GBytes) got = dkg_safetensors_serialize (st, &error);

    g_assert_no_error (error);
    assert_bytes_equal (got, empty_file, sizeof empty_file);
  }
  {
    g_autoptr(DkgSafetensors) st = dkg_safetensors_new ();
    g_autoptr(GBytes) got = NULL;
    g_autoptr(GBytes) want = expected_file ("{\"__metadata__\":{\"framework\":\"pt\"}}", NULL, 0);

    dkg_safetensors_set_metadata (st, "framework", "pt");
    got = dkg_safetensors_serialize (st, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_bytes_get_size (want), ==, 48);   /* header 35 → 40, as the reference */
    g_assert_true (g_bytes_equal (got, want));
  }
  {
    g_autoptr(DkgSafetensors) st = dkg_safetensors_new ();
    g_autoptr(GBytes) got = NULL;
    g_autoptr(GBytes) want = expected_file (
      "{\"attn0\":{\"dtype\":\"F32\",\"shape\":[1,1,2,3],\"data_offsets\":[0,24]}}", six, 24);

    g_assert_true (dkg_safetensors_add_f32 (st, "attn0", 4, shape4, six));
    got = dkg_safetensors_serialize (st, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_bytes_get_size (want), ==, 8 + 72 + 24);   /* 65 → 72: 7 spaces */
    g_assert_true (g_bytes_equal (got, want));
  }
  {
    /* I64 first although "z" > "a"; then F32 by name; an empty tensor takes no bytes. */
    g_autoptr(DkgSafetensors) st = dkg_safetensors_new ();
    g_autoptr(GBytes) got = NULL;
    g_autoptr(GBytes) want = NULL;
    guint8 data[16];

    memcpy (data, &seven, 8);
    memcpy (data + 8, two, 8);
    want = expected_file ("{\"__metadata__\":{\"a\":\"1\",\"b\":\"x\\u001f\x7f\\n\\u0001\"},"
                          "\"z.num_batches_tracked\":"
                          "{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[0,8]},"
                          "\"a.weight\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]},"
                          "\"b.empty\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[16,16]}}",
                          data, 16);
    g_assert_true (dkg_safetensors_add_f32 (st, "b.empty", 1, shape0, NULL));
    g_assert_true (dkg_safetensors_add_f32 (st, "a.weight", 1, shape1, two));
    g_assert_true (dkg_safetensors_add_i64 (st, "z.num_batches_tracked", 0, NULL, &seven));
    dkg_safetensors_set_metadata (st, "b", "x\x1f\x7f\n\x01");
    dkg_safetensors_set_metadata (st, "a", "1");
    got = dkg_safetensors_serialize (st, &error);
    g_assert_no_error (error);
    g_assert_true (g_bytes_equal (got, want));
  }
}

/* Data at an address misaligned for float still reads back right, from an aligned copy. */
static void
test_misaligned_bytes (void)
{
  static const float v[3] = { 1.5f, -2.5f, 3.5f };
  const gint64 shape[1] = { 3 };
  g_autoptr(DkgSafetensors) st = dkg_safetensors_new ();
  g_autoptr(DkgSafetensors) back = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) shifted = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;
  const guint8 *data;
  guint8 *buf;
  const float *f;

  g_assert_true (dkg_safetensors_add_f32 (st, "v", 1, shape, v));
  bytes = dkg_safetensors_serialize (st, &error);
  data = g_bytes_get_data (bytes, &len);
  buf = g_malloc (len + 1);
  memcpy (buf + 1, data, len);
  shifted = g_bytes_new_with_free_func (buf + 1, len, g_free, buf);
  back = dkg_safetensors_load_bytes (shifted, "shifted", &error);
  g_assert_no_error (error);
  f = dkg_safetensors_get_f32 (back, "v", NULL, NULL);
  g_assert_cmpuint ((guintptr) f % 4, ==, 0);
  g_assert_cmpmem (f, sizeof v, v, sizeof v);
}

typedef struct
{
  const char *label;
  const char *header;
  gsize       data_len;
  int         code;
  const char *why;   /* a part of the message that says the reason */
} BadCase;

#define ENTRY(dtype, shape, offsets) \
  "{\"dtype\":\"" dtype "\",\"shape\":" shape ",\"data_offsets\":" offsets "}"

static const BadCase bad_cases[] = {
  { "not starting with {",
    "[1]",
    0, DKG_ERROR_INVALID_FILE, "does not start with" },
  { "leading space",
    " {}",
    0, DKG_ERROR_INVALID_FILE, "does not start with" },
  { "unterminated",
    "{\"a\":",
    0, DKG_ERROR_INVALID_FILE, "unexpected end" },
  { "trailing comma",
    "{\"a\":" ENTRY ("F32", "[]", "[0,4]") ",}",
    4, DKG_ERROR_INVALID_FILE, "expected a string as object key" },
  { "single quotes",
    "{'a':1}",
    0, DKG_ERROR_INVALID_FILE, "expected a string as object key" },
  { "text after the object",
    "{} x",
    0, DKG_ERROR_INVALID_FILE, "text after the JSON value" },
  { "two objects",
    "{}{}",
    0, DKG_ERROR_INVALID_FILE, "text after the JSON value" },
  { "hex number",
    "{\"a\":" ENTRY ("F32", "[0x1]", "[0,4]") "}",
    4, DKG_ERROR_INVALID_FILE, "expected ‘,’ or ‘]’" },
  { "raw control character",
    "{\"a\x01\":" ENTRY ("F32", "[]", "[0,4]") "}",
    4, DKG_ERROR_INVALID_FILE, "unescaped control character" },
  { "lone surrogate",
    "{\"\\ud800\":" ENTRY ("F32", "[]", "[0,4]") "}",
    4, DKG_ERROR_INVALID_FILE, "lone high surrogate" },
  { "entry not an object",
    "{\"a\":[1]}",
    0, DKG_ERROR_INVALID_FILE, "is not an object" },
  { "entry a number",
    "{\"a\":1}",
    0, DKG_ERROR_INVALID_FILE, "is not an object" },
  { "missing dtype",
    "{\"a\":{\"shape\":[],\"data_offsets\":[0,4]}}",
    4, DKG_ERROR_INVALID_FILE, "no “dtype” string" },
  { "dtype not a string",
    "{\"a\":{\"dtype\":4,\"shape\":[],\"data_offsets\":[0,4]}}",
    4, DKG_ERROR_INVALID_FILE, "no “dtype” string" },
  { "missing shape",
    "{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}",
    4, DKG_ERROR_INVALID_FILE, "no “shape” array" },
  { "shape not an array",
    "{\"a\":" ENTRY ("F32", "1", "[0,4]") "}",
    4, DKG_ERROR_INVALID_FILE, "no “shape” array" },
  { "missing data_offsets",
    "{\"a\":{\"dtype\":\"F32\",\"shape\":[]}}",
    4, DKG_ERROR_INVALID_FILE, "no “data_offsets” pair" },
  { "data_offsets of 3",
    "{\"a\":" ENTRY ("F32", "[]", "[0,4,4]") "}",
    4, DKG_ERROR_INVALID_FILE, "no “data_offsets” pair" },
  { "data_offsets of 1",
    "{\"a\":" ENTRY ("F32", "[]", "[4]") "}",
    4, DKG_ERROR_INVALID_FILE, "no “data_offsets” pair" },
  { "data_offsets strings",
    "{\"a\":" ENTRY ("F32", "[]", "[\"0\",\"4\"]") "}",
    4, DKG_ERROR_INVALID_FILE, "no “data_offsets” pair" },
  { "negative offset",
    "{\"a\":" ENTRY ("F32", "[]", "[-4,0]") "}",
    4, DKG_ERROR_INVALID_FILE, "no “data_offsets” pair" },
  { "unknown dtype",
    "{\"a\":" ENTRY ("F33", "[]", "[0,4]") "}",
    4, DKG_ERROR_INVALID_FILE, "unknown dtype “F33”" },
  { "lower-case dtype",
    "{\"a\":" ENTRY ("f32", "[]", "[0,4]") "}",
    4, DKG_ERROR_INVALID_FILE, "unknown dtype “f32”" },
  { "sub-byte dtype",
    "{\"a\":" ENTRY ("F4", "[2]", "[0,1]") "}",
    1, DKG_ERROR_UNSUPPORTED, "sub-byte dtype F4" },
  { "negative dimension",
    "{\"a\":" ENTRY ("F32", "[-1]", "[0,4]") "}",
    4, DKG_ERROR_INVALID_FILE, "is not a non-negative integer" },
  { "fractional dimension",
    "{\"a\":" ENTRY ("F32", "[1.0]", "[0,4]") "}",
    4, DKG_ERROR_INVALID_FILE, "is not a non-negative integer" },
  { "exponent dimension",
    "{\"a\":" ENTRY ("F32", "[1e0]", "[0,4]") "}",
    4, DKG_ERROR_INVALID_FILE, "is not a non-negative integer" },
  { "string dimension",
    "{\"a\":" ENTRY ("F32", "[\"1\"]", "[0,4]") "}",
    4, DKG_ERROR_INVALID_FILE, "is not a non-negative integer" },
  { "null dimension",
    "{\"a\":" ENTRY ("F32", "[null]", "[0,4]") "}",
    4, DKG_ERROR_INVALID_FILE, "is not a non-negative integer" },
  { "shape product overflow",
    "{\"a\":" ENTRY ("F32", "[4294967296,4294967296,2]", "[0,4]") "}",
    4, DKG_ERROR_INVALID_FILE, "overflows 64 bits" },
  { "bytes overflow",
    "{\"a\":" ENTRY ("F64", "[4611686018427387904]", "[0,4]") "}",
    4, DKG_ERROR_INVALID_FILE, "overflows 64 bits" },
  { "integer past 2^64 (json-glib would wrap it to 8)",
    "{\"a\":" ENTRY ("U8", "[8]", "[0,18446744073709551624]") "}",
    8, DKG_ERROR_INVALID_FILE, "outside the 64-bit signed range" },
  { "integer 2^63",
    "{\"a\":" ENTRY ("U8", "[8]", "[0,9223372036854775808]") "}",
    8, DKG_ERROR_INVALID_FILE, "outside the 64-bit signed range" },
  { "more than 8 dimensions",
    "{\"a\":" ENTRY ("F32", "[1,1,1,1,1,1,1,1,1]", "[0,4]") "}",
    4, DKG_ERROR_UNSUPPORTED, "9 dimensions" },
  { "size mismatch",
    "{\"a\":" ENTRY ("F32", "[2]", "[0,4]") "}",
    4, DKG_ERROR_INVALID_FILE, "needs 8 bytes but its data_offsets span 4" },
  { "size mismatch for dtype",
    "{\"a\":" ENTRY ("F64", "[1]", "[0,4]") "}",
    4, DKG_ERROR_INVALID_FILE, "needs 8 bytes but its data_offsets span 4" },
  { "begin after end",
    "{\"a\":" ENTRY ("F32", "[]", "[8,4]") "}",
    8, DKG_ERROR_INVALID_FILE, "begins at byte 8 after its end 4" },
  { "end beyond the data",
    "{\"a\":" ENTRY ("F32", "[2]", "[0,8]") "}",
    4, DKG_ERROR_INVALID_FILE, "beyond the 4-byte data block" },
  { "overlap",
    "{\"a\":" ENTRY ("F32", "[2]", "[0,8]") ",\"b\":" ENTRY ("F32", "[2]", "[4,12]") "}",
    12, DKG_ERROR_INVALID_FILE, "overlap" },
  { "same range twice",
    "{\"a\":" ENTRY ("F32", "[1]", "[0,4]") ",\"b\":" ENTRY ("F32", "[1]", "[0,4]") "}",
    4, DKG_ERROR_INVALID_FILE, "overlap" },
  { "empty tensor inside another",
    "{\"a\":" ENTRY ("F32", "[2]", "[0,8]") ",\"b\":" ENTRY ("F32", "[0]", "[4,4]") "}",
    8, DKG_ERROR_INVALID_FILE, "overlap" },
  { "gap",
    "{\"a\":" ENTRY ("F32", "[1]", "[0,4]") ",\"b\":" ENTRY ("F32", "[1]", "[8,12]") "}",
    12, DKG_ERROR_INVALID_FILE, "bytes 4–8 of the data block belong to no tensor" },
  { "gap at the start",
    "{\"a\":" ENTRY ("F32", "[1]", "[4,8]") "}",
    8, DKG_ERROR_INVALID_FILE, "bytes 0–4 of the data block belong to no tensor" },
  { "trailing bytes",
    "{\"a\":" ENTRY ("F32", "[1]", "[0,4]") "}",
    8, DKG_ERROR_INVALID_FILE, "bytes 4–8 at the end of the data block" },
  { "data but no tensor",
    "{}",
    4, DKG_ERROR_INVALID_FILE, "bytes 0–4 at the end of the data block" },
  { "duplicate name",
    "{\"a\":" ENTRY ("F32", "[1]", "[0,4]") ",\"a\":" ENTRY ("F32", "[1]", "[4,8]") "}",
    8, DKG_ERROR_INVALID_FILE, "duplicate key “a”" },
  { "identical duplicates (json-glib alone would accept)",
    "{\"a\":" ENTRY ("F32", "[1]", "[0,4]") ",\"a\":" ENTRY ("F32", "[1]", "[0,4]") "}",
    4, DKG_ERROR_INVALID_FILE, "duplicate key “a”" },
  { "duplicate name through an escape",
    "{\"a\":" ENTRY ("F32", "[1]", "[0,4]") ",\"\\u0061\":" ENTRY ("F32", "[1]", "[4,8]") "}",
    8, DKG_ERROR_INVALID_FILE, "duplicate key “a”" },
  { "duplicate dtype member",
    "{\"a\":{\"dtype\":\"F64\",\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}",
    4, DKG_ERROR_INVALID_FILE, "duplicate key “dtype”" },
  { "duplicate __metadata__",
    "{\"__metadata__\":{},\"__metadata__\":{}}",
    0, DKG_ERROR_INVALID_FILE, "duplicate key “__metadata__”" },
  { "duplicate metadata key",
    "{\"__metadata__\":{\"k\":\"1\",\"k\":\"2\"}}",
    0, DKG_ERROR_INVALID_FILE, "duplicate key “k”" },
  { "metadata not an object",
    "{\"__metadata__\":\"pt\"}",
    0, DKG_ERROR_INVALID_FILE, "“__metadata__” is not an object" },
  { "metadata value a number",
    "{\"__metadata__\":{\"k\":1}}",
    0, DKG_ERROR_INVALID_FILE, "value of “k” is not a string" },
  { "metadata value null",
    "{\"__metadata__\":{\"k\":null}}",
    0, DKG_ERROR_INVALID_FILE, "value of “k” is not a string" },
  { "metadata value an object",
    "{\"__metadata__\":{\"k\":{}}}",
    0, DKG_ERROR_INVALID_FILE, "value of “k” is not a string" },
  { "NUL in a name",
    "{\"a\\u0000b\":" ENTRY ("F32", "[]", "[0,4]") "}",
    4, DKG_ERROR_UNSUPPORTED, "U+0000" },
};

static void
assert_rejected (GBytes *file, const char *label, int code, const char *why)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgSafetensors) st = dkg_safetensors_load_bytes (file, "bad.safetensors", &error);

  g_test_message ("%s: %s", label, error != NULL ? error->message : "(accepted)");
  g_assert_null (st);
  g_assert_error (error, DKG_ERROR, code);
  g_assert_nonnull (strstr (error->message, "bad.safetensors"));
  g_assert_nonnull (strstr (error->message, why));
}

static void
test_malformed_headers (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autoptr(GBytes) file = make_file (bad_cases[i].header, bad_cases[i].data_len);

      assert_rejected (file, bad_cases[i].label, bad_cases[i].code, bad_cases[i].why);
    }
}

/* Each bad case's neighbour that is right must load, so the rejections above are for the
 * reason their label says. */
static void
test_valid_edge_cases (void)
{
  static const char *good[] = {
    "{}",
    "{}      ",
    "{ \"a\" : " ENTRY ("F32", "[]", "[0,4]") " }\n\t\r ",
    "{\"a\":" ENTRY ("F32", "[2]", "[0,8]") ",\"b\":" ENTRY ("F32", "[0]", "[8,8]") "}",
    "{\"b\":" ENTRY ("F32", "[1]", "[4,8]") ",\"a\":" ENTRY ("F32", "[1]", "[0,4]") "}",
    "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"extra\":[{\"x\":1}]}}",
    "{\"__metadata__\":{}}",
    "{\"\\u00e9\\ud83d\\ude00\":" ENTRY ("BF16", "[2]", "[0,4]") "}",
    "{\"a\":" ENTRY ("U8", "[8]", "[0,8]") ",\"b\":" ENTRY ("C64", "[1]", "[8,16]") "}",
  };
  static const gsize good_len[] = { 0, 0, 4, 8, 8, 4, 0, 4, 16 };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GBytes) file = make_file (good[i], good_len[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(DkgSafetensors) st = dkg_safetensors_load_bytes (file, "good", &error);

      g_test_message ("good %u: %s", i, good[i]);
      g_assert_no_error (error);
      g_assert_nonnull (st);
    }
}

static void
test_malformed_framing (void)
{
  static const guint8 tiny[7] = { 2, 0, 0, 0, 0, 0, 0 };
  g_autoptr(GError) error = NULL;

  for (gsize n = 0; n < 8; n++)
    {
      g_autoptr(GBytes) file = g_bytes_new (tiny, MIN (n, sizeof tiny));

      assert_rejected (file, "shorter than 8 bytes", DKG_ERROR_INVALID_FILE,
                       "shorter than the 8-byte");
    }
  {
    /* header lengths 2^63, 2^64 − 1, 100000001 (over the limit), file + 1 (past the end) */
    static const guint64 lengths[] = { G_GUINT64_CONSTANT (1) << 63, G_MAXUINT64, 100000001, 3 };

    for (guint i = 0; i < G_N_ELEMENTS (lengths); i++)
      {
        guint8 buf[10] = { 0, 0, 0, 0, 0, 0, 0, 0, '{', '}' };
        g_autoptr(GBytes) file = NULL;

        for (int b = 0; b < 8; b++)
          buf[b] = (guint8) (lengths[i] >> (8 * b));
        file = g_bytes_new (buf, sizeof buf);
        assert_rejected (file, "bad header length", DKG_ERROR_INVALID_FILE, "header length");
      }
  }
  {
    /* not UTF-8; a NUL byte in the header */
    g_autoptr(GBytes) f1 = make_file_len ("{\"\xff\":1}", 7, 0);
    g_autoptr(GBytes) f2 = make_file_len ("{}\0 ", 4, 0);
    g_autoptr(GBytes) f3 = make_file_len ("", 0, 0);

    assert_rejected (f1, "not UTF-8", DKG_ERROR_INVALID_FILE, "not valid UTF-8");
    assert_rejected (f2, "NUL byte", DKG_ERROR_INVALID_FILE, "not valid UTF-8");
    assert_rejected (f3, "empty header", DKG_ERROR_INVALID_FILE, "does not start with");
  }
  {
    /* 200000 nested arrays: rejected by the depth limit, not a stack overflow */
    GString *deep = g_string_new ("{\"a\":");
    g_autoptr(GBytes) file = NULL;

    for (int i = 0; i < 200000; i++)
      g_string_append_c (deep, '[');
    file = make_file_len (deep->str, deep->len, 0);
    g_string_free (deep, TRUE);
    assert_rejected (file, "deep nesting", DKG_ERROR_INVALID_FILE, "nested too deeply");
  }
  g_assert_null (dkg_safetensors_load ("/nonexistent/dir/model.safetensors", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

static void
test_require (void)
{
  static const guint16 half[2] = { 0x3c00, 0x4000 };
  const gint64 shape[2] = { 2, 1 }, other[2] = { 1, 2 };
  static const float v[2] = { 1, 2 };
  g_autoptr(DkgSafetensors) st = dkg_safetensors_new ();
  g_autoptr(DkgSafetensors) with_half = NULL;
  g_autoptr(GBytes) file = NULL;
  g_autoptr(GError) error = NULL;
  guint8 data[4];
  gint64 count = 3;

  g_assert_true (dkg_safetensors_add_f32 (st, "w", 2, shape, v));
  g_assert_true (dkg_safetensors_add_i64 (st, "n", 0, NULL, &count));
  g_assert_nonnull (dkg_safetensors_require_f32 (st, "w", 2, shape, &error));
  g_assert_no_error (error);
  g_assert_cmpint (*dkg_safetensors_require_i64 (st, "n", 0, NULL, &error), ==, 3);
  g_assert_no_error (error);

  g_assert_null (dkg_safetensors_require_f32 (st, "w", 2, other, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_SHAPE);
  g_clear_error (&error);
  g_assert_null (dkg_safetensors_require_f32 (st, "w", 1, shape, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_SHAPE);
  g_clear_error (&error);
  g_assert_null (dkg_safetensors_require_f32 (st, "absent", 0, NULL, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE);
  g_clear_error (&error);
  g_assert_null (dkg_safetensors_require_f32 (st, "n", 0, NULL, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_UNSUPPORTED);
  g_clear_error (&error);

  /* A valid F16 tensor: present, readable raw, but not as F32. */
  memcpy (data, half, 4);
  {
    g_autoptr(GBytes) head = make_file ("{\"h\":" ENTRY ("F16", "[2]", "[0,4]") "}", 0);
    GByteArray *a = g_byte_array_new ();

    g_byte_array_append (a, g_bytes_get_data (head, NULL), (guint) g_bytes_get_size (head));
    g_byte_array_append (a, data, 4);
    file = g_byte_array_free_to_bytes (a);
  }
  with_half = dkg_safetensors_load_bytes (file, "half.safetensors", &error);
  g_assert_no_error (error);
  g_assert_null (dkg_safetensors_get_f32 (with_half, "h", NULL, NULL));
  g_assert_cmpmem (dkg_safetensors_get_raw (with_half, "h", NULL, NULL, NULL, NULL), 4, half, 4);
  g_assert_null (dkg_safetensors_require_f32 (with_half, "h", 1, (gint64[]) { 2 }, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "half.safetensors"));
  g_assert_nonnull (strstr (error->message, "F16"));
}

/* The committed bad files of tests/data/bad (see README-safetensors.md there). */
static void
test_bad_fixtures (void)
{
  static const char *files[] = {
    "safetensors-overlap.safetensors",
    "safetensors-out-of-range.safetensors",
    "safetensors-header-2e63.safetensors",
    "safetensors-truncated-header.safetensors",
    "safetensors-truncated-data.safetensors",
    "safetensors-duplicate.safetensors",
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *rel = g_build_filename ("tests", "data", "bad", files[i], NULL);
      g_autofree char *path = dkg_test_source_path (rel);
      g_autoptr(GError) error = NULL;
      g_autoptr(DkgSafetensors) st = NULL;

      g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
      st = dkg_safetensors_load (path, &error);
      g_test_message ("%s: %s", files[i], error != NULL ? error->message : "(accepted)");
      g_assert_null (st);
      g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE);
      g_assert_nonnull (strstr (error->message, files[i]));
    }
}

/* Random corruptions of a valid file: each load either succeeds or fails with a DKG_ERROR,
 * never crashes (the suite also runs under ASan/UBSan). Seeded, so reproducible. */
static void
test_mutations (void)
{
  static const float w[12] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };
  const gint64 shape[2] = { 3, 4 };
  const gint64 one = 5;
  g_autoptr(DkgSafetensors) st = dkg_safetensors_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240611);
  const guint8 *orig;
  gsize len;
  guint accepted = 0, rejected = 0;

  g_assert_true (dkg_safetensors_add_f32 (st, "layer.weight", 2, shape, w));
  g_assert_true (dkg_safetensors_add_i64 (st, "layer.count", 0, NULL, &one));
  dkg_safetensors_set_metadata (st, "format", "pt");
  bytes = dkg_safetensors_serialize (st, NULL);
  orig = g_bytes_get_data (bytes, &len);

  for (int iter = 0; iter < 3000; iter++)
    {
      guint8 *buf = g_memdup2 (orig, len);
      gsize n = len;
      int kind = g_rand_int_range (rand, 0, 4);
      g_autoptr(GBytes) mutated = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(DkgSafetensors) back = NULL;

      if (kind == 0)   /* flip random bytes */
        for (int k = g_rand_int_range (rand, 1, 4); k > 0; k--)
          buf[g_rand_int_range (rand, 0, (gint32) n)] = (guint8) g_rand_int_range (rand, 0, 256);
      else if (kind == 1)   /* truncate */
        n = (gsize) g_rand_int_range (rand, 0, (gint32) n);
      else if (kind == 2)   /* a byte of the header replaced by JSON punctuation */
        {
          static const char punctuation[] = "{}[],:\"0-9e.\\ ";

          buf[g_rand_int_range (rand, 8, (gint32) n)]
            = (guint8) punctuation[g_rand_int_range (rand, 0, sizeof punctuation - 1)];
        }
      else   /* corrupt the length field */
        buf[g_rand_int_range (rand, 0, 8)] ^= (guint8) (1u << g_rand_int_range (rand, 0, 8));
      mutated = g_bytes_new_take (buf, n);
      back = dkg_safetensors_load_bytes (mutated, "mutated", &error);
      if (back != NULL)
        {
          g_assert_no_error (error);
          accepted++;
        }
      else
        {
          g_assert_nonnull (error);
          g_assert_true (error->domain == DKG_ERROR);
          rejected++;
        }
    }
  g_test_message ("mutations: %u accepted, %u rejected", accepted, rejected);
  g_assert_cmpuint (rejected, >, 1500);
}

int
main (int argc, char **argv)
{
  dkg_test_init (&argc, &argv);
  g_test_add_func ("/core/safetensors/round-trip", test_round_trip);
  g_test_add_func ("/core/safetensors/reference-bytes", test_reference_bytes);
  g_test_add_func ("/core/safetensors/misaligned-bytes", test_misaligned_bytes);
  g_test_add_func ("/core/safetensors/malformed-headers", test_malformed_headers);
  g_test_add_func ("/core/safetensors/valid-edge-cases", test_valid_edge_cases);
  g_test_add_func ("/core/safetensors/malformed-framing", test_malformed_framing);
  g_test_add_func ("/core/safetensors/require", test_require);
  g_test_add_func ("/core/safetensors/bad-fixtures", test_bad_fixtures);
  g_test_add_func ("/core/safetensors/mutations", test_mutations);
  return g_test_run ();
}
