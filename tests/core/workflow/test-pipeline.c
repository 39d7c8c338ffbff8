/* test-pipeline.c — dkg-pipeline.c: the key-size rule by hand, bit-exact round trips under
 * every scheme, a wrong key refused, the seed, the sealed original, the stages, cancellation
 * and the demo's figures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "dkg-error.h"
#include "dkg-pipeline.h"
#include "dkg-rand.h"
#include "dkg-test-util.h"

static const DkgContainerScheme all_schemes[] = { DKG_CONTAINER_SCHEME_XOR,
                                                  DKG_CONTAINER_SCHEME_ACM_XOR,
                                                  DKG_CONTAINER_SCHEME_CHACHA20_POLY1305 };

/* A small randomly initialised generator: keys are deterministic functions of the seed. */
static DkgNet *
small_generator (DkgArch arch)
{
  DkgNet *net = dkg_net_new (arch, 1);
  g_autoptr(DkgRand) rand = dkg_rand_new_seeded (11);

  dkg_net_init_weights (net, rand);
  return net;
}

/* A w×h image whose samples are a ramp of every byte (16-bit: every other byte too). */
static DkgImage *
ramp (guint w, guint h, guint channels, guint bit_depth, gboolean is_signed)
{
  DkgImage *im = dkg_image_new (w, h, channels, bit_depth, is_signed, NULL);
  gsize n = dkg_image_n_bytes (im);

  for (gsize i = 0; i < n; i++)
    im->data[i] = (guint8) (i * 7 + i / 256);
  return im;
}

/* The rule by hand (dkg_keygen_size_for: the base shape rounded up to the generator's
 * multiple, both sides scaled by √(bytes per pixel / 3) beyond three bytes a pixel). */
static void
test_key_size (void)
{
  g_autoptr(DkgNet) resnet = small_generator (DKG_ARCH_RESNET);     /* multiple 4 */
  g_autoptr(DkgNet) encdec = small_generator (DKG_ARCH_ENCDEC);     /* multiple 16 */
  g_autoptr(DkgImage) colin = dkg_image_new (181, 217, 1, 8, FALSE, NULL);
  g_autoptr(DkgImage) ct = dkg_image_new (128, 128, 1, 16, TRUE, NULL);
  guint w, h;

  /* acm-xor pads to N = max(181, 217) = 217: 217·217 bytes ≤ 217·217·3, so 220×220 */
  dkg_pipeline_key_size (resnet, colin, DKG_CONTAINER_SCHEME_ACM_XOR, &w, &h);
  g_assert_cmpuint (w, ==, 220);
  g_assert_cmpuint (h, ==, 220);
  /* xor and chacha20-poly1305 follow the image's own shape: 181 → 184, 217 → 220 */
  dkg_pipeline_key_size (resnet, colin, DKG_CONTAINER_SCHEME_XOR, &w, &h);
  g_assert_cmpuint (w, ==, 184);
  g_assert_cmpuint (h, ==, 220);
  dkg_pipeline_key_size (resnet, colin, DKG_CONTAINER_SCHEME_CHACHA20_POLY1305, &w, &h);
  g_assert_cmpuint (w, ==, 184);
  g_assert_cmpuint (h, ==, 220);
  /* encdec rounds to 16: 217 → 224 */
  dkg_pipeline_key_size (encdec, colin, DKG_CONTAINER_SCHEME_ACM_XOR, &w, &h);
  g_assert_cmpuint (w, ==, 224);
  g_assert_cmpuint (h, ==, 224);
  /* 16-bit grey is 2 bytes a pixel: the image's own size */
  dkg_pipeline_key_size (resnet, ct, DKG_CONTAINER_SCHEME_ACM_XOR, &w, &h);
  g_assert_cmpuint (w, ==, 128);
  g_assert_cmpuint (h, ==, 128);
  /* RGBA 16-bit, 10×6 under xor: 480 bytes over a 180-byte base, s = √(8/3) = 1.633;
   * ⌈16.33⌉ = 17 → 20, ⌈9.80⌉ = 10 → 12, and 20·12·3 = 720 ≥ 480 */
  dkg_pipeline_key_size_for_shape (resnet, 10, 6, 4, 16, DKG_CONTAINER_SCHEME_XOR, &w, &h);
  g_assert_cmpuint (w, ==, 20);
  g_assert_cmpuint (h, ==, 12);
  /* under acm-xor the base is 10×10: 800 bytes, both sides 17 → 20 */
  dkg_pipeline_key_size_for_shape (resnet, 10, 6, 4, 16, DKG_CONTAINER_SCHEME_ACM_XOR, &w, &h);
  g_assert_cmpuint (w, ==, 20);
  g_assert_cmpuint (h, ==, 20);
}

