/* bench-layers.c — per-layer timings of the nn kernels (forward and backward), one thread
 *
 * Not built by meson. Build by hand against a build directory's static library:
 *   cc -O2 -std=gnu11 -Isrc/core -Ibuild-nn bench/bench-layers.c \
 *      build-nn/src/core/libdeepkeygen.a -lgsl -lm -o /tmp/bench-layers \
 *      $(pkg-config --cflags --libs glib-2.0 gio-2.0 openblas json-glib-1.0 cairo libpng libgcrypt)
 *   /tmp/bench-layers [--filter SUBSTRING] [--reps N] [--wall] [--path auto|gemm|direct]
 *                     [--threads T]   (T > 1 measures wall-clock time)   [--net] (only dkg_net)
 * (--path forces im2col + GEMM, or the direct kernels wherever they apply, for every product.)
 * Prints one line per layer: name, forward ms and GFLOP/s, the input gradient alone, the weight
 * gradient alone, the whole backward pass (both) and its GFLOP/s; then sums for the ResNet
 * generator at 256×256 (docs/SPECIFICATION.md §3.1), counting its backward with both gradients, and
 * the whole generator run through models/dkg-net.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dkg-blas.h"
#include "dkg-rand.h"
#include "dkg-tensor.h"
#include "dkg-net.h"
#include "dkg-activation.h"
#include "dkg-conv-private.h"
#include "dkg-conv-transpose2d.h"
#include "dkg-conv2d.h"
#include "dkg-instance-norm.h"

typedef struct
{
  const char *name;
  gboolean    transpose;
  gboolean    resnet;        /* part of the ResNet generator at 256² */
  int         repeat;        /* how many times it occurs in the network */
  int         C, H, W, OC, K, S, P, OP;
} Layer;

static const Layer layers[] = {
  { "resnet c7s1-16   3→16  k7 s1 p3 256²", FALSE, TRUE, 1, 3, 256, 256, 16, 7, 1, 3, 0 },
  { "resnet d32      16→32  k3 s2 p1 256²", FALSE, TRUE, 1, 16, 256, 256, 32, 3, 2, 1, 0 },
  { "resnet d64      32→64  k3 s2 p1 128²", FALSE, TRUE, 1, 32, 128, 128, 64, 3, 2, 1, 0 },
  { "resnet R64      64→64  k3 s1 p1  64²", FALSE, TRUE, 6, 64, 64, 64, 64, 3, 1, 1, 0 },
  { "resnet u32 T    64→32  k3 s2 p1 op1 64²", TRUE, TRUE, 1, 64, 64, 64, 32, 3, 2, 1, 1 },
  { "resnet u16 T    32→16  k3 s2 p1 op1 128²", TRUE, TRUE, 1, 32, 128, 128, 16, 3, 2, 1, 1 },
  { "resnet c7s1-3   16→3   k7 s1 p3 256²", FALSE, TRUE, 1, 16, 256, 256, 3, 7, 1, 3, 0 },
  { "patchgan         3→16  k4 s2 p1 256²", FALSE, FALSE, 1, 3, 256, 256, 16, 4, 2, 1, 0 },
  { "patchgan        16→32  k4 s2 p1 128²", FALSE, FALSE, 1, 16, 128, 128, 32, 4, 2, 1, 0 },
  { "patchgan        32→64  k4 s2 p1  64²", FALSE, FALSE, 1, 32, 64, 64, 64, 4, 2, 1, 0 },
  { "patchgan        64→128 k4 s1 p1  32²", FALSE, FALSE, 1, 64, 32, 32, 128, 4, 1, 1, 0 },
  { "patchgan       128→1   k4 s1 p1  31²", FALSE, FALSE, 1, 128, 31, 31, 1, 4, 1, 1, 0 },
  { "encdec           3→64  k4 s2 p1 256²", FALSE, FALSE, 1, 3, 256, 256, 64, 4, 2, 1, 0 },
  { "encdec          64→128 k4 s2 p1 128²", FALSE, FALSE, 1, 64, 128, 128, 128, 4, 2, 1, 0 },
  { "encdec         128→256 k4 s2 p1  64²", FALSE, FALSE, 1, 128, 64, 64, 256, 4, 2, 1, 0 },
  { "encdec         256→512 k4 s2 p1  32²", FALSE, FALSE, 1, 256, 32, 32, 512, 4, 2, 1, 0 },
  { "encdec T       512→256 k4 s2 p1  16²", TRUE, FALSE, 1, 512, 16, 16, 256, 4, 2, 1, 0 },
  { "encdec T       256→128 k4 s2 p1  32²", TRUE, FALSE, 1, 256, 32, 32, 128, 4, 2, 1, 0 },
  { "encdec T       128→64  k4 s2 p1  64²", TRUE, FALSE, 1, 128, 64, 64, 64, 4, 2, 1, 0 },
  { "encdec T        64→3   k4 s2 p1 128²", TRUE, FALSE, 1, 64, 128, 128, 3, 4, 2, 1, 0 },
  { "critic           3→64  k4 s2 p1 256²", FALSE, FALSE, 1, 3, 256, 256, 64, 4, 2, 1, 0 },
  { "critic          64→128 k4 s2 p1 128²", FALSE, FALSE, 1, 64, 128, 128, 128, 4, 2, 1, 0 },
  { "critic         128→1   k4 s1 p0  64²", FALSE, FALSE, 1, 128, 64, 64, 1, 4, 1, 0, 0 },
};

