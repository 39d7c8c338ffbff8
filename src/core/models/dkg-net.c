/* dkg-net.c — the networks of docs/SPECIFICATION.md §3 as layer sequences: build, forward, backward
 *
 * A network is a flat list of layers, executed in order; a residual block is bracketed by
 * RESIDUAL_BEGIN (remembers its input x) and RESIDUAL_END (y = x + block(x)). Parameters are
 * named as PyTorch's state_dict() names an nn.Sequential of the same layers, a residual block
 * being a module with an nn.Sequential called `block` (see tools/pytorch/deepkeygen_torch.py):
 * "0.weight", "9.block.0.weight", "1.running_mean", …
 *
 * Training forward passes keep every layer's output for the backward pass. Inference passes
 * free each activation as soon as the next layer has consumed it, so a 2048×2048 key needs a
 * few activations at a time, not all of them. A pass can be cancelled between layers
 * (dkg_net_forward_full()); it then frees what it had and leaves the net released.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "dkg-error.h"
#include "dkg-tensor.h"
#include "dkg-net.h"
#include "dkg-activation.h"
#include "dkg-batch-norm.h"
#include "dkg-conv-transpose2d.h"
#include "dkg-conv2d.h"
#include "dkg-instance-norm.h"

/* ------------------------------------------------------------------------------------------ */
/* construction */

static void
layer_clear (gpointer p)
{
  DkgLayer *l = p;

  g_free (l->name);
  if (l->out_owned)
    dkg_free_floats (l->out);
  dkg_free_floats (l->stat_a);
  dkg_free_floats (l->stat_b);
}

static DkgLayer *
add_layer (DkgNet *net, DkgLayerKind kind, const char *name)
{
  DkgLayer l = { 0 };

  l.kind = kind;
  l.name = g_strdup (name);
  g_array_append_val (net->layers, l);
  return &g_array_index (net->layers, DkgLayer, net->layers->len - 1);
}

static void
add_conv (DkgNet *net, const char *name, gboolean transposed, int C, int OC, int K, int S, int P,
          int OP, gboolean bias)
{
  g_autofree char *wname = g_strdup_printf ("%s.weight", name);
  g_autofree char *bname = g_strdup_printf ("%s.bias", name);
  /* PyTorch: Conv2d weight (OC, C, K, K); ConvTranspose2d weight (C, OC, K, K). */
  gint64 wshape[4] = { transposed ? C : OC, transposed ? OC : C, K, K };
  gint64 bshape[1] = { OC };
  gsize w = dkg_params_register (net->params, wname, 4, wshape);
  gsize b = bias ? dkg_params_register (net->params, bname, 1, bshape) : 0;
  DkgLayer *l = add_layer (net, transposed ? DKG_LAYER_CONV_TRANSPOSE2D : DKG_LAYER_CONV2D, name);

  l->C = C;
  l->OC = OC;
  l->K = K;
  l->S = S;
  l->P = P;
  l->OP = OP;
  l->has_bias = bias;
  l->w = w;
  l->b = b;
}

static void
add_batch_norm (DkgNet *net, const char *name, int C)
{
  g_autofree char *wname = g_strdup_printf ("%s.weight", name);
  g_autofree char *bname = g_strdup_printf ("%s.bias", name);
  g_autofree char *mname = g_strdup_printf ("%s.running_mean", name);
  g_autofree char *vname = g_strdup_printf ("%s.running_var", name);
  gint64 shape[1] = { C };
  gsize w = dkg_params_register (net->params, wname, 1, shape);
  gsize b = dkg_params_register (net->params, bname, 1, shape);
  gsize rm = dkg_params_register (net->buffers, mname, 1, shape);
  gsize rv = dkg_params_register (net->buffers, vname, 1, shape);
  DkgLayer *l = add_layer (net, DKG_LAYER_BATCH_NORM, name);

  l->C = l->OC = C;
  l->w = w;
  l->b = b;
  l->rm = rm;
  l->rv = rv;
}

static void
add_simple (DkgNet *net, DkgLayerKind kind, const char *name)
{
  add_layer (net, kind, name);
}

/* Sequential index → name. */
#define IDX(i) (g_snprintf (name, sizeof name, "%d", (i)), name)

