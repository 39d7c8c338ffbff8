/* test-rsa.c — RSA keys, RSA-OAEP-SHA256 and container key wrapping (docs/SPECIFICATION.md §5.6)
 *
 * Two 2048-bit key pairs are generated once per run (a fraction of a second each).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gcrypt.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dkg-aead.h"
#include "dkg-container.h"
#include "dkg-crypto.h"
#include "dkg-lsb-stego.h"
#include "dkg-rsa.h"
#include "dkg-error.h"
#include "dkg-rand.h"
#include "dkg-test-util.h"

static DkgRsaKey *alice;
static DkgRsaKey *bob;

static DkgImage *
random_image (DkgRand  *r,
              guint     width,
              guint     height,
              guint     channels,
              guint     bit_depth,
              gboolean  is_signed)
{
  g_autoptr(GError) error = NULL;
  DkgImage *image = dkg_image_new (width, height, channels, bit_depth, is_signed, &error);

  g_assert_no_error (error);
  dkg_rand_bytes (r, image->data, dkg_image_n_bytes (image));
  return image;
}

static GBytes *
encrypt (const DkgImage      *plain,
         const DkgImage      *key,
         DkgContainerScheme   scheme)
{
  g_autoptr(GError) error = NULL;
  DkgContainerOptions opts = { scheme, 5 };
  GBytes *file = dkg_container_encrypt (plain, key, &opts, &error);

  g_assert_no_error (error);
  return file;
}

static guint32
be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

/* Offset of the wrapped-key chunk (its length field) in @file, or 0. */
static gsize
find_wrapped_chunk (GBytes *file,
                    gsize  *chunk_size)
{
  gsize len, pos = 8;
  const guint8 *b = g_bytes_get_data (file, &len);
  const char *kw = DKG_RSA_WRAPPED_KEY_KEYWORD;

  while (pos + 12 <= len)
    {
      guint32 n = be32 (b + pos);

      if (memcmp (b + pos + 4, "iTXt", 4) == 0 && n > strlen (kw)
          && memcmp (b + pos + 8, kw, strlen (kw) + 1) == 0)
        {
          *chunk_size = 12 + (gsize) n;
          return pos;
        }
      pos += 12 + (gsize) n;
    }
  return 0;
}

/* @file with its wrapped-key chunk's JSON replaced by @json (CRC recomputed), or with the chunk
 * inserted before IEND when @file has none. */
static GBytes *
with_wrapped_json (GBytes     *file,
                   const char *json)
{
  gsize len, size = 0, at = find_wrapped_chunk (file, &size);
  const guint8 *b = g_bytes_get_data (file, &len);
  const char *kw = DKG_RSA_WRAPPED_KEY_KEYWORD;
  gsize data_len = strlen (kw) + 1 + 4 + strlen (json);
  GByteArray *out = g_byte_array_new ();
  guint8 hdr[8], crc[4];
  guint8 *data = g_malloc0 (data_len);

  if (at == 0)
    at = len - 12;   /* IEND */
  memcpy (data, kw, strlen (kw) + 1);
  memcpy (data + strlen (kw) + 5, json, strlen (json));
  hdr[0] = (guint8) (data_len >> 24);
  hdr[1] = (guint8) (data_len >> 16);
  hdr[2] = (guint8) (data_len >> 8);
  hdr[3] = (guint8) data_len;
  memcpy (hdr + 4, "iTXt", 4);
  {
    gcry_md_hd_t md;

    g_assert_cmpint (gcry_md_open (&md, GCRY_MD_CRC32, 0), ==, 0);
    gcry_md_write (md, "iTXt", 4);
    gcry_md_write (md, data, data_len);
    memcpy (crc, gcry_md_read (md, GCRY_MD_CRC32), 4);
    gcry_md_close (md);
  }
  g_byte_array_append (out, b, (guint) at);
  g_byte_array_append (out, hdr, 8);
  g_byte_array_append (out, data, (guint) data_len);
  g_byte_array_append (out, crc, 4);
  g_byte_array_append (out, b + at + size, (guint) (len - at - size));
  g_free (data);
  return g_byte_array_free_to_bytes (out);
}

/* The JSON text of @file's wrapped-key chunk, parsed. */
static JsonObject *
wrapped_json (GBytes *file)
{
  gsize len, size = 0, at = find_wrapped_chunk (file, &size);
  const guint8 *b = g_bytes_get_data (file, &len);
  gsize skip = 8 + strlen (DKG_RSA_WRAPPED_KEY_KEYWORD) + 1 + 4;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (at, >, 0);
  g_assert_true (json_parser_load_from_data (parser, (const char *) b + at + skip,
                                             (gssize) (size - skip - 4), &error));
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static char *
json_text (JsonObject *o)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonGenerator) gen = json_generator_new ();

  json_node_set_object (node, o);
  json_generator_set_root (gen, node);
  return json_generator_to_data (gen, NULL);
}

