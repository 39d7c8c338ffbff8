/* test-model-file.c — dkg-model-file.c: networks in safetensors files (docs/SPECIFICATION.md §5.1)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "dkg-error.h"
#include "dkg-model-file.h"
#include "dkg-test-util.h"

/* Model files: save → load gives the same weights, buffers and metadata; wrong files fail. */
static void
test_model_file_round_trip (void)
{
  g_autoptr(DkgNet) e = dkg_net_new (DKG_ARCH_ENCDEC, 0);
  g_autoptr(DkgNet) back = NULL;
  g_autoptr(DkgNet) none = NULL;
  g_autoptr(DkgSafetensors) st = NULL;
  g_autoptr(DkgSafetensors) other = dkg_safetensors_new ();
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (3);
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) meta = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *dir = dkg_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "m.safetensors", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.safetensors", NULL);
  gint64 shape[1] = { 4 };
  float v[4] = { 0 };

  dkg_net_init_weights (e, r);
  for (gsize i = 0; i < e->buffers->n; i++)
    e->buffers->memory[i] = (float) i * 0.5f;
  g_array_index (e->layers, DkgLayer, 1).num_batches_tracked = 17;
  g_hash_table_insert (meta, "objective", "wgan-gp");
  g_assert_true (dkg_model_save (e, meta, path, &error));
  g_assert_no_error (error);
  back = dkg_model_load (path, &st, &error);
  g_assert_no_error (error);
  g_assert_cmpint (back->arch, ==, DKG_ARCH_ENCDEC);
  g_assert_cmpmem (back->params->memory, e->params->n * sizeof (float), e->params->memory,
                   e->params->n * sizeof (float));
  g_assert_cmpmem (back->buffers->memory, e->buffers->n * sizeof (float), e->buffers->memory,
                   e->buffers->n * sizeof (float));
  g_assert_cmpint (g_array_index (back->layers, DkgLayer, 1).num_batches_tracked, ==, 17);
  g_assert_cmpstr (dkg_safetensors_get_metadata (st, "objective"), ==, "wgan-gp");
  g_assert_cmpstr (dkg_safetensors_get_metadata (st, "arch"), ==, "encdec");

  /* A safetensors file that is no model, and one whose version is unknown. */
  dkg_safetensors_add_f32 (other, "0.weight", 1, shape, v);
  g_assert_true (dkg_safetensors_save (other, bad, &error));
  none = dkg_model_load (bad, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_FILE);
  g_assert_nonnull (strstr (error->message, bad));
  g_clear_error (&error);
  dkg_safetensors_set_metadata (other, "format", DKG_MODEL_FORMAT);
  dkg_safetensors_set_metadata (other, "format_version", "99");
  g_assert_true (dkg_safetensors_save (other, bad, &error));
  g_assert_null (dkg_model_load (bad, NULL, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_BAD_VERSION);
  g_clear_error (&error);
  /* Right format, wrong tensors for the architecture. */
  dkg_safetensors_set_metadata (other, "format_version", DKG_MODEL_FORMAT_VERSION);
  dkg_safetensors_set_metadata (other, "arch", "resnet");
  dkg_safetensors_set_metadata (other, "n_blocks", "6");
  g_assert_true (dkg_safetensors_save (other, bad, &error));
  g_assert_null (dkg_model_load (bad, NULL, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_SHAPE);
  dkg_test_rm_rf (dir);
}

/* A prefixed network (a checkpoint's "generator.", "discriminator.") loads back into a
 * network of the same shape, and only from its own prefix: the other prefix is a shape error
 * naming the missing tensor and the file. */
static void
test_model_file_prefix (void)
{
  g_autoptr(DkgNet) g = dkg_net_new (DKG_ARCH_RESNET, 2);
  g_autoptr(DkgNet) d = dkg_net_new (DKG_ARCH_PATCHGAN, 0);
  g_autoptr(DkgNet) g2 = dkg_net_new (DKG_ARCH_RESNET, 2);
  g_autoptr(DkgNet) d2 = dkg_net_new (DKG_ARCH_PATCHGAN, 0);
  g_autoptr(DkgNet) wrong = dkg_net_new (DKG_ARCH_PATCHGAN, 0);
  g_autoptr(DkgSafetensors) st = dkg_safetensors_new ();
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (11);
  g_autoptr(GError) error = NULL;

  dkg_net_init_weights (g, r);
  dkg_net_init_weights (d, r);
  dkg_net_add_to_safetensors (g, st, "generator.");
  dkg_net_add_to_safetensors (d, st, "discriminator.");
  g_assert_true (dkg_net_load_from_safetensors (g2, st, "generator.", "ck.safetensors", &error));
  g_assert_no_error (error);
  g_assert_true (dkg_net_load_from_safetensors (d2, st, "discriminator.", "ck.safetensors",
                                                &error));
  g_assert_no_error (error);
  g_assert_cmpmem (g2->params->memory, g->params->n * sizeof (float), g->params->memory,
                   g->params->n * sizeof (float));
  g_assert_cmpmem (d2->params->memory, d->params->n * sizeof (float), d->params->memory,
                   d->params->n * sizeof (float));
  g_assert_false (dkg_net_load_from_safetensors (wrong, st, "generator.", "ck.safetensors",
                                                 &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_SHAPE);
  g_assert_nonnull (strstr (error->message, "ck.safetensors"));
}

/* Metadata a model file must have: an architecture this program knows, n_blocks 1..64 for the
 * ResNet generator, finite weights. Each refusal names the file. */
static void
test_model_file_bad_metadata (void)
{
  g_autoptr(DkgNet) g = dkg_net_new (DKG_ARCH_RESNET, 1);
  g_autofree char *dir = dkg_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "g.safetensors", NULL);
  g_autoptr(GError) error = NULL;
  struct { const char *arch, *blocks; float poison; GQuark domain; int code; const char *says; } cases[] = {
    { "resnet", "1", 0.0f, 0, 0, NULL },
    { "lenet", "1", 0.0f, DKG_ERROR, DKG_ERROR_INVALID_FILE, "lenet" },
    { "resnet", "0", 0.0f, DKG_ERROR, DKG_ERROR_INVALID_FILE, "n_blocks" },
    { "resnet", "65", 0.0f, DKG_ERROR, DKG_ERROR_INVALID_FILE, "n_blocks" },
    { "resnet", "2", 0.0f, DKG_ERROR, DKG_ERROR_SHAPE, NULL },
    { "resnet", "1", NAN, DKG_ERROR, DKG_ERROR_INVALID_FILE, "NaN" },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(DkgSafetensors) st = dkg_safetensors_new ();
      g_autoptr(DkgNet) back = NULL;

      g->params->memory[5] = cases[c].poison;
      dkg_net_add_to_safetensors (g, st, "");
      dkg_safetensors_set_metadata (st, "format", DKG_MODEL_FORMAT);
      dkg_safetensors_set_metadata (st, "format_version", DKG_MODEL_FORMAT_VERSION);
      dkg_safetensors_set_metadata (st, "arch", cases[c].arch);
      dkg_safetensors_set_metadata (st, "n_blocks", cases[c].blocks);
      g_assert_true (dkg_safetensors_save (st, path, &error));
      back = dkg_model_load (path, NULL, &error);
      if (cases[c].domain == 0)
        {
          g_assert_no_error (error);
          g_assert_cmpint (dkg_net_n_params (back), ==, dkg_net_n_params (g));
          continue;
        }
      g_assert_null (back);
      g_assert_error (error, cases[c].domain, cases[c].code);
      g_assert_nonnull (strstr (error->message, path));
      if (cases[c].says != NULL)
        g_assert_nonnull (strstr (error->message, cases[c].says));
      g_clear_error (&error);
    }
  dkg_test_rm_rf (dir);
}

int
main (int argc, char **argv)
{
  dkg_test_init (&argc, &argv);
  g_test_add_func ("/core/model-file/round-trip", test_model_file_round_trip);
  g_test_add_func ("/core/model-file/prefix", test_model_file_prefix);
  g_test_add_func ("/core/model-file/bad-metadata", test_model_file_bad_metadata);
  return g_test_run ();
}