static void
build_resnet (DkgNet *net, int n_blocks)
{
  char name[64];
  int i = 0;

  /* c7s1-16, d32, d64 */
  add_conv (net, IDX (i++), FALSE, 3, 16, 7, 1, 3, 0, FALSE);
  add_simple (net, DKG_LAYER_INSTANCE_NORM, IDX (i++));
  add_simple (net, DKG_LAYER_RELU, IDX (i++));
  add_conv (net, IDX (i++), FALSE, 16, 32, 3, 2, 1, 0, FALSE);
  add_simple (net, DKG_LAYER_INSTANCE_NORM, IDX (i++));
  add_simple (net, DKG_LAYER_RELU, IDX (i++));
  add_conv (net, IDX (i++), FALSE, 32, 64, 3, 2, 1, 0, FALSE);
  add_simple (net, DKG_LAYER_INSTANCE_NORM, IDX (i++));
  add_simple (net, DKG_LAYER_RELU, IDX (i++));
  /* R64 × n_blocks: y = x + ReLU(IN(Conv(x))) */
  for (int r = 0; r < n_blocks; r++, i++)
    {
      int begin = (int) net->layers->len;
      DkgLayer *end;

      g_snprintf (name, sizeof name, "%d", i);
      add_simple (net, DKG_LAYER_RESIDUAL_BEGIN, name);
      g_snprintf (name, sizeof name, "%d.block.0", i);
      add_conv (net, name, FALSE, 64, 64, 3, 1, 1, 0, FALSE);
      g_snprintf (name, sizeof name, "%d.block.1", i);
      add_simple (net, DKG_LAYER_INSTANCE_NORM, name);
      g_snprintf (name, sizeof name, "%d.block.2", i);
      add_simple (net, DKG_LAYER_RELU, name);
      g_snprintf (name, sizeof name, "%d", i);
      end = add_layer (net, DKG_LAYER_RESIDUAL_END, name);
      end->begin = begin;
    }
  /* u32, u16, c7s1-3 */
  add_conv (net, IDX (i++), TRUE, 64, 32, 3, 2, 1, 1, FALSE);
  add_simple (net, DKG_LAYER_INSTANCE_NORM, IDX (i++));
  add_simple (net, DKG_LAYER_RELU, IDX (i++));
  add_conv (net, IDX (i++), TRUE, 32, 16, 3, 2, 1, 1, FALSE);
  add_simple (net, DKG_LAYER_INSTANCE_NORM, IDX (i++));
  add_simple (net, DKG_LAYER_RELU, IDX (i++));
  add_conv (net, IDX (i++), FALSE, 16, 3, 7, 1, 3, 0, FALSE);
  add_simple (net, DKG_LAYER_TANH, IDX (i++));
}

/* §3.2. Bias on the first and last convolution: without the first one, LeakyReLU (positively
 * homogeneous) and the InstanceNorm after the second convolution cancel any input scale, so
 * D(a·x) = D(x) for a > 0 and nothing drives the generator to full-contrast keys.
 * @bias_all and @norm select the training-study variants (DkgArch). */
static void
build_patchgan (DkgNet *net, gboolean bias_first_last, gboolean bias_all, gboolean norm)
{
  static const int ch[] = { 3, 16, 32, 64, 128 };
  char name[64];
  int i = 0;

  for (int k = 0; k < 4; k++)
    {
      add_conv (net, IDX (i++), FALSE, ch[k], ch[k + 1], 4, k < 3 ? 2 : 1, 1, 0,
                bias_all || (k == 0 && bias_first_last));
      if (k > 0 && norm)
        add_simple (net, DKG_LAYER_INSTANCE_NORM, IDX (i++));
      add_simple (net, DKG_LAYER_LEAKY_RELU, IDX (i++));
    }
  add_conv (net, IDX (i++), FALSE, 128, 1, 4, 1, 1, 0, bias_all || bias_first_last);
}

static void
build_encdec (DkgNet *net)
{
  static const int enc[] = { 3, 64, 128, 256, 512 };
  static const int dec[] = { 512, 256, 128, 64 };
  char name[64];
  int i = 0;

  for (int k = 0; k < 4; k++)
    {
      add_conv (net, IDX (i++), FALSE, enc[k], enc[k + 1], 4, 2, 1, 0, FALSE);
      add_batch_norm (net, IDX (i++), enc[k + 1]);
      add_simple (net, DKG_LAYER_RELU, IDX (i++));
    }
  for (int k = 0; k < 3; k++)
    {
      add_conv (net, IDX (i++), TRUE, dec[k], dec[k + 1], 4, 2, 1, 0, FALSE);
      add_batch_norm (net, IDX (i++), dec[k + 1]);
      add_simple (net, DKG_LAYER_RELU, IDX (i++));
    }
  add_conv (net, IDX (i++), TRUE, 64, 3, 4, 2, 1, 0, FALSE);
  add_simple (net, DKG_LAYER_TANH, IDX (i++));
}

static void
build_wgan_critic (DkgNet *net)
{
  char name[64];
  int i = 0;

  add_conv (net, IDX (i++), FALSE, 3, 64, 4, 2, 1, 0, FALSE);
  add_simple (net, DKG_LAYER_LEAKY_RELU, IDX (i++));
  add_conv (net, IDX (i++), FALSE, 64, 128, 4, 2, 1, 0, FALSE);
  add_simple (net, DKG_LAYER_LEAKY_RELU, IDX (i++));
  add_conv (net, IDX (i++), FALSE, 128, 1, 4, 1, 0, 0, FALSE);
  /* D(x) = mean of the score map; not a module in PyTorch (torch.mean in forward). */
  add_simple (net, DKG_LAYER_SPATIAL_MEAN, "mean");
}

static void
build_wgan_critic_deep (DkgNet *net)
{
  static const int ch[] = { 3, 64, 128, 256, 512 };
  char name[64];
  int i = 0;

  for (int k = 0; k < 4; k++)
    {
      add_conv (net, IDX (i++), FALSE, ch[k], ch[k + 1], 4, 2, 1, 0, FALSE);
      add_simple (net, DKG_LAYER_LEAKY_RELU, IDX (i++));
    }
  add_conv (net, IDX (i++), FALSE, 512, 1, 4, 1, 0, 0, FALSE);
  add_simple (net, DKG_LAYER_SPATIAL_MEAN, "mean");
}

#undef IDX

/**
 * dkg_net_new:
 * @arch: the network (docs/SPECIFICATION.md §3)
 * @n_blocks: residual blocks for %DKG_ARCH_RESNET (1..64; the paper uses 6); ignored otherwise
 *
 * Builds the network with all parameters zero; call dkg_net_init_weights() or load weights.
 * BatchNorm running statistics start at mean 0, variance 1 (PyTorch's defaults).
 *
 * Returns: (transfer full): the network
 */
