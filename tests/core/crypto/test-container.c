/* test-container.c — the authenticated container of §5.7: round trips, tampering, validation, files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "crypto-test.h"
#include "dkg-arnold-cat-map.h"
#include "dkg-container.h"
#include "dkg-keystream.h"
#include "dkg-error.h"
#include "dkg-test-util.h"

/* Rounds of the cat map used throughout: not a multiple of the period of any N tested. */
#define ACM_K 5

typedef struct
{
  const char *name;
  guint       channels;
  guint       bit_depth;
  gboolean    is_signed;
} Layout;

static const Layout layouts[] = {
  { "grey8", 1, 8, FALSE },
  { "grey16", 1, 16, FALSE },
  { "grey16s", 1, 16, TRUE },
  { "rgb8", 3, 8, FALSE },
  { "rgba8", 4, 8, FALSE },
  { "rgb16", 3, 16, FALSE },
};

static const guint sizes[][2] = { { 1, 1 }, { 3, 517 }, { 255, 256 }, { 1023, 769 } };

static gsize
key_bytes_needed (DkgContainerScheme  scheme,
                  const DkgImage     *plain)
{
  guint n = dkg_arnold_cat_map_size (plain->width, plain->height);

  if (scheme == DKG_CONTAINER_SCHEME_ACM_XOR)
    return (gsize) dkg_keystream_size_for (n, n, plain->channels, plain->bit_depth);
  return MAX (dkg_image_n_bytes (plain), (gsize) DKG_CONTAINER_MIN_AEAD_KEY_BYTES);
}

static GBytes *
encrypt_ok (const DkgImage     *plain,
            const DkgImage     *key,
            DkgContainerScheme  scheme)
{
  g_autoptr(GError) error = NULL;
  DkgContainerOptions opts = { scheme, ACM_K };
  GBytes *file = dkg_container_encrypt (plain, key, &opts, &error);

  g_assert_no_error (error);
  g_assert_nonnull (file);
  return file;
}

/* Splits a container into its PNG pixels and its header text, without any checking. */
static DkgImage *
open_png (GBytes  *file,
          char   **json)
{
  g_autoptr(GError) error = NULL;
  DkgImage *img = dkg_image_load_png_bytes (file, "test", DKG_CONTAINER_ITXT_KEYWORD, json,
                                            &error);

  g_assert_no_error (error);
  g_assert_nonnull (*json);
  return img;
}

static GBytes *
make_png (const DkgImage *img,
          const char     *json)
{
  g_autoptr(GError) error = NULL;
  GBytes *file = dkg_image_encode_png (img, json != NULL ? DKG_CONTAINER_ITXT_KEYWORD : NULL,
                                       json, &error);

  g_assert_no_error (error);
  return file;
}

/* Rebuilds the header JSON with one member replaced (@value %NULL: removed). */
static char *
set_member (const char *json,
            const char *member,
            JsonNode   *value)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  JsonObject *o;

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  o = json_node_get_object (json_parser_get_root (parser));
  if (value != NULL)
    json_object_set_member (o, member, value);
  else
    json_object_remove_member (o, member);
  json_generator_set_root (gen, json_parser_get_root (parser));
  return json_generator_to_data (gen, NULL);
}

static DkgImage *
decrypt_expect_error (GBytes         *file,
                      const DkgImage *key,
                      GQuark          domain,
                      int             code)
{
  g_autoptr(GError) error = NULL;
  DkgImage *out = dkg_container_decrypt (file, "tampered.png", key, NULL, &error);

  g_assert_null (out);
  g_assert_error (error, domain, code);
  return out;
}

/* ---- round trips ------------------------------------------------------------------------- */

/* Every scheme × layout × size: bit-exact round trip (shape, signedness, every sample, source
 * format), the PNG has the (padded) plaintext's shape and depth, the header says so, and for
 * "xor" the PNG's pixels are exactly P ⊕ K. */