static void
assert_unwrap_fails (GBytes         *file,
                     const DkgRsaKey *key,
                     GQuark          domain,
                     int             code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgImage) got = dkg_rsa_unwrap_container_key_with (file, "c.png", key, &error);

  g_assert_null (got);
  g_assert_error (error, domain, code);
  g_test_message ("%s", error->message);
}

/* ---- keys ------------------------------------------------------------------------------ */

static void
test_keygen (void)
{
  g_autoptr(GError) error = NULL;
  const char *fp = dkg_rsa_key_get_fingerprint (alice);

  g_assert_cmpuint (dkg_rsa_key_get_bits (alice), ==, 2048);
  g_assert_true (dkg_rsa_key_has_private (alice));
  g_assert_cmpuint (strlen (fp), ==, DKG_RSA_FINGERPRINT_LEN);
  for (const char *p = fp; *p != '\0'; p++)
    g_assert_true (g_ascii_isxdigit (*p) && !g_ascii_isupper (*p));
  g_assert_cmpstr (fp, !=, dkg_rsa_key_get_fingerprint (bob));

  g_assert_null (dkg_rsa_key_generate (1024, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
}

static guint
file_mode (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 0777;
}

/* Private key files 0600 (also when they replace a 0644 file), public 0644; both load back to
 * the same key; the canonical S-expression format loads too. */
static void
test_save_load (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = dkg_test_make_tmpdir ();
  g_autofree char *pub = g_build_filename (dir, "alice.pub", NULL);
  g_autofree char *priv = g_build_filename (dir, "alice.key", NULL);
  g_autoptr(DkgRsaKey) p1 = NULL;
  g_autoptr(DkgRsaKey) p2 = NULL;
  g_autoptr(DkgRsaKey) p3 = NULL;
  g_autoptr(DkgRsaKey) p4 = NULL;
  g_autofree char *text = NULL;
  gcry_sexp_t s = NULL;
  char canon[8192];
  gsize len = 0, clen;

  umask (022);
  g_assert_true (g_file_set_contents_full (priv, "old", 3, G_FILE_SET_CONTENTS_NONE, 0644, &error));
  g_assert_true (dkg_rsa_key_save_private (alice, priv, &error));
  g_assert_no_error (error);
  g_assert_true (dkg_rsa_key_save_public (alice, pub, &error));
  g_assert_no_error (error);
  g_assert_cmphex (file_mode (priv), ==, 0600);
  g_assert_cmphex (file_mode (pub), ==, 0644);

  p1 = dkg_rsa_key_load_public (pub, &error);
  g_assert_no_error (error);
  g_assert_false (dkg_rsa_key_has_private (p1));
  g_assert_cmpstr (dkg_rsa_key_get_fingerprint (p1), ==, dkg_rsa_key_get_fingerprint (alice));
  p2 = dkg_rsa_key_load_private (priv, &error);
  g_assert_no_error (error);
  g_assert_true (dkg_rsa_key_has_private (p2));
  g_assert_cmpstr (dkg_rsa_key_get_fingerprint (p2), ==, dkg_rsa_key_get_fingerprint (alice));
  p3 = dkg_rsa_key_load_public (priv, &error);        /* the public half of a private key */
  g_assert_no_error (error);
  g_assert_false (dkg_rsa_key_has_private (p3));
  g_assert_cmpstr (dkg_rsa_key_get_fingerprint (p3), ==, dkg_rsa_key_get_fingerprint (alice));

  g_assert_null (dkg_rsa_key_load_private (pub, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (dkg_rsa_key_save_private (p1, priv, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* The advanced text format is what is written; the canonical one is read as well. */
  text = dkg_rsa_key_to_text (alice, TRUE, &len);
  g_assert_true (g_str_has_prefix (text, "(private-key"));
  g_assert_cmpint (gcry_sexp_sscan (&s, NULL, text, len), ==, 0);
  clen = gcry_sexp_sprint (s, GCRYSEXP_FMT_CANON, canon, sizeof canon);
  gcry_sexp_release (s);
  g_assert_cmpuint (clen, >, 0);
  p4 = dkg_rsa_key_parse (canon, clen, TRUE, "canonical", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dkg_rsa_key_get_fingerprint (p4), ==, dkg_rsa_key_get_fingerprint (alice));
  dkg_crypto_wipe (text, len);
  dkg_test_rm_rf (dir);
}

static void
assert_parse_fails (const char *text,
                    gssize      len,
                    gboolean    need_private,
                    int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgRsaKey) key = dkg_rsa_key_parse (text, len < 0 ? strlen (text) : (gsize) len,
                                                need_private, "bad", &error);

  g_assert_null (key);
  g_assert_error (error, DKG_ERROR, code);
  g_test_message ("%s", error->message);
}

/* PEM, garbage, truncated, a 1024-bit key, another algorithm, an inconsistent private key. */
static void
test_bad_keys (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *good = NULL;
  g_autofree char *bad_d = NULL;
  gcry_sexp_t parms = NULL, pair = NULL, small = NULL;
  char buf[8192];
  gsize len = 0, n;
  char *d;
  g_autofree char *path = NULL;

  assert_parse_fails ("-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----\n", -1, FALSE,
                      DKG_ERROR_INVALID_FILE);
  assert_parse_fails ("hello", -1, FALSE, DKG_ERROR_INVALID_FILE);
  assert_parse_fails ("", 0, FALSE, DKG_ERROR_INVALID_FILE);
  assert_parse_fails ("(foo (bar 1:x))", -1, FALSE, DKG_ERROR_INVALID_FILE);
  assert_parse_fails ("(public-key (rsa (e #010001#)))", -1, FALSE, DKG_ERROR_INVALID_FILE);
  good = dkg_rsa_key_to_text (alice, FALSE, &len);
  assert_parse_fails (good, (gssize) len / 2, FALSE, DKG_ERROR_INVALID_FILE);

  g_assert_cmpint (gcry_sexp_build (&parms, NULL, "(genkey(rsa(nbits 4:1024)))"), ==, 0);
  g_assert_cmpint (gcry_pk_genkey (&pair, parms), ==, 0);
  small = gcry_sexp_find_token (pair, "public-key", 0);
  n = gcry_sexp_sprint (small, GCRYSEXP_FMT_ADVANCED, buf, sizeof buf);
  assert_parse_fails (buf, (gssize) n, FALSE, DKG_ERROR_UNSUPPORTED);
  gcry_sexp_release (small);
  gcry_sexp_release (pair);
  gcry_sexp_release (parms);
  g_assert_cmpint (gcry_sexp_build (&parms, NULL, "(genkey(ecc(curve Ed25519)))"), ==, 0);
  g_assert_cmpint (gcry_pk_genkey (&pair, parms), ==, 0);
  small = gcry_sexp_find_token (pair, "public-key", 0);
  n = gcry_sexp_sprint (small, GCRYSEXP_FMT_ADVANCED, buf, sizeof buf);
  assert_parse_fails (buf, (gssize) n, FALSE, DKG_ERROR_UNSUPPORTED);
  gcry_sexp_release (small);
  gcry_sexp_release (pair);
  gcry_sexp_release (parms);

  /* Change one hex digit of d: gcry_pk_testkey() rejects it. */
  bad_d = dkg_rsa_key_to_text (alice, TRUE, &len);
  d = strstr (bad_d, "(d #");
  g_assert_nonnull (d);
  d[10] = d[10] == '1' ? '2' : '1';
  assert_parse_fails (bad_d, (gssize) len, TRUE, DKG_ERROR_INVALID_FILE);
  dkg_crypto_wipe (bad_d, len);

  path = g_build_filename (g_get_tmp_dir (), "dkg-test-no-such-key.pub", NULL);
  g_assert_null (dkg_rsa_key_load_public (path, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
}

/* ---- OAEP ------------------------------------------------------------------------------ */

static void
test_oaep (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgRsaKey) alice_pub = NULL;
  guint8 msg[190], out[190];
  g_autoptr(GBytes) c1 = NULL;
  g_autoptr(GBytes) c2 = NULL;
  g_autoptr(GBytes) cmax = NULL;
  g_autofree char *text = NULL;
  gsize len = 0;

  dkg_crypto_random (msg, sizeof msg);
  text = dkg_rsa_key_to_text (alice, FALSE, &len);
  alice_pub = dkg_rsa_key_parse (text, len, FALSE, "alice.pub", &error);
  g_assert_no_error (error);

  c1 = dkg_rsa_oaep_encrypt (alice_pub, msg, 32, &error);
  g_assert_no_error (error);
  c2 = dkg_rsa_oaep_encrypt (alice_pub, msg, 32, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (c1), ==, 256);
  g_assert_false (g_bytes_equal (c1, c2));            /* randomised */
  g_assert_true (dkg_rsa_oaep_decrypt (alice, c1, out, 32, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (out, 32, msg, 32);
  g_assert_true (dkg_rsa_oaep_decrypt (alice, c2, out, 32, &error));
  g_assert_cmpmem (out, 32, msg, 32);

  /* k − 2·32 − 2 = 190 bytes is the most a 2048-bit key takes. */
  cmax = dkg_rsa_oaep_encrypt (alice_pub, msg, 190, &error);
  g_assert_no_error (error);
  g_assert_true (dkg_rsa_oaep_decrypt (alice, cmax, out, 190, &error));
  g_assert_cmpmem (out, 190, msg, 190);
  g_assert_null (dkg_rsa_oaep_encrypt (alice_pub, msg, 191, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* Wrong key, flipped bits, wrong lengths: DKG_ERROR_AUTH, output zeroed. */
  g_assert_false (dkg_rsa_oaep_decrypt (bob, c1, out, 32, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_AUTH);
  g_clear_error (&error);
  for (guint i = 0; i < 32; i++)
    g_assert_cmpuint (out[i], ==, 0);
  for (guint pos = 0; pos < 256; pos += 51)
    {
      g_autofree guint8 *bad = g_memdup2 (g_bytes_get_data (c1, NULL), 256);
      g_autoptr(GBytes) badb = NULL;

      bad[pos] ^= 0x10;
      badb = g_bytes_new (bad, 256);
      g_assert_false (dkg_rsa_oaep_decrypt (alice, badb, out, 32, &error));
      g_assert_error (error, DKG_ERROR, DKG_ERROR_AUTH);
      g_clear_error (&error);
    }
  g_assert_false (dkg_rsa_oaep_decrypt (alice, c1, out, 31, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_AUTH);
  g_clear_error (&error);
  {
    g_autoptr(GBytes) shortc = g_bytes_new_from_bytes (c1, 1, 255);

    g_assert_false (dkg_rsa_oaep_decrypt (alice, shortc, out, 32, &error));
    g_assert_error (error, DKG_ERROR, DKG_ERROR_AUTH);
    g_clear_error (&error);
  }
  g_assert_false (dkg_rsa_oaep_decrypt (alice_pub, c1, out, 32, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
}

/* ---- wrapping -------------------------------------------------------------------------- */

/* For every scheme and 8-bit grey, RGB and 16-bit plaintexts: the wrapped container still
 * decrypts with the key as before, its other chunks are byte for byte the original's, and the
 * recipient recovers exactly the key and then the plaintext. */
static void
test_wrap_round_trip (void)
{
  static const DkgContainerScheme schemes[] = {
    DKG_CONTAINER_SCHEME_XOR, DKG_CONTAINER_SCHEME_ACM_XOR,
    DKG_CONTAINER_SCHEME_CHACHA20_POLY1305,
  };
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (21);
  DkgImage *plains[3] = {
    random_image (r, 40, 30, 1, 8, FALSE),
    random_image (r, 25, 31, 3, 8, FALSE),
    random_image (r, 33, 20, 1, 16, TRUE),
  };
  g_autoptr(DkgImage) key = random_image (r, 64, 48, 3, 8, FALSE);

  for (guint p = 0; p < G_N_ELEMENTS (plains); p++)
    {
      for (guint s = 0; s < G_N_ELEMENTS (schemes); s++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(GBytes) file = encrypt (plains[p], key, schemes[s]);
          g_autoptr(GBytes) wrapped = NULL;
          g_autoptr(DkgImage) unwrapped = NULL;
          g_autoptr(DkgImage) plain = NULL;
          g_autoptr(DkgImage) plain2 = NULL;
          g_autoptr(DkgContainerInfo) info = NULL;
          g_autofree char *recipient = NULL;
          gsize n, m, size = 0;
          const guint8 *a = g_bytes_get_data (file, &n);
          const guint8 *b;

          wrapped = dkg_rsa_wrap_container_key_bytes (file, "c.png", key, alice, &error);
          g_assert_no_error (error);
          b = g_bytes_get_data (wrapped, &m);
          /* Everything before IEND is kept; the new chunk sits just before IEND. */
          g_assert_cmpuint (m, >, n);
          g_assert_cmpmem (b, n - 12, a, n - 12);
          g_assert_cmpmem (b + m - 12, 12, a + n - 12, 12);
          g_assert_cmpuint (find_wrapped_chunk (wrapped, &size), ==, n - 12);
          g_assert_cmpuint (size, ==, m - n);

          info = dkg_container_read_info (wrapped, "c.png", &error);
          g_assert_no_error (error);
          plain = dkg_container_decrypt (wrapped, "c.png", key, NULL, &error);
          g_assert_no_error (error);
          g_assert_true (dkg_image_equal (plain, plains[p]));

          recipient = dkg_rsa_container_recipient (wrapped, "c.png", &error);
          g_assert_no_error (error);
          g_assert_cmpstr (recipient, ==, dkg_rsa_key_get_fingerprint (alice));

          unwrapped = dkg_rsa_unwrap_container_key_with (wrapped, "c.png", alice, &error);
          g_assert_no_error (error);
          g_assert_true (dkg_image_equal (unwrapped, key));
          plain2 = dkg_container_decrypt (wrapped, "c.png", unwrapped, NULL, &error);
          g_assert_no_error (error);
          g_assert_true (dkg_image_equal (plain2, plains[p]));

          /* The wrong private key: DKG_ERROR_AUTH, nothing returned. */
          assert_unwrap_fails (wrapped, bob, DKG_ERROR, DKG_ERROR_AUTH);
        }
      dkg_image_free (plains[p]);
    }
}

/* A 16-bit grey key round-trips too (shape and big-endian samples). */
static void
test_wrap_16bit_key (void)
{
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (22);
  g_autoptr(DkgImage) plain = random_image (r, 30, 30, 1, 8, FALSE);
  g_autoptr(DkgImage) key = random_image (r, 17, 13, 1, 16, FALSE);
  g_autoptr(GBytes) file = encrypt (plain, key, DKG_CONTAINER_SCHEME_CHACHA20_POLY1305);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) wrapped = dkg_rsa_wrap_container_key_bytes (file, "c.png", key, alice, &error);
  g_autoptr(DkgImage) unwrapped = NULL;

  g_assert_no_error (error);
  unwrapped = dkg_rsa_unwrap_container_key_with (wrapped, "c.png", alice, &error);
  g_assert_no_error (error);
  g_assert_true (dkg_image_equal (unwrapped, key));
}

/* Wrapping again for another recipient replaces the chunk. */
static void
test_rewrap (void)
{
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (23);
  g_autoptr(DkgImage) plain = random_image (r, 30, 30, 1, 8, FALSE);
  g_autoptr(DkgImage) key = random_image (r, 32, 32, 3, 8, FALSE);
  g_autoptr(GBytes) file = encrypt (plain, key, DKG_CONTAINER_SCHEME_XOR);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) w1 = dkg_rsa_wrap_container_key_bytes (file, "c.png", key, alice, &error);
  g_autoptr(GBytes) w2 = NULL;
  g_autoptr(DkgImage) got = NULL;
  gsize size1 = 0, size2 = 0;

  g_assert_no_error (error);
  w2 = dkg_rsa_wrap_container_key_bytes (w1, "c.png", key, bob, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (w2), ==, g_bytes_get_size (w1));
  g_assert_cmpuint (find_wrapped_chunk (w1, &size1), ==, find_wrapped_chunk (w2, &size2));
  assert_unwrap_fails (w2, alice, DKG_ERROR, DKG_ERROR_AUTH);
  got = dkg_rsa_unwrap_container_key_with (w2, "c.png", bob, &error);
  g_assert_no_error (error);
  g_assert_true (dkg_image_equal (got, key));
}

/* The wrapped key is bound to its container, and every field is checked. */
static void
test_tamper (void)
{
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (24);
  g_autoptr(DkgImage) plain = random_image (r, 30, 30, 1, 8, FALSE);
  g_autoptr(DkgImage) key = random_image (r, 32, 32, 3, 8, FALSE);
  g_autoptr(DkgImage) other_key = random_image (r, 32, 32, 3, 8, FALSE);
  g_autoptr(GBytes) file = encrypt (plain, key, DKG_CONTAINER_SCHEME_CHACHA20_POLY1305);
  g_autoptr(GBytes) file2 = encrypt (plain, key, DKG_CONTAINER_SCHEME_CHACHA20_POLY1305);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) wrapped = dkg_rsa_wrap_container_key_bytes (file, "c.png", key, alice, &error);
  g_autoptr(JsonObject) o = NULL;
  static const struct { const char *member; const char *value; int code; } edits[] = {
    { "nonce", "000000000000000000000000", DKG_ERROR_AUTH },
    { "tag", "00000000000000000000000000000000", DKG_ERROR_AUTH },
    { "nonce", "00", DKG_ERROR_INVALID_FILE },
    { "tag", "XYZ", DKG_ERROR_INVALID_FILE },
    { "wrapped_kek", "AAAA", DKG_ERROR_INVALID_FILE },
    { "wrapped_kek", "not base64!", DKG_ERROR_INVALID_FILE },
    { "key_ciphertext", "AAAA", DKG_ERROR_INVALID_FILE },
    { "algorithm", "rsa-pkcs1", DKG_ERROR_INVALID_FILE },
    { "rsa_fingerprint", "abc", DKG_ERROR_INVALID_FILE },
  };

  g_assert_no_error (error);

  /* Moved to another container of the same key: the AAD differs. */
  {
    g_autoptr(JsonObject) w = wrapped_json (wrapped);
    g_autofree char *text = json_text (w);
    g_autoptr(GBytes) moved = with_wrapped_json (file2, text);

    assert_unwrap_fails (moved, alice, DKG_ERROR, DKG_ERROR_AUTH);
  }

  for (guint i = 0; i < G_N_ELEMENTS (edits); i++)
    {
      g_autoptr(JsonObject) w = wrapped_json (wrapped);
      g_autofree char *text = NULL;
      g_autoptr(GBytes) bad = NULL;

      json_object_set_string_member (w, edits[i].member, edits[i].value);
      text = json_text (w);
      bad = with_wrapped_json (wrapped, text);
      assert_unwrap_fails (bad, alice, DKG_ERROR, edits[i].code);
    }

  /* A changed character of the key ciphertext or the wrapped KEK. */
  {
    const char *members[] = { "key_ciphertext", "wrapped_kek" };

    for (guint i = 0; i < G_N_ELEMENTS (members); i++)
      {
        g_autoptr(JsonObject) w = wrapped_json (wrapped);
        g_autofree char *v = g_strdup (json_object_get_string_member (w, members[i]));
        g_autofree char *text = NULL;
        g_autoptr(GBytes) bad = NULL;

        v[5] = v[5] == 'A' ? 'B' : 'A';
        json_object_set_string_member (w, members[i], v);
        text = json_text (w);
        bad = with_wrapped_json (wrapped, text);
        assert_unwrap_fails (bad, alice, DKG_ERROR, DKG_ERROR_AUTH);
      }
  }

  /* Version, unknown and missing members, not JSON. */
  {
    g_autoptr(JsonObject) w = wrapped_json (wrapped);
    g_autofree char *text = NULL;
    g_autoptr(GBytes) bad = NULL;

    json_object_set_int_member (w, "version", 2);
    text = json_text (w);
    bad = with_wrapped_json (wrapped, text);
    assert_unwrap_fails (bad, alice, DKG_ERROR, DKG_ERROR_BAD_VERSION);
  }
  {
    g_autoptr(JsonObject) w = wrapped_json (wrapped);
    g_autofree char *text = NULL;
    g_autoptr(GBytes) bad = NULL;

    json_object_set_string_member (w, "comment", "hi");
    text = json_text (w);
    bad = with_wrapped_json (wrapped, text);
    assert_unwrap_fails (bad, alice, DKG_ERROR, DKG_ERROR_INVALID_FILE);
  }
  {
    g_autoptr(JsonObject) w = wrapped_json (wrapped);
    g_autofree char *text = NULL;
    g_autoptr(GBytes) bad = NULL;

    json_object_remove_member (w, "nonce");
    text = json_text (w);
    bad = with_wrapped_json (wrapped, text);
    assert_unwrap_fails (bad, alice, DKG_ERROR, DKG_ERROR_INVALID_FILE);
  }
  {
    g_autoptr(GBytes) bad = with_wrapped_json (wrapped, "{not json");

    assert_unwrap_fails (bad, alice, DKG_ERROR, DKG_ERROR_INVALID_FILE);
  }

  /* A bit flipped inside the chunk without fixing the CRC: not a valid PNG. */
  {
    gsize len, size = 0, at = find_wrapped_chunk (wrapped, &size);
    g_autofree guint8 *copy = g_memdup2 (g_bytes_get_data (wrapped, &len),
                                         g_bytes_get_size (wrapped));
    g_autoptr(GBytes) bad = NULL;

    copy[at + size - 20] ^= 1;
    bad = g_bytes_new (copy, len);
    assert_unwrap_fails (bad, alice, DKG_ERROR, DKG_ERROR_INVALID_FILE);
  }

  /* A correctly authenticated wrapped key that is not the container's key (a buggy or
   * malicious wrapper) is refused by the key fingerprint check. */
  {
    g_autoptr(JsonObject) w = wrapped_json (wrapped);
    g_autoptr(DkgContainerInfo) info = dkg_container_read_info (file, "c.png", &error);
    g_autoptr(GBytes) kek_wrapped = NULL;
    g_autofree char *header = NULL;
    g_autofree guint8 *pt = NULL;
    g_autofree guint8 *ct = NULL;
    g_autofree char *ct64 = NULL;
    g_autofree char *kek64 = NULL;
    g_autofree char *nonce_hex = NULL;
    g_autofree char *tag_hex = NULL;
    g_autofree char *text = NULL;
    g_autoptr(GBytes) bad = NULL;
    g_autoptr(DkgImage) cipher_view = NULL;
    guint8 kek[32], nonce[12], tag[16];
    gsize n = 11 + dkg_image_n_bytes (other_key);

    g_assert_no_error (error);
    cipher_view = dkg_image_load_png_bytes (file, "c.png", DKG_CONTAINER_ITXT_KEYWORD, &header,
                                            &error);
    g_assert_nonnull (cipher_view);
    g_assert_no_error (error);
    dkg_crypto_random (kek, sizeof kek);
    dkg_crypto_random (nonce, sizeof nonce);
    pt = g_malloc0 (n);
    ct = g_malloc0 (n);
    pt[3] = 32;
    pt[7] = 32;
    pt[8] = 3;
    pt[9] = 8;
    memcpy (pt + 11, other_key->data, n - 11);
    g_assert_true (dkg_aead_encrypt (kek, nonce, (const guint8 *) header, strlen (header), pt, ct,
                                     n, tag, &error));
    kek_wrapped = dkg_rsa_oaep_encrypt (alice, kek, sizeof kek, &error);
    g_assert_no_error (error);
    kek64 = g_base64_encode (g_bytes_get_data (kek_wrapped, NULL), 256);
    ct64 = g_base64_encode (ct, n);
    nonce_hex = dkg_crypto_to_hex (nonce, 12);
    tag_hex = dkg_crypto_to_hex (tag, 16);
    json_object_set_string_member (w, "wrapped_kek", kek64);
    json_object_set_string_member (w, "key_ciphertext", ct64);
    json_object_set_string_member (w, "nonce", nonce_hex);
    json_object_set_string_member (w, "tag", tag_hex);
    text = json_text (w);
    bad = with_wrapped_json (wrapped, text);
    assert_unwrap_fails (bad, alice, DKG_ERROR, DKG_ERROR_AUTH);
    g_assert_nonnull (info);
  }
}

/* Wrapping refuses a key that does not open the container, non-containers and huge keys;
 * unwrapping a container without a wrapped key says so. */
static void
test_wrap_errors (void)
{
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (25);
  g_autoptr(DkgImage) plain = random_image (r, 30, 30, 1, 8, FALSE);
  g_autoptr(DkgImage) key = random_image (r, 32, 32, 3, 8, FALSE);
  g_autoptr(DkgImage) wrong = random_image (r, 32, 32, 3, 8, FALSE);
  g_autoptr(DkgImage) huge = NULL;
  g_autoptr(GBytes) file = encrypt (plain, key, DKG_CONTAINER_SCHEME_XOR);
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GBytes) truncated = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_null (dkg_rsa_wrap_container_key_bytes (file, "c.png", wrong, alice, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_AUTH);
  g_assert_nonnull (strstr (error->message, "not wrapping"));
  g_clear_error (&error);

  png = dkg_image_encode_png (plain, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (dkg_rsa_wrap_container_key_bytes (png, "p.png", key, alice, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE);
  g_clear_error (&error);
  truncated = g_bytes_new_from_bytes (file, 0, g_bytes_get_size (file) - 5);
  g_assert_null (dkg_rsa_wrap_container_key_bytes (truncated, "t.png", key, alice, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE);
  g_clear_error (&error);

  huge = dkg_image_new (2048, 2048, 3, 8, FALSE, &error);
  g_assert_no_error (error);
  g_assert_null (dkg_rsa_wrap_container_key_bytes (file, "c.png", huge, alice, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_TOO_LARGE);
  g_clear_error (&error);

  assert_unwrap_fails (file, alice, DKG_ERROR, DKG_ERROR_INVALID_FILE);
  g_assert_null (dkg_rsa_container_recipient (file, "c.png", &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE);
  g_assert_nonnull (strstr (error->message, "no wrapped key"));
}

/* The file API: to another path, never over the input (under any of its names); a wrong private
 * key file is AUTH. */
static void
test_wrap_files (void)
{
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (26);
  g_autoptr(DkgImage) plain = random_image (r, 40, 40, 1, 8, FALSE);
  g_autoptr(DkgImage) key = random_image (r, 40, 40, 3, 8, FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = dkg_test_make_tmpdir ();
  g_autofree char *cipher = g_build_filename (dir, "c.png", NULL);
  g_autofree char *out = g_build_filename (dir, "w.png", NULL);
  g_autofree char *alias = g_build_filename (dir, "c-link.png", NULL);
  g_autofree char *pub = g_build_filename (dir, "a.pub", NULL);
  g_autofree char *priv = g_build_filename (dir, "a.key", NULL);
  g_autofree char *bob_priv = g_build_filename (dir, "b.key", NULL);
  g_autofree char *before = NULL;
  g_autoptr(GBytes) copy = NULL;
  g_autoptr(DkgImage) k1 = NULL;
  g_autoptr(DkgImage) k2 = NULL;
  DkgContainerOptions opts = { DKG_CONTAINER_SCHEME_ACM_XOR, 3 };
  gsize before_len = 0;
  char *data = NULL;
  gsize len = 0;

  g_assert_true (dkg_container_encrypt_to_file (plain, key, &opts, cipher, &error));
  g_assert_true (dkg_rsa_key_save_public (alice, pub, &error));
  g_assert_true (dkg_rsa_key_save_private (alice, priv, &error));
  g_assert_true (dkg_rsa_key_save_private (bob, bob_priv, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (cipher, &before, &before_len, &error));

  /* To another path: the input is untouched. */
  g_assert_true (dkg_rsa_wrap_container_key (cipher, key, pub, out, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (cipher, &data, &len, &error));
  g_assert_cmpmem (data, len, before, before_len);
  g_free (data);
  g_assert_true (g_file_get_contents (out, &data, &len, &error));
  copy = g_bytes_new_take (data, len);

  /* Never in place: not under the input's name, nor under a hard link to it. */
  g_assert_false (dkg_rsa_wrap_container_key (cipher, key, pub, cipher, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "c.png"));
  g_clear_error (&error);
  g_assert_cmpint (link (cipher, alias), ==, 0);
  g_assert_false (dkg_rsa_wrap_container_key (cipher, key, pub, alias, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (cipher, &data, &len, &error));
  g_assert_cmpmem (data, len, before, before_len);
  g_free (data);

  k1 = dkg_rsa_unwrap_container_key (copy, "w.png", priv, &error);
  g_assert_no_error (error);
  g_assert_true (dkg_image_equal (k1, key));
  k2 = dkg_rsa_unwrap_container_key (copy, "w.png", bob_priv, &error);
  g_assert_null (k2);
  g_assert_error (error, DKG_ERROR, DKG_ERROR_AUTH);
  g_clear_error (&error);
  g_assert_null (dkg_rsa_unwrap_container_key (copy, "w.png", pub, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* A failed wrap leaves the output as it was. */
  g_assert_false (dkg_rsa_wrap_container_key (cipher, plain, pub, out, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (out, &data, &len, &error));
  g_assert_cmpmem (data, len, g_bytes_get_data (copy, NULL), g_bytes_get_size (copy));
  g_free (data);
  dkg_test_rm_rf (dir);
}

/* The committed test-only key and wrapped container (tests/data/rsa/README.md) still load,
 * unwrap and decrypt: the key-file and wrapped-key formats have not drifted. */
static void
test_fixture (void)
{
  static const char fixture_text[] = "Fixture: 患者 山田 太郎, Zoë, 🩻 CT 2024-05-01";
  g_autoptr(GError) error = NULL;
  g_autofree char *pub_path = dkg_test_source_path ("tests/data/rsa/test-only-2048.pub");
  g_autofree char *key_path = dkg_test_source_path ("tests/data/rsa/test-only-2048.key");
  g_autofree char *file_path = dkg_test_source_path ("tests/data/rsa/wrapped-container.png");
  g_autofree char *colin_path =
    dkg_test_source_path ("data/samples/colin27_ch2_axial_z090_8bit.png");
  g_autoptr(DkgRsaKey) pub = dkg_rsa_key_load_public (pub_path, &error);
  g_autoptr(DkgRsaKey) priv = NULL;
  g_autoptr(DkgImage) key = NULL;
  g_autoptr(DkgImage) plain = NULL;
  g_autoptr(DkgImage) expected = NULL;
  g_autoptr(GBytes) file = NULL;
  g_autofree char *key_fp = NULL;
  g_autofree char *recipient = NULL;
  g_autofree char *text = NULL;
  char *data = NULL;
  gsize len = 0;

  g_assert_no_error (error);
  g_assert_cmpstr (dkg_rsa_key_get_fingerprint (pub), ==,
                   "f26735d54e305909af64ec5a8dee0929a49536ebac518478a2ba515e3584b057");
  priv = dkg_rsa_key_load_private (key_path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dkg_rsa_key_get_fingerprint (priv), ==, dkg_rsa_key_get_fingerprint (pub));

  g_assert_true (g_file_get_contents (file_path, &data, &len, &error));
  file = g_bytes_new_take (data, len);
  recipient = dkg_rsa_container_recipient (file, "wrapped-container.png", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (recipient, ==, dkg_rsa_key_get_fingerprint (pub));
  key = dkg_rsa_unwrap_container_key (file, "wrapped-container.png", key_path, &error);
  g_assert_no_error (error);
  key_fp = dkg_container_key_fingerprint (key);
  g_assert_cmpstr (key_fp, ==, "11b7536c0f86cbd3");
  g_assert_cmpuint (key->width, ==, 64);
  g_assert_cmpuint (key->channels, ==, 3);
  plain = dkg_container_decrypt (file, "wrapped-container.png", key, NULL, &error);
  g_assert_no_error (error);
  text = dkg_lsb_stego_extract (plain, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, fixture_text);
  expected = dkg_image_load (colin_path, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (dkg_lsb_stego_embed (expected, fixture_text, -1, &error));
  g_assert_true (dkg_image_equal (plain, expected));

  assert_unwrap_fails (file, alice, DKG_ERROR, DKG_ERROR_AUTH);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  dkg_test_init (&argc, &argv);
  dkg_crypto_init ();
  alice = dkg_rsa_key_generate (2048, &error);
  g_assert_no_error (error);
  bob = dkg_rsa_key_generate (2048, &error);
  g_assert_no_error (error);

  g_test_add_func ("/core/rsa/keygen", test_keygen);
  g_test_add_func ("/core/rsa/save-load", test_save_load);
  g_test_add_func ("/core/rsa/bad-keys", test_bad_keys);
  g_test_add_func ("/core/rsa/oaep", test_oaep);
  g_test_add_func ("/core/rsa/wrap-round-trip", test_wrap_round_trip);
  g_test_add_func ("/core/rsa/wrap-16bit-key", test_wrap_16bit_key);
  g_test_add_func ("/core/rsa/rewrap", test_rewrap);
  g_test_add_func ("/core/rsa/tamper", test_tamper);
  g_test_add_func ("/core/rsa/wrap-errors", test_wrap_errors);
  g_test_add_func ("/core/rsa/wrap-files", test_wrap_files);
  g_test_add_func ("/core/rsa/fixture", test_fixture);
  status = g_test_run ();
  dkg_rsa_key_free (alice);
  dkg_rsa_key_free (bob);
  return status;
}