DkgNet *
dkg_net_new (DkgArch arch, int n_blocks)
{
  DkgNet *net;

  g_return_val_if_fail (arch != DKG_ARCH_RESNET || (n_blocks >= 1 && n_blocks <= 64), NULL);

  net = g_new0 (DkgNet, 1);
  net->arch = arch;
  net->n_blocks = arch == DKG_ARCH_RESNET ? n_blocks : 0;
  net->layers = g_array_new (FALSE, TRUE, sizeof (DkgLayer));
  g_array_set_clear_func (net->layers, layer_clear);
  net->params = dkg_params_new ();
  net->buffers = dkg_params_new ();
  switch (arch)
    {
    case DKG_ARCH_RESNET:
      build_resnet (net, n_blocks);
      break;
    case DKG_ARCH_PATCHGAN:
      build_patchgan (net, TRUE, FALSE, TRUE);
      break;
    case DKG_ARCH_PATCHGAN_NOBIAS:
      build_patchgan (net, FALSE, FALSE, TRUE);
      break;
    case DKG_ARCH_PATCHGAN_NONORM:
      build_patchgan (net, TRUE, TRUE, FALSE);
      break;
    case DKG_ARCH_WGAN_CRITIC_DEEP:
      build_wgan_critic_deep (net);
      break;
    case DKG_ARCH_ENCDEC:
      build_encdec (net);
      break;
    case DKG_ARCH_WGAN_CRITIC:
      build_wgan_critic (net);
      break;
    default:
      g_assert_not_reached ();
    }
  dkg_params_allocate (net->params);
  dkg_params_allocate (net->buffers);
  for (guint i = 0; i < net->layers->len; i++)
    {
      DkgLayer *l = &g_array_index (net->layers, DkgLayer, i);
      if (l->kind == DKG_LAYER_BATCH_NORM)
        {
          for (int c = 0; c < l->C; c++)
            {
              net->params->memory[l->w + c] = 1.0f;
              net->buffers->memory[l->rv + c] = 1.0f;
            }
        }
    }
  return net;
}

void
dkg_net_free (DkgNet *net)
{
  if (net == NULL)
    return;
  g_array_unref (net->layers);
  dkg_params_free (net->params);
  dkg_params_free (net->buffers);
  dkg_free_floats (net->scratch);
  dkg_free_floats (net->dinput);
  dkg_free_floats (net->grad_a);
  dkg_free_floats (net->grad_b);
  dkg_free_floats (net->grad_skip);
  g_free (net);
}

/**
 * dkg_arch_to_string:
 * @arch: an architecture
 *
 * Returns: (transfer none): its name in files and on the command line: "resnet", "patchgan",
 *   "encdec", "wgan-critic", "patchgan-nobias", "patchgan-nonorm" or "wgan-critic-deep"
 */
const char *
dkg_arch_to_string (DkgArch arch)
{
  switch (arch)
    {
    case DKG_ARCH_RESNET:
      return "resnet";
    case DKG_ARCH_PATCHGAN:
      return "patchgan";
    case DKG_ARCH_ENCDEC:
      return "encdec";
    case DKG_ARCH_WGAN_CRITIC:
      return "wgan-critic";
    case DKG_ARCH_PATCHGAN_NOBIAS:
      return "patchgan-nobias";
    case DKG_ARCH_PATCHGAN_NONORM:
      return "patchgan-nonorm";
    case DKG_ARCH_WGAN_CRITIC_DEEP:
      return "wgan-critic-deep";
    default:
      return "unknown";
    }
}

/**
 * dkg_arch_from_string:
 * @name: a name of dkg_arch_to_string()
 * @arch: (out): the architecture
 *
 * Returns: %FALSE for an unknown name
 */
gboolean
dkg_arch_from_string (const char *name, DkgArch *arch)
{
  for (int a = DKG_ARCH_RESNET; a <= DKG_ARCH_LAST; a++)
    if (g_strcmp0 (name, dkg_arch_to_string ((DkgArch) a)) == 0)
      {
        *arch = (DkgArch) a;
        return TRUE;
      }
  return FALSE;
}

/**
 * dkg_net_init_weights:
 * @net: a network
 * @rand: the generator all randomness comes from
 *
 * DCGAN/CycleGAN initialisation (docs/SPECIFICATION.md §3): convolution weights N(0, 0.02), biases
 * 0, BatchNorm γ ~ N(1, 0.02), β = 0; running statistics reset to (0, 1). Parameters are drawn in
 * state_dict order, so the same seed gives the same network.
 */
void
dkg_net_init_weights (DkgNet *net, DkgRand *rand)
{
  for (guint i = 0; i < net->layers->len; i++)
    {
      DkgLayer *l = &g_array_index (net->layers, DkgLayer, i);
      float *p = net->params->memory;

      switch (l->kind)
        {
        case DKG_LAYER_CONV2D:
        case DKG_LAYER_CONV_TRANSPOSE2D:
          for (gsize k = 0; k < (gsize) l->C * l->OC * l->K * l->K; k++)
            p[l->w + k] = dkg_rand_normal (rand, 0.0f, 0.02f);
          if (l->has_bias)
            memset (p + l->b, 0, (gsize) l->OC * sizeof (float));
          break;
        case DKG_LAYER_BATCH_NORM:
          for (int c = 0; c < l->C; c++)
            {
              p[l->w + c] = dkg_rand_normal (rand, 1.0f, 0.02f);
              p[l->b + c] = 0.0f;
              net->buffers->memory[l->rm + c] = 0.0f;
              net->buffers->memory[l->rv + c] = 1.0f;
            }
          l->num_batches_tracked = 0;
          break;
        default:
          break;
        }
    }
}