typedef struct
{
  GString *stages;
  guint    n_key_progress;
} StageLog;

static void
stage_cb (DkgPipelineStage stage, guint index, double fraction, gpointer user_data)
{
  StageLog *log = user_data;
  static const char *const names[] = { "key", "encrypt", "decrypt", "figures" };

  if (stage == DKG_PIPELINE_STAGE_KEY && fraction > 0)
    {
      g_assert_cmpfloat (fraction, <=, 1.0);
      log->n_key_progress++;
      return;
    }
  g_string_append_printf (log->stages, "%s%s:%u", log->stages->len > 0 ? " " : "",
                          names[stage], index);
}

/* Every scheme, on grey 8-bit, grey 16-bit signed and RGB: the key is acm-xor's size, every
 * container decrypts to the plaintext bit for bit, its pixels are not the plaintext, a key
 * that differs in one byte is refused, and the stages come in order. */
static void
test_round_trips (void)
{
  g_autoptr(DkgNet) g = small_generator (DKG_ARCH_RESNET);
  DkgImage *images[] = { ramp (18, 12, 1, 8, FALSE), ramp (13, 16, 1, 16, TRUE),
                         ramp (16, 16, 3, 8, FALSE) };

  for (guint i = 0; i < G_N_ELEMENTS (images); i++)
    {
      const DkgImage *plain = images[i];
      g_autoptr(GString) stages = g_string_new (NULL);
      StageLog log = { stages, 0 };
      DkgPipelineOptions options = { .schemes = all_schemes,
                                     .n_schemes = G_N_ELEMENTS (all_schemes),
                                     .stage_func = stage_cb, .user_data = &log };
      g_autoptr(DkgPipelineResult) r = NULL;
      g_autoptr(DkgImage) wrong = NULL;
      g_autoptr(GError) error = NULL;
      guint n = MAX (plain->width, plain->height), kw, kh;

      r = dkg_pipeline_run (g, plain, &options, &error);
      g_assert_no_error (error);
      g_assert_nonnull (r);
      dkg_pipeline_key_size (g, plain, DKG_CONTAINER_SCHEME_ACM_XOR, &kw, &kh);
      g_assert_cmpuint (r->key->width, ==, kw);
      g_assert_cmpuint (r->key->height, ==, kh);
      g_assert_true (r->key->channels == 3 && r->key->bit_depth == 8);
      g_assert_cmpstr (stages->str, ==, "key:0 encrypt:0 decrypt:0 encrypt:1 decrypt:1 "
                                        "encrypt:2 decrypt:2");
      g_assert_cmpuint (log.n_key_progress, >, 0);
      g_assert_true (r->all_exact);
      g_assert_false (r->has_figures);
      g_assert_null (r->xor_analysis);
      g_assert_cmpuint (r->n_ciphers, ==, 3);

      wrong = dkg_image_copy (r->key);
      wrong->data[0] ^= 1;
      for (guint s = 0; s < r->n_ciphers; s++)
        {
          const DkgPipelineCipher *c = &r->ciphers[s];
          gsize n_bytes = dkg_image_n_bytes (plain), n_same = 0;
          g_autoptr(DkgImage) refused = NULL;
          g_autoptr(GError) auth = NULL;

          g_assert_cmpint (c->scheme, ==, all_schemes[s]);
          g_assert_cmpint (c->info->scheme, ==, all_schemes[s]);
          g_assert_true (c->exact);
          g_assert_true (dkg_image_equal (plain, c->decrypted));
          g_assert_cmpmem (plain->data, n_bytes, c->decrypted->data, n_bytes);
          g_assert_cmpuint (c->cipher->bit_depth, ==, plain->bit_depth);
          g_assert_cmpuint (c->cipher->is_signed, ==, plain->is_signed);
          if (c->scheme == DKG_CONTAINER_SCHEME_ACM_XOR)
            {
              g_assert_cmpuint (c->cipher->width, ==, n);
              g_assert_cmpuint (c->cipher->height, ==, n);
            }
          else
            {
              g_assert_cmpuint (c->cipher->width, ==, plain->width);
              g_assert_cmpuint (c->cipher->height, ==, plain->height);
              for (gsize k = 0; k < n_bytes; k++)
                n_same += c->cipher->data[k] == plain->data[k];
              g_assert_cmpuint (n_same, <, n_bytes / 16);     /* about 1/256 by chance */
            }
          g_assert_cmpfloat (c->encrypt_ms, >=, 0);
          g_assert_cmpfloat (c->decrypt_ms, >=, 0);

          refused = dkg_container_decrypt (c->container, "test", wrong, NULL, &auth);
          g_assert_null (refused);
          g_assert_error (auth, DKG_ERROR, DKG_ERROR_AUTH);
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (images); i++)
    dkg_image_free (images[i]);
}

/* The key comes from the seed: the same seed gives the same key bytes (XOR ciphertexts equal
 * too: C = P ⊕ K), another seed another key; acm-iterations reach the container. */
static void
test_seed (void)
{
  g_autoptr(DkgNet) g = small_generator (DKG_ARCH_RESNET);
  g_autoptr(DkgImage) plain = ramp (20, 20, 1, 8, FALSE);
  g_autoptr(DkgImage) seed = ramp (40, 30, 1, 8, FALSE);
  static const DkgContainerScheme schemes[] = { DKG_CONTAINER_SCHEME_XOR,
                                                DKG_CONTAINER_SCHEME_ACM_XOR };
  DkgPipelineOptions options = { .seed = seed, .schemes = schemes, .n_schemes = 2,
                                 .acm_iterations = 3 };
  DkgPipelineOptions own = { .schemes = schemes, .n_schemes = 2 };
  g_autoptr(DkgPipelineResult) a = NULL;
  g_autoptr(DkgPipelineResult) b = NULL;
  g_autoptr(DkgPipelineResult) c = NULL;
  g_autoptr(DkgImage) direct = NULL;
  g_autoptr(GError) error = NULL;
  gsize n;

  for (gsize k = 0; k < dkg_image_n_bytes (seed); k++)
    seed->data[k] = (guint8) (255 - seed->data[k]);
  a = dkg_pipeline_run (g, plain, &options, &error);
  b = dkg_pipeline_run (g, plain, &options, &error);
  c = dkg_pipeline_run (g, plain, &own, &error);
  g_assert_no_error (error);
  n = dkg_image_n_bytes (a->key);
  g_assert_cmpmem (a->key->data, n, b->key->data, n);
  g_assert_cmpmem (a->ciphers[0].cipher->data, 400, b->ciphers[0].cipher->data, 400);
  g_assert_true (memcmp (a->key->data, c->key->data, n) != 0);
  /* the key is dkg_pipeline_make_key()'s for the seed */
  direct = dkg_pipeline_make_key (g, seed, plain, DKG_CONTAINER_SCHEME_ACM_XOR, NULL, NULL, NULL,
                                  &error);
  g_assert_no_error (error);
  g_assert_true (dkg_image_equal (direct, a->key));
  g_assert_cmpuint (a->ciphers[1].info->acm_iterations, ==, 3);
  g_assert_cmpuint (a->key->width, ==, 20);                /* N = 20: 400 bytes ≤ 1,200 */
  g_assert_cmpuint (a->key->height, ==, 20);
  g_assert_cmpuint (c->ciphers[1].info->acm_iterations, ==, 5);
  /* a key for xor alone follows the plaintext's shape: 18×10 → 20×12, not N×N = 20×20 */
  {
    g_autoptr(DkgImage) wide = ramp (18, 10, 1, 8, FALSE);
    DkgPipelineOptions xor_only = { .schemes = schemes, .n_schemes = 1,
                                    .key_for_schemes_run = TRUE };
    g_autoptr(DkgPipelineResult) x = dkg_pipeline_run (g, wide, &xor_only, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (x->key->width, ==, 20);
    g_assert_cmpuint (x->key->height, ==, 12);
    g_assert_true (x->all_exact);
    xor_only.n_schemes = 2;                               /* with acm-xor: N×N */
    g_clear_pointer (&x, dkg_pipeline_result_free);
    x = dkg_pipeline_run (g, wide, &xor_only, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (x->key->width, ==, 20);
    g_assert_cmpuint (x->key->height, ==, 20);
  }
  /* XOR's first bytes: plaintext ⊕ the key's first bytes (docs/SPECIFICATION.md §5.3) */
  for (guint k = 0; k < 20; k++)
    g_assert_cmpuint (a->ciphers[0].cipher->data[k], ==, plain->data[k] ^ a->key->data[k]);
}

/* A source file sealed in every container comes back byte for byte; a cancelled run reports
 * G_IO_ERROR_CANCELLED. */
static void
test_original_and_errors (void)
{
  g_autoptr(DkgNet) g = small_generator (DKG_ARCH_RESNET);
  g_autoptr(DkgImage) plain = ramp (12, 12, 1, 8, FALSE);
  g_autoptr(GBytes) original = g_bytes_new_static ("not really DICOM", 16);
  g_autoptr(GCancellable) cancel = g_cancellable_new ();
  DkgPipelineOptions options = { .schemes = all_schemes, .n_schemes = 3, .original = original };
  g_autoptr(DkgPipelineResult) r = NULL;
  g_autoptr(DkgPipelineResult) none = NULL;
  g_autoptr(GError) error = NULL;

  r = dkg_pipeline_run (g, plain, &options, &error);
  g_assert_no_error (error);
  for (guint s = 0; s < 3; s++)
    {
      g_autoptr(GBytes) back = dkg_container_decrypt_original (r->ciphers[s].container, "test",
                                                               r->key, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (r->ciphers[s].info->has_original);
      g_assert_cmpuint (r->ciphers[s].info->original_len, ==, 16);
      g_assert_true (g_bytes_equal (back, original));
    }

  g_cancellable_cancel (cancel);
  options.cancellable = cancel;
  none = dkg_pipeline_run (g, plain, &options, &error);
  g_assert_null (none);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* The demo's figures, each against its own computation: key entropy, the key of the seed with
 * its first sample + 1 (NPCR/UACI), each ciphertext's entropy, the XOR pair analysis. */
static void
test_figures (void)
{
  g_autoptr(DkgNet) g = small_generator (DKG_ARCH_RESNET);
  g_autoptr(DkgImage) plain = ramp (24, 20, 1, 8, FALSE);
  g_autoptr(DkgImage) seed2 = dkg_image_copy (plain);
  g_autoptr(DkgImage) key2 = NULL;
  DkgPipelineOptions options = { .schemes = all_schemes, .n_schemes = 3, .figures = TRUE };
  g_autoptr(DkgPipelineResult) r = NULL;
  g_autoptr(DkgPairAnalysis) pa = NULL;
  g_autoptr(GError) error = NULL;
  DkgEntropy e;
  DkgDifferential d;

  r = dkg_pipeline_run (g, plain, &options, &error);
  g_assert_no_error (error);
  g_assert_true (r->has_figures);
  dkg_entropy_compute_image (r->key, &e);
  g_assert_cmpfloat (r->key_entropy.all, ==, e.all);
  g_assert_cmpfloat (e.all, >, 0);
  seed2->data[0] = 1;                       /* the ramp starts at 0: + 1 */
  key2 = dkg_pipeline_make_key (g, seed2, plain, DKG_CONTAINER_SCHEME_ACM_XOR, NULL, NULL, NULL,
                                &error);
  g_assert_no_error (error);
  g_assert_true (dkg_differential_keys (r->key, key2, &d, &error));
  g_assert_cmpfloat (r->key_sensitivity.all.npcr, ==, d.all.npcr);
  g_assert_cmpfloat (r->key_sensitivity.all.uaci, ==, d.all.uaci);
  for (guint s = 0; s < 3; s++)
    {
      dkg_entropy_compute_image (r->ciphers[s].cipher, &e);
      g_assert_cmpfloat (r->ciphers[s].cipher_entropy.all, ==, e.all);
    }
  g_assert_nonnull (r->xor_analysis);
  pa = dkg_pair_analysis_compute (plain, r->ciphers[0].cipher, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (r->xor_analysis->differential.all.npcr, ==, pa->differential.all.npcr);
  g_assert_cmpfloat (r->xor_analysis->similarity.psnr_all, ==, pa->similarity.psnr_all);
}

int
main (int argc, char **argv)
{
  dkg_test_init (&argc, &argv);
  g_test_add_func ("/workflow/pipeline/key-size", test_key_size);
  g_test_add_func ("/workflow/pipeline/round-trips", test_round_trips);
  g_test_add_func ("/workflow/pipeline/seed", test_seed);
  g_test_add_func ("/workflow/pipeline/original-and-errors", test_original_and_errors);
  g_test_add_func ("/workflow/pipeline/figures", test_figures);
  return g_test_run ();
}
