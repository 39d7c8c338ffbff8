/* dkg-gradient-penalty.c — WGAN-GP's gradient penalty and its exact weight gradient
 *
 * GP = mean over the batch of (‖g_i‖₂ − 1)², g_i = ∇_x D(x̂_i), the norm over all C·H·W of one
 * sample (Gulrajani et al. 2017, Alg. 1; docs/SPECIFICATION.md §4.2). Its gradient with respect to the
 * critic's weights θ is what PyTorch computes with create_graph=True. For a critic of
 * convolutions and LeakyReLUs (no normalisation, §3.4) it is an ordinary backward pass:
 *
 *   ∂GP/∂θ = (1/B) Σ_i 2(‖g_i‖ − 1) · ∂‖g_i‖/∂θ,   ∂‖g_i‖/∂θ = ∂(u_iᵀ g_i(θ))/∂θ with u_i = g_i/‖g_i‖
 *
 * held fixed, and u_iᵀ g_i = u_iᵀ J_D(x̂_i)ᵀ… = J_D(x̂_i) u_i is the output of the *tangent
 * network*: the critic's convolutions without bias, each LeakyReLU replaced by multiplication
 * with its slope at the primal activation (1 or 0.2; piecewise constant in θ, so it contributes
 * no derivative), the final mean kept, fed with u_i. Back-propagating c_i = λ·2(‖g_i‖ − 1)/B
 * through the tangent network gives λ·∂GP/∂θ: three passes (primal forward, input backward,
 * tangent forward + backward) instead of a general double backward.
 *
 * The tangent network is linear and has the primal network's Jacobian, so its backward needs no
 * pass of its own: the gradient it carries to a convolution's output is c_i times the one the
 * input backward (seeded with 1 per sample) carried there. Keeping those, and feeding the tangent
 * network c_i·u_i instead of u_i, each convolution's weight gradient is one product
 * dW += δ_l · t_lᵀ of the stored δ_l and the tangent t_l at its input; the tangent forward stops
 * at the last convolution's input.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "dkg-error.h"
#include "dkg-tensor.h"
#include "dkg-activation.h"
#include "dkg-conv2d.h"
#include "dkg-gradient-penalty.h"

struct _DkgGradientPenalty
{
  GPtrArray *tangent;     /* per layer: tangent activation at the layer's *input* */
  GArray    *sizes;       /* element-type gsize: allocated floats of each */
  GPtrArray *delta;       /* per layer: input-backward gradient at the layer's *input* */
  GArray    *delta_sizes; /* element-type gsize */
  float     *ones;
  gsize      ones_n;
};

/** dkg_gradient_penalty_new: Returns: (transfer full): reusable buffers for the penalty */
DkgGradientPenalty *
dkg_gradient_penalty_new (void)
{
  DkgGradientPenalty *gp = g_new0 (DkgGradientPenalty, 1);

  gp->tangent = g_ptr_array_new_with_free_func ((GDestroyNotify) dkg_free_floats);
  gp->sizes = g_array_new (FALSE, TRUE, sizeof (gsize));
  gp->delta = g_ptr_array_new_with_free_func ((GDestroyNotify) dkg_free_floats);
  gp->delta_sizes = g_array_new (FALSE, TRUE, sizeof (gsize));
  return gp;
}

void
dkg_gradient_penalty_free (DkgGradientPenalty *gp)
{
  if (gp == NULL)
    return;
  g_ptr_array_unref (gp->tangent);
  g_array_unref (gp->sizes);
  g_ptr_array_unref (gp->delta);
  g_array_unref (gp->delta_sizes);
  dkg_free_floats (gp->ones);
  g_free (gp);
}

