/* dkg-net.h — the four networks of
 * docs/SPECIFICATION.md §3 as sequences of layers, forward and backward
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "dkg-progress.h"
#include "dkg-rand.h"
#include "dkg-params.h"

G_BEGIN_DECLS

/**
 * DkgArch:
 * @DKG_ARCH_RESNET: `resnet` generator, docs/SPECIFICATION.md §3.1 (DeepKeyGen, Table I)
 * @DKG_ARCH_PATCHGAN: `patchgan` discriminator, §3.2 (DeepKeyGen, Table II), with a bias in
 *   its first and last convolution
 * @DKG_ARCH_ENCDEC: `encdec` encoder–decoder generator, §3.3 (WGAN-GP variant)
 * @DKG_ARCH_WGAN_CRITIC: `wgan-critic`, §3.4
 * @DKG_ARCH_PATCHGAN_NOBIAS: `patchgan-nobias`, the first release's PatchGAN without any bias:
 *   blind to the input's contrast (D(a·x) = D(x) for a > 0, §3.2). Kept for the training study
 *   and for checkpoints of format 1; not a recipe
 * @DKG_ARCH_PATCHGAN_NONORM: `patchgan-nonorm`, the PatchGAN without InstanceNorm and with a bias
 *   in every convolution (pix2pix's layers where no norm follows); a training-study variant
 * @DKG_ARCH_WGAN_CRITIC_DEEP: `wgan-critic-deep`, a critic of the DCGAN shape of Gulrajani et
 *   al.'s code: four stride-2 4×4 convolutions (64, 128, 256, 512 channels) with LeakyReLU and a
 *   4×4 one-channel convolution, score = mean of the map; receptive field 94 pixels (the
 *   §3.4 critic: 34), 2.8M parameters; inputs of at least 64×64; a training-study variant
 */
typedef enum
{
  DKG_ARCH_RESNET,
  DKG_ARCH_PATCHGAN,
  DKG_ARCH_ENCDEC,
  DKG_ARCH_WGAN_CRITIC,
  DKG_ARCH_PATCHGAN_NOBIAS,
  DKG_ARCH_PATCHGAN_NONORM,
  DKG_ARCH_WGAN_CRITIC_DEEP,
} DkgArch;

/* The last #DkgArch value, for loops over all of them. */
#define DKG_ARCH_LAST DKG_ARCH_WGAN_CRITIC_DEEP

typedef enum
{
  DKG_LAYER_CONV2D,
  DKG_LAYER_CONV_TRANSPOSE2D,
  DKG_LAYER_INSTANCE_NORM,
  DKG_LAYER_BATCH_NORM,
  DKG_LAYER_RELU,
  DKG_LAYER_LEAKY_RELU,
  DKG_LAYER_TANH,
  DKG_LAYER_RESIDUAL_BEGIN,
  DKG_LAYER_RESIDUAL_END,
  DKG_LAYER_SPATIAL_MEAN,
} DkgLayerKind;

/**
 * DkgLayer:
 *
 * One layer of a #DkgNet. Convolutions: @C → @OC channels, kernel @K, stride @S, padding @P,
 * output padding @OP (transposed only); parameter offsets @w and @b (BatchNorm: γ and β) in the
 * net's #DkgParams, running statistics @rm / @rv in its buffers. The shape fields and buffers
 * describe the last forward pass.
 */
typedef struct
{
  DkgLayerKind kind;
  int          C, OC, K, S, P, OP;
  gboolean     has_bias;
  gsize        w, b, rm, rv;
  gint64       num_batches_tracked;
  int          begin;                   /* RESIDUAL_END: index of its RESIDUAL_BEGIN */
  char        *name;                    /* state_dict prefix, e.g. "9.block.0" */
  /* last forward */
  int          in_c, in_h, in_w;
  int          out_c, out_h, out_w;
  float       *out;                     /* (B, out_c, out_h, out_w) */
  gboolean     out_owned;
  float       *stat_a;                  /* IN: mean (B·C); BN: batch mean (C) */
  float       *stat_b;                  /* IN: rstd (B·C); BN: rstd (C) */
} DkgLayer;

/**
 * DkgNet:
 * @arch: which network
 * @n_blocks: residual blocks (resnet only)
 * @layers: (element-type DkgLayer): the layers in order
 * @params: learnable parameters, named as PyTorch's state_dict of the equivalent nn.Sequential
 * @buffers: BatchNorm running statistics (no gradient), named likewise
 */
typedef struct
{
  DkgArch      arch;
  int          n_blocks;
  GArray      *layers;
  DkgParams   *params;
  DkgParams   *buffers;
  /* last forward */
  int          B, H, W;
  gboolean     training;
  const float *input;
  float       *scratch;
  gsize        scratch_n;
  float       *dinput;
  gsize        dinput_n;
  float       *grad_a, *grad_b, *grad_skip;
  gsize        grad_n;
} DkgNet;

DkgNet      *dkg_net_new               (DkgArch       arch,
                                        int           n_blocks);
void         dkg_net_free              (DkgNet       *net);
const char  *dkg_arch_to_string        (DkgArch       arch);
gboolean     dkg_arch_from_string      (const char   *name,
                                        DkgArch      *arch);
void         dkg_net_init_weights      (DkgNet       *net,
                                        DkgRand      *rand);
gsize        dkg_net_n_params          (const DkgNet *net);
gboolean     dkg_net_check_input       (const DkgNet *net,
                                        int           H,
                                        int           W,
                                        GError      **error);
int          dkg_net_size_multiple     (const DkgNet *net);
double       dkg_net_forward_flops     (DkgNet       *net,
                                        int           B,
                                        int           H,
                                        int           W);
const float *dkg_net_forward           (DkgNet       *net,
                                        const float  *input,
                                        int           B,
                                        int           H,
                                        int           W,
                                        gboolean      training,
                                        int          *out_c,
                                        int          *out_h,
                                        int          *out_w,
                                        GError      **error);
const float *dkg_net_forward_full      (DkgNet         *net,
                                        const float    *input,
                                        int             B,
                                        int             H,
                                        int             W,
                                        gboolean        training,
                                        int            *out_c,
                                        int            *out_h,
                                        int            *out_w,
                                        GCancellable   *cancellable,
                                        DkgProgressFunc progress,
                                        gpointer        user_data,
                                        GError        **error);
const float *dkg_net_backward          (DkgNet       *net,
                                        const float  *dout,
                                        gboolean      want_dinput);
const float *dkg_net_backward_full      (DkgNet       *net,
                                        const float  *dout,
                                        gboolean      want_dinput,
                                        gboolean      want_param_grads);
void         dkg_net_release           (DkgNet       *net);
void         dkg_net_copy_weights      (DkgNet       *dst,
                                        const DkgNet *src);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkgNet, dkg_net_free)

G_END_DECLS
