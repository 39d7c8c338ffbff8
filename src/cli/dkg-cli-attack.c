/* dkg-cli-attack.c — deepkeygen attack: key reuse, known plaintext and chosen plaintext
 * against a scheme (docs/SPECIFICATION.md §6.9, §7)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "dkg-attacks.h"
#include "dkg-cli.h"
#include "dkg-file.h"
#include "dkg-container.h"
#include "dkg-keygen.h"
#include "dkg-model-file.h"
#include "dkg-pipeline.h"

static gboolean
save_into (const char *dir, const char *name, const DkgImage *im, GError **error)
{
  g_autofree char *path = NULL;

  if (dir == NULL || im == NULL)
    return TRUE;
  path = g_build_filename (dir, name, NULL);
  if (!dkg_image_save_png (im, path, error))
    return FALSE;
  printf ("  wrote %s\n", path);
  return TRUE;
}

int
dkg_cli_attack (int argc, char **argv)
{
  g_autofree char *keyfile = NULL;
  g_autofree char *scheme = NULL;
  g_autofree char *model = NULL;
  g_autofree char *out_dir = NULL;
  g_auto(GStrv) rest = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "scheme", 0, 0, G_OPTION_ARG_STRING, &scheme, "xor (default), acm-xor or chacha20-poly1305", "SCHEME" },
    { "key", 'k', 0, G_OPTION_ARG_FILENAME, &keyfile, "Key image (default: generated from IMG1 with the shipped model)", "KEY.png" },
    { "model", 'm', 0, G_OPTION_ARG_FILENAME, &model, "Generator for the default key", "MODEL" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &out_dir, "Folder for the attack's images", "DIR" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON (docs/CLI-JSON.md)", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, "ATTACK IMG1 [IMG2]" },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new ("reuse|known-plaintext|acm-chosen-plaintext IMG1 [IMG2] — attack a scheme");
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgImage) p1 = NULL;
  g_autoptr(DkgImage) p2 = NULL;
  g_autoptr(DkgImage) key = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  DkgContainerOptions opts = { DKG_CONTAINER_SCHEME_XOR, 5 };
  const char *attack;
  int code;

  g_option_context_set_summary (ctx,
    "reuse: two images under one key — C₁ ⊕ C₂ = P₁ ⊕ P₂ for the paper's schemes.\n"
    "known-plaintext: K = P₁ ⊕ C₁ recovers the keystream, which decrypts IMG2's ciphertext.\n"
    "acm-chosen-plaintext: chosen images recover the cat map's permutation, then IMG1.\n"
    "The same attacks against chacha20-poly1305 fail, and the output says so.");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!dkg_cli_parse (ctx, "attack", &argc, &argv, &code))
    return code;
  if (rest == NULL || g_strv_length (rest) < 2)
    return dkg_cli_usage_error ("attack", "give the attack and IMG1 (and IMG2 for reuse and known-plaintext)");
  attack = rest[0];
  if (scheme != NULL && !dkg_container_scheme_from_string (scheme, &opts.scheme))
    return dkg_cli_usage_error ("attack", "unknown scheme “%s”", scheme);
  if (strcmp (attack, "acm-chosen-plaintext") == 0 && scheme == NULL)
    opts.scheme = DKG_CONTAINER_SCHEME_ACM_XOR;
  if (strcmp (attack, "reuse") != 0 && strcmp (attack, "known-plaintext") != 0
      && strcmp (attack, "acm-chosen-plaintext") != 0)
    return dkg_cli_usage_error ("attack", "unknown attack “%s” (reuse, known-plaintext, acm-chosen-plaintext)", attack);
  if (strcmp (attack, "acm-chosen-plaintext") != 0 && g_strv_length (rest) < 3)
    return dkg_cli_usage_error ("attack", "%s needs two images", attack);
  if ((p1 = dkg_image_load (rest[1], NULL, &error)) == NULL)
    return dkg_cli_fail ("attack", g_steal_pointer (&error));
  if (rest[2] != NULL && (p2 = dkg_image_load (rest[2], NULL, &error)) == NULL)
    return dkg_cli_fail ("attack", g_steal_pointer (&error));
  if (out_dir != NULL && !dkg_file_make_dir (out_dir, &error))
    return dkg_cli_fail ("attack", g_steal_pointer (&error));
  if (keyfile != NULL)
    key = dkg_image_load (keyfile, NULL, &error);
  else
    {
      g_autoptr(DkgNet) g = NULL;
      guint w = MAX (p1->width, p2 ? p2->width : 0), h = MAX (p1->height, p2 ? p2->height : 0);
      guint kw, kh, ch = MAX (p1->channels, p2 ? p2->channels : 0);
      guint depth = MAX (p1->bit_depth, p2 ? p2->bit_depth : 0);

      if (model == NULL && (model = dkg_cli_default_model ("deepkeygen")) == NULL)
        return dkg_cli_usage_error ("attack", "give -k KEY.png or -m MODEL");
      if ((g = dkg_model_load (model, NULL, &error)) == NULL)
        return dkg_cli_fail ("attack", g_steal_pointer (&error));
      /* one key large enough for both images under every scheme */
      dkg_pipeline_key_size_for_shape (g, w, h, ch, depth, DKG_CONTAINER_SCHEME_ACM_XOR, &kw, &kh);
      key = dkg_keygen_generate (g, p1, kw, kh, &error);
    }
  if (key == NULL)
    return dkg_cli_fail ("attack", g_steal_pointer (&error));

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, "deepkeygen-attack-1");
  json_builder_set_member_name (b, "attack");
  json_builder_add_string_value (b, attack);
  json_builder_set_member_name (b, "scheme");
  json_builder_add_string_value (b, dkg_container_scheme_to_string (opts.scheme));

  if (strcmp (attack, "reuse") == 0)
    {
      g_autoptr(DkgAttackKeyReuse) r = dkg_attack_key_reuse (p1, p2, key, &opts, &error);
      if (r == NULL)
        return dkg_cli_fail ("attack", g_steal_pointer (&error));
      dkg_cli_json_number (b, "match_fraction", r->match_fraction);
      dkg_cli_json_number (b, "chance_fraction", r->chance_fraction);
      dkg_cli_json_number (b, "correlation", r->correlation.defined ? r->correlation.r : NAN);
      json_builder_set_member_name (b, "leaks");
      json_builder_add_boolean_value (b, r->leaks);
      if (!json)
        {
          printf ("Key reuse against %s: C₁ ⊕ C₂ equals P₁ ⊕ P₂ in %.4f of the samples "
                  "(chance: %.4f), r = %.4f\n", dkg_container_scheme_to_string (opts.scheme),
                  r->match_fraction, r->chance_fraction, r->correlation.r);
          printf ("%s\n", r->leaks ? "The attack WORKS: one key for two images reveals P₁ ⊕ P₂."
                                   : "The attack fails: the ciphertexts are unrelated (a fresh key per file).");
        }
      if (!save_into (out_dir, "c1-xor-c2.png", r->cipher_xor, &error)
          || !save_into (out_dir, "revealed.png", r->revealed, &error)
          || !save_into (out_dir, "p1-xor-p2.png", r->plain_xor, &error))
        return dkg_cli_fail ("attack", g_steal_pointer (&error));
    }
  else if (strcmp (attack, "known-plaintext") == 0)
    {
      g_autoptr(DkgAttackKnownPlaintext) r = dkg_attack_known_plaintext (p1, p2, key, &opts, &error);
      if (r == NULL)
        return dkg_cli_fail ("attack", g_steal_pointer (&error));
      dkg_cli_json_number (b, "keystream_match_fraction", r->keystream_match_fraction);
      dkg_cli_json_number (b, "covered_fraction", r->covered_fraction);
      dkg_cli_json_number (b, "recovered_fraction", r->recovered_fraction);
      dkg_cli_json_number (b, "chance_fraction", r->chance_fraction);
      if (!json)
        {
          printf ("Known plaintext against %s: K' = P₁ ⊕ C₁ decrypts %.4f of the second image "
                  "(chance: %.4f)\n", dkg_container_scheme_to_string (opts.scheme),
                  r->recovered_fraction, r->chance_fraction);
          printf ("%s\n", r->recovered_fraction > 10 * r->chance_fraction
                  ? "The attack WORKS: one known image decrypts every other image under the same key."
                  : "The attack fails: each file has its own keystream.");
        }
      if (!save_into (out_dir, "recovered-keystream.png", r->keystream, &error)
          || !save_into (out_dir, "recovered.png", r->recovered, &error))
        return dkg_cli_fail ("attack", g_steal_pointer (&error));
    }
  else
    {
      g_autoptr(DkgAttackChosenPlaintext) r = dkg_attack_acm_chosen_plaintext (p1, key, &opts,
                                                                              DKG_ATTACK_ENCODING_PACKED,
                                                                              &error);
      if (r == NULL)
        return dkg_cli_fail ("attack", g_steal_pointer (&error));
      dkg_cli_json_int (b, "chosen_images", r->n_chosen);
      dkg_cli_json_number (b, "permutation_correct_fraction", r->permutation_correct_fraction);
      dkg_cli_json_number (b, "recovered_fraction", r->recovered_fraction);
      dkg_cli_json_number (b, "chance_fraction", r->chance_fraction);
      if (!json)
        {
          printf ("Chosen plaintext against %s with %u chosen images: permutation %.4f correct, "
                  "target %.4f recovered (chance %.4f)\n",
                  dkg_container_scheme_to_string (opts.scheme), r->n_chosen,
                  r->permutation_correct_fraction, r->recovered_fraction, r->chance_fraction);
          printf ("%s\n", r->recovered_fraction > 10 * r->chance_fraction
                  ? "The attack WORKS: the cat map's permutation and the keystream are recovered."
                  : "The attack fails.");
        }
      if (!save_into (out_dir, "recovered.png", r->recovered, &error))
        return dkg_cli_fail ("attack", g_steal_pointer (&error));
    }
  json_builder_end_object (b);
  if (json)
    dkg_cli_print_json (b);
  return DKG_EXIT_OK;
}