/* buffer i of bufs (sizes: its allocated floats), at least n floats, kept across calls */
static float *
layer_buffer (GPtrArray *bufs, GArray *sizes, guint i, gsize n)
{
  while (bufs->len <= i)
    {
      gsize zero = 0;
      g_ptr_array_add (bufs, NULL);
      g_array_append_val (sizes, zero);
    }
  if (g_array_index (sizes, gsize, i) < n)
    {
      dkg_free_floats (bufs->pdata[i]);
      bufs->pdata[i] = dkg_alloc_floats (n);
      g_array_index (sizes, gsize, i) = n;
    }
  return bufs->pdata[i];
}

static float *
tangent_buffer (DkgGradientPenalty *gp, guint i, gsize n)
{
  return layer_buffer (gp->tangent, gp->sizes, i, n);
}

static float *
delta_buffer (DkgGradientPenalty *gp, guint i, gsize n)
{
  return layer_buffer (gp->delta, gp->delta_sizes, i, n);
}

static void
conv_shape_of (const DkgLayer *l, int B, DkgConv2dShape *s)
{
  *s = (DkgConv2dShape) { B, l->C, l->in_h, l->in_w, l->OC, l->K, l->S, l->P };
}

/**
 * dkg_gradient_penalty_accumulate:
 * @gp: buffers from dkg_gradient_penalty_new()
 * @critic: a %DKG_ARCH_WGAN_CRITIC or %DKG_ARCH_WGAN_CRITIC_DEEP network (bias-free
 *   convolutions, LeakyReLUs, spatial mean)
 * @xhat: (array): (B, 3, H, W) interpolates x̂ = α·y + (1 − α)·G(x)
 * @B: batch size
 * @H: height
 * @W: width
 * @lambda: the penalty weight λ (10 in the paper)
 * @mean_grad_norm: (out) (optional): mean of ‖g_i‖ over the batch
 * @error: return location for a #GError
 *
 * Computes GP and accumulates (+=) λ·∂GP/∂θ into critic->params->grad. Runs a training-mode
 * forward of @critic on @xhat: activations of earlier passes are overwritten, so finish their
 * backward first.
 *
 * Returns: GP (not multiplied by λ), or a negative value with %DKG_ERROR_SHAPE /
 *   %DKG_ERROR_INVALID_ARGUMENT (not a critic) set
 */