static gboolean use_wall = FALSE;

/* Thread CPU time by default: on a shared machine it leaves out the time the thread waited
 * for a core (--wall measures wall-clock time instead). */
static double
now (void)
{
  struct timespec ts;

  if (use_wall)
    return (double) g_get_monotonic_time () * 1e-6;
  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double) ts.tv_sec + (double) ts.tv_nsec * 1e-9;
}

/* Best of reps (after one warm-up) in seconds: forward, input gradient alone, weight gradient
 * alone, and the whole backward pass (both). */
static void
time_layer (const Layer *l, int reps, double *fwd, double *dinp_t, double *dw_t, double *bwd,
            double *flops)
{
  int OH, OW;
  gsize n_in, n_out, n_w, n_scratch;
  float *inp, *out, *w, *dinp, *dout, *dw, *scratch;
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (1);
  DkgConv2dShape cs = { 1, l->C, l->H, l->W, l->OC, l->K, l->S, l->P };
  DkgConvTranspose2dShape ts = { 1, l->C, l->H, l->W, l->OC, l->K, l->S, l->P, l->OP };

  if (l->transpose)
    {
      OH = dkg_conv_transpose2d_out_h (&ts);
      OW = dkg_conv_transpose2d_out_w (&ts);
      n_scratch = dkg_conv_transpose2d_scratch_floats (&ts);
      *flops = 2.0 * l->C * l->OC * l->K * l->K * (double) l->H * l->W;
    }
  else
    {
      OH = dkg_conv2d_out_h (&cs);
      OW = dkg_conv2d_out_w (&cs);
      n_scratch = dkg_conv2d_scratch_floats (&cs);
      *flops = 2.0 * l->C * l->OC * l->K * l->K * (double) OH * OW;
    }
  n_in = (gsize) l->C * l->H * l->W;
  n_out = (gsize) l->OC * OH * OW;
  n_w = (gsize) l->C * l->OC * l->K * l->K;
  inp = dkg_alloc_floats (n_in);
  dinp = dkg_alloc_floats (n_in);
  out = dkg_alloc_floats (n_out);
  dout = dkg_alloc_floats (n_out);
  w = dkg_alloc_floats (n_w);
  dw = dkg_alloc_floats (n_w);
  scratch = dkg_alloc_floats (MAX (n_scratch, 1));
  /* cheap deterministic fill in [−1, 1) */
  for (gsize i = 0; i < n_in; i++)
    inp[i] = (float) ((i * 2654435761u) % 2000) / 1000.0f - 1.0f;
  for (gsize i = 0; i < n_out; i++)
    dout[i] = (float) ((i * 2246822519u) % 2000) / 1000.0f - 1.0f;
  for (gsize i = 0; i < n_w; i++)
    w[i] = dkg_rand_normal (r, 0, 0.02f);

  *fwd = *bwd = *dinp_t = *dw_t = 1e30;
  for (int k = 0; k <= reps; k++)
    {
      double t[5];

      t[0] = now ();
      if (l->transpose)
        dkg_conv_transpose2d_forward (out, inp, w, NULL, scratch, &ts);
      else
        dkg_conv2d_forward (out, inp, w, NULL, scratch, &cs);
      t[1] = now ();
      if (l->transpose)
        dkg_conv_transpose2d_backward (dinp, NULL, NULL, dout, inp, w, scratch, &ts);
      else
        dkg_conv2d_backward (dinp, NULL, NULL, dout, inp, w, scratch, &cs);
      t[2] = now ();
      if (l->transpose)
        dkg_conv_transpose2d_backward (NULL, dw, NULL, dout, inp, w, scratch, &ts);
      else
        dkg_conv2d_backward (NULL, dw, NULL, dout, inp, w, scratch, &cs);
      t[3] = now ();
      if (l->transpose)
        dkg_conv_transpose2d_backward (dinp, dw, NULL, dout, inp, w, scratch, &ts);
      else
        dkg_conv2d_backward (dinp, dw, NULL, dout, inp, w, scratch, &cs);
      t[4] = now ();
      if (k > 0)
        {
          *fwd = MIN (*fwd, t[1] - t[0]);
          *dinp_t = MIN (*dinp_t, t[2] - t[1]);
          *dw_t = MIN (*dw_t, t[3] - t[2]);
          *bwd = MIN (*bwd, t[4] - t[3]);
        }
    }
  dkg_free_floats (inp);
  dkg_free_floats (dinp);
  dkg_free_floats (out);
  dkg_free_floats (dout);
  dkg_free_floats (w);
  dkg_free_floats (dw);
  dkg_free_floats (scratch);
}

