/* test-net.c — the networks of docs/SPECIFICATION.md §3: sizes, names, shapes,
 * whole-network gradients
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "dkg-error.h"
#include "dkg-tensor.h"
#include "dkg-model-file.h"
#include "dkg-net.h"
#include "dkg-test-util.h"

static void
test_net_resnet_param_count (void)
{
  g_autoptr(DkgNet) g6 = dkg_net_new (DKG_ARCH_RESNET, 6);
  g_autoptr(DkgNet) g3 = dkg_net_new (DKG_ARCH_RESNET, 3);

  /* docs/SPECIFICATION.md §3.1: 271,968 at six blocks; each block is one 64→64 3×3 conv
   * (36,864). */
  g_assert_cmpuint (dkg_net_n_params (g6), ==, 271968);
  g_assert_cmpuint (dkg_net_n_params (g3), ==, 271968 - 3 * 36864);
  g_assert_cmpfloat (fabs (dkg_net_forward_flops (g6, 1, 256, 256) - 3.0317e9), <, 0.001e9);
}

static void
test_net_param_counts (void)
{
  g_autoptr(DkgNet) d = dkg_net_new (DKG_ARCH_PATCHGAN, 0);
  g_autoptr(DkgNet) e = dkg_net_new (DKG_ARCH_ENCDEC, 0);
  g_autoptr(DkgNet) c = dkg_net_new (DKG_ARCH_WGAN_CRITIC, 0);

  /* Sums of C·OC·K² (+ 2·C for BatchNorm γ, β; + OC for a bias), by hand from §3.2–§3.4. */
  g_assert_cmpuint (dkg_net_n_params (d), ==,
                    3 * 16 * 16 + 16 * 32 * 16 + 32 * 64 * 16 + 64 * 128 * 16 + 128 * 1 * 16
                    + 16 + 1);
  g_assert_nonnull (dkg_params_lookup (d->params, "0.bias"));
  g_assert_nonnull (dkg_params_lookup (d->params, "11.bias"));
  g_assert_null (dkg_params_lookup (d->params, "2.bias"));
  g_assert_cmpuint (dkg_net_n_params (e), ==,
                    3 * 64 * 16 + 64 * 128 * 16 + 128 * 256 * 16 + 256 * 512 * 16
                    + 512 * 256 * 16 + 256 * 128 * 16 + 128 * 64 * 16 + 64 * 3 * 16
                    + 2 * (64 + 128 + 256 + 512 + 256 + 128 + 64));
  g_assert_cmpuint (dkg_net_n_params (c), ==, 3 * 64 * 16 + 64 * 128 * 16 + 128 * 16);
  g_assert_cmpuint (e->buffers->n, ==, 2 * (64 + 128 + 256 + 512 + 256 + 128 + 64));
  {
    g_autoptr(DkgNet) deep = dkg_net_new (DKG_ARCH_WGAN_CRITIC_DEEP, 0);
    g_assert_cmpuint (dkg_net_n_params (deep), ==,
                      (3 * 64 + 64 * 128 + 128 * 256 + 256 * 512 + 512 * 1) * 16);
  }
}

/* The names are what PyTorch's state_dict() gives for tools/pytorch/deepkeygen_torch.py. */
static void
test_net_state_dict_names (void)
{
  g_autoptr(DkgNet) g = dkg_net_new (DKG_ARCH_RESNET, 6);
  g_autoptr(DkgNet) e = dkg_net_new (DKG_ARCH_ENCDEC, 0);
  const DkgParamEntry *w;

  g_assert_cmpuint (dkg_params_n_entries (g->params), ==, 3 + 6 + 3);
  g_assert_cmpstr (dkg_params_get_entry (g->params, 0)->name, ==, "0.weight");
  g_assert_cmpstr (dkg_params_get_entry (g->params, 3)->name, ==, "9.block.0.weight");
  g_assert_cmpstr (dkg_params_get_entry (g->params, 8)->name, ==, "14.block.0.weight");
  g_assert_cmpstr (dkg_params_get_entry (g->params, 9)->name, ==, "15.weight");
  g_assert_cmpstr (dkg_params_get_entry (g->params, 11)->name, ==, "21.weight");
  /* ConvTranspose2d weights are (C_in, C_out, K, K). */
  w = dkg_params_lookup (g->params, "15.weight");
  g_assert_nonnull (w);
  g_assert_cmpint (w->shape[0], ==, 64);
  g_assert_cmpint (w->shape[1], ==, 32);
  g_assert_nonnull (dkg_params_lookup (e->params, "1.weight"));
  g_assert_nonnull (dkg_params_lookup (e->params, "1.bias"));
  g_assert_nonnull (dkg_params_lookup (e->buffers, "1.running_mean"));
  g_assert_nonnull (dkg_params_lookup (e->buffers, "19.running_var"));
  g_assert_nonnull (dkg_params_lookup (e->params, "21.weight"));
  g_assert_null (dkg_params_lookup (e->params, "22.weight"));
}