double
dkg_gradient_penalty_accumulate (DkgGradientPenalty *gp, DkgNet *critic, const float *xhat,
                                 int B, int H, int W, float lambda, double *mean_grad_norm,
                                 GError **error)
{
  gsize per = (gsize) 3 * H * W;
  const float *g;
  float *u;
  double penalty = 0, norm_sum = 0;
  guint L = critic->layers->len, last_conv = 0;
  const float *p = critic->params->memory;
  float *grad = critic->params->grad;

  if (critic->arch != DKG_ARCH_WGAN_CRITIC && critic->arch != DKG_ARCH_WGAN_CRITIC_DEEP)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                   "The gradient penalty needs a wgan-critic, not %s",
                   dkg_arch_to_string (critic->arch));
      return -1;
    }
  for (guint l = 0; l < L; l++)
    {
      const DkgLayer *ly = &g_array_index (critic->layers, DkgLayer, l);

      if (ly->kind == DKG_LAYER_CONV2D)
        last_conv = l;
      else if (ly->kind != DKG_LAYER_LEAKY_RELU && ly->kind != DKG_LAYER_SPATIAL_MEAN)
        {
          g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                       "The tangent network has no rule for layer %s", ly->name);
          return -1;
        }
    }
  if (dkg_net_forward (critic, xhat, B, H, W, TRUE, NULL, NULL, NULL, error) == NULL)
    return -1;

  /* Input backward of Σ_i D(x̂_i), keeping delta[l], the gradient at layer l's input:
   * samples are independent, so row i of g = delta[0] is ∇ D(x̂_i). */
  if (gp->ones_n < (gsize) B)
    {
      dkg_free_floats (gp->ones);
      gp->ones = dkg_alloc_floats ((gsize) B);
      gp->ones_n = (gsize) B;
    }
  for (int i = 0; i < B; i++)
    gp->ones[i] = 1.0f;
  for (int l = (int) L - 1; l >= 0; l--)
    {
      const DkgLayer *ly = &g_array_index (critic->layers, DkgLayer, l);
      gsize n_in = (gsize) B * ly->in_c * ly->in_h * ly->in_w;
      const float *dout = l == (int) L - 1 ? gp->ones : gp->delta->pdata[l + 1];
      float *dinp = delta_buffer (gp, (guint) l, n_in);

      switch (ly->kind)
        {
        case DKG_LAYER_CONV2D:
          {
            DkgConv2dShape s;
            conv_shape_of (ly, B, &s);
            memset (dinp, 0, n_in * sizeof (float));
            dkg_conv2d_backward (dinp, NULL, NULL, dout,
                                 l == 0 ? xhat : g_array_index (critic->layers, DkgLayer, l - 1).out,
                                 p + ly->w, critic->scratch, &s);
          }
          break;
        case DKG_LAYER_LEAKY_RELU:
          dkg_leaky_relu_tangent (dinp, dout, ly->out, n_in, DKG_LEAKY_RELU_SLOPE);
          break;
        case DKG_LAYER_SPATIAL_MEAN:
          memset (dinp, 0, n_in * sizeof (float));
          dkg_spatial_mean_backward (dinp, dout, B, ly->in_c, ly->in_h * ly->in_w);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  g = gp->delta->pdata[0];

  /* The tangent input c_i·u_i, u_i = g_i / ‖g_i‖, c_i = λ·2(‖g_i‖ − 1)/B. */
  u = tangent_buffer (gp, 0, (gsize) B * per);
  for (int i = 0; i < B; i++)
    {
      const float *gi = g + (gsize) i * per;
      float *ui = u + (gsize) i * per;
      double ss = 0, norm, scale;

      for (gsize k = 0; k < per; k++)
        ss += (double) gi[k] * gi[k];
      norm = sqrt (ss);
      norm_sum += norm;
      penalty += (norm - 1) * (norm - 1);
      scale = norm > 0 ? lambda * 2.0 * (norm - 1) / B / norm : 0.0;
      for (gsize k = 0; k < per; k++)
        ui[k] = (float) (gi[k] * scale);
    }
  penalty /= B;
  if (mean_grad_norm != NULL)
    *mean_grad_norm = norm_sum / B;

  /* Tangent forward up to the last convolution's input (tangent[l] at layer l's input), and
   * each convolution's weight gradient δ_l·t_lᵀ, δ_l = delta[l + 1] at its output. */
  for (guint l = 0; l <= last_conv; l++)
    {
      const DkgLayer *ly = &g_array_index (critic->layers, DkgLayer, l);
      gsize n_out = (gsize) B * ly->out_c * ly->out_h * ly->out_w;
      const float *tin = gp->tangent->pdata[l];
      float *tout = l < last_conv ? tangent_buffer (gp, l + 1, n_out) : NULL;

      switch (ly->kind)
        {
        case DKG_LAYER_CONV2D:
          {
            DkgConv2dShape s;
            conv_shape_of (ly, B, &s);
            dkg_conv2d_backward (NULL, grad + ly->w, NULL, gp->delta->pdata[l + 1], tin,
                                 p + ly->w, critic->scratch, &s);
            if (tout != NULL)
              dkg_conv2d_forward (tout, tin, p + ly->w, NULL, critic->scratch, &s);
          }
          break;
        case DKG_LAYER_LEAKY_RELU:
          dkg_leaky_relu_tangent (tout, tin, ly->out, n_out, DKG_LEAKY_RELU_SLOPE);
          break;
        case DKG_LAYER_SPATIAL_MEAN:
          dkg_spatial_mean_forward (tout, tin, B, ly->in_c, ly->in_h * ly->in_w);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  return penalty;
}
