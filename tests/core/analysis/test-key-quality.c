/* test-key-quality.c — the key-quality measures the trainer logs (dkg-key-quality.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "dkg-key-quality.h"
#include "dkg-test-util.h"

/* Every byte value equally often (768 bytes: each of 0..255 three times): H = 8 exactly,
 * χ² = 0 (p = 1), standard deviation √((256² − 1)/12) = 73.9003; a constant key: H = 0,
 * standard deviation 0, p = 0. */
static void
test_key_quality_of_key (void)
{
  g_autoptr(DkgImage) flat = dkg_image_new (16, 16, 3, 8, FALSE, NULL);
  g_autoptr(DkgImage) grey = dkg_image_new (16, 16, 3, 8, FALSE, NULL);
  DkgKeyQuality q;

  for (int i = 0; i < 768; i++)
    {
      flat->data[i] = (guint8) (i % 256);
      grey->data[i] = 128;
    }
  dkg_key_quality_of_key (flat, &q);
  g_assert_cmpfloat (fabs (q.entropy - 8.0), <, 1e-12);
  g_assert_cmpfloat (fabs (q.std - sqrt ((256.0 * 256.0 - 1) / 12)), <, 1e-9);
  g_assert_cmpfloat (fabs (q.std - 73.9003), <, 1e-4);
  g_assert_cmpfloat (fabs (q.chi2_p - 1.0), <, 1e-12);
  /* dkg_entropy_expected(): near 8 − 255/(2n ln 2), which is only asymptotic at n = 768 */
  g_assert_cmpfloat (fabs (q.entropy_ideal - (8 - 255 / (2 * 768 * G_LN2))), <, 0.05);
  g_assert_cmpfloat (q.entropy_ideal, <, 8 - 255 / (2 * 768 * G_LN2));
  g_assert_true (isnan (q.npcr));
  dkg_key_quality_of_key (grey, &q);
  g_assert_cmpfloat (q.entropy, ==, 0.0);
  g_assert_cmpfloat (q.std, ==, 0.0);
  g_assert_cmpfloat (q.chi2_p, <, 1e-300);
}

/* The probe: keys of the requested size from a copy of the generator; the key it keeps is the
 * key dkg_key_quality_of_key() measured; NPCR is a percentage; the generator is not changed. */
static void
test_key_probe_evaluate (void)
{
  g_autoptr(DkgNet) g = dkg_net_new (DKG_ARCH_RESNET, 2);
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (31);
  g_autoptr(DkgImage) seed = dkg_image_new (40, 30, 1, 8, FALSE, NULL);
  g_autoptr(DkgKeyProbe) probe = NULL;
  g_autoptr(DkgImage) key = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree float *before = NULL;
  DkgKeyQuality q, again;

  dkg_net_init_weights (g, r);
  for (gsize i = 0; i < g->params->n; i++)
    g->params->memory[i] *= 10.0f;
  before = g_memdup2 (g->params->memory, g->params->n * sizeof (float));
  for (int i = 0; i < 40 * 30; i++)
    seed->data[i] = (guint8) dkg_rand_below (r, 256);
  probe = dkg_key_probe_new (seed, 32, 48);
  g_assert_null (dkg_key_probe_dup_key (probe));
  g_assert_true (dkg_key_probe_evaluate (g, &q, probe, &error));
  g_assert_no_error (error);
  key = dkg_key_probe_dup_key (probe);
  g_assert_nonnull (key);
  g_assert_cmpuint (key->width, ==, 32);
  g_assert_cmpuint (key->height, ==, 48);
  g_assert_cmpuint (key->channels, ==, 3);
  dkg_key_quality_of_key (key, &again);
  g_assert_cmpfloat (q.entropy, ==, again.entropy);
  g_assert_cmpfloat (q.std, ==, again.std);
  g_assert_true (q.entropy > 0 && q.entropy <= 8);
  g_assert_true (q.npcr >= 0 && q.npcr <= 100);
  g_assert_cmpmem (before, g->params->n * sizeof (float), g->params->memory,
                   g->params->n * sizeof (float));
  g_test_message ("probe key: H %.4f, std %.2f, NPCR %.3f %%", q.entropy, q.std, q.npcr);
  /* A size the generator cannot make is an error, not a crash. */
  g_clear_pointer (&probe, dkg_key_probe_free);
  probe = dkg_key_probe_new (seed, 30, 30);
  g_assert_false (dkg_key_probe_evaluate (g, &q, probe, &error));
  g_assert_nonnull (error);
}

/* Several probe seeds: the figures of the worst key (lowest entropy); NPCR of the first seed. */
static void
test_key_probe_several_seeds (void)
{
  g_autoptr(DkgNet) g = dkg_net_new (DKG_ARCH_RESNET, 2);
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (32);
  g_autoptr(DkgImage) a = dkg_image_new (32, 32, 1, 8, FALSE, NULL);
  g_autoptr(DkgImage) b = dkg_image_new (32, 32, 1, 16, FALSE, NULL);
  g_autoptr(DkgKeyProbe) pa = NULL;
  g_autoptr(DkgKeyProbe) pb = NULL;
  g_autoptr(DkgKeyProbe) both = NULL;
  g_autoptr(GError) error = NULL;
  DkgKeyQuality qa, qb, q;

  dkg_net_init_weights (g, r);
  for (gsize i = 0; i < g->params->n; i++)
    g->params->memory[i] *= 10.0f;
  for (int i = 0; i < 32 * 32; i++)
    {
      a->data[i] = (guint8) dkg_rand_below (r, 256);
      ((guint16 *) b->data)[i] = (guint16) (i * 7);
    }
  pa = dkg_key_probe_new (a, 32, 32);
  pb = dkg_key_probe_new (b, 32, 32);
  both = dkg_key_probe_new (a, 32, 32);
  dkg_key_probe_add_seed (both, b);
  g_assert_true (dkg_key_probe_evaluate (g, &qa, pa, &error));
  g_assert_true (dkg_key_probe_evaluate (g, &qb, pb, &error));
  g_assert_true (dkg_key_probe_evaluate (g, &q, both, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (qa.entropy, !=, qb.entropy);
  g_assert_cmpfloat (q.entropy, ==, MIN (qa.entropy, qb.entropy));
  g_assert_cmpfloat (q.std, ==, qa.entropy < qb.entropy ? qa.std : qb.std);
  g_assert_cmpfloat (q.npcr, ==, qa.npcr);
}

int
main (int argc, char **argv)
{
  dkg_test_init (&argc, &argv);
  g_test_add_func ("/core/key-quality/of-key", test_key_quality_of_key);
  g_test_add_func ("/core/key-quality/probe-evaluate", test_key_probe_evaluate);
  g_test_add_func ("/core/key-quality/several-seeds", test_key_probe_several_seeds);
  return g_test_run ();
}