/* InstanceNorm + ReLU forward and backward over one activation of the ResNet, best of reps. */
static void
time_norm (int C, int HW, int reps, double *fwd, double *bwd)
{
  float *x = dkg_alloc_floats ((gsize) C * HW), *y = dkg_alloc_floats ((gsize) C * HW);
  float *d = dkg_alloc_floats ((gsize) C * HW), *dx = dkg_alloc_floats ((gsize) C * HW);
  float mean[64], rstd[64];
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (2);

  for (gsize i = 0; i < (gsize) C * HW; i++)
    {
      x[i] = (float) dkg_rand_double (r);
      d[i] = (float) dkg_rand_double (r);
    }
  *fwd = *bwd = 1e30;
  for (int k = 0; k <= reps; k++)
    {
      double t0 = now (), t1, t2;

      dkg_instance_norm_forward (y, mean, rstd, x, 1, C, HW);
      dkg_relu_forward (y, y, (gsize) C * HW);
      t1 = now ();
      memset (dx, 0, sizeof (float) * C * HW);
      dkg_relu_backward (dx, d, y, (gsize) C * HW);
      dkg_instance_norm_backward (dx, d, y, rstd, 1, C, HW);
      t2 = now ();
      if (k > 0)
        {
          *fwd = MIN (*fwd, t1 - t0);
          *bwd = MIN (*bwd, t2 - t1);
        }
    }
  dkg_free_floats (x);
  dkg_free_floats (y);
  dkg_free_floats (d);
  dkg_free_floats (dx);
}

/* The whole ResNet generator (models/dkg-net.c, 6 blocks) at 256², batch 1: inference forward,
 * and training forward + backward (parameter gradients, no input gradient), best of reps. */
static void
time_net (int reps)
{
  g_autoptr(DkgNet) net = dkg_net_new (DKG_ARCH_RESNET, 6);
  g_autoptr(DkgRand) r = dkg_rand_new_seeded (3);
  float *x = dkg_alloc_floats (3 * 256 * 256), *dy = dkg_alloc_floats (3 * 256 * 256);
  double best_f = 1e30, best_fb = 1e30;
  int oc, oh, ow;

  dkg_net_init_weights (net, r);
  for (int i = 0; i < 3 * 256 * 256; i++)
    {
      x[i] = (float) ((i * 2654435761u) % 2000) / 1000.0f - 1.0f;
      dy[i] = (float) ((i * 2246822519u) % 2000) / 1000.0f - 1.0f;
    }
  for (int k = 0; k <= reps; k++)
    {
      double t0 = now (), t1, t2;

      g_assert (dkg_net_forward (net, x, 1, 256, 256, FALSE, &oc, &oh, &ow, NULL) != NULL);
      t1 = now ();
      g_assert (dkg_net_forward (net, x, 1, 256, 256, TRUE, &oc, &oh, &ow, NULL) != NULL);
      dkg_params_zero_grad (net->params);
      dkg_net_backward (net, dy, FALSE);
      t2 = now ();
      if (k > 0)
        {
          best_f = MIN (best_f, t1 - t0);
          best_fb = MIN (best_fb, t2 - t1);
        }
    }
  printf ("%-42s %8.2f %7.1f\n", "dkg_net resnet-6 forward (inference)", best_f * 1e3,
          dkg_net_forward_flops (net, 1, 256, 256) / best_f * 1e-9);
  printf ("%-42s %8.2f\n", "dkg_net resnet-6 forward+backward (train)", best_fb * 1e3);
  dkg_free_floats (x);
  dkg_free_floats (dy);
}

