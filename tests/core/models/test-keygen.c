/* test-keygen.c — key generation (docs/SPECIFICATION.md §5.2): cancellation and progress
 *
 * The generators are seeded resnet and encdec nets of a few blocks; the encdec's convolution
 * weights are scaled so that its activations keep their spread through the BatchNorm layers
 * (running statistics 0 and 1 leave them unnormalised) and its keys are not flat.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "dkg-rand.h"
#include "dkg-keygen.h"
#include "dkg-test-util.h"

typedef struct
{
  GArray       *fractions;              /* element-type double */
  GCancellable *cancellable;
  double        cancel_at;              /* cancel once a fraction reaches this */
  guint         cancel_after;           /* or after this many calls (0: never) */
} Recorder;

static void
record_cb (double fraction, gpointer user_data)
{
  Recorder *rec = user_data;

  g_array_append_val (rec->fractions, fraction);
  if (fraction >= rec->cancel_at
      || (rec->cancel_after > 0 && rec->fractions->len == rec->cancel_after))
    g_cancellable_cancel (rec->cancellable);
}

static void
recorder_init (Recorder *rec, double cancel_at, guint cancel_after)
{
  rec->fractions = g_array_new (FALSE, FALSE, sizeof (double));
  rec->cancellable = g_cancellable_new ();
  rec->cancel_at = cancel_at;
  rec->cancel_after = cancel_after;
}

static void
recorder_clear (Recorder *rec)
{
  g_clear_pointer (&rec->fractions, g_array_unref);
  g_clear_object (&rec->cancellable);
}

/* Strictly increasing, all in (0, 1]. */
static void
assert_increasing (const GArray *fractions)
{
  for (guint i = 0; i < fractions->len; i++)
    {
      double f = g_array_index (fractions, double, i);

      g_assert_cmpfloat (f, >, 0.0);
      g_assert_cmpfloat (f, <=, 1.0);
      if (i > 0)
        g_assert_cmpfloat (f, >, g_array_index (fractions, double, i - 1));
    }
}

static guint
n_convolutions (const DkgNet *net)
{
  guint n = 0;

  for (guint i = 0; i < net->layers->len; i++)
    {
      DkgLayerKind kind = g_array_index (net->layers, DkgLayer, i).kind;
      n += kind == DKG_LAYER_CONV2D || kind == DKG_LAYER_CONV_TRANSPOSE2D;
    }
  return n;
}

static DkgNet *
make_generator (DkgArch arch)
{
  DkgNet *net = dkg_net_new (arch, 2);
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (11);

  dkg_net_init_weights (net, r);
  if (arch == DKG_ARCH_ENCDEC)
    for (guint i = 0; i < net->layers->len; i++)
      {
        DkgLayer *l = &g_array_index (net->layers, DkgLayer, i);
        gsize n = (gsize) l->C * l->OC * l->K * l->K;
        /* N(0, 0.02) → N(0, 1/fan_in), fan_in = C·K·K / S² for both kinds at stride 2 */
        float scale = (float) (1.0 / (0.02 * sqrt ((double) l->C * l->K * l->K / 4.0)));

        if (l->kind == DKG_LAYER_CONV2D || l->kind == DKG_LAYER_CONV_TRANSPOSE2D)
          for (gsize k = 0; k < n; k++)
            net->params->memory[l->w + k] *= scale;
      }
  return net;
}

static DkgImage *
make_seed (void)
{
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (5);
  DkgImage *seed = dkg_image_new (40, 24, 1, 8, FALSE, NULL);

  dkg_rand_bytes (r, seed->data, dkg_image_n_bytes (seed));
  return seed;
}

/* A key that uses the byte range: the comparisons below would mean little on a flat one. */
static void
assert_not_flat (const DkgImage *key)
{
  gboolean seen[256] = { FALSE };
  guint distinct = 0;

  for (gsize i = 0; i < dkg_image_n_bytes (key); i++)
    if (!seen[key->data[i]])
      {
        seen[key->data[i]] = TRUE;
        distinct++;
      }
  g_test_message ("%u distinct key bytes", distinct);
  g_assert_cmpuint (distinct, >=, 64);
}

/* Without cancellation: one report per convolution, strictly increasing, the last exactly 1;
 * the key is dkg_keygen_generate()'s. */
static void
test_keygen_progress (void)
{
  static const DkgArch archs[] = { DKG_ARCH_RESNET, DKG_ARCH_ENCDEC };

  for (guint a = 0; a < G_N_ELEMENTS (archs); a++)
    {
      g_autoptr(DkgNet) net = make_generator (archs[a]);
      g_autoptr(DkgImage) seed = make_seed ();
      g_autoptr(DkgImage) plain = NULL;
      g_autoptr(DkgImage) key = NULL;
      g_autoptr(GError) error = NULL;
      Recorder rec;

      recorder_init (&rec, 2.0, 0);
      key = dkg_keygen_generate_full (net, seed, 64, 48, rec.cancellable, record_cb, &rec,
                                      &error);
      g_assert_no_error (error);
      g_assert_nonnull (key);
      assert_not_flat (key);
      g_assert_cmpuint (rec.fractions->len, ==, n_convolutions (net));
      assert_increasing (rec.fractions);
      g_assert_cmpfloat (g_array_index (rec.fractions, double, rec.fractions->len - 1), ==, 1.0);
      g_assert_cmpfloat (g_array_index (rec.fractions, double, rec.fractions->len - 2), <, 1.0);

      plain = dkg_keygen_generate (net, seed, 64, 48, &error);
      g_assert_no_error (error);
      g_assert_true (dkg_image_equal (plain, key));
      recorder_clear (&rec);
    }
}