static void
test_container_round_trip (gconstpointer data)
{
  DkgContainerScheme scheme = GPOINTER_TO_INT (data);
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (570 + scheme);

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (guint l = 0; l < G_N_ELEMENTS (layouts); l++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(DkgImage) plain = crypto_test_random_image (r, sizes[s][0], sizes[s][1],
                                                              layouts[l].channels,
                                                              layouts[l].bit_depth,
                                                              layouts[l].is_signed);
        g_autoptr(DkgImage) key = crypto_test_random_key (r, key_bytes_needed (scheme, plain));
        g_autoptr(GBytes) file = NULL;
        g_autoptr(DkgImage) back = NULL;
        g_autoptr(DkgImage) png = NULL;
        g_autoptr(DkgContainerInfo) info = NULL;
        g_autofree char *json = NULL;
        g_autofree char *fp = dkg_container_key_fingerprint (key);
        guint n = dkg_arnold_cat_map_size (plain->width, plain->height);

        plain->source_format = g_strdup (l % 2 == 0 ? "dicom" : "png");
        file = encrypt_ok (plain, key, scheme);
        back = dkg_container_decrypt (file, "round-trip.png", key, &info, &error);
        g_assert_no_error (error);
        g_assert_true (dkg_image_equal (back, plain));
        g_assert_cmpstr (back->source_format, ==, plain->source_format);

        g_assert_cmpint (info->scheme, ==, scheme);
        g_assert_cmpuint (info->version, ==, DKG_CONTAINER_VERSION);
        g_assert_cmpuint (info->width, ==, plain->width);
        g_assert_cmpuint (info->height, ==, plain->height);
        g_assert_cmpuint (info->channels, ==, plain->channels);
        g_assert_cmpuint (info->bit_depth, ==, plain->bit_depth);
        g_assert_cmpint (info->is_signed, ==, plain->is_signed);
        g_assert_cmpstr (info->key_fingerprint, ==, fp);
        g_assert_cmpstr (info->source_format, ==, plain->source_format);

        png = open_png (file, &json);
        g_assert_false (png->is_signed);
        g_assert_cmpuint (png->channels, ==, plain->channels);
        g_assert_cmpuint (png->bit_depth, ==, plain->bit_depth);
        if (scheme == DKG_CONTAINER_SCHEME_ACM_XOR)
          {
            g_assert_cmpuint (png->width, ==, n);
            g_assert_cmpuint (png->height, ==, n);
            g_assert_cmpuint (info->pad_right, ==, n - plain->width);
            g_assert_cmpuint (info->pad_bottom, ==, n - plain->height);
            g_assert_cmpuint (info->acm_iterations, ==, ACM_K);
            g_assert_cmpuint (info->acm_period, ==, dkg_arnold_cat_map_period (n));
          }
        else
          {
            g_assert_cmpuint (png->width, ==, plain->width);
            g_assert_cmpuint (png->height, ==, plain->height);
            g_assert_cmpuint (info->pad_right + info->pad_bottom, ==, 0);
          }
        g_assert_cmpint (info->has_nonce, ==, scheme == DKG_CONTAINER_SCHEME_CHACHA20_POLY1305);
        if (scheme == DKG_CONTAINER_SCHEME_XOR)
          {
            g_autofree guint8 *p = dkg_keystream_image_to_bytes (plain, NULL);
            g_autofree guint8 *c = dkg_keystream_image_to_bytes (png, NULL);
            gsize nb = dkg_image_n_bytes (plain);

            for (gsize i = 0; i < nb; i++)
              p[i] ^= key->data[i];
            g_assert_cmpmem (c, nb, p, nb);
          }
      }
}

/* chacha20-poly1305: the same image and key twice give different salts, nonces and
 * ciphertexts, and both decrypt. xor keeps the paper's deterministic pixels but a fresh salt,
 * so the tags differ. */
static void
test_container_fresh_randomness (void)
{
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (580);
  g_autoptr(DkgImage) plain = crypto_test_random_image (r, 64, 48, 1, 16, FALSE);
  g_autoptr(DkgImage) key = crypto_test_random_key (r, dkg_image_n_bytes (plain));
  DkgContainerScheme schemes[] = { DKG_CONTAINER_SCHEME_CHACHA20_POLY1305,
                                   DKG_CONTAINER_SCHEME_XOR };

  for (guint i = 0; i < G_N_ELEMENTS (schemes); i++)
    {
      g_autoptr(GBytes) f1 = encrypt_ok (plain, key, schemes[i]);
      g_autoptr(GBytes) f2 = encrypt_ok (plain, key, schemes[i]);
      g_autoptr(DkgContainerInfo) i1 = NULL;
      g_autoptr(DkgContainerInfo) i2 = NULL;
      g_autoptr(DkgImage) d1 = NULL;
      g_autoptr(DkgImage) d2 = NULL;
      g_autoptr(DkgImage) c1 = NULL;
      g_autoptr(DkgImage) c2 = NULL;
      g_autofree char *j1 = NULL;
      g_autofree char *j2 = NULL;
      g_autoptr(GError) error = NULL;

      d1 = dkg_container_decrypt (f1, "one.png", key, &i1, &error);
      g_assert_no_error (error);
      d2 = dkg_container_decrypt (f2, "two.png", key, &i2, &error);
      g_assert_no_error (error);
      g_assert_true (dkg_image_equal (d1, plain));
      g_assert_true (dkg_image_equal (d2, plain));
      g_assert_true (memcmp (i1->salt, i2->salt, sizeof i1->salt) != 0);
      g_assert_true (memcmp (i1->tag, i2->tag, i1->tag_len) != 0);
      c1 = open_png (f1, &j1);
      c2 = open_png (f2, &j2);
      if (schemes[i] == DKG_CONTAINER_SCHEME_CHACHA20_POLY1305)
        {
          g_assert_true (memcmp (i1->nonce, i2->nonce, sizeof i1->nonce) != 0);
          g_assert_false (dkg_image_equal (c1, c2));
        }
      else
        g_assert_true (dkg_image_equal (c1, c2));
    }
}

/* ---- authentication --------------------------------------------------------------------- */

/* A different key — another random key, the same key with one byte changed, or one that
 * differs only past the bytes the keystream used — is DKG_ERROR_AUTH naming the file. */