int
main (int argc, char **argv)
{
  const char *filter = NULL;
  int reps = 5, threads = 1;
  gboolean net_only = FALSE;
  double tot_f = 0, tot_b = 0, tot_flops = 0, nf, nb;

  dkg_blas_init (argv);
  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--filter") == 0 && i + 1 < argc)
        filter = argv[++i];
      else if (strcmp (argv[i], "--reps") == 0 && i + 1 < argc)
        reps = atoi (argv[++i]);
      else if (strcmp (argv[i], "--wall") == 0)
        use_wall = TRUE;
      else if (strcmp (argv[i], "--net") == 0)
        net_only = TRUE;
      else if (strcmp (argv[i], "--threads") == 0 && i + 1 < argc)
        threads = atoi (argv[++i]);
      else if (strcmp (argv[i], "--path") == 0 && i + 1 < argc)
        {
          i++;
          _dkg_conv_set_path (strcmp (argv[i], "gemm") == 0     ? DKG_CONV_PATH_GEMM
                              : strcmp (argv[i], "direct") == 0 ? DKG_CONV_PATH_DIRECT
                                                                : DKG_CONV_PATH_AUTO);
        }
    }
  dkg_blas_set_threads (threads);
  if (threads > 1)
    use_wall = TRUE;  /* thread CPU time would count the calling thread only */
  printf ("OpenBLAS core %s, %d thread(s), best of %d, %s time\n", dkg_blas_get_corename (),
          dkg_blas_get_threads (), reps, use_wall ? "wall-clock" : "thread CPU");
  printf ("%-42s %8s %7s %8s %8s %8s %7s\n", "layer", "fwd ms", "GFLOP/s", "dinp ms",
          "dw ms", "bwd ms", "GFLOP/s");
  if (net_only)
    {
      time_net (reps);
      return 0;
    }
  for (guint i = 0; i < G_N_ELEMENTS (layers); i++)
    {
      const Layer *l = &layers[i];
      double f, di, dw, b, flops;

      if (filter != NULL && strstr (l->name, filter) == NULL)
        continue;
      time_layer (l, reps, &f, &di, &dw, &b, &flops);
      printf ("%-42s %8.2f %7.1f %8.2f %8.2f %8.2f %7.1f\n", l->name, f * 1e3, flops / f * 1e-9,
              di * 1e3, dw * 1e3, b * 1e3, 2 * flops / b * 1e-9);
      if (l->resnet)
        {
          tot_f += l->repeat * f;
          tot_b += l->repeat * b;
          tot_flops += l->repeat * flops;
        }
    }
  if (filter == NULL)
    {
      /* InstanceNorm + ReLU after each ResNet conv except the last (tanh): 16@256², 32@128²,
       * 64@64² ×8, 32@128², 16@256². */
      const int in_c[] = { 16, 32, 64, 64, 64, 64, 64, 64, 64, 64, 32, 16 };
      const int in_hw[] = { 65536, 16384, 4096, 4096, 4096, 4096, 4096, 4096, 4096, 4096,
                            16384, 65536 };
      double norm_f = 0, norm_b = 0;

      for (guint i = 0; i < G_N_ELEMENTS (in_c); i++)
        {
          time_norm (in_c[i], in_hw[i], reps, &nf, &nb);
          norm_f += nf;
          norm_b += nb;
        }
      printf ("%-42s %8.2f %7s %8s %8s %8.2f\n", "resnet InstanceNorm+ReLU (12×)", norm_f * 1e3,
              "", "", "", norm_b * 1e3);
      printf ("%-42s %8.2f %7.1f %8s %8s %8.2f %7.1f\n", "resnet convs total (3.03 GFLOP)",
              tot_f * 1e3, tot_flops / tot_f * 1e-9, "", "", tot_b * 1e3,
              2 * tot_flops / tot_b * 1e-9);
      printf ("%-42s %8.2f %7s %8s %8s %8.2f\n", "resnet convs + norms", (tot_f + norm_f) * 1e3,
              "", "", "", (tot_b + norm_b) * 1e3);
      time_net (reps);
    }
  return 0;
}