/** dkg_net_n_params: Returns: the number of learnable parameters (271,968 for resnet-6) */
gsize
dkg_net_n_params (const DkgNet *net)
{
  return net->params->n;
}

/* ------------------------------------------------------------------------------------------ */
/* shapes */

static gboolean
compute_shapes (DkgNet *net, int H, int W, GError **error)
{
  int c = 3, h = H, w = W;

  for (guint i = 0; i < net->layers->len; i++)
    {
      DkgLayer *l = &g_array_index (net->layers, DkgLayer, i);

      l->in_c = c;
      l->in_h = h;
      l->in_w = w;
      switch (l->kind)
        {
        case DKG_LAYER_CONV2D:
          h = (h + 2 * l->P - l->K) / l->S + 1;
          w = (w + 2 * l->P - l->K) / l->S + 1;
          if (l->in_h + 2 * l->P < l->K || l->in_w + 2 * l->P < l->K)
            h = w = 0;
          c = l->OC;
          break;
        case DKG_LAYER_CONV_TRANSPOSE2D:
          h = (h - 1) * l->S - 2 * l->P + l->K + l->OP;
          w = (w - 1) * l->S - 2 * l->P + l->K + l->OP;
          c = l->OC;
          break;
        case DKG_LAYER_SPATIAL_MEAN:
          h = w = 1;
          break;
        default:
          break;
        }
      if (h < 1 || w < 1)
        {
          g_set_error (error, DKG_ERROR, DKG_ERROR_SHAPE,
                       "A %d×%d input is too small for the %s network (layer %s)", W, H,
                       dkg_arch_to_string (net->arch), l->name);
          return FALSE;
        }
      l->out_c = c;
      l->out_h = h;
      l->out_w = w;
    }
  return TRUE;
}

/**
 * dkg_net_size_multiple:
 * @net: a network
 *
 * Returns: what H and W of a generator's input must be a multiple of for its output to have
 *   the input's size: 4 for resnet (two stride-2 steps), 16 for encdec; 1 for discriminators
 */
int
dkg_net_size_multiple (const DkgNet *net)
{
  switch (net->arch)
    {
    case DKG_ARCH_RESNET:
      return 4;
    case DKG_ARCH_ENCDEC:
      return 16;
    default:
      return 1;
    }
}

/**
 * dkg_net_check_input:
 * @net: a network
 * @H: input height in pixels
 * @W: input width in pixels
 * @error: return location for a #GError
 *
 * Checks that an (N, 3, @H, @W) input fits: every layer gets at least 1×1, and a generator's
 * output has the input's size (H, W multiples of dkg_net_size_multiple()).
 *
 * Returns: %TRUE if it fits; otherwise %FALSE with %DKG_ERROR_SHAPE
 */
gboolean
dkg_net_check_input (const DkgNet *net, int H, int W, GError **error)
{
  int m = dkg_net_size_multiple (net);

  if (H < 1 || W < 1 || H % m != 0 || W % m != 0)
    {
      g_set_error (error, DKG_ERROR, DKG_ERROR_SHAPE,
                   "The %s network needs an input whose width and height are positive "
                   "multiples of %d; got %d×%d", dkg_arch_to_string (net->arch), m, W, H);
      return FALSE;
    }
  return compute_shapes ((DkgNet *) net, H, W, error);
}

/* The FLOPs of one layer at the shapes of compute_shapes(): convolutions only. */
static double
layer_flops (const DkgLayer *l, int B)
{
  if (l->kind == DKG_LAYER_CONV2D)
    return 2.0 * B * l->OC * l->C * l->K * l->K * l->out_h * l->out_w;
  if (l->kind == DKG_LAYER_CONV_TRANSPOSE2D)
    return 2.0 * B * l->OC * l->C * l->K * l->K * l->in_h * l->in_w;
  return 0;
}

static double
total_flops (const DkgNet *net, int B)
{
  double flops = 0;

  for (guint i = 0; i < net->layers->len; i++)
    flops += layer_flops (&g_array_index (net->layers, DkgLayer, i), B);
  return flops;
}

/**
 * dkg_net_forward_flops:
 * @net: a network
 * @B: batch size
 * @H: input height
 * @W: input width
 *
 * Counts multiply-adds of the convolutions as 2 FLOP each (normalisations and activations
 * not counted): 3.03 GFLOP for resnet-6 at 256×256.
 *
 * Returns: the forward FLOP count, or 0 if the input does not fit
 */
double
dkg_net_forward_flops (DkgNet *net, int B, int H, int W)
{
  if (!compute_shapes (net, H, W, NULL))
    return 0;
  return total_flops (net, B);
}

/* ------------------------------------------------------------------------------------------ */
/* forward */

static void
conv_shape (const DkgLayer *l, int B, DkgConv2dShape *s)
{
  *s = (DkgConv2dShape) { B, l->C, l->in_h, l->in_w, l->OC, l->K, l->S, l->P };
}

