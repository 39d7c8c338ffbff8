/* parity-dump.c — writes what tools/pytorch/deepkeygen_torch.py `parity` compares
 *
 *   parity-dump ARCH B H W OUT.safetensors
 *
 * Builds ARCH (resnet with 2 residual blocks) with seeded N(0, 0.02)·5 weights, runs a
 * training-mode forward on a random input x, back-propagates L = Σ out·R, and stores
 * weight.<name> (the weights and buffers before the pass), input, R, out, dinput,
 * grad.<name> (parameter gradients) and buffer.<name> (BatchNorm running statistics after
 * the pass), with metadata arch, n_blocks and training.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>

#include "dkg-blas.h"
#include "dkg-tensor.h"
#include "dkg-safetensors.h"
#include "dkg-net.h"

static void
add_all (DkgSafetensors *st, const DkgParams *p, const char *prefix, const float *data)
{
  for (guint i = 0; i < dkg_params_n_entries (p); i++)
    {
      const DkgParamEntry *e = dkg_params_get_entry (p, i);
      g_autofree char *name = g_strconcat (prefix, e->name, NULL);
      dkg_safetensors_add_f32 (st, name, (guint) e->ndim, e->shape, data + e->offset);
    }
}

int
main (int argc, char **argv)
{
  g_autoptr(DkgSafetensors) st = dkg_safetensors_new ();
  g_autoptr(DkgNet) net = NULL;
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (2024);
  g_autoptr(GError) error = NULL;
  DkgArch arch;
  int B, H, W, oc, oh, ow;
  gsize n_in, n_out;
  float *x, *R;
  const float *y, *dx;
  gint64 shape[4];

  dkg_blas_init (argv);
  dkg_blas_set_threads (1);
  if (argc != 6 || !dkg_arch_from_string (argv[1], &arch))
    {
      fprintf (stderr, "usage: parity-dump ARCH B H W OUT.safetensors\n");
      return 2;
    }
  B = atoi (argv[2]);
  H = atoi (argv[3]);
  W = atoi (argv[4]);
  net = dkg_net_new (arch, 2);
  dkg_net_init_weights (net, r);
  for (gsize i = 0; i < net->params->n; i++)
    net->params->memory[i] *= 5.0f;
  /* Biases start at 0: give them values, so that the forward pass tests them too. */
  for (guint e = 0; e < dkg_params_n_entries (net->params); e++)
    {
      const DkgParamEntry *pe = dkg_params_get_entry (net->params, e);
      if (g_str_has_suffix (pe->name, ".bias"))
        for (gsize i = 0; i < pe->numel; i++)
          net->params->memory[pe->offset + i] = (float) (dkg_rand_double (r) - 0.5);
    }
  add_all (st, net->params, "weight.", net->params->memory);
  add_all (st, net->buffers, "weight.", net->buffers->memory);

  n_in = (gsize) B * 3 * H * W;
  x = dkg_alloc_floats (n_in);
  for (gsize i = 0; i < n_in; i++)
    x[i] = (float) (2 * dkg_rand_double (r) - 1);
  y = dkg_net_forward (net, x, B, H, W, TRUE, &oc, &oh, &ow, &error);
  if (y == NULL)
    {
      fprintf (stderr, "parity-dump: %s\n", error->message);
      return 1;
    }
  n_out = (gsize) B * oc * oh * ow;
  R = dkg_alloc_floats (n_out);
  for (gsize i = 0; i < n_out; i++)
    R[i] = (float) (2 * dkg_rand_double (r) - 1);
  dkg_params_zero_grad (net->params);
  dx = dkg_net_backward (net, R, TRUE);

  shape[0] = B, shape[1] = 3, shape[2] = H, shape[3] = W;
  dkg_safetensors_add_f32 (st, "input", 4, shape, x);
  dkg_safetensors_add_f32 (st, "dinput", 4, shape, dx);
  shape[1] = oc, shape[2] = oh, shape[3] = ow;
  dkg_safetensors_add_f32 (st, "out", 4, shape, y);
  dkg_safetensors_add_f32 (st, "R", 4, shape, R);
  add_all (st, net->params, "grad.", net->params->grad);
  add_all (st, net->buffers, "buffer.", net->buffers->memory);
  dkg_safetensors_set_metadata (st, "arch", argv[1]);
  dkg_safetensors_set_metadata (st, "n_blocks", "2");
  dkg_safetensors_set_metadata (st, "training", "1");
  if (!dkg_safetensors_save (st, argv[5], &error))
    {
      fprintf (stderr, "parity-dump: %s\n", error->message);
      return 1;
    }
  dkg_free_floats (x);
  dkg_free_floats (R);
  return 0;
}
