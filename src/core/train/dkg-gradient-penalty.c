/* dkg-gradient-penalty.c — WGAN-GP's gradient penalty and its exact weight gradient
 *
 * GP = mean over the batch of (‖g_i‖₂ − 1)², g_i = ∇_x D(x̂_i), the norm over all C·H·W of one
 * sample (Gulrajani et al. 2017, Alg. 1; DESIGN.md §4.2). Its gradient with respect to the
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
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "dkg-error.h"
#include "dkg-tensor.h"
#include "nn/dkg-activation.h"
#include "nn/dkg-conv2d.h"
#include "train/dkg-gradient-penalty.h"

struct _DkgGradientPenalty
{
  GPtrArray *tangent;     /* per layer: tangent activation at the layer's *input* */
  GArray    *sizes;       /* element-type gsize: allocated floats of each */
  float     *dt, *dt2;    /* back-propagated tangent gradients */
  gsize      dt_n;
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
  return gp;
}

void
dkg_gradient_penalty_free (DkgGradientPenalty *gp)
{
  if (gp == NULL)
    return;
  g_ptr_array_unref (gp->tangent);
  g_array_unref (gp->sizes);
  dkg_free_floats (gp->dt);
  dkg_free_floats (gp->dt2);
  dkg_free_floats (gp->ones);
  g_free (gp);
}

static float *
tangent_buffer (DkgGradientPenalty *gp, guint i, gsize n)
{
  while (gp->tangent->len <= i)
    {
      gsize zero = 0;
      g_ptr_array_add (gp->tangent, NULL);
      g_array_append_val (gp->sizes, zero);
    }
  if (g_array_index (gp->sizes, gsize, i) < n)
    {
      dkg_free_floats (gp->tangent->pdata[i]);
      gp->tangent->pdata[i] = dkg_alloc_floats (n);
      g_array_index (gp->sizes, gsize, i) = n;
    }
  return gp->tangent->pdata[i];
}

static void
conv_shape_of (const DkgLayer *l, int B, DkgConv2dShape *s)
{
  *s = (DkgConv2dShape) { B, l->C, l->in_h, l->in_w, l->OC, l->K, l->S, l->P };
}