static void
convt_shape (const DkgLayer *l, int B, DkgConvTranspose2dShape *s)
{
  *s = (DkgConvTranspose2dShape) { B, l->C, l->in_h, l->in_w, l->OC, l->K, l->S, l->P, l->OP };
}

static gsize
layer_out_numel (const DkgLayer *l, int B)
{
  return (gsize) B * l->out_c * l->out_h * l->out_w;
}

static gsize
layer_in_numel (const DkgLayer *l, int B)
{
  return (gsize) B * l->in_c * l->in_h * l->in_w;
}

static void
ensure_scratch (DkgNet *net, int B)
{
  gsize need = 0;

  for (guint i = 0; i < net->layers->len; i++)
    {
      DkgLayer *l = &g_array_index (net->layers, DkgLayer, i);
      if (l->kind == DKG_LAYER_CONV2D)
        {
          DkgConv2dShape s;
          conv_shape (l, B, &s);
          need = MAX (need, dkg_conv2d_scratch_floats (&s));
        }
      else if (l->kind == DKG_LAYER_CONV_TRANSPOSE2D)
        {
          DkgConvTranspose2dShape s;
          convt_shape (l, B, &s);
          need = MAX (need, dkg_conv_transpose2d_scratch_floats (&s));
        }
    }
  if (need > net->scratch_n)
    {
      dkg_free_floats (net->scratch);
      net->scratch = dkg_alloc_floats (need);
      net->scratch_n = need;
    }
}

static void
set_out (DkgLayer *l, float *buf, gboolean owned)
{
  if (l->out_owned && l->out != buf)
    dkg_free_floats (l->out);
  l->out = buf;
  l->out_owned = owned;
}

static float *
layer_buffer (DkgLayer *l, int B, gboolean training)
{
  /* Training keeps one buffer per layer across steps; inference takes a fresh one. */
  if (training && l->out != NULL && l->out_owned)
    return l->out;
  return dkg_alloc_floats (layer_out_numel (l, B));
}

static void
ensure_stats (DkgLayer *l, gsize n)
{
  dkg_free_floats (l->stat_a);
  dkg_free_floats (l->stat_b);
  l->stat_a = dkg_alloc_floats (n);
  l->stat_b = dkg_alloc_floats (n);
}

/**
 * dkg_net_release:
 * @net: a network
 *
 * Frees the activations, gradients and scratch kept from the last pass (they are
 * reallocated by the next one).
 */
void
dkg_net_release (DkgNet *net)
{
  for (guint i = 0; i < net->layers->len; i++)
    {
      DkgLayer *l = &g_array_index (net->layers, DkgLayer, i);
      set_out (l, NULL, FALSE);
    }
  g_clear_pointer (&net->scratch, dkg_free_floats);
  g_clear_pointer (&net->dinput, dkg_free_floats);
  g_clear_pointer (&net->grad_a, dkg_free_floats);
  g_clear_pointer (&net->grad_b, dkg_free_floats);
  g_clear_pointer (&net->grad_skip, dkg_free_floats);
  net->scratch_n = net->dinput_n = net->grad_n = 0;
  net->B = net->H = net->W = 0;
  net->input = NULL;
}

/**
 * dkg_net_forward:
 * @net: a network
 * @input: (array): (B, 3, H, W) input in [-1, 1] (docs/SPECIFICATION.md §3); must stay valid until
 *   dkg_net_backward() when @training
 * @B: batch size, ≥ 1
 * @H: height
 * @W: width
 * @training: %TRUE: keep activations for dkg_net_backward() and use batch statistics in
 *   BatchNorm (updating its running statistics); %FALSE: inference, activations freed as soon
 *   as consumed, BatchNorm uses its running statistics
 * @out_c: (out) (optional): output channels
 * @out_h: (out) (optional): output height
 * @out_w: (out) (optional): output width
 * @error: return location for a #GError
 *
 * Runs the network. Generators return (B, 3, H, W) in (-1, 1); the PatchGAN returns its
 * (B, 1, h, w) logit map (30×30 for 256×256); the critic returns (B, 1, 1, 1) scores D(x).
 * dkg_net_forward_full() without cancellation or progress.
 *
 * Returns: (transfer none): the output, owned by @net and valid until its next pass; %NULL
 *   with %DKG_ERROR_SHAPE if the input size does not fit
 */
const float *
dkg_net_forward (DkgNet *net, const float *input, int B, int H, int W, gboolean training,
                 int *out_c, int *out_h, int *out_w, GError **error)
{
  return dkg_net_forward_full (net, input, B, H, W, training, out_c, out_h, out_w, NULL, NULL,
                               NULL, error);
}

/**
 * dkg_net_forward_full:
 * @net: a network
 * @input: (array): (B, 3, H, W) input in [-1, 1], as for dkg_net_forward()
 * @B: batch size, ≥ 1
 * @H: height
 * @W: width
 * @training: as for dkg_net_forward()
 * @out_c: (out) (optional): output channels
 * @out_h: (out) (optional): output height
 * @out_w: (out) (optional): output width
 * @cancellable: (nullable): checked before each layer
 * @progress: (nullable) (scope call): called after each convolution but the last with the
 *   fraction of the pass's convolution FLOPs (dkg_net_forward_flops()) done, < 1, then once
 *   with exactly 1.0 when the pass is complete; on the calling thread
 * @user_data: for @progress
 * @error: return location for a #GError
 *
 * dkg_net_forward() that can be cancelled and reports progress. A layer is not interrupted:
 * cancellation takes effect when the running layer ends (the largest layer of resnet-6 is
 * about a tenth of its FLOPs). A cancelled pass frees what it had computed and leaves @net as
 * after dkg_net_release(), ready for another pass that gives the same output as if none had
 * been cancelled (in training mode, the BatchNorm layers already run have updated their
 * running statistics, as they would have in a complete pass).
 *
 * Returns: (transfer none): the output, as for dkg_net_forward(); %NULL with
 *   %DKG_ERROR_SHAPE if the input size does not fit, or %G_IO_ERROR_CANCELLED
 */