static void
test_container_wrong_key (gconstpointer data)
{
  DkgContainerScheme scheme = GPOINTER_TO_INT (data);
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (590 + scheme);
  g_autoptr(DkgImage) plain = crypto_test_random_image (r, 30, 20, 3, 8, FALSE);
  g_autoptr(DkgImage) key = crypto_test_random_key (r, key_bytes_needed (scheme, plain) + 100);
  g_autoptr(GBytes) file = encrypt_ok (plain, key, scheme);
  g_autoptr(DkgImage) other = crypto_test_random_key (r, key_bytes_needed (scheme, plain) + 100);
  g_autoptr(DkgImage) one_byte = dkg_image_copy (key);
  g_autoptr(DkgImage) tail = dkg_image_copy (key);
  const DkgImage *wrong[] = { other, one_byte, tail };

  one_byte->data[17] ^= 0x40;
  tail->data[dkg_image_n_bytes (tail) - 1] ^= 1;
  for (guint i = 0; i < G_N_ELEMENTS (wrong); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DkgImage) out = dkg_container_decrypt (file, "secret.png", wrong[i], NULL, &error);

      g_assert_null (out);
      g_assert_error (error, DKG_ERROR, DKG_ERROR_AUTH);
      g_assert_nonnull (strstr (error->message, "“secret.png”"));
      g_test_message ("%s", error->message);
    }
}

/* One flipped bit anywhere in the pixels (PNG re-encoded so that only the pixel changed) is
 * DKG_ERROR_AUTH. */
static void
test_container_flipped_ciphertext_bit (gconstpointer data)
{
  DkgContainerScheme scheme = GPOINTER_TO_INT (data);
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (600 + scheme);
  g_autoptr(DkgImage) plain = crypto_test_random_image (r, 33, 21, 3, 16, FALSE);
  g_autoptr(DkgImage) key = crypto_test_random_key (r, key_bytes_needed (scheme, plain));
  g_autoptr(GBytes) file = encrypt_ok (plain, key, scheme);
  g_autofree char *json = NULL;
  g_autoptr(DkgImage) cipher = open_png (file, &json);
  gsize n = dkg_image_n_bytes (cipher);
  gsize positions[] = { 0, 1, n / 3, n / 2 + 1, n - 2, n - 1 };

  for (guint i = 0; i < G_N_ELEMENTS (positions); i++)
    for (guint bit = 0; bit < 8; bit += 7)
      {
        g_autoptr(GBytes) bad = NULL;

        cipher->data[positions[i]] ^= (guint8) (1u << bit);
        bad = make_png (cipher, json);
        decrypt_expect_error (bad, key, DKG_ERROR, DKG_ERROR_AUTH);
        cipher->data[positions[i]] ^= (guint8) (1u << bit);
      }
  {
    /* and unchanged it still decrypts: the PNG re-encoding itself is not the cause */
    g_autoptr(GBytes) same = make_png (cipher, json);
    g_autoptr(GError) error = NULL;
    g_autoptr(DkgImage) out = dkg_container_decrypt (same, "same.png", key, NULL, &error);

    g_assert_no_error (error);
    g_assert_true (dkg_image_equal (out, plain));
  }
}

/* Every byte of the header text flipped in turn (bit 0, PNG re-encoded with a valid CRC):
 * never a successful decryption, unless the byte was JSON whitespace; the errors are those of
 * a bad header or of authentication. */
static void
test_container_flipped_header_byte (gconstpointer data)
{
  DkgContainerScheme scheme = GPOINTER_TO_INT (data);
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (610 + scheme);
  g_autoptr(DkgImage) plain = crypto_test_random_image (r, 5, 7, 1, 16, TRUE);
  g_autoptr(DkgImage) key = crypto_test_random_key (r, key_bytes_needed (scheme, plain));
  g_autoptr(GBytes) file = NULL;
  g_autofree char *json = NULL;
  g_autoptr(DkgImage) cipher = NULL;
  gsize len;
  guint n_auth = 0, n_invalid = 0, n_ok = 0;

  plain->source_format = g_strdup ("dicom");
  file = encrypt_ok (plain, key, scheme);
  cipher = open_png (file, &json);
  len = strlen (json);
  for (gsize i = 0; i < len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bad = NULL;
      g_autoptr(DkgImage) out = NULL;
      char orig = json[i];

      json[i] ^= 1;
      bad = make_png (cipher, json);
      out = dkg_container_decrypt (bad, "tampered.png", key, NULL, &error);
      json[i] = orig;
      if (out != NULL)
        {
          g_assert_true (g_ascii_isspace (orig));
          g_assert_true (dkg_image_equal (out, plain));
          n_ok++;
          continue;
        }
      g_assert_true (error->domain == DKG_ERROR);
      if (error->code == DKG_ERROR_AUTH)
        n_auth++;
      else
        {
          /* a changed digit of "version": 1 → 0 is an unknown version */
          if (error->code != DKG_ERROR_BAD_VERSION)
            g_assert_cmpint (error->code, ==, DKG_ERROR_INVALID_FILE);
          n_invalid++;
        }
    }
  g_test_message ("%" G_GSIZE_FORMAT " header bytes: %u AUTH, %u INVALID_FILE or BAD_VERSION, %u whitespace "
                  "flips accepted", len, n_auth, n_invalid, n_ok);
  /* salt, nonce, tag and fingerprint digits alone give dozens of AUTH failures */
  g_assert_cmpuint (n_auth, >=, 64);
}

/* The string member @member with its first hex digit changed to another valid digit. */
static char *
bump_hex_member (const char *json,
                 const char *member)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *value = NULL;

  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  value = g_strdup (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)),
                                                   member));
  value[0] = value[0] == '0' ? '1' : '0';
  return set_member (json, member, json_node_init_string (json_node_alloc (), value));
}

/* Header values changed to other valid values: each is caught by the tag (DKG_ERROR_AUTH),
 * a changed fingerprint with a message about another key. */
