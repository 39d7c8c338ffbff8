/* make-container-bad-corpus.c — writes tests/data/bad/container-* (see container-fixtures.md there)
 *
 *   make-container-bad-corpus DIR
 *
 * Every fixture is made from the same plaintext and key, both from dkg_rand_new_seeded():
 * crypto_test_fixture_plain() and crypto_test_fixture_key(). Salts and nonces are random, so
 * the files differ from run to run; what is wrong with each does not. Built by meson so that
 * it keeps compiling; the files in the tree were written once with it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "crypto-test.h"
#include "dkg-arnold-cat-map.h"
#include "dkg-container.h"

static void
check (gboolean ok, GError *error)
{
  if (!ok)
    {
      g_printerr ("make-container-bad-corpus: %s\n", error != NULL ? error->message : "failed");
      exit (1);
    }
}

static GBytes *
encrypt (const DkgImage *plain, const DkgImage *key, DkgContainerScheme scheme)
{
  GError *error = NULL;
  DkgContainerOptions opts = { scheme, 5 };
  GBytes *file = dkg_container_encrypt (plain, key, &opts, &error);

  check (file != NULL, error);
  return file;
}

/* The container's pixels and header text. */
static DkgImage *
split (GBytes *file, char **json)
{
  GError *error = NULL;
  DkgImage *img = dkg_image_load_png_bytes (file, "fixture", DKG_CONTAINER_ITXT_KEYWORD, json,
                                            &error);

  check (img != NULL && *json != NULL, error);
  return img;
}

/* @json with @member set to the JSON value @value_json (NULL: removed). */
static char *
with_member (const char *json, const char *member, const char *value_json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  JsonObject *o;

  check (json_parser_load_from_data (parser, json, -1, NULL), NULL);
  o = json_node_get_object (json_parser_get_root (parser));
  if (value_json != NULL)
    json_object_set_member (o, member, json_from_string (value_json, NULL));
  else
    json_object_remove_member (o, member);
  json_generator_set_root (gen, json_parser_get_root (parser));
  json_generator_set_pretty (gen, TRUE);
  return json_generator_to_data (gen, NULL);
}

static void
write_png (const char *dir, const char *name, const DkgImage *img, const char *json)
{
  GError *error = NULL;
  g_autoptr(GBytes) png = dkg_image_encode_png (img, json != NULL ? DKG_CONTAINER_ITXT_KEYWORD
                                                                  : NULL, json, &error);
  g_autofree char *path = g_build_filename (dir, name, NULL);

  check (png != NULL, error);
  check (g_file_set_contents (path, g_bytes_get_data (png, NULL), g_bytes_get_size (png),
                              &error), error);
  printf ("%s\n", path);
}

int
main (int argc, char **argv)
{
  g_autoptr(DkgImage) plain = NULL;
  g_autoptr(DkgImage) key = NULL;
  g_autoptr(GBytes) xor = NULL;
  g_autoptr(GBytes) acm = NULL;
  g_autoptr(GBytes) aead = NULL;
  g_autoptr(DkgImage) xor_px = NULL;
  g_autoptr(DkgImage) acm_px = NULL;
  g_autoptr(DkgImage) aead_px = NULL;
  g_autoptr(DkgImage) wider = NULL;
  g_autofree char *xor_json = NULL;
  g_autofree char *acm_json = NULL;
  g_autofree char *aead_json = NULL;
  const char *dir;

  if (argc != 2)
    {
      g_printerr ("usage: %s DIR\n", argv[0]);
      return 2;
    }
  dir = argv[1];
  plain = crypto_test_fixture_plain ();
  key = crypto_test_fixture_key ();
  xor = encrypt (plain, key, DKG_CONTAINER_SCHEME_XOR);
  acm = encrypt (plain, key, DKG_CONTAINER_SCHEME_ACM_XOR);
  aead = encrypt (plain, key, DKG_CONTAINER_SCHEME_CHACHA20_POLY1305);
  xor_px = split (xor, &xor_json);
  acm_px = split (acm, &acm_json);
  aead_px = split (aead, &aead_json);

  {
    g_autofree char *j = with_member (xor_json, "version", "9");
    write_png (dir, "container-bad-version.png", xor_px, j);
  }
  write_png (dir, "container-no-header.png", xor_px, NULL);
  {
    g_autofree char *path = g_build_filename (dir, "container-truncated.png", NULL);
    GError *error = NULL;

    check (g_file_set_contents (path, g_bytes_get_data (aead, NULL), g_bytes_get_size (aead) / 2,
                                &error), error);
    printf ("%s\n", path);
  }
  {
    g_autoptr(DkgImage) flipped = dkg_image_copy (aead_px);

    flipped->data[dkg_image_n_bytes (flipped) / 2] ^= 0x01;
    write_png (dir, "container-pixel-flipped.png", flipped, aead_json);
  }
  {
    g_autofree char *j = with_member (acm_json, "source_format", "\"jpeg\"");
    write_png (dir, "container-header-edited.png", acm_px, j);
  }
  {
    g_autofree char *j = with_member (xor_json, "patient_name", "\"DOE^JANE\"");
    write_png (dir, "container-unknown-member.png", xor_px, j);
  }
  {
    g_autofree char *j = with_member (acm_json, "padding", "{\"right\": 0, \"bottom\": 0}");
    write_png (dir, "container-bad-padding.png", acm_px, j);
  }
  {
    g_autofree char *period = g_strdup_printf ("%u", dkg_arnold_cat_map_period (acm_px->width));
    g_autofree char *j = with_member (acm_json, "acm_iterations", period);
    write_png (dir, "container-acm-period.png", acm_px, j);
  }
  {
    g_autoptr(DkgRand) r = dkg_rand_new_seeded (7);

    wider = crypto_test_random_image (r, xor_px->width + 1, xor_px->height, xor_px->channels,
                                      xor_px->bit_depth, FALSE);
    write_png (dir, "container-shape-mismatch.png", wider, xor_json);
  }
  {
    g_autofree char *j = with_member (aead_json, "nonce", NULL);
    write_png (dir, "container-missing-nonce.png", aead_px, j);
  }
  return 0;
}