const float *
dkg_net_forward_full (DkgNet *net, const float *input, int B, int H, int W, gboolean training,
                      int *out_c, int *out_h, int *out_w, GCancellable *cancellable,
                      DkgProgressFunc progress, gpointer user_data, GError **error)
{
  const float *cur = input;
  float *cur_owned = NULL;        /* inference: the buffer behind cur, freed once consumed */
  const float *skip = NULL;
  float *skip_owned = NULL;
  DkgLayer *last = NULL;
  double total = 0, done = 0;
  gboolean relu_done = FALSE;    /* the next layer, a ReLU, was computed with the InstanceNorm */

  g_return_val_if_fail (B >= 1, NULL);

  if (!compute_shapes (net, H, W, error))
    return NULL;
  if (net->B != B || net->H != H || net->W != W || net->training != training)
    {
      for (guint i = 0; i < net->layers->len; i++)
        set_out (&g_array_index (net->layers, DkgLayer, i), NULL, FALSE);
    }
  net->B = B;
  net->H = H;
  net->W = W;
  net->training = training;
  net->input = training ? input : NULL;
  ensure_scratch (net, B);
  if (progress != NULL)
    total = total_flops (net, B);

  for (guint i = 0; i < net->layers->len; i++)
    {
      DkgLayer *l = &g_array_index (net->layers, DkgLayer, i);
      const float *p = net->params->memory;
      gsize n_out = layer_out_numel (l, B);
      float *out = NULL;
      gboolean in_place = FALSE;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          /* Inference: the activation in hand and a residual block's input are not attached
           * to any layer; the rest is the net's and goes with dkg_net_release(). */
          dkg_free_floats (cur_owned);
          dkg_free_floats (skip_owned);
          dkg_net_release (net);
          return NULL;
        }

      switch (l->kind)
        {
        case DKG_LAYER_CONV2D:
          {
            DkgConv2dShape s;
            conv_shape (l, B, &s);
            out = layer_buffer (l, B, training);
            dkg_conv2d_forward (out, cur, p + l->w, l->has_bias ? p + l->b : NULL, net->scratch, &s);
          }
          break;
        case DKG_LAYER_CONV_TRANSPOSE2D:
          {
            DkgConvTranspose2dShape s;
            convt_shape (l, B, &s);
            out = layer_buffer (l, B, training);
            dkg_conv_transpose2d_forward (out, cur, p + l->w, l->has_bias ? p + l->b : NULL,
                                          net->scratch, &s);
          }
          break;
        case DKG_LAYER_INSTANCE_NORM:
          ensure_stats (l, (gsize) B * l->in_c);
          if (training && i + 1 < net->layers->len
              && g_array_index (net->layers, DkgLayer, i + 1).kind == DKG_LAYER_RELU)
            {
              /* training, followed by a ReLU: both outputs in one pass, the ReLU's kept in
               * its layer for the next iteration to take */
              DkgLayer *nl = &g_array_index (net->layers, DkgLayer, i + 1);

              out = layer_buffer (l, B, training);
              set_out (nl, layer_buffer (nl, B, training), TRUE);
              dkg_instance_norm_relu_forward (out, nl->out, l->stat_a, l->stat_b, cur, B,
                                              l->in_c, l->in_h * l->in_w);
              relu_done = TRUE;
              break;
            }
          if (training)
            out = layer_buffer (l, B, training);
          else
            {
              out = (float *) cur;
              in_place = cur_owned != NULL;
              if (!in_place)
                out = layer_buffer (l, B, training);
            }
          dkg_instance_norm_forward (out, l->stat_a, l->stat_b, cur, B, l->in_c,
                                     l->in_h * l->in_w);
          break;
        case DKG_LAYER_BATCH_NORM:
          if (l->stat_a == NULL)
            ensure_stats (l, (gsize) l->C);
          out = training || cur_owned == NULL ? layer_buffer (l, B, training) : (float *) cur;
          in_place = out == cur;
          dkg_batch_norm_forward (out, l->stat_a, l->stat_b, net->buffers->memory + l->rm,
                                  net->buffers->memory + l->rv, cur, p + l->w, p + l->b, B, l->C,
                                  l->in_h * l->in_w, training);
          if (training)
            l->num_batches_tracked++;
          break;
        case DKG_LAYER_RELU:
        case DKG_LAYER_LEAKY_RELU:
        case DKG_LAYER_TANH:
          if (relu_done)
            {
              out = l->out;
              relu_done = FALSE;
              break;
            }
          out = training || cur_owned == NULL ? layer_buffer (l, B, training) : (float *) cur;
          in_place = out == cur;
          if (l->kind == DKG_LAYER_RELU)
            dkg_relu_forward (out, cur, n_out);
          else if (l->kind == DKG_LAYER_LEAKY_RELU)
            dkg_leaky_relu_forward (out, cur, n_out, DKG_LEAKY_RELU_SLOPE);
          else
            dkg_tanh_forward (out, cur, n_out);
          break;
        case DKG_LAYER_RESIDUAL_BEGIN:
          /* The block's input x is remembered; the layer's output is x itself. */
          skip = cur;
          skip_owned = cur_owned;
          cur_owned = NULL;            /* not freed while the block runs */
          set_out (l, (float *) cur, FALSE);
          last = l;
          continue;
        case DKG_LAYER_RESIDUAL_END:
          if (training)
            out = layer_buffer (l, B, training);
          else
            {
              out = cur_owned != NULL ? (float *) cur : layer_buffer (l, B, training);
              in_place = out == cur;
            }
          dkg_add_forward (out, cur, skip, n_out);
          if (skip_owned != NULL && skip_owned != out)
            dkg_free_floats (skip_owned);
          skip = NULL;
          skip_owned = NULL;
          break;
        case DKG_LAYER_SPATIAL_MEAN:
          out = layer_buffer (l, B, training);
          dkg_spatial_mean_forward (out, cur, B, l->in_c, l->in_h * l->in_w);
          break;
        default:
          g_assert_not_reached ();
        }

      if (training)
        set_out (l, out, TRUE);
      else
        {
          if (cur_owned != NULL && !in_place)
            dkg_free_floats (cur_owned);
          cur_owned = out;
          set_out (l, NULL, FALSE);     /* also drops a final output left from a past pass */
        }
      cur = out;
      last = l;
      if (progress != NULL && layer_flops (l, B) > 0)
        {
          done += layer_flops (l, B);
          if (done < total)
            progress (done / total, user_data);
        }
    }

  if (!training)
    {
      /* Keep the final output in the last layer so the caller can read it. */
      set_out (last, cur_owned, TRUE);
      cur = cur_owned;
    }
  if (progress != NULL)
    progress (1.0, user_data);
  if (out_c != NULL)
    *out_c = last->out_c;
  if (out_h != NULL)
    *out_h = last->out_h;
  if (out_w != NULL)
    *out_w = last->out_w;
  return cur;
}