/* Cancelled before the start: the error at once, no progress, and the net still works. */
static void
test_keygen_cancel_before_start (void)
{
  g_autoptr(DkgNet) net = make_generator (DKG_ARCH_RESNET);
  g_autoptr(DkgNet) fresh = make_generator (DKG_ARCH_RESNET);
  g_autoptr(DkgImage) seed = make_seed ();
  g_autoptr(DkgImage) key = NULL;
  g_autoptr(DkgImage) ref = NULL;
  g_autoptr(GError) error = NULL;
  Recorder rec;

  recorder_init (&rec, 2.0, 0);
  g_cancellable_cancel (rec.cancellable);
  key = dkg_keygen_generate_full (net, seed, 64, 48, rec.cancellable, record_cb, &rec, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (key);
  g_assert_cmpuint (rec.fractions->len, ==, 0);
  g_clear_error (&error);

  key = dkg_keygen_generate (net, seed, 64, 48, &error);
  g_assert_no_error (error);
  ref = dkg_keygen_generate (fresh, seed, 64, 48, &error);
  g_assert_no_error (error);
  g_assert_true (dkg_image_equal (key, ref));
  recorder_clear (&rec);
}

/* Cancelled from the progress callback at half way: the reports stop below 1, and the same
 * net then makes the key a fresh net makes, bit for bit. */
static void
test_keygen_cancel_half_way (void)
{
  g_autoptr(DkgNet) net = make_generator (DKG_ARCH_RESNET);
  g_autoptr(DkgNet) fresh = make_generator (DKG_ARCH_RESNET);
  g_autoptr(DkgImage) seed = make_seed ();
  g_autoptr(DkgImage) key = NULL;
  g_autoptr(DkgImage) ref = NULL;
  g_autoptr(GError) error = NULL;
  Recorder rec;
  double last;

  ref = dkg_keygen_generate (fresh, seed, 64, 48, &error);
  g_assert_no_error (error);
  assert_not_flat (ref);

  recorder_init (&rec, 0.5, 0);
  key = dkg_keygen_generate_full (net, seed, 64, 48, rec.cancellable, record_cb, &rec, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (key);
  g_clear_error (&error);
  g_assert_cmpuint (rec.fractions->len, >=, 1);
  assert_increasing (rec.fractions);
  last = g_array_index (rec.fractions, double, rec.fractions->len - 1);
  g_test_message ("cancelled at %.3f after %u reports", last, rec.fractions->len);
  g_assert_cmpfloat (last, >=, 0.5);
  g_assert_cmpfloat (last, <, 1.0);
  for (guint i = 0; i + 1 < rec.fractions->len; i++)
    g_assert_cmpfloat (g_array_index (rec.fractions, double, i), <, 0.5);

  key = dkg_keygen_generate (net, seed, 64, 48, &error);
  g_assert_no_error (error);
  g_assert_true (dkg_image_equal (key, ref));
  recorder_clear (&rec);
}

/* Cancelled after each convolution in turn (inside residual blocks and past the BatchNorm
 * layers too), on one net: every run is cancelled, and the next key is the fresh net's. */
static void
test_keygen_cancel_anywhere (void)
{
  static const DkgArch archs[] = { DKG_ARCH_RESNET, DKG_ARCH_ENCDEC };

  for (guint a = 0; a < G_N_ELEMENTS (archs); a++)
    {
      g_autoptr(DkgNet) net = make_generator (archs[a]);
      g_autoptr(DkgNet) fresh = make_generator (archs[a]);
      g_autoptr(DkgImage) seed = make_seed ();
      g_autoptr(DkgImage) ref = NULL;
      g_autoptr(GError) error = NULL;
      guint n = n_convolutions (net);

      ref = dkg_keygen_generate (fresh, seed, 32, 32, &error);
      g_assert_no_error (error);
      for (guint k = 1; k < n; k++)
        {
          g_autoptr(DkgImage) key = NULL;
          Recorder rec;

          recorder_init (&rec, 2.0, k);
          key = dkg_keygen_generate_full (net, seed, 32, 32, rec.cancellable, record_cb, &rec,
                                          &error);
          g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
          g_assert_null (key);
          g_clear_error (&error);
          g_assert_cmpuint (rec.fractions->len, ==, k);
          key = dkg_keygen_generate (net, seed, 32, 32, &error);
          g_assert_no_error (error);
          g_assert_true (dkg_image_equal (key, ref));
          recorder_clear (&rec);
        }
    }
}

int
main (int argc, char **argv)
{
  dkg_test_init (&argc, &argv);
  g_test_add_func ("/core/keygen/progress", test_keygen_progress);
  g_test_add_func ("/core/keygen/cancel/before-start", test_keygen_cancel_before_start);
  g_test_add_func ("/core/keygen/cancel/half-way", test_keygen_cancel_half_way);
  g_test_add_func ("/core/keygen/cancel/anywhere", test_keygen_cancel_anywhere);
  return g_test_run ();
}