static void
test_net_shapes (void)
{
  g_autoptr(DkgNet) g = dkg_net_new (DKG_ARCH_RESNET, 2);
  g_autoptr(DkgNet) d = dkg_net_new (DKG_ARCH_PATCHGAN, 0);
  g_autoptr(DkgNet) c = dkg_net_new (DKG_ARCH_WGAN_CRITIC, 0);
  g_autoptr(DkgNet) e = dkg_net_new (DKG_ARCH_ENCDEC, 0);
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (1);
  g_autoptr(GError) error = NULL;
  float *x = dkg_alloc_floats (2 * 3 * 256 * 256);
  const float *y;
  int oc, oh, ow;

  dkg_test_fill_uniform (r, x, 2 * 3 * 256 * 256, -1, 1);
  dkg_net_init_weights (g, r);
  y = dkg_net_forward (g, x, 1, 20, 36, FALSE, &oc, &oh, &ow, &error);
  g_assert_no_error (error);
  g_assert_true (oc == 3 && oh == 20 && ow == 36);
  for (int i = 0; i < 3 * 20 * 36; i++)
    g_assert_true (y[i] > -1.0f && y[i] < 1.0f);

  /* PatchGAN: 30×30 logits for 256×256 (docs/SPECIFICATION.md §3.2). */
  y = dkg_net_forward (d, x, 1, 256, 256, FALSE, &oc, &oh, &ow, &error);
  g_assert_no_error (error);
  g_assert_true (y != NULL && oc == 1 && oh == 30 && ow == 30);
  y = dkg_net_forward (c, x, 2, 64, 64, TRUE, &oc, &oh, &ow, &error);
  g_assert_no_error (error);
  g_assert_true (y != NULL && oc == 1 && oh == 1 && ow == 1);
  y = dkg_net_forward (e, x, 2, 32, 48, TRUE, &oc, &oh, &ow, &error);
  g_assert_no_error (error);
  g_assert_true (y != NULL && oc == 3 && oh == 32 && ow == 48);

  g_assert_false (dkg_net_check_input (g, 30, 32, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_SHAPE);
  g_clear_error (&error);
  g_assert_null (dkg_net_forward (d, x, 1, 8, 8, FALSE, NULL, NULL, NULL, &error));
  g_assert_error (error, DKG_ERROR, DKG_ERROR_SHAPE);
  dkg_free_floats (x);
}

/* Inference (activations freed as consumed, in-place activations) equals training mode for
 * networks without BatchNorm. */
static void
test_net_inference_matches_training (void)
{
  g_autoptr(DkgNet) g = dkg_net_new (DKG_ARCH_RESNET, 3);
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (2);
  g_autoptr(GError) error = NULL;
  gsize n = 2 * 3 * 24 * 28;
  float *x = dkg_alloc_floats (n), *a = dkg_alloc_floats (n);
  const float *y;

  dkg_net_init_weights (g, r);
  dkg_test_fill_uniform (r, x, n, -1, 1);
  y = dkg_net_forward (g, x, 2, 24, 28, TRUE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  memcpy (a, y, n * sizeof (float));
  for (int rep = 0; rep < 2; rep++)
    {
      y = dkg_net_forward (g, x, 2, 24, 28, FALSE, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpfloat (dkg_test_max_abs_diff (a, y, n), <, 1e-6);
    }
  dkg_free_floats (x);
  dkg_free_floats (a);
}

/* Σ |out·R| of the last net_loss(): float32 rounding of the forward pass makes L uncertain by
 * a few 1e-7 of it, so a central difference is uncertain by about that over h. */
static double last_abs_sum;

/* L = Σ out·R in double precision. */
static double
net_loss (DkgNet *net, const float *x, int B, int H, int W, const float *R, gsize n_out)
{
  g_autoptr(GError) error = NULL;
  const float *y = dkg_net_forward (net, x, B, H, W, TRUE, NULL, NULL, NULL, &error);
  double L = 0;

  g_assert_no_error (error);
  last_abs_sum = 0;
  for (gsize i = 0; i < n_out; i++)
    {
      L += (double) y[i] * R[i];
      last_abs_sum += fabs ((double) y[i] * R[i]);
    }
  return L;
}

/* Sign pattern of every ReLU/LeakyReLU output: a central difference is only valid when no
 * unit crosses its kink between θ − h and θ + h (then the network is smooth along the
 * segment and the difference converges as h²). */
static GByteArray *
relu_mask (DkgNet *net)
{
  GByteArray *m = g_byte_array_new ();

  for (guint i = 0; i < net->layers->len; i++)
    {
      DkgLayer *l = &g_array_index (net->layers, DkgLayer, i);
      gsize n = (gsize) net->B * l->out_c * l->out_h * l->out_w;

      if (l->kind != DKG_LAYER_RELU && l->kind != DKG_LAYER_LEAKY_RELU)
        continue;
      for (gsize k = 0; k < n; k++)
        {
          guint8 b = l->out[k] > 0.0f;
          g_byte_array_append (m, &b, 1);
        }
    }
  return m;
}

static gboolean
same_mask (GByteArray *a, GByteArray *b)
{
  return a->len == b->len && memcmp (a->data, b->data, a->len) == 0;
}

/* L(θ + h·d) − L(θ − h·d) over 2h, halving h until no ReLU changes sign. */
static double
central_difference (DkgNet *net, float *target, const float *d, gsize n, double h,
                    const float *x, int B, int H, int W, const float *R, gsize n_out,
                    double *h_used)
{
  float *saved = g_memdup2 (target, n * sizeof (float));
  g_autoptr(GByteArray) m0 = NULL;
  double Lp = 0, Lm = 0;

  net_loss (net, x, B, H, W, R, n_out);
  m0 = relu_mask (net);
  for (int tries = 0; tries < 20; tries++, h /= 2)
    {
      g_autoptr(GByteArray) mp = NULL;
      g_autoptr(GByteArray) mm = NULL;

      for (gsize i = 0; i < n; i++)
        target[i] = saved[i] + (float) h * d[i];
      Lp = net_loss (net, x, B, H, W, R, n_out);
      mp = relu_mask (net);
      for (gsize i = 0; i < n; i++)
        target[i] = saved[i] - (float) h * d[i];
      Lm = net_loss (net, x, B, H, W, R, n_out);
      mm = relu_mask (net);
      if (same_mask (m0, mp) && same_mask (m0, mm))
        break;
    }
  memcpy (target, saved, n * sizeof (float));
  g_free (saved);
  *h_used = h;
  return (Lp - Lm) / (2 * h);
}

/* Whole-network gradient check: the analytic gradient against central differences, for the
 * directional derivative along a random direction over all parameters and the input, and for
 * individual parameters of every tensor. BatchNorm nets run in training mode; their running
 * statistics change with each pass but do not enter the training-mode output. */
static void
check_net_gradients (DkgArch arch, int n_blocks, int B, int H, int W)
{
  g_autoptr(DkgNet) net = dkg_net_new (arch, n_blocks);
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (100 + arch);
  g_autoptr(GError) error = NULL;
  gsize n_in = (gsize) B * 3 * H * W, n_out, np;
  float *x, *R, *dir, *dx_dir, *grad, *dinput;
  const float *y, *dx;
  int oc, oh, ow;
  double analytic = 0, numeric, L0, h = 1e-3, worst = 0;

  dkg_net_init_weights (net, r);
  /* Larger weights than the N(0, 0.02) init make the output depend on every layer. */
  for (gsize i = 0; i < net->params->n; i++)
    net->params->memory[i] *= 5.0f;
  for (guint e = 0; e < dkg_params_n_entries (net->params); e++)
    {
      const DkgParamEntry *pe = dkg_params_get_entry (net->params, e);
      if (g_str_has_suffix (pe->name, ".bias"))
        dkg_test_fill_uniform (r, net->params->memory + pe->offset, pe->numel, -0.5, 0.5);
    }
  np = net->params->n;
  x = dkg_alloc_floats (n_in);
  dkg_test_fill_uniform (r, x, n_in, -1, 1);
  y = dkg_net_forward (net, x, B, H, W, TRUE, &oc, &oh, &ow, &error);
  g_assert_no_error (error);
  g_assert_nonnull (y);
  n_out = (gsize) B * oc * oh * ow;
  R = dkg_alloc_floats (n_out);
  dkg_test_fill_uniform (r, R, n_out, -1, 1);

  L0 = net_loss (net, x, B, H, W, R, n_out);
  dkg_params_zero_grad (net->params);
  dx = dkg_net_backward (net, R, TRUE);
  grad = g_memdup2 (net->params->grad, np * sizeof (float));
  dinput = g_memdup2 (dx, n_in * sizeof (float));

  /* Directional derivatives along a random direction within each parameter tensor, and
   * within the input: every coordinate of every gradient takes part. */
  dir = dkg_alloc_floats (np);
  dx_dir = dkg_alloc_floats (n_in);
  dkg_test_fill_uniform (r, dir, np, -1, 1);
  dkg_test_fill_uniform (r, dx_dir, n_in, -1, 1);
  for (int e = -1; e < (int) dkg_params_n_entries (net->params); e++)
    {
      const DkgParamEntry *pe = e >= 0 ? dkg_params_get_entry (net->params, (guint) e) : NULL;
      float *target = pe != NULL ? net->params->memory + pe->offset : x;
      const float *d = pe != NULL ? dir + pe->offset : dx_dir;
      const float *g = pe != NULL ? grad + pe->offset : dinput;
      gsize n = pe != NULL ? pe->numel : n_in;
      double hd = 1e-3, err;

      analytic = 0;
      for (gsize i = 0; i < n; i++)
        analytic += (double) g[i] * d[i];
      numeric = central_difference (net, target, d, n, hd, x, B, H, W, R, n_out, &hd);
      /* Relative error, with the rounding uncertainty of the difference as a floor. */
      err = fabs (analytic - numeric) / MAX (fabs (numeric), 1e-6 * last_abs_sum / hd / 1e-2);
      g_test_message ("%s %s: directional derivative analytic %.8g numeric %.8g (h %.2g, "
                      "rel %.2g)", dkg_arch_to_string (arch), pe != NULL ? pe->name : "input",
                      analytic, numeric, hd, err);
      if (err > 1e-2)
        g_error ("%s %s: directional derivative analytic %.8g numeric %.8g",
                 dkg_arch_to_string (arch), pe != NULL ? pe->name : "input", analytic, numeric);
    }
  (void) L0;

  /* Three single coordinates of every parameter tensor. */
  for (guint e = 0; e < dkg_params_n_entries (net->params); e++)
    {
      const DkgParamEntry *pe = dkg_params_get_entry (net->params, e);
      for (int k = 0; k < 3; k++)
        {
          gsize idx = pe->offset + dkg_rand_below (r, (guint32) pe->numel);
          float one = 1.0f;
          double hu, err;

          numeric = central_difference (net, net->params->memory + idx, &one, 1, h, x, B, H, W,
                                        R, n_out, &hu);
          err = fabs (numeric - grad[idx])
                / MAX (MAX (fabs (numeric), fabs (grad[idx])), 1e-6 * last_abs_sum / hu / 1e-2);
          worst = MAX (worst, err);
          if (err > 1e-2)
            g_error ("%s %s[%" G_GSIZE_FORMAT "]: analytic %.6g numeric %.6g (h %.2g)",
                     dkg_arch_to_string (arch), pe->name, idx - pe->offset, grad[idx], numeric,
                     hu);
        }
    }
  g_test_message ("%s: worst relative error over sampled coordinates %.3g",
                  dkg_arch_to_string (arch), worst);

  g_free (grad);
  g_free (dinput);
  dkg_free_floats (x);
  dkg_free_floats (R);
  dkg_free_floats (dir);
  dkg_free_floats (dx_dir);
}

static void
test_net_gradcheck_resnet (void)
{
  check_net_gradients (DKG_ARCH_RESNET, 2, 1, 12, 8);
}

static void
test_net_gradcheck_patchgan (void)
{
  check_net_gradients (DKG_ARCH_PATCHGAN, 0, 2, 32, 40);
}

static void
test_net_gradcheck_patchgan_nonorm (void)
{
  check_net_gradients (DKG_ARCH_PATCHGAN_NONORM, 0, 2, 32, 40);
}

/* docs/SPECIFICATION.md §3.2: the discriminator must see the key's contrast. With bias-free
 * convolutions, LeakyReLU and the InstanceNorm after the second convolution, D(a·x) = D(x) for
 * every a > 0 (the first release's network, kept as patchgan-nobias, shows it to rounding); with
 * the biases D(0.5·x) differs from D(x) by far more than rounding. */
static void
test_net_patchgan_sees_contrast (void)
{
  static const DkgArch archs[] = { DKG_ARCH_PATCHGAN_NOBIAS, DKG_ARCH_PATCHGAN,
                                   DKG_ARCH_PATCHGAN_NONORM };
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (12);
  gsize n = 3 * 64 * 64;
  float *x = dkg_alloc_floats (n), *half = dkg_alloc_floats (n), *y0 = dkg_alloc_floats (7 * 7);

  dkg_test_fill_uniform (r, x, n, -1, 1);
  for (gsize i = 0; i < n; i++)
    half[i] = 0.5f * x[i];
  for (guint a = 0; a < G_N_ELEMENTS (archs); a++)
    {
      g_autoptr(DkgNet) d = dkg_net_new (archs[a], 0);
      g_autoptr(GError) error = NULL;
      const float *y;
      double diff = 0, mag = 0;
      int oc, oh, ow;

      dkg_net_init_weights (d, r);
      /* Weights ×5, so that the variances InstanceNorm divides by are far above its ε = 1e-5
       * (ε is the only thing that breaks the invariance of the bias-free network). */
      for (gsize i = 0; i < d->params->n; i++)
        d->params->memory[i] *= 5.0f;
      for (guint e = 0; e < dkg_params_n_entries (d->params); e++)
        {
          const DkgParamEntry *pe = dkg_params_get_entry (d->params, e);
          if (g_str_has_suffix (pe->name, ".bias"))
            dkg_test_fill_uniform (r, d->params->memory + pe->offset, pe->numel, -0.1, 0.1);
        }
      y = dkg_net_forward (d, x, 1, 64, 64, TRUE, &oc, &oh, &ow, &error);
      g_assert_no_error (error);
      g_assert_true (oc == 1 && oh == 6 && ow == 6);
      memcpy (y0, y, 36 * sizeof (float));
      y = dkg_net_forward (d, half, 1, 64, 64, TRUE, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      for (int i = 0; i < 36; i++)
        {
          diff = MAX (diff, fabs (y[i] - y0[i]));
          mag = MAX (mag, fabs (y0[i]));
        }
      g_test_message ("%s: max |D(x) − D(x/2)| = %.3g, max |D(x)| = %.3g",
                      dkg_arch_to_string (archs[a]), diff, mag);
      if (archs[a] == DKG_ARCH_PATCHGAN_NOBIAS)
        g_assert_cmpfloat (diff, <, 1e-4 * mag);
      else
        g_assert_cmpfloat (diff, >, 0.05 * mag);
    }
  dkg_free_floats (x);
  dkg_free_floats (half);
  dkg_free_floats (y0);
}

static void
test_net_gradcheck_encdec (void)
{
  check_net_gradients (DKG_ARCH_ENCDEC, 0, 3, 32, 32);
}

static void
test_net_gradcheck_critic (void)
{
  check_net_gradients (DKG_ARCH_WGAN_CRITIC, 0, 2, 20, 24);
}

int
main (int argc, char **argv)
{
  dkg_test_init (&argc, &argv);
  g_test_add_func ("/core/net/resnet-param-count", test_net_resnet_param_count);
  g_test_add_func ("/core/net/param-counts", test_net_param_counts);
  g_test_add_func ("/core/net/state-dict-names", test_net_state_dict_names);
  g_test_add_func ("/core/net/shapes", test_net_shapes);
  g_test_add_func ("/core/net/inference-matches-training", test_net_inference_matches_training);
  g_test_add_func ("/core/net/gradcheck/resnet", test_net_gradcheck_resnet);
  g_test_add_func ("/core/net/gradcheck/patchgan", test_net_gradcheck_patchgan);
  g_test_add_func ("/core/net/gradcheck/patchgan-nonorm", test_net_gradcheck_patchgan_nonorm);
  g_test_add_func ("/core/net/patchgan-sees-contrast", test_net_patchgan_sees_contrast);
  g_test_add_func ("/core/net/gradcheck/encdec", test_net_gradcheck_encdec);
  g_test_add_func ("/core/net/gradcheck/wgan-critic", test_net_gradcheck_critic);
  return g_test_run ();
}