static void
test_container_header_edits_are_authenticated (void)
{
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (620);
  g_autoptr(DkgImage) plain = crypto_test_random_image (r, 12, 10, 1, 16, FALSE);
  g_autoptr(DkgImage) key = crypto_test_random_key (r, 12 * 12 * 2);

  plain->source_format = g_strdup ("png");
  for (int scheme = 0; scheme < 3; scheme++)
    {
      g_autoptr(GBytes) file = encrypt_ok (plain, key, scheme);
      g_autofree char *json = NULL;
      g_autoptr(DkgImage) cipher = open_png (file, &json);
      g_autoptr(GPtrArray) edited = g_ptr_array_new_with_free_func (g_free);

      g_ptr_array_add (edited, set_member (json, "source_format",
                                           json_node_init_string (json_node_alloc (), "jpeg")));
      g_ptr_array_add (edited, set_member (json, "source_format",
                                           json_node_init_null (json_node_alloc ())));
      g_ptr_array_add (edited, set_member (json, "signed",
                                           json_node_init_boolean (json_node_alloc (), TRUE)));
      g_ptr_array_add (edited, bump_hex_member (json, "salt"));
      g_ptr_array_add (edited, bump_hex_member (json, "tag"));
      if (scheme == DKG_CONTAINER_SCHEME_CHACHA20_POLY1305)
        g_ptr_array_add (edited, bump_hex_member (json, "nonce"));
      if (scheme == DKG_CONTAINER_SCHEME_ACM_XOR)
        g_ptr_array_add (edited, set_member (json, "acm_iterations",
                                             json_node_init_int (json_node_alloc (), ACM_K + 1)));
      for (guint e = 0; e < edited->len; e++)
        {
          g_autoptr(GBytes) bad = make_png (cipher, edited->pdata[e]);

          decrypt_expect_error (bad, key, DKG_ERROR, DKG_ERROR_AUTH);
        }
      {
        g_autofree char *fp = bump_hex_member (json, "key_fingerprint");
        g_autoptr(GBytes) bad = make_png (cipher, fp);
        g_autoptr(GError) error = NULL;
        g_autoptr(DkgImage) out = dkg_container_decrypt (bad, "fp.png", key, NULL, &error);

        g_assert_error (error, DKG_ERROR, DKG_ERROR_AUTH);
        g_assert_nonnull (strstr (error->message, "another key"));
      }
    }
}

/* The header may be re-serialised (compact, members in another order) without breaking the
 * tag: the tag covers the canonical encoding, not the text. */