/* ------------------------------------------------------------------------------------------ */
/* backward */

static const float *
layer_input (const DkgNet *net, guint i)
{
  return i == 0 ? net->input : g_array_index (net->layers, DkgLayer, i - 1).out;
}

static void
ensure_grad_buffers (DkgNet *net)
{
  gsize need = 0;

  for (guint i = 0; i < net->layers->len; i++)
    {
      DkgLayer *l = &g_array_index (net->layers, DkgLayer, i);
      need = MAX (need, layer_out_numel (l, net->B));
      need = MAX (need, layer_in_numel (l, net->B));
    }
  if (need > net->grad_n)
    {
      dkg_free_floats (net->grad_a);
      dkg_free_floats (net->grad_b);
      dkg_free_floats (net->grad_skip);
      net->grad_a = dkg_alloc_floats (need);
      net->grad_b = dkg_alloc_floats (need);
      net->grad_skip = dkg_alloc_floats (need);
      net->grad_n = need;
    }
}

/**
 * dkg_net_backward:
 * @net: a network after a training-mode dkg_net_forward()
 * @dout: (array): gradient of the loss with respect to the output (shape of the output)
 * @want_dinput: %TRUE to compute the gradient with respect to the input (a discriminator's
 *   input gradient is what trains the generator)
 *
 * Back-propagates @dout, accumulating (+=) parameter gradients into net->params->grad (zero
 * them with dkg_params_zero_grad() before a step).
 *
 * Returns: (transfer none) (nullable): the input gradient (B, 3, H, W), owned by @net, when
 *   @want_dinput; %NULL otherwise
 */
const float *
dkg_net_backward (DkgNet *net, const float *dout, gboolean want_dinput)
{
  return dkg_net_backward_full (net, dout, want_dinput, TRUE);
}

/**
 * dkg_net_backward_full:
 * @net: a network after a training-mode dkg_net_forward()
 * @dout: (array): gradient of the loss with respect to the output
 * @want_dinput: compute the input gradient
 * @want_param_grads: accumulate parameter gradients; %FALSE leaves net->params->grad
 *   untouched (the generator step only needs the discriminator's input gradient, the
 *   gradient penalty only the critic's input gradient)
 *
 * dkg_net_backward() with control over what is computed.
 *
 * Returns: (transfer none) (nullable): the input gradient when @want_dinput
 */
