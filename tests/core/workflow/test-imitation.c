/* test-imitation.c — dkg-imitation.c on a tiny set: seeded trainings are reproducible, an
 * attacker trained exactly like the victim reproduces its keys, the one-time-pad matrix
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "dkg-error.h"
#include "dkg-imitation.h"
#include "dkg-keygen.h"
#include "dkg-test-util.h"

#define SIZE 32

static DkgImage *
pattern (guint8 start)
{
  DkgImage *im = dkg_image_new (40, 40, 1, 8, FALSE, NULL);

  for (guint i = 0; i < 40 * 40; i++)
    im->data[i] = (guint8) (start + i * 7 + (i / 40) * 13);
  return im;
}

typedef struct
{
  DkgImage *images[2];
  DkgImitationTraining training;
} Fixture;

static void
fixture_init (Fixture *f)
{
  f->images[0] = pattern (0);
  f->images[1] = pattern (100);
  f->training.images = f->images;
  f->training.n_images = 2;
  f->training.size = SIZE;
  f->training.iterations = 2;
  f->training.seeded = TRUE;
  f->training.seed = 7;
}

static void
fixture_clear (Fixture *f)
{
  dkg_image_free (f->images[0]);
  dkg_image_free (f->images[1]);
}

static DkgImage *
key_of (DkgNet *net, const DkgImage *seed)
{
  g_autoptr(GError) error = NULL;
  DkgImage *k = dkg_keygen_generate (net, seed, SIZE, SIZE, &error);

  g_assert_no_error (error);
  return k;
}

static void
count_steps (const char *what, gpointer user_data)
{
  g_assert_true (g_str_has_prefix (what, "Training "));
  (*(guint *) user_data)++;
}

/* The same seed trains the same generator, bit for bit; another seed another one. */
static void
test_train_determinism (void)
{
  Fixture f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgNet) a = NULL;
  g_autoptr(DkgNet) b = NULL;
  g_autoptr(DkgNet) c = NULL;
  g_autoptr(DkgImage) ka = NULL;
  g_autoptr(DkgImage) kb = NULL;
  g_autoptr(DkgImage) kc = NULL;
  gsize n = SIZE * SIZE * 3;

  fixture_init (&f);
  a = dkg_imitation_train (&f.training, 1, NULL, NULL, &error);
  g_assert_no_error (error);
  b = dkg_imitation_train (&f.training, 1, NULL, NULL, &error);
  g_assert_no_error (error);
  f.training.seed = 8;
  c = dkg_imitation_train (&f.training, 1, NULL, NULL, &error);
  g_assert_no_error (error);
  ka = key_of (a, f.images[0]);
  kb = key_of (b, f.images[0]);
  kc = key_of (c, f.images[0]);
  g_assert_cmpuint (dkg_net_n_params (a), ==, dkg_net_n_params (b));
  g_assert_cmpmem (ka->data, n, kb->data, n);
  g_assert_true (memcmp (ka->data, kc->data, n) != 0);
  fixture_clear (&f);
}

/* An attacker trained exactly like the victim (same blocks, same seed) reproduces every key:
 * byte match 1, NPCR 0; one with other blocks does not. The figures of each attacker are
 * computed for every seed image. */
static void
test_attack (void)
{
  Fixture f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgNet) victim = NULL;
  g_autoptr(DkgImitationAttack) atk = NULL;
  const int blocks[] = { 1, 2 };
  guint steps = 0;

  fixture_init (&f);
  victim = dkg_imitation_train (&f.training, 1, NULL, NULL, &error);
  g_assert_no_error (error);
  atk = dkg_imitation_attack_run (victim, &f.training, blocks, 2, SIZE, count_steps, &steps, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (steps, ==, 2);
  g_assert_cmpuint (atk->n_attackers, ==, 2);
  g_assert_cmpint (atk->n_blocks[0], ==, 1);
  g_assert_cmpint (atk->n_blocks[1], ==, 2);
  g_assert_cmpuint (atk->results[0]->n_pairs, ==, 2);
  g_assert_cmpfloat (atk->results[0]->mean_byte_match, ==, 1.0);
  g_assert_cmpfloat (atk->results[0]->mean_npcr, ==, 0.0);
  g_assert_cmpuint (atk->results[1]->n_pairs, ==, 2);
  g_assert_cmpfloat (atk->results[1]->mean_byte_match, <, 0.5);
  g_assert_cmpfloat (atk->results[1]->mean_npcr, >, 50.0);
  g_assert_cmpfloat (atk->results[1]->mean_npcr, <=, 100.0);
  fixture_clear (&f);
}

/* Two models from seeds 7 and 8: each key decrypts its own ciphertext exactly (diagonal 1),
 * the other's not. */
static void
test_mutual (void)
{
  Fixture f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgAttackMutualDecryption) m = NULL;

  fixture_init (&f);
  m = dkg_imitation_mutual_run (&f.training, 2, 1, f.images[0], NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (m->n_models, ==, 2);
  g_assert_cmpfloat (m->diagonal_min, ==, 1.0);
  g_assert_cmpfloat (m->success[0], ==, 1.0);
  g_assert_cmpfloat (m->success[3], ==, 1.0);
  g_assert_cmpfloat (m->off_diagonal_max, <, 0.5);
  fixture_clear (&f);
}

/* No seeds, no iterations, or a crop the trainer does not take: an error naming the cause. */
static void
test_errors (void)
{
  Fixture f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(DkgNet) net = NULL;

  fixture_init (&f);
  f.training.n_images = 0;
  net = dkg_imitation_train (&f.training, 1, NULL, NULL, &error);
  g_assert_null (net);
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  f.training.n_images = 2;
  f.training.iterations = 0;
  net = dkg_imitation_train (&f.training, 1, NULL, NULL, &error);
  g_assert_null (net);
  g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "iteration"));
  g_clear_error (&error);
  f.training.iterations = 2;
  for (int size = 4; size <= 16; size += 12)     /* below the data set's 8, the trainer's 32 */
    {
      f.training.size = size;
      net = dkg_imitation_train (&f.training, 1, NULL, NULL, &error);
      g_assert_null (net);
      g_assert_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (error->message, "training size"));
      g_clear_error (&error);
    }
  fixture_clear (&f);
}

int
main (int argc, char **argv)
{
  dkg_test_init (&argc, &argv);
  g_test_add_func ("/core/imitation/train-determinism", test_train_determinism);
  g_test_add_func ("/core/imitation/attack", test_attack);
  g_test_add_func ("/core/imitation/mutual", test_mutual);
  g_test_add_func ("/core/imitation/errors", test_errors);
  return g_test_run ();
}