static void
test_container_reserialised_header (void)
{
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (630);
  g_autoptr(DkgImage) plain = crypto_test_random_image (r, 9, 4, 4, 8, FALSE);
  g_autoptr(DkgImage) key = crypto_test_random_key (r, 9 * 9 * 4);

  for (int scheme = 0; scheme < 3; scheme++)
    {
      g_autoptr(GBytes) file = encrypt_ok (plain, key, scheme);
      g_autofree char *json = NULL;
      g_autoptr(DkgImage) cipher = open_png (file, &json);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(JsonGenerator) gen = json_generator_new ();
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autoptr(GList) members = NULL;
      g_autofree char *compact = NULL;
      g_autoptr(GBytes) again = NULL;
      g_autoptr(DkgImage) out = NULL;
      g_autoptr(GError) error = NULL;
      JsonObject *o;

      g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
      o = json_node_get_object (json_parser_get_root (parser));
      members = json_object_get_members (o);
      members = g_list_reverse (members);
      json_builder_begin_object (b);
      for (GList *l = members; l != NULL; l = l->next)
        {
          json_builder_set_member_name (b, l->data);
          json_builder_add_value (b, json_node_copy (json_object_get_member (o, l->data)));
        }
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      json_generator_set_root (gen, root);
      compact = json_generator_to_data (gen, NULL);
      g_assert_cmpstr (compact, !=, json);
      again = make_png (cipher, compact);
      out = dkg_container_decrypt (again, "compact.png", key, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (dkg_image_equal (out, plain));
    }
}

/* ---- malformed files --------------------------------------------------------------------- */

/* A file cut short anywhere is an error, never an image. */
static void
test_container_truncated (void)
{
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (640);
  g_autoptr(DkgImage) plain = crypto_test_random_image (r, 40, 30, 3, 8, FALSE);
  g_autoptr(DkgImage) key = crypto_test_random_key (r, 40 * 40 * 3);

  for (int scheme = 0; scheme < 3; scheme++)
    {
      g_autoptr(GBytes) file = encrypt_ok (plain, key, scheme);
      gsize len;
      const guint8 *data = g_bytes_get_data (file, &len);
      gsize cuts[] = { 0, 1, 8, 20, 33, 100, len / 2, len - 13, len - 12, len - 4, len - 1 };

      for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
        {
          g_autoptr(GBytes) cut = g_bytes_new (data, cuts[i]);
          g_autoptr(GError) error = NULL;
          g_autoptr(DkgImage) out = dkg_container_decrypt (cut, "cut.png", key, NULL, &error);

          g_assert_null (out);
          g_assert_nonnull (error);
          g_test_message ("cut at %" G_GSIZE_FORMAT ": %s", cuts[i], error->message);
        }
    }
}

/* Raw bit flips in the file (chunk CRCs now wrong): an error, or — for a byte that nothing
 * reads — the unchanged plaintext; never a different image. */
static void
test_container_raw_flips (void)
{
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (650);
  g_autoptr(DkgImage) plain = crypto_test_random_image (r, 20, 10, 1, 16, FALSE);
  g_autoptr(DkgImage) key = crypto_test_random_key (r, 20 * 20 * 2);

  for (int scheme = 0; scheme < 3; scheme++)
    {
      g_autoptr(GBytes) file = encrypt_ok (plain, key, scheme);
      gsize len;
      const guint8 *data = g_bytes_get_data (file, &len);
      g_autofree guint8 *copy = g_memdup2 (data, len);
      guint n_err = 0;

      for (gsize i = 0; i < len; i += 3)
        {
          g_autoptr(GBytes) bad = NULL;
          g_autoptr(GError) error = NULL;
          g_autoptr(DkgImage) out = NULL;

          copy[i] ^= 0x04;
          bad = g_bytes_new (copy, len);
          copy[i] ^= 0x04;
          out = dkg_container_decrypt (bad, "flipped.png", key, NULL, &error);
          if (out != NULL)
            g_assert_true (dkg_image_equal (out, plain));
          else
            n_err++;
        }
      g_assert_cmpuint (n_err, >, len / 3 - 4);
    }
}

static GBytes *
container_with_json (const char *json)
{
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (660);
  g_autoptr(DkgImage) img = crypto_test_random_image (r, 6, 6, 1, 8, FALSE);

  return make_png (img, json);
}

/* Unknown version → BAD_VERSION; missing, mistyped, out-of-range or unknown members, no
 * header, or a header that is not JSON → INVALID_FILE. Checked before the key is used. */
static void
test_container_bad_headers (void)
{
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (661);
  g_autoptr(DkgImage) plain = crypto_test_random_image (r, 6, 6, 1, 8, FALSE);
  g_autoptr(DkgImage) key = crypto_test_random_key (r, 64);
  g_autoptr(GBytes) file = encrypt_ok (plain, key, DKG_CONTAINER_SCHEME_XOR);
  g_autofree char *json = NULL;
  g_autoptr(DkgImage) cipher = open_png (file, &json);
  static const char *const members[] = {
    "version", "scheme", "width", "height", "channels", "bit_depth", "signed", "padding",
    "acm_iterations", "salt", "nonce", "key_fingerprint", "source_format", "tag_algorithm", "tag",
  };
  struct { const char *member; const char *value; } bad_values[] = {
    { "version", "\"1\"" }, { "version", "1.0" }, { "scheme", "\"rot13\"" },
    { "width", "0" }, { "width", "7" }, { "width", "32769" }, { "width", "-6" }, { "height", "true" },
    { "channels", "5" }, { "bit_depth", "12" }, { "signed", "0" }, { "signed", "true" },
    { "padding", "{\"right\": 1, \"bottom\": 0}" }, { "padding", "[0, 0]" },
    { "padding", "{\"right\": 0, \"bottom\": 0, \"left\": 0}" }, { "acm_iterations", "3" },
    { "salt", "\"00\"" }, { "salt", "null" }, { "nonce", "\"000000000000000000000000\"" },
    { "key_fingerprint", "\"0123456789ABCDEF\"" }, { "source_format", "\"Patient Name\"" },
    { "source_format", "7" }, { "tag_algorithm", "\"poly1305\"" }, { "tag", "\"00\"" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      g_autofree char *missing = set_member (json, members[i], NULL);
      g_autoptr(GBytes) bad = make_png (cipher, missing);

      decrypt_expect_error (bad, key, DKG_ERROR, DKG_ERROR_INVALID_FILE);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad_values); i++)
    {
      g_autoptr(JsonNode) v = json_from_string (bad_values[i].value, NULL);
      g_autofree char *edited = NULL;
      g_autoptr(GBytes) bad = NULL;

      g_assert_nonnull (v);
      edited = set_member (json, bad_values[i].member, g_steal_pointer (&v));
      bad = make_png (cipher, edited);
      decrypt_expect_error (bad, key, DKG_ERROR, DKG_ERROR_INVALID_FILE);
    }
  {
    /* version 2 exists now (the whole source file, docs/SPECIFICATION.md §5.7): 3 is unknown, and a
     * version 2 header without "original" is invalid */
    g_autofree char *v2 = set_member (json, "version", json_node_init_int (json_node_alloc (), 3));
    g_autofree char *v2_bare = set_member (json, "version",
                                           json_node_init_int (json_node_alloc (), 2));
    g_autoptr(GBytes) f_v2_bare = make_png (cipher, v2_bare);
    g_autofree char *extra = set_member (json, "patient_name",
                                         json_node_init_string (json_node_alloc (), "x"));
    g_autoptr(GBytes) f_v2 = make_png (cipher, v2);
    g_autoptr(GBytes) f_extra = make_png (cipher, extra);
    g_autoptr(GBytes) f_none = make_png (cipher, NULL);
    g_autoptr(GBytes) f_text = container_with_json ("not json {");
    g_autoptr(GBytes) f_array = container_with_json ("[1, 2]");
    g_autoptr(GError) error = NULL;

    decrypt_expect_error (f_v2, key, DKG_ERROR, DKG_ERROR_BAD_VERSION);
    decrypt_expect_error (f_v2_bare, key, DKG_ERROR, DKG_ERROR_INVALID_FILE);
    g_assert_null (dkg_container_read_info (f_v2, "v2.png", &error));
    g_assert_error (error, DKG_ERROR, DKG_ERROR_BAD_VERSION);
    decrypt_expect_error (f_extra, key, DKG_ERROR, DKG_ERROR_INVALID_FILE);
    decrypt_expect_error (f_none, key, DKG_ERROR, DKG_ERROR_INVALID_FILE);
    decrypt_expect_error (f_text, key, DKG_ERROR, DKG_ERROR_INVALID_FILE);
    decrypt_expect_error (f_array, key, DKG_ERROR, DKG_ERROR_INVALID_FILE);
  }
  {
    /* the PNG's shape must be the header's */
    g_autoptr(DkgImage) wider = crypto_test_random_image (r, 7, 6, 1, 8, FALSE);
    g_autoptr(DkgImage) deeper = crypto_test_random_image (r, 6, 6, 1, 16, FALSE);
    g_autoptr(DkgImage) rgb = crypto_test_random_image (r, 6, 6, 3, 8, FALSE);
    g_autoptr(GBytes) f1 = make_png (wider, json);
    g_autoptr(GBytes) f2 = make_png (deeper, json);
    g_autoptr(GBytes) f3 = make_png (rgb, json);

    decrypt_expect_error (f1, key, DKG_ERROR, DKG_ERROR_INVALID_FILE);
    decrypt_expect_error (f2, key, DKG_ERROR, DKG_ERROR_INVALID_FILE);
    decrypt_expect_error (f3, key, DKG_ERROR, DKG_ERROR_INVALID_FILE);
  }
}

/* The fixtures in tests/data/bad/container-* (container-fixtures.md there), with the key they
 * were made with: each is refused with its documented error. */
static void
test_container_bad_fixtures (void)
{
  static const struct { const char *file; int code; } fixtures[] = {
    { "container-bad-version.png", DKG_ERROR_BAD_VERSION },
    { "container-no-header.png", DKG_ERROR_INVALID_FILE },
    { "container-truncated.png", DKG_ERROR_INVALID_FILE },
    { "container-pixel-flipped.png", DKG_ERROR_AUTH },
    { "container-header-edited.png", DKG_ERROR_AUTH },
    { "container-unknown-member.png", DKG_ERROR_INVALID_FILE },
    { "container-bad-padding.png", DKG_ERROR_INVALID_FILE },
    { "container-acm-period.png", DKG_ERROR_INVALID_FILE },
    { "container-shape-mismatch.png", DKG_ERROR_INVALID_FILE },
    { "container-missing-nonce.png", DKG_ERROR_INVALID_FILE },
  };
  g_autoptr(DkgImage) key = crypto_test_fixture_key ();

  for (guint i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      g_autofree char *rel = g_build_filename ("tests", "data", "bad", fixtures[i].file, NULL);
      g_autofree char *path = dkg_test_source_path (rel);
      g_autoptr(GError) error = NULL;
      g_autoptr(DkgImage) out = dkg_container_decrypt_file (path, key, NULL, &error);

      g_test_message ("%s: %s", fixtures[i].file, error != NULL ? error->message : "decrypted");
      g_assert_null (out);
      g_assert_error (error, DKG_ERROR, fixtures[i].code);
      g_assert_nonnull (strstr (error->message, fixtures[i].file));
    }
}

/* ---- encryption arguments ---------------------------------------------------------------- */

static void
test_container_encrypt_refusals (void)
{
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (670);
  g_autoptr(DkgImage) plain = crypto_test_random_image (r, 64, 32, 1, 16, FALSE);
  g_autoptr(DkgImage) small = crypto_test_random_image (r, 10, 1, 3, 8, FALSE);
  g_autoptr(DkgImage) key = crypto_test_random_key (r, 64 * 32 * 2);
  g_autoptr(GError) error = NULL;
  DkgContainerOptions xor = { DKG_CONTAINER_SCHEME_XOR, 0 };
  DkgContainerOptions acm = { DKG_CONTAINER_SCHEME_ACM_XOR, 0 };
  DkgContainerOptions aead = { DKG_CONTAINER_SCHEME_CHACHA20_POLY1305, 0 };

  g_assert_null (dkg_container_encrypt (plain, small, &xor, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_KEY_TOO_SHORT);
  g_assert_nonnull (strstr (error->message, "64×32×1×2 = 4096 key bytes"));
  g_clear_error (&error);

  /* acm-xor pads to 64×64: the key covers 64×32 only */
  acm.acm_iterations = ACM_K;
  g_assert_null (dkg_container_encrypt (plain, key, &acm, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_KEY_TOO_SHORT);
  g_assert_nonnull (strstr (error->message, "64×64×1×2 = 8192 key bytes"));
  g_clear_error (&error);

  acm.acm_iterations = dkg_arnold_cat_map_period (64);
  g_assert_null (dkg_container_encrypt (plain, key, &acm, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  acm.acm_iterations = G_GUINT64_CONSTANT (1) << 33;
  g_assert_null (dkg_container_encrypt (small, key, &acm, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  {
    g_autoptr(DkgImage) tiny_key = crypto_test_random_image (r, 10, 1, 3, 8, FALSE);

    g_assert_null (dkg_container_encrypt (plain, tiny_key, &aead, &error));
    g_assert_error (error, DKG_ERROR, DKG_ERROR_KEY_TOO_SHORT);
    g_assert_nonnull (strstr (error->message, "at least 32 key bytes"));
    g_clear_error (&error);
  }

  plain->source_format = g_strdup ("Patient^Name");
  g_assert_null (dkg_container_encrypt (plain, key, &xor, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
}

/* The file carries nothing of the source but its format's name: the header has exactly the
 * documented members, and the only text chunk is the header. */
static void
test_container_no_metadata (void)
{
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (680);
  g_autoptr(DkgImage) plain = crypto_test_random_image (r, 8, 8, 1, 16, TRUE);
  g_autoptr(DkgImage) key = crypto_test_random_key (r, 8 * 8 * 2);
  g_autoptr(GBytes) file = NULL;
  g_autofree char *json = NULL;
  g_autoptr(DkgImage) cipher = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GList) members = NULL;
  static const char *const documented[] = {
    "version", "scheme", "width", "height", "channels", "bit_depth", "signed", "padding",
    "acm_iterations", "salt", "nonce", "key_fingerprint", "source_format", "tag_algorithm", "tag",
    NULL,
  };
  const guint8 *p;
  gsize len, off = 8;
  guint n_text = 0;

  plain->source_format = g_strdup ("dicom");
  file = encrypt_ok (plain, key, DKG_CONTAINER_SCHEME_CHACHA20_POLY1305);
  cipher = open_png (file, &json);
  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  members = json_object_get_members (json_node_get_object (json_parser_get_root (parser)));
  g_assert_cmpuint (g_list_length (members), ==, g_strv_length ((char **) documented));
  for (GList *l = members; l != NULL; l = l->next)
    g_assert_true (g_strv_contains (documented, l->data));
  g_assert_nonnull (strstr (json, "\"dicom\""));

  p = g_bytes_get_data (file, &len);
  while (off + 12 <= len)
    {
      guint32 n = (guint32) p[off] << 24 | (guint32) p[off + 1] << 16 | (guint32) p[off + 2] << 8
                  | p[off + 3];
      const guint8 *type = p + off + 4;

      if (memcmp (type, "tEXt", 4) == 0 || memcmp (type, "zTXt", 4) == 0
          || memcmp (type, "iTXt", 4) == 0)
        {
          g_assert_cmpmem (type, 4, "iTXt", 4);
          g_assert_cmpint (memcmp (p + off + 8, "deepkeygen\0", 11), ==, 0);
          n_text++;
        }
      g_assert_true (memcmp (type, "eXIf", 4) != 0);
      off += 12 + n;
    }
  g_assert_cmpuint (off, ==, len);
  g_assert_cmpuint (n_text, ==, 1);
}

/* read_info needs no key and reports the header; the fingerprint is stable and per key. */
static void
test_container_read_info (void)
{
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (690);
  g_autoptr(DkgImage) plain = crypto_test_random_image (r, 300, 200, 3, 8, FALSE);
  g_autoptr(DkgImage) key = crypto_test_random_key (r, 300 * 300 * 3);
  g_autoptr(DkgImage) key2 = dkg_image_copy (key);
  g_autoptr(GBytes) file = encrypt_ok (plain, key, DKG_CONTAINER_SCHEME_ACM_XOR);
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgContainerInfo) info = dkg_container_read_info (file, "info.png", &error);
  g_autofree char *fp = dkg_container_key_fingerprint (key);
  g_autofree char *fp_again = dkg_container_key_fingerprint (key);
  g_autofree char *fp2 = NULL;
  g_autofree char *json = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (info->scheme, ==, DKG_CONTAINER_SCHEME_ACM_XOR);
  g_assert_cmpuint (info->width, ==, 300);
  g_assert_cmpuint (info->height, ==, 200);
  g_assert_cmpuint (info->pad_right, ==, 0);
  g_assert_cmpuint (info->pad_bottom, ==, 100);
  g_assert_cmpuint (info->acm_iterations, ==, ACM_K);
  g_assert_cmpuint (info->acm_period, ==, dkg_arnold_cat_map_period (300));
  g_assert_cmpuint (info->tag_len, ==, 32);
  g_assert_false (info->has_nonce);
  g_assert_cmpuint (strlen (fp), ==, DKG_CONTAINER_FINGERPRINT_LEN);
  g_assert_cmpstr (fp, ==, fp_again);
  g_assert_cmpstr (info->key_fingerprint, ==, fp);
  key2->data[0] ^= 1;
  fp2 = dkg_container_key_fingerprint (key2);
  g_assert_cmpstr (fp2, !=, fp);
  json = dkg_container_info_to_json (info);
  g_assert_nonnull (strstr (json, "\"scheme\" : \"acm-xor\""));
}

/* ---- files -------------------------------------------------------------------------------- */

/* Files are written atomically; a failed decryption (wrong key, modified file) or encryption
 * leaves no output file and leaves an existing one untouched; the input is never overwritten. */
static void
test_container_files (void)
{
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (700);
  g_autoptr(DkgImage) plain = crypto_test_random_image (r, 50, 40, 1, 16, TRUE);
  g_autoptr(DkgImage) key = crypto_test_random_key (r, 50 * 50 * 2);
  g_autoptr(DkgImage) wrong = crypto_test_random_key (r, 50 * 50 * 2);
  g_autoptr(DkgImage) small = crypto_test_random_key (r, 10);
  g_autofree char *dir = dkg_test_make_tmpdir ();
  g_autofree char *enc = g_build_filename (dir, "scan.dkg.png", NULL);
  g_autofree char *dec = g_build_filename (dir, "scan.png", NULL);
  g_autofree char *nope = g_build_filename (dir, "never.dkg.png", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgImage) loaded = NULL;
  g_autoptr(DkgContainerInfo) info = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  DkgContainerOptions opts = { DKG_CONTAINER_SCHEME_ACM_XOR, ACM_K };

  g_assert_true (dkg_container_encrypt_to_file (plain, key, &opts, enc, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (dkg_test_count_files (dir), ==, 1);

  g_assert_false (dkg_container_encrypt_to_file (plain, small, &opts, nope, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_KEY_TOO_SHORT);
  g_clear_error (&error);
  g_assert_cmpuint (dkg_test_count_files (dir), ==, 1);

  g_assert_false (dkg_container_decrypt_to_png_file (enc, wrong, dec, NULL, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_AUTH);
  g_assert_nonnull (strstr (error->message, "scan.dkg.png"));
  g_clear_error (&error);
  g_assert_false (g_file_test (dec, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (dkg_test_count_files (dir), ==, 1);

  g_assert_false (dkg_container_decrypt_to_png_file (enc, key, enc, NULL, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_true (dkg_container_decrypt_to_png_file (enc, key, dec, &info, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (dkg_test_count_files (dir), ==, 2);
  loaded = dkg_image_load (dec, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (dkg_image_equal (loaded, plain));
  g_assert_cmpint (info->scheme, ==, DKG_CONTAINER_SCHEME_ACM_XOR);

  /* a failure over an existing output leaves it as it was */
  g_assert_true (g_file_get_contents (dec, &before, NULL, NULL));
  g_assert_false (dkg_container_decrypt_to_png_file (enc, wrong, dec, NULL, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_AUTH);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (dec, &after, NULL, NULL));
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpuint (dkg_test_count_files (dir), ==, 2);

  {
    /* from an image file: never over the input, and the input stays as it was */
    g_autofree char *src = g_build_filename (dir, "plain.png", NULL);
    g_autofree char *src_enc = g_build_filename (dir, "plain.dkg.png", NULL);
    g_autofree char *src_before = NULL;
    g_autofree char *src_after = NULL;
    g_autoptr(DkgImage) back = NULL;

    g_assert_true (dkg_image_save_png (plain, src, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (src, &src_before, NULL, NULL));
    g_assert_false (dkg_container_encrypt_file (src, NULL, key, &opts, src, &error));
    g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
    g_assert_true (dkg_container_encrypt_file (src, NULL, key, &opts, src_enc, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (src, &src_after, NULL, NULL));
    g_assert_cmpstr (src_before, ==, src_after);
    back = dkg_container_decrypt_file (src_enc, key, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (dkg_image_equal (back, plain));
    g_assert_cmpstr (back->source_format, ==, "png");
    g_assert_cmpuint (dkg_test_count_files (dir), ==, 4);
  }
  {
    g_autoptr(DkgImage) direct = dkg_container_decrypt_file (enc, key, NULL, &error);
    g_autoptr(DkgContainerInfo) from_file = dkg_container_read_info_file (enc, &error);

    g_assert_no_error (error);
    g_assert_true (dkg_image_equal (direct, plain));
    g_assert_cmpuint (from_file->width, ==, 50);
    g_assert_null (dkg_container_decrypt_file (nope, key, NULL, &error));
    g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  }
  dkg_test_rm_rf (dir);
}

int
main (int argc, char **argv)
{
  static const char *const scheme_paths[] = { "xor", "acm-xor", "chacha20-poly1305" };

  dkg_test_init (&argc, &argv);
  for (int s = 0; s < 3; s++)
    {
      g_autofree char *rt = g_strdup_printf ("/core/container/round-trip/%s", scheme_paths[s]);
      g_autofree char *wk = g_strdup_printf ("/core/container/wrong-key/%s", scheme_paths[s]);
      g_autofree char *fc = g_strdup_printf ("/core/container/flipped-ciphertext-bit/%s",
                                             scheme_paths[s]);
      g_autofree char *fh = g_strdup_printf ("/core/container/flipped-header-byte/%s",
                                             scheme_paths[s]);

      g_test_add_data_func (rt, GINT_TO_POINTER (s), test_container_round_trip);
      g_test_add_data_func (wk, GINT_TO_POINTER (s), test_container_wrong_key);
      g_test_add_data_func (fc, GINT_TO_POINTER (s), test_container_flipped_ciphertext_bit);
      g_test_add_data_func (fh, GINT_TO_POINTER (s), test_container_flipped_header_byte);
    }
  g_test_add_func ("/core/container/fresh-randomness", test_container_fresh_randomness);
  g_test_add_func ("/core/container/header-edits-are-authenticated",
                   test_container_header_edits_are_authenticated);
  g_test_add_func ("/core/container/reserialised-header", test_container_reserialised_header);
  g_test_add_func ("/core/container/truncated", test_container_truncated);
  g_test_add_func ("/core/container/raw-flips", test_container_raw_flips);
  g_test_add_func ("/core/container/bad-headers", test_container_bad_headers);
  g_test_add_func ("/core/container/bad-fixtures", test_container_bad_fixtures);
  g_test_add_func ("/core/container/encrypt-refusals", test_container_encrypt_refusals);
  g_test_add_func ("/core/container/no-metadata", test_container_no_metadata);
  g_test_add_func ("/core/container/read-info", test_container_read_info);
  g_test_add_func ("/core/container/files", test_container_files);
  return g_test_run ();
}