const float *
dkg_net_backward_full (DkgNet *net, const float *dout, gboolean want_dinput,
                       gboolean want_param_grads)
{
  const float *dcur = dout;
  float *p, *g;
  int B = net->B;
  gboolean relu_pending = FALSE;   /* a ReLU after an InstanceNorm, done with its backward */

  g_return_val_if_fail (net->training && net->input != NULL, NULL);

  ensure_grad_buffers (net);
  if (want_dinput)
    {
      gsize n = (gsize) B * 3 * net->H * net->W;
      if (net->dinput_n < n)
        {
          dkg_free_floats (net->dinput);
          net->dinput = dkg_alloc_floats (n);
          net->dinput_n = n;
        }
    }
  p = net->params->memory;
  g = net->params->grad;

#define PG(off) (want_param_grads ? g + (off) : NULL)
  for (int i = (int) net->layers->len - 1; i >= 0; i--)
    {
      DkgLayer *l = &g_array_index (net->layers, DkgLayer, i);
      const float *inp = layer_input (net, (guint) i);
      gsize n_in = layer_in_numel (l, B), n_out = layer_out_numel (l, B);
      gboolean first = i == 0;
      float *dinp;

      /* ReLU(InstanceNorm(x)): the ReLU's mask is applied inside the InstanceNorm's backward */
      if (l->kind == DKG_LAYER_RELU && i > 0
          && g_array_index (net->layers, DkgLayer, i - 1).kind == DKG_LAYER_INSTANCE_NORM)
        {
          relu_pending = TRUE;
          continue;
        }
      if (first && !want_dinput && (l->kind == DKG_LAYER_CONV2D
                                    || l->kind == DKG_LAYER_CONV_TRANSPOSE2D))
        dinp = NULL;
      else if (first)
        dinp = net->dinput;
      else
        dinp = dcur == net->grad_a ? net->grad_b : net->grad_a;
      /* The element-wise layers overwrite dinp; the others accumulate into a zeroed one. */
      if (dinp != NULL && l->kind != DKG_LAYER_RELU && l->kind != DKG_LAYER_LEAKY_RELU
          && l->kind != DKG_LAYER_INSTANCE_NORM && l->kind != DKG_LAYER_RESIDUAL_BEGIN
          && l->kind != DKG_LAYER_RESIDUAL_END)
        memset (dinp, 0, n_in * sizeof (float));

      switch (l->kind)
        {
        case DKG_LAYER_CONV2D:
          {
            DkgConv2dShape s;
            conv_shape (l, B, &s);
            dkg_conv2d_backward (dinp, PG (l->w), l->has_bias ? PG (l->b) : NULL, dcur, inp,
                                 p + l->w, net->scratch, &s);
          }
          break;
        case DKG_LAYER_CONV_TRANSPOSE2D:
          {
            DkgConvTranspose2dShape s;
            convt_shape (l, B, &s);
            dkg_conv_transpose2d_backward (dinp, PG (l->w), l->has_bias ? PG (l->b) : NULL,
                                           dcur, inp, p + l->w, net->scratch, &s);
          }
          break;
        case DKG_LAYER_INSTANCE_NORM:
          if (relu_pending)
            dkg_instance_norm_relu_backward_overwrite (dinp, dcur, l->out, l->stat_b, B, l->in_c,
                                                       l->in_h * l->in_w);
          else
            dkg_instance_norm_backward_overwrite (dinp, dcur, l->out, l->stat_b, B, l->in_c,
                                                  l->in_h * l->in_w);
          relu_pending = FALSE;
          break;
        case DKG_LAYER_BATCH_NORM:
          dkg_batch_norm_backward (dinp, PG (l->w), PG (l->b), dcur, inp, l->stat_a, l->stat_b,
                                   p + l->w, B, l->C, l->in_h * l->in_w, TRUE);
          break;
        case DKG_LAYER_RELU:
          dkg_relu_tangent (dinp, dcur, l->out, n_out);
          break;
        case DKG_LAYER_LEAKY_RELU:
          dkg_leaky_relu_tangent (dinp, dcur, l->out, n_out, DKG_LEAKY_RELU_SLOPE);
          break;
        case DKG_LAYER_TANH:
          dkg_tanh_backward (dinp, dcur, l->out, n_out);
          break;
        case DKG_LAYER_RESIDUAL_END:
          /* y = x + f(x): the gradient flows into the block and, saved, to the skip path.
           * When it sits in one of the two alternating buffers, that buffer becomes the skip
           * buffer (and the old skip buffer takes its place): nothing is copied. */
          if (dcur == net->grad_a || dcur == net->grad_b)
            {
              float **slot = dcur == net->grad_a ? &net->grad_a : &net->grad_b;

              *slot = net->grad_skip;
              net->grad_skip = (float *) dcur;
              dinp = net->grad_skip;
            }
          else
            {
              memcpy (net->grad_skip, dcur, n_out * sizeof (float));
              memcpy (dinp, dcur, n_out * sizeof (float));
            }
          break;
        case DKG_LAYER_RESIDUAL_BEGIN:
          for (gsize k = 0; k < n_out; k++)
            dinp[k] = dcur[k] + net->grad_skip[k];
          break;
        case DKG_LAYER_SPATIAL_MEAN:
          dkg_spatial_mean_backward (dinp, dcur, B, l->in_c, l->in_h * l->in_w);
          break;
        default:
          g_assert_not_reached ();
        }
      dcur = dinp;
    }
#undef PG
  return want_dinput ? net->dinput : NULL;
}

/**
 * dkg_net_copy_weights:
 * @dst: a network of the same architecture and size as @src
 * @src: the source
 *
 * Copies parameters and BatchNorm running statistics (not gradients or Adam state).
 */
void
dkg_net_copy_weights (DkgNet *dst, const DkgNet *src)
{
  g_return_if_fail (dst->params->n == src->params->n && dst->buffers->n == src->buffers->n);

  memcpy (dst->params->memory, src->params->memory, src->params->n * sizeof (float));
  memcpy (dst->buffers->memory, src->buffers->memory, src->buffers->n * sizeof (float));
  for (guint i = 0; i < dst->layers->len; i++)
    g_array_index (dst->layers, DkgLayer, i).num_batches_tracked =
      g_array_index (src->layers, DkgLayer, i).num_batches_tracked;
}