/**
 * dkg_gradient_penalty_accumulate:
 * @gp: buffers from dkg_gradient_penalty_new()
 * @critic: a %DKG_ARCH_WGAN_CRITIC network (convolutions, LeakyReLUs, spatial mean)
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
  gsize n_in = (gsize) B * 3 * H * W, per = (gsize) 3 * H * W;
  const float *g;
  float *u, *c, *t;
  double penalty = 0, norm_sum = 0;
  guint L = critic->layers->len;
  const float *p = critic->params->memory;
  float *grad = critic->params->grad;

  if (critic->arch != DKG_ARCH_WGAN_CRITIC)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                   "The gradient penalty needs a wgan-critic, not %s",
                   dkg_arch_to_string (critic->arch));
      return -1;
    }
  if (dkg_net_forward (critic, xhat, B, H, W, TRUE, NULL, NULL, NULL, error) == NULL)
    return -1;

  /* g = ∇_x Σ_i D(x̂_i): samples are independent, so row i is ∇ D(x̂_i). */
  if (gp->ones_n < (gsize) B)
    {
      dkg_free_floats (gp->ones);
      gp->ones = dkg_alloc_floats ((gsize) B);
      gp->ones_n = (gsize) B;
    }
  for (int i = 0; i < B; i++)
    gp->ones[i] = 1.0f;
  g = dkg_net_backward_full (critic, gp->ones, TRUE, FALSE);

  /* u_i = g_i / ‖g_i‖ becomes the tangent input; c_i = λ·2(‖g_i‖ − 1)/B. */
  u = tangent_buffer (gp, 0, n_in);
  c = gp->ones;
  for (int i = 0; i < B; i++)
    {
      const float *gi = g + (gsize) i * per;
      double ss = 0, norm;

      for (gsize k = 0; k < per; k++)
        ss += (double) gi[k] * gi[k];
      norm = sqrt (ss);
      norm_sum += norm;
      penalty += (norm - 1) * (norm - 1);
      for (gsize k = 0; k < per; k++)
        u[(gsize) i * per + k] = norm > 0 ? (float) (gi[k] / norm) : 0.0f;
      c[i] = norm > 0 ? (float) (lambda * 2.0 * (norm - 1) / B) : 0.0f;
    }
  penalty /= B;
  if (mean_grad_norm != NULL)
    *mean_grad_norm = norm_sum / B;

  /* Tangent forward: tangent[l] holds the tangent at layer l's input. */
  for (guint l = 0; l < L; l++)
    {
      const DkgLayer *ly = &g_array_index (critic->layers, DkgLayer, l);
      gsize n_out = (gsize) B * ly->out_c * ly->out_h * ly->out_w;
      const float *tin = gp->tangent->pdata[l];
      float *tout = tangent_buffer (gp, l + 1, n_out);

      tin = gp->tangent->pdata[l];
      switch (ly->kind)
        {
        case DKG_LAYER_CONV2D:
          {
            DkgConv2dShape s;
            conv_shape_of (ly, B, &s);
            dkg_conv2d_forward (tout, tin, p + ly->w, NULL, critic->scratch, &s);
          }
          break;
        case DKG_LAYER_LEAKY_RELU:
          for (gsize k = 0; k < n_out; k++)
            tout[k] = ly->out[k] > 0.0f ? tin[k] : DKG_LEAKY_RELU_SLOPE * tin[k];
          break;
        case DKG_LAYER_SPATIAL_MEAN:
          dkg_spatial_mean_forward (tout, tin, B, ly->in_c, ly->in_h * ly->in_w);
          break;
        default:
          g_set_error (error, DKG_ERROR, DKG_ERROR_INVALID_ARGUMENT,
                       "The tangent network has no rule for layer %s", ly->name);
          return -1;
        }
    }

  /* Tangent backward of Σ_i c_i·T_i: weight gradients only. */
  {
    gsize need = 0;
    for (guint l = 0; l <= L; l++)
      need = MAX (need, g_array_index (gp->sizes, gsize, l));
    if (gp->dt_n < need)
      {
        dkg_free_floats (gp->dt);
        dkg_free_floats (gp->dt2);
        gp->dt = dkg_alloc_floats (need);
        gp->dt2 = dkg_alloc_floats (need);
        gp->dt_n = need;
      }
  }
  t = gp->dt;
  memcpy (t, c, (gsize) B * sizeof (float));
  for (int l = (int) L - 1; l >= 0; l--)
    {
      const DkgLayer *ly = &g_array_index (critic->layers, DkgLayer, l);
      gsize n_in_l = (gsize) B * ly->in_c * ly->in_h * ly->in_w;
      float *dprev = t == gp->dt ? gp->dt2 : gp->dt;
      gboolean need_dinp = l > 0;

      if (need_dinp)
        memset (dprev, 0, n_in_l * sizeof (float));
      switch (ly->kind)
        {
        case DKG_LAYER_CONV2D:
          {
            DkgConv2dShape s;
            conv_shape_of (ly, B, &s);
            dkg_conv2d_backward (need_dinp ? dprev : NULL, grad + ly->w, NULL, t,
                                 gp->tangent->pdata[l], p + ly->w, critic->scratch, &s);
          }
          break;
        case DKG_LAYER_LEAKY_RELU:
          for (gsize k = 0; k < n_in_l; k++)
            dprev[k] = ly->out[k] > 0.0f ? t[k] : DKG_LEAKY_RELU_SLOPE * t[k];
          break;
        case DKG_LAYER_SPATIAL_MEAN:
          dkg_spatial_mean_backward (dprev, t, B, ly->in_c, ly->in_h * ly->in_w);
          break;
        default:
          g_assert_not_reached ();
        }
      t = dprev;
    }
  return penalty;
}
